"""The listening side of one-window-per-database (see single_instance.py), started after the
first paint: QtNetwork and this QObject subclass cost milliseconds the first paint should
not wait for."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer, Signal

from equitone.ui.safety.single_instance import (
    ANSWER,
    REQUEST,
    ask_running_instance,
    server_name,
)

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
    from PySide6.QtWidgets import QWidget

    from equitone.storage.location import DatabaseLocation

READ_TIMEOUT_MS = 200
MAX_WAITING = 8


class InstanceServer(QObject):
    """Listens for later instances on the same database and emits `activation_requested`."""

    activation_requested = Signal()

    def __init__(self, database: Path | DatabaseLocation, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.name = server_name(database)
        self._server: QLocalServer | None = None
        # Callers whose line has not arrived yet, with the moment they are hung up on.
        self._waiting: dict[QLocalSocket, float] = {}
        self._sweeper = QTimer(self)
        self._sweeper.setInterval(READ_TIMEOUT_MS // 4)
        self._sweeper.timeout.connect(self._sweep)

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
        """Take every waiting caller without blocking the window: one whose line has arrived
        is answered at once, others get READ_TIMEOUT_MS to send it (answered when it comes),
        and beyond MAX_WAITING silent callers the newest are turned away — a flood of
        connections that never speak cannot freeze the window."""
        if self._server is None:
            return
        while (sock := self._server.nextPendingConnection()) is not None:
            if sock.canReadLine():
                sock.readyRead.connect(self._line_arrived)  # so that _hang_up may disconnect
                self._answer(sock)
            elif len(self._waiting) >= MAX_WAITING:
                sock.abort()
                sock.deleteLater()
            else:
                self._waiting[sock] = time.monotonic() + READ_TIMEOUT_MS / 1000
                sock.readyRead.connect(self._line_arrived)
                self._sweeper.start()

    def _line_arrived(self) -> None:
        # Only the sockets in _waiting are connected to this slot.
        sock = cast("QLocalSocket", self.sender())
        if sock in self._waiting and sock.canReadLine():
            del self._waiting[sock]
            self._answer(sock)

    def _answer(self, sock: QLocalSocket) -> None:
        if bytes(sock.readLine().data()) == REQUEST:
            sock.write(ANSWER)
            sock.flush()
            self.activation_requested.emit()
        self._hang_up(sock)

    def _sweep(self) -> None:
        """Hang up on callers that stayed silent past their time."""
        now = time.monotonic()
        for sock, deadline in list(self._waiting.items()):
            if deadline <= now:
                del self._waiting[sock]
                self._hang_up(sock)
        if not self._waiting:
            self._sweeper.stop()

    @staticmethod
    def _hang_up(sock: QLocalSocket) -> None:
        sock.readyRead.disconnect()
        sock.abort()
        sock.deleteLater()

    def follow(self, database: Path | DatabaseLocation) -> None:
        """Listen under `database`'s name now (its file was just created, or replaced by a
        restore: a new inode), so a later start on it still finds this window."""
        name = server_name(database)
        if name == self.name or self._server is None:
            return
        old_server, old_name, old_database = self._server, self.name, self.database
        self.database, self.name, self._server = database, name, None
        if self.listen() and self._server is not None:
            old_server.close()
            old_server.deleteLater()
            return
        self.database, self.name, self._server = old_database, old_name, old_server

    def close(self) -> None:
        self._sweeper.stop()
        for sock in list(self._waiting):
            self._hang_up(sock)
        self._waiting.clear()
        if self._server is not None:
            self._server.close()
            self._server = None


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
