"""Reading the AWS-recorded TestState cases and replaying one through ``test_state``.

The request's placeholders stand for the real values AWS saw (``substitute``); the
role ARN, always the bare mask ``snf_role_arn``, becomes a real-looking role ARN.
A Task that the recording really invoked (no mock) is answered with the raw result the
recording shows in ``inspectionData.result``, the way the execution conformance runner
answers tasks from recorded task results.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from conformance.compare import json_difference
from conformance.placeholders import substitute

REPO = Path(__file__).resolve().parents[2]
ROLE_ARN = "arn:aws:iam::111111111111:role/snf-role"
SCHEMA_ERROR = "Mock result schema validation error"


def cases_dir() -> Path:
    return Path(os.environ.get("ASL_TESTSTATE_DIR", REPO.parent / "shared" / "conformance" / "aws-teststate"))


def load_cases() -> list[dict[str, Any]]:
    folder = cases_dir()
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def needs_service_models(case: dict[str, Any]) -> bool:
    """Whether judging the case needs botocore's API shapes (STRICT/PRESENT validation)."""
    expected = case["expected"]
    if str(expected.get("message", "")).startswith(SCHEMA_ERROR):
        return True
    mock = case["request"].get("mock") or {}
    return "result" in mock and mock.get("fieldValidationMode") != "NONE" and '"Task"' in json.dumps(case["request"])


def replay(case: dict[str, Any]) -> dict[str, Any]:
    """Our answer to the recorded request, in the recording's shape."""
    from asl.testing import TestStateError, test_state

    request = substitute(case["request"])
    mock = request.get("mock")
    recorded_result = case["expected"].get("inspectionData", {}).get("result", _NONE)
    if mock is None and recorded_result is not _NONE and _is_task(request):
        mock = {"result": json.dumps(recorded_result), "fieldValidationMode": "NONE"}
    try:
        return test_state(
            request["definition"],
            request.get("input"),
            state_name=request.get("stateName"),
            mock=mock,
            variables=request.get("variables"),
            context=request.get("context"),
            inspection_level=request.get("inspectionLevel", "INFO"),
            role_arn=ROLE_ARN if "roleArn" in request else None,
            state_configuration=request.get("stateConfiguration"),
            reveal_secrets=request.get("revealSecrets", False),
        )
    except TestStateError as refused:
        return {"error_code": refused.code, "message": refused.message}


_NONE = object()


def _is_task(request: dict[str, Any]) -> bool:
    definition = request["definition"]
    if "stateName" in request:
        return '"Type": "Task"' in json.dumps(definition)
    return definition.get("Type") == "Task"


def difference(case: dict[str, Any]) -> Any:
    return json_difference(case["expected"], replay(case))
