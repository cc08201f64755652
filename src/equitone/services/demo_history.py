"""Believable histories for the demo clinic: assessments every few weeks whose tags follow a
clinical story, and delivered sessions built from the matching template.

Stories: a glute med that starts underactive and tender with overactive TFL/QL/adductors and
normalises over months; a runner whose activated calf tightens after each block of sessions, the
last time just before today's visit (so the trend chart's flag has something to show, and today's
planned session proposes more relaxation for it); a desk worker's upper-crossed pattern; a
lower-crossed pattern; a rotator-cuff shoulder; a footballer's return to sport with hamstrings
tight *and* weak (strong enough for jumps: MRC 4-5). Tight muscles are measured with their named
length test, getting nearer normal as they improve.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from equitone.domain.assessment import Measures, PsfsItem, StateGrade, ToneTag
from equitone.domain.length_tests import length_tests_for
from equitone.domain.patients import Patient
from equitone.domain.session import SessionDetails, SessionStatus
from equitone.domain.types import Side, ToneState
from equitone.services.assessments import create_assessment
from equitone.services.sessions import create_session
from equitone.services.templates import find_template, template_blocks
from equitone.storage.database import Database

U, OVER, T, S, B, TEN = (ToneState.UNDERACTIVE, ToneState.OVERACTIVE, ToneState.TIGHT,
                         ToneState.SPASM, ToneState.BALANCED, ToneState.TENDER)


@dataclass(frozen=True, slots=True)
class Course:
    """How one muscle side evolves: state and tightness at the start and at the end; `also`
    are states it carries beside `state` until it heals."""

    muscle: str
    state: ToneState
    start: int
    end: int
    healed: ToneState = B
    side: Side = Side.LEFT
    also: tuple[ToneState, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    template: str
    courses: tuple[Course, ...]
    activities: tuple[str, ...]
    rising_after_sessions: tuple[str, ...] = ()  # muscles that tighten after each block
    strength: tuple[int, ...] = (3, 4)  # MRC grades drawn for underactive muscles


STORIES: dict[str, Story] = {
    "glute-med": Story(
        "glute-med-beginner",
        (Course("gluteus-medius", U, 4, 2, also=(TEN,)),
         Course("tensor-fasciae-latae", OVER, 7, 3),
         Course("quadratus-lumborum", OVER, 6, 2), Course("hip-adductors", OVER, 6, 3),
         Course("tensor-fasciae-latae", T, 4, 2, side=Side.RIGHT)),
        ("Stairs", "Running downhill", "Single-leg stance"),
    ),
    "runner-calf": Story(
        "runner-calf",
        (Course("gastrocnemius", U, 3, 5, U), Course("soleus", T, 5, 6, T),
         Course("tibialis-posterior", U, 3, 2), Course("gastrocnemius", T, 4, 3,
                                                        side=Side.RIGHT)),
        ("Running 10 km", "Hill repeats", "Stairs"),
        rising_after_sessions=("soleus",),
    ),
    "desk-neck": Story(
        "desk-neck-upper-back",
        (Course("upper-trapezius", OVER, 8, 3), Course("levator-scapulae", OVER, 7, 3),
         Course("deep-neck-flexors", U, 3, 2), Course("lower-trapezius", U, 3, 2),
         Course("pectoralis-minor", T, 6, 3), Course("upper-trapezius", OVER, 7, 3,
                                                     side=Side.RIGHT)),
        ("Screen work 2 h", "Reversing the car", "Sleeping through"),
    ),
    "lower-crossed": Story(
        "lower-crossed-basics",
        (Course("iliopsoas", T, 7, 3), Course("rectus-femoris", T, 6, 3),
         Course("erector-spinae", OVER, 7, 3), Course("gluteus-maximus", U, 4, 2),
         Course("iliopsoas", T, 6, 3, side=Side.RIGHT), Course("piriformis", S, 8, 3, T)),
        ("Sitting 1 h", "Lifting a box", "Morning stiffness"),
    ),
    "shoulder": Story(
        "shoulder-rotator-cuff",
        (Course("supraspinatus", U, 3, 2, side=Side.RIGHT),
         Course("infraspinatus", U, 4, 2, side=Side.RIGHT),
         Course("pectoralis-minor", T, 6, 3, side=Side.RIGHT),
         Course("upper-trapezius", OVER, 6, 3, side=Side.RIGHT)),
        ("Reaching overhead", "Front crawl", "Carrying shopping"),
    ),
    "sport-legs": Story(
        "return-to-sport-explosive-legs",
        (Course("hamstrings", T, 7, 3, also=(U,)), Course("gluteus-maximus", U, 4, 2),
         Course("hamstrings", T, 5, 3, side=Side.RIGHT), Course("rectus-femoris", T, 5, 3)),
        ("Sprinting", "Kicking", "Cutting"),
        strength=(4, 5),  # plyometrics are premature below MRC 4
    ),
}

CLINICIANS = ("Dr Ana Silva", "Tom Berg")


def _measures(course: Course, states: tuple[ToneState, ...], progress: float,
              rng: random.Random, strength: tuple[int, ...]) -> Measures:
    mrc = rng.choice(strength) if U in states else None
    tender = rng.choice((1, 2)) if states[0] in (OVER, S) or TEN in states else None
    pain = rng.randint(2, 6) if states[0] in (OVER, S) else None
    rom = rom_test = None
    tests = length_tests_for(course.muscle)
    fitting = [t for t in tests if set(states) & t.states]
    if fitting and (T in states or course.muscle == "deep-neck-flexors"):
        test = fitting[0]
        # from well short of normal towards it as the muscle improves
        gap = round((1 - progress) * 0.2 * (test.maximum - test.minimum) + rng.uniform(0, 3))
        worse = -1 if test.normal_is == "at-least" else 1
        rom = max(test.minimum, min(test.maximum, test.normal + worse * gap))
        rom_test = test.id
    return Measures(strength=mrc, tenderness=tender, pain=pain, rom_degrees=rom,
                    rom_test=rom_test)


def build_history(
    db: Database, patient: Patient, story_key: str, rng: random.Random, today: date
) -> None:
    story = STORIES[story_key]
    start = today - timedelta(days=rng.randint(100, 360))
    visits = max(3, min(12, (today - start).days // rng.randint(21, 35)))
    step = (today - start).days // visits
    template = find_template(db, story.template)
    days = [start + timedelta(days=n * step) for n in range(visits)]
    for n, day in enumerate(days):
        progress = n / max(1, visits - 1)
        tags = []
        for course in story.courses:
            tightness = round(course.start + (course.end - course.start) * progress
                              + rng.uniform(-0.6, 0.6))
            if course.muscle in story.rising_after_sessions and n and (visits - 1 - n) % 3 == 0:
                tightness += 3  # the activated calf tightens after a block of sessions
            healing = progress >= 0.8 and course.healed is not course.state
            state = course.healed if healing else course.state
            grade = None if state is B else 2 if progress < 0.5 else 1
            others = () if healing or progress >= 0.6 else tuple(
                StateGrade(s, 1) for s in course.also)
            tag = ToneTag(course.muscle, course.side, state, max(0, min(10, tightness)),
                          grade=grade, note="" if n else "baseline", others=others)
            tags.append(replace(tag, measures=_measures(course, tag.states, progress, rng,
                                                        story.strength)))
        scores = [min(10, round(3 + 6 * progress + rng.uniform(-1, 1))) for _ in story.activities]
        create_assessment(
            db, patient.id, day=day, clinician=CLINICIANS[n % 2],
            findings="Initial assessment." if n == 0 else "Progressing as planned.",
            tags=tags, psfs=[PsfsItem(a, s) for a, s in zip(story.activities, scores,
                                                              strict=True)],
        )
        last = n == visits - 1
        create_session(
            db, patient.id, template_blocks(db, template),
            SessionDetails(today if last else day, template.frequency_per_week),
            status=SessionStatus.PLANNED if last else SessionStatus.DELIVERED,
            template=template.slug,
        )
