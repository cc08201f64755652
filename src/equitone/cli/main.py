"""Entry point: `equitone` alone opens the window; `equitone COMMAND …` scripts the database."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from equitone import __version__
from equitone.cli.parser import QuietParser, refuse_undecodable
from equitone.errors import EquitoneError

log = logging.getLogger("equitone.cli")


def build_parser() -> argparse.ArgumentParser:
    from equitone.cli.commands import (
        admin,
        archive,
        assessment,
        audit,
        backup,
        catalog,
        clinic,
        exercise,
        note,
        patient,
        printing,
        session,
        trend,
    )

    parser = QuietParser(
        prog="equitone",
        description="Equitone: relax the overactive, activate the underactive, then relax it.",
    )
    parser.add_argument("--version", action="version", version=f"Equitone {__version__}")
    from equitone.selftest import SelfTestAction

    parser.add_argument("--self-test", action=SelfTestAction,
                        help="check this installation end to end with a temporary database")
    parser.add_argument(
        "--db", metavar="PATH|URL",
        help="database file or clinic server postgresql://user@host[:port]/dbname "
        "(default: EQUITONE_DB, the saved clinic server, or the user data folder)"
    )
    parser.set_defaults(handler=None, needs_db=True)
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=QuietParser
    )
    for module in (patient, catalog, exercise, assessment, note, session, trend, printing,
                   admin, backup, audit, archive, clinic):
        module.register(subparsers)
    _share_db_option(subparsers)
    return parser


def _share_db_option(subparsers: argparse._SubParsersAction[QuietParser]) -> None:
    """`--db` is accepted after the sub-command too (`equitone patient list --db x`)."""
    seen: set[int] = set()

    def add(parser: argparse.ArgumentParser) -> None:
        if id(parser) in seen:
            return
        seen.add(id(parser))
        if not any("--db" in a.option_strings for a in parser._actions):
            parser.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS,
                                help="database file or postgresql:// address")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    add(child)

    for child in subparsers.choices.values():
        add(child)


def _run_command(args: argparse.Namespace) -> int:
    from equitone.privacy import private_files

    with private_files():  # database, backups, exports, PDFs: owner-only
        if not args.needs_db:
            return int(args.handler(args, None))
        from equitone.services.backups import ensure_daily_backup
        from equitone.services.workspace import open_workspace

        db = open_workspace(args.db)
        try:
            if db.path is not None:  # first start of the day only; never raises
                ensure_daily_backup(db.path, warn=_warn)
            return int(args.handler(args, db))
        finally:
            db.close()


def _warn(text: str) -> None:
    print(f"equitone: warning: {text}", file=sys.stderr)


def _masked(exc: BaseException) -> str:
    """The error's text with any password in a server address replaced by ***, safe on a
    terminal (it may quote a stored name: cli/output.shown)."""
    from equitone.cli.output import shown
    from equitone.storage.location import mask_passwords

    return shown(mask_passwords(str(exc)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        refuse_undecodable(arguments)
    except EquitoneError as exc:
        print(f"equitone: error: {exc}", file=sys.stderr)
        return exc.exit_code
    args = parser.parse_args(arguments)
    if args.handler is None:
        from equitone.app import run_gui

        return run_gui(args)
    from equitone.logs import setup_logging

    setup_logging()
    try:
        return _run_command(args)
    except EquitoneError as exc:
        print(f"equitone: error: {_masked(exc)}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. `equitone … | head`: the reader left, not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("equitone: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from equitone.storage.failures import translate

        known = translate(exc, None)  # an SQLite failure outside a transaction (by its code)
        if known is not None:
            print(f"equitone: error: {known}", file=sys.stderr)
            return known.exit_code
        from equitone.logs import scrubbed_traceback

        log.error("internal error:\n%s", scrubbed_traceback(exc))
        print(f"equitone: internal error: {type(exc).__name__}: {_masked(exc)}",
              file=sys.stderr)
        return 70
