"""Reading the AWS corpora (never copied into the repository) for the validation tests."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from conformance.placeholders import substitute

REPO = Path(__file__).resolve().parent.parent.parent
# as the other corpus tests: ASL_CONFORMANCE_DIR names the aws-recorded folder
RECORDED = Path(os.environ.get("ASL_CONFORMANCE_DIR") or REPO / "../shared/conformance/aws-recorded").resolve()
VALIDATION = RECORDED.parent / "aws-validation"


def require(folder: Path) -> None:
    """Skip the calling test module, with the reason shown, when a corpus is absent."""
    if not folder.is_dir():
        pytest.skip(f"AWS corpus not found at {folder} (set ASL_CONFORMANCE_DIR)", allow_module_level=True)


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
