"""`equitone catalog muscles|exercises|length-tests`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, print_table
from equitone.domain.length_tests import length_tests, length_tests_for
from equitone.domain.types import Exercise, Muscle
from equitone.services.catalog import exercise_fields

if TYPE_CHECKING:
    from equitone.domain.catalog import Catalog
    from equitone.storage.database import Database


def muscle_json(muscle: Muscle) -> dict[str, Any]:
    """Keys are a contract: new ones are added after the original ones, none renamed."""
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
        "plain_name": muscle.plain_name,
        "patient_name": muscle.patient_name,
        "description": muscle.description,
        "ri_antagonist": muscle.ri_antagonist,
        "ri_cue": muscle.ri_cue,
        "ri_reason": muscle.ri_reason,
        "length_tests": [t.id for t in length_tests_for(muscle.slug)],
    }


def picture_json(exercise: Exercise) -> dict[str, Any] | None:
    """A clinician's own exercise's picture: a figure's base position or pose, or a photo by
    its type and size (never its bytes); None for a shipped exercise (drawn from its pose)."""
    own = exercise.picture
    if own is None:
        return None
    return {"kind": own.kind, "base": own.base, "like": own.like,
            "media_type": own.media_type or None,
            "width": own.size[0] if own.photo else None,
            "height": own.size[1] if own.photo else None}


def exercise_json(exercise: Exercise, catalog: Catalog) -> dict[str, Any]:
    """Keys are a contract: new ones are added after the original ones, none renamed.

    For a relaxation technique, `suitability` maps every muscle it may be asked about (every
    muscle for a modality) to its level and note, and `technique_text` maps each muscle it
    lists to that muscle's card text.
    """
    family = exercise.family
    suitability: dict[str, dict[str, str]] = {}
    texts: dict[str, str] = {}
    if exercise.kind.relaxes:
        targets = catalog.muscles if exercise.muscle_parameter else exercise.muscles
        for muscle in targets:
            fit = catalog.suitability(exercise.slug, muscle)
            suitability[muscle] = {"level": fit.level.value, "note": fit.note, "rule": fit.rule}
        texts = {m: catalog.technique_text(exercise.slug, m) for m in exercise.muscles}
    return {
        **exercise_fields(exercise),
        "family": family.value if family else None,
        "pressure": family.pressure.value if family else None,
        "gentle": family.gentle if family else None,
        "made_for": list(exercise.made_for),
        "suitability": suitability,
        "technique_text": texts,
        "picture": picture_json(exercise),
    }


def register(subparsers: Any) -> None:
    group = subparsers.add_parser(
        "catalog", help="list the muscle or exercise catalog, or the named length tests")
    group.add_argument("which", choices=("muscles", "exercises", "length-tests"))
    group.add_argument("--format", choices=("table", "json"), default="table")
    group.add_argument("--kind", help="only exercises of this kind")
    group.add_argument("--muscle",
                       help="only exercises that work this muscle, or tests that measure it")
    group.set_defaults(handler=_run)


def _run(args: argparse.Namespace, db: Database) -> int:
    from equitone.errors import NotFoundError, ValidationError
    from equitone.services.catalog import load_catalog

    catalog = load_catalog(db)
    if args.which == "muscles":
        rows = [muscle_json(m) for m in sorted(catalog.muscles.values(), key=lambda m: m.slug)]
        columns = ["slug", "name", "region", "layer", "janda"]
    elif args.which == "length-tests":
        if args.muscle and args.muscle not in catalog.muscles:
            raise NotFoundError(f"Unknown muscle '{args.muscle}'.")
        tests = length_tests_for(args.muscle) if args.muscle else list(length_tests().values())
        rows = [{**t.as_json(), "normal_text": t.normal_text} for t in tests]
        columns = ["id", "name", "unit", "normal_text", "muscles"]
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
        rows = [exercise_json(e, catalog) for e in chosen]
        columns = ["slug", "name", "kind", "performer", "muscles"]
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, columns)
    return 0
