"""The typed model of a definition: frozen pydantic models, one per state type.

``build_model(definition)`` turns a *validated* definition into a ``StateMachineModel``;
``model.to_dict()`` gives back exactly the JSON it was built from. Field names are
Python's, aliases are AWS's, so ``state.result_path`` reads ``"ResultPath"``. Strict
scalar types keep every value as written (``1`` stays an int, ``1.0`` a float) and
free-form JSON (payload templates, ``Result``, ``Output``, ``Assign``...) stays plain JSON.
Validation is ``asl.validation``'s job: these models only give the data a shape.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    create_model,
    model_serializer,
    model_validator,
)

from asl.validation.choice import COMBINATORS, OPERATORS

Number = Union[StrictInt, StrictFloat]
# integer fields may hold a {% %} expression in JSONata states
NumberOrExpression = Union[StrictInt, StrictFloat, StrictStr]
JSON = Any


class AslModel(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")
    _order: tuple[str, ...] = PrivateAttr(default=())  # field names as the input listed them

    @model_validator(mode="wrap")
    @classmethod
    def _remember_order(cls, data: Any, handler: Any) -> Any:
        model = handler(data)
        if isinstance(data, dict):
            model._order = tuple(data)
        return model

    @model_serializer(mode="wrap")
    def _in_input_order(self, handler: Any) -> Any:
        """Fields come back in the order the definition had them (diff-friendly output)."""
        dumped = handler(self)
        if not isinstance(dumped, dict) or not self._order:
            return dumped
        ordered = {key: dumped[key] for key in self._order if key in dumped}
        ordered.update((key, value) for key, value in dumped.items() if key not in ordered)
        return ordered

    def to_dict(self) -> dict[str, Any]:
        """The JSON this model was built from, with AWS's field names, in its order."""
        return self.model_dump(by_alias=True, exclude_unset=True)


def _f(alias: str) -> Any:
    return Field(default=None, alias=alias)


class Retrier(AslModel):
    error_equals: list[StrictStr] = Field(alias="ErrorEquals")
    comment: Optional[StrictStr] = _f("Comment")
    interval_seconds: Optional[Number] = _f("IntervalSeconds")
    max_attempts: Optional[Number] = _f("MaxAttempts")
    backoff_rate: Optional[Number] = _f("BackoffRate")
    max_delay_seconds: Optional[Number] = _f("MaxDelaySeconds")
    jitter_strategy: Optional[StrictStr] = _f("JitterStrategy")


class Catcher(AslModel):
    error_equals: list[StrictStr] = Field(alias="ErrorEquals")
    next: StrictStr = Field(alias="Next")
    comment: Optional[StrictStr] = _f("Comment")
    result_path: Optional[StrictStr] = _f("ResultPath")
    output: JSON = _f("Output")
    assign: Optional[dict[str, JSON]] = _f("Assign")


class Credentials(AslModel):
    role_arn: Optional[StrictStr] = _f("RoleArn")
    role_arn_path: Optional[StrictStr] = _f("RoleArn.$")


def _rule_fields() -> dict[str, Any]:
    """Choice rule fields generated from the validator's operator table (one source)."""
    fields: dict[str, Any] = {
        "variable": (Optional[StrictStr], _f("Variable")),
        "next": (Optional[StrictStr], _f("Next")),
        "comment": (Optional[StrictStr], _f("Comment")),
        "assign": (Optional[dict[str, JSON]], _f("Assign")),
        "condition": (Optional[Union[StrictBool, StrictStr]], _f("Condition")),
        "output": (JSON, _f("Output")),
        "and_": (Optional[list["ChoiceRule"]], _f("And")),
        "or_": (Optional[list["ChoiceRule"]], _f("Or")),
        "not_": (Optional["ChoiceRule"], _f("Not")),
    }
    for operator in OPERATORS:
        fields[_snake(operator)] = (JSON, _f(operator))
    assert set(COMBINATORS) == {"And", "Or", "Not"}
    return fields


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


ChoiceRule = create_model("ChoiceRule", __base__=AslModel, **_rule_fields())  # type: ignore[call-overload]
ChoiceRule.__doc__ = "One Choice rule: a comparison, And/Or/Not, or (JSONata) a Condition."


class ProcessorConfig(AslModel):
    mode: Optional[StrictStr] = _f("Mode")
    execution_type: Optional[StrictStr] = _f("ExecutionType")


class ReaderConfig(AslModel):
    input_type: Optional[StrictStr] = _f("InputType")
    csv_header_location: Optional[StrictStr] = _f("CSVHeaderLocation")
    csv_headers: Optional[list[StrictStr]] = _f("CSVHeaders")
    csv_delimiter: Optional[StrictStr] = _f("CSVDelimiter")
    max_items: Optional[NumberOrExpression] = _f("MaxItems")
    max_items_path: Optional[StrictStr] = _f("MaxItemsPath")
    manifest_type: Optional[StrictStr] = _f("ManifestType")
    transformation: Optional[StrictStr] = _f("Transformation")
    items_pointer: Optional[StrictStr] = _f("ItemsPointer")


class ItemReader(AslModel):
    resource: StrictStr = Field(alias="Resource")
    reader_config: Optional[ReaderConfig] = _f("ReaderConfig")
    parameters: Optional[dict[str, JSON]] = _f("Parameters")
    arguments: JSON = _f("Arguments")


class ItemBatcher(AslModel):
    max_items_per_batch: Optional[NumberOrExpression] = _f("MaxItemsPerBatch")
    max_items_per_batch_path: Optional[StrictStr] = _f("MaxItemsPerBatchPath")
    max_input_bytes_per_batch: Optional[NumberOrExpression] = _f("MaxInputBytesPerBatch")
    max_input_bytes_per_batch_path: Optional[StrictStr] = _f("MaxInputBytesPerBatchPath")
    batch_input: JSON = _f("BatchInput")


class WriterConfig(AslModel):
    output_type: Optional[StrictStr] = _f("OutputType")
    transformation: Optional[StrictStr] = _f("Transformation")


class ResultWriter(AslModel):
    resource: Optional[StrictStr] = _f("Resource")
    parameters: Optional[dict[str, JSON]] = _f("Parameters")
    arguments: JSON = _f("Arguments")
    writer_config: Optional[WriterConfig] = _f("WriterConfig")


class _State(AslModel):
    comment: Optional[StrictStr] = _f("Comment")
    query_language: Optional[StrictStr] = _f("QueryLanguage")


class _Flow(_State):
    next: Optional[StrictStr] = _f("Next")
    end: Optional[StrictBool] = _f("End")
    assign: Optional[dict[str, JSON]] = _f("Assign")


class _Io(AslModel):
    input_path: Optional[StrictStr] = _f("InputPath")
    output_path: Optional[StrictStr] = _f("OutputPath")
    output: JSON = _f("Output")


class _Result(_Io):
    parameters: Optional[dict[str, JSON]] = _f("Parameters")
    result_selector: Optional[dict[str, JSON]] = _f("ResultSelector")
    result_path: Optional[StrictStr] = _f("ResultPath")
    retry: Optional[list[Retrier]] = _f("Retry")
    catch: Optional[list[Catcher]] = _f("Catch")


class PassState(_Flow, _Io):
    type: Literal["Pass"] = Field(alias="Type")
    parameters: Optional[dict[str, JSON]] = _f("Parameters")
    result: JSON = _f("Result")
    result_path: Optional[StrictStr] = _f("ResultPath")


class TaskState(_Flow, _Result):
    type: Literal["Task"] = Field(alias="Type")
    resource: StrictStr = Field(alias="Resource")
    arguments: JSON = _f("Arguments")
    timeout_seconds: Optional[NumberOrExpression] = _f("TimeoutSeconds")
    timeout_seconds_path: Optional[StrictStr] = _f("TimeoutSecondsPath")
    heartbeat_seconds: Optional[NumberOrExpression] = _f("HeartbeatSeconds")
    heartbeat_seconds_path: Optional[StrictStr] = _f("HeartbeatSecondsPath")
    credentials: Optional[Credentials] = _f("Credentials")


class ChoiceState(_State, _Io):
    type: Literal["Choice"] = Field(alias="Type")
    choices: list[ChoiceRule] = Field(alias="Choices")  # type: ignore[valid-type]
    default: Optional[StrictStr] = _f("Default")
    assign: Optional[dict[str, JSON]] = _f("Assign")


class WaitState(_Flow, _Io):
    type: Literal["Wait"] = Field(alias="Type")
    seconds: Optional[NumberOrExpression] = _f("Seconds")
    seconds_path: Optional[StrictStr] = _f("SecondsPath")
    timestamp: Optional[StrictStr] = _f("Timestamp")
    timestamp_path: Optional[StrictStr] = _f("TimestampPath")


class SucceedState(_State, _Io):
    type: Literal["Succeed"] = Field(alias="Type")


class FailState(_State):
    type: Literal["Fail"] = Field(alias="Type")
    error: Optional[StrictStr] = _f("Error")
    error_path: Optional[StrictStr] = _f("ErrorPath")
    cause: Optional[StrictStr] = _f("Cause")
    cause_path: Optional[StrictStr] = _f("CausePath")


class Branch(AslModel):
    """A nested machine: a Parallel branch (and the base of a Map processor)."""

    start_at: StrictStr = Field(alias="StartAt")
    states: dict[str, "State"] = Field(alias="States")
    comment: Optional[StrictStr] = _f("Comment")


class Processor(Branch):
    """A Map's ``ItemProcessor`` (or legacy ``Iterator``)."""

    processor_config: Optional[ProcessorConfig] = _f("ProcessorConfig")


class ParallelState(_Flow, _Result):
    type: Literal["Parallel"] = Field(alias="Type")
    branches: list[Branch] = Field(alias="Branches")
    arguments: JSON = _f("Arguments")


class MapState(_Flow, _Result):
    type: Literal["Map"] = Field(alias="Type")
    item_processor: Optional[Processor] = _f("ItemProcessor")
    iterator: Optional[Processor] = _f("Iterator")
    items_path: Optional[StrictStr] = _f("ItemsPath")
    items: JSON = _f("Items")
    item_selector: JSON = _f("ItemSelector")
    item_reader: Optional[ItemReader] = _f("ItemReader")
    item_batcher: Optional[ItemBatcher] = _f("ItemBatcher")
    result_writer: Optional[ResultWriter] = _f("ResultWriter")
    max_concurrency: Optional[NumberOrExpression] = _f("MaxConcurrency")
    max_concurrency_path: Optional[StrictStr] = _f("MaxConcurrencyPath")
    tolerated_failure_percentage: Optional[NumberOrExpression] = _f("ToleratedFailurePercentage")
    tolerated_failure_percentage_path: Optional[StrictStr] = _f("ToleratedFailurePercentagePath")
    tolerated_failure_count: Optional[NumberOrExpression] = _f("ToleratedFailureCount")
    tolerated_failure_count_path: Optional[StrictStr] = _f("ToleratedFailureCountPath")
    label: Optional[StrictStr] = _f("Label")

    @property
    def processor(self) -> Processor | None:
        """``ItemProcessor``, or the legacy ``Iterator`` it replaces."""
        return self.item_processor or self.iterator


State = Annotated[
    Union[PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState, ParallelState, MapState],
    Field(discriminator="type"),
]


class StateMachineModel(Branch):
    """The whole definition."""

    timeout_seconds: Optional[Number] = _f("TimeoutSeconds")
    version: Optional[StrictStr] = _f("Version")
    query_language: Optional[StrictStr] = _f("QueryLanguage")


for _model in (ChoiceRule, Branch, Processor, ParallelState, MapState, StateMachineModel):
    _model.model_rebuild()


def build_model(definition: dict[str, Any]) -> StateMachineModel:
    """The typed model of a definition that ``asl.validation`` has accepted."""
    return StateMachineModel.model_validate(definition)
