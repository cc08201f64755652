"""Each table about the tone states covers the whole enum, once: a new state cannot be added
without a look, a place in the priority order and a key."""

from __future__ import annotations

from equitone.domain.types import STATE_PRIORITY, ToneState
from equitone.looks import TONE_LOOKS


def test_every_state_has_one_look_in_the_enums_order() -> None:
    assert list(TONE_LOOKS) == list(ToneState)
    assert all(look.state is state for state, look in TONE_LOOKS.items())


def test_looks_tell_states_apart_without_colour() -> None:
    looks = TONE_LOOKS.values()
    assert sorted(look.shortcut for look in looks) == list(range(1, len(ToneState) + 1))
    for attribute in ("label", "colour", "glyph", "hatch"):
        values = [getattr(look, attribute) for look in looks]
        assert len(set(values)) == len(values), attribute


def test_the_priority_order_names_every_state_once() -> None:
    assert sorted(STATE_PRIORITY) == sorted(ToneState)
    assert len(STATE_PRIORITY) == len(ToneState)
    assert STATE_PRIORITY[0] is ToneState.SPASM and STATE_PRIORITY[-1] is ToneState.BALANCED
