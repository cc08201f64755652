"""Reading a date as a person types it (day first, as written in clinic), not as a spin box
wants it: "12.3.1980", "12/03/80", "12 Mar 1980", "1980-03-12" and "12031980" all mean the
12th of March 1980. The command line keeps its strict YYYY-MM-DD (domain/patients.parse_date).
"""

from __future__ import annotations

import re
from datetime import date

from equitone.errors import ValidationError

EXAMPLE = "e.g. 12.3.1980, 12 Mar 1980 or 1980-03-12"

_MONTHS = {
    name: n
    for n, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}
_PARTS = re.compile(r"\d+|[^\W\d_]+")


def _year(text: str, today: date) -> int:
    """A two-digit year is the latest year with those digits that is not in the future."""
    value = int(text)
    if len(text) > 2:
        return value
    century = today.year - today.year % 100
    return century + value if century + value <= today.year else century - 100 + value


def _fields(text: str, today: date) -> tuple[int, int, int] | None:
    """(year, month, day) as typed, or None when the shape is not one people use."""
    digits = text.replace(" ", "")
    if re.fullmatch(r"\d{8}", digits):  # 12031980
        return int(digits[4:]), int(digits[2:4]), int(digits[:2])
    parts = _PARTS.findall(text.casefold())
    names = [p for p in parts if not p.isdigit()]
    numbers = [p for p in parts if p.isdigit()]
    if len(names) > 1 or any(len(n) > 4 for n in numbers):
        return None
    if names:
        month = _MONTHS.get(names[0])
        if month is None or not 1 <= len(numbers) <= 2:
            return None
        day = numbers[0]
        year = numbers[1] if len(numbers) == 2 else str(today.year)
        return _year(year, today), month, int(day)
    if len(numbers) == 3 and len(numbers[0]) == 4:  # 1980-03-12
        return int(numbers[0]), int(numbers[1]), int(numbers[2])
    if len(numbers) == 3:
        return _year(numbers[2], today), int(numbers[1]), int(numbers[0])
    if len(numbers) == 2 and all(len(n) <= 2 for n in numbers):  # 7.12. — this year
        return today.year, int(numbers[1]), int(numbers[0])
    return None


def read_typed_date(text: str, *, today: date | None = None) -> date:
    """The date ``text`` means, or a one-line ValidationError naming what was typed."""
    today = today or date.today()
    typed = text.strip()
    fields = _fields(typed, today)
    try:
        if fields is None:
            raise ValueError
        year, month, day = fields
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"'{typed}' is not a date ({EXAMPLE}).") from None
