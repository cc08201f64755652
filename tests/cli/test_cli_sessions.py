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


@pytest.fixture
def spasm(run: Run) -> str:
    pid = run("patient", "add", "--name", "Tomás Ferreira")[1].strip()
    run("assess", "--patient", pid, "--tag", "quadratus-lumborum:left:spasm:7",
        "--tag", "gluteus-medius:left:underactive:3")
    return pid


def test_show_json_keeps_its_keys_and_adds_warnings_and_the_within_rep_mark(
    run: Run, spasm: str
) -> None:
    sid = run("session", "new", "--patient", spasm, "--exercise", "clamshell:gluteus-medius:left",
              "--exercise", "side-plank::left")[1].strip()
    data = as_json(run("session", "show", sid, "--format", "json")[1])
    assert {"id", "patient_id", "date", "status", "version", "supersedes_id",
            "frequency_per_week", "blocks", "warnings"} <= set(data)
    assert {"estimated_minutes", "proposals", "dismissals", "swaps"} <= set(data)
    blocks = data["blocks"]
    assert all(set(b) >= BLOCK_KEYS | {"cues", "id", "relaxed_within_rep"} for b in blocks)
    clam = next(b for b in blocks if b["exercise"] == "clamshell")
    assert clam["relaxed_within_rep"] is True
    assert not any(b["relaxed_within_rep"] for b in blocks if b["exercise"] != "clamshell")
    plank = next(i for i, b in enumerate(blocks) if b["exercise"] == "side-plank")
    spasm_warning = next(w for w in data["warnings"] if w["code"] == "spasm-loaded")
    assert set(spasm_warning) >= {"code", "message", "block", "block_id"}
    assert spasm_warning["block"] == plank and spasm_warning["safety"] is True
    assert spasm_warning["block_id"] == blocks[plank]["id"]


def test_status_refuses_a_safety_warning_unless_acknowledged(run: Run, spasm: str) -> None:
    sid = run("session", "new", "--patient", spasm, "--exercise", "side-plank::left")[1].strip()
    code, out, err = run("session", "status", sid, "planned")
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1
    assert "safety warning" in err and "acknowledge" in err
    assert as_json(run("session", "show", sid, "--format", "json")[1])["status"] == "draft"
    code, out, _err = run("session", "status", sid, "planned", "--acknowledge-warnings")
    assert code == 0 and out.strip() == f"{sid} planned"
    code, _out, err = run("session", "new", "--patient", spasm, "--exercise", "side-plank::left",
                          "--status", "delivered")
    assert code != 0 and "safety warning" in err
    assert run("session", "new", "--patient", spasm, "--exercise", "side-plank::left",
               "--status", "delivered", "--acknowledge-warnings")[0] == 0


def test_respond_answers_a_flags_proposal(run: Run) -> None:
    pid = run("patient", "add", "--name", "Priya")[1].strip()
    run("assess", "--patient", pid, "--date", "2026-02-01", "--tag", "soleus:left:underactive:3")
    run("session", "new", "--patient", pid, "--date", "2026-02-02", "--status", "delivered",
        "--exercise", "bent-knee-calf-raise::left")
    run("assess", "--patient", pid, "--date", "2026-02-20", "--tag", "soleus:left:tight:4")
    sid = run("session", "new", "--patient", pid, "--date", "2026-02-21",
              "--exercise", "bent-knee-calf-raise::left")[1].strip()
    (proposal,) = as_json(run("session", "show", sid, "--format", "json")[1])["proposals"]
    assert proposal["muscle"] == "soleus" and proposal["answer"] is None
    code, _out, err = run("session", "respond", sid, "--muscle", "soleus", "--side", "left",
                          "--dismiss")
    assert code != 0 and "needs a reason" in err
    assert run("session", "respond", sid, "--muscle", "soleus", "--side", "left",
               "--accept")[1].strip() == f"{sid} accepted"
    data = as_json(run("session", "show", sid, "--format", "json")[1])
    assert data["proposals"][0]["answer"] == "accepted"
    assert any(b["rule"] == "dose-below-failure" for b in data["blocks"])
