"""Could Equitone have made this archive? The rules a schema cannot express, checked before
anything is written.

A schema-valid file can still hold records the app never creates: a signature dated in the
future or before the visit, a signature without a signer, a draft with a delivery time,
versions numbered out of order or forked (two successors of one version), a birth after the
visits, dates outside the accepted window, text no database can store (a NUL, a lone
surrogate). Imported, such records break the app's promises (a signed record is read-only
for good; a record's versions form one chain), so each is refused with one line naming the
record and the field: `sessions[1].delivered_at: a draft session has no delivery time`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from equitone.domain.limits import CLOCK_SLACK, check_birth_before, check_day, unstorable
from equitone.domain.version_chain import Link, chain_problems
from equitone.errors import ValidationError
from equitone.services.archive_format import ArchiveError, where
from equitone.services.archive_records import ImportPlan, PlannedAssessment, PlannedSession

SLACK = CLOCK_SLACK  # clocks and time zones: a day either way is not refused


def _bad(path: Sequence[Any], problem: str) -> ArchiveError:
    return ArchiveError(f"The archive is not valid: {where(path)}: {problem}.")


def _texts(node: Any, path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    """Every string of the document (keys too) with where it is."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield [*path, key], key
            yield from _texts(value, [*path, key])
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _texts(value, [*path, n])


def _maybe_unstorable(document: dict[str, Any]) -> bool:
    """False when no string of `document` can be unstorable: the whole document as JSON text
    (one pass in C, where a NUL reads `\\u0000` and a lone surrogate stays itself) holds
    neither. True also for a harmless text that spells `\\u0000`: then the strings are looked
    at one by one."""
    try:
        text = json.dumps(document, ensure_ascii=False)
    except (TypeError, ValueError):  # not plain JSON data: look at every string
        return True
    return "\\u0000" in text or unstorable(text) is not None


def refuse_unstorable_text(document: dict[str, Any]) -> None:
    """A NUL or a lone surrogate anywhere: no engine stores it (domain.limits.unstorable)."""
    if not _maybe_unstorable(document):
        return
    for path, text in _texts(document, []):
        bad = unstorable(text)
        if bad is not None:
            raise _bad(path, f"contains {bad}, which cannot be stored")


def check_plan(plan: ImportPlan, now: datetime | None = None) -> None:
    """Every record of a planned import as the app could have made it, else ArchiveError."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    for n, a in enumerate(plan.assessments):
        _visit_day(a.day, "assessment", ["assessments", n, "date"])
        _signature(a, ["assessments", n], now)
    for n, s in enumerate(plan.sessions):
        _visit_day(s.values["date"], "session", ["sessions", n, "date"])
        _delivery(s, ["sessions", n], now)
    _chains("assessments", [Link(a.ref, None, a.version, a.supersedes)
                            for a in plan.assessments])
    _chains("sessions", [Link(s.ref, None, s.values["version"], s.supersedes)
                         for s in plan.sessions])
    days = [a.day for a in plan.assessments] + [s.values["date"] for s in plan.sessions]
    try:
        check_birth_before(plan.patient.date_of_birth, min(days, default=None))
    except ValidationError as exc:
        born = plan.patient.date_of_birth
        first = min(days)
        raise _bad(["patient", "date_of_birth"],
                   f"{born} is after the first visit or plan ({first})") from exc


def _visit_day(day: date, what: str, path: list[Any]) -> None:
    try:
        check_day(day, what)
    except ValidationError as exc:
        raise _bad(path, str(exc).rstrip(".")) from None


def _signature(a: PlannedAssessment, path: list[Any], now: datetime) -> None:
    if a.signed_at is None:
        if a.signed_by.strip():
            raise _bad([*path, "signed_by"], "names a signer but is not signed")
        return
    if not a.signed_by.strip():
        raise _bad([*path, "signed_by"], "a signed assessment names who signed it")
    if a.signed_at > now + SLACK:
        raise _bad([*path, "signed_at_utc"],
                   f"signed in the future ({a.signed_at:%Y-%m-%d %H:%M} UTC)")
    if a.signed_at.date() < a.day - SLACK:
        raise _bad([*path, "signed_at_utc"],
                   f"signed on {a.signed_at:%Y-%m-%d}, before the visit of {a.day}")


def _delivery(s: PlannedSession, path: list[Any], now: datetime) -> None:
    status, delivered_at = s.values["status"], s.values["delivered_at"]
    if status != "delivered":
        if delivered_at is not None:
            raise _bad([*path, "delivered_at"], f"a {status} session has no delivery time")
        return
    if delivered_at is None:
        raise _bad([*path, "delivered_at"], "a delivered session says when it was delivered")
    local_now = now.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    if delivered_at > local_now + SLACK:
        raise _bad([*path, "delivered_at"],
                   f"delivered in the future ({delivered_at:%Y-%m-%d %H:%M})")


def _chains(kind: str, links: Iterable[Link]) -> None:
    """Versions out of order or forked (domain/version_chain.py), named by their record."""
    listed = list(links)
    index = {link.id: n for n, link in enumerate(listed)}
    problems = chain_problems(listed, kind.removesuffix("s"))
    if not problems:
        return
    problem = problems[0]
    path: list[Any] = [kind, index[problem.record]]
    if problem.text.startswith("is version"):
        path.append("version")
    elif problem.text.startswith("replaces"):
        path.append("supersedes")
    raise _bad(path, problem.text)
