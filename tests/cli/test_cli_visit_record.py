"""`equitone note add|show|phrase`, `equitone session response` and `session next-day`: the
JSON contract, and bad input (unknown ids, scores out of range, a signed visit) answered with
one line, a non-zero exit and nothing written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from .conftest import Run, as_json

DAY = (date.today() - timedelta(days=2)).isoformat()
NEXT = (date.today() - timedelta(days=1)).isoformat()


@pytest.fixture
def visit(run: Run) -> tuple[str, str]:
    pid = run("patient", "add", "--name", "Maria Keller")[1].strip()
    aid = run("assess", "--patient", pid, "--date", DAY,
              "--tag", "gluteus-medius:left:underactive:3")[1].strip()
    return pid, aid


@pytest.fixture
def session_id(run: Run, visit: tuple[str, str]) -> str:
    code, out, err = run("session", "new", "--patient", visit[0], "--date", DAY,
                         "--in-clinic", "--status", "delivered",
                         "--exercise", "clamshell:gluteus-medius:left")
    assert code == 0, err
    return out.strip()


def _one_line_error(code: int, out: str, err: str, fragment: str) -> None:
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_note_add_and_show(run: Run, visit: tuple[str, str]) -> None:
    _pid, aid = visit
    assert run("note", "phrase", "gm", "Glute med activation tolerated.")[0] == 0
    code, out, err = run("note", "add", "--assessment", aid, "--section", "objective",
                         "Clams 2x10. ;gm", "--format", "json")
    assert code == 0, err
    data = as_json(out)
    assert data == {"assessment_id": int(aid), "subjective": "",
                    "objective": "Clams 2x10. Glute med activation tolerated.",
                    "assessment": "", "plan": ""}
    run("note", "add", "--assessment", aid, "--section", "plan", "Review in a week.")
    text = run("note", "show", "--assessment", aid)[1]
    assert "Objective:\n  Clams 2x10." in text and "Plan:\n  Review in a week." in text
    assert as_json(run("note", "show", "--assessment", aid, "--format", "json")[1])["plan"] == (
        "Review in a week.")
    phrases = as_json(run("note", "phrase", "--format", "json")[1])
    assert phrases == [{"key": "gm", "text": "Glute med activation tolerated."}]


def test_note_on_a_signed_visit_or_a_bad_id_writes_nothing(
    run: Run, visit: tuple[str, str]
) -> None:
    _pid, aid = visit
    run("note", "add", "--assessment", aid, "--section", "plan", "Before signing.")
    assert run("assessment", "sign", aid, "--by", "Dr Ana")[0] == 0
    _one_line_error(*run("note", "add", "--assessment", aid, "--section", "plan", "After."),
                    fragment="signed")
    _one_line_error(*run("note", "add", "--assessment", "999", "--section", "plan", "x"),
                    fragment="no assessment with id 999")
    _one_line_error(*run("note", "show", "--assessment", "999"), "no assessment with id 999")
    assert as_json(run("note", "show", "--assessment", aid, "--format", "json")[1])["plan"] == (
        "Before signing.")


def test_session_response(run: Run, session_id: str) -> None:
    code, out, err = run("session", "response", session_id, "--block", "1", "--outcome",
                         "modified", "--pain", "3", "--rpe", "6", "--note", "knee clicked",
                         "--format", "json")
    assert code == 0, err
    data = as_json(out)
    assert data["outcome"] == "modified" and (data["pain"], data["rpe"]) == (3, 6)
    assert data["note"] == "knee clicked" and data["session_id"] == int(session_id)
    text = run("session", "response", session_id, "--block", data["block_id"], "--pain", "1")[1]
    assert text.strip() == f"Session {session_id}, block {data['block_id']}: done · pain 1"


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--block", "1", "--pain", "11"], "0 to 10"),
    (["--block", "1", "--rpe", "-2"], "0 to 10"),
    (["--block", "99"], "has no block"),
])
def test_bad_responses_write_nothing(run: Run, session_id: str, argv: list[str],
                                     fragment: str) -> None:
    _one_line_error(*run("session", "response", session_id, *argv), fragment=fragment)
    shown = as_json(run("session", "show", session_id, "--format", "json")[1])
    assert shown["responses"] == []


def test_session_next_day(run: Run, session_id: str) -> None:
    code, out, err = run("session", "next-day", session_id, "--muscle", "gluteus-medius",
                         "--side", "left", "--tight", "--sore", "6", "--barely-firing",
                         "--on", NEXT, "--format", "json")
    assert code == 0, err
    assert as_json(out) == {"session_id": int(session_id), "muscle": "gluteus-medius",
                            "side": "left", "reported_on": NEXT, "tight": True, "sore": 6,
                            "barely_firing": True, "note": ""}
    shown = as_json(run("session", "show", session_id, "--format", "json")[1])
    assert shown["next_day"][0]["sore"] == 6


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--muscle", "gluteus-medius", "--side", "left", "--sore", "12"], "0 to 10"),
    (["--muscle", "soleus", "--side", "left", "--tight"], "did not activate"),
    (["--muscle", "gluteus-medius", "--side", "left", "--on", "2001-01-01"], "on or after"),
])
def test_bad_next_day_reports_write_nothing(run: Run, session_id: str, argv: list[str],
                                            fragment: str) -> None:
    _one_line_error(*run("session", "next-day", session_id, *argv), fragment=fragment)
    assert as_json(run("session", "show", session_id, "--format", "json")[1])["next_day"] == []


def test_unknown_session_ids(run: Run) -> None:
    _one_line_error(*run("session", "response", "999", "--block", "1"), "no session with id 999")
    _one_line_error(*run("session", "next-day", "999", "--muscle", "gluteus-medius",
                         "--side", "left"), "no session with id 999")
