"""Reading the audit trail and saying in words what each entry changed.

Entries are written by storage/audit.py; each is one patient record, assessment or session
changed in one transaction. `old` and `new` hold only what changed: record fields by column
name, child rows under labels such as "tag gluteus-medius left", "psfs 2", "block <id>".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, select

from equitone.domain.catalog import Catalog
from equitone.storage.database import Database
from equitone.storage.models import AuditRow

_TEXT_LIMIT = 40
STREAM_BATCH = 2000  # entries read per short transaction when the trail is streamed
Query = TypeVar("Query", bound=Select[Any])
ROW_VERSION = "row_version"  # storage/versioning.py: recorded with each change


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry. `old`/`new` hold what changed clinically; `row_version` is the record's
    version this change made (stored with the values; None on entries written before
    migration 0005 and on deletions)."""

    id: int
    at_utc: datetime
    actor: str
    patient_id: int | None
    entity: str
    entity_id: int | None
    action: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    note: str
    row_version: int | None = None

    @property
    def record(self) -> str:
        return f"{self.entity} {self.entity_id}" if self.entity_id is not None else self.entity

    def changes(self) -> list[FieldChange]:
        old, new = self.old or {}, self.new or {}
        return [FieldChange(k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new))]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "at_utc": self.at_utc.isoformat(timespec="seconds") + "Z",
            "actor": self.actor, "patient_id": self.patient_id, "entity": self.entity,
            "entity_id": self.entity_id, "action": self.action, "old_values": self.old,
            "new_values": self.new, "note": self.note, "row_version": self.row_version,
        }


def _values(stored: Any) -> tuple[dict[str, Any] | None, Any]:
    """The clinical values and the row version recorded beside them."""
    if not isinstance(stored, dict):
        return None, None
    values = dict(stored)
    return values, values.pop(ROW_VERSION, None)


class AuditFields(Protocol):
    """An audit_log row: the mapped AuditRow, or a plain result row of its table (streaming
    reads those: building ORM objects was most of the cost of a long listing)."""

    id: int
    at_utc: datetime
    actor: str
    patient_id: int | None
    entity: str
    entity_id: int | None
    action: str
    old_values: Any
    new_values: Any
    note: str


def entry_from_row(row: AuditFields) -> AuditEntry:
    old, _old_version = _values(row.old_values)
    new, version = _values(row.new_values)
    return AuditEntry(
        id=row.id, at_utc=row.at_utc, actor=row.actor, patient_id=row.patient_id,
        entity=row.entity, entity_id=row.entity_id, action=row.action,
        old=old, new=new, note=row.note,
        row_version=version if isinstance(version, int) else None,
    )


def _filtered(
    query: Query, patient_id: int | None, entity: str | None, entity_id: int | None
) -> Query:
    if patient_id is not None:
        query = query.where(AuditRow.patient_id == patient_id)
    if entity is not None:
        query = query.where(AuditRow.entity == entity)
    if entity_id is not None:
        query = query.where(AuditRow.entity_id == entity_id)
    return query


def audit_entries(
    db: Database,
    *,
    patient_id: int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[AuditEntry]:
    """The entries (with `limit`: the newest `limit`), oldest first unless `newest_first`."""
    found = list(stream_audit_entries(db, patient_id=patient_id, entity=entity,
                                      entity_id=entity_id, limit=limit))
    if newest_first:
        found.reverse()
    return found


def stream_audit_entries(
    db: Database,
    *,
    patient_id: int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    limit: int | None = None,
    batch: int = STREAM_BATCH,
) -> Iterator[AuditEntry]:
    """The entries oldest first (with `limit`: the newest `limit` of them, oldest first), read
    `batch` at a time in short read transactions: memory stays flat however long the trail,
    the first entries arrive at once, and a reader that pauses (a pager) holds no snapshot
    of the database open. The trail is append-only, so paging by id misses nothing."""
    after = 0
    if limit is not None:
        newest = _filtered(select(AuditRow.id), patient_id, entity, entity_id)
        newest = newest.order_by(AuditRow.id.desc()).offset(limit - 1).limit(1)
        with db.reading() as session:
            start = session.scalar(newest)
        after = start - 1 if start is not None else 0
    left = limit
    table = AuditRow.__table__
    while left is None or left > 0:
        query = _filtered(select(table), patient_id, entity, entity_id)
        size = batch if left is None else min(batch, left)
        query = query.where(AuditRow.id > after).order_by(AuditRow.id).limit(size)
        with db.reading() as session:
            rows = [entry_from_row(r) for r in session.execute(query)]
        yield from rows
        if len(rows) < size:
            return
        after = rows[-1].id
        if left is not None:
            left -= len(rows)


# -- in words -------------------------------------------------------------------------------
def _short(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value).replace("\n", " ")
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _tag(value: Mapping[str, Any] | None) -> str:
    """"tight+underactive 6/10": every state (the primary first), then the score."""
    if not value:
        return "untagged"
    score = f" {value['tightness']}/10" if value.get("tightness") is not None else ""
    others = value.get("other_states") or []
    states = [str(value.get("state")), *(str(o.get("state")) for o in others
                                         if isinstance(o, Mapping))]
    return f"{'+'.join(states)}{score}"


def _exercise(catalog: Catalog | None, slug: Any) -> str:
    exercise = catalog.exercises.get(str(slug)) if catalog is not None else None
    return exercise.name if exercise is not None else str(slug)


def _dose(v: Mapping[str, Any]) -> str:
    reps = f"×{v['reps']}" if v.get("reps") else ""
    hold = f" {v['hold_seconds']} s" if v.get("hold_seconds") else ""
    return f"{v.get('sets')} set(s){reps}{hold}"


_SOAP = ("subjective", "objective", "assessment", "plan")


def _notes_change(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> str:
    """'visit notes: plan Add walks.; subjective —': each section that changed, as it is
    now."""
    before, after = old or {}, new or {}
    changed = [f"{n} {_short(after.get(n)) if after.get(n) else '—'}" for n in _SOAP
               if (before.get(n) or "") != (after.get(n) or "")]
    return "visit notes: " + ("; ".join(changed) or "removed")


def _response(v: Mapping[str, Any] | None) -> str:
    if not v:
        return "none"
    bits = [str(v.get("outcome"))]
    bits += [f"{label} {v[key]}" for key, label in (("pain", "pain"), ("rpe", "RPE"))
             if v.get(key) is not None]
    if v.get("note"):
        bits.append(_short(v["note"]))
    return " · ".join(bits)


def _next_day(v: Mapping[str, Any] | None) -> str:
    if not v:
        return "none"
    bits = [label for key, label in (("tight", "tight"), ("barely_firing", "barely firing"))
            if v.get(key)]
    if v.get("sore") is not None:
        bits.append(f"sore {v['sore']}")
    return " · ".join(bits) or "felt fine"


def describe_change(change: FieldChange, catalog: Catalog | None = None) -> str:
    name, old, new = change.field, change.old, change.new
    if name.startswith("tag "):
        return f"{name[4:]}: {_tag(old)} → {_tag(new)}"
    if name.startswith("psfs "):
        def item(v: Mapping[str, Any] | None) -> str:
            if not v:
                return "none"
            return f"{_short(v.get('activity'))} {_short(v.get('score'))}"
        return f"PSFS {name[5:]}: {item(old)} → {item(new)}"
    if name.startswith("block "):
        shown = new or old or {}
        label = f"{_exercise(catalog, shown.get('exercise'))} ({shown.get('side')})"
        if old is None:
            return f"added {label}, {_dose(shown)}"
        if new is None:
            return f"removed {label}"
        diffs = [f"{k} {_short(old.get(k))} → {_short(new.get(k))}"
                 for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
        return f"{label}: " + ", ".join(diffs)
    if name == "visit notes":
        return _notes_change(old, new)
    if name.startswith("response "):
        return f"response to block {name[9:]}: {_response(old)} → {_response(new)}"
    if name.startswith("next-day "):
        return f"next-day report {name[9:]}: {_next_day(old)} → {_next_day(new)}"
    if name.startswith(("dismiss ", "swap ")):
        if old is None:
            return f"{name} added"
        if new is None:
            return f"{name} removed"
        return f"{name} changed"
    return f"{name.replace('_', ' ')}: {_short(old)} → {_short(new)}"


def summary(entry: AuditEntry, catalog: Catalog | None = None) -> str:
    """One line: what happened to the record."""
    new = entry.new or {}
    if entry.action in ("create", "amend", "new-version"):
        verb = {"create": "created", "amend": "amendment started",
                "new-version": "new version started"}[entry.action]
        tags = sum(1 for k in new if k.startswith("tag "))
        blocks = sum(1 for k in new if k.startswith("block "))
        bits = []
        if entry.entity == "patient":
            bits.append(_short(new.get("name")))
        if "date" in new:
            bits.append(str(new["date"]))
        if entry.entity == "assessment":
            bits.append(f"{tags} tag(s)")
        if entry.entity == "session":
            bits.append(f"{blocks} block(s), {new.get('status')}")
        if new.get("version", 1) != 1:
            bits.append(f"version {new['version']}")
        return f"{verb}: " + ", ".join(bits) if bits else verb
    if entry.action == "delete":
        return "deleted"
    if entry.action == "sign":
        return f"signed by {_short(new.get('signed_by'))}"
    if entry.action == "bulk-insert":
        table = f" to {new['table']}" if new.get("table") else ""
        return f"{new.get('rows')} row(s) added in bulk{table}"
    changes = [describe_change(c, catalog) for c in entry.changes()
               if c.field not in ("delivered_at", "signed_at")]
    prefix = {"deliver": "delivered", "archive": "archived", "unarchive": "restored"}.get(
        entry.action
    )
    text = "; ".join(changes)
    return f"{prefix}: {text}" if prefix and text else (prefix or text)
