"""How to set up, said so a patient gets the side right: "Left hip works: lie on your right
side", "stand on your left leg", "weight in your right hand".

"Side: left" on a clamshell is ambiguous (lie on the left side, or work the left hip?). The
exercise's picture knows which side lies down, which leg stands, which hand holds: those
facts arrive here as a :class:`Setup`, written relative to the side that works (a pose is
drawn for one side and mirrored for the other), and become one sentence for the card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from equitone.domain.types import Side

__all__ = ["REGION_WORDS", "Relative", "Setup", "setup_sentence"]


class Relative(StrEnum):
    """A body side relative to the side being worked."""

    WORKED = "worked"
    OTHER = "other"

    def side(self, worked: Side) -> Side:
        return worked if self is Relative.WORKED else worked.other


@dataclass(frozen=True, slots=True)
class Setup:
    """What an exercise's starting position says about the sides (None: not that kind of
    position). ``holds`` pairs what is held ("weight") with the hand holding it;
    ``one_sided`` is False when both sides do the same thing at once (a glute bridge)."""

    lies_on: Relative | None = None
    stands_on: Relative | None = None
    kneels_on: Relative | None = None
    propped_on: Relative | None = None
    holds: tuple[tuple[str, Relative], ...] = ()
    one_sided: bool = True

    @property
    def says_anything(self) -> bool:
        return any((self.lies_on, self.stands_on, self.kneels_on, self.propped_on, self.holds))


REGION_WORDS: dict[str, str] = {
    "head-neck": "side of the neck", "shoulder": "shoulder", "upper-back": "upper back",
    "chest": "chest", "arm": "arm", "forearm": "forearm", "abdomen": "side of the belly",
    "lower-back": "lower back", "hip": "hip", "thigh": "thigh", "lower-leg": "lower leg",
}
"""The part of the body a patient names for a muscle's region ("Left hip works")."""


def _clauses(setup: Setup, worked: Side) -> list[str]:
    def side(relative: Relative) -> str:
        return relative.side(worked).value

    clauses = []
    if setup.lies_on is not None:
        clause = f"lie on your {side(setup.lies_on)} side"
        if setup.propped_on is not None:
            clause += f", propped on your {side(setup.propped_on)} forearm"
        clauses.append(clause)
    elif setup.propped_on is not None:
        clauses.append(f"prop yourself on your {side(setup.propped_on)} forearm")
    if setup.kneels_on is not None:
        clauses.append(f"kneel on your {side(setup.kneels_on)} knee")
    elif setup.stands_on is not None:
        clauses.append(f"stand on your {side(setup.stands_on)} leg")
    clauses += [f"hold the {what} in your {side(hand)} hand" for what, hand in setup.holds]
    return clauses


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def setup_sentence(setup: Setup | None, sides: Sequence[Side], part: str, *,
                   trains: bool, muscle: str = "") -> str:
    """One sentence for the card: what works (or what is relaxed) and how to set up.

    ``sides`` are the sides worked (one, or both); ``part`` the patient's word for where
    ("hip"), or ``muscle`` the muscle in the patient's words when there is just one ("outer
    hip muscle (gluteus medius)"). Both sides of an exercise that works one at a time say
    each side's set-up.
    """
    setup = setup or Setup()
    what = muscle or part
    if len(sides) == 1:
        worked = sides[0]
        subject = f"{worked.value.capitalize()} {what}" + (" works" if trains else "")
        clauses = _clauses(setup, worked)
        return f"{subject}: {_join(clauses)}." if clauses else f"{subject}."
    if not setup.says_anything:
        together = " together" if not setup.one_sided else ""
        both = ("Both sides work" if trains else "Both sides") + together
        return f"{what[:1].upper()}{what[1:]}, {both[:1].lower()}{both[1:]}." if muscle \
            else f"{both}."
    first, second = (_join(_clauses(setup, s)) for s in (Side.LEFT, Side.RIGHT))
    return f"Each side in turn — left {what}: {first}; then right: {second}."
