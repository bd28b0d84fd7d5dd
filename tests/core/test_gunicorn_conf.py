"""gunicorn.conf.py hooks, run in a fresh interpreter as a worker would run them."""

import subprocess
import sys

from django.conf import settings


def run_in_worker_like_process(code: str) -> str:
    script = "import runpy, sys\nconf = runpy.run_path('gunicorn.conf.py')\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_worker_init_freezes_the_loaded_objects_out_of_the_collectors_reach():
    frozen = run_in_worker_like_process(
        "import gc\nconf['post_worker_init'](None)\nprint(gc.get_freeze_count())"
    )
    assert int(frozen) > 1000


def test_post_fork_sets_the_gil_switch_interval_from_the_environment():
    interval = run_in_worker_like_process(
        "conf['post_fork'](None, None)\nprint(sys.getswitchinterval())"
    )
    assert float(interval) == 0.001


# Six threads alive at once, each having called malloc, then the number of arenas glibc made
# (malloc_info writes one <heap> element per arena). glibc alone gives each of them an arena
# of its own (up to 8 per core).
COUNT_ARENAS_AFTER_SIX_THREADS = """
import ctypes, tempfile, threading
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.fopen.restype = ctypes.c_void_p
libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fclose.argtypes = [ctypes.c_void_p]
all_allocated = threading.Barrier(7)
def allocate():
    libc.malloc(64)
    all_allocated.wait()
threads = [threading.Thread(target=allocate) for _ in range(6)]
for thread in threads:
    thread.start()
all_allocated.wait()
with tempfile.NamedTemporaryFile("r") as out:
    stream = libc.fopen(out.name.encode(), b"w")
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    print(out.read().count("<heap nr="))
for thread in threads:
    thread.join()
"""


def test_worker_threads_share_at_most_two_malloc_arenas():
    arenas = run_in_worker_like_process(COUNT_ARENAS_AFTER_SIX_THREADS)
    assert int(arenas) == 2


def test_worker_init_starts_no_memory_watch_unless_asked():
    threads = run_in_worker_like_process(
        "import os, threading\nos.environ.pop('REELFAKE_MEMORY_WATCH', None)\n"
        "conf['post_worker_init'](None)\nprint(sorted(t.name for t in threading.enumerate()))"
    )
    assert threads == "['MainThread']"
