"""Children on a small Dask LocalCluster give the very files of an in-process run."""
from __future__ import annotations

import pytest

import asl
from asl.distributed import InProcessExecutor, LocalBuckets
from dmap_machines import TASK_PROCESSOR, csv_reader, distributed_map, tree, writer

distributed = pytest.importorskip("distributed", reason="the Dask executor needs the 'dask' extra")


@pytest.fixture(scope="module")
def dask_executor():
    from asl.distributed import DaskExecutor

    with DaskExecutor.local(n_workers=2, threads_per_worker=1) as executor:
        yield executor


def test_a_batched_csv_run_on_two_workers_writes_what_one_process_writes(tmp_path, dask_executor):
    tasks = {"work": "dmap_handlers:count_items"}  # imported on the workers
    for name, executor in (("inline", InProcessExecutor(tasks=tasks)), ("dask", dask_executor)):
        root = tmp_path / name
        (root / "in").mkdir(parents=True)
        (root / "out").mkdir()
        (root / "in" / "rows.csv").write_text("n\n" + "\n".join(str(i) for i in range(500)) + "\n")
        executor.objects, executor.tasks = LocalBuckets(root), tasks
        definition = distributed_map(TASK_PROCESSOR, ItemReader=csv_reader(), ItemBatcher={"MaxItemsPerBatch": 40},
                                     ResultWriter=writer(), MaxConcurrency=4)
        result = asl.parse(definition).run({}, map_executor=executor)
        assert result.status == "SUCCEEDED", result.cause
    inline, on_dask = tree(tmp_path / "inline" / "out"), tree(tmp_path / "dask" / "out")
    assert len(inline) == 2 and inline == on_dask
    (outcome,) = result.map_runs.values()
    assert outcome.children[0].history[0]["type"] == "ExecutionStarted" and outcome.children[0].result is None
    assert outcome.execution_counts.succeeded == 13


def test_unbatched_children_travel_by_the_dozen_and_failures_count_in_order(dask_executor):
    dask_executor.objects, dask_executor.tasks = None, {}
    definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", ToleratedFailureCount=5)
    items = {"items": [{"n": n} for n in range(-5, 95)]}
    result = asl.parse(definition).run(items, {"work": "dmap_handlers:fail_on_negative"}, map_executor=dask_executor)
    assert result.status == "SUCCEEDED"
    assert result.output[5:8] == [0, 1, 2] and result.output[0]["Error"] == "ValueError"
    (outcome,) = result.map_runs.values()
    assert (outcome.item_counts.failed, outcome.item_counts.succeeded) == (5, 95)
