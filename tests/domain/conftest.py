"""A small catalog for the sequencing tests: glute med with its compensators, a rep-based, a
sustained, two explosive and a postural exercise, relaxation modalities and a warm-down."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pytest

from equitone.domain.sequencing import (
    Assessment,
    AutoOverride,
    Block,
    BlockSide,
    CatalogView,
    Dismissal,
    Preferences,
    SessionPlan,
    sequence,
)
from equitone.domain.types import (
    Dose,
    Exercise,
    ExerciseKind,
    JandaType,
    Layer,
    Muscle,
    Performer,
    Side,
    TechniqueFamily,
    ToneState,
    View,
)

GM = "gluteus-medius"
TFL = "tensor-fasciae-latae"
QL = "quadratus-lumborum"
ADD = "hip-adductors"
GMAX = "gluteus-maximus"
QUADS = "quadriceps"
CALF = "gastrocnemius"
DNF = "deep-neck-flexors"
UT = "upper-trapezius"


def _muscle(
    slug: str,
    short: str,
    janda: JandaType,
    antagonists: tuple[str, ...] = (),
    compensators: tuple[str, ...] = (),
    region: str = "hip",
    ri: tuple[str | None, str, str] = (None, "", "No antagonist suits it."),
) -> Muscle:
    return Muscle(
        slug=slug,
        name=short.title(),
        short_name=short,
        region=region,
        ri_antagonist=ri[0],
        ri_cue=ri[1],
        ri_reason=ri[2],
        layer=Layer.SUPERFICIAL,
        views=(View.BACK,),
        janda=janda,
        antagonists=antagonists,
        compensators=compensators,
    )


MUSCLES = (
    _muscle(
        GM, "glute med", JandaType.PHASIC, (ADD,), (TFL, QL, ADD),
        ri=(ADD, "Press the knees lightly together", "Not when the adductors are overactive."),
    ),
    _muscle(TFL, "TFL", JandaType.POSTURAL),
    _muscle(QL, "QL", JandaType.POSTURAL, region="lower-back"),
    _muscle(ADD, "adductors", JandaType.POSTURAL, (GM,), region="thigh"),
    _muscle(GMAX, "glute max", JandaType.PHASIC, (), (QL,)),
    _muscle(QUADS, "quads", JandaType.POSTURAL, region="thigh"),
    _muscle(CALF, "calf", JandaType.POSTURAL, region="lower-leg"),
    _muscle(DNF, "deep neck flexors", JandaType.PHASIC, (UT,), (UT,), region="head-neck"),
    _muscle(UT, "upper trap", JandaType.POSTURAL, region="head-neck"),
)
ALL = tuple(m.slug for m in MUSCLES)
BALLABLE = (GM, TFL, QL, ADD, GMAX, QUADS, CALF, UT)


def _exercise(
    slug: str,
    kind: ExerciseKind,
    muscles: tuple[str, ...],
    dose: Dose,
    *,
    performer: Performer = Performer.SELF,
    sustained: bool = False,
    modality: bool = False,
    family: TechniqueFamily | None = None,
) -> Exercise:
    return Exercise(
        slug=slug,
        name=slug.replace("-", " ").capitalize(),
        kind=kind,
        muscles=muscles,
        performer=performer,
        dose=dose,
        sustained=sustained,
        muscle_parameter=modality,
        family=family,
    )


A, X, P = ExerciseKind.ACTIVATION, ExerciseKind.EXPLOSIVE, ExerciseKind.POSTURAL
R, S, W = ExerciseKind.RELAXATION, ExerciseKind.STRETCH, ExerciseKind.WARM_DOWN
EXERCISES = (
    _exercise("clamshell", A, (GM,), Dose(3, 12)),
    _exercise("lateral-band-walk", A, (GM,), Dose(2, hold_seconds=30), sustained=True),
    _exercise("glute-bridge", A, (GMAX, GM), Dose(3, 10)),
    _exercise("box-jump", X, (GMAX, QUADS, CALF), Dose(3, 5, rest_seconds=60)),
    _exercise("tuck-jump", X, (QUADS, CALF), Dose(2, 6)),
    _exercise("chin-tuck", P, (DNF,), Dose(3, 10, 5)),
    _exercise(
        "lacrosse-ball-release", R, BALLABLE, Dose(1, hold_seconds=60), modality=True,
        family=TechniqueFamily.BALL,
    ),
    _exercise(
        "active-stretch", S, ALL, Dose(3, hold_seconds=30), modality=True,
        family=TechniqueFamily.STRETCH,
    ),
    _exercise(
        "post-isometric-relaxation",
        R,
        ALL,
        Dose(3, hold_seconds=10),
        performer=Performer.EITHER,
        modality=True,
        family=TechniqueFamily.PIR,
    ),
    _exercise(
        "active-release-technique",
        R,
        ALL,
        Dose(1, hold_seconds=120),
        performer=Performer.CLINICIAN,
        modality=True,
        family=TechniqueFamily.MANUAL_PRESSURE,
    ),
    _exercise(
        "walk-and-breathe", W, (), Dose(1, hold_seconds=180), family=TechniqueFamily.MOVEMENT
    ),
)
CATALOG = CatalogView.of(EXERCISES, MUSCLES)
TRAINING = ("clamshell", "lateral-band-walk", "glute-bridge", "box-jump", "tuck-jump", "chin-tuck")
MODALITIES = (
    "lacrosse-ball-release",
    "active-stretch",
    "post-isometric-relaxation",
    "active-release-technique",
)


@dataclass(frozen=True)
class Kit:
    """Builders over the test catalog, handed to tests by the session-scoped `kit` fixture."""

    catalog: CatalogView = CATALOG
    training: tuple[str, ...] = TRAINING
    modalities: tuple[str, ...] = MODALITIES
    muscles: tuple[str, ...] = ALL
    _ids: Iterator[int] = field(default_factory=itertools.count)

    def block(
        self,
        exercise: str,
        muscles: Sequence[str] | None = None,
        side: BlockSide | str = BlockSide.BOTH,
        *,
        id: str | None = None,
        dose: Dose | None = None,
        ri: bool = False,
    ) -> Block:
        """A clinician block; muscles default to the exercise's (the first for a modality)."""
        record = self.catalog.exercises[exercise]
        if muscles is None:
            muscles = record.muscles[:1] if record.muscle_parameter else record.muscles
        return Block(
            id=id or f"c{next(self._ids)}",
            exercise=exercise,
            muscles=tuple(muscles),
            side=BlockSide(side),
            dose=dose or record.dose,
            reciprocal_inhibition=ri,
        )

    def run(
        self,
        blocks: Iterable[Block],
        tones: Mapping[tuple[str, Side], ToneState | frozenset[ToneState]] | None = None,
        *,
        preferences: Preferences | None = None,
        dismissals: Iterable[Dismissal] = (),
        overrides: Iterable[AutoOverride] = (),
        pre_sport: bool = False,
    ) -> SessionPlan:
        return sequence(
            list(blocks),
            catalog=self.catalog,
            assessment=Assessment.of(tones or {}),
            preferences=preferences,
            dismissals=dismissals,
            overrides=overrides,
            pre_sport=pre_sport,
        )


@pytest.fixture(scope="session")
def kit() -> Kit:
    return Kit()
