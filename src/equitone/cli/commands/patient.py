"""`equitone patient add|list|show|archive`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, print_table, shown, shown_lines
from equitone.cli.parser import date_argument, positive_int
from equitone.domain.patients import Patient, PatientDraft

if TYPE_CHECKING:
    from equitone.storage.database import Database


def patient_json(patient: Patient) -> dict[str, Any]:
    return {
        "id": patient.id,
        "name": patient.name,
        "date_of_birth": patient.date_of_birth.isoformat() if patient.date_of_birth else None,
        "phone": patient.phone,
        "email": patient.email,
        "address": patient.address,
        "notes": patient.notes,
        "archived": patient.archived,
    }


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("patient", help="add, list, show or archive patients")
    commands = group.add_subparsers(dest="patient_command", required=True, metavar="COMMAND")

    add = commands.add_parser("add", help="add a patient and print the new id")
    add.add_argument("--name", required=True)
    add.add_argument("--born", type=date_argument, help="date of birth, YYYY-MM-DD")
    add.add_argument("--phone", default="")
    add.add_argument("--email", default="")
    add.add_argument("--note", default="", help="free-text note")
    add.set_defaults(handler=_add)

    listing = commands.add_parser("list", help="list patients")
    listing.add_argument("--search", default="", help="words to match in name, contact or notes")
    listing.add_argument("--archived", action="store_true", help="include archived patients")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="show one patient")
    show.add_argument("id", type=positive_int)
    show.add_argument("--format", choices=("table", "json"), default="table")
    show.set_defaults(handler=_show)

    archive = commands.add_parser("archive", help="archive a patient (records are kept)")
    archive.add_argument("id", type=positive_int)
    archive.add_argument("--undo", action="store_true", help="bring the patient back")
    archive.set_defaults(handler=_archive)


def _add(args: argparse.Namespace, db: Database) -> int:
    from equitone.services import patients as service

    draft = PatientDraft(
        name=args.name, date_of_birth=args.born, phone=args.phone, email=args.email,
        notes=args.note,
    )
    print(service.create_patient(db, draft).id)
    return 0


def _list(args: argparse.Namespace, db: Database) -> int:
    from equitone.services import patients as service

    found = service.list_patients(db, search=args.search, include_archived=args.archived)
    rows = [patient_json(p) for p in found]
    if args.format == "json":
        print_json(rows)
    else:
        print_table(rows, ["id", "name", "date_of_birth", "phone", "archived"])
    return 0


def _show(args: argparse.Namespace, db: Database) -> int:
    from equitone.services import patients as service

    row = patient_json(service.get_patient(db, args.id))
    if args.format == "json":
        print_json([row])
    else:
        for key, value in row.items():
            text = "" if value is None else str(value)
            lines = key in ("address", "notes")  # may span lines; a name never does
            print(f"{key:>14}: {shown_lines(text, ' ' * 16) if lines else shown(text)}")
    return 0


def _archive(args: argparse.Namespace, db: Database) -> int:
    from equitone.services import patients as service

    patient = service.set_archived(db, args.id, not args.undo)
    state = "archived" if patient.archived else "active"
    print(f"{patient.id} {state}")
    return 0
