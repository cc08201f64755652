"""How the designer words doses, sides, muscles and durations (pure Python, unit-tested)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from equitone.domain.sequencing import Block, BlockSide, rule_title
from equitone.domain.types import Dose, Exercise, ExerciseKind, Muscle

KIND_LABELS: dict[ExerciseKind, str] = {
    ExerciseKind.ACTIVATION: "Activation",
    ExerciseKind.EXPLOSIVE: "Explosive",
    ExerciseKind.POSTURAL: "Postural",
    ExerciseKind.RELAXATION: "Relaxation",
    ExerciseKind.STRETCH: "Stretch",
    ExerciseKind.WARM_DOWN: "Warm-down",
}

SIDE_LABELS: dict[BlockSide, str] = {
    BlockSide.LEFT: "left",
    BlockSide.RIGHT: "right",
    BlockSide.BOTH: "both sides",
}


def dose_text(dose: Dose) -> str:
    """ "2 × 10, rest 45 s", "3 × 25 s", "10 × 5 s", "75 s"."""
    if dose.reps is not None and dose.hold_seconds is not None:
        work = f"{dose.reps} × {dose.hold_seconds} s"
        text = f"{dose.sets} × {work}" if dose.sets > 1 else work
    elif dose.reps is not None:
        text = f"{dose.sets} × {dose.reps}"
    elif dose.hold_seconds is not None:
        text = f"{dose.sets} × {dose.hold_seconds} s" if dose.sets > 1 else f"{dose.hold_seconds} s"
    else:
        text = f"{dose.sets} set" + ("s" if dose.sets != 1 else "")
    if dose.rest_seconds and dose.sets > 1:
        text += f", rest {dose.rest_seconds} s"
    return text


def duration_text(seconds: int) -> str:
    """ "≈ 24 min" (never "≈ 0 min" for a session that has anything in it)."""
    if seconds <= 0:
        return "No exercises yet"
    return f"≈ {max(1, round(seconds / 60))} min"


def muscles_text(muscles: Iterable[str], catalog_muscles: Mapping[str, Muscle]) -> str:
    names = [
        catalog_muscles[m].short_name if m in catalog_muscles else m.replace("-", " ")
        for m in muscles
    ]
    return ", ".join(names)


def side_text(side: BlockSide) -> str:
    return SIDE_LABELS[side]


#: The short words on an automatic card's badge (the full reason is in its tooltip).
BADGE_LABELS: dict[str, str] = {
    "per-rep-relax": "Relax after",
    "sustained-relax": "Relax after",
    "explosive-post-relax": "Relax after power",
    "postural-interset-relax": "Between sets",
    "release-compensators-first": "Release first",
    "warm-down": "Warm-down",
    "pre-sport-relax": "Before sport",
    "pre-sport-ready": "Switch on",
    "dose-below-failure": "Relax after (flag)",
}
#: The badge of a clinician's activation that relies on relaxing within every rep (rule 1).
WITHIN_REP_BADGE = "Relaxed within every rep"
WITHIN_REP_SHORT = "Within rep"


def badge_text(rule: str, pinned: bool = False) -> str:
    """ "Auto · Release first", "Auto · Relax after · placed" (moved or edited by you)."""
    label = BADGE_LABELS.get(rule) or rule_title(rule)
    return f"Auto · {label}" + (" · placed" if pinned else "")


def describe(
    block: Block, exercises: Mapping[str, Exercise], catalog_muscles: Mapping[str, Muscle]
) -> str:
    """How undo steps and questions name a block: "Hip hike", "Hip hike (left)",
    "Lacrosse-ball release on the left TFL" — muscles only when the block narrows them."""
    exercise = exercises.get(block.exercise)
    name = exercise.name if exercise else block.exercise
    side = "" if block.side is BlockSide.BOTH else f"{block.side.value} "
    if not block.muscles or (exercise is not None and block.muscles == exercise.muscles):
        return f"{name} ({side.strip()})" if side else name
    return f"{name} on the {side}{muscles_text(block.muscles, catalog_muscles)}"
