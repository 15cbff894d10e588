"""How long validating a 1,000-state definition takes: ``asl.parse`` in process and the
``asl validate`` command as a user runs it (a fresh interpreter, imports included).

Usage: ``.venv/bin/python benchmarks/validate_1000.py [--states N] [--runs R]``.
Prints the median of R runs of each measurement. Not a test: timings vary by machine.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import median_seconds

ROOT = Path(__file__).resolve().parent.parent
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:step"


def _state(i: int, n: int) -> dict[str, Any]:
    """One state of a realistic mix: Pass with a template, Task with Retry/Catch, Choice, Wait."""
    last = i == n - 1
    flow: dict[str, Any] = {"End": True} if last else {"Next": f"S{i + 1}"}
    kind = i % 5
    if kind == 0:
        return {"Type": "Pass", "Parameters": {"i": i, "v.$": "$.value", "f.$": "States.Format('{}', $.value)"},
                "ResultPath": "$.r", **flow}
    if kind == 1:
        catch = [] if last else [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": f"S{n - 1}"}]
        return {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 2}],
                "Catch": catch, **flow}
    if kind == 2 and not last:
        return {"Type": "Choice", "Default": f"S{i + 1}",
                "Choices": [{"Variable": "$.value", "NumericGreaterThan": i, "Next": f"S{i + 1}"}]}
    if kind == 3:
        return {"Type": "Wait", "Seconds": 1, **flow}
    return {"Type": "Pass", "Assign": {"x.$": "$.value"}, "OutputPath": "$", **flow}


def definition(n: int) -> dict[str, Any]:
    return {"Comment": f"{n} states", "StartAt": "S0", "States": {f"S{i}": _state(i, n) for i in range(n)}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--states", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import asl

    text = json.dumps(definition(args.states))
    asl.parse(text)  # warm caches (schema, compiled paths) as a long-lived process would have
    parse_s = median_seconds(lambda: asl.parse(text), args.runs)
    machine = asl.parse(text)
    model_s = median_seconds(lambda: asl.machine.StateMachine(machine.raw).definition, args.runs)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        handle.write(text)
    command = [sys.executable, "-m", "asl", "validate", handle.name]
    cli_s = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT), args.runs)
    empty = [sys.executable, "-c", "pass"]
    python_s = median_seconds(lambda: subprocess.run(empty, check=True), args.runs)
    Path(handle.name).unlink()
    print(f"states: {args.states}, definition: {len(text):,} bytes, runs: {args.runs} (medians)")
    print(f"asl.parse (validate, warm process):   {parse_s * 1000:8.1f} ms")
    print(f"typed model (machine.definition):     {model_s * 1000:8.1f} ms")
    print(f"asl validate FILE (whole process):    {cli_s * 1000:8.1f} ms")
    print(f"  of which a bare python start:       {python_s * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
