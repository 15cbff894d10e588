"""The AWS resources a recorded case's test had created, rebuilt in moto before the run.

The recordings keep what the state machine sent (``task_results[].input``) but not the
world it ran against: the queue, the table, the bucket and its object, the child state
machine. This module recreates that world from the recording's own evidence, and only
that: resource names from the recorded inputs, a table's key from the recorded ``Key``,
an object's content from a recorded ``getObject`` answer (the object existed before the
run), a child state machine that answers what the recorded child answered, and a
resource left out when the recorded call failed because it did not exist. The
*answers* of the run come from moto, never from the recording.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterator

from conformance.cases import Case
from conformance.placeholders import substitute

# per builder, the recorded errors that mean "this resource did not exist": left out
_ABSENT = {
    "sqs": ("NonExistentQueue", "QueueDoesNotExist"),
    "sns": ("NotFound",),
    "dynamodb": ("ResourceNotFound",),
    "s3": ("NoSuchBucket",),
    "states": ("StateMachineDoesNotExist",),
    "sfn": ("StateMachineDoesNotExist",),
}
CHILD_TIMEOUT_FUNCTION = "conformance-child-never-answers"


@dataclass
class World:
    """What was built: values to swap into the input (masked name -> real one), queues
    the worker reads, child state machines by ARN."""

    replacements: dict[str, str] = field(default_factory=dict)
    queues: list[str] = field(default_factory=list)
    machines: dict[str, Any] = field(default_factory=dict)


def recorded_calls(case: Case) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(resource, substituted input, entry) of each recorded service task."""
    for entry in case.task_results:
        params = entry.get("input")
        if isinstance(params, dict):
            yield str(entry.get("resource", "")), substitute(params), entry


def _absent(service: str, entry: dict[str, Any]) -> bool:
    error = str(entry.get("error") or "")
    return any(word in error for word in _ABSENT.get(service, ()))


def build(case: Case, clients: Any) -> World:
    """Create the case's resources through ``clients(service)`` (boto3 clients on moto)."""
    world = World()
    for resource, params, entry in recorded_calls(case):
        service = resource.split(":")[1] if resource.startswith("aws-sdk:") else resource.split(":")[0]
        builder = _BUILDERS.get(service)
        if builder is not None and not _absent(service, entry):
            builder(clients, params, entry, world, case)
    _capture_topics(clients, world)
    return world


def _queue(clients: Any, params: dict[str, Any], entry: dict[str, Any], world: World, case: Case) -> None:
    masked = params.get("QueueUrl")
    if isinstance(masked, str) and masked not in world.replacements and "no-such" not in masked:
        url = clients("sqs").create_queue(QueueName=_name(masked))["QueueUrl"]
        world.replacements[masked] = url
        world.queues.append(url)


def _topic(clients: Any, params: dict[str, Any], entry: dict[str, Any], world: World, case: Case) -> None:
    arn = params.get("TopicArn")
    if not isinstance(arn, str) or arn in world.replacements:
        return
    name = _name(arn.rsplit(":", 1)[-1])
    fifo = "fifo" in case.name.lower()
    attributes = {"FifoTopic": "true", "ContentBasedDeduplication": "true"} if fifo else {}
    created = clients("sns").create_topic(Name=name + (".fifo" if fifo else ""), Attributes=attributes)["TopicArn"]
    world.replacements[arn] = created


def _table(clients: Any, params: dict[str, Any], entry: dict[str, Any], world: World, case: Case) -> None:
    table = params.get("TableName")
    if not isinstance(table, str) or table in world.replacements:
        return
    key = _key_of(case, table)
    name, kind = key
    clients("dynamodb").create_table(
        TableName=table, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": name, "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": name, "AttributeType": kind}],
    )
    world.replacements[table] = table


def _key_of(case: Case, table: str) -> tuple[str, str]:
    """The table's hash key: the attribute of a recorded ``Key`` for it, else ``id``."""
    for _, params, _ in recorded_calls(case):
        key = params.get("Key")
        if params.get("TableName") == table and isinstance(key, dict) and len(key) == 1:
            (name, typed), = key.items()
            if isinstance(typed, dict) and len(typed) == 1:
                return name, next(iter(typed))
    return "id", "S"


def _bucket(clients: Any, params: dict[str, Any], entry: dict[str, Any], world: World, case: Case) -> None:
    bucket = params.get("Bucket")
    if not isinstance(bucket, str):
        return
    s3 = clients("s3")
    if bucket not in world.replacements:
        s3.create_bucket(Bucket=bucket)
        world.replacements[bucket] = bucket
    result = entry.get("result")
    if str(entry.get("resource", "")).endswith(":getObject") and isinstance(result, dict) and "Body" in result:
        s3.put_object(Bucket=bucket, Key=params.get("Key"), Body=str(result["Body"]).encode("utf-8"))


def _child(clients: Any, params: dict[str, Any], entry: dict[str, Any], world: World, case: Case) -> None:
    """A child state machine answering as the recorded child did (its definition was not
    recorded): its output, or its error and cause, or a task that never answers."""
    import asl

    given = params.get("StateMachineArn")
    if not isinstance(given, str) or given in world.replacements:
        return
    arn = given  # a bare mask ("state-machine-arn") stood for a real ARN
    if not given.startswith("arn:"):
        arn = world.replacements[given] = f"arn:aws:states:us-east-1:111111111111:stateMachine:{_name(given)}"
    else:
        world.replacements[given] = given
    world.machines[arn] = asl.parse(_child_definition(entry))


def _child_definition(entry: dict[str, Any]) -> dict[str, Any]:
    result = entry.get("result")
    if isinstance(result, dict) and "Output" in result:
        output = result["Output"]
        value = json.loads(output) if isinstance(output, str) else output
        return {"StartAt": "Answer", "States": {"Answer": {"Type": "Pass", "Result": value, "End": True}}}
    cause = entry.get("cause")
    if isinstance(cause, dict) and cause.get("Error") == "States.Timeout":
        task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "TimeoutSeconds": 1,
                "Parameters": {"FunctionName": CHILD_TIMEOUT_FUNCTION, "Payload.$": "$$.Task.Token"}, "End": True}
        return {"StartAt": "NeverAnswered", "States": {"NeverAnswered": task}}
    if isinstance(cause, dict) and "Error" in cause:
        fail = {"Type": "Fail", "Error": cause["Error"]}
        if "Cause" in cause:
            fail["Cause"] = cause["Cause"]
        return {"StartAt": "Fail", "States": {"Fail": fail}}
    return {"StartAt": "Started", "States": {"Started": {"Type": "Pass", "End": True}}}


def _backend_child(clients: Any, params: dict[str, Any], entry: dict[str, Any], world: World, case: Case) -> None:
    """An SDK integration reaches the backend's Step Functions: the child lives there."""
    arn = params.get("StateMachineArn")
    if not isinstance(arn, str) or arn in world.replacements:
        return
    definition = {"StartAt": "Answer", "States": {"Answer": {"Type": "Pass", "End": True}}}
    created = clients("stepfunctions").create_state_machine(
        name=_name(arn.rsplit(":", 1)[-1]), definition=json.dumps(definition),
        roleArn="arn:aws:iam::123456789012:role/conformance")
    world.replacements[arn] = created["stateMachineArn"]


def _capture_topics(clients: Any, world: World) -> None:
    """Every topic delivers to a queue the worker reads (raw), as the tests' subscribers did."""
    sns = clients("sns")
    for masked, arn in list(world.replacements.items()):
        if arn.startswith("arn:aws:sns:"):
            fifo = arn.endswith(".fifo")
            name = _name(arn.rsplit(":", 1)[-1].replace(".fifo", "")) + "-capture" + (".fifo" if fifo else "")
            attributes = {"FifoQueue": "true"} if fifo else {}
            url = clients("sqs").create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
            queue_arn = clients("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
            world.queues.append(url)


def _name(masked: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_" else "-" for c in masked.rsplit("/", 1)[-1])
    return cleaned.strip("-")[:70] or "queue"


_BUILDERS = {
    "sqs": _queue,
    "sns": _topic,
    "dynamodb": _table,
    "s3": _bucket,
    "states": _child,
    "sfn": _backend_child,
}
