"""Writer process for the kill test (tests/services/test_crash_safety.py); not a test module.

Started once with the database path; for each `go SEED` line (tests/services/fork_worker.py)
a child opens the database through the services and writes patients, assessments, tag
changes and sessions until it is killed. After every write returns (= committed) the child
prints what it wrote.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from equitone.domain.assessment import ToneTag
from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionDetails
from equitone.domain.types import Side, ToneState
from equitone.services import sessions
from equitone.services.assessments import create_assessment, set_tags
from equitone.services.catalog import load_catalog
from equitone.services.patients import create_patient
from equitone.services.workspace import open_workspace
from tests.services.fork_worker import say, serve

MUSCLES = ("gluteus-medius", "tensor-fasciae-latae", "upper-trapezius", "psoas-major",
           "rectus-abdominis", "hamstrings")


def child(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    db = open_workspace(path)
    catalog = load_catalog(db)
    known = [m for m in MUSCLES if m in catalog.muscles] or sorted(catalog.muscles)[:4]
    spec = "clamshell:gluteus-medius:left" if "clamshell" in catalog.exercises else None
    blocks = [sessions.parse_exercise_spec(catalog, spec)] if spec else []
    n = 0
    while True:
        n += 1
        patient = create_patient(db, PatientDraft(name=f"Crash {seed}-{n}", notes="x" * 300))
        say(f"patient {patient.id}")
        tags = [
            ToneTag(m, Side.LEFT, rng.choice([ToneState.OVERACTIVE, ToneState.UNDERACTIVE]),
                    rng.randint(0, 10))
            for m in rng.sample(known, k=min(3, len(known)))
        ]
        assessment = create_assessment(db, patient.id, tags=tags,
                                       day=date(2026, 1, 1) + timedelta(days=n % 300))
        say(f"assessment {assessment.id} {len(assessment.tags)}")
        more = [ToneTag(known[0], Side.RIGHT, ToneState.TIGHT, rng.randint(0, 10))]
        updated = set_tags(db, assessment.id, more)
        say(f"assessment {assessment.id} {len(updated.tags)}")
        record = sessions.create_session(
            db, patient.id, blocks, SessionDetails(date(2026, 2, 1) + timedelta(days=n % 300), 3)
        )
        say(f"session {record.id} {len(record.blocks)}")


def main() -> None:
    path = Path(sys.argv[1])
    serve(lambda args: child(path, int(args[0])))


if __name__ == "__main__":
    main()
