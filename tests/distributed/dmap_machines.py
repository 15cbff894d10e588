"""Distributed Map definitions the tests share, and a look at the files a run wrote."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

PASS_PROCESSOR = {"StartAt": "Keep", "States": {"Keep": {"Type": "Pass", "End": True}}}
TASK_PROCESSOR = {
    "StartAt": "Work",
    "States": {"Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": True}},
}


def distributed_map(processor: Optional[dict[str, Any]] = None, execution_type: str = "STANDARD",
                    **fields: Any) -> dict[str, Any]:
    """A machine whose only state is a Distributed Map named ``M`` with ``fields``."""
    body = dict(processor or PASS_PROCESSOR)
    body["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": execution_type}
    state = {"Type": "Map", "ItemProcessor": body, "End": True, **fields}
    return {"StartAt": "M", "States": {"M": state}}


def csv_reader(key: str = "rows.csv", bucket: str = "in", **config: Any) -> dict[str, Any]:
    return {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", **config},
        "Parameters": {"Bucket": bucket, "Key": key},
    }


def writer(bucket: str = "out", prefix: str = "results", **config: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": bucket, "Prefix": prefix}}
    if config:
        out["WriterConfig"] = config
    return out


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, by its relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
