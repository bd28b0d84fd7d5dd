from django.apps import AppConfig


class SandboxesConfig(AppConfig):
    name = "sandboxes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from sandboxes.middleware import remember_session_world

        user_logged_in.connect(remember_session_world, dispatch_uid="sandbox-session-world")
