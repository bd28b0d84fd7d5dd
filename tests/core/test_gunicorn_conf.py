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
