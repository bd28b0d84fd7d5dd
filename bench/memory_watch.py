"""What a gunicorn worker's memory is made of, over time: to find what grows in a soak
(docs/performance.md "Worker memory over a soak").

gunicorn.conf.py starts this in every worker when REELFAKE_MEMORY_WATCH names a folder; off,
nothing of it is imported. Every REELFAKE_MEMORY_WATCH_EVERY seconds (default 15) a daemon
thread appends one JSON line to <folder>/memory-<pid>.jsonl:

- rss, and the process's resident pages by kind from /proc/self/smaps: the main heap
  ([heap]), other anonymous memory (thread arenas, mmapped blocks, pymalloc arenas, thread
  stacks), file-backed pages;
- glibc malloc (mallinfo2, summed over all arenas): bytes taken from the system
  (`arena`), mmapped blocks (`hblkhd`), in use (`uordblks`), free inside the arenas
  (`fordblks`), and the number of arenas (malloc_info);
- pymalloc (sys._debugmallocstats): arenas allocated now, bytes in used blocks, bytes free
  inside its arenas;
- the number of threads;
- the garbage collector's runs per generation since the previous sample and the objects
  they freed (cyclic garbage, which reference counting alone never frees: it stays until a
  collection of the generation it reached), and the milliseconds the full collections took.

(Not the garbage collector's objects by type: gc.get_objects() from another thread can take
a reference to a tuple still being built, and CPython 3.11's tuple() then fails with
"SystemError: bad argument to internal function" in the request that built it.)

With REELFAKE_MEMORY_WATCH_TRACE=<frames> tracemalloc traces every allocation made after
the app is loaded (slow: a diagnostic, never a measurement of speed) and each sample also
writes the tracebacks whose traced memory grew most since the sample taken
REELFAKE_MEMORY_WATCH_BASELINE seconds after the worker started (default 45: after a soak's
warm-up), and the same by file, to <folder>/trace-<pid>.txt.

    REELFAKE_MEMORY_WATCH=/tmp/mw bench/soak --duration 300 --warmup 30
    .venv/bin/python bench/memory_watch.py /tmp/mw     # one table per worker
"""

import ctypes
import ctypes.util
import gc
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

_SIZE_T_FIELDS = (
    "arena",
    "ordblks",
    "smblks",
    "hblks",
    "hblkhd",
    "usmblks",
    "fsmblks",
    "uordblks",
    "fordblks",
    "keepcost",
)


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in _SIZE_T_FIELDS]


def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def malloc_stats(libc) -> dict:
    """glibc's own account of its memory, in KiB, and its number of arenas."""
    if libc is None or not hasattr(libc, "mallinfo2"):
        return {}
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    out = {
        f"malloc_{k}": getattr(info, k) // 1024 for k in ("arena", "hblkhd", "uordblks", "fordblks")
    }
    out["malloc_mmapped_blocks"] = info.hblks
    with tempfile.NamedTemporaryFile("r") as tmp:
        libc.fopen.restype = ctypes.c_void_p
        libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
        libc.fclose.argtypes = [ctypes.c_void_p]
        stream = libc.fopen(tmp.name.encode(), b"w")
        if stream:
            libc.malloc_info(0, stream)
            libc.fclose(stream)
            out["malloc_arenas"] = len(re.findall(r"<heap nr=", tmp.read()))
    return out


def pymalloc_stats() -> dict:
    """pymalloc's arenas, from sys._debugmallocstats (which writes to the C stderr)."""
    with tempfile.TemporaryFile("w+") as tmp:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(tmp.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read()

    def number(label: str) -> int:
        found = re.search(rf"^# {re.escape(label)}\s*=\s*([\d,]+)", text, re.M)
        return int(found.group(1).replace(",", "")) if found else -1

    arenas, used = number("arenas allocated current"), number("bytes in allocated blocks")
    if arenas < 0:  # tracemalloc's hooks hide pymalloc from _debugmallocstats
        return {}
    return {
        "pymalloc_arenas": arenas,
        "pymalloc_arenas_highwater": number("arenas highwater mark"),
        "pymalloc_used_kib": used // 1024,
        # Arenas are 1 MiB (CPython 3.10+ on 64-bit): what they hold beyond the used blocks.
        "pymalloc_free_kib": arenas * 1024 - used // 1024,
    }


def smaps_stats() -> dict:
    """Resident KiB by kind of mapping."""
    out = Counter()
    kind = "anon"
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split(None, 5)
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            name = head[5] if len(head) > 5 else ""
            kind = (
                "heap"
                if name == "[heap]"
                else "stack"
                if name.startswith("[stack")
                else ("file" if name.startswith("/") else "anon")
            )
        elif line.startswith("Rss:"):
            out[f"rss_{kind}"] += int(head[1])
    status = Path("/proc/self/status").read_text()
    out["rss"] = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
    out["threads"] = int(re.search(r"^Threads:\s+(\d+)", status, re.M).group(1))
    return dict(out)


def watch(folder: Path, every: float, trace_frames: int, baseline_s: float) -> None:
    pid = os.getpid()
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"memory-{pid}.jsonl"
    libc = _libc()
    if trace_frames:
        import tracemalloc

        tracemalloc.start(trace_frames)
    baseline, started = None, time.monotonic()
    collections = Counter()

    began = [0.0]

    def count_collections(phase: str, info: dict) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
            return
        generation = info["generation"]
        collections[f"gc{generation}_runs"] += 1
        collections[f"gc{generation}_freed"] += info["collected"]
        collections[f"gc{generation}_ms"] += round((time.perf_counter() - began[0]) * 1000, 1)

    gc.callbacks.append(count_collections)
    while True:
        time.sleep(every)
        row = {"t": round(time.monotonic() - started, 1), **smaps_stats(), **malloc_stats(libc)}
        row.update(collections)
        collections.clear()
        row.update(pymalloc_stats())
        if trace_frames:
            import tracemalloc

            row["traced_kib"] = tracemalloc.get_traced_memory()[0] // 1024
            if row["t"] >= baseline_s:
                snapshot = tracemalloc.take_snapshot()
                if baseline is None:
                    baseline = snapshot
                else:
                    _write_trace(folder / f"trace-{pid}.txt", row, snapshot, baseline)
        with out.open("a") as lines:
            lines.write(json.dumps(row) + "\n")


def _write_trace(path: Path, row: dict, snapshot, baseline) -> None:
    with path.open("a") as text:
        text.write(f"\n=== t={row['t']} s, traced {row['traced_kib']} KiB, rss {row['rss']}\n")
        for stat in snapshot.compare_to(baseline, "filename")[:20]:
            text.write(
                f"{stat.size_diff / 1024:+10.1f} KiB {stat.count_diff:+7d}  {stat.traceback}\n"
            )
        text.write("--- by traceback\n")
        for stat in snapshot.compare_to(baseline, "traceback")[:25]:
            text.write(f"{stat.size_diff / 1024:+10.1f} KiB {stat.count_diff:+7d}\n")
            for frame in stat.traceback.format():
                text.write(f"      {frame}\n")


def start() -> None:
    """Called by gunicorn.conf.py in a worker when REELFAKE_MEMORY_WATCH is set."""
    folder = Path(os.environ["REELFAKE_MEMORY_WATCH"])
    every = float(os.environ.get("REELFAKE_MEMORY_WATCH_EVERY", "15"))
    frames = int(os.environ.get("REELFAKE_MEMORY_WATCH_TRACE", "0"))
    baseline_s = float(os.environ.get("REELFAKE_MEMORY_WATCH_BASELINE", "45"))
    threading.Thread(
        target=watch, args=(folder, every, frames, baseline_s), daemon=True, name="memwatch"
    ).start()


COLUMNS = (
    ("t", "t"),
    ("rss", "rss"),
    ("rss_heap", "heap"),
    ("rss_anon", "anon"),
    ("rss_file", "file"),
    ("threads", "thr"),
    ("malloc_arenas", "arenas"),
    ("malloc_arena", "m.arena"),
    ("malloc_uordblks", "m.used"),
    ("malloc_fordblks", "m.free"),
    ("malloc_hblkhd", "m.mmap"),
    ("pymalloc_arenas", "py.arenas"),
    ("pymalloc_used_kib", "py.used"),
    ("pymalloc_free_kib", "py.free"),
    ("gc0_runs", "gc0"),
    ("gc1_runs", "gc1"),
    ("gc2_runs", "gc2"),
    ("gc0_freed", "freed0"),
    ("gc1_freed", "freed1"),
    ("gc2_freed", "freed2"),
    ("gc2_ms", "gc2 ms"),
    ("traced_kib", "traced"),
)


def report(folder: Path) -> None:
    for path in sorted(folder.glob("memory-*.jsonl")):
        rows = [json.loads(line) for line in path.read_text().splitlines() if line]
        print(f"{path.name} (KiB)")
        print(" ".join(f"{label:>9}" for _, label in COLUMNS))
        for row in rows:
            print(" ".join(f"{row.get(key, ''):>9}" for key, _ in COLUMNS))
        print()


if __name__ == "__main__":
    report(Path(sys.argv[1]))
