"""`equitone catalog muscles|exercises`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, print_table
from equitone.domain.types import Exercise, Muscle

if TYPE_CHECKING:
    from equitone.storage.database import Database


def muscle_json(muscle: Muscle) -> dict[str, Any]:
    return {
        "slug": muscle.slug,
        "name": muscle.name,
        "short_name": muscle.short_name,
        "region": muscle.region,
        "layer": muscle.layer.value,
        "views": [v.value for v in muscle.views],
        "janda": muscle.janda.value,
        "antagonists": list(muscle.antagonists),
        "compensators": list(muscle.compensators),
    }


def exercise_json(exercise: Exercise) -> dict[str, Any]:
    return {
        "slug": exercise.slug,
        "name": exercise.name,
        "kind": exercise.kind.value,
        "muscles": list(exercise.muscles),
        "muscle_parameter": exercise.muscle_parameter,
        "sustained": exercise.sustained,
        "performer": exercise.performer.value,
        "sets": exercise.dose.sets,
        "reps": exercise.dose.reps,
        "hold_seconds": exercise.dose.hold_seconds,
        "rest_seconds": exercise.dose.rest_seconds,
        "equipment": list(exercise.equipment),
        "custom": exercise.custom,
        "instruction": exercise.instruction,
    }


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("catalog", help="list the muscle or exercise catalog")
    group.add_argument("which", choices=("muscles", "exercises"))
    group.add_argument("--format", choices=("table", "json"), default="table")
    group.add_argument("--kind", help="only exercises of this kind")
    group.add_argument("--muscle", help="only exercises that work this muscle (slug)")
    group.set_defaults(handler=_run)


def _run(args: argparse.Namespace, db: Database) -> int:
    from equitone.errors import NotFoundError, ValidationError
    from equitone.services.catalog import load_catalog

    catalog = load_catalog(db)
    if args.which == "muscles":
        rows = [muscle_json(m) for m in sorted(catalog.muscles.values(), key=lambda m: m.slug)]
        columns = ["slug", "name", "region", "layer", "janda"]
    else:
        if args.muscle and args.muscle not in catalog.muscles:
            raise NotFoundError(f"Unknown muscle '{args.muscle}'.")
        kinds = {e.kind.value for e in catalog.exercises.values()}
        if args.kind and args.kind not in kinds:
            known = ", ".join(sorted(kinds))
            raise ValidationError(f"Unknown kind '{args.kind}' (one of {known}).")
        chosen = [
            e for e in sorted(catalog.exercises.values(), key=lambda e: e.slug)
            if (not args.kind or e.kind.value == args.kind)
            and (not args.muscle or args.muscle in e.muscles)
        ]
        rows = [exercise_json(e) for e in chosen]
        columns = ["slug", "name", "kind", "performer", "muscles"]
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, columns)
    return 0
