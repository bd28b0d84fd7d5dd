"""Wall time of `manage.py seed --reset` at a scale, over several runs.

Each run is a fresh `manage.py` process, so the times include Django start-up, building the
Faker pools and the final ANALYZE: what `make seed` costs. It reseeds the database that
manage.py points at (DATABASE_URL, or the embedded server in REELFAKE_PGDATA).

    python bench/seed_bench.py --scale small --runs 3
    python bench/seed_bench.py --scale large --runs 1

Targets on a 2-core machine: small under 20 s, large under 3 minutes. The command's CPU time
is printed too: on a shared machine the wall time mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def seed_once(scale: str, seed: int) -> tuple[float, float]:
    """Wall time and the command's own CPU time (the database server's is not included)."""
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "seed",
        "--reset",
        f"--scale={scale}",
        f"--seed={seed}",
    ]
    cpu = _children_cpu()
    started = time.perf_counter()
    # Output is captured, not shown: the progress bars would only add noise here.
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"seed failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return elapsed, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small", choices=("tiny", "small", "large"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    times = []
    for run in range(1, args.runs + 1):
        elapsed, cpu = seed_once(args.scale, args.seed)
        times.append(elapsed)
        print(
            f"run {run}/{args.runs}: seed --reset --scale {args.scale}: {elapsed:.1f} s "
            f"(command CPU {cpu:.1f} s)"
        )
    print(f"median of {len(times)}: {statistics.median(times):.1f} s")


if __name__ == "__main__":
    main()
