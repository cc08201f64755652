"""argparse with one-line errors: scripts read the last line, people read the first."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from equitone.domain.patients import parse_date
from equitone.errors import ValidationError


class QuietParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        from equitone.cli.output import shown  # the message may quote what was typed

        print(f"{self.prog}: error: {shown(message)} (see --help)", file=sys.stderr)
        raise SystemExit(2)


def date_argument(text: str) -> object:
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# The largest id (or count) a database can hold: SQLite's and PostgreSQL's 64-bit integers.
LARGEST_ID = 2**63 - 1
# A body map wider than this is a poster no printer takes; drawing it would take gigabytes.
WIDEST_IMAGE_PX = 8000
NARROWEST_IMAGE_PX = 100


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number.") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be a positive id.")
    if value > LARGEST_ID:
        raise argparse.ArgumentTypeError(
            f"'{_short(text)}' is too large (at most {LARGEST_ID:,})."
        )
    return value


def image_width(text: str) -> int:
    value = positive_int(text)
    if not NARROWEST_IMAGE_PX <= value <= WIDEST_IMAGE_PX:
        raise argparse.ArgumentTypeError(
            f"A width of {_short(text)} pixels cannot be drawn; give "
            f"{NARROWEST_IMAGE_PX}–{WIDEST_IMAGE_PX}."
        )
    return value


def _short(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:20]}…"


def refuse_undecodable(argv: Sequence[str]) -> None:
    """Arguments that were not valid UTF-8 bytes reach Python as lone surrogates
    (surrogateescape); they cannot be stored, printed or put in a JSON file, so they are
    refused here, with the offending bytes shown escaped."""
    for argument in argv:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            raise ValidationError(
                f"The argument '{shown[:80]}' is not valid UTF-8 text; give names, notes and "
                "file names in UTF-8."
            ) from None
