"""Optimistic concurrency for the write services: a save names the version of the record its
editor loaded, and one made on stale data is refused with a message that says who changed
what, and when.

Two workstations may open the same patient, assessment or session. Each remembers the record's
`row_version`; a service that changes the record calls `claim()` with that number inside its
transaction. When someone else saved in between, nothing is written and StaleRecordError
tells the clinician, from the audit trail, who changed what and when. Writers with no editor
state (the CLI, importers) pass no version and simply raise it (storage/versioning.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from equitone.errors import EquitoneError, StaleRecordError
from equitone.services.audit import AuditEntry, entry_from_row, summary
from equitone.storage import versioning
from equitone.storage.models import AuditRow
from equitone.storage.versioning import VersionedRow

ENTITIES = {"patients": "patient", "assessments": "assessment", "sessions": "session"}
SHOWN_CHANGES = 3  # the message names at most this many changes, newest first
_LOOKBACK = 50


def claim(session: Session, row: VersionedRow, expected: int | None, what: str) -> None:
    """Check that `row` is still at `expected` and raise its version, atomically; else raise
    StaleRecordError. `what` names the record in the message ("the assessment of
    2026-11-20"). `expected` None: no check (the version is raised on flush)."""
    if expected is None:
        return
    if row.row_version == expected and versioning.claim(session, row, expected):
        return
    raise stale_error(session, row, expected, what)


def take(
    session: Session, row: VersionedRow, expected: int | None, what: str, *,
    state: ColumnElement[bool], refusal: Callable[[], EquitoneError | None],
) -> None:
    """Claim `row` for a one-way transition (sign, amend, deliver, new version) that the
    stored row must still allow (`state`, a condition on its table), atomically on every
    engine: one conditional UPDATE on the version — the one the editor loaded, else the one
    just read — and on `state`. Of several workstations attempting it at the same moment,
    exactly one matches; the others re-read what the winner left and raise `refusal()`
    ("was already signed by …"), or StaleRecordError when the record changed otherwise."""
    seen = row.row_version if expected is None else expected
    if row.row_version == seen and versioning.claim(session, row, seen, state):
        return
    session.refresh(row)
    error = refusal()
    raise error if error is not None else stale_error(session, row, seen, what)


def stale_error(
    session: Session, row: VersionedRow, expected: int, what: str
) -> StaleRecordError:
    model = type(row)
    entity = ENTITIES[model.__tablename__]
    current = session.scalar(select(model.row_version).where(model.id == row.id))
    rows = session.scalars(
        select(AuditRow)
        .where(AuditRow.entity == entity, AuditRow.entity_id == row.id)
        .order_by(AuditRow.id.desc())
        .limit(_LOOKBACK)
    )
    since = changes_since([entry_from_row(r) for r in rows], expected)
    return StaleRecordError(
        stale_message(what, since, deleted=current is None),
        entity=entity, entity_id=row.id, expected=expected, current=current,
    )


def changes_since(newest_first: list[AuditEntry], expected: int) -> list[AuditEntry]:
    """The entries that made versions after `expected` (newest first). Entries written before
    versions were recorded cannot be placed: then the newest one stands for them."""
    found = [e for e in newest_first if e.row_version is not None and e.row_version > expected]
    if not found and newest_first:
        found = newest_first[:1]
    return found


def _when(at_utc: datetime) -> str:
    local = at_utc.replace(tzinfo=UTC).astimezone()
    today = datetime.now().astimezone().date()
    return f"at {local:%H:%M}" if local.date() == today else f"on {local:%Y-%m-%d at %H:%M}"


def describe_entry(entry: AuditEntry) -> str:
    """'anna@room2 at 14:02 (tag soleus left: tight 4/10 → tight 6/10)'."""
    what = summary(entry) or entry.action
    return f"{entry.actor} {_when(entry.at_utc)} ({what})"


def stale_message(what: str, since: list[AuditEntry], *, deleted: bool = False) -> str:
    subject = what[0].upper() + what[1:]
    if deleted:
        by = f" by {describe_entry(since[0])}" if since else ""
        return f"{subject} was deleted on another workstation{by}; your change was not saved."
    if not since:
        return (f"{subject} was changed on another workstation after you opened it; "
                "your change was not saved.")
    shown = "; ".join(describe_entry(e) for e in since[:SHOWN_CHANGES])
    more = len(since) - SHOWN_CHANGES
    extra = f" and {more} earlier change(s)" if more > 0 else ""
    return (f"{subject} was changed after you opened it by {shown}{extra}. "
            "Your change was not saved.")
