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
    comment: StrictStr | None = _f("Comment")
    interval_seconds: Number | None = _f("IntervalSeconds")
    max_attempts: Number | None = _f("MaxAttempts")
    backoff_rate: Number | None = _f("BackoffRate")
    max_delay_seconds: Number | None = _f("MaxDelaySeconds")
    jitter_strategy: StrictStr | None = _f("JitterStrategy")


class Catcher(AslModel):
    error_equals: list[StrictStr] = Field(alias="ErrorEquals")
    next: StrictStr = Field(alias="Next")
    comment: StrictStr | None = _f("Comment")
    result_path: StrictStr | None = _f("ResultPath")
    output: JSON = _f("Output")
    assign: dict[str, JSON] | None = _f("Assign")


class Credentials(AslModel):
    role_arn: StrictStr | None = _f("RoleArn")
    role_arn_path: StrictStr | None = _f("RoleArn.$")


def _rule_fields() -> dict[str, Any]:
    """Choice rule fields generated from the validator's operator table (one source)."""
    fields: dict[str, Any] = {
        "variable": (Optional[StrictStr], _f("Variable")),
        "next": (Optional[StrictStr], _f("Next")),
        "comment": (Optional[StrictStr], _f("Comment")),
        "assign": (Optional[dict[str, JSON]], _f("Assign")),
        "condition": (Optional[StrictBool | StrictStr], _f("Condition")),
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
    mode: StrictStr | None = _f("Mode")
    execution_type: StrictStr | None = _f("ExecutionType")


class ReaderConfig(AslModel):
    input_type: StrictStr | None = _f("InputType")
    csv_header_location: StrictStr | None = _f("CSVHeaderLocation")
    csv_headers: list[StrictStr] | None = _f("CSVHeaders")
    csv_delimiter: StrictStr | None = _f("CSVDelimiter")
    max_items: NumberOrExpression | None = _f("MaxItems")
    max_items_path: StrictStr | None = _f("MaxItemsPath")
    manifest_type: StrictStr | None = _f("ManifestType")
    transformation: StrictStr | None = _f("Transformation")
    items_pointer: StrictStr | None = _f("ItemsPointer")


class ItemReader(AslModel):
    resource: StrictStr = Field(alias="Resource")
    reader_config: ReaderConfig | None = _f("ReaderConfig")
    parameters: dict[str, JSON] | None = _f("Parameters")
    arguments: JSON = _f("Arguments")


class ItemBatcher(AslModel):
    max_items_per_batch: NumberOrExpression | None = _f("MaxItemsPerBatch")
    max_items_per_batch_path: StrictStr | None = _f("MaxItemsPerBatchPath")
    max_input_bytes_per_batch: NumberOrExpression | None = _f("MaxInputBytesPerBatch")
    max_input_bytes_per_batch_path: StrictStr | None = _f("MaxInputBytesPerBatchPath")
    batch_input: JSON = _f("BatchInput")


class WriterConfig(AslModel):
    output_type: StrictStr | None = _f("OutputType")
    transformation: StrictStr | None = _f("Transformation")


class ResultWriter(AslModel):
    resource: StrictStr | None = _f("Resource")
    parameters: dict[str, JSON] | None = _f("Parameters")
    arguments: JSON = _f("Arguments")
    writer_config: WriterConfig | None = _f("WriterConfig")


class _State(AslModel):
    comment: StrictStr | None = _f("Comment")
    query_language: StrictStr | None = _f("QueryLanguage")


class _Flow(_State):
    next: StrictStr | None = _f("Next")
    end: StrictBool | None = _f("End")
    assign: dict[str, JSON] | None = _f("Assign")


class _Io(AslModel):
    input_path: StrictStr | None = _f("InputPath")
    output_path: StrictStr | None = _f("OutputPath")
    output: JSON = _f("Output")


class _Result(_Io):
    parameters: dict[str, JSON] | None = _f("Parameters")
    result_selector: dict[str, JSON] | None = _f("ResultSelector")
    result_path: StrictStr | None = _f("ResultPath")
    retry: list[Retrier] | None = _f("Retry")
    catch: list[Catcher] | None = _f("Catch")


class PassState(_Flow, _Io):
    type: Literal["Pass"] = Field(alias="Type")
    parameters: dict[str, JSON] | None = _f("Parameters")
    result: JSON = _f("Result")
    result_path: StrictStr | None = _f("ResultPath")


class TaskState(_Flow, _Result):
    type: Literal["Task"] = Field(alias="Type")
    resource: StrictStr = Field(alias="Resource")
    arguments: JSON = _f("Arguments")
    timeout_seconds: NumberOrExpression | None = _f("TimeoutSeconds")
    timeout_seconds_path: StrictStr | None = _f("TimeoutSecondsPath")
    heartbeat_seconds: NumberOrExpression | None = _f("HeartbeatSeconds")
    heartbeat_seconds_path: StrictStr | None = _f("HeartbeatSecondsPath")
    credentials: Credentials | None = _f("Credentials")


class ChoiceState(_State, _Io):
    type: Literal["Choice"] = Field(alias="Type")
    choices: list[ChoiceRule] = Field(alias="Choices")  # type: ignore[valid-type]
    default: StrictStr | None = _f("Default")
    assign: dict[str, JSON] | None = _f("Assign")


class WaitState(_Flow, _Io):
    type: Literal["Wait"] = Field(alias="Type")
    seconds: NumberOrExpression | None = _f("Seconds")
    seconds_path: StrictStr | None = _f("SecondsPath")
    timestamp: StrictStr | None = _f("Timestamp")
    timestamp_path: StrictStr | None = _f("TimestampPath")


class SucceedState(_State, _Io):
    type: Literal["Succeed"] = Field(alias="Type")


class FailState(_State):
    type: Literal["Fail"] = Field(alias="Type")
    error: StrictStr | None = _f("Error")
    error_path: StrictStr | None = _f("ErrorPath")
    cause: StrictStr | None = _f("Cause")
    cause_path: StrictStr | None = _f("CausePath")


class Branch(AslModel):
    """A nested machine: a Parallel branch (and the base of a Map processor)."""

    start_at: StrictStr = Field(alias="StartAt")
    states: dict[str, State] = Field(alias="States")
    comment: StrictStr | None = _f("Comment")


class Processor(Branch):
    """A Map's ``ItemProcessor`` (or legacy ``Iterator``)."""

    processor_config: ProcessorConfig | None = _f("ProcessorConfig")


class ParallelState(_Flow, _Result):
    type: Literal["Parallel"] = Field(alias="Type")
    branches: list[Branch] = Field(alias="Branches")
    arguments: JSON = _f("Arguments")


class MapState(_Flow, _Result):
    type: Literal["Map"] = Field(alias="Type")
    item_processor: Processor | None = _f("ItemProcessor")
    iterator: Processor | None = _f("Iterator")
    items_path: StrictStr | None = _f("ItemsPath")
    items: JSON = _f("Items")
    item_selector: JSON = _f("ItemSelector")
    item_reader: ItemReader | None = _f("ItemReader")
    item_batcher: ItemBatcher | None = _f("ItemBatcher")
    result_writer: ResultWriter | None = _f("ResultWriter")
    max_concurrency: NumberOrExpression | None = _f("MaxConcurrency")
    max_concurrency_path: StrictStr | None = _f("MaxConcurrencyPath")
    tolerated_failure_percentage: NumberOrExpression | None = _f("ToleratedFailurePercentage")
    tolerated_failure_percentage_path: StrictStr | None = _f("ToleratedFailurePercentagePath")
    tolerated_failure_count: NumberOrExpression | None = _f("ToleratedFailureCount")
    tolerated_failure_count_path: StrictStr | None = _f("ToleratedFailureCountPath")
    label: StrictStr | None = _f("Label")

    @property
    def processor(self) -> Processor | None:
        """``ItemProcessor``, or the legacy ``Iterator`` it replaces."""
        return self.item_processor or self.iterator


State = Annotated[
    PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState,
    Field(discriminator="type"),
]


class StateMachineModel(Branch):
    """The whole definition."""

    timeout_seconds: Number | None = _f("TimeoutSeconds")
    version: StrictStr | None = _f("Version")
    query_language: StrictStr | None = _f("QueryLanguage")


for _model in (ChoiceRule, Branch, Processor, ParallelState, MapState, StateMachineModel):
    _model.model_rebuild()


def build_model(definition: dict[str, Any]) -> StateMachineModel:
    """The typed model of a definition that ``asl.validation`` has accepted."""
    return StateMachineModel.model_validate(definition)
