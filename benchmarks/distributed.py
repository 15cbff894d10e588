"""Distributed Map at scale: 1,000,000 CSV rows, batches of 1,000, a ResultWriter.

    .venv/bin/python benchmarks/distributed.py [--rows 1000000] [--workers 2] [--runs 1] [--json]

Runs ``examples/distributed/csv_million.py``'s workflow in-process and on a Dask
``LocalCluster`` of ``--workers`` worker processes (one thread each), each run in a
child process of its own so its peak memory is its own. Reported per mode: wall seconds
of the execution (CSV generation excluded), rows/s, the peak RSS of the process that ran
the execution (``ru_maxrss``) and, for Dask, the largest worker's peak; then whether the
two runs wrote byte-identical ResultWriter files (a SHA-256 over every key and byte).
Exit status 1 if a run failed, the results differ, or the in-process peak reaches 300 MB.

Latest figures (2026-11-29, 2 vCPU shared with other work, Python 3.11.7, dask 2026.8.0):

| mode | rows | seconds | rows/s | peak RSS MB (driver) | peak RSS MB (largest worker) |
|---|---|---|---|---|---|
| in-process | 1,000,000 | 5.6 | 179,000 | 32 | - |
| Dask LocalCluster, 2 workers | 1,000,000 | 15.3 | 65,000 | 67 | 55 |

Identical ResultWriter output: yes. On one 2-core machine Dask is slower than one
process: the driver still reads, batches and writes every row, and each batch of 1,000
rows travels to a worker and back; it pays off when the children's tasks do real work
(I/O, computation) on more cores than one machine has.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

# This file's folder is sys.path[0] when it runs as a script, and its name would hide
# dask's ``distributed`` package from everything imported after it: the folder goes last,
# behind site-packages (still there for ``_common``, in Dask's workers too).
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]

from _common import ChildFailed, peak_rss_mb, run_child  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "distributed"
MEMORY_LIMIT_MB = 300


def child(mode: str, rows: int, workers: int) -> dict[str, Any]:
    """One run in this process: the example's workflow, timed, with peak memories."""
    sys.path.insert(0, str(EXAMPLE))
    import csv_million as example

    from asl.distributed import InProcessExecutor

    with tempfile.TemporaryDirectory(prefix=f"asl-bench-{mode}-") as folder:
        root = Path(folder)
        buckets = example.prepare(root, rows)
        worker_peak = None
        if mode == "local":
            result, seconds = example.run(InProcessExecutor(buckets, tasks=example.TASKS, keep_children=2))
        else:
            from asl.distributed import DaskExecutor

            with DaskExecutor.local(n_workers=workers, threads_per_worker=1, objects=buckets, tasks=example.TASKS,
                                    keep_children=2) as executor:
                result, seconds = example.run(executor)
                peaks = executor.client.run(peak_rss_mb)
                worker_peak = round(max(peaks.values()), 1)
        driver_peak = round(peak_rss_mb(), 1)
        return {"mode": mode, "rows": rows, "status": result.status, "seconds": round(seconds, 2),
                "rows_per_second": round(rows / seconds), "peak_rss_mb": driver_peak,
                "worker_peak_rss_mb": worker_peak, "digest": example.results_digest(root)}


def measure(mode: str, rows: int, workers: int) -> dict[str, Any]:
    try:
        return run_child(__file__, mode, "--rows", str(rows), "--workers", str(workers))
    except ChildFailed as exc:
        raise SystemExit(f"{mode} run failed:\n{str(exc)[-3000:]}") from None


def table(reports: list[dict[str, Any]]) -> str:
    out = ["| mode | rows | seconds | rows/s | peak RSS MB (driver) | peak RSS MB (largest worker) |",
           "|---|---|---|---|---|---|"]
    for r in reports:
        name = "in-process" if r["mode"] == "local" else "Dask LocalCluster"
        worker = "-" if r["worker_peak_rss_mb"] is None else r["worker_peak_rss_mb"]
        out.append(f"| {name} | {r['rows']:,} | {r['seconds']} | {r['rows_per_second']:,} | {r['peak_rss_mb']} | {worker} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=("local", "dask"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.rows, args.workers)))
        return 0
    reports = [measure(mode, args.rows, args.workers) for mode in ("local", "dask")]
    identical = reports[0]["digest"] == reports[1]["digest"]
    if args.json:
        print(json.dumps({"runs": reports, "identical_results": identical}, indent=2))
    else:
        print(table(reports))
        print(f"\nidentical ResultWriter output: {'yes' if identical else 'NO'}")
    local = reports[0]
    ok = identical and all(r["status"] == "SUCCEEDED" for r in reports) and local["peak_rss_mb"] < MEMORY_LIMIT_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
