"""File → Connect to clinic server…: host, port, database, user and password, tested before
anything is saved.

"Test connection" logs in on a worker thread (the window stays responsive; libpq gives up
after `timeout_s`) and shows the server's version and the state of Equitone's schema there.
"Connect" is enabled only once the values on screen have passed that test; editing any
field asks for a new test.

The worker reaches no Qt object of the dialog: it is given plain values (the address, the
timeout, a test number) and hands its result to one relay object that lives on the GUI
thread for the whole run, whose signal Qt delivers there; the dialog picks its own test's
result by number. Had the worker held the dialog, the last reference to a dialog closed
meanwhile could be dropped on the worker, destroying widgets off the GUI thread. For the same
reason no garbage collection may start on the worker: Python runs one on whichever thread
happens to allocate, and garbage left by closed windows holds Qt objects. So while a test
runs, garbage is collected on the GUI thread first and automatic collection waits until the
result is back (a few seconds at most: `timeout_s`).
"""

from __future__ import annotations

import contextlib
import gc
import getpass
import itertools
import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from equitone.errors import EquitoneError
from equitone.services.clinic_server import DEFAULT_TIMEOUT_S, ServerState, test_connection
from equitone.storage.location import DEFAULT_PORT, DatabaseLocation
from equitone.ui import style

OK_STYLE = style.text(style.GOOD)
ERROR_STYLE = style.text(style.ERROR)


class _Relay(QObject):
    """Carries a test's result from the worker to the GUI thread; made on the GUI thread and
    kept for the whole run, so no worker ever drops the last reference to it."""

    tested = Signal(int, object, object)  # (test number, location, ServerState | error text)


class _Relays:
    relay: _Relay | None = None
    running = 0  # tests under way
    collecting = True  # whether automatic collection was on when the first one began
    numbers = itertools.count(1)


def _relay() -> _Relay:
    """The relay (made on first use, on the GUI thread: start_test runs there)."""
    if _Relays.relay is None:
        _Relays.relay = _Relay(QCoreApplication.instance())
        _Relays.relay.tested.connect(_test_ended)
    return _Relays.relay


def _test_began() -> None:
    """On the GUI thread: collect here, then hold automatic collection while workers run."""
    if _Relays.running == 0:
        _Relays.collecting = gc.isenabled()
        gc.collect()
        gc.disable()
    _Relays.running += 1


def _test_ended(*_result: object) -> None:
    """On the GUI thread, as each result arrives (whether or not its dialog is still there)."""
    _Relays.running -= 1
    if _Relays.running == 0 and _Relays.collecting:
        gc.enable()


def _run_test(number: int, location: DatabaseLocation, timeout_s: int) -> None:
    """On the worker thread: plain values in, the result out through the relay."""
    result: ServerState | str
    try:
        result = test_connection(location, timeout_s=timeout_s)
    except EquitoneError as exc:
        result = str(exc)
    except Exception as exc:  # a driver failure we do not know: still one sentence
        result = f"The test failed ({type(exc).__name__})."
    relay = _Relays.relay
    if relay is not None:
        with contextlib.suppress(RuntimeError):  # the application is shutting down
            relay.tested.emit(number, location, result)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return ""


class ConnectDialog(QDialog):
    """`location()` is the tested address, password included, after `exec()` accepts."""

    def __init__(
        self, parent: QWidget | None = None, *, current: DatabaseLocation | None = None,
        timeout_s: int = DEFAULT_TIMEOUT_S, password_store: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to clinic server")
        self.setMinimumWidth(520)
        self.timeout_s = timeout_s
        self._passed: DatabaseLocation | None = None  # the values that passed the test
        self._test: int | None = None  # the number of the test under way
        server = current if current is not None and current.is_server else None
        self.host = QLineEdit(server.host if server else "")
        self.host.setPlaceholderText("server name or address, e.g. clinic-db.local")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(server.port if server else DEFAULT_PORT)
        self.database = QLineEdit(server.database if server else "equitone")
        self.user = QLineEdit(server.user if server else _login_name())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("leave empty if the server needs none")
        intro = QLabel(
            "Every treatment room connects to the same PostgreSQL database, so all "
            "workstations see the same patients. Ask the clinic's administrator for these "
            "details; the connection is tested before anything is saved."
        )
        intro.setWordWrap(True)
        where = password_store or "the system keyring, or a file only you can read"
        self.store_note = QLabel(f"The password is kept in {where}; it is never shown or "
                                 "written to the log.")
        self.store_note.setWordWrap(True)
        self.store_note.setStyleSheet(style.text())
        self.status = QLabel("Not tested yet.")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton("&Test connection")
        self.test_button.clicked.connect(self.start_test)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(
            "&Connect", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Server:", self.host)
        form.addRow("P&ort:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("&Password:", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.store_note)
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        for field in (self.host, self.database, self.user, self.password):
            field.textEdited.connect(self._changed)
        self.port.valueChanged.connect(self._changed)
        _relay().tested.connect(self._show_result)

    # -- values -----------------------------------------------------------------------------
    def entered(self) -> DatabaseLocation:
        """The address on screen; raises ValidationError for a missing part."""
        return DatabaseLocation.server(
            self.host.text().strip(), self.port.value(), self.database.text().strip(),
            self.user.text().strip(), self.password.text() or None,
        )

    def answer(self) -> DatabaseLocation:
        """What the prompt bridge's ask() returns once the dialog is accepted."""
        return self.location()

    def location(self) -> DatabaseLocation:
        assert self._passed is not None, "only after a successful test"
        return self._passed

    def _changed(self, *_args: object) -> None:
        if self._passed is not None:
            self._passed = None
            self.connect_button.setEnabled(False)
            self._say("Changed: test the connection again.", "")

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    # -- testing ------------------------------------------------------------------------------
    @property
    def testing(self) -> bool:
        return self._test is not None

    def start_test(self) -> None:
        if self.testing:
            return
        try:
            location = self.entered()
        except EquitoneError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self._passed = None
        self.connect_button.setEnabled(False)
        self.test_button.setEnabled(False)
        self._say(f"Connecting to {location.display()}… (at most {self.timeout_s} s)", "")
        _relay()
        self._test = next(_Relays.numbers)
        _test_began()
        threading.Thread(target=_run_test, args=(self._test, location, self.timeout_s),
                         name="clinic-test", daemon=True).start()

    def _show_result(self, number: int, location: object, result: object) -> None:
        if number != self._test:
            return  # another dialog's test
        self._test = None
        self.test_button.setEnabled(True)
        if not isinstance(location, DatabaseLocation):
            return
        try:
            current = self.entered()
        except EquitoneError:
            current = None
        if current != location or (current and current.password != location.password):
            self._say("Changed while testing: test the connection again.", "")
            return
        if isinstance(result, ServerState):
            self._passed = location
            self.connect_button.setEnabled(True)
            self.connect_button.setDefault(True)
            self._say(result.summary, OK_STYLE)
        else:
            self._say(str(result), ERROR_STYLE)

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and self._passed is None:
            return  # Enter before a passed test does nothing
        super().done(result)
