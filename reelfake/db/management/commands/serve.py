"""`manage.py serve`: gunicorn in the foreground, then a clean stop of the embedded database."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from reelfake.db import embedded


class Command(BaseCommand):
    help = (
        "Serve the API with gunicorn (gthread workers) on $PORT (default 8000). When the "
        "embedded PostgreSQL is in use, it is stopped when the server stops. Run after "
        "`migrate` and `seed --if-empty`; `make run` does all three."
    )

    def handle(self, *args, **options):
        env = dict(os.environ)
        db = settings.DATABASES["default"]
        if settings.EMBEDDED_DATABASE:
            # Workers reuse the running server instead of each probing for it.
            env["DATABASE_URL"] = embedded.ensure_running()
            embedded.hold()
        port = env.setdefault("PORT", "8000")
        self.stdout.write(
            f"Reelfake API on http://localhost:{port}/api (docs: /api/docs), "
            f"database {db['NAME']}{' (embedded)' if settings.EMBEDDED_DATABASE else ''}. "
            "Ctrl-C stops it."
        )
        command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
        process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
        # Forward termination to gunicorn and wait for its graceful shutdown.
        signal.signal(signal.SIGTERM, lambda *_: process.terminate())
        try:
            code = process.wait()
        except KeyboardInterrupt:
            code = process.wait()
        finally:
            if settings.EMBEDDED_DATABASE:
                embedded.release()
                if embedded.stop():
                    self.stdout.write("Embedded PostgreSQL stopped.")
                elif embedded.holders():
                    self.stdout.write("Embedded PostgreSQL left running: another server uses it.")
        if code not in (0, -signal.SIGINT, -signal.SIGTERM):
            sys.exit(code)
