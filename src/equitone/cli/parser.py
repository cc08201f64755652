"""argparse with one-line errors: scripts read the last line, people read the first."""

from __future__ import annotations

import argparse
import sys
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


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number.") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be a positive id.")
    return value
