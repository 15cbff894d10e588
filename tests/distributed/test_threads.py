"""The thread executor writes what the in-process one writes, children overlapping."""
from __future__ import annotations

import threading

import asl
from asl.distributed import InProcessExecutor, ThreadExecutor
from dmap_machines import TASK_PROCESSOR, distributed_map, tree, writer


def test_threads_give_the_in_process_results_and_overlap_waiting_tasks(tmp_path):
    running, peak, lock = [0], [0], threading.Lock()
    together = threading.Barrier(3, timeout=60)  # threads: each call waits until three run at once
    threaded = [False]

    def work(event):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        if threaded[0]:
            together.wait()
        with lock:
            running[0] -= 1
        return event["n"] * 2

    items = {"items": [{"n": i} for i in range(24)]}
    results = {}
    for name, executor in (("inline", InProcessExecutor), ("threads", lambda root: ThreadExecutor(root, max_workers=4))):
        (tmp_path / name / "out").mkdir(parents=True)
        threaded[0] = name == "threads"
        definition = distributed_map(TASK_PROCESSOR, ItemsPath="$.items", MaxConcurrency=3, ResultWriter=writer())
        result = asl.parse(definition).run(items, {"work": work}, map_executor=executor(tmp_path / name))
        assert result.status == "SUCCEEDED"
        results[name] = tree(tmp_path / name)
    assert results["inline"] == results["threads"]
    assert peak[0] == 3  # MaxConcurrency bounds the real concurrency too
