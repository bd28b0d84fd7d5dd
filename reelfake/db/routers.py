"""Optional read replica (DATABASE_REPLICA_URL): read-only API requests read from it.

A request is read-only when its method is safe (GET, HEAD, OPTIONS) and its view does not
ask for the primary (`reads_from_primary = True`, e.g. a stream that must see a job written
a moment ago). Everything else — writes, and reads inside writing requests, so a client
always reads its own writes — goes to the primary."""

from contextvars import ContextVar

from reelfake.db.worlds import MAIN_WORLD, current_world

REPLICA = "replica"
_read_only_request: ContextVar[bool] = ContextVar("reelfake_read_only_request", default=False)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        # A sandbox lives on the primary only (its search path is set there).
        if current_world() is not MAIN_WORLD:
            return "default"
        return REPLICA if _read_only_request.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReadOnlyRequestMiddleware:
    """Marks safe requests as read-only for ReadReplicaRouter while their view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_only_request.set(False)
        try:
            return self.get_response(request)
        finally:
            _read_only_request.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
        wants_primary = getattr(view_class, "reads_from_primary", False)
        _read_only_request.set(request.method in SAFE_METHODS and not wants_primary)
