"""Reading the AWS corpora (never copied into the repository) for the validation tests."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from conformance.placeholders import substitute

SHARED = Path(os.environ.get("ASL_SHARED_DIR", "/work/shared")) / "conformance"
RECORDED = SHARED / "aws-recorded"
VALIDATION = SHARED / "aws-validation"

# Two recording placeholders do not have the ``<name>`` form ``substitute`` replaces: the
# activity ARN of the activity tests was stored as the bare word ``activity_arn`` and, in
# 3 cases, a Lambda ARN as a ``<dynamic:...>`` expression with dots and brackets. AWS saw
# a real activity ARN and a real Lambda ARN there; so do we.
RECORDING_STAND_INS = {
    '"activity_arn"': '"arn:aws:states:us-east-1:111111111111:activity:activity-arn"',
    "<dynamic:fixture.create_lambda_function()['CreateFunctionResponse']['FunctionArn']>":
        "arn:aws:lambda:us-east-1:111111111111:function:dynamic-lambda",
}


def case_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.name != "README.json")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def as_aws_saw_it(definition: Any) -> Any:
    """A recorded definition with its recording placeholders replaced by real values."""
    if not isinstance(definition, (dict, list)):
        return definition
    text = json.dumps(definition)
    for placeholder, value in RECORDING_STAND_INS.items():
        text = text.replace(placeholder, value)
    return substitute(json.loads(text))


def strictly_equal(left: Any, right: Any) -> bool:
    """JSON equality that tells ``1`` from ``1.0`` and ``True`` and keeps key order out."""
    return json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True)
