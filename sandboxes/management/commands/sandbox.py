from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sandboxes import selectors, services
from sandboxes.models import Sandbox


class Command(BaseCommand):
    help = (
        "Manage sandboxes (docs/sandboxes.md). create: a new sandbox, its key printed once; "
        "list: live sandboxes; reset ID / delete ID: as the routes do; purge: retire expired "
        "sandboxes and drop retired schemas (the server also does it by itself); warm: build "
        "the template when missing or outdated and, with sandboxes on, fill the warm pool (run "
        "it after `migrate` and `seed` when deploying)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["create", "list", "reset", "delete", "purge", "warm"]
        )
        parser.add_argument("id", nargs="?", type=int, help="sandbox id (reset, delete)")
        parser.add_argument(
            "--now",
            action="store_true",
            help="purge: drop retired schemas without waiting SANDBOX_DROP_GRACE_SECONDS.",
        )

    def handle(self, *args, action, id, now, **options):
        if action in ("reset", "delete"):
            if id is None:
                raise CommandError(f"{action} needs a sandbox id (see `sandbox list`)")
            if not Sandbox.objects.filter(id=id, key_hash__isnull=False).exists():
                raise CommandError(f"no live sandbox {id}")
        if action == "create":
            sandbox, key = services.sandbox_create(address="manage.py")
            self.stdout.write(f"id {sandbox.id}  key {key}  expires {sandbox.expires_at:%c}")
            self.stdout.write(f"base URL: <origin>/sandbox/{key}/api")
        elif action == "list":
            current = timezone.now()
            for sandbox in selectors.live_sandboxes():
                idle = current - sandbox.last_used_at
                self.stdout.write(
                    f"{sandbox.id:>6}  {sandbox.schema_name}  created {sandbox.created_at:%c}  "
                    f"idle {int(idle.total_seconds()) // 60} min  from {sandbox.creator_address}"
                )
        elif action == "reset":
            services.sandbox_reset(sandbox_id=id)
            self.stdout.write(f"sandbox {id} reset")
        elif action == "delete":
            services.sandbox_delete(sandbox_id=id)
            self.stdout.write(f"sandbox {id} deleted")
        elif action == "purge":
            done = services.sandbox_purge(grace_seconds=0 if now else None)
            self.stdout.write(f"{done['expired']} expired, {done['dropped']} schemas dropped")
        elif action == "warm":
            services.ensure_template()
            if not settings.REELFAKE_SANDBOXES:
                self.stdout.write("template ready (sandboxes off: no pool)")
                return
            added = services.pool_fill()
            self.stdout.write(f"template ready; {added} schemas added to the pool")
