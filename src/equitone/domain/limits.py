"""The limits of what Equitone stores, in one place: the window of dates a visit or a plan may
have, and the longest text each field may hold.

The services check every write against these (on SQLite as on PostgreSQL, whose columns are
no wider), the archive format's schema repeats them, and what prints or draws a stored date
leaves out a date outside the window rather than fail on it (a row from an older version, or
one written by hand: 0001-01-01, 9999-12-31).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from equitone.errors import ValidationError

# -- dates ------------------------------------------------------------------------------------
EARLIEST_DAY = date(1900, 1, 1)
YEARS_AHEAD = 5  # a plan may be made for a visit this far ahead, no further
# Clocks of two workstations disagree a little, and a visit's date is local while a
# signature's time is UTC: signing and importing allow a day either way.
CLOCK_SLACK = timedelta(days=1)


def last_accepted_day(today: date | None = None) -> date:
    """The last date a visit or a plan may have: `YEARS_AHEAD` years after today."""
    today = today or date.today()
    year = today.year + YEARS_AHEAD
    day = min(today.day, 28) if (today.month, today.day) == (2, 29) else today.day
    return today.replace(year=year, day=day)


def in_window(day: date, today: date | None = None) -> bool:
    """True when `day` is a date a visit or a plan may have (and a chart can place)."""
    return EARLIEST_DAY <= day <= last_accepted_day(today)


def check_day(day: date, what: str, *, born: date | None = None, patient: str = "",
              today: date | None = None) -> date:
    """`day` if a visit or a plan may have it (`what`: "assessment", "session"); else one
    line saying why. Never before the patient's birth (`born`, `patient`: their name)."""
    last = last_accepted_day(today)
    if not EARLIEST_DAY <= day <= last:
        raise ValidationError(
            f"The {what} date {day.isoformat()} is outside the dates Equitone accepts "
            f"({EARLIEST_DAY.isoformat()} to {last.isoformat()})."
        )
    if born is not None and day < born:
        who = patient or "the patient"
        raise ValidationError(
            f"The {what} date {day.isoformat()} is before {who} was born "
            f"({born.isoformat()})."
        )
    return day


def check_signing_day(day: date, record: str, today: date | None = None) -> None:
    """A visit is signed on or after its day, never before it happened (`record`: how the
    message names it, "Assessment 12")."""
    if day > (today or date.today()) + CLOCK_SLACK:
        raise ValidationError(
            f"{record} is dated {day.isoformat()}: it can be signed on or after the day of "
            "the visit."
        )


def check_birth_before(born: date | None, first_visit: date | None) -> None:
    """A date of birth after the patient's first visit or plan is a typing error."""
    if born is not None and first_visit is not None and born > first_visit:
        raise ValidationError(
            f"The date of birth {born.isoformat()} is after the first visit or plan "
            f"({first_visit.isoformat()})."
        )


def add_days(day: date, days: int) -> date | None:
    """`day` moved by `days`, or None past the calendar's ends (year 1 or 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


# -- text -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TextField:
    """A stored text: what messages call it, and the most characters it may hold."""

    label: str
    limit: int


# By "table.column". A bounded column (VARCHAR on PostgreSQL) is exactly as wide as its limit
# and the archive schema's maxLength is the same number (tests/services/test_limits.py checks
# both); an unbounded one (TEXT) is limited here only, so that a record always fits an archive.
TEXT_LIMITS: Mapping[str, TextField] = {
    "patients.name": TextField("name", 200),
    "patients.phone": TextField("phone number", 64),
    "patients.email": TextField("e-mail address", 254),
    "patients.address": TextField("address", 100_000),
    "patients.notes": TextField("notes", 20_000),
    "assessments.clinician": TextField("clinician's name", 120),
    "assessments.findings": TextField("findings", 100_000),
    "assessments.signed_by": TextField("signer's name", 120),
    "tone_tags.note": TextField("tag note", 4_000),
    "psfs_items.activity": TextField("PSFS activity", 200),
    "sessions.notes": TextField("session notes", 100_000),
    "session_blocks.note": TextField("block note", 100_000),
    "session_blocks.reason": TextField("block reason", 100_000),
    "session_decisions.reason": TextField("reason for the dismissal", 100_000),
    "visit_notes.subjective": TextField("subjective note", 100_000),
    "visit_notes.objective": TextField("objective note", 100_000),
    "visit_notes.assessment": TextField("assessment note", 100_000),
    "visit_notes.plan": TextField("plan note", 100_000),
    "quick_phrases.key": TextField("quick phrase key", 40),
    "quick_phrases.text": TextField("quick phrase", 4_000),
    "block_responses.note": TextField("response note", 1_000),
    "next_day_reports.note": TextField("next-day note", 1_000),
    "session_templates.name": TextField("template name", 160),
    "session_templates.description": TextField("template description", 100_000),
    "exercises.name": TextField("exercise name", 160),
    "exercises.instruction": TextField("instruction", 100_000),
}


_SURROGATE = re.compile("[\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """What makes `text` impossible to store on every engine, or None: PostgreSQL refuses
    the NUL character; a lone surrogate (half of a character, e.g. from bytes that were not
    UTF-8) cannot be encoded at all."""
    if "\x00" in text:
        return "a NUL character"
    half = _SURROGATE.search(text)
    if half is not None:
        return f"an invalid character (lone surrogate U+{ord(half.group()):04X})"
    return None


def check_text(text: str, key: str) -> str:
    """`text` if the field `key` ("patients.phone") may hold it; else one line saying why."""
    field = TEXT_LIMITS[key]
    bad = unstorable(text)
    if bad is not None:
        raise ValidationError(f"The {field.label} contains {bad}, which cannot be stored.")
    if len(text) > field.limit:
        raise ValidationError(
            f"The {field.label} is {len(text)} characters long; at most {field.limit} "
            "characters are allowed."
        )
    return text
