"""`equitone --self-test` from source: the whole run passes, a failure names its step with a
one-line reason and exits non-zero, and the flag reaches it from the command line."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone import selftest
from equitone.cli.main import main as cli_main


def _run() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = selftest.run_self_test(out, err)
    return code, out.getvalue(), err.getvalue()


def test_self_test_passes_from_source(qtbot: QtBot) -> None:
    home = os.environ["EQUITONE_HOME"]
    code, out, err = _run()
    assert code == 0, err
    lines = out.splitlines()
    for name, _step in selftest.STEPS:
        assert any(line.startswith(f"self-test: {name} ok (") for line in lines), out
    assert lines[-1].startswith(f"self-test: passed, {len(selftest.STEPS)} steps in ")
    assert "FAILED" not in err and "Traceback" not in err
    assert os.environ["EQUITONE_HOME"] == home  # the private folder was only borrowed
    assert not Path(home).exists() or not any(Path(home).iterdir())  # nothing written there


def test_missing_resource_names_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "REQUIRED_RESOURCES",
                        (*selftest.REQUIRED_RESOURCES, ("fonts", "Absent.ttf")))
    code, out, err = _run()
    assert code == 1
    assert err == "self-test: FAILED at resources: missing fonts/Absent.ttf\n"
    assert "passed" not in out


def test_a_crash_is_one_line_and_stops_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def boom(_ctx: object) -> None:
        raise RuntimeError("disk on fire\nsecond line of detail")

    monkeypatch.setattr(selftest, "STEPS", (
        ("first", lambda _ctx: ran.append("first")),
        ("exploding", boom),
        ("never", lambda _ctx: ran.append("never")),
    ))
    code, out, err = _run()
    assert code == 1
    assert ran == ["first"]
    assert out.startswith("self-test: first ok (")
    assert err == "self-test: FAILED at exploding: RuntimeError: disk on fire\n"


def test_flag_runs_the_self_test_and_exits_with_its_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selftest, "run_self_test", lambda: 3)
    monkeypatch.setattr(selftest, "_install_quiet_qt", lambda _err: None)  # keep pytest-qt's
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["--self-test"])
    assert exit_info.value.code == 3
