"""gunicorn settings, read from the environment (see README "Configuration")."""

import json
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
wsgi_app = "reelfake.wsgi:application"
# gthread: SSE streams and `delay` hold a thread, not a whole worker process. This subclass
# spreads connections evenly over the workers (docs/deployment.md "How connections spread
# over the workers"); the pre_fork and child_exit hooks below keep its table of counts.
worker_class = "reelfake.gunicorn_worker.SpreadingThreadWorker"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Each open upload stream (SSE) and each `delay` holds one thread; 16 keep short requests
# flowing beside them. Every thread may hold a database connection.
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 10
keepalive = 5
# The app logs one JSON line per request (reelfake.request); gunicorn's own access log is
# off unless ACCESS_LOG=1.
accesslog = "-" if os.environ.get("ACCESS_LOG", "0") == "1" else None
errorlog = "-"
# As long as nginx's 8 kB header buffers (deploy/nginx/reelfake.conf.template): a request line
# nginx passes on is one gunicorn accepts (docs/deployment.md "What the configuration sets").
limit_request_line = 8190


def _json_error_bodies() -> None:
    """gunicorn's own answers (a request line or headers it cannot parse, limits passed) carry
    the API's error body instead of an HTML page. gunicorn has no setting or hook for these:
    its workers call `gunicorn.util.write_error`, which is replaced here, in the master before
    the workers fork (docs/deployment.md "gunicorn's own errors").
    tests/core/test_gunicorn_errors.py catches a gunicorn upgrade that changes this function."""
    from gunicorn import util

    def write_error(sock, status_int, reason, mesg):
        body = json.dumps({"status": "error", "message": mesg or reason}).encode()
        head = (
            f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        util.write_nonblock(sock, head.encode("latin1") + body)

    util.write_error = write_error


_json_error_bodies()


def _bound_malloc() -> None:
    """glibc malloc, set in the master before it forks the workers: at most MALLOC_ARENA_MAX
    arenas (default 2) instead of up to 8 per core, one per busy thread, and blocks of
    128 kB or more always mmapped. Otherwise each gthread thread's arena keeps the memory of
    the largest responses it built (a state's addresses are 0.5 MB of JSON) and a worker's
    RSS ratchets up with every new coincidence of large responses."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to tune
        return
    m_mmap_threshold, m_arena_max = -3, -8
    mallopt(m_arena_max, int(os.environ.get("MALLOC_ARENA_MAX", "2")))
    mallopt(m_mmap_threshold, 128 * 1024)


_bound_malloc()


def pre_fork(server, worker):
    # In the master, before the fork: the worker's slot in the table of connection counts.
    from reelfake.gunicorn_worker import claim_slot

    claim_slot(worker)


def child_exit(server, worker):
    # In the master: an exited worker's slot is free, its connections no longer count.
    from reelfake.gunicorn_worker import release_slot

    release_slot(worker)


def post_fork(server, worker):
    # Threads of a busy worker take turns on the GIL every GIL_SWITCH_INTERVAL_MS; shorter
    # turns keep a quick request from waiting behind a long one.
    import sys

    sys.setswitchinterval(float(os.environ.get("GIL_SWITCH_INTERVAL_MS", "1")) / 1000)


def post_worker_init(worker):
    # The app is loaded: move its objects (modules, URL patterns, serializers: about 100,000)
    # out of the garbage collector's reach. A full collection otherwise walks them all,
    # about 35 ms holding the GIL, every few seconds under load: a pause for every request
    # in flight in that worker.
    import gc

    gc.collect()
    gc.freeze()
    if os.environ.get("REELFAKE_MEMORY_WATCH"):
        _memory_watch()


def _memory_watch() -> None:
    """Diagnostics, off unless REELFAKE_MEMORY_WATCH names a folder: a thread that records
    what the worker's memory is made of (bench/memory_watch.py; docs/performance.md "Worker
    memory over a soak")."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench", "memory_watch.py")
    spec = importlib.util.spec_from_file_location("reelfake_memory_watch", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.start()
