"""The default store: one SQLite database through the standard library.

Durability choices: WAL journaling (readers never block the writer), ``synchronous=NORMAL``
(a committed step survives the process being killed; only an operating-system crash or
power loss can drop the last few commits), every write in a ``BEGIN IMMEDIATE``
transaction so two writers queue instead of failing half-way, and a long busy timeout.

One engine drives the executions of a database at a time: a second engine on the same
file would recover and run them twice. For a file database the store takes an exclusive
``flock`` on ``<path>.lock``; the operating system releases it when the process dies, so
a restart after ``kill -9`` takes over at once. ``":memory:"`` keeps nothing on disk.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import astuple
from typing import Any, Iterator, Optional, Sequence

from asl.store.base import (
    ExecutionRecord,
    MachineRecord,
    PendingRecord,
    RevisionRecord,
    StatusUpdate,
    StepRecord,
    StoredEvent,
    StoreError,
)

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS revisions(
    revision_id TEXT PRIMARY KEY, machine_arn TEXT NOT NULL, machine_type TEXT NOT NULL,
    definition TEXT NOT NULL, role_arn TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS machines(
    arn TEXT PRIMARY KEY, name TEXT NOT NULL, machine_type TEXT NOT NULL, definition TEXT NOT NULL,
    role_arn TEXT NOT NULL, revision_id TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL,
    logging TEXT NOT NULL, tracing TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS executions(
    id INTEGER PRIMARY KEY, arn TEXT NOT NULL UNIQUE, machine_arn TEXT NOT NULL, name TEXT NOT NULL,
    revision_id TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL, output TEXT, error TEXT,
    cause TEXT, start REAL NOT NULL, stop REAL, seed INTEGER NOT NULL,
    redrive_count INTEGER NOT NULL DEFAULT 0, redrive_date REAL, trace_header TEXT);
CREATE INDEX IF NOT EXISTS executions_by_machine ON executions(machine_arn, start DESC, id DESC);
CREATE INDEX IF NOT EXISTS executions_by_status ON executions(status);
CREATE TABLE IF NOT EXISTS steps(
    execution INTEGER NOT NULL, step INTEGER NOT NULL, now REAL NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY(execution, step)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events(
    execution INTEGER NOT NULL, id INTEGER NOT NULL, prev INTEGER NOT NULL, ts REAL NOT NULL,
    type TEXT NOT NULL, details TEXT, PRIMARY KEY(execution, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending(
    execution INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, fire_at REAL, token TEXT,
    state TEXT, PRIMARY KEY(execution, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokens(
    token TEXT PRIMARY KEY, execution INTEGER NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL
) WITHOUT ROWID;
"""

# Columns in the order of the records' fields: a row is ``astuple(record)``, a record ``Record(*row)``.
_EXECUTION_COLUMNS = (
    "arn, machine_arn, name, revision_id, status, input, start, seed, output, error, cause, stop, "
    "redrive_count, redrive_date, trace_header"
)
_MACHINE_COLUMNS = "arn, name, machine_type, definition, role_arn, revision_id, created, updated, logging, tracing"


class SQLiteStore:
    """A ``Store`` in one SQLite database (a file path, or ``":memory:"``)."""

    def __init__(self, path: Any = ":memory:", *, busy_timeout: float = 30.0):
        self.path = os.fspath(path)
        if isinstance(self.path, bytes):
            self.path = os.fsdecode(self.path)
        self._lock = threading.RLock()
        self._ids: dict[str, int] = {}
        self._lock_file: Optional[int] = None
        if self.path != ":memory:":
            self._lock_file = _exclusive_lock(self.path + ".lock")
        try:
            self._db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
            self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            with self._write() as db:
                _create_schema(db)
        except (sqlite3.Error, StoreError) as exc:
            self._release_lock()
            raise StoreError(f"cannot open the store {self.path!r}: {exc}") from exc

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write to the store: {exc}") from exc
            try:
                yield self._db
            except BaseException as exc:
                self._db.execute("ROLLBACK")
                if isinstance(exc, (sqlite3.Error, UnicodeError)):
                    raise StoreError(f"store write failed: {exc}") from exc
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._db.execute("ROLLBACK")
                raise StoreError(f"store commit failed: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"store read failed: {exc}") from exc

    def _execution_id(self, db: sqlite3.Connection, arn: str) -> int:
        known = self._ids.get(arn)
        if known is not None:
            return known
        row = db.execute("SELECT id FROM executions WHERE arn = ?", (arn,)).fetchone()
        if row is None:
            raise StoreError(f"no execution {arn!r} in the store")
        self._ids[arn] = row[0]
        return row[0]

    # ------------------------------------------------------------------ state machines
    def put_machine(self, machine: MachineRecord, revision: RevisionRecord) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO revisions VALUES (?,?,?,?,?,?)", astuple(revision))
            db.execute(f"INSERT OR REPLACE INTO machines ({_MACHINE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                       astuple(machine))

    def get_machine(self, arn: str) -> Optional[MachineRecord]:
        rows = self._query(f"SELECT {_MACHINE_COLUMNS} FROM machines WHERE arn = ?", (arn,))
        return MachineRecord(*rows[0]) if rows else None

    def list_machines(self) -> list[MachineRecord]:
        rows = self._query(f"SELECT {_MACHINE_COLUMNS} FROM machines ORDER BY created, arn")
        return [MachineRecord(*row) for row in rows]

    def delete_machine(self, arn: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM machines WHERE arn = ?", (arn,))

    def get_revision(self, revision_id: str) -> Optional[RevisionRecord]:
        rows = self._query(
            "SELECT revision_id, machine_arn, machine_type, definition, role_arn, created FROM revisions "
            "WHERE revision_id = ?", (revision_id,))
        return RevisionRecord(*rows[0]) if rows else None

    # ------------------------------------------------------------------ executions
    def create_execution(self, execution: ExecutionRecord, first: StepRecord) -> None:
        with self._write() as db:
            cursor = db.execute(
                f"INSERT INTO executions ({_EXECUTION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                astuple(execution))
            execution_id = int(cursor.lastrowid or 0)
            _write_step(db, execution_id, first)
        self._ids[execution.arn] = execution_id  # only once committed: a rolled-back id must not be reused

    def get_execution(self, arn: str) -> Optional[ExecutionRecord]:
        rows = self._query(f"SELECT {_EXECUTION_COLUMNS} FROM executions WHERE arn = ?", (arn,))
        return ExecutionRecord(*rows[0]) if rows else None

    def list_executions(
        self, machine_arn: str, status: Optional[str], redriven: Optional[bool], offset: int, limit: int
    ) -> list[ExecutionRecord]:
        where, params = ["machine_arn = ?"], [machine_arn]
        if status is not None:
            where.append("status = ?")
            params.append(status)
        if redriven is not None:
            where.append("redrive_count > 0" if redriven else "redrive_count = 0")
        sql = (f"SELECT {_EXECUTION_COLUMNS} FROM executions WHERE {' AND '.join(where)} "
               "ORDER BY start DESC, id DESC LIMIT ? OFFSET ?")
        return [ExecutionRecord(*row) for row in self._query(sql, [*params, limit, offset])]

    def running_executions(self) -> list[ExecutionRecord]:
        rows = self._query(f"SELECT {_EXECUTION_COLUMNS} FROM executions WHERE status = 'RUNNING' ORDER BY id")
        return [ExecutionRecord(*row) for row in rows]

    # ------------------------------------------------------------------ steps and history
    def append_step(self, execution_arn: str, step: StepRecord) -> None:
        with self._write() as db:
            _write_step(db, self._execution_id(db, execution_arn), step)

    def steps(self, execution_arn: str) -> list[StepRecord]:
        rows = self._query(
            "SELECT s.step, s.now, s.body FROM steps s JOIN executions e ON s.execution = e.id "
            "WHERE e.arn = ? ORDER BY s.step", (execution_arn,))
        return [StepRecord(index, now, body) for index, now, body in rows]

    def events(self, execution_arn: str, offset: int, limit: Optional[int], reverse: bool) -> list[StoredEvent]:
        order = "DESC" if reverse else "ASC"
        rows = self._query(
            "SELECT v.id, v.prev, v.ts, v.type, v.details FROM events v JOIN executions e ON v.execution = e.id "
            f"WHERE e.arn = ? ORDER BY v.id {order} LIMIT ? OFFSET ?",
            (execution_arn, -1 if limit is None else limit, offset))
        return [StoredEvent(*row) for row in rows]

    def event_count(self, execution_arn: str) -> int:
        rows = self._query(
            "SELECT count(*) FROM events v JOIN executions e ON v.execution = e.id WHERE e.arn = ?", (execution_arn,))
        return int(rows[0][0])

    def pending(self, execution_arn: str) -> list[PendingRecord]:
        rows = self._query(
            "SELECT p.seq, p.kind, p.fire_at, p.token, p.state FROM pending p JOIN executions e "
            "ON p.execution = e.id WHERE e.arn = ? ORDER BY p.seq", (execution_arn,))
        return [PendingRecord(*row) for row in rows]

    def find_token(self, token: str) -> Optional[tuple[str, int, str]]:
        rows = self._query(
            "SELECT e.arn, t.seq, t.status FROM tokens t JOIN executions e ON t.execution = e.id WHERE t.token = ?",
            (token,))
        return (rows[0][0], int(rows[0][1]), rows[0][2]) if rows else None

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        with self._lock:
            try:
                self._db.close()
            finally:
                self._release_lock()

    def _release_lock(self) -> None:
        if self._lock_file is not None:
            os.close(self._lock_file)  # closing the descriptor drops the flock
            self._lock_file = None


def _create_schema(db: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if row is None:
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    elif row[0] != SCHEMA_VERSION:
        raise StoreError(f"the store has schema version {row[0]}, this asl reads version {SCHEMA_VERSION}")


def _write_step(db: sqlite3.Connection, execution: int, step: StepRecord) -> None:
    db.execute("INSERT INTO steps VALUES (?,?,?,?)", (execution, step.index, step.now, step.body))
    if step.events:
        db.executemany("INSERT INTO events VALUES (?,?,?,?,?,?)",
                       [(execution, e.id, e.prev, e.ts, e.type, e.details) for e in step.events])
    if step.closed:
        db.executemany("DELETE FROM pending WHERE execution = ? AND seq = ?", [(execution, s) for s in step.closed])
    if step.opened:
        db.executemany("INSERT OR REPLACE INTO pending VALUES (?,?,?,?,?,?)",
                       [(execution, p.seq, p.kind, p.fire_at, p.token, p.state) for p in step.opened])
        db.executemany("INSERT OR IGNORE INTO tokens VALUES (?,?,?,'OPEN')",
                       [(p.token, execution, p.seq) for p in step.opened if p.token is not None])
    if step.tokens_closed:
        db.executemany("UPDATE tokens SET status = ? WHERE token = ?",
                       [(status, token) for token, status in step.tokens_closed])
    if step.update is not None:
        _write_update(db, execution, step.update)


def _write_update(db: sqlite3.Connection, execution: int, update: StatusUpdate) -> None:
    db.execute(
        "UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop = ?, "
        "redrive_count = coalesce(?, redrive_count), redrive_date = coalesce(?, redrive_date) WHERE id = ?",
        (update.status, update.output, update.error, update.cause, update.stop, update.redrive_count,
         update.redrive_date, execution))


def _exclusive_lock(path: str) -> Optional[int]:
    """Hold an exclusive ``flock`` on ``path`` (POSIX); None where flock does not exist."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no cross-process guard
        return None
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise StoreError(
            f"another engine is using {path[:-5]!r} (its lock {path!r} is held); one engine per store"
        ) from exc
    return fd
