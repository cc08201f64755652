"""`equitone session new|show|list|status|respond|response|next-day`."""

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
    """The JSON contract of `session show`: keys are added, never renamed."""
    from equitone.domain.sequencing import dose_seconds

    def kind(slug: str) -> str | None:
        exercise = catalog.exercises.get(slug)
        return exercise.kind.value if exercise else None

    position = {b.id: n for n, b in enumerate(record.blocks)}
    seconds = sum(dose_seconds(b.dose) for b in record.blocks)
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
                "relaxed_within_rep": b.relaxed_within_rep,
            }
            for n, b in enumerate(record.blocks)
        ],
        "warnings": [
            {
                "code": w.code.value,
                "message": w.message,
                "block_id": w.block_id,
                "block": position.get(w.block_id) if w.block_id is not None else None,
                "safety": w.safety,
            }
            for w in record.warnings
        ],
        "estimated_minutes": round(seconds / 60, 1),
        "proposals": [
            {
                "muscle": p.muscle,
                "side": p.side.value,
                "explanation": p.explanation,
                "proposal": p.text,
                "blocks": [position[i] for i in p.activations if i in position],
                "answer": None if p.response is None else (
                    "accepted" if p.response.accepted else "dismissed"),
                "reason": p.response.reason if p.response is not None else None,
            }
            for p in record.proposals
        ],
        "dismissals": [
            {"rule": d.key.rule.value, "muscle": d.key.muscle, "side": d.key.side.value,
             "block": position.get(d.key.anchor) if d.key.anchor else None,
             "reason": d.reason}
            for d in record.dismissals
        ],
        "swaps": [
            {"block": position.get(s.block_id), "exercise": s.chosen, "instead_of": s.instead_of}
            for s in record.swaps
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
    new.add_argument("--acknowledge-warnings", action="store_true",
                     help="with --status planned/delivered: accept the safety warnings "
                     "(kept in the audit trail)")
    new.set_defaults(handler=_new)

    show = commands.add_parser("show", help="one session")
    show.add_argument("id", type=positive_int)
    show.add_argument("--format", choices=("json", "text"), default="text")
    show.set_defaults(handler=_show)

    listing = commands.add_parser("list", help="a patient's sessions, newest first")
    listing.add_argument("--patient", type=positive_int, required=True, metavar="ID")
    listing.set_defaults(handler=_list)

    status = commands.add_parser(
        "status", help="move a session to planned or delivered",
        description="A session with safety warnings (a muscle in spasm loaded, a "
        "contraindicated technique, explosive work on a weak muscle) is refused unless "
        "--acknowledge-warnings is given; the acknowledgement is kept in the audit trail.",
    )
    status.add_argument("id", type=positive_int)
    status.add_argument("status", choices=("planned", "delivered"))
    status.add_argument("--acknowledge-warnings", action="store_true",
                        help="accept the session's safety warnings (kept in the audit trail)")
    status.set_defaults(handler=_status)

    respond = commands.add_parser(
        "respond", help="accept or dismiss the proposal a tightness flag raised",
        description="A muscle flagged 'activated, then tighter' gets a proposal in the next "
        "session: a relaxation after each of its activations and a lower dose. Accepting "
        "applies both; dismissing keeps the session as it is. The reason is kept.",
    )
    respond.add_argument("id", type=positive_int)
    respond.add_argument("--muscle", required=True, metavar="SLUG")
    respond.add_argument("--side", required=True, choices=("left", "right"))
    answer = respond.add_mutually_exclusive_group(required=True)
    answer.add_argument("--accept", action="store_true")
    answer.add_argument("--dismiss", action="store_true")
    respond.add_argument("--reason", default="", help="required when dismissing")
    respond.set_defaults(handler=_respond)

    response = commands.add_parser(
        "response", help="the patient's response to a block of an in-clinic session (pain, "
        "effort, done/modified/skipped; not the proposal answer: see respond)")
    response.add_argument("id", type=positive_int, help="the session")
    response.add_argument("--block", required=True, metavar="BLOCK",
                          help="the block's id or its number in the session (1, 2, …)")
    response.add_argument("--outcome", choices=("done", "modified", "skipped"), default="done")
    response.add_argument("--pain", type=int, metavar="0-10", help="pain during the block")
    response.add_argument("--rpe", type=int, metavar="0-10", help="effort (RPE)")
    response.add_argument("--note", default="", help="a short note")
    response.add_argument("--format", choices=("json", "text"), default="text")
    response.set_defaults(handler=_response)

    next_day = commands.add_parser(
        "next-day", help="how a muscle the session activated felt on the following days")
    next_day.add_argument("id", type=positive_int, help="the delivered session")
    next_day.add_argument("--muscle", required=True, metavar="SLUG")
    next_day.add_argument("--side", choices=("left", "right"), required=True)
    next_day.add_argument("--tight", action="store_true")
    next_day.add_argument("--sore", type=int, metavar="0-10")
    next_day.add_argument("--barely-firing", action="store_true")
    next_day.add_argument("--on", type=date_argument, metavar="YYYY-MM-DD",
                          help="when the patient reported it (default: today)")
    next_day.add_argument("--note", default="")
    next_day.add_argument("--format", choices=("json", "text"), default="text")
    next_day.set_defaults(handler=_next_day)


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
                            status=SessionStatus(args.status),
                            acknowledge_warnings=args.acknowledge_warnings)
    print(record.id)
    return 0


def _show(args: argparse.Namespace, db: Database) -> int:
    from equitone.domain.sequencing import rule_title
    from equitone.services.catalog import load_catalog
    from equitone.services.responses import next_day_reports, responses
    from equitone.services.sessions import get_session

    record = get_session(db, args.id)
    catalog = load_catalog(db)
    answers, reports = responses(db, record.id), next_day_reports(db, record.id)
    if args.format == "json":
        data = session_json(record, catalog)
        data["responses"] = [
            {"block_id": r.block_id, "outcome": r.outcome.value, "pain": r.pain, "rpe": r.rpe,
             "note": r.note} for r in answers.values()]
        data["next_day"] = [
            {"muscle": r.muscle, "side": r.side.value, "reported_on": r.reported_on.isoformat(),
             "tight": r.tight, "sore": r.sore, "barely_firing": r.barely_firing,
             "note": r.note} for r in reports]
        print_json(data)
        return 0
    print(f"Session {record.id} — {record.day.isoformat()} — {record.status.value}"
          f" — {record.details.frequency_per_week}×/week (version {record.version})")
    for n, block in enumerate(record.blocks, 1):
        exercise = catalog.exercises.get(block.exercise)
        name = exercise.name if exercise else block.exercise
        muscles = ", ".join(block.muscles)
        flag = f"  [auto: {rule_title(block.rule)}]" if block.auto and block.rule else ""
        print(f"{n:>3}. {shown(name)} — {shown(muscles)} ({block.side.value}){flag}")
        if block.reason:
            print(f"       {shown(block.reason)}")
        if block.relaxed_within_rep:
            print("       Relaxed within every rep.")
        if block.id in answers:
            print(f"       Response: {shown(answers[block.id].text())}")
    for warning in record.warnings:
        mark = "!!" if warning.safety else " !"
        print(f" {mark} {shown(warning.message)}")
    for proposal in record.proposals:
        answer = "pending" if proposal.response is None else (
            f"{'accepted' if proposal.response.accepted else 'dismissed'}:"
            f" {proposal.response.reason}")
        print(f"  ? {shown(f'{proposal.explanation} {proposal.text} ({answer})')}")
    for report in reports:
        print(f"  Next day ({report.reported_on.isoformat()}): {shown(report.muscle)} "
              f"{report.side.value}: {shown(report.text())}")
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

    record = set_status(db, args.id, SessionStatus(args.status),
                        acknowledge_warnings=args.acknowledge_warnings)
    print(f"{record.id} {record.status.value}")
    return 0


def _respond(args: argparse.Namespace, db: Database) -> int:
    from equitone.domain.types import Side
    from equitone.services.sessions import decide_proposal

    record = decide_proposal(db, args.id, args.muscle, Side(args.side), accept=args.accept,
                             reason=args.reason)
    print(f"{record.id} {'accepted' if args.accept else 'dismissed'}")
    return 0


def _block_id(record: SessionRecord, given: str) -> str:
    from equitone.errors import NotFoundError

    if any(b.id == given for b in record.blocks):
        return given
    if given.isdigit() and 1 <= int(given) <= len(record.blocks):
        return record.blocks[int(given) - 1].id
    raise NotFoundError(f"Session {record.id} has no block {given!r}.")


def _response(args: argparse.Namespace, db: Database) -> int:
    from equitone.domain.visit_record import BlockResponse, Outcome
    from equitone.services.responses import record_response
    from equitone.services.sessions import get_session

    record = get_session(db, args.id, with_warnings=False)
    stored = record_response(db, record.id, BlockResponse(
        _block_id(record, args.block), Outcome(args.outcome), args.pain, args.rpe, args.note))
    if args.format == "json":
        print_json({"session_id": record.id, "block_id": stored.block_id,
                    "outcome": stored.outcome.value, "pain": stored.pain, "rpe": stored.rpe,
                    "note": stored.note})
    else:
        print(f"Session {record.id}, block {stored.block_id}: {shown(stored.text())}")
    return 0


def _next_day(args: argparse.Namespace, db: Database) -> int:
    from datetime import date

    from equitone.domain.types import Side
    from equitone.domain.visit_record import NextDayReport
    from equitone.services.responses import record_next_day

    stored = record_next_day(db, args.id, NextDayReport(
        args.muscle, Side(args.side), args.on or date.today(), args.tight, args.sore,
        args.barely_firing, args.note))
    if args.format == "json":
        print_json({"session_id": args.id, "muscle": stored.muscle, "side": stored.side.value,
                    "reported_on": stored.reported_on.isoformat(), "tight": stored.tight,
                    "sore": stored.sore, "barely_firing": stored.barely_firing,
                    "note": stored.note})
    else:
        print(f"Session {args.id}, {shown(stored.muscle)} {stored.side.value}: "
              f"{shown(stored.text())}")
    return 0
