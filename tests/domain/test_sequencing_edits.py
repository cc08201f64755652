"""The clinician stays in charge: swapping, moving, editing and dismissing automatic blocks."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from equitone.domain.sequencing import (
    AutoKey,
    Block,
    BlockSide,
    Dismissal,
    RuleId,
    SessionPlan,
    WarningCode,
    dismiss,
    move,
    pin,
    swap,
)
from equitone.domain.types import Dose, Side, ToneState

if TYPE_CHECKING:
    from tests.domain.conftest import Kit

GM, TFL = "gluteus-medius", "tensor-fasciae-latae"
L, RT, BOTH = BlockSide.LEFT, BlockSide.RIGHT, BlockSide.BOTH
COMPENSATED = {
    (GM, Side.LEFT): ToneState.UNDERACTIVE,
    (TFL, Side.LEFT): ToneState.OVERACTIVE,
}


def only(plan: SessionPlan, rule: RuleId) -> Block:
    (found,) = [b for b in plan.blocks if b.rule is rule]
    return found


def order(plan: SessionPlan) -> list[str]:
    return [b.rule.value if b.auto and b.rule else b.id for b in plan.blocks]


def codes(plan: SessionPlan) -> list[WarningCode]:
    return [w.code for w in plan.warnings]


@pytest.fixture
def session(kit: Kit) -> list[Block]:
    return [
        kit.block("clamshell", side=L, id="clam"),
        kit.block("lateral-band-walk", side=BOTH, id="walk"),
        kit.block("chin-tuck", id="tuck"),
    ]


# -- swap -------------------------------------------------------------------------------------


def test_swap_changes_the_modality_in_place(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session)
    relax = only(plan, RuleId.SUSTAINED_RELAX)
    swapped = kit.run(plan.blocks, overrides=[swap(relax, "post-isometric-relaxation")])
    new = only(swapped, RuleId.SUSTAINED_RELAX)
    assert new.exercise == "post-isometric-relaxation"
    assert (new.id, order(swapped)) == (relax.id, order(plan))
    assert swapped.warnings == ()


def test_a_swapped_block_follows_its_anchor(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session)
    override = swap(only(plan, RuleId.SUSTAINED_RELAX), "active-stretch")
    walk_last = move(plan.blocks, "walk", len(plan.blocks) - 1)
    again = kit.run(walk_last, overrides=[override])
    assert order(again)[-3:] == ["walk", "sustained-relax", "warm-down"]
    assert only(again, RuleId.SUSTAINED_RELAX).exercise == "active-stretch"


@pytest.mark.parametrize(
    ("rule", "slug"),
    [
        pytest.param(RuleId.SUSTAINED_RELAX, "clamshell", id="activation-is-not-a-relaxation"),
        pytest.param(RuleId.SUSTAINED_RELAX, "walk-and-breathe", id="warm-down-not-a-modality"),
        pytest.param(RuleId.SUSTAINED_RELAX, "no-such", id="unknown"),
        pytest.param(RuleId.WARM_DOWN, "active-stretch", id="warm-down-needs-a-warm-down"),
    ],
)
def test_an_unsuitable_swap_is_ignored_with_a_warning(
    kit: Kit, session: list[Block], rule: RuleId, slug: str
) -> None:
    plan = kit.run(session)
    target = only(plan, rule)
    again = kit.run(plan.blocks, overrides=[swap(target, slug)])
    assert only(again, rule).exercise == target.exercise
    assert WarningCode.UNKNOWN_EXERCISE in codes(again)


# -- move / edit (pins) -----------------------------------------------------------------------


def test_a_moved_automatic_block_is_pinned_and_keeps_its_place(
    kit: Kit, session: list[Block]
) -> None:
    plan = kit.run(session)
    relax = only(plan, RuleId.SUSTAINED_RELAX)
    at_end = move(plan.blocks, relax.id, len(plan.blocks) - 1)
    moved = kit.run(at_end)
    assert order(moved)[-2:] == ["sustained-relax", "warm-down"]
    assert only(moved, RuleId.SUSTAINED_RELAX) == pin(relax)
    assert moved.warnings == ()
    assert kit.run(moved.blocks) == moved


def test_a_relaxation_moved_before_its_activation_warns(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session)
    relax = only(plan, RuleId.SUSTAINED_RELAX)
    moved = kit.run(move(plan.blocks, relax.id, 0))
    assert order(moved)[:3] == ["sustained-relax", "clam", "walk"]
    assert codes(moved) == [WarningCode.RELAXATION_BEFORE_ACTIVATION]
    assert moved.warnings[0].block_id == relax.id
    # the warm-down still relaxes the glute med; without it nothing does
    warm = dismiss(only(moved, RuleId.WARM_DOWN), "short on time")
    bare = kit.run(moved.blocks, dismissals=[warm])
    assert WarningCode.NO_RELAXATION_AFTER in codes(bare)
    assert WarningCode.WARM_DOWN_MISSING in codes(bare)


def test_a_release_moved_after_its_activation_warns(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session, COMPENSATED)
    release = only(plan, RuleId.RELEASE_COMPENSATORS_FIRST)
    assert order(plan)[:2] == ["release-compensators-first", "clam"]
    moved = kit.run(move(plan.blocks, release.id, 1), COMPENSATED)
    assert order(moved)[:3] == ["clam", "release-compensators-first", "walk"]
    (warning,) = moved.warnings
    assert warning.code is WarningCode.COMPENSATOR_NOT_RELEASED_FIRST
    assert warning.block_id == "clam"
    assert "moved after" in warning.message


def test_an_edited_automatic_block_is_kept_as_edited(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session)
    relax = only(plan, RuleId.SUSTAINED_RELAX)
    edited = pin(replace(relax, dose=Dose(2, hold_seconds=90)))
    blocks = [edited if b.id == relax.id else b for b in plan.blocks]
    again = kit.run(blocks)
    assert only(again, RuleId.SUSTAINED_RELAX) == edited
    assert order(again) == order(plan)


def test_a_pin_whose_anchor_was_deleted_is_dropped(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session)
    pinned = move(plan.blocks, only(plan, RuleId.SUSTAINED_RELAX).id, 0)
    without_walk = [b for b in pinned if b.id != "walk"]
    assert not [b for b in kit.run(without_walk).blocks if b.rule is RuleId.SUSTAINED_RELAX]


def test_moving_a_clinician_block_takes_its_automatic_blocks_along(
    kit: Kit, session: list[Block]
) -> None:
    plan = kit.run(session, COMPENSATED)
    moved = kit.run(move(plan.blocks, "clam", len(plan.blocks) - 1), COMPENSATED)
    # the walk (both sides) is now the first activation of the left glute med: it gets the release
    assert order(moved) == [
        "release-compensators-first",
        "walk",
        "sustained-relax",
        "tuck",
        "postural-interset-relax",
        "clam",
        "warm-down",
    ]
    assert only(moved, RuleId.RELEASE_COMPENSATORS_FIRST).anchor == "walk"


def test_move_validates_its_arguments(kit: Kit, session: list[Block]) -> None:
    with pytest.raises(KeyError):
        move(session, "nope", 0)
    with pytest.raises(IndexError):
        move(session, "clam", 3)
    assert move(session, "clam", 0) == tuple(session)


def test_pin_leaves_clinician_blocks_alone(kit: Kit) -> None:
    clinician = kit.block("clamshell")
    assert pin(clinician) is clinician


# -- dismiss ------------------------------------------------------------------------------------


def test_a_dismissed_block_is_not_re_added_and_its_reason_is_kept(
    kit: Kit, session: list[Block]
) -> None:
    plan = kit.run(session)
    relax = only(plan, RuleId.SUSTAINED_RELAX)
    dismissal = dismiss(relax, "no ball at home")
    without = kit.run([b for b in plan.blocks if b.id != relax.id], dismissals=[dismissal])
    assert all(b.rule is not RuleId.SUSTAINED_RELAX for b in without.blocks)
    assert without.dismissed == (dismissal,)
    (warning,) = without.warnings
    assert warning.code is WarningCode.RELAXATION_DISMISSED
    assert "no ball at home" in warning.message
    assert warning.block_id == "walk"
    # even handed the dismissed block back, the engine drops it
    assert kit.run(plan.blocks, dismissals=[dismissal]) == without
    assert kit.run(without.blocks, dismissals=[dismissal]) == without


def test_dismissing_one_side_keeps_the_other(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session)
    relax = only(plan, RuleId.SUSTAINED_RELAX)
    left_only = Dismissal(AutoKey("walk", RuleId.SUSTAINED_RELAX, GM, L), "left hip sore")
    again = kit.run(plan.blocks, dismissals=[left_only])
    kept = only(again, RuleId.SUSTAINED_RELAX)
    assert (kept.side, kept.muscles) == (RT, (GM,))
    assert kept.id != relax.id


def test_dismissing_a_release_warns_with_the_reason(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session, COMPENSATED)
    dismissal = dismiss(only(plan, RuleId.RELEASE_COMPENSATORS_FIRST), "TFL already released")
    again = kit.run(plan.blocks, COMPENSATED, dismissals=[dismissal])
    assert all(b.rule is not RuleId.RELEASE_COMPENSATORS_FIRST for b in again.blocks)
    (warning,) = again.warnings
    assert warning.code is WarningCode.COMPENSATOR_NOT_RELEASED_FIRST
    assert "TFL already released" in warning.message


def test_dismissing_the_warm_down(kit: Kit, session: list[Block]) -> None:
    plan = kit.run([session[0], session[2]])
    dismissal = dismiss(only(plan, RuleId.WARM_DOWN), "continues in the gym")
    again = kit.run(plan.blocks, dismissals=[dismissal])
    assert all(b.rule is not RuleId.WARM_DOWN for b in again.blocks)
    missing = [w for w in again.warnings if w.code is WarningCode.WARM_DOWN_MISSING]
    assert "continues in the gym" in missing[0].message
    # the clamshell (relaxed per rep only) now has nothing after it
    no_relax = [w for w in again.warnings if w.code is WarningCode.NO_RELAXATION_AFTER]
    assert [w.block_id for w in no_relax] == ["clam"]


def test_a_pinned_warm_down_moved_elsewhere_warns(kit: Kit, session: list[Block]) -> None:
    plan = kit.run(session)
    moved = kit.run(move(plan.blocks, only(plan, RuleId.WARM_DOWN).id, 0))
    assert order(moved)[0] == "warm-down"
    assert sum(b.rule is RuleId.WARM_DOWN for b in moved.blocks) == 1
    assert WarningCode.WARM_DOWN_MISSING in codes(moved)


@pytest.mark.parametrize("make", [dismiss, swap], ids=["dismiss", "swap"])
def test_only_automatic_blocks_can_be_dismissed_or_swapped(kit: Kit, make: object) -> None:
    with pytest.raises(ValueError, match="automatic"):
        make(kit.block("clamshell"), "x")  # type: ignore[operator]


# -- identity -------------------------------------------------------------------------------


def test_automatic_ids_are_stable_and_unique(kit: Kit, session: list[Block]) -> None:
    first = kit.run(session, COMPENSATED)
    second = kit.run(list(session), COMPENSATED)
    ids = [b.id for b in first.blocks]
    assert ids == [b.id for b in second.blocks]
    assert len(set(ids)) == len(ids)
    assert all(b.key is not None and b.key.block_id == b.id for b in first.blocks if b.auto)


def test_with_cues_copies_every_field() -> None:
    from dataclasses import fields

    from equitone.domain.sequencing import Cue
    from equitone.domain.sequencing.model import with_cues

    # with_cues spells out Block's fields for speed: a new field must be added there too
    assert [f.name for f in fields(Block)] == [
        "id", "exercise", "muscles", "side", "dose", "auto", "rule", "reason", "cues",
        "anchor", "reciprocal_inhibition", "pinned", "note",
    ]  # fmt: skip
    block = Block(
        "i",
        "e",
        ("m",),
        RT,
        Dose(2, 3, 4, 5),
        True,
        RuleId.WARM_DOWN,
        "r",
        (),
        "a",
        True,
        True,
        "n",
    )
    cues = (Cue(RuleId.PER_REP_RELAX, "relax"),)
    assert with_cues(block, cues) == replace(block, cues=cues)


def test_auto_ids_are_uuid5_in_the_engine_namespace() -> None:
    import uuid

    from equitone.domain.sequencing.model import AUTO_NAMESPACE, uuid5

    key = AutoKey("c1", RuleId.SUSTAINED_RELAX, GM, BOTH)
    name = "sustained-relax|c1|gluteus-medius|both"
    assert key.block_id == uuid5(name) == str(uuid.uuid5(AUTO_NAMESPACE, name))


def test_auto_ids_are_standard_uuid5_cached_or_not() -> None:
    import uuid

    from equitone.domain.sequencing import model

    names = [f"sustained-relax|anchor-{n}|gluteus-medius|left" for n in range(3)]
    expected = [str(uuid.uuid5(model.AUTO_NAMESPACE, name)) for name in names]
    model._UUID_CACHE.clear()
    assert [model.uuid5(name) for name in names] == expected  # computed
    assert [model.uuid5(name) for name in names] == expected  # from the cache
    size = model._UUID_CACHE_SIZE
    for n in range(size + 5):  # the cache is bounded: cleared when full
        model.uuid5(f"filler-{n}")
    assert len(model._UUID_CACHE) <= size
    assert model.uuid5(names[0]) == expected[0]
