"""The audit trail's capture side: every change to clinical rows made through an ORM session
is recorded in `audit_log`, in the same transaction as the change.

Why here and not in each service: the GUI, the CLI, the demo loader and the importer all write
through `Database.transaction()`, whose sessions carry these listeners, so no writer can forget
to audit and an audit entry can never exist without its change (or the reverse).

How:
- `after_flush` sees every inserted, updated and deleted ORM object with its attribute history
  (old values) still available;
- `do_orm_execute` sees ORM bulk DELETE/UPDATE statements (the services replace a session's
  blocks with `delete(...)`) and reads the affected rows before and after;
- `before_flush` snapshots the children of an assessment or session being deleted, because
  SQLite's ON DELETE CASCADE removes them without the ORM knowing;
- `before_commit` hands everything to audit_fold, which folds it into one entry per patient
  record, assessment or session (child rows — tone tags, PSFS items, blocks, decisions —
  inside their parent's entry, so "delete all blocks and insert them again" nets out to the
  blocks that really changed), and writes the entries.

The fold also enforces read-only records for every writer: a transaction that changes a signed
assessment or a delivered session (or their children) is refused at commit.

Not covered: SQL sent through `session.connection()` or the engine directly (Core). The one
writer of clinical rows that way, storage/bulk_rows.py (the importers), audits itself through
`record_inserted`; any other bulk loader must do the same. ORM bulk
INSERTs whose row ids are unknown (root tables, or more than BULK_DETAIL_LIMIT child rows) are
recorded as one "bulk-insert" entry with the row count.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import getpass
import hashlib
import socket
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Table, event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.session import ORMExecuteState

from equitone.storage import audit_fold, versioning
from equitone.storage.audit_fold import CHILDREN, ROOTS, SKIPPED, Event, Summary, Values
from equitone.storage.models import AuditRow

# An ORM bulk INSERT of more child rows than this (a data loader, a benchmark) is recorded as
# one summary entry: a million tone tags would otherwise be held in memory as row events. Such
# loads are not checked against signed/delivered parents.
BULK_DETAIL_LIMIT = 1000

_PENDING = "equitone.audit.pending"
_NOTE = "equitone.audit.note"


# -- who --------------------------------------------------------------------------------------
_actor_override: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "equitone_audit_actor", default=None
)


@functools.cache
def workstation_user() -> str:
    """`user@host` of the operating-system account running Equitone."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name at all (some containers): still record the host
        user = "unknown"
    return f"{user}@{socket.gethostname() or 'localhost'}"


def current_actor() -> str:
    return _actor_override.get() or workstation_user()


@contextlib.contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Record changes made inside the block as `actor` (tests, scripted imports)."""
    token = _actor_override.set(actor)
    try:
        yield
    finally:
        _actor_override.reset(token)


def set_note(session: Session, note: str) -> None:
    """Attach a note (e.g. "imported from archive X") to this transaction's entries."""
    session.info[_NOTE] = note


# -- capture ----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Pending:
    events: list[Event] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)


def _pending(session: Session) -> _Pending:
    found = session.info.get(_PENDING)
    if found is None:
        found = session.info[_PENDING] = _Pending()
    assert isinstance(found, _Pending)
    return found


def jsonable(value: Any) -> Any:
    if isinstance(value, bytes):  # a photo: the trail says which, not its pixels
        return {"bytes": len(value), "sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def _tracked(table: str) -> bool:
    return table in ROOTS or table in CHILDREN


def _pk(obj: object) -> Any:
    # Every audited table has an integer `id`; read it without triggering a load.
    return inspect(obj).dict.get("id")


def _table_of(obj: object) -> str:
    return str(inspect(obj).mapper.local_table.name)


def _snapshot(obj: object, *, old: bool) -> Values:
    """Column values of an ORM object without loading anything (we are inside a flush)."""
    state = inspect(obj)
    values: Values = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SKIPPED:
            continue
        if old:
            history = state.attrs[key].history
            if history.deleted:
                values[key] = jsonable(history.deleted[0])
                continue
            if history.added and not history.unchanged:
                # changed from a value never loaded: the old value is not known here
                continue
        if key in state.dict:
            values[key] = jsonable(state.dict[key])
        elif state.pending or (not old and state.key is None):
            values[key] = None  # just inserted without a value: the column is NULL
    return values


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _row_values(row: Mapping[Any, Any]) -> Values:
    # most values are plain already: not calling jsonable for them halves a bulk import's audit
    return {k: v if type(v) in _PLAIN else jsonable(v)
            for k, v in row.items() if k not in SKIPPED}


def _record_children(session: Session, table: str, parent_ids: list[Any]) -> None:
    """Read the children that ON DELETE CASCADE is about to remove behind the ORM's back."""
    pending = _pending(session)
    for child_table, child in CHILDREN.items():
        if child.parent_table != table:
            continue
        target = AuditRow.metadata.tables[child_table]
        rows = session.connection().execute(
            select(target).where(target.c[child.parent_key].in_(parent_ids))
        ).mappings()
        for row in rows:
            pending.events.append(Event(child_table, row["id"], _row_values(row), None))


def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    for obj in session.deleted:
        table = _table_of(obj)
        if table in ROOTS:
            _record_children(session, table, [_pk(obj)])


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    pending = _pending(session)
    for obj in session.new:
        table = _table_of(obj)
        if _tracked(table):
            pending.events.append(
                Event(table, _pk(obj), None, _snapshot(obj, old=False))
            )
    for obj in session.dirty:
        table = _table_of(obj)
        if _tracked(table) and session.is_modified(obj, include_collections=False):
            old, new = _snapshot(obj, old=True), _snapshot(obj, old=False)
            if old != new:
                pending.events.append(Event(table, _pk(obj), old, new))
    for obj in session.deleted:
        table = _table_of(obj)
        if _tracked(table):
            pending.events.append(
                Event(table, _pk(obj), _snapshot(obj, old=True), None)
            )


def _on_execute(state: ORMExecuteState) -> Any:
    """ORM bulk DML: read the affected rows around the statement."""
    if not (state.is_delete or state.is_update or state.is_insert):
        return None
    statement: Any = state.statement
    table = getattr(statement, "table", None)
    if not isinstance(table, Table) or not _tracked(table.name):
        return None
    pending = _pending(state.session)
    connection = state.session.connection()
    if state.is_insert:
        params = state.parameters
        child = CHILDREN.get(table.name)
        if (child is not None and isinstance(params, list)
                and 0 < len(params) <= BULK_DETAIL_LIMIT):
            result = state.invoke_statement()
            for values in params:
                pending.events.append(Event(table.name, None, None, _row_values(values)))
            return result
        pending.summaries.append(
            Summary(table.name, len(params) if isinstance(params, list) else 1)
        )
        return None
    query = select(table)
    if statement.whereclause is not None:
        query = query.where(statement.whereclause)
    before = {row["id"]: _row_values(row) for row in connection.execute(query).mappings()}
    if state.is_delete and table.name in ROOTS and before:
        _record_children(state.session, table.name, list(before))
    result = state.invoke_statement()
    if state.is_delete:
        for row_id, values in before.items():
            pending.events.append(Event(table.name, row_id, values, None))
    elif before:
        after = connection.execute(select(table).where(table.c.id.in_(list(before)))).mappings()
        for row in after:
            new = _row_values(row)
            if new != before[row["id"]]:
                pending.events.append(Event(table.name, row["id"], before[row["id"]], new))
    return result


def record_inserted(session: Session, table: str,
                    rows: Iterable[tuple[int | None, Mapping[str, Any]]]) -> None:
    """Rows a bulk writer (storage/bulk_rows.py) inserted with a Core statement, each as
    (its id or None, every column's value): recorded as `_after_flush` records an added
    ORM object, so the trail cannot tell the two ways of writing apart."""
    if not _tracked(table):
        return
    events = _pending(session).events
    for row_id, values in rows:
        events.append(Event(table, row_id, None, _row_values(values)))


# -- writing ----------------------------------------------------------------------------------
def _before_commit(session: Session) -> None:
    session.flush()  # the last changes must pass through _after_flush first
    pending = session.info.pop(_PENDING, None)
    note = str(session.info.pop(_NOTE, ""))
    if isinstance(pending, _Pending):
        pending.events = [e for e in pending.events if audit_fold.recorded(e)]
    if not isinstance(pending, _Pending) or not (pending.events or pending.summaries):
        return
    base = {"at_utc": datetime.now(UTC).replace(tzinfo=None), "actor": current_actor(),
            "note": note}
    entries = audit_fold.entries(session, pending.events, pending.summaries, base)
    _record_versions(session, entries)
    if entries:
        session.connection().execute(insert(AuditRow), entries)


def _record_versions(session: Session, entries: list[Values]) -> None:
    """Each changed record's new row version beside its new values (storage/versioning.py),
    so the trail tells which change made which version."""
    made = versioning.versions_made(session)
    tables = {entity: table for table, entity in ROOTS.items()}
    for entry in entries:
        version = made.get((tables.get(entry["entity"], ""), entry["entity_id"]))
        if version is not None and isinstance(entry["new_values"], dict):
            entry["new_values"]["row_version"] = version


def _discard(session: Session, *_args: object) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_NOTE, None)


def install(sessions: sessionmaker[Session]) -> None:
    """Audit every session this factory makes."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)
    event.listen(sessions, "before_commit", _before_commit)
    event.listen(sessions, "after_rollback", _discard)
