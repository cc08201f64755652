"""FHIR export and re-import of one heavy patient: 5 years of weekly visits (260 assessments,
50 tags each: 25 muscles × 2 sides, a third of them with a second state and measures), a PSFS
every visit and visit notes — about 17,000 Observations.

Run:  .venv/bin/python benchmarks/bench_fhir.py [--runs 3]
Measures (median of --runs runs, each on fresh databases):
- `export --as fhir`: services.fhir_export.export_fhir (read, build, check every resource as R4,
  write), goal < 3 s;
- `import FILE`: services.import_file.import_file of that Bundle into an empty database (read,
  check, translate, check as an archive, write in one transaction), goal < 3 s;
- for comparison, `import` of the same record as a patient archive (the part of the FHIR
  import that is the archive importer's: schema, plan, write).
The goals hold the wall clock; the process's CPU time is printed beside it: on a shared
machine the CPU time is what the code costs, the wall clock what a user would wait.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from budget import Figure, main

from equitone.domain.catalog import REQUIRED_MUSCLES
from equitone.services.archive_format import FORMAT, FORMAT_VERSION
from equitone.services.fhir_export import export_fhir
from equitone.services.import_file import import_file
from equitone.services.workspace import open_workspace

WEEKS, MUSCLES = 260, 25
GOAL_MS = 3000


def heavy_archive(seed: int = 5) -> dict[str, Any]:
    rng = random.Random(seed)
    muscles = sorted(REQUIRED_MUSCLES)[:MUSCLES]
    start = date(2020, 1, 6)
    assessments = []
    for w in range(WEEKS):
        tags = []
        for m in muscles:
            for side in ("left", "right"):
                states = [{"state": "tight", "grade": rng.randint(1, 3)}]
                if rng.random() < 0.33:
                    states.append({"state": "underactive", "grade": None})
                tags.append({
                    "muscle": m, "side": side, "state": "tight", "grade": states[0]["grade"],
                    "states": states, "tightness": rng.randint(0, 10), "note": "",
                    "strength": rng.randint(0, 5) if len(states) > 1 else None,
                    "tenderness": None, "pain": rng.randint(0, 10) if w % 2 else None,
                    "rom_test": None, "rom_degrees": None, "ashworth": None})
        assessments.append({
            "ref": w + 1, "date": (start + timedelta(weeks=w)).isoformat(),
            "clinician": "Dr Ana Silva", "findings": f"Week {w + 1}.", "signed_at_utc": None,
            "signed_by": "", "version": 1, "supersedes": None, "neurological": False,
            "tags": tags, "psfs": [{"activity": a, "score": rng.randint(0, 10)}
                                   for a in ("Stairs", "Running", "Sitting")],
            "notes": {"subjective": "Feels better.", "objective": "", "assessment": "",
                      "plan": "Continue."}})
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "exported_at_utc": "2026-11-25T09:30:00Z", "exported_by": "bench",
        "equitone_version": "bench", "schema_revision": "",
        "patient": {"uuid": uuid.uuid4().hex, "name": "Heavy Patient",
                    "date_of_birth": "1970-01-01", "phone": "", "email": "", "address": "",
                    "notes": "", "archived": False, "preferred_modality": None},
        "assessments": assessments, "sessions": [], "custom_exercises": [],
    }


def timed(work: Any) -> tuple[Any, float, float]:
    """(result, wall ms, CPU ms) of `work()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def one_run(folder: Path) -> tuple[float, float, float, float, int, float, float]:
    archive = folder / "heavy.json"
    archive.write_text(json.dumps(heavy_archive()), encoding="utf-8")
    source = open_workspace(folder / "source.sqlite3")
    imported, archive_ms, archive_cpu = timed(lambda: import_file(source, archive))
    patient_id = imported.result.patient_id
    bundle = folder / "heavy.fhir.json"
    exported, export_ms, export_cpu = timed(lambda: export_fhir(source, patient_id, bundle))
    source.close()
    target = open_workspace(folder / "target.sqlite3")
    _imported, import_ms, import_cpu = timed(lambda: import_file(target, bundle))
    target.close()
    return (export_ms, export_cpu, import_ms, import_cpu, exported.resources["Observation"],
            archive_ms, archive_cpu)


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(one_run(Path(tmp)))
    print(f"patient: {WEEKS} assessments x {MUSCLES * 2} tags, {runs[0][4]} Observations")
    note = f"median of {args.runs}"
    for name, wall, cpu in (("export --as fhir", 0, 1), ("import FILE (FHIR)", 2, 3)):
        yield Figure(name, statistics.median(r[wall] for r in runs), goal=GOAL_MS, note=note)
        yield Figure(f"{name}, CPU time", statistics.median(r[cpu] for r in runs), note=note)
    yield Figure("import FILE (the same record as a patient archive)",
                 statistics.median(r[5] for r in runs), note=f"for comparison; CPU "
                 f"{statistics.median(r[6] for r in runs):.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    main(figures, parser)
