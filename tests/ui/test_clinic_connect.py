"""File → Connect to clinic server…: tested against the throwaway PostgreSQL cluster before
anything is saved; the window switches; the next start uses it; Use local database returns."""

from __future__ import annotations

import gc
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from equitone import paths
from equitone.domain.patients import PatientDraft
from equitone.services.patients import create_patient
from equitone.services.workspace import open_workspace
from equitone.storage import credentials
from equitone.storage.choice import resolve_location
from equitone.storage.location import DatabaseLocation
from equitone.storage.saved_server import saved_server
from equitone.ui.clinic.connect_dialog import ConnectDialog
from equitone.ui.main_window import MainWindow
from tests.pg.cluster import Cluster
from tests.prompts import ScriptedPrompts

PASSWORD = "c0rrect-h0rse"


@pytest.fixture
def server(pg_cluster: Cluster, pg_url: str) -> Iterator[DatabaseLocation]:
    """The clinic server with one patient on it, reached by a user with a password."""
    db = open_workspace(pg_url)
    create_patient(db, PatientDraft(name="Server Patient"))
    db.close()
    role = pg_cluster.create_password_role(PASSWORD)
    target = DatabaseLocation.parse(pg_url)
    pg_cluster.grant_all(target.database, role)
    yield DatabaseLocation.server("127.0.0.1", target.port, target.database, role)


def fill(dialog: ConnectDialog, location: DatabaseLocation, password: str) -> None:
    dialog.host.setText(location.host)
    dialog.port.setValue(location.port)
    dialog.database.setText(location.database)
    dialog.user.setText(location.user)
    dialog.password.setText(password)
    dialog._changed()


def test_test_first_then_switch_and_remember(
    qtbot: QtBot, window: MainWindow, server: DatabaseLocation, bridge: ScriptedPrompts,
    tmp_path: Path,
) -> None:
    dialog = ConnectDialog(window, current=window.db.location if window.db else None,
                           password_store=credentials.store_name())
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, server, PASSWORD)
    assert not dialog.connect_button.isEnabled()
    dialog.test_button.click()
    qtbot.waitUntil(dialog.connect_button.isEnabled, timeout=15_000)
    assert "Connected to PostgreSQL 15" in dialog.status.text()
    assert "(current)" in dialog.status.text()
    dialog.grab().save(str(tmp_path / "clinic-connect.png"))
    dialog.database.setText("elsewhere")  # any edit asks for a new test
    dialog._changed()
    assert not dialog.connect_button.isEnabled() and "again" in dialog.status.text()
    dialog.database.setText(server.database)
    dialog.test_button.click()
    qtbot.waitUntil(dialog.connect_button.isEnabled, timeout=15_000)

    assert window.clinic.switch_to(dialog.location(), remember=True)
    assert window.db is not None and window.db.is_server
    assert window.list_panel.model.rowCount() == 1
    status = window.statusBar().currentMessage()
    assert server.display() in status and PASSWORD not in status
    assert window.clinic.act_local.isEnabled()
    # kept for the next start: the address without password, the password owner-only
    assert saved_server() == server and resolve_location(None) == (server, False)
    saved_text = (paths.config_dir() / "clinic-server.json").read_text()
    assert PASSWORD not in saved_text and json.loads(saved_text)["user"] == server.user
    store = credentials.password_file()
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert credentials.saved_password(server) == PASSWORD
    log = paths.log_dir() / "equitone.log"
    assert not log.exists() or PASSWORD not in log.read_text(encoding="utf-8")
    assert bridge.shown == []

    assert window.clinic.use_local_database()
    assert window.db is not None and not window.db.is_server
    assert window.db.path == paths.default_database_path()
    assert saved_server() is None and resolve_location(None)[1] is True
    assert not window.clinic.act_local.isEnabled()


@pytest.mark.parametrize("problem", ["wrong-password", "unreachable", "missing-host"])
def test_a_failed_test_says_why_and_saves_nothing(
    qtbot: QtBot, window: MainWindow, server: DatabaseLocation, problem: str, tmp_path: Path,
) -> None:
    dialog = ConnectDialog(window, current=window.db.location if window.db else None,
                           password_store=credentials.store_name())
    dialog.timeout_s = 3
    qtbot.addWidget(dialog)
    if problem == "unreachable":
        fill(dialog, DatabaseLocation.server("127.0.0.1", 1, "clinic", "kim"), PASSWORD)
    else:
        fill(dialog, server, "not-it")
    if problem == "missing-host":
        dialog.host.setText("")
    dialog.test_button.click()
    expected = {"wrong-password": "refused the login", "unreachable": "Cannot reach",
                "missing-host": "needs a host"}[problem]
    qtbot.waitUntil(lambda: expected in dialog.status.text(), timeout=15_000)
    assert not dialog.connect_button.isEnabled()
    dialog.grab().save(str(tmp_path / f"clinic-connect-{problem}.png"))
    assert "not-it" not in dialog.status.text() and PASSWORD not in dialog.status.text()
    dialog.done(ConnectDialog.DialogCode.Accepted)  # Enter without a passed test: stays open
    assert dialog.result() != ConnectDialog.DialogCode.Accepted
    assert saved_server() is None and not credentials.password_file().exists()
    assert window.db is not None and not window.db.is_server


def test_the_menu_runs_the_whole_flow(
    qtbot: QtBot, window: MainWindow, server: DatabaseLocation, bridge: ScriptedPrompts,
) -> None:
    done: list[bool] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConnectDialog):
            QTimer.singleShot(10, drive)
            return
        fill(dialog, server, PASSWORD)
        dialog.start_test()

        def press_when_tested() -> None:
            if dialog.connect_button.isEnabled():
                dialog.connect_button.click()
                done.append(True)
            elif dialog.testing or "Connecting" in dialog.status.text():
                QTimer.singleShot(20, press_when_tested)
            else:
                dialog.reject()

        press_when_tested()

    QTimer.singleShot(0, drive)
    assert window.clinic.connect_to_server()
    assert done == [True] and window.db is not None and window.db.is_server
    assert saved_server() == server and bridge.shown == []


def test_an_unreachable_saved_server_at_start_still_offers_the_local_database(
    qtbot: QtBot, bridge: ScriptedPrompts, tmp_path: Path
) -> None:
    from equitone.app import app_settings, open_database_into
    from equitone.storage.saved_server import save_server

    save_server(DatabaseLocation.server("127.0.0.1", 1, "clinic", "kim"))
    win = MainWindow(app_settings())
    qtbot.addWidget(win)
    open_database_into(win, None)
    assert win.db is None
    assert [kind for kind, _t, _x in bridge.shown] == ["error"]
    assert "Cannot reach the clinic server" in bridge.shown[0][2]
    assert win.clinic.act_local.isEnabled()
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    assert win.clinic.use_local_database()
    assert win.db is not None and not win.db.is_server and saved_server() is None
    win.db.close()


def test_back_up_and_restore_on_a_server(
    qtbot: QtBot, window: MainWindow, server: DatabaseLocation, bridge: ScriptedPrompts,
) -> None:
    assert window.clinic.switch_to(server.with_password(PASSWORD), remember=False)
    suggested_to: list[Path] = []
    bridge.files = [None]
    assert window.safety.back_up_now() is None  # cancelled in the file dialog
    suggested_to.append(Path(bridge.asked[-1][1]))
    assert suggested_to[0].parent == paths.data_dir() / "server-backups"
    assert suggested_to[0].name.endswith("-manual.pgdump")
    bridge.files = [suggested_to[0]]
    written = window.safety.back_up_now()
    assert written == suggested_to[0] and written.read_bytes().startswith(b"PGDMP")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert bridge.shown[-1][:2] == ("info", "Backup saved")
    assert not window.safety.restore_from_file()
    kind, title, text = bridge.shown[-1]
    assert (kind, title) == ("error", "Restore") and "pg_restore" in text
    assert window.db is not None and window.db.is_server


def test_one_window_per_server_database_ignores_the_password() -> None:
    from equitone.ui.safety.single_instance import server_name

    plain = DatabaseLocation.parse("postgresql://kim@db:5432/clinic")
    with_secret = DatabaseLocation.parse("postgresql://kim:s3cret@db:5432/clinic")
    other = DatabaseLocation.parse("postgresql://kim@db:5432/elsewhere")
    assert server_name(plain) == server_name(with_secret) != server_name(other)
    assert "s3cret" not in (server_name(with_secret) or "")


def test_a_staged_start_on_the_saved_server_opens_it_without_a_glance(
    qtbot: QtBot, server: DatabaseLocation, bridge: ScriptedPrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The start-up paints first, then opens the saved clinic server directly: the read-only
    glance is for a local file only."""
    from equitone.app import StagedStart, app_settings
    from equitone.storage import quick_read
    from equitone.storage.saved_server import save_server

    save_server(server)
    credentials.save_password(server, PASSWORD)
    glanced: list[Path] = []
    monkeypatch.setattr(quick_read, "glance_patients", lambda path: glanced.append(path))
    win = MainWindow(app_settings())
    qtbot.addWidget(win)
    win.show()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    start = StagedStart(app, win, None)
    start.begin()
    qtbot.waitUntil(start.finished, timeout=20_000)
    try:
        assert glanced == [] and bridge.shown == []
        assert win.db is not None and win.db.is_server
        model = win.list_panel.model
        assert [model.index(row, 0).data() for row in range(model.rowCount())] == [
            "Server Patient"]
        instance = win.safety.instance_server
        assert instance is not None and instance.listening  # one window per server database
        assert win.safety.daily is None  # the server is backed up by its own tools
    finally:
        if win.sync is not None:
            win.sync.stop()
        win.close()
        if win.db is not None:
            win.db.close()


# -- the worker thread and Qt objects --------------------------------------------------------
def _qt_objects_reachable(roots: list[object], depth: int = 4) -> list[str]:
    """Qt objects reachable from `roots` through containers and instances (not through
    modules, classes or functions' globals: those are the program's, alive for the run)."""
    import types

    from PySide6.QtCore import QObject

    found, seen, layer = [], set(), list(roots)
    for _ in range(depth):
        following = []
        for obj in layer:
            if id(obj) in seen or isinstance(obj, (types.ModuleType, type, types.FunctionType,
                                                   types.BuiltinFunctionType)):
                continue
            seen.add(id(obj))
            if isinstance(obj, QObject):
                found.append(type(obj).__name__)
                continue
            following += gc.get_referents(obj)
        layer = following
    return found


def test_the_worker_reaches_no_qt_object_and_starts_no_collection(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 21: a garbage collection that started on the test's worker thread destroyed Qt
    objects off the GUI thread (a crash, seen once). The worker holds no Qt object, and no
    collection starts on it however much it allocates; the result still reaches the dialog."""
    import sys
    import threading

    from equitone.services.clinic_server import ServerState
    from equitone.ui.clinic import connect_dialog

    release, held = threading.Event(), []
    collections: list[tuple[int, str]] = []

    def collected(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collections.append((threading.get_ident(), threading.current_thread().name))

    def fake_test(location: DatabaseLocation, *, timeout_s: int) -> ServerState:
        me = threading.current_thread()
        frames, frame = [], sys._current_frames()[me.ident or 0]
        while frame is not None:
            frames.append(frame)
            frame = frame.f_back
        held.extend(_qt_objects_reachable([list(f.f_locals.values()) for f in frames]
                                          + [me.__dict__]))
        garbage = []
        for n in range(20_000):  # far past the collector's threshold
            garbage.append([n])
            garbage.append({"cycle": garbage[-1]})
        release.wait(10)
        return ServerState(location, "15.4", None)

    monkeypatch.setattr(connect_dialog, "test_connection", fake_test)
    gc.callbacks.append(collected)
    try:
        dialog = ConnectDialog(None)
        qtbot.addWidget(dialog)
        fill(dialog, DatabaseLocation.server("127.0.0.1", 5432, "clinic", "kim"), PASSWORD)
        dialog.start_test()
        assert dialog.testing and not gc.isenabled()  # collected here first, then held
        release.set()
        qtbot.waitUntil(dialog.connect_button.isEnabled, timeout=10_000)
    finally:
        gc.callbacks.remove(collected)
        release.set()
    assert held == []
    assert [name for _ident, name in collections if name == "clinic-test"] == []
    assert gc.isenabled() and not dialog.testing
    assert "15.4" in dialog.status.text()


def test_a_dialog_closed_while_testing_is_let_go_on_the_gui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closed and deleted before its test ends: the result arrives for nobody, automatic
    collection resumes, and a new dialog tests as before."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent

    from equitone.services.clinic_server import ServerState
    from equitone.ui.clinic import connect_dialog

    release = threading.Event()
    ended: list[bool] = []

    def fake_test(location: DatabaseLocation, *, timeout_s: int) -> ServerState:
        release.wait(10)
        ended.append(True)
        return ServerState(location, "15.4", None)

    monkeypatch.setattr(connect_dialog, "test_connection", fake_test)
    dialog = ConnectDialog(None)
    fill(dialog, DatabaseLocation.server("127.0.0.1", 5432, "clinic", "kim"), PASSWORD)
    dialog.start_test()
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del dialog
    gc.collect()
    release.set()
    qtbot.waitUntil(lambda: ended == [True] and gc.isenabled(), timeout=10_000)
    again = ConnectDialog(None)
    qtbot.addWidget(again)
    fill(again, DatabaseLocation.server("127.0.0.1", 5432, "clinic", "kim"), PASSWORD)
    again.start_test()
    qtbot.waitUntil(again.connect_button.isEnabled, timeout=10_000)
