"""`equitone print session|report|day`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equitone.cli.output import shown
from equitone.cli.parser import date_argument, positive_int

if TYPE_CHECKING:
    from equitone.storage.database import Database


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("print", help="session plans and progress reports as PDF")
    commands = group.add_subparsers(dest="print_command", required=True, metavar="COMMAND")
    session = commands.add_parser("session", help="a session plan handout")
    session.add_argument("id", type=positive_int)
    session.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    session.add_argument("--copy", choices=("patient", "clinician"), default="patient")
    session.add_argument("--paper", choices=("a4", "letter"),
                         help="default: the clinic's setting")
    session.set_defaults(handler=_session)
    report = commands.add_parser("report", help="a progress report for a date range")
    report.add_argument("patient_id", type=positive_int, metavar="PATIENT_ID")
    report.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    report.add_argument("--from", dest="since", type=date_argument, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="until", type=date_argument, metavar="YYYY-MM-DD")
    report.add_argument("--paper", choices=("a4", "letter"))
    report.set_defaults(handler=_report)
    day = commands.add_parser("day", help="every session planned for a day, one PDF each")
    day.add_argument("day", type=date_argument, metavar="YYYY-MM-DD")
    day.add_argument("-o", "--output", required=True, metavar="DIR")
    day.set_defaults(handler=_day)


def _session(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.printing import print_session

    print(shown(print_session(db, args.id, Path(args.output), copy=args.copy,
                              paper=args.paper)))
    return 0


def _report(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.printing import print_report

    print(shown(print_report(db, args.patient_id, Path(args.output), since=args.since,
                             until=args.until, paper=args.paper)))
    return 0


def _day(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.printing import print_day

    for path in print_day(db, args.day, Path(args.output)):
        print(shown(path))
    return 0
