"""Who is calling: the client address every per-client limit is keyed on (docs/security.md
"Client addresses").

Behind no proxy (TRUSTED_PROXY_COUNT=0, the default) the address is the socket's peer,
REMOTE_ADDR, and X-Forwarded-For is ignored: any client can write that header. Behind N
trusted proxies (nginx in the container setup is one), each proxy appended the address it
received the request from, so the N-th entry from the right of X-Forwarded-For is the client
the outermost proxy saw; entries left of it were written by the client and mean nothing. This
is Werkzeug's ProxyFix rule (`x_for=N`). django-ipware was tried and does not fit: it prefers
routable addresses over the position in the header, so with two proxies it named the inner
proxy instead of a client on a private network (tests/core/test_clients.py). A header with
fewer entries than proxies, or an entry that is not an IP address, gives the peer address."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < proxies or hops == [""]:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
