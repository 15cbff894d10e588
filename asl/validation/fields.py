"""Which fields belong to which query language, as data.

A state's effective QueryLanguage is its own field when present (exactly ``"JSONPath"``
means JSONPath, any other value means JSONata, as AWS resolves it), else the machine's
top-level one: AWS does not let a Map or Parallel pass its language down to its children.
"""
from __future__ import annotations

from typing import Any

JSONPATH = "JSONPath"
JSONATA = "JSONata"

STATE_TYPES = ("Task", "Wait", "Pass", "Succeed", "Fail", "Choice", "Parallel", "Map")
TRANSITION_TYPES = frozenset({"Task", "Wait", "Pass", "Parallel", "Map"})

# Fields only JSONPath states may carry, per state type (JSONata ones are rejected alike).
_JSONPATH_IO = ("InputPath", "OutputPath")
JSONPATH_ONLY: dict[str, tuple[str, ...]] = {
    "Pass": (*_JSONPATH_IO, "Parameters", "Result", "ResultPath"),
    "Task": (*_JSONPATH_IO, "Parameters", "ResultSelector", "ResultPath",
             "TimeoutSecondsPath", "HeartbeatSecondsPath"),
    "Choice": _JSONPATH_IO,
    "Wait": (*_JSONPATH_IO, "SecondsPath", "TimestampPath"),
    "Succeed": _JSONPATH_IO,
    "Fail": ("ErrorPath", "CausePath"),
    "Parallel": (*_JSONPATH_IO, "Parameters", "ResultSelector", "ResultPath"),
    "Map": (*_JSONPATH_IO, "Parameters", "ResultSelector", "ResultPath", "ItemsPath",
            "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"),
}
JSONATA_ONLY: dict[str, tuple[str, ...]] = {
    "Pass": ("Output",),
    "Task": ("Arguments", "Output"),
    "Choice": ("Output",),
    "Wait": ("Output",),
    "Succeed": ("Output",),
    "Fail": (),
    "Parallel": ("Arguments", "Output"),
    "Map": ("Items", "Output"),
}
# Sub-objects: (JSONPath-only fields, JSONata-only fields)
SUB_OBJECT_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "catcher": (("ResultPath",), ("Output",)),
    "itemReader": (("Parameters",), ("Arguments",)),
    "readerConfig": (("MaxItemsPath",), ()),
    "itemBatcher": (("MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"), ()),
    "resultWriter": (("Parameters",), ("Arguments",)),
}

# Fields whose value may be a whole {% %} expression in a JSONata state, instead of the
# type the schema describes; the expression is checked on its own.
EXPRESSION_FIELDS = frozenset({
    "TimeoutSeconds", "HeartbeatSeconds", "Seconds", "Timestamp", "MaxConcurrency",
    "ToleratedFailurePercentage", "ToleratedFailureCount", "Error", "Cause", "Items",
    "ItemSelector", "Arguments", "Output", "MaxItems", "MaxItemsPerBatch",
    "MaxInputBytesPerBatch", "BatchInput",
})

# JSONPath fields holding a Path (may select several nodes) ...
PATH_FIELDS = ("InputPath", "OutputPath")
# ... a Reference Path (exactly one node) ...
REFERENCE_PATH_FIELDS = (
    "ResultPath", "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath",
    "TimestampPath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
    "ToleratedFailureCountPath", "MaxItemsPath", "MaxItemsPerBatchPath",
    "MaxInputBytesPerBatchPath",
)
# ... or a path or an intrinsic function call.
VALUE_EXPRESSION_FIELDS = ("ErrorPath", "CausePath")


def language_of(obj: dict[str, Any], inherited: str) -> str:
    """The effective QueryLanguage of ``obj`` (a state or the machine)."""
    if "QueryLanguage" not in obj:
        return inherited
    return JSONPATH if obj["QueryLanguage"] == JSONPATH else JSONATA


def other_language_fields(state_type: str, language: str) -> tuple[str, ...]:
    """The fields a state of this type may not carry in this language."""
    table = JSONATA_ONLY if language == JSONPATH else JSONPATH_ONLY
    return table.get(state_type, ())


def other_language_sub_fields(kind: str, language: str) -> tuple[str, ...]:
    jsonpath_only, jsonata_only = SUB_OBJECT_FIELDS.get(kind, ((), ()))
    return jsonata_only if language == JSONPATH else jsonpath_only
