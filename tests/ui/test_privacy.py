"""Privacy: no network connection in a whole GUI session; files are owner-only; the log file
never holds a patient's name or notes, even when things go wrong."""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from equitone.domain.patients import PatientDraft
from equitone.services.patients import create_patient, list_patients
from equitone.storage.database import Database
from equitone.ui.bodymap import RegionKey, region_centres
from equitone.ui.main_window import MainWindow
from tests.prompts import ScriptedPrompts

# -- no network ---------------------------------------------------------------------------------
_attempts: list[str] = []
_watching = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Sees every connect/sendto/DNS lookup made through Python, whatever library makes it."""
    if not _watching or event not in ("socket.connect", "socket.sendto", "socket.sendmsg",
                                      "socket.getaddrinfo", "socket.gethostbyname"):
        return
    if event.startswith("socket.send") or event.startswith("socket.connect"):
        sock = args[0]
        if getattr(sock, "family", None) == socket.AF_UNIX:
            return  # local IPC (the single-instance socket) is not the network
    _attempts.append(f"{event} {args[1:]!r}")


sys.addaudithook(_audit)  # audit hooks cannot be removed: it is idle unless `_watching`


def _inet_sockets_of_this_process() -> list[str]:
    """Internet sockets this process holds open (any language, C++ included), via /proc."""
    if not Path("/proc/self/fd").is_dir():
        return []
    inodes = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        path = Path("/proc/self/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) > 9 and fields[9] in inodes:
                found.append(f"{table} {fields[1]} -> {fields[2]}")
    return found


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    global _watching
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family != socket.AF_UNIX:
            _attempts.append(f"connect {address!r}")
            raise AssertionError(f"network connection attempted: {address!r}")
        real_connect(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        _attempts.append(f"create_connection {address!r}")
        raise AssertionError(f"network connection attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    _attempts.clear()
    before = set(_inet_sockets_of_this_process())
    _watching = True
    try:
        yield _attempts
    finally:
        _watching = False
    assert _attempts == [], _attempts
    assert set(_inet_sockets_of_this_process()) - before == set()


def test_a_full_gui_session_makes_no_network_connection(
    no_network: list[str], window: MainWindow, db: Database, bridge: ScriptedPrompts,
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:

    assert db.path is not None
    assert window.safety.serve(db.path)  # the local single-instance server is allowed
    window.resize(1400, 860)
    window.offer_demo()  # load the demo clinic (the bridge answers yes)
    assert window.list_panel.model.rowCount() > 5
    patient = list_patients(db)[0]
    window.list_panel.select_patient(patient.id)
    page = window.page
    for index in range(page.tabs.count()):  # every tab builds and paints
        page.tabs.setCurrentIndex(index)
        qtbot.waitExposed(page.tabs.currentWidget())
    tab = page.assessment
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    if tab.current is None:
        qtbot.mouseClick(tab.empty.start, Qt.MouseButton.LeftButton)
    tab.map.view.setFocus()
    before = window.undo_stack.count()
    view = tab.map.view
    key = next(iter(region_centres(view.art)))
    assert isinstance(key, RegionKey)
    point = view.mapFromScene(region_centres(view.art)[key])
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.keyClick(view, Qt.Key.Key_2)  # tag it
    assert window.undo_stack.count() > before
    pdf = tmp_path / "plan.pdf"
    bridge.answers["PlanOptionsDialog"] = [lambda dialog: dialog.answer()]  # its defaults
    bridge.files = [pdf]
    assert window.printing.act_export.isEnabled()
    window.printing.act_export.trigger()  # the patient's session plan as a PDF
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    bridge.files = [tmp_path / "copy.sqlite3"]
    assert window.safety.back_up_now() is not None
    qtbot.wait(50)
    window.safety.instance_server.close()  # type: ignore[union-attr]


# -- owner-only files ---------------------------------------------------------------------------
@pytest.fixture
def default_umask() -> Iterator[None]:
    """Start from a typical 022 so the test proves Equitone makes files private itself."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_database_backups_logs_and_exports_are_owner_only(
    default_umask: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from equitone.cli.main import main

    db = tmp_path / "private.sqlite3"
    assert main(["--db", str(db), "patient", "add", "--name", "Private Person"]) == 0
    out = tmp_path / "exported.sqlite3"
    assert main(["--db", str(db), "backup", "-o", str(out)]) == 0
    assert main(["--db", str(db), "backup"]) == 0
    assert main(["--db", str(db), "assess", "--patient", "1",
                 "--tag", "gluteus-medius:left:underactive:4"]) == 0
    png, archive = tmp_path / "map.png", tmp_path / "patient.json"
    assert main(["--db", str(db), "bodymap", "--assessment", "1", "-o", str(png)]) == 0
    assert main(["--db", str(db), "export", "--patient", "1", "-o", str(archive)]) == 0
    capsys.readouterr()
    files = [db, out, png, archive, *sorted((tmp_path / "backups").iterdir())]
    assert len(files) >= 6
    for path in files:
        assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by others"
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    for log in (tmp_path / "home").rglob("*.log"):
        assert log.stat().st_mode & 0o077 == 0
    assert os.umask(0o022) == 0o022  # the CLI restored the caller's mask


# -- logs -----------------------------------------------------------------------------------
HOSTILE = "Zyxqvor Ÿbbotson-Ünicode <script>%s%(name)s' OR 1=1; --"
SECRET = "SECRETNOTE-Kq7Wz: herniated L5/S1, HIV+"


@pytest.fixture
def fresh_log(private_home: Path) -> Iterator[Path]:
    """Route the root logger to this test's log file (earlier tests set up their own)."""
    from equitone.logs import setup_logging

    root = logging.getLogger()
    old = [h for h in root.handlers if getattr(h, "_equitone", False)]
    for handler in old:
        root.removeHandler(handler)
    setup_logging(verbose=True)  # DEBUG: the most a log can ever hold
    yield private_home / "logs" / "equitone.log"
    for handler in [h for h in root.handlers if getattr(h, "_equitone", False)]:
        root.removeHandler(handler)
        handler.close()
    for handler in old:
        root.addHandler(handler)
    root.setLevel(logging.WARNING)


def test_logs_never_contain_patient_names_or_notes(
    fresh_log: Path, db_path: Path, qtbot: QtBot, bridge: ScriptedPrompts,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from equitone.app import app_settings, install_exception_hook
    from equitone.cli.main import main
    from equitone.services import patients as patient_service
    from equitone.services.workspace import open_workspace

    def cli(*argv: str) -> int:
        return main(["--db", str(db_path), *argv])

    # CLI: add, list, show, search, a refused edit, backup, restore, check
    assert cli("patient", "add", "--name", HOSTILE, "--note", SECRET) == 0
    assert cli("patient", "list", "--search", HOSTILE[:7]) == 0
    assert cli("patient", "show", "1", "--format", "json") == 0
    assert cli("patient", "add", "--name", HOSTILE, "--email", f"{SECRET}@@") != 0
    assert cli("backup", "-o", str(db_path.parent / "copy.sqlite3")) == 0
    assert cli("restore", str(db_path.parent / "copy.sqlite3")) == 0
    assert cli("check") == 0

    # CLI internal error whose message quotes the patient (a bug): exit 70, logged scrubbed
    def buggy(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError(f"cannot handle {HOSTILE} with {SECRET}")

    real_list = patient_service.list_patients
    monkeypatch.setattr(patient_service, "list_patients", buggy)
    assert cli("patient", "list") == 70
    monkeypatch.setattr(patient_service, "list_patients", real_list)

    # GUI: open the patient, edit, then an unexpected error carrying the data
    db = open_workspace(db_path)
    try:
        window = MainWindow(app_settings())
        qtbot.addWidget(window)
        window.show()
        window.attach_database(db)
        person = list_patients(db)[0]
        window.list_panel.select_patient(person.id)
        create_patient(db, PatientDraft(name=f"{HOSTILE} II", notes=SECRET))
        monkeypatch.setattr(sys, "excepthook", sys.excepthook)
        install_exception_hook(window)
        try:
            raise ValueError(f"{HOSTILE}: {SECRET}")
        except ValueError as error:
            sys.excepthook(ValueError, error, error.__traceback__)
        window.close()
    finally:
        db.close()
    capsys.readouterr()

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = fresh_log.read_text(encoding="utf-8")
    assert "internal error" in text and "unhandled error" in text  # the failures were logged
    assert "RuntimeError" in text and "ValueError" in text
    for fragment in ("Zyxqvor", "Ÿbbotson", "SECRETNOTE", "Kq7Wz", "herniated"):
        assert fragment not in text, f"{fragment!r} leaked into the log"
