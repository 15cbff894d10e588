"""Benchmark workloads b1..b5 of ``../shared/peers/bench`` on our engine, in-process.

Usage: python benchmarks/workloads.py [--runs N] [--only b1,b3] [--bench-dir DIR] [--json]

Each workload runs in a child process of its own (so one workload's memory does not
colour the next), through the public API exactly as ``peers/run_asl.py`` calls it:
``asl.parse(definition)`` once, then ``machine.run(input, mocks=...)`` N times. Reported:

* execution seconds: median of the N runs, parsing excluded (and, apart, the first run,
  which pays for lazy imports and compiling: what the peers' harness measures);
* transitions/s: ``*StateEntered`` events of one run / median seconds;
* peak RSS (MB): the child process' maximum resident set size (``ru_maxrss``), the same
  measure the peers' harness reports;
* peak heap (MB): tracemalloc's peak over one extra run, i.e. Python allocations of a
  single execution (measured apart from the timed runs: tracemalloc slows them down).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any, Sequence

from _common import ChildFailed, peak_rss_mb, run_child, workload_files

REPO = Path(__file__).resolve().parents[1]
BENCH_DIR = Path(os.environ.get("ASL_BENCH_DIR") or REPO / "../shared/peers/bench")


def mocks_for(case: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Per-state answer lists from ``task_results``, as ``run_asl.py`` builds them."""
    queues: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for result in case.get("task_results") or []:
        if "result" in result:
            queues[result["state"]].append({"Return": result["result"]})
        elif "error" in result:
            queues[result["state"]].append({"Throw": {"Error": result.get("error"), "Cause": result.get("cause")}})
    return dict(queues)


def _transitions(history: Sequence[dict[str, Any]]) -> int:
    return sum(1 for e in history if e["type"].endswith("StateEntered"))


def measure(case: dict[str, Any], runs: int) -> dict[str, Any]:
    """Time ``runs`` executions of one workload in this process; then one traced run."""
    import asl

    machine = asl.parse(case["definition"])
    seconds: list[float] = []
    status = error = transitions = None
    for _ in range(runs):
        mocks = mocks_for(case)  # fresh answers each run, built outside the timing
        start = time.perf_counter()
        result = machine.run(case.get("input"), mocks=mocks or None)
        seconds.append(time.perf_counter() - start)
        status, error, transitions = result.status, result.error, _transitions(result.history)
        del result  # the next run must not pay for keeping this one's history alive
    tracemalloc.start()
    machine.run(case.get("input"), mocks=mocks_for(case) or None)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(seconds)
    return {
        "status": status,
        "error": error,
        "median_seconds": median,
        "first_run_seconds": seconds[0],
        "runs": seconds,
        "transitions": transitions,
        "expected_transitions": case.get("expected_transitions"),
        "transitions_per_sec": transitions / median if median and transitions else None,
        "peak_heap_mb": peak / 2**20,
        "max_rss_mb": peak_rss_mb(),
    }


def run_in_child(path: Path, runs: int) -> dict[str, Any]:
    """``measure`` in a fresh interpreter, so peak RSS belongs to this workload alone."""
    try:
        return run_child(__file__, str(path), "--runs", str(runs), cwd=REPO)
    except ChildFailed as exc:
        return {"status": "HARNESS_ERROR", "error": str(exc).splitlines()[-1]}


def table(results: dict[str, dict[str, Any]], runs: int) -> list[str]:
    lines = [
        f"| workload | exec s (median of {runs}) | first run s | transitions | transitions/s "
        "| peak RSS MB (process) | peak heap MB (tracemalloc, 1 run) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if r.get("status") != "SUCCEEDED":
            lines.append(f"| {name} | {r.get('status')}: {str(r.get('error'))[:80]} | | | | | |")
            continue
        flag = "" if r["transitions"] == r.get("expected_transitions") else f" (expected {r.get('expected_transitions')})"
        lines.append(
            f"| {name} | {r['median_seconds']:.4f} | {r['first_run_seconds']:.4f} | {r['transitions']}{flag} "
            f"| {r['transitions_per_sec']:,.0f} "
            f"| {r['max_rss_mb']:.1f} | {r['peak_heap_mb']:.1f} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated workload prefixes, e.g. b1,b3")
    ap.add_argument("--bench-dir", type=Path, default=BENCH_DIR)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(json.loads(args.child.read_text()), args.runs)))
        return 0
    files = workload_files(args.bench_dir, args.only)
    if not files:
        print(f"no workloads (b*.json) in {args.bench_dir}", file=sys.stderr)
        return 2
    results = {f.stem: run_in_child(f, args.runs) for f in files}
    print(json.dumps(results, indent=1) if args.json else "\n".join(table(results, args.runs)))
    return 0 if all(r.get("status") == "SUCCEEDED" for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
