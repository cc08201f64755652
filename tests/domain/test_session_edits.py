"""The designer's pure parts as tables: the edits drops, keys and menus make to a session
(domain/session_edits.py), how blocks are worded (domain/wording.py), and the suggestions from
an assessment (domain/suggestions.py). No Qt."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from equitone.domain import session_edits, wording
from equitone.domain.assessment import ToneTag
from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import (
    Block,
    BlockSide,
    Preferences,
    RuleId,
    dismiss,
    swap,
)
from equitone.domain.session import SessionDetails
from equitone.domain.session_edits import SessionState
from equitone.domain.suggestions import suggest
from equitone.domain.types import Dose, ToneState
from equitone.services.catalog import shipped_catalog
from tests.session_plans import GM, QL, TFL, L, R, block, ids, plan


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


# -- operations ------------------------------------------------------------------------------

ABC = tuple(Block(i, "clamshell", (GM,), BlockSide.BOTH, Dose(2, 10)) for i in "abc")


@pytest.mark.parametrize(
    ("row", "expected"),
    [(0, "xabc"), (1, "axbc"), (3, "abcx"), (-1, "abcx"), (99, "abcx")],
)
def test_insert_block(row: int, expected: str) -> None:
    new = replace(ABC[0], id="x")
    assert "".join(ids(session_edits.insert_block(ABC, new, row))) == expected


@pytest.mark.parametrize(
    ("moved", "gap", "expected"),
    [("a", 0, None), ("a", 1, None), ("a", 2, "bac"), ("a", 3, "bca"), ("c", 0, "cab"),
     ("c", 2, None), ("c", 3, None), ("b", 0, "bac"), ("b", -1, "acb"), ("b", 99, "acb")],
)
def test_move_to_gap(moved: str, gap: int, expected: str | None) -> None:
    result = session_edits.move_to_gap(ABC, moved, gap)
    assert (None if result is None else "".join(ids(result))) == expected


@pytest.mark.parametrize(
    ("moved", "delta", "expected"),
    [("a", -1, None), ("a", 1, "bac"), ("c", 1, None), ("c", -1, "acb")],
)
def test_shift(moved: str, delta: int, expected: str | None) -> None:
    result = session_edits.shift(ABC, moved, delta)
    assert (None if result is None else "".join(ids(result))) == expected


def test_moving_an_automatic_block_pins_it(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"),
                  block(catalog, "hip-hike", "hike"))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    moved = session_edits.move_to_gap(blocks, relax.id, len(blocks))
    assert moved is not None and next(b for b in moved if b.id == relax.id).pinned
    unpinned = session_edits.unpin(moved, relax.id)
    assert unpinned is not None and not next(b for b in unpinned if b.id == relax.id).pinned
    assert session_edits.unpin(blocks, relax.id) is None  # not pinned
    assert session_edits.unpin(blocks, "walk") is None  # a clinician block


def test_duplicate_of_an_automatic_block_is_the_clinicians(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    copied = session_edits.duplicate_block(blocks, relax.id, "copy")
    copy = copied[session_edits.index_of(copied, relax.id) + 1]
    assert copy.id == "copy" and not copy.auto and copy.rule is None and copy.anchor is None
    assert copy.exercise == relax.exercise and copy.muscles == relax.muscles


def test_without_block_prunes_its_decisions(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"),
                  block(catalog, "clamshell", "clam", GM, BlockSide.LEFT))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    warm = next(b for b in blocks if b.rule is RuleId.WARM_DOWN)
    state = SessionState(blocks, (dismiss(relax, "r"), dismiss(warm, "w")),
                         (swap(relax, "foam-roll"),), SessionDetails(date(2026, 1, 1)))
    after = session_edits.without_block(state, "walk")
    assert "walk" not in ids(after.blocks)
    assert [d.reason for d in after.dismissals] == ["w"] and after.overrides == ()


def test_a_clinician_blocks_side_changes_and_the_engine_follows(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"))
    assert session_edits.with_side(blocks, "walk", BlockSide.BOTH) is None  # unchanged
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    assert session_edits.with_side(blocks, relax.id, BlockSide.LEFT) is None  # automatic
    sided = session_edits.with_side(blocks, "walk", BlockSide.LEFT)
    assert sided is not None
    assert sided[session_edits.index_of(sided, "walk")].side is BlockSide.LEFT
    again = plan(catalog, *(b for b in sided if not b.auto))
    assert {b.side for b in again if b.rule is RuleId.SUSTAINED_RELAX} == {BlockSide.LEFT}


def test_dose_and_reciprocal_inhibition(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "clamshell", "clam"),
                  block(catalog, "lateral-band-walk", "walk"))
    clam = blocks[session_edits.index_of(blocks, "clam")]
    assert session_edits.with_dose(blocks, "clam", clam.dose) is None
    dosed = session_edits.with_dose(blocks, "clam", Dose(3, 8))
    assert dosed is not None and dosed[session_edits.index_of(dosed, "clam")].dose == Dose(3, 8)
    warm = next(b for b in blocks if b.rule is RuleId.WARM_DOWN)
    dosed_auto = session_edits.with_dose(blocks, warm.id, Dose(1, hold_seconds=120))
    assert dosed_auto is not None and dosed_auto[-1].pinned  # an edited automatic block
    toggled = session_edits.with_reciprocal_inhibition(blocks, "clam", True)
    assert toggled is not None
    assert toggled[session_edits.index_of(toggled, "clam")].reciprocal_inhibition
    assert session_edits.with_reciprocal_inhibition(blocks, "clam", False) is None
    assert session_edits.with_reciprocal_inhibition(blocks, warm.id, True) is None


def test_swap_candidates_and_swaps(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    warm = next(b for b in blocks if b.rule is RuleId.WARM_DOWN)
    options = [o.exercise for o in session_edits.swap_options(catalog, relax)]
    assert options and relax.exercise not in [e.slug for e in options]
    assert all(e.kind.relaxes and e.kind.value != "warm-down" and GM in e.muscles
               for e in options)
    warm_downs = session_edits.swap_options(catalog, warm)
    assert {o.exercise.kind.value for o in warm_downs} == {"warm-down"}
    # a warm-down that leaves the hip out comes last, marked
    assert warm_downs[-1].note and warm_downs[-1].exercise.slug == "upper-body-shake-out-warm-down"
    assert session_edits.swap_options(catalog, blocks[session_edits.index_of(blocks, "walk")]) == []
    state = SessionState(blocks, (), (), SessionDetails(date(2026, 1, 1)))
    foam = catalog.exercises["foam-roll"]
    swapped = session_edits.swap_modality(state, relax, foam)
    assert [o.exercise for o in swapped.overrides] == ["foam-roll"]
    assert session_edits.swap_modality(swapped, relax, foam).overrides == swapped.overrides
    pinned = replace(relax, pinned=True)
    state = replace(state, blocks=session_edits.replace_block(blocks, pinned))
    in_place = session_edits.swap_modality(state, pinned, foam)
    changed = in_place.blocks[session_edits.index_of(in_place.blocks, relax.id)]
    assert changed.exercise == "foam-roll" and changed.dose == foam.dose
    assert in_place.overrides == ()


def test_dismissals_replace_and_withdraw(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    state = SessionState(blocks, (), (), SessionDetails(date(2026, 1, 1)))
    once = session_edits.with_dismissal(state, relax, "first")
    twice = session_edits.with_dismissal(once, relax, "second")
    assert [d.reason for d in twice.dismissals] == ["second"]
    assert session_edits.without_dismissal(twice, twice.dismissals[0]).dismissals == ()


# -- wording -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "expected"),
    [(Dose(2, 10, None, 45), "2 × 10, rest 45 s"), (Dose(3, None, 25, 10), "3 × 25 s, rest 10 s"),
     (Dose(1, 10, 5), "10 × 5 s"), (Dose(2, 10, 2, 45), "2 × 10 × 2 s, rest 45 s"),
     (Dose(1, None, 75), "75 s"), (Dose(1), "1 set"), (Dose(3), "3 sets"),
     (Dose(1, 8, None, 30), "1 × 8")],
)
def test_dose_text(dose: Dose, expected: str) -> None:
    assert wording.dose_text(dose) == expected


def test_duration_rule_and_block_names(catalog: Catalog) -> None:
    assert wording.duration_text(0) == "No exercises yet"
    assert wording.duration_text(20) == "≈ 1 min" and wording.duration_text(24 * 60) == "≈ 24 min"
    assert wording.badge_text("release-compensators-first") == "Auto · Release first"
    assert wording.badge_text("pre-sport-ready", pinned=True) == "Auto · Switch on · placed"
    hike = block(catalog, "hip-hike", "a", side=BlockSide.LEFT)
    assert wording.describe(hike, catalog.exercises, catalog.muscles) == "Hip hike (left)"
    ball = block(catalog, "lacrosse-ball-release", "b", TFL, BlockSide.RIGHT)
    assert wording.describe(ball, catalog.exercises, catalog.muscles) == (
        "Lacrosse-ball release on the right TFL")


# -- suggestions -------------------------------------------------------------------------------


def test_suggestions_release_then_activate(catalog: Catalog) -> None:
    tags = [ToneTag(GM, L, ToneState.UNDERACTIVE), ToneTag(GM, R, ToneState.UNDERACTIVE),
            ToneTag(TFL, L, ToneState.OVERACTIVE), ToneTag(QL, R, ToneState.SPASM),
            ToneTag("soleus", L, ToneState.BALANCED)]
    found = suggest(catalog, tags, Preferences(patient=("active-stretch",)))
    releases = [s for s in found if s.release]
    assert [(s.muscle, s.side) for s in releases] == [(QL, BlockSide.RIGHT),
                                                     (TFL, BlockSide.LEFT)]
    by_muscle = {s.muscle: s.slug for s in releases}
    assert by_muscle[TFL] == "active-stretch"  # the patient's preference
    # the QL is in spasm: gentle only (PIR at 10-20 % effort), never a stretch
    assert catalog.exercises[by_muscle[QL]].family.gentle  # type: ignore[union-attr]
    assert found[: len(releases)] == releases  # released first
    activations = [s for s in found if not s.release]
    assert activations and all(s.side is BlockSide.BOTH for s in activations)
    assert all(GM in catalog.exercises[s.slug].muscles for s in activations)
    assert "spasm" in releases[0].why
    assert suggest(catalog, [], Preferences()) == []




def _clinician_order(blocks: tuple[Block, ...]) -> list[str]:
    return [b.id for b in blocks if not b.auto]


def test_moves_step_over_automatic_blocks(catalog: Catalog) -> None:
    """Ctrl+Up/Down next to an automatic block moves the clinician's block past the next
    clinician block, as meant, and the sequenced session shows the new order."""
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"),
                  block(catalog, "hip-hike", "hike"), block(catalog, "clamshell", "shell", GM))
    assert any(b.auto for b in blocks)  # automatic blocks sit between the clinician's
    for moved, delta, expected in (("hike", -1, ["hike", "walk", "shell"]),
                                   ("hike", 1, ["walk", "shell", "hike"]),
                                   ("walk", 1, ["hike", "walk", "shell"])):
        result = session_edits.shift(blocks, moved, delta)
        assert result is not None
        resequenced = plan(catalog, *(b for b in result if not b.auto))
        assert _clinician_order(resequenced) == expected, (moved, delta)
    assert session_edits.shift(blocks, "walk", -1) is None  # already first: nothing to do
    assert session_edits.shift(blocks, "shell", 1) is None  # already last


def test_a_drop_that_keeps_the_clinicians_order_changes_nothing(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"),
                  block(catalog, "hip-hike", "hike"))
    walk = session_edits.index_of(blocks, "walk")
    hike = session_edits.index_of(blocks, "hike")
    for gap in range(walk, hike + 1):  # anywhere between its own place and the next block
        assert session_edits.move_to_gap(blocks, "walk", gap) is None, gap
    assert session_edits.move_to_gap(blocks, "walk", len(blocks)) is not None
