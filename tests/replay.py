"""What the kept-answers tests compare (reelfake/kept_answers.py, sandboxes/kept_answers.py):
an answer on the wire, whether the replay gave it, and the whole stack's answer to the same
request. A replayed answer is a plain HttpResponse; the stack's is DRF's Response."""

from django.http import HttpResponse


def wire(response) -> tuple:
    """Status, every header but the request id (new on every request), cookies and body."""
    headers = [(name, value) for name, value in response.items() if name != "X-Request-ID"]
    return response.status_code, headers, dict(response.cookies), response.content


def replayed(response) -> bool:
    return type(response) is HttpResponse


def whole_stack(settings, call):
    """`call()`'s answer with the replay off."""
    settings.REELFAKE_KEPT_ANSWERS = False
    response = call()
    settings.REELFAKE_KEPT_ANSWERS = True
    return response
