"""Invalid definitions, one rule each: the exact problems reported (code and location).

Each case states every problem the definition has, so a check that fires too often (or
a problem reported twice) fails as surely as a check that does not fire. Where AWS's
wording is known (recorded or reported) the message is asserted too.
"""
from __future__ import annotations

import json
from typing import Any

import pytest

import asl
from asl.errors import DefinitionError

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"
S, T, E, J, U = (
    "SCHEMA_VALIDATION_FAILED",
    "MISSING_TRANSITION_TARGET",
    "MISSING_END_STATE",
    "INVALID_JSONATA_EXPRESSION",
    "UNSUPPORTED_JSONATA_EXPRESSION",
)
PASS_END = {"Type": "Pass", "End": True}


def one(state: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"StartAt": "A", "States": {"A": state}, **top}


def pass_(**fields: Any) -> dict[str, Any]:
    return one({**PASS_END, **fields})


def task(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "T", "States": {"T": _drop({"Type": "Task", "Resource": LAMBDA, "End": True, **fields})}}


def choice(*rules: dict[str, Any], **fields: Any) -> dict[str, Any]:
    state = _drop({"Type": "Choice", "Choices": list(rules), "Default": "E", **fields})
    return {"StartAt": "C", "States": {"C": state, "E": {"Type": "Succeed"}}}


def rule(**fields: Any) -> dict[str, Any]:
    return _drop({"Variable": "$.a", "StringEquals": "x", "Next": "E", **fields})


def wait(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "W", "States": {"W": {"Type": "Wait", "End": True, **fields}}}


def fail(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "F", "States": {"F": {"Type": "Fail", **fields}}}


def branch(name: str = "X", state: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"StartAt": name, "States": {name: state or PASS_END}}


def parallel(*branches: dict[str, Any], **fields: Any) -> dict[str, Any]:
    state = {"Type": "Parallel", "Branches": list(branches) or [branch()], "End": True, **fields}
    return {"StartAt": "P", "States": {"P": _drop(state)}}


def map_(processor: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    state = {"Type": "Map", "ItemProcessor": processor or branch(), "End": True, **fields}
    return {"StartAt": "M", "States": {"M": _drop(state)}}


def distributed(**config: Any) -> dict[str, Any]:
    return {**branch(), "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD", **config}}


def jsonata(definition: dict[str, Any]) -> dict[str, Any]:
    return {**definition, "QueryLanguage": "JSONata"}


def _drop(obj: dict[str, Any]) -> dict[str, Any]:
    """Fields given as ``None`` are left out (``rule(Next=None)`` has no Next)."""
    return {k: v for k, v in obj.items() if v is not None}


DELETE = None  # a field given as DELETE is left out of the state
# (id, definition, expected [(code, location)], message fragment or None, machine type)
CASES: list[tuple[str, Any, list[tuple[str, str]], str | None, str]] = [
    # --- the machine -------------------------------------------------------------------
    ("empty object", {}, [(S, "/")], "These fields are required: [States, StartAt]", "STANDARD"),
    ("no StartAt", {"States": {"A": PASS_END}}, [(S, "/")], "These fields are required: [StartAt]", "STANDARD"),
    ("States is a list", {"StartAt": "A", "States": []}, [(S, "/States")], "Expected value of type [OBJECT]", "STANDARD"),
    ("unknown top field", pass_() | {"Foo": 1}, [(S, "/")], "Field 'Foo' is not supported", "STANDARD"),
    ("TimeoutSeconds 0", one(PASS_END, TimeoutSeconds=0), [(S, "/TimeoutSeconds")], "Minimum value is 1", "STANDARD"),
    ("TimeoutSeconds string", one(PASS_END, TimeoutSeconds="5"), [(S, "/TimeoutSeconds")], "Expected value of type [INTEGER]", "STANDARD"),
    ("QueryLanguage not in enum", one(PASS_END, QueryLanguage="jsonata"), [(S, "/QueryLanguage")],
     "Value should be one of the following: [JSONPath, JSONata]", "STANDARD"),
    ("QueryLanguage not a string", one(PASS_END, QueryLanguage=5), [(S, "/QueryLanguage")], "Expected value of type [STRING]", "STANDARD"),
    ("Comment not a string", one(PASS_END, Comment=[]), [(S, "/Comment")], None, "STANDARD"),
    ("Version not a string", one(PASS_END, Version=1.0), [(S, "/Version")], None, "STANDARD"),
    ("StartAt names no state", {"StartAt": "Nope", "States": {"A": PASS_END}},
     [(T, "/StartAt"), (T, "/States/A")], "Missing 'Next' target: Nope", "STANDARD"),
    # --- states in general -------------------------------------------------------------
    ("state not an object", one(5), [(S, "/States/A"), (E, "/")], "Expected value of type [OBJECT]", "STANDARD"),
    ("state without Type", one({"End": True}), [(S, "/States/A")], "These fields are required: [Type]", "STANDARD"),
    ("unknown Type", one({"Type": "Wrong", "End": True}), [(S, "/States/A/Type")],
     "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]", "STANDARD"),
    ("neither Next nor End", {"StartAt": "A", "States": {"A": {"Type": "Pass"}, "B": {"Type": "Succeed"}}},
     [(S, "/States/A"), (T, "/States/B")], "Exactly one of these fields is required: [Next, End]", "STANDARD"),
    ("both Next and End", {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "End": True}, "B": {"Type": "Succeed"}}},
     [(S, "/States/A")], None, "STANDARD"),
    ("End false without Next", one({"Type": "Pass", "End": False}), [(S, "/States/A"), (E, "/")], None, "STANDARD"),
    ("End not a boolean", one({"Type": "Pass", "End": "true"}), [(S, "/States/A/End"), (E, "/")],
     "Expected value of type [BOOLEAN]", "STANDARD"),
    ("Next names no state", one({"Type": "Pass", "Next": "Nope"}), [(T, "/States/A/Next"), (E, "/")],
     "Missing 'Next' target: Nope", "STANDARD"),
    ("unknown state field", pass_(Foo=1), [(S, "/States/A")], "Field 'Foo' is not supported", "STANDARD"),
    ("state Comment not a string", pass_(Comment=5), [(S, "/States/A/Comment")], None, "STANDARD"),
    ("state name over 80 characters", {"StartAt": "x" * 81, "States": {"x" * 81: PASS_END}},
     [("INVALID_STATE_NAME", "/States/" + "x" * 81)], None, "STANDARD"),
    ("empty state name", {"StartAt": "", "States": {"": PASS_END}}, [("INVALID_STATE_NAME", "/States/")], None, "STANDARD"),
    ("duplicate name across scopes", {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [branch("P")]}}},
     [("DUPLICATE_STATE_NAME", "/States/P/Branches/0/States/P")], "Duplicate State name: P", "STANDARD"),
    ("unreachable state", {"StartAt": "A", "States": {"A": PASS_END, "B": PASS_END}}, [(T, "/States/B")],
     'State "B" is not reachable.', "STANDARD"),
    ("unreachable state in a branch", parallel(branch() | {"States": {"X": PASS_END, "Y": PASS_END}}),
     [(T, "/States/P/Branches/0/States/Y")], None, "STANDARD"),
    ("loop without terminal state", {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}},
     [(E, "/")], "Workflow has no terminal state", "STANDARD"),
    ("TimeoutSeconds on Pass", pass_(TimeoutSeconds=5), [(S, "/States/A")], "Field 'TimeoutSeconds' is not supported", "STANDARD"),
    ("Catch on Pass", pass_(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "A"}]), [(S, "/States/A")], "Field 'Catch' is not supported", "STANDARD"),
    ("Retry on Wait", wait(Seconds=1, Retry=[{"ErrorEquals": ["States.ALL"]}]), [(S, "/States/W")], "Field 'Retry' is not supported", "STANDARD"),
    ("ResultPath on Wait", wait(Seconds=1, ResultPath=None), [(S, "/States/W")], "Field 'ResultPath' is not supported", "STANDARD"),
    ("Assign on Succeed", one({"Type": "Succeed", "Assign": {"a": 1}}), [(S, "/States/A")], None, "STANDARD"),
    # --- Task ----------------------------------------------------------------------------
    ("Task without Resource", task(Resource=DELETE), [(S, "/States/T")], "These fields are required: [Resource]", "STANDARD"),
    ("Resource not an ARN", task(Resource="my-function"), [(S, "/States/T/Resource")], "Value is not a valid resource ARN", "STANDARD"),
    ("dynamodb:query is no optimized integration", task(Resource="arn:aws:states:::dynamodb:query"), [(S, "/States/T/Resource")],
     "The resource provided arn:aws:states:::dynamodb:query is not recognized", "STANDARD"),
    ("lambda:invoke has no .sync", task(Resource="arn:aws:states:::lambda:invoke.sync"), [(S, "/States/T/Resource")], "is not recognized", "STANDARD"),
    ("aws-sdk has no .sync", task(Resource="arn:aws:states:::aws-sdk:s3:getObject.sync"), [(S, "/States/T/Resource")], None, "STANDARD"),
    ("unknown partition", task(Resource="arn:aws-moon:lambda:us-east-1:123456789012:function:f"), [(S, "/States/T/Resource")], None, "STANDARD"),
    ("Resource not a string", task(Resource=5), [(S, "/States/T/Resource")], "Expected value of type [STRING]", "STANDARD"),
    ("TimeoutSeconds 0 on Task", task(TimeoutSeconds=0), [(S, "/States/T/TimeoutSeconds")], "Minimum value is 1", "STANDARD"),
    ("TimeoutSeconds and its Path", task(TimeoutSeconds=5, TimeoutSecondsPath="$.t"), [(S, "/States/T/TimeoutSeconds")], None, "STANDARD"),
    ("heartbeat not below timeout", task(TimeoutSeconds=5, HeartbeatSeconds=5), [(S, "/States/T/HeartbeatSeconds")], None, "STANDARD"),
    ("HeartbeatSecondsPath not a reference path", task(HeartbeatSecondsPath="$.a[*]"), [(S, "/States/T/HeartbeatSecondsPath")], None, "STANDARD"),
    ("Credentials without RoleArn", task(Credentials={}), [(S, "/States/T/Credentials")],
     "The field 'RoleArn' is required but was missing", "STANDARD"),
    ("Credentials RoleArn.$ not a path", task(Credentials={"RoleArn.$": "role"}), [(S, "/States/T/Credentials")],
     "The value for the field 'RoleArn.$' must be a valid JSONPath or a valid intrinsic function call", "STANDARD"),
    ("Credentials not an object", task(Credentials="arn:aws:iam::1:role/r"), [(S, "/States/T/Credentials")], None, "STANDARD"),
    ("Express: .waitForTaskToken", task(Resource="arn:aws:states:::sqs:sendMessage.waitForTaskToken"), [(S, "/States/T/Resource")],
     "Express state machine does not support '.waitForTaskToken' service integration ", "EXPRESS"),
    ("Express: activity", task(Resource="arn:aws:states:us-east-1:123456789012:activity:a"), [(S, "/States/T/Resource")],
     "Express state machine does not support Activity ARN", "EXPRESS"),
    ("Express: .sync:2", task(Resource="arn:aws:states:::states:startExecution.sync:2"), [(S, "/States/T/Resource")],
     "Express state machine does not support '.sync' service integration", "EXPRESS"),
    ("Express: inside a Map", map_(branch("X", {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": True})),
     [(S, "/States/M/ItemProcessor/States/X/Resource")], None, "EXPRESS"),
    # --- Retry and Catch -----------------------------------------------------------------
    ("Retry not a list", task(Retry={}), [(S, "/States/T/Retry")], None, "STANDARD"),
    ("retrier without ErrorEquals", task(Retry=[{"MaxAttempts": 1}]), [(S, "/States/T/Retry/0")],
     "The field 'ErrorEquals' is required but was missing", "STANDARD"),
    ("empty ErrorEquals", task(Retry=[{"ErrorEquals": []}]), [(S, "/States/T/Retry/0/ErrorEquals")], "Value cannot be empty", "STANDARD"),
    ("IntervalSeconds 0", task(Retry=[{"ErrorEquals": ["X"], "IntervalSeconds": 0}]), [(S, "/States/T/Retry/0/IntervalSeconds")], "Minimum value is 1", "STANDARD"),
    ("MaxAttempts negative", task(Retry=[{"ErrorEquals": ["X"], "MaxAttempts": -1}]), [(S, "/States/T/Retry/0/MaxAttempts")], "Minimum value is 0", "STANDARD"),
    ("BackoffRate below 1", task(Retry=[{"ErrorEquals": ["X"], "BackoffRate": 0.5}]), [(S, "/States/T/Retry/0/BackoffRate")], "Minimum value is 1.0", "STANDARD"),
    ("MaxDelaySeconds 0", task(Retry=[{"ErrorEquals": ["X"], "MaxDelaySeconds": 0}]), [(S, "/States/T/Retry/0/MaxDelaySeconds")], None, "STANDARD"),
    ("JitterStrategy not in enum", task(Retry=[{"ErrorEquals": ["X"], "JitterStrategy": "HALF"}]), [(S, "/States/T/Retry/0/JitterStrategy")], None, "STANDARD"),
    ("States.ALL not alone", task(Retry=[{"ErrorEquals": ["States.ALL", "X"]}]), [(S, "/States/T/Retry/0/ErrorEquals")], None, "STANDARD"),
    ("States.ALL not last", task(Retry=[{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}]), [(S, "/States/T/Retry/0")], None, "STANDARD"),
    ("unknown retrier field", task(Retry=[{"ErrorEquals": ["X"], "Next": "T"}]), [(S, "/States/T/Retry/0")], "Field 'Next' is not supported", "STANDARD"),
    ("catcher without Next", task(Catch=[{"ErrorEquals": ["X"]}]), [(S, "/States/T/Catch/0")], "The field 'Next' is required but was missing", "STANDARD"),
    ("catcher Next names no state", task(Catch=[{"ErrorEquals": ["X"], "Next": "Ghost"}]), [(T, "/States/T/Catch/0/Next")], "Missing 'Next' target: Ghost", "STANDARD"),
    ("catcher ResultPath not a reference path", task(Catch=[{"ErrorEquals": ["X"], "Next": "T", "ResultPath": "$.a[*]"}]),
     [(S, "/States/T/Catch/0/ResultPath")], None, "STANDARD"),
    ("catcher Output in JSONPath", task(Catch=[{"ErrorEquals": ["X"], "Next": "T", "Output": {}}]), [(S, "/States/T/Catch/0/Output")],
     "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage", "STANDARD"),
    ("catcher not an object", task(Catch=["X"]), [(S, "/States/T/Catch/0")], None, "STANDARD"),
    # --- paths and templates -------------------------------------------------------------
    ("InputPath without $", pass_(InputPath="a.b"), [(S, "/States/A/InputPath")], None, "STANDARD"),
    ("ResultPath with a wildcard", pass_(ResultPath="$.a[*]"), [(S, "/States/A/ResultPath")], None, "STANDARD"),
    ("OutputPath not a string", pass_(OutputPath=5), [(S, "/States/A/OutputPath")], None, "STANDARD"),
    ("template value not a path", pass_(Parameters={"k.$": "not a path"}), [(S, "/States/A/Parameters")],
     "The value for the field 'k.$' must be a valid JSONPath or a valid intrinsic function call", "STANDARD"),
    ("nested template value broken", pass_(Parameters={"x": [{"k.$": "$.a["}]}), [(S, "/States/A/Parameters")], None, "STANDARD"),
    ("template value not a string", pass_(Parameters={"k.$": 5}), [(S, "/States/A/Parameters")], None, "STANDARD"),
    ("unknown intrinsic", pass_(Parameters={"k.$": "States.Nope($.a)"}), [(S, "/States/A/Parameters")], None, "STANDARD"),
    ("intrinsic argument count", pass_(Parameters={"k.$": "States.ArrayLength()"}), [(S, "/States/A/Parameters")], None, "STANDARD"),
    ("intrinsic illegal escape", pass_(Parameters={"k.$": "States.Format('a \\\"b\\\" {}', 'c')"}), [(S, "/States/A/Parameters")], None, "STANDARD"),
    ("Parameters not an object", pass_(Parameters=[1]), [(S, "/States/A/Parameters")], None, "STANDARD"),
    ("ResultSelector on Pass", pass_(ResultSelector={}), [(S, "/States/A")], None, "STANDARD"),
    ("Result on Task", task(Result={}), [(S, "/States/T")], None, "STANDARD"),
    ("ItemSelector value broken", map_(ItemSelector={"v.$": "$$.Map.Item.Value["}), [(S, "/States/M/ItemSelector")], None, "STANDARD"),
    # --- Choice --------------------------------------------------------------------------
    ("no rules", choice(), [(S, "/States/C/Choices")], "Value cannot be empty", "STANDARD"),
    ("no Choices field", choice(Choices=DELETE), [(S, "/States/C")], "These fields are required: [Choices]", "STANDARD"),
    ("rule without Next", choice(rule(Next=DELETE)), [(S, "/States/C/Choices/0")], None, "STANDARD"),
    ("rule with two operators", choice(rule(NumericEquals=1)), [(S, "/States/C/Choices/0")], None, "STANDARD"),
    ("rule without operator", choice(rule(StringEquals=DELETE)), [(S, "/States/C/Choices/0")], None, "STANDARD"),
    ("Next inside And", choice({"And": [rule()], "Next": "E"}), [(S, "/States/C/Choices/0/And/0")], "Field 'Next' is not supported", "STANDARD"),
    ("empty And", choice({"And": [], "Next": "E"}), [(S, "/States/C/Choices/0/And")], "Value cannot be empty", "STANDARD"),
    ("Variable not a reference path", choice(rule(Variable="$.a[*]")), [(S, "/States/C/Choices/0/Variable")], None, "STANDARD"),
    ("no Variable", choice(rule(Variable=DELETE)), [(S, "/States/C/Choices/0")], None, "STANDARD"),
    ("StringEquals with a number", choice(rule(StringEquals=5)), [(S, "/States/C/Choices/0/StringEquals")], "Expected value of type [STRING]", "STANDARD"),
    ("TimestampEquals not a timestamp", choice(rule(StringEquals=DELETE, TimestampEquals="yesterday")),
     [(S, "/States/C/Choices/0/TimestampEquals")], "String does not match RFC3339 timestamp", "STANDARD"),
    ("NumericEqualsPath not a reference path", choice(rule(StringEquals=DELETE, NumericEqualsPath="$.a[*]")),
     [(S, "/States/C/Choices/0/NumericEqualsPath")], None, "STANDARD"),
    ("Choice with Next", choice(rule(), Next="E"), [(S, "/States/C")], "Field 'Next' is not supported", "STANDARD"),
    ("Default names no state", choice(rule(), Default="Ghost"), [(T, "/States/C/Default")], None, "STANDARD"),
    ("rule Next names no state", choice(rule(Next="Ghost")), [(T, "/States/C/Choices/0/Next")], None, "STANDARD"),
    ("unknown operator", choice(rule(StringEquals=DELETE, StringContains="a")), [(S, "/States/C/Choices/0"), (S, "/States/C/Choices/0")], None, "STANDARD"),
    ("Not holding a list", choice({"Not": [rule(Next=DELETE)], "Next": "E"}), [(S, "/States/C/Choices/0/Not")], None, "STANDARD"),
    ("Condition in a JSONPath rule", choice({"Condition": "{% true %}", "Next": "E"}), [(S, "/States/C/Choices/0"), (S, "/States/C/Choices/0")],
     "The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage", "STANDARD"),
    ("Variable in a JSONata rule", jsonata(choice({"Condition": "{% true %}", "Variable": "$.a", "Next": "E"})), [(S, "/States/C/Choices/0")],
     "The QueryLanguage is set to 'JSONata', but field 'Variable' is only supported for the 'JSONPath' QueryLanguage", "STANDARD"),
    ("JSONata rule without Condition", jsonata(choice({"Next": "E"})), [(S, "/States/C/Choices/0")], None, "STANDARD"),
    ("JSONata Condition does not parse", jsonata(choice({"Condition": "{% 1 + %}", "Next": "E"})), [(J, "/States/C/Choices/0/Condition")], None, "STANDARD"),
    # --- Wait and Fail ---------------------------------------------------------------------
    ("Wait without duration", wait(), [(S, "/States/W")], None, "STANDARD"),
    ("Wait with two durations", wait(Seconds=1, SecondsPath="$.s"), [(S, "/States/W")], None, "STANDARD"),
    ("negative Seconds", wait(Seconds=-1), [(S, "/States/W/Seconds")], "Minimum value is 0", "STANDARD"),
    ("Timestamp without zone", wait(Timestamp="2016-12-05T21:29:29"), [(S, "/States/W/Timestamp")], "String does not match RFC3339 timestamp", "STANDARD"),
    ("SecondsPath not a reference path", wait(SecondsPath="$..s"), [(S, "/States/W/SecondsPath")], None, "STANDARD"),
    ("Error and ErrorPath", fail(Error="E", ErrorPath="$.e"), [(S, "/States/F/Error")], None, "STANDARD"),
    ("CausePath not a path", fail(CausePath="cause"), [(S, "/States/F/CausePath")], None, "STANDARD"),
    ("Fail with Next", fail(Next="F"), [(S, "/States/F")], "Field 'Next' is not supported", "STANDARD"),
    ("Fail with InputPath", fail(InputPath="$"), [(S, "/States/F")], "Field 'InputPath' is not supported", "STANDARD"),
    # --- Parallel --------------------------------------------------------------------------
    ("no branches", parallel(Branches=[]), [(S, "/States/P/Branches")], "Value cannot be empty", "STANDARD"),
    ("branch without StartAt", parallel({"States": {"X": PASS_END}}), [(S, "/States/P/Branches/0")], "These fields are required: [StartAt]", "STANDARD"),
    ("branch with QueryLanguage", parallel(branch() | {"QueryLanguage": "JSONata"}), [(S, "/States/P/Branches/0")],
     "Field 'QueryLanguage' is not supported", "STANDARD"),
    ("Next out of a branch", {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "Z", "Branches": [branch("X", {"Type": "Pass", "Next": "Z"})]},
                                                        "Z": {"Type": "Succeed"}}},
     [(T, "/States/P/Branches/0/States/X/Next")], None, "STANDARD"),
    ("TimeoutSeconds on Parallel", parallel(TimeoutSeconds=5), [(S, "/States/P")], "Field 'TimeoutSeconds' is not supported", "STANDARD"),
    # --- Map -------------------------------------------------------------------------------
    ("Map without processor", map_(ItemProcessor=DELETE), [(S, "/States/M")], None, "STANDARD"),
    ("Map with ItemProcessor and Iterator", map_(Iterator=branch("Y")), [(S, "/States/M")], None, "STANDARD"),
    ("unknown processor Mode", map_({**branch(), "ProcessorConfig": {"Mode": "LOCAL"}}), [(S, "/States/M/ItemProcessor/ProcessorConfig/Mode")], None, "STANDARD"),
    ("DISTRIBUTED without ExecutionType", map_({**branch(), "ProcessorConfig": {"Mode": "DISTRIBUTED"}}),
     [(S, "/States/M/ItemProcessor/ProcessorConfig")], "The field 'ExecutionType' is required but was missing", "STANDARD"),
    ("INLINE with ExecutionType", map_({**branch(), "ProcessorConfig": {"Mode": "INLINE", "ExecutionType": "EXPRESS"}}),
     [(S, "/States/M/ItemProcessor/ProcessorConfig")], "Field 'ExecutionType' is not supported", "STANDARD"),
    ("negative MaxConcurrency", map_(MaxConcurrency=-1), [(S, "/States/M/MaxConcurrency")], "Minimum value is 0", "STANDARD"),
    ("MaxConcurrency and its Path", map_(MaxConcurrency=2, MaxConcurrencyPath="$.limit"), [(S, "/States/M/MaxConcurrency")], None, "STANDARD"),
    ("MaxConcurrencyPath selecting many", map_(MaxConcurrencyPath="$.limits[*]"), [(S, "/States/M/MaxConcurrencyPath")], None, "STANDARD"),
    ("ToleratedFailurePercentage above 100", map_(ToleratedFailurePercentage=101), [(S, "/States/M/ToleratedFailurePercentage")], "Maximum value is 100", "STANDARD"),
    ("ItemsPath not a reference path", map_(ItemsPath="$.items[0:2]"), [(S, "/States/M/ItemsPath")], None, "STANDARD"),
    ("ItemReader resource", map_(distributed(), ItemReader={"Resource": "arn:aws:states:::s3:unknownOperation"}),
     [(S, "/States/M/ItemReader/Resource")], None, "STANDARD"),
    ("ReaderConfig InputType", map_(distributed(), ItemReader={"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "XML"}}),
     [(S, "/States/M/ItemReader/ReaderConfig/InputType")], None, "STANDARD"),
    ("ItemReader without Resource", map_(distributed(), ItemReader={"ReaderConfig": {}}), [(S, "/States/M/ItemReader")], None, "STANDARD"),
    ("CSV headers GIVEN but missing", map_(distributed(), ItemReader={"Resource": "arn:aws:states:::s3:getObject",
                                                                      "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN"}}),
     [(S, "/States/M/ItemReader/ReaderConfig")], None, "STANDARD"),
    ("ItemBatcher in an inline Map", map_(ItemBatcher={"MaxItemsPerBatch": 2}), [(S, "/States/M")], None, "STANDARD"),
    ("empty ItemBatcher", map_(distributed(), ItemBatcher={}), [(S, "/States/M/ItemBatcher")], None, "STANDARD"),
    ("WriterConfig half given", map_(distributed(), ResultWriter={"WriterConfig": {"OutputType": "JSON"}}),
     [(S, "/States/M/ResultWriter/WriterConfig")], None, "STANDARD"),
    ("Label too long", map_(distributed(), Label="L" * 41), [("INVALID_LABEL_NAME", "/States/M/Label")], None, "STANDARD"),
    ("Label with a colon", map_(distributed(), Label="a:b"), [("INVALID_LABEL_NAME", "/States/M/Label")], None, "STANDARD"),
    ("duplicate Label", {"StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemProcessor": distributed(), "Label": "L", "Next": "N"},
        "N": {"Type": "Map", "ItemProcessor": {**distributed(), "StartAt": "Y", "States": {"Y": PASS_END}}, "Label": "L", "End": True}}},
     [("DUPLICATE_LABEL_NAME", "/States/N/Label")], None, "STANDARD"),
    ("Items in JSONPath", map_(Items=[1]), [(S, "/States/M")],
     "The QueryLanguage is set to 'JSONPath', but field 'Items' is only supported for the 'JSONata' QueryLanguage", "STANDARD"),
    ("ItemProcessor with QueryLanguage", map_({**branch(), "QueryLanguage": "JSONata"}), [(S, "/States/M/ItemProcessor")],
     "Field 'QueryLanguage' is not supported", "STANDARD"),
    ("Parameters and ItemSelector", map_(Parameters={}, ItemSelector={}), [(S, "/States/M/Parameters")], None, "STANDARD"),
    ("Items not an array", jsonata(map_(Items=5)), [(S, "/States/M/Items")], None, "STANDARD"),
    # --- query languages -------------------------------------------------------------------
    ("InputPath in JSONata", jsonata(pass_(InputPath="$.a")), [(S, "/States/A")],
     "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage", "STANDARD"),
    ("Output in JSONPath", pass_(Output={}), [(S, "/States/A")], None, "STANDARD"),
    ("Arguments on a JSONPath Task", task(Arguments={}), [(S, "/States/T")], None, "STANDARD"),
    ("JSONPath state in a JSONata machine", jsonata(pass_(QueryLanguage="JSONPath", Output={})), [(S, "/States/A")],
     "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", "STANDARD"),
    ("JSONata syntax error", jsonata(pass_(Output="{% 1 + %}")), [(J, "/States/A/Output")], None, "STANDARD"),
    ("JSONata syntax error deep in Output", jsonata(pass_(Output={"x": ["{% ( %}"]})), [(J, "/States/A/Output/x/0")], None, "STANDARD"),
    ("$$ in JSONata", jsonata(pass_(Output="{% $$ %}")), [(U, "/States/A/Output")], "Reference to '$$' is not supported.", "STANDARD"),
    ("errorOutput outside a Catch", jsonata(pass_(Output="{% $states.errorOutput %}")), [(U, "/States/A/Output")],
     "Field '$states.errorOutput' does not exist.", "STANDARD"),
    ("Arguments that do not parse", jsonata(task(Arguments={"a": "{% [ %}"})), [(J, "/States/T/Arguments/a")], None, "STANDARD"),
    ("TimeoutSeconds expression broken", jsonata(task(TimeoutSeconds="{% %}")), [(J, "/States/T/TimeoutSeconds")], None, "STANDARD"),
    ("TimeoutSeconds literal string", jsonata(task(TimeoutSeconds="5")), [(S, "/States/T/TimeoutSeconds")], None, "STANDARD"),
    ("RoleArn.$ in JSONata", jsonata(task(Credentials={"RoleArn.$": "$.r"})), [(S, "/States/T/Credentials")], None, "STANDARD"),
    ("ResultWriter Parameters in JSONata", jsonata(map_(distributed(), ResultWriter={"Resource": "arn:aws:states:::s3:putObject",
                                                                                      "Parameters": {"Bucket": "b"}})),
     [(S, "/States/M/ResultWriter/Parameters")], None, "STANDARD"),
    # --- variables -------------------------------------------------------------------------
    ("assigning states", pass_(Assign={"states": 1}), [(S, "/States/A/Assign/states")], None, "STANDARD"),
    ("assigning a sub-path", pass_(Assign={"a.b": 1}), [(S, "/States/A/Assign/a.b")], None, "STANDARD"),
    ("variable name over 80", pass_(Assign={"v" * 81: 1}), [(S, "/States/A/Assign/" + "v" * 81)], None, "STANDARD"),
    ("Assign not an object", pass_(Assign=[1]), [(S, "/States/A/Assign")], None, "STANDARD"),
    ("Assign value broken", pass_(Assign={"x.$": "$$$"}), [(S, "/States/A/Assign")], None, "STANDARD"),
    ("JSONata Assign broken", jsonata(pass_(Assign={"x": "{% ] %}"})), [(J, "/States/A/Assign/x")], None, "STANDARD"),
]


def _deep(levels: int) -> dict[str, Any]:
    state: dict[str, Any] = PASS_END
    for i in range(levels):
        state = {"Type": "Parallel", "End": True, "Branches": [branch(f"L{i}", state)]}
    return one(state)


def _problems(definition: Any, machine_type: str) -> list[Any]:
    with pytest.raises(DefinitionError) as caught:
        asl.parse(definition, machine_type=machine_type)
    return caught.value.problems


@pytest.mark.parametrize("name, definition, expected, words, machine_type", CASES, ids=[c[0] for c in CASES])
def test_invalid_definition(name: str, definition: Any, expected: list[tuple[str, str]], words: str | None, machine_type: str) -> None:
    problems = _problems(definition, machine_type)
    assert [(p.code, p.location) for p in problems] == expected, [str(p) for p in problems]
    if words is not None:
        assert any(words in p.message for p in problems), [p.message for p in problems]
    assert all(p.severity == "ERROR" for p in problems)


def test_there_are_many_cases() -> None:
    assert len(CASES) >= 80


def test_nesting_beyond_the_limit_is_too_deeply_nested() -> None:
    from asl.validation.structure import MAX_SCOPE_DEPTH

    problems = _problems(_deep(MAX_SCOPE_DEPTH + 1), "STANDARD")
    assert [p.code for p in problems] == ["TOO_DEEPLY_NESTED"]
    assert problems[0].location.count("/Branches/0") == MAX_SCOPE_DEPTH + 1
    asl.parse(_deep(MAX_SCOPE_DEPTH))  # the limit itself is fine


def test_duplicate_keys_in_json_text_are_duplicate_state_names() -> None:
    text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}'
    problems = _problems(text, "STANDARD")
    assert [(p.code, p.location, p.message) for p in problems] == [
        ("DUPLICATE_STATE_NAME", "/States/A", "Duplicate State name: A")
    ]


def test_every_problem_is_reported_at_once() -> None:
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "nope", "TimeoutSeconds": 0, "Next": "Ghost"},
        "B": {"Type": "Wait", "Seconds": -1, "End": True},
    }}
    problems = _problems(json.dumps(definition), "STANDARD")
    assert [(p.code, p.location) for p in problems] == [
        (S, "/States/A/TimeoutSeconds"), (S, "/States/A/Resource"), (S, "/States/B/Seconds"),
        (T, "/States/A/Next"), (T, "/States/B"),
    ]
