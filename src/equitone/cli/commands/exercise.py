"""`equitone exercise add|edit|list|show|picture`: the clinic's own exercises, and any
exercise's picture as a PNG or SVG file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, print_table, shown, shown_lines

if TYPE_CHECKING:
    from equitone.services.custom_exercises import ExerciseDraft
    from equitone.storage.database import Database

KINDS = ("activation", "explosive", "postural", "relaxation", "stretch", "warm-down")
PERFORMERS = ("self", "clinician", "either")


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


def count(low: int, high: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number.") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"give {low}–{high}, not {value}.")
        return value
    return parse


def _definition(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    """The options add and edit share; edit changes only what is given."""
    parser.add_argument("--name", required=adding, help="what the patient reads")
    parser.add_argument("--kind", choices=KINDS, required=adding)
    parser.add_argument("--muscle", action="append", metavar="SLUG", dest="muscles",
                        required=adding, help="a muscle it works (repeat for more; see: "
                        "catalog muscles)")
    parser.add_argument("--sets", type=count(1, 20), metavar="N")
    parser.add_argument("--reps", type=count(1, 200), metavar="N")
    parser.add_argument("--hold", type=count(1, 3600), metavar="SECONDS",
                        help="hold per rep, or the whole duration without --reps")
    parser.add_argument("--rest", type=count(0, 3600), metavar="SECONDS")
    parser.add_argument("--instruction", help="what the patient does, in plain words")
    parser.add_argument("--performer", choices=PERFORMERS)
    parser.add_argument("--equipment", action="append", metavar="ITEM")
    parser.add_argument("--sustained", action=argparse.BooleanOptionalAction, default=None,
                        help="keeps the muscle on throughout (a relaxation block follows)")
    picture = parser.add_mutually_exclusive_group()
    picture.add_argument("--pose", metavar="POSITION",
                         help="draw the figure in this position (standing, sitting, supine, "
                         "side-lying, quadruped …; default standing)")
    picture.add_argument("--like", metavar="SLUG",
                         help="draw the figure in a shipped exercise's pose, start and end")
    picture.add_argument("--photo", type=Path, metavar="FILE.png|FILE.jpg",
                         help="a photo instead of a drawn figure (scaled down, metadata "
                         "stripped, stored in the database)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("exercise",
                                  help="your own exercises, and any exercise's picture")
    commands = group.add_subparsers(dest="exercise_command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", help="add your own exercise (prints its slug)")
    _definition(add, adding=True)
    add.set_defaults(handler=_add)
    edit = commands.add_parser("edit", help="change your own exercise (only what you give)")
    edit.add_argument("slug", metavar="SLUG")
    _definition(edit, adding=False)
    edit.set_defaults(handler=_edit)
    listing = commands.add_parser("list", help="the exercise library, or only your own")
    listing.add_argument("--own", action="store_true", help="only the clinic's own exercises")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler=_list)
    show = commands.add_parser("show", help="one exercise in full")
    show.add_argument("slug", metavar="SLUG")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=_show)

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


def _draft(args: argparse.Namespace, start: ExerciseDraft | None) -> ExerciseDraft:
    from dataclasses import replace

    from equitone.domain.types import Dose, ExerciseKind, Performer
    from equitone.services.custom_exercises import ExerciseDraft
    from equitone.services.photos import read_photo

    kind = ExerciseKind(args.kind) if args.kind else None
    if start is None:
        assert kind is not None
        start = ExerciseDraft(name=args.name, kind=kind, muscles=tuple(args.muscles),
                              dose=Dose(2))
    given = {k: v for k, v in (("sets", args.sets), ("reps", args.reps),
                               ("hold_seconds", args.hold), ("rest_seconds", args.rest))
             if v is not None}
    changes: dict[str, Any] = {"dose": replace(start.dose, **given)}
    if args.name is not None:
        changes["name"] = args.name
    if kind is not None:
        changes["kind"] = kind
    if args.muscles:
        changes["muscles"] = tuple(args.muscles)
    if args.instruction is not None:
        changes["instruction"] = args.instruction
    if args.performer is not None:
        changes["performer"] = Performer(args.performer)
    if args.equipment is not None:
        changes["equipment"] = tuple(args.equipment)
    if args.sustained is not None:
        changes["sustained"] = args.sustained
    if args.pose is not None or args.like is not None or args.photo is not None:
        photo = read_photo(args.photo) if args.photo is not None else None
        changes.update(base=args.pose, like=args.like, photo=photo)
    return replace(start, **changes)


def _print_one(args: argparse.Namespace, db: Database, slug: str) -> None:
    from equitone.cli.commands.catalog import exercise_json
    from equitone.services.catalog import load_catalog
    from equitone.services.custom_exercises import get_exercise

    exercise = get_exercise(db, slug)
    if args.format == "json":
        print_json(exercise_json(exercise, load_catalog(db)))
    else:
        print(exercise.slug)


def _add(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.custom_exercises import add_exercise

    exercise = add_exercise(db, _draft(args, None))
    _print_one(args, db, exercise.slug)
    return 0


def _edit(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.custom_exercises import draft_of, edit_exercise, get_exercise

    exercise = edit_exercise(db, args.slug, _draft(args, draft_of(get_exercise(db, args.slug))))
    _print_one(args, db, exercise.slug)
    return 0


def _list(args: argparse.Namespace, db: Database) -> int:
    from equitone.cli.commands.catalog import exercise_json
    from equitone.services.catalog import load_catalog
    from equitone.services.custom_exercises import list_exercises

    catalog = load_catalog(db)
    rows = [exercise_json(e, catalog) for e in list_exercises(db, own_only=args.own)]
    if args.format == "json":
        print_json(rows)
        return 0
    for row in rows:
        own = row["picture"]
        row["own"] = row["custom"]
        row["picture"] = "" if own is None else (
            "photo" if own["kind"] == "photo" else own["base"] or f"like {own['like']}")
    print_table(rows, ["slug", "name", "kind", "muscles", "own", "picture"])
    return 0


def _show(args: argparse.Namespace, db: Database) -> int:
    from equitone.cli.commands.catalog import exercise_json
    from equitone.printing.handout import dose_text
    from equitone.services.catalog import load_catalog
    from equitone.services.custom_exercises import get_exercise

    exercise = get_exercise(db, args.slug)
    catalog = load_catalog(db)
    if args.format == "json":
        print_json(exercise_json(exercise, catalog))
        return 0
    own = exercise.picture
    if own is None:
        picture = "drawn from Equitone's pose"
    elif own.photo:
        picture = f"photo, {own.size[0]} × {own.size[1]} pixels ({own.media_type})"
    else:
        picture = f"figure in the {own.base} position" if own.base else (
            f"figure in the pose of {own.like}")
    print(f"{shown(exercise.name)} ({exercise.slug}){'  — your own' if exercise.custom else ''}")
    print(f"  kind:        {exercise.kind.value}")
    print(f"  muscles:     {', '.join(exercise.muscles)}")
    print(f"  dose:        {dose_text(exercise.dose)}")
    print(f"  performer:   {exercise.performer.value}")
    if exercise.equipment:
        print(f"  equipment:   {', '.join(shown(e) for e in exercise.equipment)}")
    print(f"  picture:     {picture}")
    print(f"  instruction: {shown_lines(exercise.instruction or '(none)', ' ' * 15)}")
    return 0


def _picture(args: argparse.Namespace, db: Database) -> int:
    from equitone.bodymap.pictures import QtPictures
    from equitone.domain.types import Side
    from equitone.services.catalog import load_catalog
    from equitone.services.figures import write_exercise_picture

    side = None if args.side == "both" else Side(args.side)
    path = write_exercise_picture(load_catalog(db), args.slug, Path(args.output),
                                  frame=args.frame, side=side, width=args.width,
                                  muscle=args.muscle, pictures=QtPictures())
    print(path)
    return 0
