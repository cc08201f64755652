"""Realistic sample documents (a glute-med session): test data for the printing tests and the
printing benchmarks (not part of the product).

Pictures are injected by the caller (tests use real body-map renders); charts are plain data
(reportlab draws them), so this module needs neither Qt nor reportlab.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from equitone.printing.model import (
    AssessmentSummary,
    ChangeRow,
    ChartSeries,
    ClinicHeader,
    Copy,
    Paper,
    PlanBlock,
    PlanDocument,
    RecordLine,
    ReportDocument,
    StateSpan,
    TrendChart,
)

CLINIC = ClinicHeader(
    name="Lakeside Physiotherapy",
    address="12 Harbour Road, Zürich 8001",
    contact="+41 44 123 45 67 · hello@lakeside-physio.example",
)
SESSION_DATE = date(2026, 11, 25)

RULES = (
    ("release-compensators-first",
     "Relax the overactive compensators (TFL, QL, adductors) before activating glute med."),
    ("sustained-relax",
     "A sustained activation is followed by a relaxation block for the same muscle."),
    ("postural-interset-relax", "Postural/endurance work: a quick lengthening step between sets."),
    ("warm-down", "Every session ends with a warm-down for the trained muscles."),
)
RULE_TITLES = {
    "release-compensators-first": "Release the overactive first (rule 6)",
    "sustained-relax": "Relaxation after sustained work (rule 3)",
    "postural-interset-relax": "Quick relax between postural sets (rule 5)",
    "warm-down": "Warm-down for the trained muscles (rule 7)",
}
RECORD = (
    RecordLine("Safety warning", "Card 3",
               "The left QL is tagged spasm: relax only, no loading. Hip hike loads it.", True),
    RecordLine("Swap", "Card 6",
               "Lacrosse-ball release, chosen by the clinician instead of Cross-over glute "
               "stretch."),
    RecordLine("Dismissed", "Card 5",
               "Relaxation after sustained work (rule 3): the right glute med, after Lateral band "
               "walk. Reason: Done in clinic instead."),
)

# (name, kind, instruction, cues, dose, side, muscles, rule, reason)
_BLOCKS: tuple[
    tuple[str, str, str, tuple[str, ...], str, str, tuple[str, ...], str | None, str], ...
] = (
    (
        "Lacrosse-ball release",
        "relaxation",
        "Lie on your side with the ball under the front of your hip; roll slowly until you find a "
        "tender spot and rest on it.",
        ("Breathe out slowly and let the hip sink onto the ball.",),
        "60–90 s per spot",
        "Left",
        ("Tensor fasciae latae",),
        "release-compensators-first",
        "So your TFL lets go before the glute med is asked to work.",
    ),
    (
        "Active stretch",
        "stretch",
        "Standing, reach your arm overhead and lean away from the stretching side.",
        ("Keep both feet flat on the floor.", "Stop at a gentle pull, never pain."),
        "3 × 25 s hold",
        "Right",
        ("Quadratus lumborum",),
        "release-compensators-first",
        "So your QL is relaxed before the hip muscles start working.",
    ),
    (
        "Clamshell",
        "activation",
        "Lie on your side, knees bent, heels together. Lift the top knee without rolling back.",
        ("Relax the glute fully at the bottom of every rep.", "Slow on the way down: 3 seconds."),
        "2 × 10, rest 45 s",
        "Left",
        ("Gluteus medius",),
        None,
        "",
    ),
    (
        "Side-lying wall abduction",
        "activation",
        "Lie on your side with your back against a wall; slide the top heel up the wall.",
        ("Keep the heel touching the wall.", "Let the leg rest fully between reps."),
        "2 × 8, rest 45 s",
        "Left",
        ("Gluteus medius",),
        None,
        "",
    ),
    (
        "Lateral band walk",
        "activation",
        "Band around the ankles, knees slightly bent: step sideways, keeping tension in the band.",
        ("Knees over toes, not caving in.",),
        "2 × 10 steps each way, rest 60 s",
        "Both sides",
        ("Gluteus medius",),
        None,
        "",
    ),
    (
        "Lacrosse-ball release",
        "relaxation",
        "Lie on the ball placed on the side of your hip, just below the pelvis bone.",
        ("Stay on each tender spot until it eases.",),
        "60–90 s per spot",
        "Both sides",
        ("Gluteus medius",),
        "sustained-relax",
        "So your glute med does not tighten after it has been woken up.",
    ),
    (
        "Hip hike",
        "postural",
        "Stand on a step on the left leg and lift the right side of the pelvis, then lower it.",
        ("Keep the standing knee soft.", "Hold the top position steady."),
        "3 × 25 s hold",
        "Left",
        ("Gluteus medius", "Quadratus lumborum"),
        None,
        "",
    ),
    (
        "Active stretch",
        "stretch",
        "Cross the left ankle over the right knee and draw the knee gently towards you.",
        ("Do this between every set of hip hikes.",),
        "3 × 20 s hold",
        "Left",
        ("Gluteus medius",),
        "postural-interset-relax",
        "A quick lengthening between sets keeps this postural muscle from locking up.",
    ),
    (
        "Foam roll",
        "warm-down",
        "Roll the outer hip and thigh slowly, pausing on tender spots.",
        ("Pressure you can breathe through.",),
        "60 s each side",
        "Both sides",
        ("Gluteus medius", "Tensor fasciae latae"),
        "warm-down",
        "So the muscles you trained end the session relaxed and lengthened.",
    ),
    (
        "Active stretch",
        "warm-down",
        "Sit with the soles of your feet together and let your knees drop outwards.",
        ("Relax, but stop before the muscle goes floppy.",),
        "3 × 25 s hold",
        "Both sides",
        ("Hip adductors",),
        "warm-down",
        "So your adductors, which worked overtime, settle down before you go.",
    ),
)


def plan_blocks(thumbnail: bytes | None = None, count: int = 10) -> tuple[PlanBlock, ...]:
    return tuple(
        PlanBlock(
            position=index,
            exercise_name=name,
            kind=kind,
            instruction=instruction,
            cues=cues,
            dose_text=dose,
            side_text=side,
            muscle_names=muscles,
            auto=rule is not None,
            rule=rule,
            reason=reason,
            thumbnail=thumbnail,
            rule_title=RULE_TITLES.get(rule or "", ""),
        )
        for index, (name, kind, instruction, cues, dose, side, muscles, rule, reason) in enumerate(
            _BLOCKS[:count], start=1
        )
    )


def sample_assessment(map_image: bytes | None = None) -> AssessmentSummary:
    return AssessmentSummary(
        date=SESSION_DATE - timedelta(days=3),
        clinician="Dr. Anna Weber",
        findings=(
            "Left glute med fires late in single-leg stance (knee valgus on step-down). "
            "TFL and QL hypertonic on palpation; adductors tender, grade I.\n"
            "Plan: release compensators first, then short activation sets with relaxation after."
        ),
        map_image=map_image,
        tagged=(
            ("Underactive", ("Gluteus medius L", "Gluteus medius R")),
            ("Overactive", ("Tensor fasciae latae L", "Quadratus lumborum R", "Hip adductors L")),
            ("Tight", ("Piriformis R",)),
            ("Tender", ("Tensor fasciae latae L",)),
        ),
        legend=tuple(entry for entry in LEGEND if entry[0] != "Balanced"),
        advice=(
            ("Underactive", "Activate, then relax it"),
            ("Overactive", "Relax / release it first"),
            ("Tight", "Lengthen / relax"),
            ("Tender", "Note; gentle work"),
        ),
    )


def sample_plan(
    *,
    patient_name: str = "Maria Keller",
    copy: Copy = "patient",
    paper: Paper = "a4",
    thumbnail: bytes | None = None,
    map_image: bytes | None = None,
    blocks: int = 10,
    clinic: ClinicHeader = CLINIC,
    notes: str = "Keep every rep slow; stop if the pain in the outer hip goes above 3/10.",
) -> PlanDocument:
    return PlanDocument(
        clinic=clinic,
        patient_name=patient_name,
        session_date=SESSION_DATE,
        frequency_text="3 times a week for 4 weeks",
        status="Final",
        blocks=plan_blocks(thumbnail, blocks),
        clinician_notes=notes,
        copy=copy,
        paper=paper,
        print_date=SESSION_DATE,
        assessment=sample_assessment(map_image) if copy == "clinician" else None,
        rules_applied=RULES,
        author="Dr. Anna Weber",
        record=RECORD if copy == "clinician" else (),
    )


CHART_TITLES = (
    "Gluteus medius",
    "Tensor fasciae latae",
    "Quadratus lumborum",
    "Hip adductors",
    "Piriformis",
    "Iliopsoas",
)
STATE_COLOURS = {
    "underactive": "#0072B2",
    "overactive": "#D55E00",
    "tight": "#E69F00",
    "tender": "#F0E442",
    "balanced": "#009E73",
}
LEGEND = tuple((state.capitalize(), colour) for state, colour in STATE_COLOURS.items())
_VISITS = tuple(date(2026, 9, 2) + timedelta(days=12 * i) for i in range(8))


def sample_chart(index: int, title: str) -> TrendChart:
    """Left and right tightness falling from 7 towards 2, states easing towards balanced."""
    first = [7.0 - index * 0.4, 6.5, 6.1, 5.2, 4.8, 4.1, 3.6, 3.0]
    second = [max(0.5, v - 1.5 + (index % 3) * 0.6) for v in first]
    states = ("underactive",) * 3 + ("tight",) * 2 + ("balanced",) * 3
    spans = tuple(
        StateSpan(day, _VISITS[i + 1] if i + 1 < len(_VISITS) else SESSION_DATE,
                  STATE_COLOURS[states[i]])
        for i, day in enumerate(_VISITS)
    )
    return TrendChart(
        title=title,
        start=_VISITS[0],
        end=SESSION_DATE,
        series=(
            ChartSeries("Left", "#1F6F78", tuple(zip(_VISITS, first, strict=True))),
            ChartSeries("Right", "#C0562B", tuple(zip(_VISITS, second, strict=True)), True),
        ),
        bands=(("L", spans), ("R", spans)),
        sessions=tuple(day + timedelta(days=5) for day in _VISITS[:-1]),
        flags=((_VISITS[4], first[4]),) if index == 4 else (),
    )


def sample_report(
    *,
    patient_name: str = "Maria Keller",
    paper: Paper = "a4",
    charts: Sequence[TrendChart] | None = None,
    map_then: bytes | None = None,
    map_now: bytes | None = None,
) -> ReportDocument:
    if charts is None:
        charts = [sample_chart(i, title) for i, title in enumerate(CHART_TITLES)]
    start = date(2026, 9, 2)
    sessions = tuple(
        (start + timedelta(days=12 * i), text)
        for i, text in enumerate(
            (
                "Assessment; TFL and QL release; clamshell introduced",
                "Clamshell, wall abduction; lacrosse ball glute med",
                "Lateral band walk added with relaxation after (rule R3)",
                "Hip hike with stretch between sets",
                "Reassessment; load kept, more relaxation for TFL",
                "Single-leg step-down; warm-down foam roll",
                "Progression: reciprocal inhibition cue on clamshell",
                "Reassessment and home plan update",
            )
        )
    )
    return ReportDocument(
        clinic=CLINIC,
        patient_name=patient_name,
        date_from=start,
        date_to=SESSION_DATE,
        map_then=map_then,
        map_now=map_now,
        then_label="Then — 2 Sep 2026",
        now_label="Now — 22 Nov 2026",
        charts=tuple(charts),
        changes=(
            ChangeRow("Gluteus medius", "Left", "Underactive", 6, "Balanced", 2, "Improved (−4)"),
            ChangeRow("Gluteus medius", "Right", "Underactive", 4, "Balanced", 2, "Improved (−2)"),
            ChangeRow(
                "Tensor fasciae latae", "Left", "Overactive", 8, "Overactive", 5, "Improved (−3)"
            ),
            ChangeRow(
                "Quadratus lumborum", "Right", "Overactive", 7, "Balanced", 3, "Improved (−4)"
            ),
            ChangeRow("Hip adductors", "Left", "Tender", None, "Balanced", None, "Resolved"),
            ChangeRow("Piriformis", "Right", "Tight", 5, "Tight", 6, "Worse (+1): review load"),
        ),
        sessions=sessions,
        paper=paper,
        print_date=SESSION_DATE,
        author="Dr. Anna Weber",
        psfs_text=(
            "Mean score 4.3 → 6.7 (+2.4, clinically meaningful). Climbing stairs 3 → 7; "
            "running 20 minutes 2 → 5; sleeping on the left side 8 → 8."
        ),
        legend=LEGEND,
        flags_text=(
            "Right piriformis was activated on 26 Sep 2026 and its tightness rose from 4 to 6 "
            "over the next 2 assessments: add relaxation after its activation or lower the "
            "load.",
        ),
    )


# -- a realistic half-hour plan with the exercise pictures --------------------------------------

# (exercise, muscle for a technique, side, added by the engine: (rule, the muscle it partners))
THIRTY_MINUTES: tuple[tuple[str, str | None, str, tuple[str, str] | None], ...] = (
    ("lacrosse-ball-release", "tensor-fasciae-latae", "left",
     ("release-compensators-first", "gluteus-medius")),
    ("lacrosse-ball-release", "quadratus-lumborum", "right",
     ("release-compensators-first", "gluteus-medius")),
    ("foam-roll", "hip-adductors", "left", ("release-compensators-first", "gluteus-medius")),
    ("clamshell", None, "left", None),
    ("side-lying-wall-abduction", None, "left", None),
    ("hip-hike", None, "left", None),
    ("active-stretch", "gluteus-medius", "left", ("postural-interset-relax", "")),
    ("lateral-band-walk", None, "both", None),
    ("lacrosse-ball-release", "gluteus-medius", "both", ("sustained-relax", "")),
    ("glute-bridge", None, "both", None),
    ("bird-dog", None, "both", None),
    ("side-plank", None, "left", None),
    ("active-stretch", "quadratus-lumborum", "left", ("postural-interset-relax", "")),
    ("half-kneeling-hip-flexor-stretch", None, "left", None),
    ("dead-bug", None, "both", None),
    ("full-body-breathing-warm-down", None, "both", ("warm-down", "")),
    ("supine-twist-warm-down", None, "both", ("warm-down", "")),
)


def thirty_minute_plan(*, paper: Paper = "a4", patient_name: str = "Maria Keller",
                       blocks: int = len(THIRTY_MINUTES), copy: Copy = "patient",
                       ) -> tuple[PlanDocument, int]:
    """A plan of shipped exercises with their drawn pictures and default doses, as the engine
    would lay out a glute-med session (releases, activations, relaxations, warm-down), and
    its estimated duration in seconds (the engine's count: work and rests). Each block's cues
    are the engine's own; each card is built as a stored session's would be."""
    import json

    from equitone.domain.catalog import parse_catalog
    from equitone.domain.sequencing import Assessment, Block, BlockSide, RuleId, sequence
    from equitone.domain.sequencing.model import dose_seconds
    from equitone.domain.sequencing.reasons import reason_text
    from equitone.figures import frames_for, library, picture
    from equitone.printing.handout import plan_block
    from equitone.resources_access import read_text

    catalog = parse_catalog(json.loads(read_text("catalog", "muscles.json")),
                            json.loads(read_text("catalog", "exercises.json")),
                            techniques_doc=json.loads(read_text("catalog", "techniques.json")))
    out: list[PlanBlock] = []
    seconds = 0
    for position, (slug, muscle, side, auto) in enumerate(THIRTY_MINUTES[:blocks], start=1):
        exercise = catalog.exercises[slug]
        muscles = (muscle,) if muscle else exercise.muscles
        block_side = BlockSide(side)
        block = Block(f"sample-{position}", slug, muscles, block_side, exercise.dose)
        if auto is not None:
            rule, partner = RuleId(auto[0]), auto[1]
            plain = catalog.muscles[muscles[0]].plain_name if rule is not RuleId.WARM_DOWN else ""
            partner_words = catalog.muscles[partner].plain_name if partner else ""
            block = Block(block.id, slug, muscles, block_side, exercise.dose, auto=True,
                          rule=rule, reason=reason_text(rule, plain, partner_words))
        elif exercise.kind.trains:  # the engine's cues for the block on its own
            block = sequence([block], catalog=catalog, assessment=Assessment()).blocks[0]
        spec = library().spec(slug, muscle)
        scenes = tuple(
            scene for frame in frames_for(slug, muscle)
            if (scene := picture(slug, frame=frame, side=block_side.sides[0]
                                 if block_side is not BlockSide.BOTH else None,
                                 muscles=muscles, muscle=muscle)) is not None
        )
        seconds += dose_seconds(exercise.dose)
        out.append(plan_block(catalog, block, position, copy=copy, pictures=scenes,
                              setup=library().setup(spec) if spec is not None else None))
    doc = PlanDocument(
        clinic=CLINIC, patient_name=patient_name, session_date=SESSION_DATE,
        frequency_text="3 times a week for 4 weeks", status="Final", blocks=tuple(out),
        clinician_notes="Keep every rep slow; stop if the pain in the outer hip goes above 3/10.",
        copy=copy, paper=paper, print_date=SESSION_DATE, rules_applied=RULES,
        author="Dr. Anna Weber",
    )
    return doc, seconds
