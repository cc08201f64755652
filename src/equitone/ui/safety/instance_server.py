"""The listening side of one-window-per-database (see single_instance.py), started after the
first paint: QtNetwork and this QObject subclass cost milliseconds the first paint should
not wait for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from equitone.ui.safety.single_instance import (
    ANSWER,
    REQUEST,
    ask_running_instance,
    server_name,
)

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer
    from PySide6.QtWidgets import QWidget

    from equitone.storage.location import DatabaseLocation
    from equitone.ui.main_window import MainWindow

READ_TIMEOUT_MS = 200


class InstanceServer(QObject):
    """Listens for later instances on the same database and emits `activation_requested`."""

    activation_requested = Signal()

    def __init__(self, database: Path | DatabaseLocation, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.name = server_name(database)
        self._server: QLocalServer | None = None

    def listen(self) -> bool:
        """Start listening; False if another instance owns the name (or no name is usable)."""
        if self.name is None:
            return True  # no private folder: allow the window rather than refuse it
        from PySide6.QtNetwork import QLocalServer

        # No socket options: with UserAccessOption Qt binds a temporary name and renames it
        # over the target, silently taking the name from a running instance. Privacy comes
        # from the 0700 folder instead.
        server = QLocalServer(self)
        if not server.listen(self.name):
            if ask_running_instance(self.database):
                server.deleteLater()
                return False
            QLocalServer.removeServer(self.name)  # stale file from a crash
            if not server.listen(self.name):
                server.deleteLater()
                return True  # cannot guard; do not stop the clinician from working
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def _accept(self) -> None:
        """Answer each caller at once. The caller writes its one line right after connecting,
        so reading synchronously costs no more than a few milliseconds, and no socket has to
        outlive this call (no per-socket slots whose lifetime could outrun the server)."""
        if self._server is None:
            return
        while (sock := self._server.nextPendingConnection()) is not None:
            arrived = sock.canReadLine() or sock.waitForReadyRead(READ_TIMEOUT_MS)
            if arrived and bytes(sock.readLine().data()) == REQUEST:
                sock.write(ANSWER)
                sock.flush()
                self.activation_requested.emit()
            sock.disconnectFromServer()
            sock.deleteLater()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def guard_window(window: MainWindow, database: Path | DatabaseLocation) -> bool:
    """Serve `database` for later instances (after the first paint). False when another
    window got there first: it was brought to the front and this one closes."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    server = InstanceServer(database, window)
    if not server.listen():
        window.close()
        QTimer.singleShot(0, QApplication.quit)
        return False
    server.activation_requested.connect(lambda: bring_to_front(window))
    window.safety.instance_server = server
    return True
