"""Request checking: botocore's client-side rules, the service's constraints, and that no
input whatsoever gets anything but an AWS-shaped error out of the engine."""
from __future__ import annotations

from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asl
from asl.engine import ClientError, ParamValidationError
from asl.engine.errors import Fault
from asl.engine.params import OPERATIONS, check_constraints, check_name, check_request, parse_arn
from engine_fixtures import PASS_MACHINE, ROLE


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ParamValidationError) as excinfo:
        check_request("start_execution", {"name": 3, "other": True})
    report = str(excinfo.value)
    assert 'Missing required parameter in input: "stateMachineArn"' in report
    assert 'Unknown parameter in input: "other"' in report
    assert "Invalid type for parameter name, value: 3" in report


def test_booleans_are_not_integers() -> None:
    with pytest.raises(ParamValidationError):
        check_request("list_state_machines", {"maxResults": True})


def test_service_constraints_are_counted() -> None:
    with pytest.raises(Fault) as excinfo:
        check_constraints("get_execution_history", {"executionArn": "a" * 257, "maxResults": 1001})
    assert excinfo.value.code == "ValidationException"
    assert excinfo.value.message.startswith("2 validation errors detected: ")
    assert "Member must have value less than or equal to 1000" in excinfo.value.message


def test_arns() -> None:
    parsed = parse_arn("arn:aws:states:eu-west-1:111122223333:execution:Machine:run-1", "execution")
    assert (parsed.region, parsed.account, parsed.kind, parsed.parts) == (
        "eu-west-1", "111122223333", "execution", ("Machine", "run-1"))
    for bad in ("arn:aws:states:us-east-1:1:stateMachine:M", "arn:aws:states:us-east-1:1:execution:M",
                "arn:aws:lambda:us-east-1:1:function:f:x", "nonsense", "arn:aws:states:us-east-1:1:execution::x"):
        with pytest.raises(Fault) as excinfo:
            parse_arn(bad, "execution")
        assert excinfo.value.code == "InvalidArn"


@pytest.mark.parametrize("name", ["ok-name_1.2", "é", "x" * 80, "日本"])
def test_valid_names(name: str) -> None:
    check_name(name)


@pytest.mark.parametrize("name", ["a b", "a\nb", "a\u0085b", "a\ud800", "<x>", "a#b", "a%b", "a$b", "a&b", "a,b"])
def test_invalid_names(name: str) -> None:
    with pytest.raises(Fault) as excinfo:
        check_name(name)
    assert excinfo.value.code == "InvalidName"


def test_the_table_names_the_aws_operations() -> None:
    assert OPERATIONS["start_execution"][0] == "StartExecution"
    assert all(name.islower() and aws[0].isupper() for name, (aws, _) in OPERATIONS.items())


# ----------------------------------------------------------------------------- fuzzing the API
@pytest.fixture(scope="module")
def fuzzed() -> Iterator[tuple[asl.Engine, dict[str, str]]]:
    engine = asl.Engine(":memory:", clock="virtual", seed=0)
    arn = engine.create_state_machine(name="Fuzz", definition=PASS_MACHINE, roleArn=ROLE)["stateMachineArn"]
    execution = engine.start_execution(stateMachineArn=arn, name="known")["executionArn"]
    engine.wait(execution)
    try:
        yield engine, {"stateMachineArn": arn, "executionArn": execution}
    finally:
        engine.close()


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70), st.floats(allow_nan=True),
                     st.text(max_size=40), st.sampled_from(["{}", "[]", '"x"', "{bad", "arn:aws:states:::x"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                       max_leaves=6)


@st.composite
def requests(draw: st.DrawFn, known: dict[str, str]) -> tuple[str, dict[str, Any]]:
    operation = draw(st.sampled_from(sorted(OPERATIONS)))
    params = OPERATIONS[operation][1]
    kwargs: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(sorted(params) + ["bogus"]), unique=True)):
        if name in known and draw(st.booleans()):
            kwargs[name] = known[name]
        else:
            kwargs[name] = draw(_VALUES)
    return operation, kwargs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_request_gets_a_result_or_an_aws_error(fuzzed: tuple[asl.Engine, dict[str, str]], data: Any) -> None:
    engine, known = fuzzed
    operation, kwargs = data.draw(requests(known))
    try:
        response = getattr(engine, operation)(**kwargs)
    except (ClientError, ParamValidationError):
        return
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(definition=st.one_of(st.text(max_size=60), _VALUES.map(lambda v: __import__("json").dumps(v))))
def test_any_definition_is_created_or_rejected_as_aws_does(fuzzed: tuple[asl.Engine, dict[str, str]],
                                                           definition: str) -> None:
    engine, _ = fuzzed
    try:
        engine.create_state_machine(name="Fuzzed", definition=definition, roleArn=ROLE)
    except (engine.exceptions.InvalidDefinition, engine.exceptions.StateMachineAlreadyExists,
            ParamValidationError):
        pass
