"""`equitone trend --patient ID [--muscle SLUG] [--side left|right] [--format csv|json]
[--measure tightness|rom]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equitone.cli.parser import positive_int
from equitone.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from equitone.storage.database import Database


def register(subparsers: Any) -> None:
    trend = subparsers.add_parser(
        "trend", help="print a patient's tightness series (CSV or JSON), or render the chart"
    )
    trend.add_argument("--patient", type=positive_int, required=True, metavar="ID")
    trend.add_argument("--muscle", metavar="SLUG")
    trend.add_argument("--side", choices=("left", "right"))
    trend.add_argument("--format", choices=("csv", "json"), default="csv")
    trend.add_argument(
        "--measure", choices=("tightness", "rom"), default="tightness",
        help="tightness (default) or rom: ranges of motion against their named length tests "
             "(columns date,muscle,side,test,value,unit,normal)")
    trend.add_argument("--png", metavar="FILE", help="render the chart to a PNG file")
    trend.set_defaults(handler=_trend)


def _trend(args: argparse.Namespace, db: Database) -> int:
    from equitone.cli.output import json_text
    from equitone.domain.trends import rom_csv, rom_rows, to_csv, to_json, to_rows
    from equitone.services.catalog import load_catalog
    from equitone.services.trends import trend_data

    if args.muscle and args.muscle not in load_catalog(db).muscles:
        raise NotFoundError(f"Unknown muscle '{args.muscle}'.")
    data = trend_data(db, args.patient)
    if args.measure == "rom":
        if args.png:
            raise ValidationError("--png draws the tightness chart; leave out --measure rom.")
        found = rom_rows(data, args.muscle, args.side)
        sys.stdout.write(json_text(found) + "\n" if args.format == "json" else rom_csv(found))
        return 0
    rows = to_rows(data.points, args.muscle, args.side)
    if args.png:
        from equitone.services.output_target import checked_output

        _render(checked_output(Path(args.png), db, suffixes=(".png",)), data, args.muscle,
                args.side)
    sys.stdout.write(to_json(rows) + "\n" if args.format == "json" else to_csv(rows))
    return 0


def _render(path: Path, data: Any, muscle: str | None, side: str | None) -> None:
    from equitone.domain.trends import default_selection, series
    from equitone.offscreen import ensure_application

    keys = [k for k in series(data.points)
            if (muscle is None or k[0] == muscle) and (side is None or k[1].value == side)]
    if muscle is None and side is None:
        keys = default_selection(data) or keys
    ensure_application()
    from equitone.charts.render import render_trend_png

    try:
        path.write_bytes(render_trend_png(data, keys, 1600, 900))
    except OSError as exc:
        raise ValidationError(f"Cannot write {path}: {exc.strerror or exc}.") from None
