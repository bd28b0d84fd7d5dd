from django.apps import AppConfig


class SandboxesConfig(AppConfig):
    name = "sandboxes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_started

        from sandboxes.middleware import remember_session_world
        from sandboxes.services import maintain_on_request

        user_logged_in.connect(remember_session_world, dispatch_uid="sandbox-session-world")
        # On every request, also those answered before the middleware stack (kept answers,
        # docs/performance.md "Kept answers"): the pool refill and purge need no cron.
        request_started.connect(maintain_on_request, dispatch_uid="sandbox-maintenance")
