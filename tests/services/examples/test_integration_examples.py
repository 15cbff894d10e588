"""Each example of ``examples/integrations`` on moto in-process, judged by the service's
state afterwards: the message is in the queue, the item in the table, the object in the
bucket."""
from __future__ import annotations

import importlib.util
import json
from typing import Any

import asl
from tests.services.conftest import EXAMPLES, REGION, example

ACCOUNT = "123456789012"  # moto's account


def _queue(client: Any, name: str) -> str:
    return client("sqs").create_queue(QueueName=name)["QueueUrl"]


def _messages(client: Any, url: str) -> list[dict[str, Any]]:
    answer = client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
    return answer.get("Messages", [])


def _queue_arn(client: Any, url: str) -> str:
    return client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _table(client: Any, name: str) -> None:
    client("dynamodb").create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    )


def _item(client: Any, table: str, key: str) -> dict[str, Any]:
    return client("dynamodb").get_item(TableName=table, Key={"pk": {"S": key}}).get("Item", {})


# ------------------------------------------------------------------ SQS
def test_sqs_order_is_in_the_queue(aws, client) -> None:
    url = _queue(client, "orders")
    result = asl.parse(example("sqs_send_order")).run(
        {"queueUrl": url, "orderId": "o-1", "items": ["book"]}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    (message,) = _messages(client, url)
    assert json.loads(message["Body"]) == {"orderId": "o-1", "items": ["book"]}
    assert message["MessageAttributes"]["kind"]["StringValue"] == "order"
    assert result.output["queued"]["messageId"] == message["MessageId"]


def test_sqs_callback_worker_answers_the_token(aws, client) -> None:
    spec = importlib.util.spec_from_file_location("worker", EXAMPLES / "sqs_callback" / "worker.py")
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    url = _queue(client, "work")
    execution = asl.parse(example("sqs_callback")).start({"queueUrl": url, "orderId": "o-7"}, services=aws)
    execution.run_until_blocked()
    assert execution.status == "RUNNING" and len(execution.pending_tokens) == 1
    assert worker.work_once(client("sqs"), url, execution) == 1
    result = execution.result()
    assert result.status == "SUCCEEDED"
    assert result.output["answer"] == {"orderId": "o-7", "packed": True}
    assert _messages(client, url) == []  # the worker consumed the message


# ------------------------------------------------------------------ SNS
def test_sns_notification_reaches_the_subscriber(aws, client) -> None:
    topic = client("sns").create_topic(Name="shipped")["TopicArn"]
    url = _queue(client, "subscriber")
    client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=_queue_arn(client, url),
                            Attributes={"RawMessageDelivery": "true"})
    result = asl.parse(example("sns_notify")).run({"topicArn": topic, "orderId": "o-2"}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    (message,) = _messages(client, url)
    assert json.loads(message["Body"]) == {"orderId": "o-2", "status": "SHIPPED"}


# ------------------------------------------------------------------ DynamoDB
def test_dynamodb_order_is_in_the_table(aws, client) -> None:
    _table(client, "orders")
    result = asl.parse(example("dynamodb_save_order")).run(
        {"table": "orders", "orderId": "o-3", "total": 42}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    assert _item(client, "orders", "o-3") == {"pk": {"S": "o-3"}, "total": {"N": "42"}, "status": {"S": "PAID"}}
    assert result.output["stored"] == {"status": "PAID", "total": "42"}
    assert result.output["update"] == {"status": "PAID"}


def test_dynamodb_missing_table_is_caught_by_its_aws_error_name(aws, client) -> None:
    result = asl.parse(example("dynamodb_save_order")).run(
        {"table": "nowhere", "orderId": "o-4", "total": 1}, services=aws)
    assert result.status == "FAILED" and result.error == "OrderNotSaved"
    assert "(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException" in result.cause


# ------------------------------------------------------------------ EventBridge
def test_eventbridge_event_reaches_the_rule_target(aws, client) -> None:
    url = _queue(client, "order-events")
    events = client("events")
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop.orders"]}))
    events.put_targets(Rule="orders", Targets=[{"Id": "q", "Arn": _queue_arn(client, url)}])
    result = asl.parse(example("eventbridge_emit")).run({"orderId": "o-5", "total": 9}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    assert result.output["announced"]["FailedEntryCount"] == 0
    assert "SdkHttpMetadata" not in result.output["announced"]  # as recorded on AWS
    (message,) = _messages(client, url)
    event = json.loads(message["Body"])
    assert event["detail-type"] == "OrderPlaced" and event["detail"] == {"orderId": "o-5", "total": 9}


# ------------------------------------------------------------------ S3
def test_s3_report_is_in_the_bucket(aws, client) -> None:
    client("s3").create_bucket(Bucket="reports")
    result = asl.parse(example("s3_report")).run({"bucket": "reports", "day": "2025-01-01", "orders": 3}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    stored = client("s3").get_object(Bucket="reports", Key="reports/2025-01-01.json")
    assert json.loads(stored["Body"].read()) == {"day": "2025-01-01", "orders": 3}
    assert result.output["read"]["report"] == {"day": "2025-01-01", "orders": 3}
    assert result.output["written"]["etag"] == stored["ETag"]


# ------------------------------------------------------------------ ECS / Fargate
def test_ecs_fargate_task_ran_to_its_end(aws, client) -> None:
    ecs = client("ecs")
    cluster = ecs.create_cluster(clusterName="jobs")["cluster"]["clusterArn"]
    definition = ecs.register_task_definition(
        family="worker", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
        containerDefinitions=[{"name": "worker", "image": "busybox", "essential": True, "memory": 512}],
    )["taskDefinition"]["taskDefinitionArn"]
    subnet = client("ec2").describe_subnets()["Subnets"][0]["SubnetId"]
    group = client("ec2").describe_security_groups()["SecurityGroups"][0]["GroupId"]
    machine = asl.parse(example("ecs_fargate_task"))
    result = machine.run({"cluster": cluster, "taskDefinition": definition, "subnets": [subnet], "securityGroups": [group],
                          "command": ["echo", "hi"]}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    task_arn = result.output["task"]["taskArn"]
    assert result.output["task"]["lastStatus"] == "STOPPED"
    (task,) = ecs.describe_tasks(cluster=cluster, tasks=[task_arn])["tasks"]
    assert task["lastStatus"] == "STOPPED" and task["launchType"] == "FARGATE"
    submitted = next(e for e in result.history if e["type"] == "TaskSubmitted")
    assert json.loads(submitted["taskSubmittedEventDetails"]["output"])["Tasks"][0]["TaskArn"] == task_arn


# ------------------------------------------------------------------ API Gateway
def _api_to_dynamodb(client: Any) -> str:
    """A REST API whose POST /orders writes its body to DynamoDB (PutItem)."""
    api = client("apigateway")
    api_id = api.create_rest_api(name="orders")["id"]
    root = api.get_resources(restApiId=api_id)["items"][0]["id"]
    resource = api.create_resource(restApiId=api_id, parentId=root, pathPart="orders")["id"]
    api.put_method(restApiId=api_id, resourceId=resource, httpMethod="POST", authorizationType="NONE")
    api.put_integration(restApiId=api_id, resourceId=resource, httpMethod="POST", type="AWS",
                        integrationHttpMethod="POST", uri=f"arn:aws:apigateway:{REGION}:dynamodb:action/PutItem")
    api.create_deployment(restApiId=api_id, stageName="prod")
    return f"{api_id}.execute-api.{REGION}.amazonaws.com"


def test_apigateway_call_reaches_the_backend(aws, client) -> None:
    _table(client, "orders")
    endpoint = _api_to_dynamodb(client)
    result = asl.parse(example("apigateway_call")).run(
        {"apiEndpoint": endpoint, "table": "orders", "orderId": "o-6"}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    assert result.output["api"] == {"status": 200}
    assert _item(client, "orders", "o-6") == {"pk": {"S": "o-6"}, "via": {"S": "api"}}


# ------------------------------------------------------------------ nested Step Functions
def test_nested_child_runs_in_our_engine_and_writes_its_item(aws, client) -> None:
    _table(client, "orders")
    child_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:RecordOrder"
    aws.state_machines = {child_arn: asl.parse(example("nested/child"))}
    result = asl.parse(example("nested/parent")).run(
        {"childArn": child_arn, "orderId": "o-8", "table": "orders"}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    assert result.output["child"] == {"status": "SUCCEEDED", "output": {"recorded": "o-8"}}
    assert _item(client, "orders", "o-8") == {"pk": {"S": "o-8"}, "by": {"S": "child"}}


def test_nested_child_failure_is_caught_as_task_failed(aws, client) -> None:
    child_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:RecordOrder"
    aws.state_machines = {child_arn: asl.parse(example("nested/child"))}
    result = asl.parse(example("nested/parent")).run(
        {"childArn": child_arn, "orderId": "o-9", "table": "missing"}, services=aws)
    assert result.status == "SUCCEEDED"
    error = result.output["childError"]
    assert error["Error"] == "States.TaskFailed"
    cause = json.loads(error["Cause"])
    assert cause["Status"] == "FAILED" and cause["Error"] == "DynamoDb.ResourceNotFoundException"
    assert cause["ExecutionArn"] == f"arn:aws:states:{REGION}:{ACCOUNT}:execution:RecordOrder:o-9"


# ------------------------------------------------------------------ Firehose
def test_firehose_record_lands_in_the_bucket(aws, client) -> None:
    client("s3").create_bucket(Bucket="clicks")
    client("firehose").create_delivery_stream(
        DeliveryStreamName="clicks",
        ExtendedS3DestinationConfiguration={"RoleARN": f"arn:aws:iam::{ACCOUNT}:role/firehose",
                                            "BucketARN": "arn:aws:s3:::clicks", "Prefix": "raw/"},
    )
    event = {"page": "/home", "user": "u-1"}
    result = asl.parse(example("firehose_deliver")).run({"stream": "clicks", "event": event}, services=aws)
    assert result.status == "SUCCEEDED", result.cause
    assert result.output["delivered"]["recordId"]
    (stored,) = client("s3").list_objects_v2(Bucket="clicks", Prefix="raw/")["Contents"]
    body = client("s3").get_object(Bucket="clicks", Key=stored["Key"])["Body"].read()
    assert json.loads(body) == event
