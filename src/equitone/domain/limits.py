"""The limits of what Equitone stores, in one place: the window of dates a visit or a plan may
have, and the longest text each field may hold.

The services check every write against these (on SQLite as on PostgreSQL, whose columns are
no wider), the archive format's schema repeats them, and what prints or draws a stored date
leaves out a date outside the window rather than fail on it (a row from an older version, or
one written by hand: 0001-01-01, 9999-12-31).
"""

from __future__ import annotations

from datetime import date, timedelta

from equitone.errors import ValidationError

# -- dates ------------------------------------------------------------------------------------
EARLIEST_DAY = date(1900, 1, 1)
YEARS_AHEAD = 5  # a plan may be made for a visit this far ahead, no further


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
