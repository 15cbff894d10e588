"""The SQLite store: round trips, one transaction per step, WAL, the single-engine lock."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl.store import (
    ExecutionRecord, MachineRecord, PendingRecord, RevisionRecord, StatusUpdate, StepRecord, Store, StoreError,
    StoredEvent, open_store,
)
from asl.store.sqlite import SQLiteStore

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:M"


def execution(name: str, start: float = 1.0, status: str = "RUNNING") -> ExecutionRecord:
    return ExecutionRecord(f"arn:aws:states:us-east-1:123456789012:execution:M:{name}", MACHINE, name, "rev-1",
                           status, '{"in": 1}', start, 42)


def event(event_id: int, kind: str = "PassStateEntered") -> StoredEvent:
    return StoredEvent(event_id, event_id - 1, 10.0 + event_id, kind, '{"name":"P"}')


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "s.db")
    yield opened
    opened.close()


def test_is_a_store(store: SQLiteStore) -> None:
    assert isinstance(store, Store)
    assert isinstance(open_store(":memory:"), SQLiteStore)
    assert open_store(store) is store
    with pytest.raises(TypeError):
        open_store(42)


def test_machines_and_revisions_round_trip(store: SQLiteStore) -> None:
    revision = RevisionRecord("rev-1", MACHINE, "STANDARD", '{"StartAt": "P"}', "arn:role", 5.0)
    machine = MachineRecord(MACHINE, "M", "STANDARD", '{"StartAt": "P"}', "arn:role", "rev-1", 5.0, 5.0)
    store.put_machine(machine, revision)
    assert store.get_machine(MACHINE) == machine
    assert store.get_revision("rev-1") == revision
    assert store.list_machines() == [machine]
    store.delete_machine(MACHINE)
    assert store.get_machine(MACHINE) is None and store.get_revision("rev-1") == revision


def test_a_step_writes_events_pending_tokens_and_status_together(store: SQLiteStore) -> None:
    record = execution("a")
    first = StepRecord(0, 1.0, '{"type":"Start"}', [event(1, "ExecutionStarted"), event(2)],
                       opened=[PendingRecord(1, "task", None, "tok-1", "Ask"), PendingRecord(2, "timer", 9.5)])
    store.create_execution(record, first)
    assert store.get_execution(record.arn) == record
    assert store.pending(record.arn) == first.opened
    assert store.find_token("tok-1") == (record.arn, 1, "OPEN")
    second = StepRecord(1, 2.0, '{"type":"TimerFired","seq":2}', [event(3)], closed=[2, 1],
                        tokens_closed=[("tok-1", "TIMED_OUT")],
                        update=StatusUpdate("FAILED", None, "States.Timeout", None, 2.0))
    store.append_step(record.arn, second)
    assert store.pending(record.arn) == []
    assert store.find_token("tok-1") == (record.arn, 1, "TIMED_OUT")
    ended = store.get_execution(record.arn)
    assert ended is not None and (ended.status, ended.error, ended.stop) == ("FAILED", "States.Timeout", 2.0)
    assert [s.body for s in store.steps(record.arn)] == [first.body, second.body]
    assert store.events(record.arn, 0, None, False) == [event(1, "ExecutionStarted"), event(2), event(3)]
    assert store.events(record.arn, 1, 1, True) == [event(2)]
    assert store.event_count(record.arn) == 3


def test_a_failed_step_writes_nothing(store: SQLiteStore) -> None:
    record = execution("a")
    store.create_execution(record, StepRecord(0, 1.0, "{}", [event(1)], opened=[PendingRecord(1, "timer", 3.0)]))
    duplicate = StepRecord(1, 2.0, "{}", [event(2), event(1)], closed=[1],
                           update=StatusUpdate("SUCCEEDED", "{}", stop=2.0))
    with pytest.raises(StoreError):
        store.append_step(record.arn, duplicate)
    assert len(store.steps(record.arn)) == 1 and store.event_count(record.arn) == 1
    assert store.pending(record.arn) == [PendingRecord(1, "timer", 3.0)]
    assert store.get_execution(record.arn) == record
    with pytest.raises(StoreError):  # a step index is written once
        store.append_step(record.arn, StepRecord(0, 3.0, "{}"))


def test_a_failed_creation_leaves_no_execution_to_append_to(store: SQLiteStore) -> None:
    record = execution("a")
    with pytest.raises(StoreError):  # the first step's events repeat an id: the whole creation is rolled back
        store.create_execution(record, StepRecord(0, 1.0, "{}", [event(1), event(1)]))
    assert store.get_execution(record.arn) is None
    with pytest.raises(StoreError):  # not written under the rolled-back execution's id
        store.append_step(record.arn, StepRecord(1, 2.0, "{}", [event(2)]))
    store.create_execution(record, StepRecord(0, 1.0, "{}", [event(1)]))
    assert store.event_count(record.arn) == 1


def test_redrive_update_keeps_what_it_does_not_set(store: SQLiteStore) -> None:
    record = execution("a")
    store.create_execution(record, StepRecord(0, 1.0, "{}", update=StatusUpdate("FAILED", error="E", stop=1.0)))
    store.append_step(record.arn, StepRecord(1, 5.0, "{}", update=StatusUpdate("RUNNING", redrive_count=1,
                                                                             redrive_date=5.0)))
    again = store.get_execution(record.arn)
    assert again is not None
    assert (again.status, again.error, again.stop, again.redrive_count, again.redrive_date) == ("RUNNING", None, None,
                                                                                               1, 5.0)


def test_listing_executions(store: SQLiteStore) -> None:
    for index, status in enumerate(["RUNNING", "SUCCEEDED", "RUNNING", "FAILED"]):
        store.create_execution(execution(f"e{index}", start=float(index)), StepRecord(0, 1.0, "{}"))
        if status != "RUNNING":
            store.append_step(execution(f"e{index}").arn, StepRecord(1, 2.0, "{}", update=StatusUpdate(status)))
    names = lambda records: [r.name for r in records]  # noqa: E731
    assert names(store.list_executions(MACHINE, None, None, 0, 10)) == ["e3", "e2", "e1", "e0"]
    assert names(store.list_executions(MACHINE, "RUNNING", None, 0, 10)) == ["e2", "e0"]
    assert names(store.list_executions(MACHINE, None, None, 1, 2)) == ["e2", "e1"]
    assert names(store.list_executions(MACHINE, None, True, 0, 10)) == []
    assert names(store.running_executions()) == ["e0", "e2"]
    assert store.list_executions("arn:other", None, None, 0, 10) == []


def test_unknown_things(store: SQLiteStore) -> None:
    assert store.get_execution("nope") is None and store.get_machine("nope") is None
    assert store.steps("nope") == [] and store.find_token("nope") is None
    with pytest.raises(StoreError):
        store.append_step("nope", StepRecord(0, 1.0, "{}"))


def test_file_store_uses_wal_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    first = SQLiteStore(path)
    first.create_execution(execution("a"), StepRecord(0, 1.0, "{}", [event(1)]))
    first.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again = SQLiteStore(path)
    assert again.event_count(execution("a").arn) == 1
    again.close()


def test_one_store_per_file(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    first = SQLiteStore(path)
    with pytest.raises(StoreError, match="another engine"):
        SQLiteStore(path)
    first.close()
    SQLiteStore(path).close()


def test_memory_store_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    memory = SQLiteStore(":memory:")
    memory.create_execution(execution("a"), StepRecord(0, 1.0, "{}", [event(1)]))
    memory.close()
    assert list(tmp_path.iterdir()) == []


def test_a_store_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '999' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="schema version 999"):
        SQLiteStore(path)
    SQLiteStore(path.with_name("fresh.db")).close()  # the lock of the refused store was released
    with pytest.raises(StoreError, match="schema version 999"):
        SQLiteStore(path)


@settings(max_examples=40, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text()), st.floats(allow_nan=False, allow_infinity=False))
def test_text_and_times_round_trip_exactly(body: str, details: str | None, ts: float) -> None:
    memory = SQLiteStore(":memory:")
    try:
        memory.create_execution(execution("h"), StepRecord(0, ts, body, [StoredEvent(1, 0, ts, "T", details)]))
        [step] = memory.steps(execution("h").arn)
        assert (step.body, step.now) == (body, ts)
        assert memory.events(execution("h").arn, 0, None, False) == [StoredEvent(1, 0, ts, "T", details)]
    finally:
        memory.close()
