"""A Map Run end to end through ``machine.run``: thresholds, virtual time, names, counters."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

import asl
from asl.distributed import InProcessExecutor
from asl.machine import DEFAULT_START_TIME
from dmap_machines import TASK_PROCESSOR, csv_reader, distributed_map, writer


def fail_first(count):
    """A task failing for the items whose n is below ``count``."""

    def work(event):
        n = event["n"] if "n" in event else event["Items"][0]["n"]
        if int(n) < count:
            raise ValueError(f"item {n}")
        return int(n)

    return {"work": work}


def run(definition, items, tasks, **executor):
    machine = asl.parse(definition)
    result = machine.run({"items": items}, tasks, map_executor=InProcessExecutor(**executor))
    (outcome,) = result.map_runs.values()
    return result, outcome


THOUSAND = [{"n": i} for i in range(1000)]


@pytest.mark.parametrize("failing, status", [(100, "SUCCEEDED"), (101, "FAILED")])
def test_ten_percent_of_a_thousand_failing_passes_and_one_more_fails(failing, status):
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", ToleratedFailurePercentage=10)
    result, outcome = run(definition, THOUSAND, fail_first(failing))
    assert result.status == status
    assert outcome.item_counts.failed == failing if status == "SUCCEEDED" else outcome.item_counts.failed >= 101
    if status == "FAILED":
        assert (result.error, result.cause) == ("States.ExceedToleratedFailureThreshold",
                                                "The specified tolerated failure threshold was exceeded")
        assert [e["type"] for e in result.history][-4:] == ["MapRunStarted", "MapRunFailed", "MapStateFailed",
                                                            "ExecutionFailed"]


@pytest.mark.parametrize("failing, status", [(101, "SUCCEEDED"), (102, "FAILED")])
def test_ten_point_one_percent_is_the_decimal_boundary(failing, status):
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", ToleratedFailurePercentage=10.1)
    assert run(definition, THOUSAND, fail_first(failing))[0].status == status


@pytest.mark.parametrize("failing, status", [(100, "SUCCEEDED"), (101, "FAILED")])
def test_the_percentage_of_a_read_file_is_decided_over_all_its_rows(buckets, put, failing, status):
    put("rows.csv", "n\n" + "\n".join(str(i) for i in range(1000)) + "\n")
    definition = distributed_map(TASK_PROCESSOR, ItemReader=csv_reader(), ToleratedFailurePercentage=10)
    result, outcome = run(definition, None, fail_first(failing), objects=buckets)
    assert result.status == status
    assert outcome.item_counts.total == 1000


def test_a_failed_batch_fails_all_its_items_for_the_threshold():
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", ItemBatcher={"MaxItemsPerBatch": 50},
                                 ToleratedFailurePercentage=10)
    result, outcome = run(definition, THOUSAND, fail_first(100))  # batches 0 and 1: 100 items
    assert result.status == "SUCCEEDED"
    assert (outcome.item_counts.failed, outcome.execution_counts.failed) == (100, 2)
    result, outcome = run(definition, THOUSAND, fail_first(101))  # batch 2 fails too: 150 items
    assert result.status == "FAILED"


def test_a_tolerated_count_fails_at_once_and_leaves_the_rest_pending():
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", ToleratedFailureCount=2)
    result, outcome = run(definition, [{"n": i} for i in range(10)], fail_first(3))
    assert result.error == "States.ExceedToleratedFailureThreshold"
    counts = outcome.item_counts
    assert (counts.failed, counts.succeeded, counts.pending, counts.total) == (3, 0, 7, 10)
    assert outcome.describe()["status"] == "FAILED"


def test_without_a_threshold_the_first_failure_fails_the_map_with_its_error():
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items")
    result, _ = run(definition, [{"n": 5}, {"n": 0}], fail_first(1))
    assert (result.status, result.error) == ("FAILED", "ValueError")


def test_max_concurrency_shapes_the_virtual_clock():
    processor = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 10, "End": True}}}
    definition = distributed_map(processor, ItemsPath="$.items", MaxConcurrency=2)
    result, outcome = run(definition, list(range(5)), {})
    starts = [child.history[0]["timestamp"] - DEFAULT_START_TIME for child in outcome.children]
    assert starts == [timedelta(seconds=s) for s in (0, 0, 10, 10, 20)]
    assert outcome.duration == 30
    events = {e["type"]: e["timestamp"] for e in result.history}
    assert events["MapRunSucceeded"] - events["MapRunStarted"] == timedelta(seconds=30)


def test_unbounded_concurrency_starts_every_child_at_once():
    processor = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 10, "End": True}}}
    _, outcome = run(distributed_map(processor, ItemsPath="$.items"), list(range(5)), {})
    assert outcome.duration == 10


def test_children_are_named_as_aws_names_them_with_the_label():
    definition = distributed_map(ItemsPath="$.items", Label="Orders")
    _, outcome = run(definition, [1, 2], {})
    first, second = outcome.children
    assert first.state_machine_arn == "arn:aws:states:us-east-1:123456789012:stateMachine:StateMachine/Orders"
    assert first.arn == f"arn:aws:states:us-east-1:123456789012:execution:StateMachine/Orders:{first.name}"
    assert len(first.name) == 36 and first.name != second.name
    assert ":mapRun:StateMachine/Orders:" in outcome.map_run_arn


def test_express_children_have_express_arns():
    _, outcome = run(distributed_map(ItemsPath="$.items", execution_type="EXPRESS"), [1], {})
    assert ":express:StateMachine/M:" in outcome.children[0].arn


def test_item_selector_runs_per_item_before_batching():
    definition = distributed_map(ItemsPath="$.items", ItemSelector={"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
                                 ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"tag": "t"}})
    result, _ = run(definition, ["a", "b", "c"], {})
    assert result.output == [{"BatchInput": {"tag": "t"}, "Items": [{"v": "a", "i": 0}, {"v": "b", "i": 1}]},
                             {"BatchInput": {"tag": "t"}, "Items": [{"v": "c", "i": 2}]}]


def test_a_reader_with_a_result_writer_through_machine_run(buckets, put):
    put("rows.csv", "n\n1\n2\n3\n")
    definition = distributed_map(ItemReader=csv_reader(), ResultWriter=writer(), ItemBatcher={"MaxItemsPerBatch": 2})
    result, outcome = run(definition, None, {}, objects=buckets)
    key = result.output["ResultWriterDetails"]["Key"]
    assert key == f"results/{outcome.map_run_arn.rsplit(':', 1)[-1]}/manifest.json"
    assert (buckets.root / "out" / key).exists()
    assert outcome.item_counts.results_written == 2
    assert [e["type"] for e in result.history] == [
        "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
        "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]


def test_a_reader_failure_fails_the_map_run_with_item_reader_failed(buckets):
    definition = distributed_map(ItemReader=csv_reader(key="absent.csv"))
    result, outcome = run(definition, None, {}, objects=buckets)
    assert (result.error, result.cause) == ("States.ItemReaderFailed", "The specified key does not exist.")
    assert outcome.item_counts.total == 0


def test_only_the_first_children_keep_their_history():
    _, outcome = run(distributed_map(ItemsPath="$.items"), list(range(5)), {}, keep_children=2)
    assert [c.index for c in outcome.children] == [0, 1]
    assert outcome.children[0].history[0]["type"] == "ExecutionStarted"
    assert outcome.children[0].result.output == 0
    assert outcome.execution_counts.succeeded == 5


def test_runs_are_deterministic():
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", ToleratedFailureCount=3)
    first = run(definition, THOUSAND[:30], fail_first(2))
    second = run(definition, THOUSAND[:30], fail_first(2))
    assert first[0].output == second[0].output
    assert [c.history for c in first[1].children] == [c.history for c in second[1].children]


def test_children_answer_tasks_from_executor_handlers_named_by_path():
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", ItemBatcher={"MaxItemsPerBatch": 2})
    machine = asl.parse(definition)
    executor = InProcessExecutor(tasks={"work": "dmap_handlers:count_items"})
    result = machine.run({"items": [{"n": 1}, {"n": 2}, {"n": 3}]}, map_executor=executor)
    assert result.output == [{"count": 2, "total": 3}, {"count": 1, "total": 3}]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
batcher_values = st.none() | st.integers(min_value=-2, max_value=5) | st.sampled_from(["2", "x", 300000, 1.5])


@settings(max_examples=60, deadline=None)
@given(st.lists(json_scalars | st.lists(json_scalars, max_size=3), max_size=12), batcher_values, batcher_values,
       st.none() | st.integers(min_value=0, max_value=3), st.none() | st.integers(min_value=-1, max_value=3))
def test_any_items_and_batcher_values_end_in_an_outcome(items, per_batch, max_bytes, concurrency, tolerated):
    """Values come through paths, so the validator cannot refuse them: the run must."""
    fields = {"ItemsPath": "$.items", "MaxConcurrencyPath": "$.concurrency", "ToleratedFailureCountPath": "$.tolerated"}
    values = {"items": items, "perBatch": per_batch, "maxBytes": max_bytes, "concurrency": concurrency or 0,
              "tolerated": tolerated or 0}
    batcher = {f"{k}Path": f"$.{key}" for k, key, v in (("MaxItemsPerBatch", "perBatch", per_batch),
                                                         ("MaxInputBytesPerBatch", "maxBytes", max_bytes)) if v is not None}
    if batcher:
        fields["ItemBatcher"] = batcher
    result = asl.parse(distributed_map(**fields)).run(values, map_executor=InProcessExecutor())
    assert result.status in ("SUCCEEDED", "FAILED")
    if result.status == "SUCCEEDED" and not batcher:
        assert result.output == items


def test_without_objects_the_map_reads_and_writes_the_s3_of_services():
    moto = pytest.importorskip("moto", reason="moto is not installed")
    boto3 = pytest.importorskip("boto3")
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in ("in-bucket", "out-bucket"):
            s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket="in-bucket", Key="rows.csv", Body=b"n\n1\n2\n3\n")
        definition = distributed_map(ItemReader=csv_reader(bucket="in-bucket"), ResultWriter=writer(bucket="out-bucket"),
                                     ItemBatcher={"MaxItemsPerBatch": 2})
        result = asl.parse(definition).run({}, services={"region_name": "us-east-1"})
        assert result.status == "SUCCEEDED", result.cause
        key = result.output["ResultWriterDetails"]["Key"]
        manifest = json.loads(s3.get_object(Bucket="out-bucket", Key=key)["Body"].read())
        (succeeded,) = manifest["ResultFiles"]["SUCCEEDED"]
        records = json.loads(s3.get_object(Bucket="out-bucket", Key=succeeded["Key"])["Body"].read())
        assert [json.loads(r["Output"])["Items"] for r in records] == [[{"n": "1"}, {"n": "2"}], [{"n": "3"}]]


def test_a_failed_exported_run_writes_its_unstarted_children_as_pending_records(tmp_path):
    from asl.distributed import LocalBuckets

    (tmp_path / "out").mkdir()
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", ToleratedFailureCount=0, Label="L",
                                 ResultWriter=writer())
    result, outcome = run(definition, [{"n": i} for i in range(4)], fail_first(1), objects=LocalBuckets(tmp_path))
    assert result.error == "States.ExceedToleratedFailureThreshold"
    base = tmp_path / "out" / "results" / outcome.map_run_arn.rsplit(":", 1)[-1]
    (failed,) = json.loads((base / "FAILED_0.json").read_text())
    pending = json.loads((base / "PENDING_0.json").read_text())
    assert [json.loads(r["Input"]) for r in pending] == [{"n": 1}, {"n": 2}, {"n": 3}]
    machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:StateMachine/L"
    for record in [failed, *pending]:
        assert record["StateMachineArn"] == machine_arn
        assert record["ExecutionArn"] == f"arn:aws:states:us-east-1:123456789012:execution:StateMachine/L:{record['Name']}"
    assert failed["ExecutionArn"] == outcome.children[0].arn
