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
- `before_commit` folds everything into one entry per patient record, assessment or session
  (child rows — tone tags, PSFS items, blocks, decisions — appear inside their parent's entry,
  keyed by what identifies them clinically, so "delete all blocks and insert them again" nets
  out to the blocks that really changed) and writes the entries.

The same fold enforces read-only records for every writer: a transaction that changes a signed
assessment or a delivered session (or their children) is refused at commit.

Not covered: SQL sent through `session.connection()` or the engine directly (Core). Nothing in
Equitone writes clinical rows that way; a bulk loader that does must audit itself.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import getpass
import socket
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Table, event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.session import ORMExecuteState

from equitone.errors import ValidationError
from equitone.storage.models import AuditRow

Values = dict[str, Any]

_PENDING = "equitone.audit.pending"
_NOTE = "equitone.audit.note"

# Bookkeeping columns that change on every write and say nothing clinical.
_SKIPPED = frozenset({"id", "created_at", "updated_at"})

ROOTS: Mapping[str, str] = {"patients": "patient", "assessments": "assessment",
                            "sessions": "session"}


def _decision_label(v: Values) -> str:
    anchor = f" after {v.get('anchor')}" if v.get("anchor") else ""
    return f"{v.get('kind')} {v.get('rule')} {v.get('muscle')} {v.get('side')}{anchor}"


@dataclass(frozen=True, slots=True)
class _Child:
    parent_table: str
    parent_key: str
    label: Callable[[Values], str]


CHILDREN: Mapping[str, _Child] = {
    "tone_tags": _Child("assessments", "assessment_id",
                        lambda v: f"tag {v.get('muscle')} {v.get('side')}"),
    "psfs_items": _Child("assessments", "assessment_id",
                         lambda v: f"psfs {int(v.get('position') or 0) + 1}"),
    "session_blocks": _Child("sessions", "session_id", lambda v: f"block {v.get('block_id')}"),
    "session_decisions": _Child("sessions", "session_id", _decision_label),
}


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
class _Event:
    table: str
    row_id: Any
    old: Values | None
    new: Values | None


@dataclass(slots=True)
class _Summary:
    table: str
    rows: int


@dataclass(slots=True)
class _Pending:
    events: list[_Event] = field(default_factory=list)
    summaries: list[_Summary] = field(default_factory=list)


def _pending(session: Session) -> _Pending:
    found = session.info.get(_PENDING)
    if found is None:
        found = session.info[_PENDING] = _Pending()
    assert isinstance(found, _Pending)
    return found


def jsonable(value: Any) -> Any:
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
    return str(inspect(obj).mapper.local_table.name)  # type: ignore[attr-defined]


def _snapshot(obj: object, *, old: bool) -> Values:
    """Column values of an ORM object without loading anything (we are inside a flush)."""
    state = inspect(obj)
    values: Values = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIPPED:
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


def _row_values(row: Mapping[Any, Any]) -> Values:
    return {k: jsonable(v) for k, v in row.items() if k not in _SKIPPED}


def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    """Children removed by ON DELETE CASCADE are read now, while they still exist."""
    pending = _pending(session)
    for obj in session.deleted:
        table = _table_of(obj)
        if table not in ROOTS:
            continue
        parent_id = _pk(obj)
        for child_table, child in CHILDREN.items():
            if child.parent_table != table:
                continue
            target = AuditRow.metadata.tables[child_table]
            rows = session.connection().execute(
                select(target).where(target.c[child.parent_key] == parent_id)
            ).mappings()
            for row in rows:
                pending.events.append(_Event(child_table, row["id"], _row_values(row), None))


def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    pending = _pending(session)
    for obj in session.new:
        table = _table_of(obj)
        if _tracked(table):
            pending.events.append(
                _Event(table, _pk(obj), None, _snapshot(obj, old=False))
            )
    for obj in session.dirty:
        table = _table_of(obj)
        if _tracked(table) and session.is_modified(obj, include_collections=False):
            old, new = _snapshot(obj, old=True), _snapshot(obj, old=False)
            if old != new:
                pending.events.append(_Event(table, _pk(obj), old, new))
    for obj in session.deleted:
        table = _table_of(obj)
        if _tracked(table):
            pending.events.append(
                _Event(table, _pk(obj), _snapshot(obj, old=True), None)
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
        if child is not None and isinstance(params, list) and params:
            result = state.invoke_statement()
            for values in params:
                pending.events.append(_Event(table.name, None, None, _row_values(values)))
            return result
        pending.summaries.append(
            _Summary(table.name, len(params) if isinstance(params, list) else 1)
        )
        return None
    query = select(table)
    if statement.whereclause is not None:
        query = query.where(statement.whereclause)
    before = {row["id"]: _row_values(row) for row in connection.execute(query).mappings()}
    result = state.invoke_statement()
    if state.is_delete:
        for row_id, values in before.items():
            pending.events.append(_Event(table.name, row_id, values, None))
    elif before:
        after = connection.execute(select(table).where(table.c.id.in_(list(before)))).mappings()
        for row in after:
            new = _row_values(row)
            if new != before[row["id"]]:
                pending.events.append(_Event(table.name, row["id"], before[row["id"]], new))
    return result


# -- folding and writing ----------------------------------------------------------------------
@dataclass(slots=True)
class _Record:
    """Everything that happened to one root (patient, assessment or session) this transaction."""

    table: str
    root_id: int
    root: list[_Event] = field(default_factory=list)
    children: dict[str, list[_Event]] = field(default_factory=dict)


def _fold(events: list[_Event]) -> tuple[Values | None, Values | None]:
    """State before the transaction and after it (None: did not exist)."""
    return events[0].old, events[-1].new


def _group(events: list[_Event]) -> dict[tuple[str, int], _Record]:
    records: dict[tuple[str, int], _Record] = {}
    for ev in events:
        values = ev.new if ev.new is not None else ev.old
        assert values is not None
        if ev.table in ROOTS:
            root_id = ev.row_id
            if root_id is None:
                continue
            rec = records.setdefault((ev.table, root_id), _Record(ev.table, root_id))
            rec.root.append(ev)
        else:
            child = CHILDREN[ev.table]
            parent_id = values.get(child.parent_key)
            if parent_id is None:
                continue
            rec = records.setdefault(
                (child.parent_table, parent_id), _Record(child.parent_table, parent_id)
            )
            rec.children.setdefault(child.label(values), []).append(ev)
    return records


def _child_value(table: str, values: Values | None) -> Values | None:
    if values is None:
        return None
    parent_key = CHILDREN[table].parent_key
    return {k: v for k, v in values.items() if k != parent_key}


@dataclass(slots=True)
class _Facts:
    """What the database says about roots this transaction touched only through children."""

    patient_id: int | None
    locked: bool


def _stored_facts(session: Session, records: list[_Record]) -> dict[tuple[str, int], _Facts]:
    facts: dict[tuple[str, int], _Facts] = {}
    wanted: dict[str, list[int]] = {}
    for rec in records:
        wanted.setdefault(rec.table, []).append(rec.root_id)
    connection = session.connection()
    for table_name, ids in wanted.items():
        table = AuditRow.metadata.tables[table_name]
        if table_name == "patients":
            for i in ids:
                facts[(table_name, i)] = _Facts(i, False)
            continue
        lock = table.c.signed_at if table_name == "assessments" else table.c.status
        for row in connection.execute(
            select(table.c.id, table.c.patient_id, lock).where(table.c.id.in_(ids))
        ):
            facts[(table_name, row[0])] = _Facts(row[1], _is_locked(table_name, row[2]))
    return facts


def _is_locked(table: str, value: Any) -> bool:
    if table == "assessments":
        return value is not None
    if table == "sessions":
        return bool(value == "delivered")
    return False


def _lock_value(table: str, values: Values) -> Any:
    return values.get("signed_at") if table == "assessments" else values.get("status")


def _refuse(rec: _Record) -> ValidationError:
    if rec.table == "assessments":
        return ValidationError(
            f"Assessment {rec.root_id} is signed and read-only; amend it as a new version."
        )
    return ValidationError(
        f"Session {rec.root_id} was delivered and is read-only; edit a new version."
    )


def _action(table: str, before: Values | None, after: Values | None, changed: Values) -> str:
    if before is None:
        if after is not None and after.get("supersedes_id") is not None:
            return "amend" if table == "assessments" else "new-version"
        return "create"
    if after is None:
        return "delete"
    if table == "assessments" and "signed_at" in changed and before.get("signed_at") is None:
        return "sign"
    if table == "patients" and "archived" in changed:
        return "archive" if after.get("archived") else "unarchive"
    if table == "sessions" and "status" in changed:
        return "deliver" if after.get("status") == "delivered" else "status"
    return "update"


def _entries(session: Session, pending: _Pending, note: str) -> list[Values]:
    records = list(_group(pending.events).values())
    facts = _stored_facts(session, [r for r in records if not r.root])
    now = datetime.now(UTC).replace(tzinfo=None)
    base = {"at_utc": now, "actor": current_actor(), "note": note}
    entries: list[Values] = []
    for rec in records:
        if rec.root:
            before, after = _fold(rec.root)
            if before is None and after is None:
                continue  # created and removed again inside one transaction
            known = after if after is not None else before
            assert known is not None
            patient_id = rec.root_id if rec.table == "patients" else known.get("patient_id")
            locked = before is not None and _is_locked(rec.table, _lock_value(rec.table, before))
        else:
            before = after = None
            fact = facts.get((rec.table, rec.root_id))
            if fact is None:
                continue  # the parent row is gone (deleted outside the ORM): nothing to tie to
            patient_id, locked = fact.patient_id, fact.locked
        old: Values = {}
        new: Values = {}
        if before is not None and after is not None:
            for key in sorted(set(before) & set(after)):
                if before[key] != after[key]:
                    old[key], new[key] = before[key], after[key]
        elif before is None and after is not None:
            new.update(after)
        elif before is not None:
            old.update(before)
        for label, events in sorted(rec.children.items()):
            child_before, child_after = _fold(events)
            table = events[0].table
            child_old = _child_value(table, child_before)
            child_new = _child_value(table, child_after)
            if child_old != child_new:
                old[label], new[label] = child_old, child_new
        if not old and not new:
            continue
        if locked and rec.table != "patients":
            raise _refuse(rec)
        action = _action(rec.table, before if rec.root else {}, after if rec.root else {}, new)
        entries.append({
            **base, "patient_id": patient_id, "entity": ROOTS[rec.table],
            "entity_id": rec.root_id, "action": action,
            "old_values": None if action in ("create", "amend", "new-version") else old,
            "new_values": None if action == "delete" else new,
        })
    for summary in pending.summaries:
        entries.append({
            **base, "patient_id": None,
            "entity": ROOTS.get(summary.table, summary.table), "entity_id": None,
            "action": "bulk-insert", "old_values": None, "new_values": {"rows": summary.rows},
        })
    return entries


def _before_commit(session: Session) -> None:
    session.flush()  # the last changes must pass through _after_flush first
    pending = session.info.pop(_PENDING, None)
    note = str(session.info.pop(_NOTE, ""))
    if not isinstance(pending, _Pending) or not (pending.events or pending.summaries):
        return
    entries = _entries(session, pending, note)
    if entries:
        session.connection().execute(insert(AuditRow), entries)


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
