"""1,000,000 CSV rows through a Distributed Map: ItemReader, ItemBatcher, ResultWriter.

    .venv/bin/python examples/distributed/csv_million.py [--rows 1000000] [--mode local|dask|both] [--workers 2]

The CSV is generated at run time into a temporary folder that stands in for S3
(``LocalBuckets``: bucket ``orders`` holds ``orders.csv``, results go to bucket
``results``). The Map reads the rows as they are needed, batches them by 1,000 with a
``BatchInput``, runs one child execution per batch (a Task scoring the batch) and
streams the children's records to ``SUCCEEDED_0.json`` and a ``manifest.json``.
``--mode local`` runs the children in this process, ``--mode dask`` on a ``LocalCluster``
of ``--workers`` processes, ``both`` runs the two and checks they wrote the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # so "handlers:score_batch" imports here and on Dask workers

import asl  # noqa: E402
from asl.distributed import InProcessExecutor, LocalBuckets  # noqa: E402

TASKS = {"score": "handlers:score_batch"}
COUNTRIES = ("DE", "FR", "IT", "NL", "PL", "SE", "US")

DEFINITION: dict[str, Any] = {
    "Comment": "Score a large CSV of orders in batches of 1,000",
    "StartAt": "ScoreOrders",
    "States": {
        "ScoreOrders": {
            "Type": "Map",
            "Label": "ScoreOrders",
            "ItemReader": {
                "Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                "Parameters": {"Bucket.$": "$.bucket", "Key.$": "$.key"},
            },
            "ItemBatcher": {"MaxItemsPerBatch": 1000, "BatchInput": {"threshold.$": "$.threshold"}},
            "MaxConcurrency": 100,
            "ToleratedFailurePercentage": 1,
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "Score",
                "States": {"Score": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:score",
                                     "End": True}},
            },
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                             "Parameters": {"Bucket": "results", "Prefix": "scores"}},
            "End": True,
        }
    },
}


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    """``rows`` orders (id, customer, amount, country), the same for a given seed."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("id,customer,amount,country\n")
        for start in range(0, rows, 10_000):
            out.write("".join(
                f"{i},c{rng.randrange(50_000)},{rng.randrange(1, 100_000) / 100:.2f},{rng.choice(COUNTRIES)}\n"
                for i in range(start, min(rows, start + 10_000))
            ))


def prepare(root: Path, rows: int) -> LocalBuckets:
    write_csv(root / "orders" / "orders.csv", rows)
    (root / "results").mkdir(parents=True, exist_ok=True)
    return LocalBuckets(root)


def run(executor: Any) -> tuple[Any, float]:
    """One execution with ``executor``; the result and its wall seconds."""
    machine = asl.parse(DEFINITION)
    started = time.perf_counter()
    result = machine.run({"bucket": "orders", "key": "orders.csv", "threshold": 900}, map_executor=executor)
    return result, time.perf_counter() - started


def results_digest(root: Path) -> str:
    """One hash over every result file's key and bytes: equal digests, identical output."""
    digest = hashlib.sha256()
    for path in sorted((root / "results").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            with open(path, "rb") as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
    return digest.hexdigest()


def run_mode(mode: str, rows: int, workers: int, root: Path) -> dict[str, Any]:
    buckets = prepare(root, rows)
    if mode == "local":
        result, seconds = run(InProcessExecutor(buckets, tasks=TASKS, keep_children=2))
    else:
        from asl.distributed import DaskExecutor

        with DaskExecutor.local(n_workers=workers, threads_per_worker=1, objects=buckets, tasks=TASKS,
                                keep_children=2) as executor:
            result, seconds = run(executor)
    (outcome,) = result.map_runs.values()
    return {
        "mode": mode, "rows": rows, "status": result.status, "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds), "children": outcome.execution_counts.total,
        "manifest": result.output["ResultWriterDetails"]["Key"] if result.succeeded else None,
        "digest": results_digest(root),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--mode", choices=("local", "dask", "both"), default="both")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    modes = ("local", "dask") if args.mode == "both" else (args.mode,)
    reports = []
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix=f"asl-{mode}-") as folder:
            reports.append(run_mode(mode, args.rows, args.workers, Path(folder)))
        print(json.dumps(reports[-1]))
    if len(reports) == 2 and reports[0]["digest"] != reports[1]["digest"]:
        print("the two runs wrote different results", file=sys.stderr)
        return 1
    return 0 if all(r["status"] == "SUCCEEDED" for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
