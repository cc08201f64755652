"""`equitone exercise picture`: an exercise's picture as a PNG or SVG file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from equitone.storage.database import Database


def width_px(text: str) -> int:
    from equitone.services.figures import MAX_WIDTH_PX, MIN_WIDTH_PX

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number.") from None
    if not MIN_WIDTH_PX <= value <= MAX_WIDTH_PX:
        raise argparse.ArgumentTypeError(
            f"the width must be {MIN_WIDTH_PX}–{MAX_WIDTH_PX} pixels, not {value}.")
    return value


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("exercise", help="exercise pictures")
    commands = group.add_subparsers(dest="exercise_command", required=True, metavar="COMMAND")
    picture = commands.add_parser(
        "picture", help="draw an exercise's start or end position as a PNG or SVG file")
    picture.add_argument("slug", metavar="SLUG", help="the exercise (see: catalog exercises)")
    picture.add_argument("-o", "--output", required=True, metavar="FILE.png|FILE.svg")
    picture.add_argument("--frame", choices=("start", "end"), default="start",
                         help="start or end position (a one-position picture ignores it)")
    picture.add_argument("--side", choices=("left", "right", "both"), default="right",
                         help="the side worked (the picture is mirrored for the left)")
    picture.add_argument("--width", type=width_px, default=600, metavar="PX",
                         help="picture width in pixels (PNG; SVG scales), 16–4000")
    picture.add_argument("--muscle", metavar="SLUG",
                         help="for a technique applied to one muscle (lacrosse ball, PIR…): "
                         "which one (default: its first)")
    picture.set_defaults(handler=_picture)


def _picture(args: argparse.Namespace, db: Database) -> int:
    from equitone.domain.types import Side
    from equitone.services.catalog import load_catalog
    from equitone.services.figures import write_exercise_picture

    side = None if args.side == "both" else Side(args.side)
    path = write_exercise_picture(load_catalog(db), args.slug, Path(args.output),
                                  frame=args.frame, side=side, width=args.width,
                                  muscle=args.muscle)
    print(path)
    return 0
