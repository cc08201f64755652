"""Realistic sample documents (a glute-med session) for tests, benchmarks and demos.

Pictures are injected by the caller (tests use real body-map renders); when they are not, a
tiny pure-Python PNG writer draws plain placeholder charts and thumbnails, so this module
needs neither Qt nor reportlab.
"""

from __future__ import annotations

import itertools
import struct
import zlib
from collections.abc import Sequence
from datetime import date, timedelta

from .model import (
    AssessmentSummary,
    ChangeRow,
    ClinicHeader,
    Copy,
    Paper,
    PlanBlock,
    PlanDocument,
    ReportDocument,
)

CLINIC = ClinicHeader(
    name="Lakeside Physiotherapy",
    address="12 Harbour Road, Zürich 8001",
    contact="+41 44 123 45 67 · hello@lakeside-physio.example",
)
SESSION_DATE = date(2026, 11, 25)

RULES = (
    ("R6", "Relax the overactive compensators (TFL, QL, adductors) before activating glute med."),
    ("R3", "A sustained activation is followed by a relaxation block for the same muscle."),
    ("R5", "Postural/endurance work: a quick lengthening step between sets."),
    ("R7", "Every session ends with a warm-down for the trained muscles."),
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
        "R6",
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
        "R6",
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
        "R3",
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
        "R5",
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
        "R7",
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
        "R7",
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
            thumbnail_png=thumbnail,
        )
        for index, (name, kind, instruction, cues, dose, side, muscles, rule, reason) in enumerate(
            _BLOCKS[:count], start=1
        )
    )


def sample_assessment(map_png: bytes | None = None) -> AssessmentSummary:
    return AssessmentSummary(
        date=SESSION_DATE - timedelta(days=3),
        clinician="Dr. Anna Weber",
        findings=(
            "Left glute med fires late in single-leg stance (knee valgus on step-down). "
            "TFL and QL hypertonic on palpation; adductors tender, grade I.\n"
            "Plan: release compensators first, then short activation sets with relaxation after."
        ),
        map_png=map_png,
        tagged=(
            ("Underactive", ("Gluteus medius L", "Gluteus medius R")),
            ("Overactive", ("Tensor fasciae latae L", "Quadratus lumborum R", "Hip adductors L")),
            ("Tight", ("Piriformis R",)),
            ("Tender", ("Tensor fasciae latae L",)),
        ),
    )


def sample_plan(
    *,
    patient_name: str = "Maria Keller",
    copy: Copy = "patient",
    paper: Paper = "a4",
    thumbnail: bytes | None = None,
    map_png: bytes | None = None,
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
        assessment=sample_assessment(map_png) if copy == "clinician" else None,
        rules_applied=RULES,
        author="Dr. Anna Weber",
    )


CHART_TITLES = (
    "Gluteus medius (L)",
    "Gluteus medius (R)",
    "Tensor fasciae latae (L)",
    "Quadratus lumborum (R)",
    "Hip adductors (L)",
    "Piriformis (R)",
)


def sample_report(
    *,
    patient_name: str = "Maria Keller",
    paper: Paper = "a4",
    charts: Sequence[bytes] | None = None,
    map_then: bytes | None = None,
    map_now: bytes | None = None,
) -> ReportDocument:
    pngs = (
        list(charts)
        if charts is not None
        else [line_chart_png(_series(i)) for i in range(len(CHART_TITLES))]
    )
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
        map_then_png=map_then,
        map_now_png=map_now,
        then_label="Then — 2 Sep 2026",
        now_label="Now — 22 Nov 2026",
        charts=tuple(zip(CHART_TITLES, pngs, strict=False)),
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
    )


def _series(seed: int) -> list[tuple[list[float], tuple[int, int, int]]]:
    base = [7.0 - seed * 0.4, 6.5, 6.0, 5.2, 4.8, 4.0, 3.5, 3.0]
    other = [max(0.5, v - 1.5 + (seed % 3) * 0.6) for v in base]
    return [(base, (31, 111, 120)), (other, (210, 120, 60))]


def line_chart_png(
    series: Sequence[tuple[Sequence[float], tuple[int, int, int]]],
    width: int = 720,
    height: int = 360,
) -> bytes:
    """A plain 0–10 line chart (grid, axes, thick lines) as PNG bytes: no text, no Qt."""
    pixels = bytearray(b"\xff" * (width * height * 3))
    left, right, top, bottom = 40, width - 20, 20, height - 30

    def put(x: int, y: int, rgb: tuple[int, int, int], size: int = 1) -> None:
        for dy in range(-(size // 2), size - size // 2):
            for dx in range(-(size // 2), size - size // 2):
                px, py = x + dx, y + dy
                if 0 <= px < width and 0 <= py < height:
                    at = (py * width + px) * 3
                    pixels[at : at + 3] = bytes(rgb)

    def y_of(value: float) -> int:
        return round(bottom - (bottom - top) * value / 10)

    for level in range(0, 11, 2):
        row = y_of(level)
        grey = (120, 120, 120) if level == 0 else (225, 229, 232)
        at = (row * width + left) * 3
        pixels[at : at + (right - left) * 3] = bytes(grey) * (right - left)
    for y in range(top, bottom + 1):
        put(left, y, (120, 120, 120))
    for values, rgb in series:
        step = (right - left) / max(1, len(values) - 1)
        points = [(round(left + i * step), y_of(v)) for i, v in enumerate(values)]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            n = max(abs(x1 - x0), abs(y1 - y0), 1)
            for k in range(n + 1):
                put(round(x0 + (x1 - x0) * k / n), round(y0 + (y1 - y0) * k / n), rgb, 4)
        for x, y in points:
            put(x, y, rgb, 9)
    return encode_png(width, height, bytes(pixels))


def encode_png(width: int, height: int, rgb: bytes) -> bytes:
    """Minimal 8-bit RGB PNG encoder."""
    stride = width * 3
    raw = b"".join(b"\x00" + rgb[y * stride : (y + 1) * stride] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )
