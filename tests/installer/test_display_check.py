"""Start-up without a display: one line and exit code 2, never Qt's abort that blames
xcb-cursor0. The probe itself is checked against real sockets in a temporary folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from equitone import display_check
from equitone.display_check import display_problem


@pytest.fixture
def x_sockets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "X11-unix"
    folder.mkdir()
    monkeypatch.setattr(display_check, "X11_SOCKET_DIR", folder)
    return folder


@pytest.fixture
def listening(tmp_path: Path) -> Iterator[list[socket.socket]]:
    servers: list[socket.socket] = []
    yield servers
    for server in servers:
        server.close()


def _listen(path: Path, servers: list[socket.socket]) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    servers.append(server)


def test_nothing_set_names_both_variables_and_the_way_out(x_sockets: Path) -> None:
    problem = display_problem({}, "linux")
    assert problem is not None and "\n" not in problem
    assert problem.startswith("equitone: no display found (DISPLAY and WAYLAND_DISPLAY")
    assert "xvfb-run -a equitone" in problem and "xcb-cursor0" not in problem


def test_a_display_that_does_not_answer_is_named(x_sockets: Path) -> None:
    problem = display_problem({"DISPLAY": ":7"}, "linux")
    assert problem is not None
    assert "nothing answers at DISPLAY=:7" in problem


def test_a_listening_x_server_passes(x_sockets: Path, listening: list[socket.socket]) -> None:
    _listen(x_sockets / "X7", listening)
    assert display_problem({"DISPLAY": ":7.0"}, "linux") is None
    assert display_problem({"DISPLAY": "unix:7"}, "linux") is None
    assert display_problem({"DISPLAY": ":8"}, "linux") is not None


def test_wayland_socket_in_the_runtime_folder(tmp_path: Path, x_sockets: Path,
                                              listening: list[socket.socket]) -> None:
    env = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
    problem = display_problem(env, "linux")
    assert problem is not None and "WAYLAND_DISPLAY=wayland-1" in problem
    _listen(tmp_path / "wayland-1", listening)
    assert display_problem(env, "linux") is None
    # Forced onto X11, a Wayland session alone is not enough.
    assert display_problem({**env, "QT_QPA_PLATFORM": "xcb"}, "linux") is not None


def test_platforms_without_a_display_server_and_other_systems_pass(x_sockets: Path) -> None:
    for platform in ("offscreen", "minimal", "vnc:size=800x600", "eglfs"):
        assert display_problem({"QT_QPA_PLATFORM": platform}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux") is not None
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None
    assert display_problem({"DISPLAY": "clinic-pc:10.0"}, "linux") is None  # remote: trusted


def test_the_program_says_it_in_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env["EQUITONE_HOME"] = str(tmp_path / "home")
    result = subprocess.run([sys.executable, "-m", "equitone"], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("equitone: no display found")
    assert not (tmp_path / "home").exists()  # stopped before anything was written
