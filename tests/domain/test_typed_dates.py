"""Dates typed the way people type them: day first, any separator, a short year, a month name."""

from __future__ import annotations

from datetime import date

import pytest

from equitone.domain.typed_dates import read_typed_date
from equitone.errors import ValidationError

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(("typed", "meant"), [
    ("1980-03-12", date(1980, 3, 12)),
    ("12.3.1980", date(1980, 3, 12)),
    ("12.03.1980", date(1980, 3, 12)),
    ("12/3/1980", date(1980, 3, 12)),
    ("12-3-1980", date(1980, 3, 12)),
    (" 12 3 1980 ", date(1980, 3, 12)),
    ("12031980", date(1980, 3, 12)),
    ("12.3.80", date(1980, 3, 12)),
    ("1.1.05", date(2005, 1, 1)),  # a two-digit year never lies in the future
    ("12 Mar 1980", date(1980, 3, 12)),
    ("12 march 1980", date(1980, 3, 12)),
    ("March 12, 1980", date(1980, 3, 12)),
    ("7.12.", date(2026, 12, 7)),  # no year: this year
    ("1980/03/12", date(1980, 3, 12)),
])
def test_common_ways_of_typing_a_date(typed: str, meant: date) -> None:
    assert read_typed_date(typed, today=TODAY) == meant


@pytest.mark.parametrize("typed", ["31.2.1980", "12.13.1980", "soon", "12..", "1980", "12.3.19800"])
def test_a_date_that_is_not_one_says_so_in_one_line(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_typed_date(typed, today=TODAY)
    message = str(caught.value)
    assert typed.strip() in message and "\n" not in message
    assert "12.3.1980" in message  # an example of what works
