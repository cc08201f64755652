"""`equitone session new|show|list|status`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, shown
from equitone.cli.parser import date_argument, positive_int
from equitone.domain.session import SessionRecord

if TYPE_CHECKING:
    from equitone.domain.catalog import Catalog
    from equitone.storage.database import Database


def session_json(record: SessionRecord, catalog: Catalog) -> dict[str, Any]:
    def kind(slug: str) -> str | None:
        exercise = catalog.exercises.get(slug)
        return exercise.kind.value if exercise else None

    return {
        "id": record.id,
        "patient_id": record.patient_id,
        "date": record.day.isoformat(),
        "status": record.status.value,
        "version": record.version,
        "supersedes_id": record.supersedes_id,
        "frequency_per_week": record.details.frequency_per_week,
        "blocks": [
            {
                "position": n,
                "exercise": b.exercise,
                "kind": kind(b.exercise),
                "muscles": list(b.muscles),
                "side": b.side.value,
                "sets": b.dose.sets,
                "reps": b.dose.reps,
                "hold_seconds": b.dose.hold_seconds,
                "rest_seconds": b.dose.rest_seconds,
                "auto": b.auto,
                "rule": b.rule.value if b.rule else None,
                "reason": b.reason,
                "cues": [c.text for c in b.cues],
                "id": b.id,
            }
            for n, b in enumerate(record.blocks)
        ],
        "warnings": [
            {"code": w.code.value, "message": w.message, "block_id": w.block_id}
            for w in record.warnings
        ],
    }


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("session", help="design, show or list sessions")
    commands = group.add_subparsers(dest="session_command", required=True, metavar="COMMAND")
    new = commands.add_parser(
        "new", help="build a session from exercises (as if dropped in order) and print its id"
    )
    new.add_argument("--patient", type=positive_int, required=True, metavar="ID")
    new.add_argument("--exercise", action="append", required=True,
                     metavar="SLUG[:MUSCLE[:SIDE]]", help="repeat in session order")
    new.add_argument("--date", type=date_argument, help="YYYY-MM-DD (default: today)")
    new.add_argument("--frequency", type=positive_int, default=3, help="times per week")
    new.add_argument("--status", choices=("draft", "planned", "delivered"), default="draft")
    new.add_argument("--in-clinic", action="store_true",
                     help="clinician present: clinician-only modalities allowed")
    new.add_argument("--pre-sport", action="store_true")
    new.set_defaults(handler=_new)

    show = commands.add_parser("show", help="one session")
    show.add_argument("id", type=positive_int)
    show.add_argument("--format", choices=("json", "text"), default="text")
    show.set_defaults(handler=_show)

    listing = commands.add_parser("list", help="a patient's sessions, newest first")
    listing.add_argument("--patient", type=positive_int, required=True, metavar="ID")
    listing.set_defaults(handler=_list)

    status = commands.add_parser("status", help="move a session to planned or delivered")
    status.add_argument("id", type=positive_int)
    status.add_argument("status", choices=("planned", "delivered"))
    status.set_defaults(handler=_status)


def _new(args: argparse.Namespace, db: Database) -> int:
    from equitone.domain.session import SessionDetails, SessionStatus
    from equitone.services.catalog import load_catalog
    from equitone.services.patients import get_patient
    from equitone.services.sessions import create_session, parse_exercise_spec

    get_patient(db, args.patient)
    catalog = load_catalog(db)
    blocks = [parse_exercise_spec(catalog, spec) for spec in args.exercise]
    from datetime import date

    details = SessionDetails(args.date or date.today(), args.frequency, args.in_clinic,
                             args.pre_sport)
    record = create_session(db, args.patient, blocks, details,
                            status=SessionStatus(args.status))
    print(record.id)
    return 0


def _show(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.catalog import load_catalog
    from equitone.services.sessions import get_session

    record = get_session(db, args.id)
    catalog = load_catalog(db)
    if args.format == "json":
        print_json(session_json(record, catalog))
        return 0
    print(f"Session {record.id} — {record.day.isoformat()} — {record.status.value}"
          f" — {record.details.frequency_per_week}×/week (version {record.version})")
    for n, block in enumerate(record.blocks, 1):
        exercise = catalog.exercises.get(block.exercise)
        name = exercise.name if exercise else block.exercise
        muscles = ", ".join(block.muscles)
        flag = f"  [auto: {block.rule.value}]" if block.auto and block.rule else ""
        print(f"{n:>3}. {shown(name)} — {shown(muscles)} ({block.side.value}){flag}")
        if block.reason:
            print(f"       {shown(block.reason)}")
    for warning in record.warnings:
        print(f"  ! {shown(warning.message)}")
    return 0


def _list(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.sessions import list_sessions

    for record in list_sessions(db, args.patient):
        auto = sum(1 for b in record.blocks if b.auto)
        print(f"{record.id}\t{record.day.isoformat()}\t{record.status.value}\t"
              f"{len(record.blocks)} blocks ({auto} automatic)\tv{record.version}")
    return 0


def _status(args: argparse.Namespace, db: Database) -> int:
    from equitone.domain.session import SessionStatus
    from equitone.services.sessions import set_status

    record = set_status(db, args.id, SessionStatus(args.status))
    print(f"{record.id} {record.status.value}")
    return 0
