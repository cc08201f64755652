"""Has the server gone back in time? Checked before any waiting edit is written.

A database restored from an older dump looks like the same server: same address, same
records, older versions. Writing waiting edits onto it would put them on top of records they
were not made on, and the changes made after the dump — this workstation's own among them —
would be gone without a word. So an edit remembers what the server looked like when it began
waiting (its `basis`):

- the database's identity (migration 0010; kept by dump and restore, drawn again only on
  purpose: a different identity is another database);
- the change marker: the newest audit entry's id *and when it was written*. After a restore
  the newest id may be lower, or — once other workstations wrote again — the same id may name
  another entry (ids are reused): both say the history was rewritten;

and each edit names the version of its record. Any of them older than the basis, and nothing
is written until the clinician has seen what differs (ui/sync/time_travel_dialog.py).
No Qt here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from equitone.services.change_poll import stamp
from equitone.storage.database import Database
from equitone.storage.models import (
    AssessmentRow,
    AuditRow,
    PatientRow,
    ServerIdentityRow,
    SessionRow,
)

_RECORDS: dict[str, Any] = {
    "patient_id": PatientRow, "assessment_id": AssessmentRow, "session_id": SessionRow}
_NAMES = {"patient_id": "patient", "assessment_id": "assessment", "session_id": "session"}
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Basis:
    """What the server looked like: identity, newest audit id and when it was written."""

    identity: str
    marker: int
    marker_at: str  # "" on a database with no audit entry yet

    def as_json(self) -> dict[str, object]:
        return {"server": self.identity, "marker": self.marker, "marker_at": self.marker_at}

    @classmethod
    def of(cls, value: Mapping[str, Any]) -> Basis | None:
        if not value or "server" not in value:
            return None  # a recovery file of format 1 says nothing about the server
        return cls(str(value["server"]), int(value.get("marker") or 0),
                   str(value.get("marker_at") or ""))


def identity(db: Database) -> str:
    """The database's identity ("" when it has none: never on a migrated database)."""
    with db.reading() as session:
        found = session.get(ServerIdentityRow, 1)
        return found.identity if found is not None else ""


def new_identity(db: Database) -> str:
    """Draw a new identity, on purpose (a copy that becomes a database of its own). Waiting
    edits made on the old one will then be shown as made on another database."""
    drawn = uuid.uuid4().hex
    with db.transaction() as session:
        row = session.get(ServerIdentityRow, 1)
        now = datetime.now(UTC).replace(tzinfo=None)
        if row is None:
            session.add(ServerIdentityRow(id=1, identity=drawn, drawn_at_utc=now))
        else:
            row.identity, row.drawn_at_utc = drawn, now
    return drawn


def basis(db: Database) -> Basis:
    """The server as it is now (three indexed reads)."""
    with db.reading() as session:
        found = session.get(ServerIdentityRow, 1)
        newest = int(session.scalar(select(func.max(AuditRow.id))) or 0)
        at = session.scalar(select(AuditRow.at_utc).where(AuditRow.id == newest))
    return Basis(found.identity if found is not None else "", newest, stamp(at))


def marker_at(db: Database, marker: int) -> str | None:
    """When the audit entry `marker` was written ("" for 0; None: there is no such entry)."""
    if marker == 0:
        return ""
    with db.reading() as session:
        at = session.scalar(select(AuditRow.at_utc).where(AuditRow.id == marker))
    return None if at is None else stamp(at)


@dataclass(frozen=True, slots=True)
class Difference:
    """One way the server differs from what the waiting edits were made on."""

    text: str
    entry_id: str | None = None  # None: about the whole server


def _server_differences(db: Database, then: Basis, now: Basis) -> list[Difference]:
    found: list[Difference] = []
    if then.identity and now.identity != then.identity:
        found.append(Difference(
            "This is not the database the changes were made on: its identity is different "
            "(another server, or a copy made into a database of its own)."))
        return found
    if now.marker < then.marker:
        lost = then.marker - now.marker
        found.append(Difference(
            f"The database holds {lost} recorded change{'s' if lost != 1 else ''} fewer than "
            "when these changes were made: it was probably restored from an older backup."))
    elif then.marker and marker_at(db, then.marker) != then.marker_at:
        found.append(Difference(
            "The latest recorded change this workstation saw when these changes were made is "
            "not in the database any more, though changes were recorded since: it was "
            "probably restored from an older backup and written to again."))
    return found


def _stored_versions(db: Database, wanted: dict[str, set[int]]) -> dict[str, dict[int, int]]:
    """The stored row_version of each wanted record, by kind (a few reads, not one each)."""
    found: dict[str, dict[int, int]] = {}
    with db.reading() as session:
        for key, ids in wanted.items():
            model = _RECORDS[key]
            chosen = sorted(ids)
            found[key] = {}
            for at in range(0, len(chosen), _CHUNK):
                rows = session.execute(select(model.id, model.row_version)
                                       .where(model.id.in_(chosen[at:at + _CHUNK])))
                found[key].update({int(i): int(v) for i, v in rows})
    return found


def _record_versions(
    db: Database, entries: Iterable[Mapping[str, Any]], labels: Mapping[str, str]
) -> list[Difference]:
    named: list[tuple[Mapping[str, Any], str, int, int]] = []
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        intent = entry.get("intent") or {}
        key = next((k for k in _RECORDS if k in intent), None)
        if key is None or "expected_version" not in intent:
            continue
        named.append((entry, key, int(intent[key]), int(intent["expected_version"])))
        wanted.setdefault(key, set()).add(int(intent[key]))
    stored = _stored_versions(db, wanted)
    found: list[Difference] = []
    for entry, key, record_id, expected in named:
        now = stored[key].get(record_id)
        what = labels.get(str(entry.get("id")), str(entry.get("label", "A change")))
        if now is None:
            found.append(Difference(
                f"“{what}”: the {_NAMES[key]} it changes is no longer in the database.",
                str(entry.get("id"))))
        elif now < expected:
            found.append(Difference(
                f"“{what}”: the {_NAMES[key]} is older than when the change was made "
                f"(it is at version {now}; the change was made on version {expected}).",
                str(entry.get("id"))))
    return found


def differences(
    db: Database, entries: Sequence[Mapping[str, Any]], labels: Mapping[str, str] | None = None
) -> list[Difference]:
    """Everything that says the server went back in time (or is another database) since the
    waiting `entries` were made; empty when they may be written. `labels`: how to name each
    entry (by id) in the text; its own label otherwise."""
    if not entries:
        return []
    now = basis(db)
    found: list[Difference] = []
    seen: set[Basis] = set()
    for entry in entries:
        then = Basis.of(entry.get("basis") or {})
        if then is not None and then not in seen:
            seen.add(then)
            found += [d for d in _server_differences(db, then, now) if d not in found]
    if any("identity" in d.text for d in found):
        return found  # another database: its versions say nothing
    return found + _record_versions(db, entries, labels or {})
