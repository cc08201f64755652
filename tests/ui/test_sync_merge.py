"""Three-way merges (one workstation's edit on top of another's) and the guarded step that
decides between done, written on top, and clash. Pure: no widget, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from equitone.domain.assessment import Measures, StateGrade, ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.sequencing import AutoKey, Block, BlockSide, Dismissal, RuleId
from equitone.domain.session import SessionDetails
from equitone.domain.types import Dose, Side, ToneState
from equitone.errors import StaleRecordError
from equitone.ui.designer.operations import SessionState
from equitone.ui.sync.guard import Clash, Done, Step, perform
from equitone.ui.sync.merge import (
    clashing_fields,
    merge_blocks,
    merge_fields,
    merge_session,
    merge_sets,
    merge_tag,
    session_key,
)

NAMES = ("name", "phone", "notes")


def _block(block_id: str, sets: int = 2, *, auto: bool = False) -> Block:
    return Block(block_id, "clamshell", ("gluteus-medius",), BlockSide.BOTH, Dose(sets, 10),
                 auto=auto, rule=RuleId.SUSTAINED_RELAX if auto else None)


def test_fields_edit_on_top_keeps_their_other_fields() -> None:
    source = PatientDraft("Ann", phone="1", notes="a")
    mine = replace(source, phone="2")
    theirs = replace(source, notes="theirs")
    assert merge_fields(source, mine, theirs, NAMES) == PatientDraft("Ann", phone="2",
                                                                     notes="theirs")
    assert clashing_fields(source, mine, theirs, NAMES) == ()
    both = replace(theirs, phone="3")
    assert clashing_fields(source, mine, both, NAMES) == ("phone",)
    assert merge_fields(source, mine, both, NAMES).phone == "2"  # mine on top wins


def test_sets_merge_adds_and_withdraws() -> None:
    assert merge_sets(["a", "b"], ["b", "c"], ["a", "b", "d"]) == ("b", "d", "c")
    assert merge_sets([], ["x"], ["x"]) == ("x",)


def test_blocks_merge_add_remove_change_and_move() -> None:
    a, b, c, d = _block("a"), _block("b"), _block("c"), _block("d")
    source = (a, b, c)
    # mine: b changed, c removed, e added after a, then moved d? (theirs added d at the end)
    e = _block("e")
    mine = (a, e, replace(b, dose=Dose(4, 10)))
    theirs = (a, b, c, d)
    merged = merge_blocks(source, mine, theirs)
    assert [x.id for x in merged] == ["a", "e", "b", "d"]
    assert merged[2].dose.sets == 4
    # a pure move by me, while they added a block
    moved = merge_blocks(source, (c, a, b), (a, b, d, c))
    assert [x.id for x in moved] == ["c", "a", "d", "b"]
    # automatic blocks the engine owns are left for it to place again
    assert merge_blocks((a,), (a, _block("x", auto=True)), (a,)) == (a,)


def test_session_merge_and_key() -> None:
    key = AutoKey("a", RuleId.SUSTAINED_RELAX, "gluteus-medius", BlockSide.BOTH)
    source = SessionState((_block("a"),), (), (), SessionDetails(date(2026, 3, 2), 3))
    mine = replace(source, dismissals=(Dismissal(key, "done at home"),))
    theirs = replace(source, details=replace(source.details, frequency_per_week=5))
    merged = merge_session(source, mine, theirs)
    assert merged.dismissals == mine.dismissals
    assert merged.details.frequency_per_week == 5
    # cues are the engine's: a state that differs only in them is the same edit
    cued = replace(source, blocks=(replace(source.blocks[0], cues=()),))
    assert session_key(cued) == session_key(source)
    assert session_key(mine) != session_key(source)


class _Store:
    """A one-value record with a version, for the guarded step."""

    def __init__(self) -> None:
        self.value, self.version, self.writes = "base", 1, 0

    def write(self, expected: int, value: str) -> tuple[str, int]:
        if expected != self.version:
            raise StaleRecordError("stale", entity="x", entity_id=1, expected=expected,
                                   current=self.version)
        self.value, self.version, self.writes = value, self.version + 1, self.writes + 1
        return self.value, self.version


def _step(store: _Store, source: str, target: str) -> Step[tuple[str, int]]:
    return Step[tuple[str, int]](
        write=lambda expected, _base: store.write(expected, target),
        load=lambda: (store.value, store.version),
        version=lambda r: r[1],
        applied=lambda r: r[0] == target,
        based_on=lambda r: r[0] == source,
    )


def test_perform_writes_when_current() -> None:
    store = _Store()
    assert perform(_step(store, "base", "mine"), 1) == Done(("mine", 2))


def test_perform_sees_its_own_earlier_write() -> None:
    store = _Store()
    store.write(1, "mine")  # the earlier try did land
    outcome = perform(_step(store, "base", "mine"), 1)
    assert outcome == Done(("mine", 2)) and store.writes == 1


def test_perform_writes_on_top_when_the_part_is_untouched() -> None:
    store = _Store()
    store.version = 5  # changed elsewhere, but not this value
    outcome = perform(_step(store, "base", "mine"), 1)
    assert outcome == Done(("mine", 6), rebased=True)


@pytest.mark.parametrize("theirs", ["theirs"])
def test_perform_clashes_when_the_same_part_changed(theirs: str) -> None:
    store = _Store()
    store.write(1, theirs)
    outcome = perform(_step(store, "base", "mine"), 1)
    assert isinstance(outcome, Clash) and outcome.current == (theirs, 2)
    assert store.value == theirs  # nothing overwritten


# -- tags with several states -------------------------------------------------------------------
U, T, TEN, B = ToneState.UNDERACTIVE, ToneState.TIGHT, ToneState.TENDER, ToneState.BALANCED


def _tag(*states: ToneState | StateGrade, tightness: int | None = 4, note: str = "",
         **measures: int) -> ToneTag:
    return ToneTag.of("gluteus-medius", Side.LEFT, states, tightness=tightness, note=note,
                      measures=Measures(**measures))  # type: ignore[arg-type]


def test_tag_states_merge_as_sets_and_fields_as_fields() -> None:
    source = _tag(U, strength=3)
    mine = _tag(U, TEN, strength=3)  # I added tender
    theirs = _tag(U, T, tightness=6, strength=3, note="theirs")  # they added tight, a score
    merged = merge_tag(source, mine, theirs)
    assert merged == _tag(U, T, TEN, tightness=6, strength=3, note="theirs")
    # a state I took off leaves theirs; a grade I changed is mine; their measure stays
    mine = _tag(StateGrade(U, 2), strength=3)
    theirs = _tag(U, TEN, strength=3, pain=5)
    assert merge_tag(_tag(U, TEN, strength=3), mine, theirs) == _tag(
        StateGrade(U, 2), strength=3, pain=5)


def test_tag_merge_cleared_on_either_side_and_balanced_stands_alone() -> None:
    source = _tag(U)
    assert merge_tag(source, None, _tag(U, T)) is None  # mine cleared it: cleared
    assert merge_tag(source, _tag(U, TEN), None) == _tag(U, TEN)  # theirs cleared: mine back
    assert merge_tag(None, _tag(T), _tag(U)) == _tag(U, T)  # both tagged it: both states
    assert merge_tag(source, _tag(B), _tag(U, TEN)) == _tag(B)  # I said balanced
    assert merge_tag(_tag(B), _tag(U), _tag(B, tightness=2)) == _tag(U, tightness=2)
