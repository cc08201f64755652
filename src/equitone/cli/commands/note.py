"""`equitone note add|show|phrase`: a visit's SOAP notes and the clinic's quick phrases."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, shown
from equitone.cli.parser import positive_int
from equitone.domain.visit_record import SOAP_FIELDS, SOAP_LABELS, VisitNotes

if TYPE_CHECKING:
    from equitone.storage.database import Database


def notes_json(assessment_id: int, notes: VisitNotes) -> dict[str, Any]:
    return {"assessment_id": assessment_id, **{n: notes.section(n) for n in SOAP_FIELDS}}


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("note", help="a visit's notes (subjective, objective, "
                                  "assessment, plan) and quick phrases")
    commands = group.add_subparsers(dest="note_command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", help="add a paragraph to one section of a visit's notes")
    add.add_argument("--assessment", type=positive_int, required=True, metavar="ID",
                     help="the visit's assessment (notes are signed with it)")
    add.add_argument("--section", choices=SOAP_FIELDS, required=True)
    add.add_argument("text", help="the text to add (quick phrases: write ;KEY)")
    add.add_argument("--format", choices=("json", "text"), default="text")
    add.set_defaults(handler=_add)

    show = commands.add_parser("show", help="a visit's notes")
    show.add_argument("--assessment", type=positive_int, required=True, metavar="ID")
    show.add_argument("--format", choices=("json", "text"), default="text")
    show.set_defaults(handler=_show)

    phrase = commands.add_parser("phrase", help="list, save or delete quick phrases")
    phrase.add_argument("key", nargs="?", help="the phrase's short key (e.g. gm)")
    phrase.add_argument("text", nargs="?", help="the phrase (omit to show it)")
    phrase.add_argument("--delete", action="store_true")
    phrase.add_argument("--format", choices=("json", "text"), default="text")
    phrase.set_defaults(handler=_phrase)


def _print(assessment_id: int, notes: VisitNotes, form: str) -> None:
    if form == "json":
        print_json(notes_json(assessment_id, notes))
        return
    if notes.empty:
        print(f"Assessment {assessment_id}: no notes yet.")
        return
    for name in SOAP_FIELDS:
        text = notes.section(name)
        if text:
            print(f"{SOAP_LABELS[name]}:")
            for line in text.splitlines():
                print(f"  {shown(line)}")


def _add(args: argparse.Namespace, db: Database) -> int:
    from equitone.domain.phrases import expand_all
    from equitone.services.visit_notes import add_to_notes, list_phrases

    text = expand_all(args.text, list_phrases(db))
    _print(args.assessment, add_to_notes(db, args.assessment, args.section, text), args.format)
    return 0


def _show(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.visit_notes import get_notes

    _print(args.assessment, get_notes(db, args.assessment), args.format)
    return 0


def _phrase(args: argparse.Namespace, db: Database) -> int:
    from equitone.errors import NotFoundError, ValidationError
    from equitone.services.visit_notes import delete_phrase, list_phrases, save_phrase

    if args.delete:
        if not args.key:
            raise ValidationError("Name the quick phrase to delete.")
        delete_phrase(db, args.key)
        phrases = list_phrases(db)
    elif args.key and args.text is not None:
        phrases = dict(save_phrase(db, args.key, args.text))
    else:
        phrases = list_phrases(db)
        if args.key:
            key = args.key.strip().lower()
            if key not in phrases:
                raise NotFoundError(f"There is no quick phrase {key!r}.")
            phrases = {key: phrases[key]}
    if args.format == "json":
        print_json([{"key": k, "text": t} for k, t in phrases.items()])
    else:
        for key, text in phrases.items():
            print(f";{key}\t{shown(text)}")
    return 0
