"""WSGI entry point for gunicorn: `gunicorn reelfake.wsgi`.

Django's WSGIHandler, with its requests marked as served by a handler that sets the script
prefix at the start of every request (Django's does): SandboxMiddleware then leaves a
sandbox's prefix in place when the request is over instead of putting the previous one back,
one write less to asgiref's Local per request addressed by its path (docs/sandboxes.md
"Routing overhead, third pass"). Django's test client sets no prefix of its own, and its
requests are plain WSGIRequests: there the middleware puts the prefix back."""

import os

import django
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reelfake.settings")


class ServedRequest(WSGIRequest):
    # The handler sets the script prefix before each request (sandboxes/middleware.py).
    script_prefix_per_request = True


class Handler(WSGIHandler):
    request_class = ServedRequest


# What django.core.wsgi.get_wsgi_application() does, with this handler.
django.setup(set_prefix=False)
application = Handler()
