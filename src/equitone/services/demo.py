"""A realistic demo clinic, so a first run shows something useful.

Deterministic (seeded) so screenshots and tests are stable. Each person has a `story` that
the history builders use to give them believable assessments and sessions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from equitone.domain.patients import Patient, PatientDraft
from equitone.errors import OperationCancelled, ValidationError
from equitone.services.patients import create_patient
from equitone.storage.database import Database
from equitone.storage.models import PatientRow


@dataclass(frozen=True, slots=True)
class DemoPerson:
    name: str
    born: date
    story: str  # which history builder shapes their assessments and sessions
    notes: str


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("Maria Keller", date(1984, 3, 12), "glute-med",
               "Right-sided lateral hip pain when running downhill; desk job."),
    DemoPerson("James O'Brien & Sons", date(1971, 7, 2), "lower-crossed",
               "Carpenter. Low back stiffness in the mornings. Name as on the invoice account."),
    DemoPerson("Zoë Ångström", date(1992, 11, 23), "runner-calf",
               "Half-marathon in spring; recurring calf tightness after intervals."),
    DemoPerson("王小明", date(1988, 5, 30), "desk-neck",
               "Software engineer, 9 h/day at the screen; tension headaches."),
    DemoPerson("Aisha Rahman", date(1979, 1, 8), "shoulder",
               "Painful arc right shoulder, swimmer (front crawl)."),
    DemoPerson("Tomás Ferreira", date(2001, 9, 14), "sport-legs",
               "Semi-pro footballer returning after a hamstring strain."),
    DemoPerson("Grace <Gigi> Turner", date(1966, 4, 19), "glute-med",
               "Knee caves in on stairs; early hip OA on the left."),
    DemoPerson("Lukas Novák", date(1995, 2, 27), "lower-crossed",
               "Powerlifter; anterior pelvic tilt, tight hip flexors."),
    DemoPerson("Fatima Zahra El Idrissi", date(1990, 8, 3), "desk-neck",
               "Accountant; neck pain in tax season."),
    DemoPerson("Henrik Sørensen", date(1958, 12, 11), "shoulder",
               "Retired; wants to play tennis again."),
    DemoPerson("Priya Natarajan", date(1999, 6, 21), "runner-calf",
               "Trail runner; Achilles niggles on long descents."),
    DemoPerson("Owen \"Oz\" Price", date(1983, 10, 5), "sport-legs",
               "Rugby veteran; pre-season screening."),
    DemoPerson("Élodie Marchand", date(1975, 3, 29), "glute-med",
               "Postnatal; pelvic girdle pain on long walks."),
    DemoPerson("Dmitri Volkov", date(1969, 1, 17), "lower-crossed",
               "Long-haul driver; sciatica-like pain, piriformis suspected."),
)

class DemoCancelledError(OperationCancelled):
    """The demo clinic was stopped part-way: its one transaction was rolled back."""


def load_demo(
    db: Database, *, today: date | None = None, seed: int = 7, force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Patient]:
    """Add the demo clinic's patients with their assessments and sessions, in one
    transaction: a failure or a kill half-way leaves the database as it was.

    `progress(done, total)` is called after each patient (from the thread doing the work);
    raising `OperationCancelled` from it stops the load with nothing written.

    Refused (ValidationError) on a database that already has patients unless `force`: the
    demo is for trying Equitone out, not to be mixed into a clinic's records by accident."""
    from equitone.services.demo_history import build_history

    today = today or date.today()
    rng = random.Random(seed)
    created = []
    with db.all_or_nothing() as session:
        count = session.scalar(select(func.count()).select_from(PatientRow)) or 0
        if count and not force:
            raise ValidationError(
                f"This database already has {count} patient(s); the demo clinic is meant for "
                "an empty one. Nothing was added (use --force to add it anyway)."
            )
        for index, person in enumerate(DEMO_PEOPLE):
            patient = create_patient(
                db,
                PatientDraft(
                    name=person.name,
                    date_of_birth=person.born,
                    phone=f"+44 20 7946 {index:04d}",
                    email=f"patient{index + 1}@example.org",
                    address=f"{10 + index} Harbour Street",
                    notes=person.notes,
                ),
            )
            build_history(db, patient, person.story, rng, today)
            created.append(patient)
            if progress is not None:
                progress(index + 1, len(DEMO_PEOPLE))
    return created
