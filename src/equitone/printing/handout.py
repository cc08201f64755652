"""What one printed card says, from a session block: words a patient can follow alone.

The service (a stored session) and the samples (tests, benchmarks) both build cards here, so
a card reads the same wherever it comes from:

* the set-up first, with the side spelt out from the exercise's geometry ("Left hip works:
  lie on your right side");
* the technique's text for that muscle, its holds and rounds written from the block's dose
  (never a second number beside the dose line);
* the relaxation inside every rep as its own instruction, said once;
* muscles in plain words on the patient's copy ("outer hip muscle (gluteus medius)", the
  anatomical name in brackets once, under the pictures), anatomical names on the clinician's.
"""

from __future__ import annotations

from collections.abc import Sequence

from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import Block, BlockSide, Cue, RuleId, rule_title
from equitone.domain.setup_words import REGION_WORDS, Setup, setup_sentence
from equitone.domain.types import Dose
from equitone.figures.scene import Scene

from .model import Copy, PlanBlock

SIDE_TEXT = {BlockSide.LEFT: "Left", BlockSide.RIGHT: "Right", BlockSide.BOTH: "Both sides"}
WITHIN_REP_LEAD = "Relax within every rep:"
_MARK = "Relaxed within every rep:"
IS_THE_RELAXATION = " (this is its relaxation: none follows)."
_WITHIN = (RuleId.RELAXED_WITHIN_REP, RuleId.PER_REP_RELAX)


def _duration(seconds: int) -> str:
    """"75 s", "3 min": whole minutes from two minutes up."""
    return f"{seconds // 60} min" if seconds >= 120 and seconds % 60 == 0 else f"{seconds} s"


def dose_text(d: Dose) -> str:
    """"2 × 10, rest 45 s", "3 × 25 s, rest 10 s", "75 s", "5 min"."""
    if d.reps is not None and d.hold_seconds is not None:
        work = f"{d.sets} × {d.reps} × {d.hold_seconds} s hold"
    elif d.reps is not None:
        work = f"{d.sets} × {d.reps}"
    elif d.hold_seconds is not None:
        hold = _duration(d.hold_seconds)
        work = f"{d.sets} × {hold}" if d.sets > 1 else hold
    else:
        work = f"{d.sets} set" + ("s" if d.sets != 1 else "")
    return work + (f", rest {d.rest_seconds} s" if d.rest_seconds else "")


def within_rep(cues: Sequence[Cue]) -> tuple[str, tuple[Cue, ...]]:
    """(the relaxation inside every rep, said once; the other cues).

    The engine gives a rep-based activation the per-rep cue and, when no relaxation block
    follows it, the mark "relaxed within every rep" with its reason: the card prints the
    cue once, as its own instruction, and adds that this is the muscle's relaxation."""
    cue = next((c.text for c in cues if c.rule is RuleId.PER_REP_RELAX), "")
    marked = any(c.rule is RuleId.RELAXED_WITHIN_REP for c in cues)
    if not cue and marked:  # a mark stored without its cue: its own words say how
        text = next(c.text for c in cues if c.rule is RuleId.RELAXED_WITHIN_REP)
        cue = text.removeprefix(_MARK).strip().split(";")[0] + "."
    if cue and marked:
        cue = cue.rstrip(".") + IS_THE_RELAXATION
    if cue:
        cue = cue[:1].lower() + cue[1:]
    return cue, tuple(c for c in cues if c.rule not in _WITHIN)


def muscle_words(catalog: Catalog, slug: str, copy: Copy) -> str:
    """"outer hip muscle (gluteus medius)" for the patient, "Gluteus medius" for the
    clinician."""
    record = catalog.muscles.get(slug)
    if record is None:
        return slug
    return record.patient_name if copy == "patient" else record.name


def _plain(catalog: Catalog, slug: str) -> str:
    record = catalog.muscles.get(slug)
    return (record.plain_name or record.name) if record is not None else slug


def part_word(catalog: Catalog, muscles: Sequence[str]) -> str:
    """Where on the body a patient would say the work is: "hip", "lower back"."""
    for slug in muscles:
        record = catalog.muscles.get(slug)
        if record is not None and record.region in REGION_WORDS:
            return REGION_WORDS[record.region]
    return "side"


def technique_muscle(catalog: Catalog, block: Block) -> str | None:
    """The muscle a technique is applied to (its ball, roller or hands go there)."""
    exercise = catalog.exercises.get(block.exercise)
    if exercise is not None and exercise.muscle_parameter and block.muscles:
        return block.muscles[0]
    return None


def plan_block(
    catalog: Catalog, block: Block, position: int, *, copy: Copy = "patient",
    setup: Setup | None = None, pictures: tuple[Scene, ...] = (),
    thumbnail: bytes | None = None, photo: bytes | None = None,
    warnings: tuple[str, ...] = (),
) -> PlanBlock:
    """The printed card of ``block`` (the ``position``-th of its session)."""
    exercise = catalog.exercises.get(block.exercise)
    kind = exercise.kind.value if exercise else "activation"
    trains = exercise.kind.trains if exercise else True
    instruction = ""
    if exercise is not None:
        instruction = catalog.technique_text(block.exercise, technique_muscle(catalog, block),
                                             block.dose)
    relax, cues = within_rep(block.cues)
    muscles = block.muscles or (exercise.muscles if exercise else ())
    clinician = copy == "clinician"
    # the patient's copy names a single muscle in the set-up ("Left outer hip muscle (gluteus
    # medius) works: ..."), the anatomical name said once; several are listed by the title
    named = "" if clinician or len(block.muscles) != 1 else muscle_words(
        catalog, block.muscles[0], copy)
    listed = tuple(muscle_words(catalog, m, copy) for m in block.muscles)
    if not clinician and len(listed) > 1:  # plain words only: the names stay short
        listed = tuple(_plain(catalog, m) for m in block.muscles)
    return PlanBlock(
        position=position,
        exercise_name=exercise.name if exercise else block.exercise,
        kind=kind,
        instruction=instruction,
        cues=tuple(c.text for c in cues) + ((block.note,) if block.note else ()),
        dose_text=dose_text(block.dose),
        side_text=SIDE_TEXT[block.side] if clinician else "",
        muscle_names=() if named else listed,
        auto=block.auto,
        rule=block.rule.value if block.rule else None,
        reason=block.reason,
        thumbnail=thumbnail,
        rule_title=rule_title(block.rule) if block.rule else "",
        warnings=warnings,
        pictures=pictures,
        setup=setup_sentence(setup, block.side.sides, part_word(catalog, muscles),
                             trains=trains, muscle=named),
        within_rep=relax,
        photo=photo,
    )
