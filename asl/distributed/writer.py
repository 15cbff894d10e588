"""ResultWriter: where the children's results go, and the Map state's output.

Without an export (no ResultWriter, or only ``WriterConfig``) the results become the
Map's output, an array in item order (``COMPACT`` by default: each child's output;
``FLATTEN``: array outputs spliced in). With ``Resource`` and ``Parameters``
(``Bucket``, ``Prefix``) they are written to ``<Prefix>/<Map Run id>/`` as AWS does:
``SUCCEEDED_n.json``, ``FAILED_n.json`` (failed, timed out and aborted children),
``PENDING_n.json`` (children never started because the Map Run failed), each a new
file past 5 GB, and a ``manifest.json`` listing them; the output is then
``{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}``. Exported results are
``NONE`` by default: each child's execution record (ARN, input and output as JSON text,
dates, status). A failed child is always written as its record, whatever the
transformation. Results stream to the files in item order; nothing is gathered.
"""
from __future__ import annotations

from contextlib import ExitStack
from typing import Any, Optional

from asl.core.history import to_json_text
from asl.distributed.children import ChildExecution, ChildSpec
from asl.distributed.objects import ObjectStore, ObjectStoreError
from asl.errors import StatesError
from asl.expr.timestamps import format_timestamp

RESULT_WRITER_FAILED = "States.ResultWriterFailed"
MAX_FILE_BYTES = 5 * 1024**3
SUCCEEDED_REASON = "Execution is SUCCEEDED and cannot be redriven"


def failed(cause: str) -> StatesError:
    return StatesError(RESULT_WRITER_FAILED, cause)


class ResultSink:
    """Takes children in item order; ``finish`` gives the Map's output."""

    def __init__(self, writer: Optional[dict[str, Any]], store: Optional[ObjectStore], map_run_arn: str,
                 max_file_bytes: int = MAX_FILE_BYTES):
        self.map_run_arn = map_run_arn
        config = _writer_config(writer)
        self.output_type = config.get("OutputType", "JSON")
        target = _target(writer)
        self.transformation = config.get("Transformation", "NONE" if target else "COMPACT")
        self.outputs: list[Any] = []
        self.written = 0
        self.files: Optional[_ResultFiles] = None
        if target is not None:
            if store is None:
                raise failed("No object store to write the results to: run with an executor given objects=.")
            self.files = _ResultFiles(store, *target, map_run_arn, self.output_type, max_file_bytes)

    @property
    def exporting(self) -> bool:
        return self.files is not None

    def add(self, child: ChildExecution) -> None:
        if self.files is not None:
            self.written += 1
        if not child.succeeded:
            self._put("FAILED", record(child))
        elif self.transformation == "NONE":
            self._put("SUCCEEDED", record(child))
        elif self.transformation == "FLATTEN" and isinstance(child.output, list):
            for value in child.output:
                self._put("SUCCEEDED", value)
        else:
            self._put("SUCCEEDED", child.output)

    def add_pending(self, spec: ChildSpec, arn: str, machine_arn: str) -> None:
        if self.files is not None:
            self.files.put("PENDING", pending_record(spec, arn, machine_arn))

    def _put(self, status: str, value: Any) -> None:
        if self.files is None:
            self.outputs.append(value)
        else:
            self.files.put(status, value)

    def finish(self) -> Any:
        if self.files is None:
            return self.outputs
        return self.files.finish()

    def abandon(self) -> None:
        """Close what is open after a failure elsewhere, writing the manifest of what
        was written (AWS writes the results of a failed Map Run too)."""
        if self.files is not None:
            try:
                self.files.finish()
            except StatesError:
                pass


def _writer_config(writer: Optional[dict[str, Any]]) -> dict[str, Any]:
    config = (writer or {}).get("WriterConfig") or {}
    if not isinstance(config, dict):
        raise failed("WriterConfig must be an object.")
    if config.get("OutputType", "JSON") not in ("JSON", "JSONL"):
        raise failed(f"OutputType must be JSON or JSONL, not {to_json_text(config.get('OutputType'))}.")
    if config.get("Transformation", "NONE") not in ("NONE", "COMPACT", "FLATTEN"):
        raise failed(f"Transformation must be NONE, COMPACT or FLATTEN, not {to_json_text(config.get('Transformation'))}.")
    return config


def _target(writer: Optional[dict[str, Any]]) -> Optional[tuple[str, str]]:
    """(bucket, prefix) when the results are exported."""
    if not writer or "Resource" not in writer:
        return None
    if not str(writer.get("Resource", "")).endswith(":s3:putObject"):
        raise failed(f"The ResultWriter Resource {writer.get('Resource')!r} is not supported (s3:putObject).")
    parameters = writer.get("Parameters", writer.get("Arguments"))
    if not isinstance(parameters, dict) or not isinstance(parameters.get("Bucket"), str) or not parameters["Bucket"]:
        raise failed("The ResultWriter's Parameters (Arguments in JSONata) must name a Bucket.")
    prefix = parameters.get("Prefix", "")
    if not isinstance(prefix, str):
        raise failed("The ResultWriter's Prefix must be a string.")
    return parameters["Bucket"], prefix


def record(child: ChildExecution) -> dict[str, Any]:
    """A child's execution record, in the shape of AWS's result files."""
    out: dict[str, Any] = {
        "ExecutionArn": child.arn,
        "Input": to_json_text(child.input),
        "InputDetails": {"Included": True},
        "Name": child.name,
        "RedriveCount": 0,
        "StartDate": format_timestamp(child.start),
        "StateMachineArn": child.state_machine_arn,
        "Status": child.status,
        "StopDate": format_timestamp(child.stop),
    }
    if child.succeeded:
        out.update(Output=to_json_text(child.output), OutputDetails={"Included": True},
                   RedriveStatus="NOT_REDRIVABLE", RedriveStatusReason=SUCCEEDED_REASON)
    else:
        out["RedriveStatus"] = "REDRIVABLE_BY_MAP_RUN"
        out.update({k: v for k, v in (("Error", child.error), ("Cause", child.cause)) if v is not None})
    return dict(sorted(out.items()))


def pending_record(spec: ChildSpec, arn: str, machine_arn: str) -> dict[str, Any]:
    return {"ExecutionArn": arn, "Input": to_json_text(spec.input), "InputDetails": {"Included": True},
            "Name": spec.name, "StateMachineArn": machine_arn, "Status": "PENDING"}


class _ResultFiles:
    """The result files of one Map Run, each opened on its first result."""

    def __init__(self, store: ObjectStore, bucket: str, prefix: str, map_run_arn: str, output_type: str,
                 max_file_bytes: int):
        self.store = store
        self.bucket = bucket
        self.base = "/".join(p for p in (prefix.rstrip("/"), map_run_arn.rsplit(":", 1)[-1]) if p)
        self.map_run_arn = map_run_arn
        self.lines = output_type == "JSONL"
        self.max_bytes = max_file_bytes
        self.listed: dict[str, list[dict[str, Any]]] = {"FAILED": [], "PENDING": [], "SUCCEEDED": []}
        self.open: dict[str, tuple[ExitStack, Any, str]] = {}
        self.sizes: dict[str, int] = {}
        self.finished = False
        try:
            store.check_bucket(bucket)
        except ObjectStoreError as exc:
            raise failed(str(exc)) from None

    def put(self, status: str, value: Any) -> None:
        data = to_json_text(value).encode("utf-8", "surrogatepass")
        if status in self.open and self.sizes[status] + len(data) + 2 > self.max_bytes:
            self._close(status)
        if status not in self.open:
            self._start(status)
        _, stream, _ = self.open[status]
        first = self.sizes[status] == (0 if self.lines else 1)
        separator = b"" if first else (b"\n" if self.lines else b",")
        self._write(stream, separator + data)
        self.sizes[status] += len(separator) + len(data)

    def _start(self, status: str) -> None:
        key = f"{self.base}/{status}_{len(self.listed[status])}.json"
        stack = ExitStack()
        try:
            stream = stack.enter_context(self.store.create(self.bucket, key))
        except ObjectStoreError as exc:
            raise failed(str(exc)) from None
        self.open[status] = (stack, stream, key)
        self.sizes[status] = 0
        if not self.lines:
            self._write(stream, b"[")
            self.sizes[status] = 1

    def _write(self, stream: Any, data: bytes) -> None:
        try:
            stream.write(data)
        except OSError as exc:
            raise failed(f"Could not write the results: {exc}") from None

    def _close(self, status: str) -> None:
        stack, stream, key = self.open.pop(status)
        size = self.sizes.pop(status)
        tail = b"\n" if self.lines else b"]"
        self._write(stream, tail)
        try:
            stack.close()
        except ObjectStoreError as exc:
            raise failed(str(exc)) from None
        self.listed[status].append({"Key": key, "Size": size + len(tail)})

    def finish(self) -> dict[str, Any]:
        key = f"{self.base}/manifest.json"
        if not self.finished:
            self.finished = True
            for status in list(self.open):
                self._close(status)
            manifest = {"DestinationBucket": self.bucket, "MapRunArn": self.map_run_arn, "ResultFiles": self.listed}
            try:
                with self.store.create(self.bucket, key) as stream:
                    stream.write(to_json_text(manifest).encode("utf-8"))
            except ObjectStoreError as exc:
                raise failed(str(exc)) from None
        return {"MapRunArn": self.map_run_arn, "ResultWriterDetails": {"Bucket": self.bucket, "Key": key}}
