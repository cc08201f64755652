"""The designer's pure parts (operations, MIME codecs, wording, suggestions) as tables, and
every item model checked with pytest-qt's qtmodeltester."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt

from equitone.domain.assessment import ToneTag
from equitone.domain.catalog import Catalog
from equitone.domain.sequencing import (
    Assessment,
    Block,
    BlockSide,
    Preferences,
    RuleId,
    dismiss,
    sequence,
    swap,
)
from equitone.domain.session import SessionDetails
from equitone.domain.types import Dose, Side, ToneState
from equitone.services.catalog import shipped_catalog
from equitone.ui.designer import mime, operations, text
from equitone.ui.designer.library_model import LibraryFilter, LibraryModel, SuggestionModel
from equitone.ui.designer.operations import SessionState
from equitone.ui.designer.suggestions import suggest
from equitone.ui.designer.timeline_model import CARD_ROLE, DOSE_ROLE, Card, TimelineModel

GM, TFL, QL = "gluteus-medius", "tensor-fasciae-latae", "quadratus-lumborum"
L, R = Side.LEFT, Side.RIGHT


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def block(catalog: Catalog, slug: str, block_id: str, muscle: str | None = None,
          side: BlockSide = BlockSide.BOTH) -> Block:
    exercise = catalog.exercises[slug]
    muscles = (muscle,) if muscle else exercise.muscles
    return Block(block_id, slug, muscles, side, exercise.dose)


def plan(catalog: Catalog, *blocks: Block, **kwargs: Any) -> tuple[Block, ...]:
    tags = {(GM, L): ToneState.UNDERACTIVE, (TFL, L): ToneState.OVERACTIVE}
    return sequence(blocks, catalog=catalog, assessment=Assessment.of(tags), **kwargs).blocks


def ids(blocks: tuple[Block, ...]) -> list[str]:
    return [b.id for b in blocks]


# -- operations ------------------------------------------------------------------------------

ABC = tuple(Block(i, "clamshell", (GM,), BlockSide.BOTH, Dose(2, 10)) for i in "abc")


@pytest.mark.parametrize(
    ("row", "expected"),
    [(0, "xabc"), (1, "axbc"), (3, "abcx"), (-1, "abcx"), (99, "abcx")],
)
def test_insert_block(row: int, expected: str) -> None:
    new = replace(ABC[0], id="x")
    assert "".join(ids(operations.insert_block(ABC, new, row))) == expected


@pytest.mark.parametrize(
    ("moved", "gap", "expected"),
    [("a", 0, None), ("a", 1, None), ("a", 2, "bac"), ("a", 3, "bca"), ("c", 0, "cab"),
     ("c", 2, None), ("c", 3, None), ("b", 0, "bac"), ("b", -1, "acb"), ("b", 99, "acb")],
)
def test_move_to_gap(moved: str, gap: int, expected: str | None) -> None:
    result = operations.move_to_gap(ABC, moved, gap)
    assert (None if result is None else "".join(ids(result))) == expected


@pytest.mark.parametrize(
    ("moved", "delta", "expected"),
    [("a", -1, None), ("a", 1, "bac"), ("c", 1, None), ("c", -1, "acb")],
)
def test_shift(moved: str, delta: int, expected: str | None) -> None:
    result = operations.shift(ABC, moved, delta)
    assert (None if result is None else "".join(ids(result))) == expected


def test_moving_an_automatic_block_pins_it(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"),
                  block(catalog, "hip-hike", "hike"))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    moved = operations.move_to_gap(blocks, relax.id, len(blocks))
    assert moved is not None and next(b for b in moved if b.id == relax.id).pinned
    unpinned = operations.unpin(moved, relax.id)
    assert unpinned is not None and not next(b for b in unpinned if b.id == relax.id).pinned
    assert operations.unpin(blocks, relax.id) is None  # not pinned
    assert operations.unpin(blocks, "walk") is None  # a clinician block


def test_duplicate_of_an_automatic_block_is_the_clinicians(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    copied = operations.duplicate_block(blocks, relax.id, "copy")
    copy = copied[operations.index_of(copied, relax.id) + 1]
    assert copy.id == "copy" and not copy.auto and copy.rule is None and copy.anchor is None
    assert copy.exercise == relax.exercise and copy.muscles == relax.muscles


def test_without_block_prunes_its_decisions(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"),
                  block(catalog, "clamshell", "clam", GM, BlockSide.LEFT))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    warm = next(b for b in blocks if b.rule is RuleId.WARM_DOWN)
    state = SessionState(blocks, (dismiss(relax, "r"), dismiss(warm, "w")),
                         (swap(relax, "foam-roll"),), SessionDetails(date(2026, 1, 1)))
    after = operations.without_block(state, "walk")
    assert "walk" not in ids(after.blocks)
    assert [d.reason for d in after.dismissals] == ["w"] and after.overrides == ()


def test_dose_and_reciprocal_inhibition(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "clamshell", "clam"),
                  block(catalog, "lateral-band-walk", "walk"))
    clam = blocks[operations.index_of(blocks, "clam")]
    assert operations.with_dose(blocks, "clam", clam.dose) is None
    dosed = operations.with_dose(blocks, "clam", Dose(3, 8))
    assert dosed is not None and dosed[operations.index_of(dosed, "clam")].dose == Dose(3, 8)
    warm = next(b for b in blocks if b.rule is RuleId.WARM_DOWN)
    dosed_auto = operations.with_dose(blocks, warm.id, Dose(1, hold_seconds=120))
    assert dosed_auto is not None and dosed_auto[-1].pinned  # an edited automatic block
    toggled = operations.with_reciprocal_inhibition(blocks, "clam", True)
    assert toggled is not None
    assert toggled[operations.index_of(toggled, "clam")].reciprocal_inhibition
    assert operations.with_reciprocal_inhibition(blocks, "clam", False) is None
    assert operations.with_reciprocal_inhibition(blocks, warm.id, True) is None


def test_swap_candidates_and_swaps(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    warm = next(b for b in blocks if b.rule is RuleId.WARM_DOWN)
    options = [o.exercise for o in operations.swap_options(catalog, relax)]
    assert options and relax.exercise not in [e.slug for e in options]
    assert all(e.kind.relaxes and e.kind.value != "warm-down" and GM in e.muscles
               for e in options)
    warm_downs = operations.swap_options(catalog, warm)
    assert {o.exercise.kind.value for o in warm_downs} == {"warm-down"}
    # a warm-down that leaves the hip out comes last, marked
    assert warm_downs[-1].note and warm_downs[-1].exercise.slug == "upper-body-shake-out-warm-down"
    assert operations.swap_options(catalog, blocks[operations.index_of(blocks, "walk")]) == []
    state = SessionState(blocks, (), (), SessionDetails(date(2026, 1, 1)))
    foam = catalog.exercises["foam-roll"]
    swapped = operations.swap_modality(state, relax, foam)
    assert [o.exercise for o in swapped.overrides] == ["foam-roll"]
    assert operations.swap_modality(swapped, relax, foam).overrides == swapped.overrides
    pinned = replace(relax, pinned=True)
    state = replace(state, blocks=operations.replace_block(blocks, pinned))
    in_place = operations.swap_modality(state, pinned, foam)
    changed = in_place.blocks[operations.index_of(in_place.blocks, relax.id)]
    assert changed.exercise == "foam-roll" and changed.dose == foam.dose
    assert in_place.overrides == ()


def test_dismissals_replace_and_withdraw(catalog: Catalog) -> None:
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"))
    relax = next(b for b in blocks if b.rule is RuleId.SUSTAINED_RELAX)
    state = SessionState(blocks, (), (), SessionDetails(date(2026, 1, 1)))
    once = operations.with_dismissal(state, relax, "first")
    twice = operations.with_dismissal(once, relax, "second")
    assert [d.reason for d in twice.dismissals] == ["second"]
    assert operations.without_dismissal(twice, twice.dismissals[0]).dismissals == ()


# -- MIME codecs -------------------------------------------------------------------------------


def test_mime_round_trips() -> None:
    payload = mime.ExercisePayload("lacrosse-ball-release", TFL, "left")
    assert mime.decode_exercise(mime.encode_exercise(payload)) == payload
    assert mime.decode_block(mime.encode_exercise(payload)) is None
    card = mime.BlockPayload(7, "abc")
    assert mime.decode_block(mime.encode_block(card, text="Clamshell")) == card
    assert mime.encode_block(card, text="Clamshell").text() == "Clamshell"


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[]", b'"x"', b'{"slug": ""}', b'{"slug": 3}', b'{"slug": "a", "side": "up"}',
     b'{"slug": "a", "muscle": ""}', b'{"slug": "a", "muscle": 4}', "é".encode("latin-1")],
)
def test_malformed_exercise_payloads_decode_to_none(raw: bytes) -> None:
    data = QMimeData()
    data.setData(mime.EXERCISE_MIME, raw)
    assert mime.decode_exercise(data) is None


@pytest.mark.parametrize(
    "raw", [b"{}", b'{"session": "1", "id": "a"}', b'{"session": true, "id": "a"}',
            b'{"session": 1, "id": ""}', b'{"session": 1}'],
)
def test_malformed_block_payloads_decode_to_none(raw: bytes) -> None:
    data = QMimeData()
    data.setData(mime.BLOCK_MIME, raw)
    assert mime.decode_block(data) is None
    assert mime.decode_block(None) is None


# -- wording -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "expected"),
    [(Dose(2, 10, None, 45), "2 × 10, rest 45 s"), (Dose(3, None, 25, 10), "3 × 25 s, rest 10 s"),
     (Dose(1, 10, 5), "10 × 5 s"), (Dose(2, 10, 2, 45), "2 × 10 × 2 s, rest 45 s"),
     (Dose(1, None, 75), "75 s"), (Dose(1), "1 set"), (Dose(3), "3 sets"),
     (Dose(1, 8, None, 30), "1 × 8")],
)
def test_dose_text(dose: Dose, expected: str) -> None:
    assert text.dose_text(dose) == expected


def test_duration_rule_and_block_names(catalog: Catalog) -> None:
    assert text.duration_text(0) == "No exercises yet"
    assert text.duration_text(20) == "≈ 1 min" and text.duration_text(24 * 60) == "≈ 24 min"
    assert text.badge_text("release-compensators-first") == "Auto · Release first"
    assert text.badge_text("pre-sport-ready", pinned=True) == "Auto · Switch on · placed"
    hike = block(catalog, "hip-hike", "a", side=BlockSide.LEFT)
    assert text.describe(hike, catalog.exercises, catalog.muscles) == "Hip hike (left)"
    ball = block(catalog, "lacrosse-ball-release", "b", TFL, BlockSide.RIGHT)
    assert text.describe(ball, catalog.exercises, catalog.muscles) == (
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


# -- item models ---------------------------------------------------------------------------------


def test_timeline_model(qtmodeltester: Any, catalog: Catalog) -> None:
    model = TimelineModel()
    model.set_catalog(catalog.exercises, catalog.muscles)
    qtmodeltester.check(model)
    blocks = plan(catalog, block(catalog, "lateral-band-walk", "walk"),
                  block(catalog, "clamshell", "clam", GM, BlockSide.LEFT))
    model.set_plan(3, blocks, ())
    qtmodeltester.check(model)
    card = model.index(1, 0).data(CARD_ROLE)
    assert isinstance(card, Card) and card.position == 2
    assert model.index(1, 0).data(DOSE_ROLE) == blocks[1].dose
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsDragEnabled and flags & Qt.ItemFlag.ItemIsEditable
    assert not flags & Qt.ItemFlag.ItemIsDropEnabled  # drops land between cards
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.setData(model.index(0, 0), "3 × 10")  # only a Dose is accepted
    model.set_plan(3, blocks, (), read_only=True)
    qtmodeltester.check(model)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.canDropMimeData(model.mimeData([model.index(0, 0)]),
                                     Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_library_and_suggestion_models(qtmodeltester: Any, catalog: Catalog) -> None:
    model = LibraryModel()
    qtmodeltester.check(model)
    model.set_catalog(catalog.exercises.values(), catalog.muscles)
    qtmodeltester.check(model)
    proxy = LibraryFilter()
    proxy.setSourceModel(model)
    proxy.set_search("stretch")
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() < model.rowCount()
    row = model.row_of("lacrosse-ball-release")
    assert mime.decode_exercise(model.mimeData([model.index(row, 0)])) == (
        mime.ExercisePayload("lacrosse-ball-release", None, "both"))
    model.muscle, model.side = TFL, "left"
    assert mime.decode_exercise(model.mimeData([model.index(row, 0)])) == (
        mime.ExercisePayload("lacrosse-ball-release", TFL, "left"))
    clam = model.row_of("clamshell")  # not a modality: the muscle filter does not narrow it
    assert mime.decode_exercise(model.mimeData([model.index(clam, 0)])) == (
        mime.ExercisePayload("clamshell", None, "left"))
    suggestions = SuggestionModel()
    qtmodeltester.check(suggestions)
    tags = [ToneTag(GM, L, ToneState.UNDERACTIVE), ToneTag(TFL, L, ToneState.OVERACTIVE)]
    suggestions.set_suggestions(suggest(catalog, tags, Preferences()), catalog.exercises)
    qtmodeltester.check(suggestions)
    first = mime.decode_exercise(suggestions.mimeData([suggestions.index(0, 0)]))
    assert first is not None and first.muscle == TFL and first.side == "left"
