"""Sequencing-engine timings on a 200-block session (goal: median < 4 ms).

Run:  .venv/bin/python benchmarks/bench_sequencing.py
Standard library + equitone only. The session is drawn from the shipped catalog (its technique
rules, made-for techniques and reciprocal-inhibition antagonists all in play): 200 clinician
blocks of every training kind and some relaxations, on a patient with a third of the muscle
sides underactive and a third overactive, some in spasm or tender (grades 0-IV), MRC grades,
the relax-after setting on two muscles and two standing flags, one of them accepted — so every
rule and every check fires.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Iterator

from budget import Figure, main

from equitone.domain.sequencing import (
    Assessment,
    Block,
    BlockSide,
    Flag,
    Preferences,
    ProposalResponse,
    SessionPlan,
    dismiss,
    sequence,
)
from equitone.domain.types import Dose, Side, ToneState
from equitone.services.catalog import shipped_catalog

BLOCKS = 200
RUNS = 50
GOAL_MS = 4.0


def build_session(rng: random.Random) -> tuple[list[Block], Assessment]:
    catalog = shipped_catalog()
    trainers = sorted(e.slug for e in catalog.exercises.values() if e.kind.trains)
    relaxers = sorted(e.slug for e in catalog.exercises.values() if e.kind.relaxes
                      and e.kind.value != "warm-down")
    blocks = []
    for n in range(BLOCKS):
        slug = rng.choice(trainers) if rng.random() < 0.8 else rng.choice(relaxers)
        exercise = catalog.exercises[slug]
        muscles = (rng.choice(exercise.muscles),) if exercise.muscle_parameter else (
            exercise.muscles)
        blocks.append(Block(f"block-{n:03d}", slug, muscles, rng.choice(list(BlockSide)),
                            Dose(rng.randint(1, 4), rng.randint(5, 15)),
                            reciprocal_inhibition=rng.random() < 0.2))
    states = [ToneState.UNDERACTIVE, ToneState.OVERACTIVE, ToneState.BALANCED,
              ToneState.TIGHT, ToneState.SPASM, ToneState.TENDER]
    weights = [30, 30, 25, 8, 3, 4]
    tags, tenderness, strength = {}, {}, {}
    for muscle in catalog.muscles:
        for side in Side:
            state = rng.choices(states, weights)[0]
            tags[(muscle, side)] = state
            if state in (ToneState.TENDER, ToneState.SPASM, ToneState.OVERACTIVE):
                tenderness[(muscle, side)] = rng.randint(0, 4)
            if state is ToneState.UNDERACTIVE:
                strength[(muscle, side)] = rng.randint(2, 5)
    return blocks, Assessment.of(tags, tenderness=tenderness, strength=strength)


def median_ms(work: Callable[[], SessionPlan]) -> float:
    work()  # warm-up
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def figures(_args: argparse.Namespace) -> Iterator[Figure]:
    rng = random.Random(20240611)
    catalog = shipped_catalog()
    blocks, assessment = build_session(rng)
    preferences = Preferences(patient=("active-stretch",), clinic=("lacrosse-ball-release",),
                              relax_after_muscles=frozenset({"gluteus-medius", "soleus"}))
    flags = (Flag("soleus", Side.LEFT, "Left soleus was tighter."),
             Flag("gluteus-maximus", Side.RIGHT, "Right glute max was tighter."))
    responses = (ProposalResponse("soleus", Side.LEFT, True, "agreed"),)

    def run(placed: list[Block] | tuple[Block, ...], **extra: object) -> SessionPlan:
        return sequence(placed, catalog=catalog, assessment=assessment,
                        preferences=preferences, flags=flags, responses=responses,
                        **extra)  # type: ignore[arg-type]

    plan = run(blocks)
    autos = [b for b in plan.blocks if b.auto]
    dismissals = [dismiss(b, "bench") for b in autos[::10]]
    assert run(plan.blocks) == plan, "the engine must be idempotent"
    print(
        f"session: {BLOCKS} clinician blocks -> {len(plan.blocks)} blocks"
        f" ({len(autos)} automatic), {len(plan.warnings)} warnings"
    )
    for name, work in (
        ("sequence (fresh)", lambda: run(blocks)),
        ("sequence (re-run on its own plan)", lambda: run(plan.blocks)),
        (f"sequence ({len(dismissals)} dismissals)",
         lambda: run(plan.blocks, dismissals=dismissals)),
        ("sequence (before sport)", lambda: run(blocks, pre_sport=True)),
    ):
        yield Figure(name, median_ms(work), goal=GOAL_MS, note=f"median of {RUNS}")


if __name__ == "__main__":
    main(figures, argparse.ArgumentParser(description=__doc__.splitlines()[0]))
