"""``python -m conformance run PATH... [--raw] [--json] [--filter TAG|-TAG ...] [--name S]
[--verbose] [--baseline FILE] [--suite NAME] [--strict]``.

Exit status: 0 when judged (or printed, with ``--raw``); 1 when ``--baseline`` finds a
count gone down, or ``--strict`` a case that does not pass; 2 on a usage or file error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from conformance.cases import case_files
from conformance.report import (
    Summary,
    as_json,
    baseline_check,
    details_line,
    final_line,
    raw_line,
    verdict_line,
)
from conformance.runner import PASS, Verdict, run_files


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m conformance", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run and judge conformance cases")
    run.add_argument("paths", nargs="+", metavar="PATH", help="a case file or a folder of them")
    run.add_argument("--raw", action="store_true", help="print our results as JSON lines, judge nothing")
    run.add_argument("--json", action="store_true", help="print the summary and verdicts as JSON")
    run.add_argument("--filter", action="append", default=[], metavar="TAG",
                     help="keep cases with feature TAG (-TAG: without it); repeatable")
    run.add_argument("--name", help="keep cases whose name contains this text")
    run.add_argument("--verbose", "-v", action="store_true", help="also print passing cases")
    run.add_argument("--baseline", type=Path, help="exit 1 when a count falls below this file's")
    run.add_argument("--suite", help="the baseline entry to check (default: the folder's name)")
    run.add_argument("--strict", action="store_true", help="exit 1 unless every case passes")
    return ap


def _load_baseline(path: Path, suite: str) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data.get(suite) if isinstance(data, dict) else None
    if not isinstance(entry, dict):
        raise ValueError(f"{path} has no entry {suite!r}")
    return entry


def _suite_name(paths: Sequence[str]) -> str:
    p = Path(paths[0]).resolve()
    return p.name if p.is_dir() else p.parent.name


def _glue_negative_filters(argv: Sequence[str]) -> list[str]:
    """``--filter -TAG`` as ``--filter=-TAG``: argparse would take ``-TAG`` for an option."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] == "--filter" and arg.startswith("-") and not arg.startswith("--"):
            out[-1] = f"--filter={arg}"
        else:
            out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(_glue_negative_filters(sys.argv[1:] if argv is None else argv))
    files = case_files(args.paths)
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"conformance: no such case file: {missing[0]}", file=sys.stderr)
        return 2
    baseline = None
    if args.baseline:
        try:
            baseline = _load_baseline(args.baseline, args.suite or _suite_name(args.paths))
        except (OSError, ValueError) as exc:
            print(f"conformance: {exc}", file=sys.stderr)
            return 2
    verdicts: list[Verdict] = []
    for verdict, run in run_files(files, args.filter, args.name):
        verdicts.append(verdict)
        if args.raw:
            print(raw_line(verdict.name, run), flush=True)
        elif not args.json and (args.verbose or verdict.verdict != PASS):
            print(verdict_line(verdict), flush=True)
    if args.raw:
        return 0
    return _finish(args, Summary.of(verdicts), verdicts, baseline)


def _finish(args: argparse.Namespace, summary: Summary, verdicts: list[Verdict], baseline: Any) -> int:
    ok, changes = baseline_check(summary, baseline) if baseline is not None else (True, [])
    if args.json:
        document = as_json(summary, verdicts)
        if baseline is not None:
            document["baseline"] = {"ok": ok, "changes": changes}
        print(json.dumps(document, indent=1))
    else:
        for line in changes:
            print(line)
        print(details_line(summary))
        print(final_line(summary))
    if not ok or (args.strict and summary.passed < summary.total):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
