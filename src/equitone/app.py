"""GUI start-up, in stages (each cheap enough that the window paints early):

1. the cyclic garbage collector paused: nearly everything the start-up allocates (modules,
   classes, Qt wrappers) lives as long as the process, so its passes over those objects would
   only delay the window (`__main__` pauses it before Qt is imported; after the database
   stage a timer on the GUI thread collects, ui/gui_collector.py); umask 077 (every file
   holds clinical data) and the fault handler (a crash in Qt still leaves a Python stack in
   the log);
2. QApplication; if another Equitone already serves this database (its socket exists and
   answers), it is brought to the front and this process exits;
3. the main window, shown at once — nothing of SQLAlchemy, reportlab or pyqtgraph is imported
   before it has painted (tests/ui/test_startup.py records the modules at the first paint);
4. on the first event-loop turn (`StagedStart`): glance at the patient list; then listen for
   later instances, resolve the database path, probe it read-only, back up before a
   migration, migrate, load the catalog, fill the patient list; a bad file names the problem
   and offers the newest good backup instead (ui/safety/damaged.py);
5. the day's first start copies the database in the background; on an empty database,
   offer the demo clinic.

`EQUITONE_STARTUP_PROBE=1` prints the moments of first paint and of the filled list (used by
benchmarks/bench_startup.py) and quits; `EQUITONE_STARTUP_PROBE=modules` also prints the
modules imported by the first paint.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from equitone import __version__, paths
from equitone.errors import EquitoneError
from equitone.ui import gui_collector, prompts

if TYPE_CHECKING:
    import argparse
    import logging
    from pathlib import Path

    from equitone.storage.location import DatabaseLocation
    from equitone.ui.main_window import MainWindow

PROBE_ENV = "EQUITONE_STARTUP_PROBE"


def _log() -> logging.Logger:
    import logging  # deferred: every millisecond before the first paint is measured

    return logging.getLogger(__name__)


class _FirstPaintProbe(QObject):
    """Prints when the window first paints and when the list viewport first paints rows.

    The viewport is looked at only after the first paint: handing a widget that Python has
    not seen yet to Python makes PySide6 set up the wrappers of every widget class (~15 ms),
    a cost of the probe, not of the start-up it measures."""

    def __init__(self, window: MainWindow, *, modules: bool = False) -> None:
        super().__init__(window)
        self._window = window
        self._modules = modules
        self._viewport: QObject | None = None
        window.installEventFilter(self)
        window.database_ready.connect(lambda: QTimer.singleShot(0, QApplication.quit))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        if watched is self._window and self._viewport is None:
            print(f"first-paint {time.time():.6f}", flush=True)
            print(f"first-paint-cpu {time.process_time():.6f}", flush=True)
            if self._modules:
                print("modules-at-first-paint", *sorted(sys.modules), flush=True)
            self._window.removeEventFilter(self)
            self._viewport = self._window.list_panel.table.viewport()
            self._viewport.installEventFilter(self)
        elif watched is self._viewport and self._window.list_panel.model.rowCount() > 0:
            print(f"list-filled {time.time():.6f}", flush=True)
            print(f"list-filled-cpu {time.process_time():.6f}", flush=True)
            self._viewport.removeEventFilter(self)
        return False


def create_application(
    argv: list[str] | None = None, *, fonts_now: bool = True
) -> QApplication:
    """The application object; `fonts_now=False` leaves the shipped fonts and the window icon
    to `install_fonts()` after the first paint (parsing 5 MB of font files, and importing
    importlib.resources to find them, is a visible share of start-up, and the first paint
    shows no patient names yet)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Equitone")
    app.setApplicationDisplayName("Equitone")
    app.setOrganizationName("Equitone")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.equitone.Equitone")  # Wayland app id = installed .desktop name
    from equitone.ui.clipboard import release_process_local_clipboard

    app.aboutToQuit.connect(release_process_local_clipboard)
    if fonts_now:
        install_fonts(app)
    return app


def install_fonts(app: QApplication) -> None:
    """The shipped fonts, and the project's mark as the window icon (also rendered for the
    installers by installer/make_icons.py)."""
    from PySide6.QtGui import QIcon

    from equitone.resources_access import resource_path
    from equitone.ui.fonts import install_fonts as install

    install(app)
    app.setWindowIcon(QIcon(str(resource_path("icons", "equitone.svg"))))


def app_settings() -> QSettings:
    """Per-user window state (geometry, splitters); clinic settings live in the database."""
    return QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)


def open_database_into(window: MainWindow, db_arg: str | None) -> None:
    from equitone.services.workspace import open_workspace

    try:
        db = open_workspace(db_arg)
    except EquitoneError as exc:
        from equitone.ui.safety.damaged import offer_recovery

        _log().warning("database not opened: %s", type(exc).__name__)
        path = _database_file(db_arg)
        if path is None:  # a clinic server (or a bad address): no backup to offer here
            window.show_database_error(str(exc))
            prompts.bridge.error(window, "Cannot open the database", str(exc))
            return
        if not offer_recovery(window, window.safety, path, exc):
            return
    else:
        window.attach_database(db)
    # After the list is shown: the copy runs in the background (first start of the day only).
    window.safety.start_daily_backup()
    if window.is_first_run() and not os.environ.get(PROBE_ENV):
        QTimer.singleShot(0, window.offer_demo)


def _location(db_arg: str | None) -> DatabaseLocation | None:
    """The database chosen by `--db`/EQUITONE_DB/saved server/default; None when the
    address is malformed (opening says why)."""
    from equitone.storage.choice import resolve_location

    try:
        return resolve_location(db_arg)[0]
    except EquitoneError:
        return None


def _database_file(db_arg: str | None) -> Path | None:
    """The database file, None for a clinic server (or a malformed address)."""
    location = _location(db_arg)
    return location.path if location is not None else None


def install_exception_hook(window: MainWindow) -> None:
    """An unexpected error shows a dialog and is logged; the app keeps running."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        from equitone.errors import ServerUnavailableError
        from equitone.logs import scrubbed_traceback

        if isinstance(error, ServerUnavailableError):
            # The server went away under a screen's reload: the status bar says "Offline" and
            # edits wait in the outbox; a dialog per failed read would only get in the way.
            _log().warning("database server unreachable (%s)", kind.__name__)
            window.report_connection_lost()
            window.statusBar().showMessage(
                "Offline: the database server cannot be reached; this screen shows what was "
                "loaded before.", 8000)
            return
        # Without the message: it may quote a patient's name or note (logs never hold those).
        _log().error("unhandled error:\n%s", scrubbed_traceback(error.with_traceback(tb)))
        if isinstance(error, EquitoneError):
            prompts.bridge.error(window, "Equitone", str(error))
        else:
            prompts.bridge.error(
                window,
                "Unexpected error",
                f"Something went wrong ({kind.__name__}: {error}).\n\n"
                "Your saved data is safe. The details are in the log file in "
                f"{paths.log_dir()}.",
            )

    sys.excepthook = hook


def run_gui(args: argparse.Namespace) -> int:
    return launch(args.db)


def _preload_storage() -> None:
    """Import SQLAlchemy and the models while the event loop paints the list (the import is the
    largest single cost of opening the database)."""
    import equitone.services.workspace  # noqa: F401


class StagedStart:
    """Stages 4 and 5 (see the module docstring), each on its own turn of the event loop once
    the window has painted: a glance at the patient list, then the database opened."""

    def __init__(self, app: QApplication, window: MainWindow, database: str | None) -> None:
        self.app, self.window, self.database = app, window, database
        self._preload = threading.Thread(target=_preload_storage, name="preload", daemon=True)
        self._finished = False

    def finished(self) -> bool:
        """True once the database stage has run (whether or not the database opened)."""
        return self._finished

    def begin(self) -> None:
        QTimer.singleShot(0, self._glance)

    def _glance(self) -> None:
        from equitone.storage.quick_read import glance_patients

        install_fonts(self.app)  # before any name is shown: the CJK fallback face is among them
        # After the first paint: PySide6 builds its whole Qt namespace (~35 ms) the first time
        # an application-wide Python event filter runs. No value field is shown before this.
        from equitone.ui.wheel_guard import install_wheel_guard

        install_wheel_guard()
        path = _database_file(self.database)  # a server is not glanced at: it opens directly
        patients = glance_patients(path) if path is not None else None
        if patients is not None:
            self.window.show_patients_preview(patients)
            self.app.processEvents()  # paint the list before the heavier open stage begins
        # Started only now: the import thread would compete for the GIL with painting.
        self._preload.start()
        QTimer.singleShot(0, self._open)

    def _open(self) -> None:
        from equitone.logs import setup_logging

        try:
            setup_logging()
            location = _location(self.database)
            if location is not None and not self.window.safety.serve(location):
                return  # started in the same instant as another window on this database
            self._preload.join()
            open_database_into(self.window, self.database)
            server = self.window.safety.instance_server
            if location is not None and server is not None:
                server.follow(location)  # a database created just now: known by its inode
        finally:
            self._finished = True
            # paused by __main__ for the start-up (see the module docstring); from here on
            # cyclic garbage is collected on the GUI thread only (ui/gui_collector.py)
            gui_collector.install(self.app)


def launch(database: str | None) -> int:
    from equitone.display_check import exit_unless_display

    exit_unless_display()  # before Qt, whose own message for this case misleads
    from equitone.privacy import use_private_umask
    from equitone.ui.main_window import MainWindow
    from equitone.ui.safety.single_instance import running_instance_answers

    use_private_umask()  # every file this process writes holds clinical data
    with contextlib.suppress(RuntimeError, ValueError):  # no usable stderr (pythonw, bundles)
        faulthandler.enable()
    app = create_application(fonts_now=False)
    if running_instance_answers(database):
        return 0  # that window came to the front: one window per database
    window = MainWindow(app_settings(), guard_wheel=False)
    probe = os.environ.get(PROBE_ENV)
    if probe:
        _FirstPaintProbe(window, modules=probe == "modules")
    window.show()
    # Let the window expose and paint before the (slower) database stage starts.
    app.processEvents()
    install_exception_hook(window)
    StagedStart(app, window, database).begin()
    code = int(app.exec())
    window.safety.wait_for_daily_backup()
    return code
