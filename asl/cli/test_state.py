"""``asl test-state FILE --state NAME --input JSON [--mock JSON] [--inspection-level LEVEL]
[--variables JSON] [--context JSON] [--role-arn ARN]``: AWS's TestState, locally.

FILE holds a whole state machine (``--state`` picks the state, default its StartAt) or a
single state. The answer is printed as JSON in AWS's response shape. Exit status: 0 when
the state SUCCEEDED, 1 for FAILED, RETRIABLE or CAUGHT_ERROR, 2 when the request is
refused (AWS's error code and message are printed) or cannot be read.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from asl.cli.common import UsageError, parse_args, parse_json, print_json, read_text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asl test-state", description="Evaluate one state as AWS's TestState API does.")
    parser.add_argument("file", help="a state machine or single-state definition (JSON)")
    parser.add_argument("--state", help="the state to test inside a state machine definition")
    parser.add_argument("--input", default="{}", help="the state input as JSON text (default {})")
    parser.add_argument("--mock", help='the mock as JSON: {"result": "..."} or {"errorOutput": {...}}')
    parser.add_argument("--inspection-level", default="INFO", choices=("INFO", "DEBUG", "TRACE"))
    parser.add_argument("--variables", help="workflow variables in scope, as a JSON object")
    parser.add_argument("--context", help="the context object, as JSON")
    parser.add_argument("--role-arn", help="the execution role (AWS requires one to test an unmocked Task)")
    parser.add_argument("--state-configuration", help="stateConfiguration as JSON (retrierRetryCount...)")
    return parser


def main(argv: Sequence[str]) -> int:
    args = parse_args(_parser(), argv)
    if isinstance(args, int):
        return args
    from asl.testing.teststate import TestStateError, test_state

    definition = read_text(args.file)
    mock = None if args.mock is None else parse_json(args.mock, "--mock")
    config = None if args.state_configuration is None else parse_json(args.state_configuration, "--state-configuration")
    try:
        response = test_state(
            definition, args.input, state_name=args.state, mock=mock, variables=args.variables,
            context=args.context, inspection_level=args.inspection_level, role_arn=args.role_arn,
            state_configuration=config,
        )
    except TestStateError as refused:
        print_json({"error": refused.code, "message": refused.message}, sys.stderr)
        return 2
    except (ValueError, LookupError) as exc:  # LookupError: an unmocked Task that no callable answers
        raise UsageError(str(exc)) from None
    print_json(response)
    return 0 if response["status"] == "SUCCEEDED" else 1
