"""`equitone trend`: CSV/JSON contract, filters, PNG, bad input."""

from __future__ import annotations

from pathlib import Path

from equitone.storage.database import Database

from .conftest import Run, as_json


def _patient_with_history(run: Run) -> str:
    pid = run("patient", "add", "--name", "O'Brien & <Sons>")[1].strip()
    run("assess", "--patient", pid, "--date", "2026-01-05",
        "--tag", "soleus:both:tight:6", "--tag", "hamstrings:left:overactive:7")
    run("assess", "--patient", pid, "--date", "2026-02-05", "--tag", "soleus:left:tight:4")
    return pid


def test_csv_header_and_order(run: Run) -> None:
    pid = _patient_with_history(run)
    code, out, err = run("trend", "--patient", pid)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0] == "date,muscle,side,state,tightness"
    assert lines[1:] == [
        "2026-01-05,hamstrings,left,overactive,7",
        "2026-01-05,soleus,left,tight,6",
        "2026-01-05,soleus,right,tight,6",
        "2026-02-05,soleus,left,tight,4",
    ]


def test_json_with_filters(run: Run) -> None:
    pid = _patient_with_history(run)
    rows = as_json(run("trend", "--patient", pid, "--muscle", "soleus", "--side", "left",
                       "--format", "json")[1])
    assert rows == [
        {"date": "2026-01-05", "muscle": "soleus", "side": "left", "state": "tight",
         "tightness": 6, "states": ["tight"]},
        {"date": "2026-02-05", "muscle": "soleus", "side": "left", "state": "tight",
         "tightness": 4, "states": ["tight"]},
    ]


def test_png(run: Run, tmp_path: Path) -> None:
    pid = _patient_with_history(run)
    target = tmp_path / "trend.png"
    code, _, err = run("trend", "--patient", pid, "--png", str(target))
    assert code == 0, err
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_bad_input(run: Run, tmp_path: Path) -> None:
    pid = _patient_with_history(run)
    for argv, fragment in (
        (["--patient", "999"], "no patient with id 999"),
        (["--patient", pid, "--muscle", "unicorn"], "Unknown muscle 'unicorn'"),
        (["--patient", pid, "--side", "up"], "invalid choice"),
        (["--patient", pid, "--png", str(tmp_path / "x.jpg")], "must end in .png"),
    ):
        code, _, err = run("trend", *argv)
        assert code != 0 and fragment in err and len(err.strip().splitlines()) == 1, err


def test_ranges_of_motion_against_their_tests(run: Run, db: Database) -> None:
    from datetime import date

    from equitone.domain.assessment import Measures, ToneTag
    from equitone.domain.types import Side, ToneState
    from equitone.services import assessments

    pid = run("patient", "add", "--name", "Tomás Ferreira")[1].strip()
    for day, slr in ((date(2026, 1, 5), 52), (date(2026, 2, 5), 64)):
        assessments.create_assessment(db, int(pid), day=day, tags=[ToneTag.of(
            "hamstrings", Side.LEFT, [ToneState.TIGHT, ToneState.UNDERACTIVE], tightness=6,
            measures=Measures(rom_degrees=slr, rom_test="straight-leg-raise"))])
    code, out, err = run("trend", "--patient", pid, "--measure", "rom")
    assert code == 0, err
    assert out.splitlines() == [
        "date,muscle,side,test,value,unit,normal",
        "2026-01-05,hamstrings,left,straight-leg-raise,52,degrees,≥ 80°",
        "2026-02-05,hamstrings,left,straight-leg-raise,64,degrees,≥ 80°",
    ]
    rows = as_json(run("trend", "--patient", pid, "--measure", "rom", "--side", "right",
                       "--format", "json")[1])
    assert rows == []
    tightness = as_json(run("trend", "--patient", pid, "--format", "json")[1])
    assert tightness[0]["state"] == "tight" and tightness[0]["states"] == [
        "tight", "underactive"]
    code, _, err = run("trend", "--patient", pid, "--measure", "rom", "--png", "x.png")
    assert code != 0 and "leave out --measure rom" in err
