"""What several benchmark scripts measure the same way: a median of timed runs, a process'
peak memory, and one measurement run in a fresh interpreter.

Imported by the scripts as ``_common`` (their folder is ``sys.path[0]`` when they run).
"""
from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``action``: one slow run (a collection,
    another process' burst) does not move it."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb() -> float:
    """This process' peak resident set size (``ru_maxrss``, the peers' harness measure)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def workload_files(bench_dir: Path, only: str = "") -> list[Path]:
    """The workloads ``b*.json`` of the peers' bench folder, sorted; ``only``: comma-separated
    name prefixes (``b1,b3``) to keep."""
    prefixes = [o for o in only.split(",") if o]
    files = sorted(bench_dir.glob("b*.json"))
    return [f for f in files if not prefixes or any(f.name.startswith(o) for o in prefixes)]


class ChildFailed(RuntimeError):
    """A child run exited non-zero or printed no JSON; the message is its stderr."""


def run_child(script: str, *args: str, cwd: Path | None = None) -> dict[str, Any]:
    """``script --child ARGS`` in a fresh interpreter, so that its peak memory is its own;
    what it measured is the last line of its output that is a JSON object."""
    finished = subprocess.run([sys.executable, script, "--child", *args],
                              capture_output=True, text=True, cwd=cwd, check=False)
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if finished.returncode != 0 or not lines:
        raise ChildFailed(finished.stderr.strip() or "no output")
    return json.loads(lines[-1])  # type: ignore[no-any-return]
