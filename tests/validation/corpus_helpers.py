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


def case_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.name != "README.json")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def as_aws_saw_it(definition: Any) -> Any:
    """A recorded definition with its recording placeholders replaced by real values
    (raw-text definitions are passed on byte for byte, as AWS received them)."""
    return substitute(definition) if isinstance(definition, (dict, list)) else definition


def strictly_equal(left: Any, right: Any) -> bool:
    """JSON equality that tells ``1`` from ``1.0`` and ``True`` and keeps key order out."""
    return json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True)
