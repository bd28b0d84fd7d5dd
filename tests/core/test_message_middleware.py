"""Django's messages with the storage made on first use (reelfake/middleware.py)."""

from django.contrib import messages
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.utils.functional import empty

from reelfake.middleware import MessageMiddleware


def _through_middleware(rf, view):
    request = rf.get("/admin/")
    request.session = SessionStore()  # as SessionMiddleware, earlier in the stack, sets it
    return MessageMiddleware(lambda req: view(req))(request)


def test_a_message_added_during_a_request_is_stored_in_its_cookie(rf):
    def view(request):
        messages.success(request, "Saved.")
        return HttpResponse()

    response = _through_middleware(rf, view)
    assert "messages" in response.cookies


def test_a_request_that_never_touches_messages_makes_no_storage(rf):
    seen = {}

    def view(request):
        seen["storage"] = request._messages
        return HttpResponse()

    response = _through_middleware(rf, view)
    assert seen["storage"]._wrapped is empty  # never made
    assert "messages" not in response.cookies
