"""A dose in the words a card uses, so a number is written in one place only: the dose.

The shipped instructions and technique texts say "hold {hold}" or "{rounds}" rather than
"hold 5 seconds" or "3 rounds"; the card fills them from the block's dose. A clinician who
changes a hold to 10 s therefore never gets a card that says 5 seconds in its text and
10 s in its dose line.
"""

from __future__ import annotations

import string

from equitone.domain.types import Dose

__all__ = ["DOSE_FIELDS", "dose_fields", "fill_dose", "placeholders", "seconds_words"]

DOSE_FIELDS = ("hold", "reps", "sets", "rounds", "repeat", "rest")
"""The placeholders a shipped text may use: ``{hold}`` "5 seconds", ``{reps}`` "10",
``{sets}`` "2", ``{rounds}`` "3 rounds", ``{repeat}`` ", 3 times" (empty for one set),
``{rest}`` "30 seconds"."""


def seconds_words(seconds: int) -> str:
    """"1 second", "75 seconds", "2 minutes", "90 seconds": whole minutes as minutes."""
    if seconds >= 120 and seconds % 60 == 0:
        return f"{seconds // 60} minutes"
    if seconds == 60:
        return "1 minute"
    return f"{seconds} second" + ("" if seconds == 1 else "s")


def dose_fields(dose: Dose) -> dict[str, str]:
    sets = max(dose.sets, 1)
    return {
        "hold": seconds_words(dose.hold_seconds) if dose.hold_seconds else "a few seconds",
        "reps": str(dose.reps) if dose.reps else "a few",
        "sets": str(sets),
        "rounds": f"{sets} round" + ("" if sets == 1 else "s"),
        "repeat": "" if sets == 1 else f", {sets} times",
        "rest": seconds_words(dose.rest_seconds) if dose.rest_seconds else "a moment",
    }


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a text asks for."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def fill_dose(template: str, dose: Dose) -> str:
    """The template with its dose placeholders filled from ``dose``."""
    return template.format_map(dose_fields(dose))
