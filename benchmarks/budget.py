"""What every benchmark shares: its figures, each with the goal it is held to.

A benchmark script keeps its own set-up and measuring; it yields `Figure`s from one function
and hands that function to `run()`, which prints each figure as a line as it comes, says PASS
or MISSED GOAL, and exits non-zero on a missed goal. `--json FILE` also writes the figures
for benchmarks/run_all.py, which runs every script and prints one table.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure. With a `goal` it must stay below it (`at_most`: or equal);
    without one it is shown for information."""

    measure: str
    value: float
    unit: str = "ms"
    goal: float | None = None
    at_most: bool = False
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        return self.value <= self.goal if self.at_most else self.value < self.goal

    @property
    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        return f"{'<=' if self.at_most else '<'} {number(self.goal)} {self.unit}".rstrip()

    @property
    def value_text(self) -> str:
        return f"{number(self.value)} {self.unit}".rstrip()

    def line(self) -> str:
        details = "; ".join(part for part in (
            f"goal {self.goal_text}" if self.goal is not None else "", self.note) if part)
        return f"{self.measure}: {self.value_text}" + (f" ({details})" if details else "")


def number(value: float) -> str:
    """Three significant digits at most, without a trailing ".0": 0.0189, 1.58, 16.6, 175."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    size = abs(value)
    if size >= 100 or value == int(value):
        return f"{value:,.0f}".replace(",", "")
    text = f"{value:.1f}" if size >= 10 else f"{value:.2f}" if size >= 1 else f"{value:.3g}"
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def read_figures(path: Path) -> list[Figure]:
    return [Figure(**item) for item in json.loads(path.read_text())["figures"]]


def run(
    collect: Callable[[argparse.Namespace], Iterable[Figure]],
    parser: argparse.ArgumentParser,
) -> int:
    """Parse the options (adding --json), print each figure as `collect` yields it, then the
    verdict; 1 when a goal was missed."""
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    figures: list[Figure] = []
    for figure in collect(args):
        print(figure.line(), flush=True)
        figures.append(figure)
    if args.json is not None:
        args.json.write_text(json.dumps({"figures": [asdict(f) for f in figures]}, indent=1))
    missed = [f.measure for f in figures if f.met is False]
    print("PASS" if not missed else f"MISSED GOAL: {'; '.join(missed)}", flush=True)
    return 1 if missed else 0


def main(
    collect: Callable[[argparse.Namespace], Iterable[Figure]],
    parser: argparse.ArgumentParser,
) -> None:
    sys.exit(run(collect, parser))
