"""Helpers shared by the conformance tests: where the AWS-recorded cases are (read from
outside the repo, never copied) and how our engine would return a recorded history."""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from conformance.compare import TEXT_FIELDS

REPO = Path(__file__).resolve().parents[2]


def recorded_path() -> Path:
    return Path(os.environ.get("ASL_CONFORMANCE_DIR") or REPO / "../shared/conformance/aws-recorded")


def _as_text(value: Any) -> Any:
    """The recording keeps some JSON text parsed; the engine always returns text."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def engine_shaped(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A recorded history as our engine would return it for the same run: JSON text
    fields as text, datetime timestamps, and normalised Parallel sections renumbered with
    the closing event the recording dropped put back."""
    out: list[dict[str, Any]] = []
    for event in history:
        if isinstance(event["id"], int) and out and event["id"] > len(out) + 1:
            for _ in range(event["id"] - len(out) - 1):
                out.append({"id": len(out) + 1, "previousEventId": len(out), "type": "ParallelStateSucceeded"})
        shaped: dict[str, Any] = {"id": len(out) + 1, "previousEventId": event["previousEventId"],
                                  "timestamp": datetime(2025, 1, 1, tzinfo=timezone.utc), "type": event["type"]}
        for key, details in event.items():
            if key.endswith("EventDetails"):
                shaped[key] = {m: _as_text(v) if m in TEXT_FIELDS and v is not None else v
                               for m, v in details.items()}
        out.append(shaped)
    return out
