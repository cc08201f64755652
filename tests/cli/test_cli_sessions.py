"""`equitone session new|show|list|status`: the JSON contract and bad input."""

from __future__ import annotations

import pytest

from .conftest import Run, as_json

BLOCK_KEYS = {"position", "exercise", "kind", "muscles", "side", "sets", "reps",
              "hold_seconds", "auto", "rule", "reason"}


@pytest.fixture
def patient(run: Run) -> str:
    pid = run("patient", "add", "--name", "王小明")[1].strip()
    run("assess", "--patient", pid, "--tag", "gluteus-medius:left:underactive:3",
        "--tag", "quadratus-lumborum:left:overactive:6")
    return pid


def test_session_new_and_show_json(run: Run, patient: str) -> None:
    code, out, err = run("session", "new", "--patient", patient, "--date", "2026-05-04",
                         "--exercise", "clamshell:gluteus-medius:left",
                         "--exercise", "lateral-band-walk")
    assert code == 0, err
    data = as_json(run("session", "show", out.strip(), "--format", "json")[1])
    assert {"id", "patient_id", "date", "status", "blocks"} <= set(data)
    assert data["date"] == "2026-05-04" and data["status"] == "draft"
    blocks = data["blocks"]
    assert all(set(b) >= BLOCK_KEYS for b in blocks)
    assert [b["position"] for b in blocks] == list(range(len(blocks)))
    placed = [b["exercise"] for b in blocks if not b["auto"]]
    assert placed == ["clamshell", "lateral-band-walk"]
    auto = [b for b in blocks if b["auto"]]
    assert all(b["rule"] and b["reason"] for b in auto)
    assert blocks[-1]["rule"] == "warm-down"
    lbw = next(i for i, b in enumerate(blocks) if b["exercise"] == "lateral-band-walk")
    assert blocks[lbw + 1]["rule"] == "sustained-relax"
    assert blocks[lbw + 1]["muscles"] == ["gluteus-medius"]
    release = next(i for i, b in enumerate(blocks) if b["rule"] == "release-compensators-first")
    assert release < next(i for i, b in enumerate(blocks) if b["exercise"] == "clamshell")


def test_session_list_and_status(run: Run, patient: str) -> None:
    sid = run("session", "new", "--patient", patient, "--exercise", "hip-hike")[1].strip()
    assert run("session", "status", sid, "delivered")[1].strip() == f"{sid} delivered"
    listing = run("session", "list", "--patient", patient)[1]
    assert listing.startswith(f"{sid}\t") and "delivered" in listing


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--exercise", "levitation"], "Unknown exercise 'levitation'"),
        (["--exercise", "hip-hike", "--exercise", "foam-roll"], "applied to one muscle"),
        (["--exercise", "clamshell:gluteus-medius:sideways"], "Unknown side"),
    ],
)
def test_bad_exercises_refused_nothing_written(
    run: Run, patient: str, argv: list[str], fragment: str
) -> None:
    code, _, err = run("session", "new", "--patient", patient, *argv)
    assert code != 0 and fragment in err and len(err.strip().splitlines()) == 1
    assert run("session", "list", "--patient", patient)[1].strip() == ""


def test_unknown_ids(run: Run) -> None:
    assert "no patient with id 404" in run("session", "new", "--patient", "404",
                                           "--exercise", "hip-hike")[2]
    assert "no session with id 404" in run("session", "show", "404")[2]
