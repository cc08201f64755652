"""Folding the audit trail's captured row changes into one entry per record.

Capture (storage/audit.py) sees rows; a clinician thinks in records. Here every row change of
one transaction is grouped under its patient record, assessment or session — child rows (tone
tags, PSFS items, blocks, decisions) under labels that identify them clinically, such as
"tag gluteus-medius left" — and reduced to the state before and after the transaction, so a
"delete all blocks, insert them again" autosave nets out to the blocks that really changed.
The same fold refuses any change to a signed assessment or a delivered session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from equitone.errors import ValidationError
from equitone.storage.models import AuditRow

Values = dict[str, Any]

# Bookkeeping columns that change on every write and say nothing clinical.
SKIPPED = frozenset({"id", "created_at", "updated_at"})

# The optimistic-concurrency counter (storage/versioning.py): recorded with a real change, so
# the trail says which version each change made, but on its own it is no change at all.
VERSION_ONLY = frozenset({"row_version"})

ROOTS: Mapping[str, str] = {"patients": "patient", "assessments": "assessment",
                            "sessions": "session", "exercises": "exercise"}


def recorded(event: Event) -> bool:
    """Only a clinician's own exercises are part of the record: the shipped ones are the
    program's, rewritten whenever a release updates the catalog."""
    if event.table != "exercises":
        return True
    return any(values is not None and values.get("custom") for values in (event.old, event.new))


def _decision_label(v: Values) -> str:
    anchor = f" after {v.get('anchor')}" if v.get("anchor") else ""
    return f"{v.get('kind')} {v.get('rule')} {v.get('muscle')} {v.get('side')}{anchor}"


@dataclass(frozen=True, slots=True)
class _Child:
    parent_table: str
    parent_key: str
    label: Callable[[Values], str]
    # False: may change under a delivered session (what the patient reported afterwards is
    # part of the record, not a change of the plan)
    locks: bool = True


CHILDREN: Mapping[str, _Child] = {
    "tone_tags": _Child("assessments", "assessment_id",
                        lambda v: f"tag {v.get('muscle')} {v.get('side')}"),
    "psfs_items": _Child("assessments", "assessment_id",
                         lambda v: f"psfs {int(v.get('position') or 0) + 1}"),
    "session_blocks": _Child("sessions", "session_id", lambda v: f"block {v.get('block_id')}"),
    "session_decisions": _Child("sessions", "session_id", _decision_label),
    "visit_notes": _Child("assessments", "assessment_id", lambda v: "visit notes"),
    "block_responses": _Child("sessions", "session_id",
                              lambda v: f"response {v.get('block_id')}", locks=False),
    "next_day_reports": _Child("sessions", "session_id",
                               lambda v: f"next-day {v.get('muscle')} {v.get('side')}",
                               locks=False),
}


# -- what capture hands over -------------------------------------------------------------------
@dataclass(slots=True)
class Event:
    """One row's values before and after one change (None: the row did not / does not exist)."""

    table: str
    row_id: Any
    old: Values | None
    new: Values | None


@dataclass(slots=True)
class Summary:
    """Rows added by an ORM bulk INSERT whose ids are not known."""

    table: str
    rows: int


# -- folding ------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Record:
    """Everything that happened to one root (patient, assessment or session) this transaction."""

    table: str
    root_id: int
    root: list[Event] = field(default_factory=list)
    children: dict[str, list[Event]] = field(default_factory=dict)


def _fold(events: list[Event]) -> tuple[Values | None, Values | None]:
    """State before the transaction and after it (None: did not exist)."""
    return events[0].old, events[-1].new


def _group(events: list[Event]) -> dict[tuple[str, int], _Record]:
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


def entries(
    session: Session, events: list[Event], summaries: list[Summary], base: Values
) -> list[Values]:
    """The audit rows for one transaction's changes; `base` holds the shared columns (time,
    actor, note). Raises ValidationError when a read-only record was changed."""
    records = list(_group(events).values())
    facts = _stored_facts(session, [r for r in records if not r.root])
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
        locking = bool(rec.root) or any(CHILDREN[events[0].table].locks
                                        for events in rec.children.values())
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
        if not (set(old) | set(new)) - VERSION_ONLY:
            continue  # nothing but the row version (a save that changed nothing)
        if locked and locking and rec.table != "patients":
            raise _refuse(rec)
        action = _action(rec.table, before if rec.root else {}, after if rec.root else {}, new)
        entries.append({
            **base, "patient_id": patient_id, "entity": ROOTS[rec.table],
            "entity_id": rec.root_id, "action": action,
            "old_values": None if action in ("create", "amend", "new-version") else old,
            "new_values": None if action == "delete" else new,
        })
    for summary in summaries:
        entries.append({
            **base, "patient_id": None,
            "entity": ROOTS.get(summary.table, summary.table), "entity_id": None,
            "action": "bulk-insert", "old_values": None,
            "new_values": {"table": summary.table, "rows": summary.rows},
        })
    return entries
