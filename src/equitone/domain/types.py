"""Core vocabulary of the method: sides, tone states, exercise kinds and catalog records.

Everything here is plain data (frozen dataclasses and string enums) so that the sequencing
engine, the storage layer, the CLI and the UI all speak the same words without importing
each other.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    """What a clinician tags on one muscle side at one assessment (see docs/catalog.md)."""

    UNDERACTIVE = "underactive"
    OVERACTIVE = "overactive"
    TIGHT = "tight"
    SPASM = "spasm"
    TENDER = "tender"
    BALANCED = "balanced"


STATE_PRIORITY: tuple[ToneState, ...] = (
    ToneState.SPASM,
    ToneState.OVERACTIVE,
    ToneState.TIGHT,
    ToneState.UNDERACTIVE,
    ToneState.TENDER,
    ToneState.BALANCED,
)
"""Clinical priority of the states, most pressing first. A muscle side may carry several
states (tight *and* underactive); its *primary* state is the first of them in this order —
the one that most constrains the program (a muscle in spasm is relaxed, never loaded, whatever
else it is). Everything that must show one state (a list grouped by state, the `state` key of
a JSON output, the colour of a legend entry) shows the primary one; this is the only place
that order is decided."""

_PRIORITY_RANK = {state: rank for rank, state in enumerate(STATE_PRIORITY)}


def by_priority(states: Iterable[ToneState]) -> tuple[ToneState, ...]:
    """`states` without repeats, primary first (STATE_PRIORITY)."""
    return tuple(sorted(set(states), key=_PRIORITY_RANK.__getitem__))


def primary_state(states: Iterable[ToneState]) -> ToneState:
    """The primary state of a muscle side carrying `states` (at least one)."""
    ordered = by_priority(states)
    if not ordered:
        raise ValueError("a muscle side's tag carries at least one state")
    return ordered[0]


class JandaType(StrEnum):
    """Janda: postural muscles tend to tighten, phasic muscles tend to be inhibited.

    Only muscles Janda himself classified carry one of the two; the rest are `UNCLASSIFIED`
    rather than given a guessed label.
    """

    POSTURAL = "postural"
    PHASIC = "phasic"
    UNCLASSIFIED = "unclassified"


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


class Contraction(StrEnum):
    """How one repetition of a training exercise contracts, so its per-rep cue fits it: a card
    never mentions a lowering phase the exercise does not have."""

    LOWERING = "lowering"  # concentric up, eccentric lowering against gravity
    RETURN = "return"  # concentric out, eccentric return against a band or cable
    HOLD = "hold"  # isometric holds
    DRILL = "drill"  # breathing and motor-control drills (chin nod, drawing-in)


class Pressure(StrEnum):
    """How much a relaxation technique presses on the tissue."""

    NONE = "none"
    LIGHT = "light"  # a fingertip monitoring a tender point
    FIRM = "firm"  # ball, roller, deep hands-on work


class TechniqueFamily(StrEnum):
    """What kind of relaxation an exercise is; decides where it may go and for which states.

    `gentle` families suit a muscle in spasm (no loading, no vigorous stretch, no deep
    pressure); `pressure` says whether a grade III-IV tender spot rules the family out.
    """

    BALL = "ball"
    ROLLER = "roller"
    MANUAL_PRESSURE = "manual-pressure"
    COUNTERSTRAIN = "counterstrain"
    PIR = "pir"
    STRETCH = "stretch"
    POSITIONAL = "positional"
    BREATHING = "breathing"
    MOVEMENT = "movement"

    @property
    def pressure(self) -> Pressure:
        return _FAMILY_PRESSURE.get(self, Pressure.NONE)

    @property
    def gentle(self) -> bool:
        return self in _GENTLE_FAMILIES


_FAMILY_PRESSURE = {
    TechniqueFamily.BALL: Pressure.FIRM,
    TechniqueFamily.ROLLER: Pressure.FIRM,
    TechniqueFamily.MANUAL_PRESSURE: Pressure.FIRM,
    TechniqueFamily.COUNTERSTRAIN: Pressure.LIGHT,
}
_GENTLE_FAMILIES = frozenset({
    TechniqueFamily.COUNTERSTRAIN,
    TechniqueFamily.PIR,
    TechniqueFamily.POSITIONAL,
    TechniqueFamily.BREATHING,
})


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
    plain_name: str = ""
    """What the patient's copy calls it: "outer hip muscle" (for gluteus medius)."""
    ri_antagonist: str | None = None
    """The muscle to contract slightly at the end of the eccentric phase (reciprocal
    inhibition); chosen for that purpose, unlike `antagonists`. None: no suitable one."""
    ri_cue: str = ""
    """What the patient does to contract it, without the timing ("Press the knees lightly
    together"); empty when there is no antagonist."""
    ri_reason: str = ""
    """For the clinician: why that antagonist and when to leave the cue out, or why none."""

    @property
    def patient_name(self) -> str:
        """"outer hip muscle (gluteus medius)": plain words first, the anatomical name after."""
        if not self.plain_name:
            return self.name
        # "Fibularis (peroneals)" goes in brackets as "fibularis, peroneals": no brackets in
        # brackets
        technical = self.name.replace(" (", ", ").replace(")", "")
        return f"{self.plain_name} ({technical[0].lower()}{technical[1:]})"


@dataclass(frozen=True, slots=True)
class ExercisePicture:
    """The picture of a clinician's own exercise: a figure drawn in one of the base positions
    (``base``, "side-lying") or in a shipped exercise's pose (``like``, "clamshell"), with its
    muscles highlighted; or a photo (``photo``: JPEG or PNG bytes, already scaled down and
    stripped of metadata, ``size`` in pixels)."""

    base: str | None = None
    like: str | None = None
    photo: bytes | None = None
    media_type: str = ""
    size: tuple[int, int] = (0, 0)

    @property
    def kind(self) -> str:
        """"photo", "like" or "base"."""
        return "photo" if self.photo else "like" if self.like else "base"


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
    family: TechniqueFamily | None = None
    """For relaxing kinds: what sort of relaxation it is (None for kinds that train)."""
    made_for: tuple[str, ...] = ()
    """Muscles this exercise was designed for (a scalene stretch for the scalenes); the
    engine prefers these over a generic technique."""
    contraction: Contraction | None = None
    """For kinds that train: how a rep contracts (None: worked out from the tags, see
    `contraction_of`)."""
    picture: ExercisePicture | None = None
    """A clinician's own exercise's picture (shipped exercises are drawn from their poses)."""


def contraction_of(exercise: Exercise) -> Contraction:
    """The exercise's contraction: stated in the catalog, else an `isometric` tag means
    holds, a `breathing` tag a drill, anything else a lowering phase."""
    if exercise.contraction is not None:
        return exercise.contraction
    if "isometric" in exercise.tags:
        return Contraction.HOLD
    if "breathing" in exercise.tags:
        return Contraction.DRILL
    return Contraction.LOWERING
