"""`equitone assess`, `equitone assessment show|list|sign|amend` and `equitone bodymap`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equitone.cli.output import print_json, shown, shown_lines
from equitone.cli.parser import date_argument, image_width, positive_int
from equitone.domain.assessment import (
    Assessment,
    ToneTag,
    expand_sides,
    psfs_incomplete,
    states_text,
)
from equitone.domain.length_tests import length_tests
from equitone.domain.measures_text import measures_text
from equitone.domain.types import ToneState
from equitone.errors import ValidationError

if TYPE_CHECKING:
    from equitone.storage.database import Database

STATES = ", ".join(s.value for s in ToneState)


def parse_tag(text: str) -> list[ToneTag]:
    """MUSCLE:SIDE:STATE[+STATE…][:TIGHTNESS]; SIDE both gives one tag per side."""
    parts = text.split(":")
    if len(parts) not in (3, 4):
        raise ValidationError(
            f"Tag '{text}' should be MUSCLE:SIDE:STATE[+STATE…][:TIGHTNESS], e.g. "
            "gluteus-medius:left:underactive+tender:3."
        )
    muscle, side, named = parts[:3]
    states: list[ToneState] = []
    for state in named.split("+"):
        try:
            tone = ToneState(state)
        except ValueError:
            raise ValidationError(f"Unknown state '{state}' (one of {STATES}).") from None
        if tone in states:
            raise ValidationError(f"Tag '{text}' names {tone.value} twice.")
        states.append(tone)
    tightness = None
    if len(parts) == 4:
        try:
            tightness = int(parts[3])
        except ValueError:
            raise ValidationError(f"Tightness '{parts[3]}' is not a whole number 0–10.") from None
    return [ToneTag.of(muscle, s, states, tightness=tightness) for s in expand_sides(side)]


def tag_json(tag: ToneTag, *, neurological: bool) -> dict[str, Any]:
    """One tag's JSON object: `state`/`grade` are the primary state and its grade, `states`
    every state (primary first), `grades` each state's grade."""
    rom = tag.measures
    test = length_tests().get(rom.rom_test) if rom.rom_test else None
    return {
        "muscle": tag.muscle, "side": tag.side.value, "state": tag.state.value,
        "tightness": tag.tightness, "grade": tag.grade, "note": tag.note,
        **rom.as_dict(),
        "states": [s.value for s in tag.states],
        "grades": {f.state.value: f.grade for f in tag.findings},
        "rom_against_normal": (test.against_normal(rom.rom_degrees)
                               if test is not None and rom.rom_degrees is not None else None),
        "measures_not_applying": list(tag.not_applying(neurological=neurological)),
    }


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "patient_id": assessment.patient_id,
        "date": assessment.day.isoformat(),
        "clinician": assessment.clinician,
        "findings": assessment.findings,
        "signed": assessment.signed,
        "signed_at_utc": (assessment.signed_at.isoformat(timespec="seconds") + "Z"
                          if assessment.signed_at else None),
        "signed_by": assessment.signed_by,
        "version": assessment.version,
        "supersedes_id": assessment.supersedes_id,
        "psfs": [{"activity": i.activity, "score": i.score} for i in assessment.psfs],
        "psfs_score": assessment.psfs_score,
        "tags": [tag_json(t, neurological=assessment.neurological) for t in assessment.tags],
        "neurological": assessment.neurological,
    }


def register(subparsers: Any) -> None:
    assess = subparsers.add_parser("assess", help="record one assessment and print its id")
    assess.add_argument("--patient", type=positive_int, required=True, metavar="ID")
    assess.add_argument("--date", type=date_argument, help="YYYY-MM-DD (default: today)")
    assess.add_argument("--clinician", default="")
    assess.add_argument("--findings", default="")
    assess.add_argument(
        "--tag", action="append", default=[], metavar="MUSCLE:SIDE:STATE[+STATE…][:TIGHTNESS]",
        help="SIDE is left, right or both; several states joined by + (tight+underactive); "
             "repeat for several muscles",
    )
    assess.add_argument(
        "--neurological", action="store_true",
        help="mark the presentation neurological (the Modified Ashworth Scale applies)",
    )
    assess.set_defaults(handler=_assess)

    group = subparsers.add_parser("assessment", help="show or list assessments")
    commands = group.add_subparsers(dest="assessment_command", required=True, metavar="COMMAND")
    show = commands.add_parser("show", help="one assessment")
    show.add_argument("id", type=positive_int)
    show.add_argument("--format", choices=("json", "text"), default="text")
    show.set_defaults(handler=_show)
    listing = commands.add_parser("list", help="a patient's assessments, newest first")
    listing.add_argument("--patient", type=positive_int, required=True, metavar="ID")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=_list)
    sign = commands.add_parser("sign", help="sign an assessment: it becomes read-only")
    sign.add_argument("id", type=positive_int)
    sign.add_argument("--by", metavar="NAME",
                      help="who signs (default: the workstation user, user@host)")
    sign.set_defaults(handler=_sign)
    amend = commands.add_parser(
        "amend", help="start an amendment of a signed assessment; prints the new version's id"
    )
    amend.add_argument("id", type=positive_int)
    amend.set_defaults(handler=_amend)

    bodymap = subparsers.add_parser("bodymap", help="export an assessment's body map")
    bodymap.add_argument("--assessment", type=positive_int, required=True, metavar="ID")
    bodymap.add_argument("-o", "--output", required=True, metavar="FILE.png|FILE.svg")
    bodymap.add_argument("--view", choices=("front", "back"), default="front")
    bodymap.add_argument("--layer", choices=("superficial", "deep"), default="superficial")
    bodymap.add_argument("--width", type=image_width, default=1200,
                         help="PNG width in pixels (100–8000)")
    bodymap.set_defaults(handler=_bodymap)


def _assess(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.assessments import create_assessment

    tags = [tag for text in args.tag for tag in parse_tag(text)]
    created = create_assessment(
        db, args.patient, day=args.date, clinician=args.clinician, findings=args.findings,
        tags=tags, neurological=args.neurological,
    )
    print(created.id)
    return 0


def _show(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.assessments import get_assessment

    assessment = get_assessment(db, args.id)
    if args.format == "json":
        print_json(assessment_json(assessment))
        return 0
    print(f"Assessment {assessment.id} — {assessment.day.isoformat()}"
          + (f" — {shown(assessment.clinician)}" if assessment.clinician else ""))
    if assessment.version > 1:
        print(f"Version {assessment.version}, amends assessment {assessment.supersedes_id}")
    if assessment.signed_at is not None:
        print(f"Signed by {shown(assessment.signed_by) or '?'} on "
              f"{assessment.signed_at:%Y-%m-%d %H:%M} UTC (read-only)")
    if assessment.neurological:
        print("Neurological presentation (Modified Ashworth applies)")
    if assessment.findings:
        print(f"Findings: {shown_lines(assessment.findings, '  ')}")
    for tag in assessment.tags:
        score = f" {tag.tightness}/10" if tag.tightness is not None else ""
        note = f"  ({shown(tag.note)})" if tag.note else ""
        print(f"  {shown(tag.muscle):<24} {tag.side.value:<5} {states_text(tag.states)}{score}"
              f"{note}")
        measures = measures_text(tag, neurological=assessment.neurological)
        if measures:
            print(f"  {'':<24} {'':<5} {measures}")
    if assessment.psfs:
        mean = assessment.psfs_score
        mean_text = f"{mean:.1f}" if mean is not None else "not scored"
        print(f"PSFS {mean_text}: " + "; ".join(
            f"{shown(i.activity)} {'' if i.score is None else i.score}".strip()
            for i in assessment.psfs
        ) + (" (fewer than the three activities the PSFS asks for)"
             if psfs_incomplete(assessment.psfs) else ""))
    return 0


def _list(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.assessments import list_assessments

    found = list_assessments(db, args.patient)
    if args.format == "json":
        print_json([assessment_json(a) for a in found])
        return 0
    for a in found:
        signed = " signed" if a.signed else ""
        print(f"{a.id}\t{a.day.isoformat()}\t{shown(a.clinician) or '-'}\t{len(a.tags)} tags"
              f"{signed}")
    return 0


def _sign(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.assessments import sign_assessment

    signed = sign_assessment(db, args.id, by=args.by)
    assert signed.signed_at is not None
    print(f"{signed.id} signed by {shown(signed.signed_by)} on "
          f"{signed.signed_at:%Y-%m-%d %H:%M} UTC")
    return 0


def _amend(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.assessments import amend_assessment

    print(amend_assessment(db, args.id).id)
    return 0


def _bodymap(args: argparse.Namespace, db: Database) -> int:
    from equitone.services.assessments import get_assessment
    from equitone.services.bodymap_export import export_assessment_map
    from equitone.services.output_target import checked_output

    output = checked_output(Path(args.output), db, suffixes=(".png", ".svg"))
    assessment = get_assessment(db, args.assessment)
    export_assessment_map(assessment, output, view=args.view, layer=args.layer,
                          width_px=args.width)
    print(shown(output))
    return 0
