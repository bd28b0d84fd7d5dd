"""The framework floor for bench/routes.py: a bare DRF APIView answering fixed bytes.

A WSGI application of its own, with minimal Django settings (no project middleware, no
database, no authentication): what Django and DRF cost per request under the project's
gunicorn settings. bench/routes.py serves it beside the API in the same run, so every
route's req/s can be read as a share of this floor, comparable across noisy machines.

    gunicorn -c gunicorn.conf.py --pythonpath bench floor_wsgi:application
"""

import django
from django.conf import settings

# The /api/genres body of the large seed: a reference list of the same size.
BODY = (
    b'{"items":['
    + b",".join(b'{"id":%d,"genreName":"Genre %02d"}' % (i, i) for i in range(1, 20))
    + b'],"length":19}'
)

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    MIDDLEWARE=[],
    DATABASES={},
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
        "UNAUTHENTICATED_USER": None,
    },
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.views import APIView  # noqa: E402


class FloorView(APIView):
    def get(self, request):
        return HttpResponse(BODY, content_type="application/json; charset=utf-8")


urlpatterns = [path("floor", FloorView.as_view())]
application = get_wsgi_application()
