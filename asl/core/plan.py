"""Compile a validated definition into a plan the interpreter can run quickly.

Everything that can be decided before the first execution is decided here, once: which
query language each state uses, every path, template, intrinsic call, Choice rule and
JSONata expression compiled, retriers and catchers normalised, nested machines compiled
recursively. The interpreter then only *evaluates*.

The definition has been validated by ``asl.parse``; this module trusts its shape.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from asl.core import dataflow
from asl.core.dataflow import Flow
from asl.core.resources import classify

JSONATA = "JSONata"

# A definition's default for Task TimeoutSeconds, as AWS documents it.
DEFAULT_TASK_TIMEOUT = 99999999


@dataclass(slots=True)
class Retrier:
    errors: tuple[str, ...]
    interval: float = 1.0
    max_attempts: int = 3
    backoff: float = 2.0
    max_delay: Optional[float] = None
    full_jitter: bool = False


@dataclass(slots=True)
class Catcher:
    errors: tuple[str, ...]
    next: str
    index: int
    flow: Flow  # how the error output becomes the state's output (ResultPath / Output, Assign)


@dataclass(slots=True)
class Scope:
    """One (sub)machine: the top level, a Parallel branch, or a Map item processor."""

    start_at: str
    states: dict[str, "StateSpec"]
    path: str  # JSON pointer of this scope's States object, for messages


@dataclass(slots=True)
class StateSpec:
    name: str
    type: str
    raw: dict[str, Any]
    flow: Flow
    next: Optional[str] = None
    end: bool = False
    retriers: tuple[Retrier, ...] = ()
    catchers: tuple[Catcher, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    # decided once here rather than at every visit
    entered_type: str = ""
    exited_type: str = ""
    next_transition: tuple[str, Optional[str], str, Optional[int]] = ("", None, "next", None)

    def __post_init__(self) -> None:
        self.entered_type = self.type + "StateEntered"
        self.exited_type = self.type + "StateExited"
        self.next_transition = (self.name, self.next, "next", None)


def compile_machine(definition: dict[str, Any]) -> Scope:
    language = definition.get("QueryLanguage", "JSONPath")
    return _compile_scope(definition, language, "")


def _compile_scope(machine: dict[str, Any], language: str, pointer: str) -> Scope:
    states = {
        name: _compile_state(name, raw, language, f"{pointer}/States/{name}")
        for name, raw in machine["States"].items()
    }
    return Scope(machine["StartAt"], states, pointer + "/States")


def _compile_state(name: str, raw: dict[str, Any], outer_language: str, pointer: str) -> StateSpec:
    language = raw.get("QueryLanguage", outer_language)
    jsonata = language == JSONATA
    type_ = raw["Type"]
    spec = StateSpec(
        name=name,
        type=type_,
        raw=raw,
        flow=dataflow.compile_flow(raw, jsonata, type_),
        next=raw.get("Next"),
        end=bool(raw.get("End", False)) or type_ in ("Succeed", "Fail"),
    )
    spec.retriers = tuple(_retrier(r) for r in raw.get("Retry", ()))
    spec.catchers = tuple(_catcher(c, i, jsonata) for i, c in enumerate(raw.get("Catch", ())))
    compiler = _EXTRA.get(type_)
    if compiler is not None:
        spec.extra = compiler(raw, jsonata, language, pointer)
    if type_ == "Choice":  # like next_transition, the transitions it takes: one per rule, and Default
        extra = spec.extra
        extra["transitions"] = tuple((name, rule.next, "choice", rule.index) for rule in extra["rules"])
        extra["default_transition"] = (name, extra["default"], "default", None)
    return spec


def _retrier(raw: dict[str, Any]) -> Retrier:
    return Retrier(
        errors=tuple(raw["ErrorEquals"]),
        interval=raw.get("IntervalSeconds", 1),
        max_attempts=raw.get("MaxAttempts", 3),
        backoff=raw.get("BackoffRate", 2.0),
        max_delay=raw.get("MaxDelaySeconds"),
        full_jitter=raw.get("JitterStrategy", "NONE") == "FULL",
    )


def _catcher(raw: dict[str, Any], index: int, jsonata: bool) -> Catcher:
    return Catcher(
        errors=tuple(raw["ErrorEquals"]),
        next=raw["Next"],
        index=index,
        flow=dataflow.compile_catcher_flow(raw, jsonata),
    )


# ---------------------------------------------------------------- per-type extra fields
def _number_field(raw: dict[str, Any], key: str, jsonata: bool) -> Optional[Callable[..., Any]]:
    """A field that holds a number, a ``...Path`` reference, or (JSONata) an expression.

    Returns ``evaluate(input, env) -> value`` or None when the state sets neither.
    """
    if key in raw:
        return dataflow.value_field(raw[key], key, jsonata)
    path_key = key + "Path"
    if path_key in raw:
        return dataflow.reference_field(raw[path_key], path_key)
    return None


def _task_extra(raw: dict[str, Any], jsonata: bool, language: str, pointer: str) -> dict[str, Any]:
    credentials = raw.get("Credentials")
    return {
        "resource": raw["Resource"],
        "info": classify(raw["Resource"]),
        "timeout": _number_field(raw, "TimeoutSeconds", jsonata),
        "heartbeat": _number_field(raw, "HeartbeatSeconds", jsonata),
        "credentials": None if credentials is None else dataflow.template_field(credentials, "Credentials", jsonata),
    }


def _choice_extra(raw: dict[str, Any], jsonata: bool, language: str, pointer: str) -> dict[str, Any]:
    return {
        "rules": tuple(dataflow.compile_choice_rule(rule, i, jsonata) for i, rule in enumerate(raw["Choices"])),
        "default": raw.get("Default"),
    }


def _wait_extra(raw: dict[str, Any], jsonata: bool, language: str, pointer: str) -> dict[str, Any]:
    for key in ("Seconds", "Timestamp"):
        field_ = _number_field(raw, key, jsonata)
        if field_ is not None:
            return {"kind": key, "value": field_, "path": (key + "Path") in raw}
    return {}


def _fail_extra(raw: dict[str, Any], jsonata: bool, language: str, pointer: str) -> dict[str, Any]:
    return {
        "error": dataflow.fail_field(raw, "Error", jsonata),
        "cause": dataflow.fail_field(raw, "Cause", jsonata),
    }


def _parallel_extra(raw: dict[str, Any], jsonata: bool, language: str, pointer: str) -> dict[str, Any]:
    return {
        "branches": tuple(
            _compile_scope(branch, language, f"{pointer}/Branches/{i}")
            for i, branch in enumerate(raw["Branches"])
        ),
    }


def _map_extra(raw: dict[str, Any], jsonata: bool, language: str, pointer: str) -> dict[str, Any]:
    processor_key = "ItemProcessor" if "ItemProcessor" in raw else "Iterator"
    processor = raw[processor_key]
    config = processor.get("ProcessorConfig", {})
    selector = raw.get("ItemSelector", raw.get("Parameters"))
    return {
        "processor": _compile_scope(processor, language, f"{pointer}/{processor_key}"),
        "distributed": config.get("Mode") == "DISTRIBUTED",
        "execution_type": config.get("ExecutionType", "STANDARD"),
        "items": dataflow.items_field(raw, jsonata),
        "item_selector": None if selector is None else dataflow.template_field(selector, "ItemSelector", jsonata),
        "max_concurrency": _number_field(raw, "MaxConcurrency", jsonata),
        "tolerated_count": _number_field(raw, "ToleratedFailureCount", jsonata),
        "tolerated_percentage": _number_field(raw, "ToleratedFailurePercentage", jsonata),
        "label": raw.get("Label"),
        "item_reader": _reader(raw.get("ItemReader"), jsonata),
        "item_batcher": _batcher(raw.get("ItemBatcher"), jsonata),
        "result_writer": _writer(raw.get("ResultWriter"), jsonata),
        "processor_definition": _child_definition(processor, language),
    }


def _child_definition(processor: dict[str, Any], language: str) -> dict[str, Any]:
    """A Distributed Map's item processor as the definition of its child executions."""
    definition = {k: v for k, v in processor.items() if k != "ProcessorConfig"}
    if language == JSONATA:
        definition.setdefault("QueryLanguage", JSONATA)
    return definition


def _payload(raw: dict[str, Any], jsonata: bool) -> Optional[Callable[..., Any]]:
    """ItemReader/ResultWriter ``Parameters`` (JSONPath) or ``Arguments`` (JSONata)."""
    key = "Arguments" if jsonata else "Parameters"
    return None if key not in raw else dataflow.template_field(raw[key], key, jsonata)


def _reader(raw: Optional[dict[str, Any]], jsonata: bool) -> Optional[dict[str, Any]]:
    if raw is None:
        return None
    config = raw.get("ReaderConfig", {})
    return {"raw": raw, "payload": _payload(raw, jsonata), "max_items": _number_field(config, "MaxItems", jsonata)}


def _batcher(raw: Optional[dict[str, Any]], jsonata: bool) -> Optional[dict[str, Any]]:
    if raw is None:
        return None
    batch_input = raw.get("BatchInput")
    return {
        "max_items": _number_field(raw, "MaxItemsPerBatch", jsonata),
        "max_bytes": _number_field(raw, "MaxInputBytesPerBatch", jsonata),
        "batch_input": None if batch_input is None else dataflow.template_field(batch_input, "BatchInput", jsonata),
    }


def _writer(raw: Optional[dict[str, Any]], jsonata: bool) -> Optional[dict[str, Any]]:
    return None if raw is None else {"raw": raw, "payload": _payload(raw, jsonata)}


_EXTRA: dict[str, Callable[[dict[str, Any], bool, str, str], dict[str, Any]]] = {
    "Task": _task_extra,
    "Choice": _choice_extra,
    "Wait": _wait_extra,
    "Fail": _fail_extra,
    "Parallel": _parallel_extra,
    "Map": _map_extra,
}
