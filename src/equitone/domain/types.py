"""Core vocabulary of the method: sides, tone states, exercise kinds and catalog records.

Everything here is plain data (frozen dataclasses and string enums) so that the sequencing
engine, the storage layer, the CLI and the UI all speak the same words without importing
each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT

    @property
    def letter(self) -> str:
        return "L" if self is Side.LEFT else "R"


class View(StrEnum):
    FRONT = "front"
    BACK = "back"


class Layer(StrEnum):
    SUPERFICIAL = "superficial"
    DEEP = "deep"


class ToneState(StrEnum):
    """What a clinician tags on one muscle side at one assessment (DOMAIN.md)."""

    UNDERACTIVE = "underactive"
    OVERACTIVE = "overactive"
    TIGHT = "tight"
    SPASM = "spasm"
    TENDER = "tender"
    BALANCED = "balanced"


class JandaType(StrEnum):
    """Janda: postural muscles tend to tighten, phasic muscles tend to be inhibited."""

    POSTURAL = "postural"
    PHASIC = "phasic"


class ExerciseKind(StrEnum):
    ACTIVATION = "activation"
    EXPLOSIVE = "explosive"
    POSTURAL = "postural"
    RELAXATION = "relaxation"
    STRETCH = "stretch"
    WARM_DOWN = "warm-down"

    @property
    def trains(self) -> bool:
        """True for kinds that load (switch on) their target muscles."""
        return self in (ExerciseKind.ACTIVATION, ExerciseKind.EXPLOSIVE, ExerciseKind.POSTURAL)

    @property
    def relaxes(self) -> bool:
        return self in (ExerciseKind.RELAXATION, ExerciseKind.STRETCH, ExerciseKind.WARM_DOWN)


class Performer(StrEnum):
    SELF = "self"
    CLINICIAN = "clinician"
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class Dose:
    """A default or prescribed dose. `reps` and `hold_seconds` may both be set (e.g. 10 x 5 s)."""

    sets: int = 1
    reps: int | None = None
    hold_seconds: int | None = None
    rest_seconds: int = 0


@dataclass(frozen=True, slots=True)
class Muscle:
    slug: str
    name: str
    short_name: str
    region: str
    layer: Layer
    views: tuple[View, ...]
    janda: JandaType
    antagonists: tuple[str, ...] = ()
    compensators: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Exercise:
    """One library entry.

    `muscles` lists the muscles the exercise works. When `muscle_parameter` is true the row is a
    modality (lacrosse ball, PIR, …) that is applied to ONE of `muscles`, chosen per block.
    """

    slug: str
    name: str
    kind: ExerciseKind
    muscles: tuple[str, ...]
    performer: Performer
    dose: Dose
    sustained: bool = False
    muscle_parameter: bool = False
    equipment: tuple[str, ...] = ()
    instruction: str = ""
    custom: bool = False
    tags: tuple[str, ...] = field(default=())
