"""Sequencing-engine timings on a 200-block session (goal: median < 5 ms).

Run:  .venv/bin/python benchmarks/bench_sequencing.py
Standard library + equitone only. The session is synthetic but dense: 24 muscles with
compensators, every exercise kind, a third of the muscle sides underactive and a third
overactive, so every rule fires. Prints lines "name: value unit (goal ...)".
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from equitone.domain.sequencing import (
    Assessment,
    Block,
    BlockSide,
    CatalogView,
    Preferences,
    SessionPlan,
    dismiss,
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
    ToneState,
    View,
)

BLOCKS = 200
RUNS = 50
GOAL_MS = 5.0


def build_catalog(rng: random.Random) -> CatalogView:
    slugs = [f"muscle-{i:02d}" for i in range(24)]
    muscles = [
        Muscle(
            slug=slug,
            name=slug,
            short_name=slug.replace("-", " "),
            region="bench",
            layer=Layer.SUPERFICIAL,
            views=(View.FRONT,),
            janda=JandaType.PHASIC if i % 2 else JandaType.POSTURAL,
            antagonists=(slugs[(i + 1) % len(slugs)],),
            compensators=tuple(rng.sample([s for s in slugs if s != slug], 3)),
        )
        for i, slug in enumerate(slugs)
    ]
    everything = tuple(slugs)
    exercises = [
        Exercise("lacrosse-ball-release", "Lacrosse ball", ExerciseKind.RELAXATION, everything,
                 Performer.SELF, Dose(1, hold_seconds=60), muscle_parameter=True),
        Exercise("active-stretch", "Active stretch", ExerciseKind.STRETCH, everything,
                 Performer.SELF, Dose(3, hold_seconds=30), muscle_parameter=True),
        Exercise("active-release-technique", "ART", ExerciseKind.RELAXATION, everything,
                 Performer.CLINICIAN, Dose(1, hold_seconds=120), muscle_parameter=True),
        Exercise("walk-and-breathe", "Walk and breathe", ExerciseKind.WARM_DOWN, everything,
                 Performer.SELF, Dose(1, hold_seconds=180)),
    ]  # fmt: skip
    kinds = [
        (ExerciseKind.ACTIVATION, False),
        (ExerciseKind.ACTIVATION, True),
        (ExerciseKind.EXPLOSIVE, False),
        (ExerciseKind.POSTURAL, False),
    ]
    for i in range(40):
        kind, sustained = kinds[i % len(kinds)]
        exercises.append(
            Exercise(
                f"exercise-{i:02d}",
                f"Exercise {i}",
                kind,
                tuple(rng.sample(slugs, rng.randint(1, 3))),
                Performer.SELF,
                Dose(3, 10),
                sustained=sustained,
            )
        )
    return CatalogView.of(exercises, muscles)


def build_session(rng: random.Random, catalog: CatalogView) -> tuple[list[Block], Assessment]:
    trainers = [e for e in catalog.exercises.values() if e.kind.trains]
    blocks = []
    for n in range(BLOCKS):
        if rng.random() < 0.8:
            exercise = rng.choice(trainers)
            muscles = exercise.muscles
            slug = exercise.slug
        else:
            slug = rng.choice(["lacrosse-ball-release", "active-stretch"])
            muscles = (rng.choice(list(catalog.muscles)),)
        blocks.append(
            Block(
                id=f"block-{n:03d}",
                exercise=slug,
                muscles=muscles,
                side=rng.choice(list(BlockSide)),
                dose=Dose(rng.randint(1, 5), rng.randint(5, 20)),
                reciprocal_inhibition=rng.random() < 0.2,
            )
        )
    states = [ToneState.UNDERACTIVE, ToneState.OVERACTIVE, ToneState.BALANCED]
    tags = {(m, s): rng.choice(states) for m in catalog.muscles for s in Side}
    return blocks, Assessment.of(tags)


def median_ms(work: Callable[[], SessionPlan]) -> float:
    work()  # warm-up
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    rng = random.Random(20240611)
    catalog = build_catalog(rng)
    blocks, assessment = build_session(rng, catalog)
    preferences = Preferences(patient=("active-stretch",))

    def fresh() -> SessionPlan:
        return sequence(blocks, catalog=catalog, assessment=assessment, preferences=preferences)

    plan = fresh()
    autos = [b for b in plan.blocks if b.auto]
    dismissals = [dismiss(b, "bench") for b in autos[::10]]

    def rerun() -> SessionPlan:
        return sequence(
            plan.blocks, catalog=catalog, assessment=assessment, preferences=preferences
        )

    def with_dismissals() -> SessionPlan:
        return sequence(
            plan.blocks,
            catalog=catalog,
            assessment=assessment,
            preferences=preferences,
            dismissals=dismissals,
        )

    assert rerun() == plan, "the engine must be idempotent"
    print(
        f"session: {BLOCKS} clinician blocks -> {len(plan.blocks)} blocks"
        f" ({len(autos)} automatic), {len(plan.warnings)} warnings"
    )
    for name, work in (
        ("sequence (fresh)", fresh),
        ("sequence (re-run on its own plan)", rerun),
        (f"sequence ({len(dismissals)} dismissals)", with_dismissals),
    ):
        print(f"{name}: {median_ms(work):.2f} ms median of {RUNS} (goal < {GOAL_MS:.0f} ms)")


if __name__ == "__main__":
    main()
