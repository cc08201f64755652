"""One window per database: a second Equitone on the same file brings the first to the front
and exits; another database is allowed; a socket left by a crash does not block start-up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from equitone.storage.database import Database
from equitone.ui.main_window import MainWindow
from equitone.ui.safety import single_instance
from equitone.ui.safety.instance_server import InstanceServer, guard_window
from equitone.ui.safety.single_instance import ask_running_instance, server_name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket paths")


@pytest.fixture(autouse=True)
def quick_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The asking side blocks while it waits for the answer; in one process the server can
    only answer afterwards, so don't wait long for it."""
    monkeypatch.setattr(single_instance, "ASK_TIMEOUT_MS", 150)


def test_names_are_per_file_short_and_private(tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    name_a = server_name(a)
    assert name_a is not None and len(name_a.encode()) < 100
    assert server_name(a) == server_name(tmp_path / "x" / ".." / "a.sqlite3")
    assert name_a != server_name(b)
    assert Path(name_a).parent.stat().st_mode & 0o777 == 0o700


def test_second_start_on_the_same_database_is_sent_to_the_first(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    server = InstanceServer(db_path)
    assert server.listen() and server.listening
    try:
        with qtbot.waitSignal(server.activation_requested, timeout=5000):
            assert ask_running_instance(db_path)
        assert not ask_running_instance(tmp_path / "other.sqlite3")  # another file: allowed
    finally:
        server.close()
    assert not ask_running_instance(db_path)  # closed: the socket is gone


def test_a_socket_left_by_a_crash_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "crashed.sqlite3"
    name = server_name(path)
    assert name is not None
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(name)  # bound, never listening, never unlinked: like a killed process
    dead.close()
    assert Path(name).exists()
    assert not ask_running_instance(path)
    server = InstanceServer(path)
    try:
        assert server.listen() and server.listening
    finally:
        server.close()


def test_guard_closes_a_second_window_on_the_same_database(
    qtbot: QtBot, window: MainWindow, db: Database
) -> None:
    from equitone.app import app_settings

    assert db.path is not None
    assert guard_window(window, db.path)
    second = MainWindow(app_settings())
    qtbot.addWidget(second)
    second.show()
    raised: list[bool] = []
    assert window.safety.instance_server is not None
    window.safety.instance_server.activation_requested.connect(lambda: raised.append(True))
    assert not guard_window(second, db.path)
    assert not second.isVisible()
    qtbot.waitUntil(lambda: bool(raised), timeout=5000)
    window.safety.instance_server.close()


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", EQUITONE_HOME=str(home))


def test_second_process_hands_over_and_exits(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    """The real entry point: `equitone --db X` while X is served exits 0 without a window of
    its own, after asking the first to come to the front."""
    server = InstanceServer(db_path)
    assert server.listen()
    raised: list[bool] = []
    server.activation_requested.connect(lambda: raised.append(True))
    proc = subprocess.Popen(
        [sys.executable, "-m", "equitone", "--db", str(db_path)],
        env=_env(tmp_path / "home"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None and bool(raised), timeout=30_000)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        server.close()
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
