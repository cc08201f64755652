"""Documents generated from demo data, checked the way a reader would: text, pages, size,
fonts, validity — and hostile names printing intact."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from equitone.domain.patients import PatientDraft
from equitone.domain.session import SessionStatus
from equitone.errors import NotFoundError, ValidationError
from equitone.services import printing
from equitone.services.patients import list_patients, update_patient
from equitone.services.sessions import list_sessions
from equitone.storage.database import Database
from tests.pictures import RecordedPictures

from .conftest import DEMO_TODAY

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdffonts", "qpdf")),
    reason="poppler-utils and qpdf are installed by installer/bootstrap.sh test",
)


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _fonts_embedded(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    return [line for line in out if line.split()[-5] != "yes"]  # the 'emb' column


def _qpdf_ok(pdf: Path) -> bool:
    return subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0


def _session_of(db: Database, name: str) -> int:
    patient = next(p for p in list_patients(db) if p.name == name)
    return next(s.id for s in list_sessions(db, patient.id)
                if s.status is SessionStatus.PLANNED)


def test_patient_plan(demo_db: Database, tmp_path: Path, pictures: RecordedPictures) -> None:
    pdf = printing.print_session(demo_db, _session_of(demo_db, "Maria Keller"),
                                 tmp_path / "plan.pdf", pictures=pictures)
    text = _text(pdf)
    for expected in ("Maria Keller", "Your exercise plan", "Clamshell", "Weekly log",
                     "Page 1 of", "Relax"):
        assert expected in text, expected
    # the engine's reasons and the muscles, in the patient's words
    assert "outer hip muscle (gluteus medius)" in " ".join(text.split())
    assert "Same as card" not in text
    # the clamshell is relaxed within every rep: said once, as an instruction of its own
    flat = " ".join(text.split())
    assert flat.count("Relax within every rep: relax your outer hip muscle fully at the end of "
                      "each lowering phase (this is its relaxation: none follows).") >= 1
    assert "Relax the muscle fully" not in flat and "• Relax your" not in flat
    # which side works and how to set up, from the exercise's picture
    assert "Each side in turn — left outer hip muscle (gluteus medius): lie on your right " \
        "side; then right: lie on your left side." in flat
    info = _info(pdf)
    assert 1 <= int(info["Pages"]) <= 3
    assert "595" in info["Page size"]  # A4 by default
    assert "Maria Keller" in info["Title"]
    assert _fonts_embedded(pdf) == [] and _qpdf_ok(pdf)


def test_clinician_copy_on_letter(
    demo_db: Database, tmp_path: Path, pictures: RecordedPictures,
) -> None:
    pdf = printing.print_session(demo_db, _session_of(demo_db, "Maria Keller"),
                                 tmp_path / "clinician.pdf", copy="clinician", paper="letter",
                                 pictures=pictures)
    text = _text(pdf)
    assert "Sequencing rules applied" in text and "warm-down" in text
    assert "Warnings and decisions" in text and "precaution" in text
    assert "release-compensators-first" not in text  # sentences, never rule identifiers
    assert "Latest assessment" in text and "Balanced" in text  # Maria's glute med recovered
    assert "612 x 792" in _info(pdf)["Page size"]
    maps = [asked for asked in pictures.asked if asked[0] == "body_map"]
    assert len(maps) == 1 and maps[0][1]  # the assessment's tags, drawn by the caller's painter
    assert _fonts_embedded(pdf) == [] and _qpdf_ok(pdf)


def test_progress_report(demo_db: Database, tmp_path: Path, pictures: RecordedPictures) -> None:
    patient = next(p for p in list_patients(demo_db) if p.name == "Zoë Ångström")
    pdf = printing.print_report(demo_db, patient.id, tmp_path / "report.pdf", pictures=pictures)
    text = _text(pdf)
    assert "Zoë Ångström" in text and "Gastrocnemius" in text
    assert int(_info(pdf)["Pages"]) >= 1
    assert _fonts_embedded(pdf) == [] and _qpdf_ok(pdf)


@pytest.mark.parametrize("name", ["王小明", "O'Brien & <Sons>", 'Quote "Q" \\ back'])
def test_hostile_names_print_intact(
    demo_db: Database, tmp_path: Path, name: str, pictures: RecordedPictures,
) -> None:
    patient = next(p for p in list_patients(demo_db) if p.name == "Maria Keller")
    update_patient(demo_db, patient.id, PatientDraft(name=name))
    pdf = printing.print_session(demo_db, _session_of(demo_db, name), tmp_path / "h.pdf",
                                 pictures=pictures)
    assert name in _text(pdf)
    assert _fonts_embedded(pdf) == [] and _qpdf_ok(pdf)


def test_print_day_batch(demo_db: Database, tmp_path: Path, pictures: RecordedPictures) -> None:
    written = printing.print_day(demo_db, DEMO_TODAY, tmp_path, pictures=pictures)
    assert len(written) == 14 and all(p.stat().st_size > 1000 for p in written)
    with pytest.raises(NotFoundError, match="No sessions are planned"):
        printing.print_day(demo_db, date(1999, 1, 1), tmp_path, pictures=pictures)


def test_bad_targets(demo_db: Database, tmp_path: Path, pictures: RecordedPictures) -> None:
    session = _session_of(demo_db, "Maria Keller")
    with pytest.raises(ValidationError, match="does not exist"):
        printing.print_session(demo_db, session, tmp_path / "missing" / "x.pdf", pictures=pictures)
    with pytest.raises(ValidationError, match=r"\.pdf"):
        printing.print_session(demo_db, session, tmp_path / "x.txt", pictures=pictures)
    with pytest.raises(NotFoundError):
        printing.print_session(demo_db, 99999, tmp_path / "x.pdf", pictures=pictures)


def test_progress_covers_gathering_and_rendering(
    demo_db: Database, tmp_path: Path, pictures: RecordedPictures,
) -> None:
    seen: list[int] = []
    printing.print_report(demo_db, _patient(demo_db, "Maria Keller"), tmp_path / "r.pdf",
                          progress=lambda done, total: seen.append(done), pictures=pictures)
    assert seen == sorted(seen) and seen[-1] == 100
    assert any(0 < p < printing.GATHER_SHARE for p in seen)  # pictures and data count too


@pytest.mark.parametrize("after", [0, 2, 6])
def test_cancel_while_gathering_writes_nothing(
    demo_db: Database, tmp_path: Path, after: int, pictures: RecordedPictures) -> None:
    from equitone.printing import PrintCancelled

    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > after

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(PrintCancelled):
        printing.print_session(demo_db, _session_of(demo_db, "Maria Keller"),
                               out / "p.pdf", copy="clinician", cancelled=cancelled,
                               pictures=pictures)
    assert list(out.iterdir()) == []


def test_report_tables_read_plainly(
    demo_db: Database, tmp_path: Path, pictures: RecordedPictures,
) -> None:
    pdf = printing.print_report(demo_db, _patient(demo_db, "Maria Keller"), tmp_path / "r.pdf",
                                pictures=pictures)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Then — " in text and "Now — " in text
    assert "looser" in text or "tighter" in text or "State changed" in text
    assert "Work: Clamshell" in text and "Relax: Lacrosse-ball release ×2" in text
    assert "Underactive" in text  # the colour key under the maps


def test_print_a_folder_or_a_text_file_is_refused(
    demo_db: Database, tmp_path: Path, pictures: RecordedPictures,
) -> None:
    session = _session_of(demo_db, "Maria Keller")
    folder = tmp_path / "taken.pdf"
    folder.mkdir()
    with pytest.raises(ValidationError, match="is a folder"):
        printing.print_session(demo_db, session, folder, pictures=pictures)


def _patient(db: Database, name: str) -> int:
    return next(p.id for p in list_patients(db) if p.name == name)


def test_report_of_a_single_assessment_says_there_is_nothing_to_compare(
    demo_db: Database, tmp_path: Path, pictures: RecordedPictures) -> None:
    from equitone.services.assessments import history

    pid = _patient(demo_db, "Maria Keller")
    last = history(demo_db, pid)[-1].day
    doc = printing.report_document(demo_db, pid, since=last, until=last, pictures=pictures)
    assert doc.changes == ()
    assert doc.no_changes_text.startswith("Only one assessment in this period")


def test_several_states_and_measures_reach_paper(
    demo_db: Database, tmp_path: Path, pictures: RecordedPictures,
) -> None:
    """Tomás's first visit: hamstrings tight and weak with a straight-leg raise."""
    from equitone.services.assessments import history

    patient = next(p for p in list_patients(demo_db) if p.name == "Tomás Ferreira")
    first = history(demo_db, patient.id)[0]
    session = min(list_sessions(demo_db, patient.id), key=lambda s: s.day)
    doc = printing.plan_document(demo_db, session.id, copy="clinician", thumbnails=False,
                                 pictures=pictures)
    assert doc.assessment is not None and doc.assessment.date == first.day
    tight = dict(doc.assessment.tagged)["Tight"]
    hamstrings = next(t for t in tight if t.startswith("Hamstrings L"))
    assert "+ underactive (lengthen and relax it first, then activate it gently" in hamstrings
    assert "Straight-leg raise (passive)" in hamstrings and "(normal ≥ 80°:" in hamstrings
    assert doc.assessment.legend[-1] == ("striped: several states", "")
    report = printing.report_document(demo_db, patient.id, since=first.day, today=DEMO_TODAY,
                                      pictures=pictures)
    row = next(r for r in report.changes if (r.muscle, r.side) == ("Hamstrings", "Left"))
    assert row.then_state == "Tight + underactive"
    pdf = printing.print_session(demo_db, session.id, tmp_path / "c.pdf", copy="clinician",
                                 pictures=pictures)
    assert "+ underactive" in _text(pdf) and _qpdf_ok(pdf)


def test_the_neurological_mark_and_a_kept_measure_print(
    demo_db: Database, tmp_path: Path, pictures: RecordedPictures,
) -> None:
    from equitone.domain.assessment import Measures, ToneTag
    from equitone.domain.session import SessionDetails
    from equitone.domain.types import Side, ToneState
    from equitone.services.assessments import create_assessment, update_details
    from equitone.services.catalog import load_catalog
    from equitone.services.patients import create_patient
    from equitone.services.sessions import create_session, parse_exercise_spec

    patient = create_patient(demo_db, PatientDraft(name="Ada Keller"))
    visit = create_assessment(demo_db, patient.id, day=DEMO_TODAY, neurological=True, tags=[
        ToneTag("gastrocnemius", Side.LEFT, ToneState.SPASM, 7,
                measures=Measures(ashworth="2"))])
    session = create_session(demo_db, patient.id, [parse_exercise_spec(
        load_catalog(demo_db), "clamshell")], SessionDetails(DEMO_TODAY))
    text = _text(printing.print_session(demo_db, session.id, tmp_path / "n.pdf",
                                        copy="clinician", pictures=pictures))
    assert "neurological presentation" in text and "Ashworth 2" in text
    update_details(demo_db, visit.id, day=visit.day, clinician="", findings="",
                   neurological=False)
    doc = printing.plan_document(demo_db, session.id, copy="clinician", thumbnails=False,
                                 pictures=pictures)
    assert doc.assessment is not None and not doc.assessment.neurological
    (label,) = dict(doc.assessment.tagged)["Spasm"]
    assert "Ashworth 2 (kept: the assessment is not marked neurological)" in label
