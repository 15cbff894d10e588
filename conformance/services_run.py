"""Recorded service cases run against moto in-process, the backend answering every task.

``python -m conformance.services_run [PATH...] [--mocked] [--json] [--verbose]``

Runs each case of the AWS-recorded corpus tagged ``service:*`` (``service:aws-sdk``
included) with ``services=`` a moto-backed ``asl.services.Services`` and **without** the
recorded task results: moto answers each call. The world the test had built (queues,
tables, buckets, child state machines) is rebuilt first (``services_world``). A
``.waitForTaskToken`` task is answered as the test's worker did, and only once its
token reached the queue or topic: what the worker sent back is the recorded result.
Judged on the outcome (status, output or error and cause); the recording's masks of
HTTP header values (``"Date": "date"``...) are applied to our output first.

``--mocked`` judges the same cases on the ordinary conformance path (each task answered
from the recording), to show the integration layer leaves that path alone.
Last line: ``services: outcome P/T against moto`` (or ``mocked``).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from conformance.cases import Case, CaseError, case_files, load_case
from conformance.compare import outcome_difference
from conformance.masked_inputs import case_input
from conformance.mocks import answer_for, recorded_texts
from conformance.placeholders import map_strings, restore, substitute
from conformance.runner import SEED, START_TIME, _describe, _quiet

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "aws-recorded"
# header values the recording masked, and the mask it wrote in their place
_HEADER_MASKS = {"x-amzn-RequestId": "x-amzn-RequestId", "x-amzn-requestid": "x-amzn-requestid",
                 "Date": "date", "X-Amzn-Trace-Id": "X-Amzn-Trace-Id", "x-amz-crc32": "x-amz-crc32"}


@dataclass(frozen=True)
class ServiceVerdict:
    name: str
    ok: bool
    difference: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "difference": self.difference}


def is_service_case(case: Case) -> bool:
    return any(tag.startswith("service:") for tag in case.features)


def service_cases(paths: Iterable[str | Path]) -> list[Case]:
    cases = []
    for path in case_files(paths):
        try:
            case = load_case(path)
        except CaseError:
            continue
        if is_service_case(case):
            cases.append(case)
    return cases


def mask_like_recording(value: Any) -> Any:
    """Our output with the values the recording masked replaced by its masks."""
    if isinstance(value, list):
        return [mask_like_recording(v) for v in value]
    if not isinstance(value, dict):
        return value
    masked = {k: mask_like_recording(v) for k, v in value.items()}
    for key in ("AllHttpHeaders", "HttpHeaders"):
        headers = masked.get(key)
        if isinstance(headers, dict):
            masked[key] = {h: _HEADER_MASKS.get(h, v) for h, v in headers.items()}
    response = masked.get("SdkResponseMetadata")
    if isinstance(response, dict) and "RequestId" in response:
        masked["SdkResponseMetadata"] = dict(response, RequestId="RequestId")
    return masked


def _swap(value: Any, replacements: dict[str, str]) -> Any:
    return map_strings(value, lambda text: replacements.get(text, text))


def _unswap(value: Any, replacements: dict[str, str]) -> Any:
    pairs = sorted(((real, masked) for masked, real in replacements.items() if real != masked),
                   key=lambda pair: -len(pair[0]))

    def back(text: str) -> str:
        for real, masked in pairs:
            text = text.replace(real, masked)
        return text

    return map_strings(value, back)


# ---------------------------------------------------------------- the worker
def _messages(services: Any, queues: Sequence[str]) -> list[str]:
    bodies: list[str] = []
    sqs = services.client("sqs")
    for url in queues:
        answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        bodies.extend(m.get("Body", "") for m in answer.get("Messages", []))
    return bodies


def _callback_entries(case: Case) -> list[dict[str, Any]]:
    return [e for e in case.task_results if str(e.get("resource", "")).endswith(".waitForTaskToken")]


def _answer(execution: Any, token: str, entry: dict[str, Any], texts: Sequence[str]) -> bool:
    """Answer a token as the recorded worker did (the answer the mocked path would give);
    False when the worker never answered."""
    outcome = entry.get("outcome_event")
    if "result" not in entry and (outcome is None or str(outcome).endswith("TimedOut")):
        return False
    answer = answer_for(entry, texts)
    if "Return" in answer:
        execution.send_task_success(token, answer["Return"])
    else:
        execution.send_task_failure(token, answer["Throw"]["Error"], answer["Throw"]["Cause"])
    return True


def drive(execution: Any, case: Case, services: Any, queues: Sequence[str]) -> None:
    """Run to the end, answering each delivered token in recorded order."""
    execution.run_until_blocked()
    pending = _callback_entries(case)
    texts = recorded_texts([case.expected.output, case.expected.cause, case.expected.history])
    while execution.status == "RUNNING" and execution.pending_tokens and pending:
        token = execution.pending_tokens[0]
        delivered = any(token in body for body in _messages(services, queues))
        if not delivered or not _answer(execution, token, pending.pop(0), texts):
            break
    if execution.status == "RUNNING":
        execution.run_until_blocked(wait_for_callbacks=False)


# ---------------------------------------------------------------- running
def run_on_moto(case: Case) -> tuple[Any, dict[str, str]]:
    """Our result for the case with moto answering; (result, replacements made)."""
    import asl
    from moto import mock_aws

    from asl.services import PollPolicy, Services
    from conformance.services_world import CHILD_TIMEOUT_FUNCTION, build

    with mock_aws():
        services = Services(poll=PollPolicy(interval=0, max_polls=20),
                            tasks={CHILD_TIMEOUT_FUNCTION: lambda payload: {}})
        world = build(case, services.client)
        services.state_machines = world.machines
        definition = _swap(substitute(case.definition), world.replacements)
        value = _swap(case_input(case), world.replacements)
        machine = asl.parse(definition, machine_type="EXPRESS" if case.express else "STANDARD")
        execution = machine.start(value, services=services, seed=SEED, start_time=START_TIME)
        drive(execution, case, services, world.queues)
        return execution.result(), world.replacements


def judge_on_moto(case: Case) -> ServiceVerdict:
    try:
        with _quiet():
            result, replacements = run_on_moto(case)
        output, error, cause = _unswap([result.output, result.error, result.cause], replacements)
        output = mask_like_recording(output)
        output, error, cause = restore([output, error, cause])
        difference = outcome_difference(case.expected, result.status, output, error, cause)
    except Exception as exc:  # a crash is a verdict of its own
        return ServiceVerdict(case.name, False, "ERROR " + _describe(exc))
    return ServiceVerdict(case.name, difference is None, None if difference is None else str(difference))


def judge_mocked(case: Case) -> ServiceVerdict:
    from conformance.runner import execute, judge

    verdict = judge(case, execute(case))
    return ServiceVerdict(case.name, verdict.outcome, verdict.difference)


def run(paths: Sequence[str | Path], mocked: bool = False) -> list[ServiceVerdict]:
    judge_one = judge_mocked if mocked else judge_on_moto
    return [judge_one(case) for case in service_cases(paths)]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.services_run", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--mocked", action="store_true", help="answer tasks from the recording instead of moto")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list passing cases too")
    args = parser.parse_args(argv)
    verdicts = run(args.paths, mocked=args.mocked)
    passed = sum(v.ok for v in verdicts)
    where = "mocked" if args.mocked else "against moto"
    if args.json:
        print(json.dumps({"passed": passed, "total": len(verdicts), "verdicts": [v.to_dict() for v in verdicts]}))
    else:
        for v in verdicts:
            if args.verbose or not v.ok:
                print(("PASS " if v.ok else "FAIL ") + v.name + ("" if v.ok else f"\n    {v.difference}"))
    print(f"services: outcome {passed}/{len(verdicts)} {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
