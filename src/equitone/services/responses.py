"""The patient's response to each block of an in-clinic session, and the next-day report on
each muscle side a session activated.

Both are part of the session's record (the audit trail lists them under the session) but not
of its plan: they may be written after the session was delivered — that is when the next-day
report is given — and they never make the designer's copy of the session stale. Each is one
row per block (per muscle side), written in one transaction; bad ids, scores out of range or
a block the session does not have are refused with one line and nothing written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from equitone.domain.limits import check_day
from equitone.domain.trends import format_day
from equitone.domain.types import Side
from equitone.domain.visit_record import (
    BlockResponse,
    NextDayReport,
    Outcome,
    activated_sides,
)
from equitone.errors import NotFoundError, ValidationError
from equitone.services.catalog import load_catalog
from equitone.services.sessions import stored_blocks
from equitone.storage.database import Database
from equitone.storage.models import BlockResponseRow, NextDayReportRow, SessionBlockRow, SessionRow

Row = TypeVar("Row", BlockResponseRow, NextDayReportRow)

__all__ = [
    "clear_next_day",
    "clear_response",
    "next_day_for",
    "next_day_reports",
    "record_next_day",
    "record_response",
    "responses",
    "responses_for",
]


def _session(session: Session, session_id: int) -> SessionRow:
    row = session.get(SessionRow, session_id)
    if row is None:
        raise NotFoundError(f"There is no session with id {session_id}.")
    return row


def _response(row: BlockResponseRow) -> BlockResponse:
    return BlockResponse(row.block_id, Outcome(row.outcome), row.pain, row.rpe, row.note)


def _report(row: NextDayReportRow) -> NextDayReport:
    return NextDayReport(row.muscle, Side(row.side), row.reported_on, row.tight, row.sore,
                         row.barely_firing, row.note)


# -- responses per block --------------------------------------------------------------------
def responses(db: Database, session_id: int) -> dict[str, BlockResponse]:
    """block id -> the patient's response."""
    return responses_for(db, [session_id]).get(session_id, {})


def _rows_of(db: Database, model: type[Row], session_ids: Iterable[int],
             *order: Any) -> list[Row]:
    """The rows of `model` for these sessions (one session: it must exist)."""
    ids = list(session_ids)
    if not ids:
        return []
    with db.reading() as session:
        if len(ids) == 1:
            _session(session, ids[0])
        return list(session.scalars(select(model).where(model.session_id.in_(ids))
                                    .order_by(*order)))


def responses_for(db: Database, session_ids: Iterable[int]) -> dict[int, dict[str, BlockResponse]]:
    found: dict[int, dict[str, BlockResponse]] = {}
    for row in _rows_of(db, BlockResponseRow, session_ids, BlockResponseRow.id):
        found.setdefault(row.session_id, {})[row.block_id] = _response(row)
    return found


def _check_block(session: Session, row: SessionRow, block_id: str) -> None:
    if not row.in_clinic:
        raise ValidationError(
            f"Session {row.id} is a home program: responses are recorded during an "
            "in-clinic session."
        )
    known = session.scalar(select(SessionBlockRow.id).where(
        SessionBlockRow.session_id == row.id, SessionBlockRow.block_id == block_id))
    if known is None:
        raise NotFoundError(f"Session {row.id} has no block {block_id!r}.")


def record_response(db: Database, session_id: int, response: BlockResponse) -> BlockResponse:
    """Store (or replace) the response to one block of an in-clinic session."""
    response = response.validated()
    with db.transaction() as session:
        row = _session(session, session_id)
        _check_block(session, row, response.block_id)
        stored = session.scalar(select(BlockResponseRow).where(
            BlockResponseRow.session_id == session_id,
            BlockResponseRow.block_id == response.block_id))
        values = {"pain": response.pain, "rpe": response.rpe,
                  "outcome": response.outcome.value, "note": response.note}
        if stored is None:
            session.add(BlockResponseRow(session_id=session_id, block_id=response.block_id,
                                         **values))
        else:
            for key, value in values.items():
                setattr(stored, key, value)
    return response


def clear_response(db: Database, session_id: int, block_id: str) -> None:
    with db.transaction() as session:
        _session(session, session_id)
        session.execute(delete(BlockResponseRow).where(
            BlockResponseRow.session_id == session_id, BlockResponseRow.block_id == block_id))


# -- next-day reports -----------------------------------------------------------------------
def next_day_reports(db: Database, session_id: int) -> list[NextDayReport]:
    return next_day_for(db, [session_id]).get(session_id, [])


def next_day_for(db: Database, session_ids: Iterable[int]) -> dict[int, list[NextDayReport]]:
    """session id -> its next-day reports (muscle, side order)."""
    found: dict[int, list[NextDayReport]] = {}
    for row in _rows_of(db, NextDayReportRow, session_ids, NextDayReportRow.muscle,
                        NextDayReportRow.side):
        found.setdefault(row.session_id, []).append(_report(row))
    return found


def _activated(db: Database, session: Session, session_id: int) -> tuple[tuple[str, Side], ...]:
    return activated_sides(stored_blocks(session, session_id), load_catalog(db).exercises)


def record_next_day(db: Database, session_id: int, report: NextDayReport) -> NextDayReport:
    """Store (or replace) how one muscle side the delivered session activated felt on the
    following days. Reported on or after the session's day, not in the future."""
    report = report.validated()
    with db.transaction() as session:
        row = _session(session, session_id)
        if row.status != "delivered":
            raise ValidationError(
                f"Session {row.id} has not been delivered: a next-day report follows a "
                "delivered session."
            )
        if report.key not in _activated(db, session, session_id):
            raise ValidationError(
                f"Session {row.id} did not activate {report.muscle} {report.side.value}; "
                "a next-day report is about a muscle the session activated."
            )
        check_day(report.reported_on, "report")
        if report.reported_on < row.date or report.reported_on > date.today():
            raise ValidationError(
                f"A next-day report on the session of {format_day(row.date)} is given on or "
                f"after that day and not in the future, not on {report.reported_on.isoformat()}."
            )
        stored = session.scalar(select(NextDayReportRow).where(
            NextDayReportRow.session_id == session_id, NextDayReportRow.muscle == report.muscle,
            NextDayReportRow.side == report.side.value))
        values = {"reported_on": report.reported_on, "tight": report.tight, "sore": report.sore,
                  "barely_firing": report.barely_firing, "note": report.note}
        if stored is None:
            session.add(NextDayReportRow(session_id=session_id, muscle=report.muscle,
                                         side=report.side.value, **values))
        else:
            for key, value in values.items():
                setattr(stored, key, value)
    return report


def clear_next_day(db: Database, session_id: int, muscle: str, side: Side) -> None:
    with db.transaction() as session:
        _session(session, session_id)
        session.execute(delete(NextDayReportRow).where(
            NextDayReportRow.session_id == session_id, NextDayReportRow.muscle == muscle,
            NextDayReportRow.side == side.value))
