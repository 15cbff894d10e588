"""Our engine against peer engines on the same workloads, in the same run.

Usage: python benchmarks/peers.py [--peers als,moto] [--runs 3] [--only b1,b3] [--timeout 300] [--json]

Every engine runs through the runners of ``../shared/peers`` (``run_asl`` for ours, with
``ASL_PY`` set to this interpreter unless already set; ``run_als``, ``run_moto``...), one
process per run, measured by the peers' own harness (``bench/run_bench.py``'s
``run_once``): execution seconds reported by the runner (parsing, imports and process
start excluded) and the process' peak RSS. Install the peers first, once:
``bash ../shared/peers/setup.sh`` (under /tmp/peers; takes minutes).

The table gives, per workload, the median execution seconds and peak RSS of each engine
and the ratios ours/peer; the target is ours/als <= 0.2 in time (5x faster) and <= 1 in
memory on every workload.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Sequence

from _common import workload_files

REPO = Path(__file__).resolve().parents[1]
PEERS_DIR = Path(os.environ.get("ASL_PEERS_DIR") or REPO / "../shared/peers")
OURS = "asl"
TIME_TARGET = 0.2  # ours/als execution seconds: at least 5x faster
RSS_TARGET = 1.0  # ours/als peak RSS: no higher


def peers_harness(peers_dir: Path) -> ModuleType:
    """The peers' ``run_bench`` module (not ours to copy: imported from where it lives)."""
    spec = importlib.util.spec_from_file_location("peers_run_bench", peers_dir / "bench" / "run_bench.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(peers_dir / "bench" / "run_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if r.get("status") == "SUCCEEDED" and isinstance(r.get("seconds"), (int, float))]
    if not ok:
        first = runs[0] if runs else {}
        return {"status": first.get("status", "NO_RUN"), "error": first.get("error"), "cause": first.get("cause"),
                "runs": runs}
    return {
        "status": "SUCCEEDED",
        "median_seconds": statistics.median(r["seconds"] for r in ok),
        "max_rss_mb": max(r["maxrss_mb"] for r in ok),
        "transitions": ok[0].get("transitions"),
        "runs": runs,
    }


def measure(harness: ModuleType, engine: str, case: Path, runs: int, timeout: float) -> dict[str, Any]:
    """``runs`` runs of one engine on one workload; a run that fails or takes over a
    minute ends the series (as the peers' harness does)."""
    done: list[dict[str, Any]] = []
    for _ in range(runs):
        r = harness.run_once(engine, str(case), timeout)
        done.append(r)
        if r.get("status") != "SUCCEEDED" or r.get("wall", 0) > 60:
            break
    return summarise(done)


def _cell(r: dict[str, Any]) -> str:
    if r.get("status") != "SUCCEEDED":
        return f"{r.get('status')}: {str(r.get('error') or '')[:40]}"
    return f"{r['median_seconds']:.4f} s, {r['max_rss_mb']:.0f} MB"


def _ratio(ours: dict[str, Any], peer: dict[str, Any], key: str) -> float | None:
    if ours.get("status") != "SUCCEEDED" or peer.get("status") != "SUCCEEDED" or not peer.get(key):
        return None
    return ours[key] / peer[key]


def table(results: dict[str, dict[str, dict[str, Any]]], peers: Sequence[str]) -> list[str]:
    head = ["workload", OURS, *peers]
    for p in peers:
        head += [f"time {OURS}/{p}", f"RSS {OURS}/{p}"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for workload, by_engine in results.items():
        row = [workload, _cell(by_engine[OURS]), *(_cell(by_engine[p]) for p in peers)]
        for p in peers:
            for key, target in (("median_seconds", TIME_TARGET), ("max_rss_mb", RSS_TARGET)):
                ratio = _ratio(by_engine[OURS], by_engine[p], key)
                mark = "" if p != "als" or ratio is None else (" ok" if ratio <= target else " MISSED")
                row.append("n/a" if ratio is None else f"{ratio:.3f}{mark}")
        lines.append("| " + " | ".join(row) + " |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peers", default="als", help="comma-separated peer runners (als, moto, pyaslengine, lwe)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated workload prefixes, e.g. b1,b3")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--peers-dir", type=Path, default=PEERS_DIR)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    os.environ.setdefault("ASL_PY", sys.executable)
    harness = peers_harness(args.peers_dir)
    peers = [p for p in args.peers.split(",") if p and p != OURS]
    cases = workload_files(args.peers_dir / "bench", args.only)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for case in cases:
        results[case.stem] = {e: measure(harness, e, case, args.runs, args.timeout) for e in [OURS, *peers]}
        print(f"measured {case.stem}", file=sys.stderr, flush=True)
    print(json.dumps(results, indent=1) if args.json else "\n".join(table(results, peers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
