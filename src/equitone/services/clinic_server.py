"""Connecting a workstation to a clinic server: the use-cases behind File → Connect to clinic
server… and File → Use local database.

`test_connection` is what the dialog runs before anything is saved: can this workstation log
in within a few seconds, which PostgreSQL answers, and what state Equitone's schema is in.
`remember` then keeps the choice for the next start (address in the config folder, password
in the keyring or the owner-only password file — storage/credentials.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from equitone.storage import credentials, saved_server
from equitone.storage.location import DatabaseLocation
from equitone.storage.schema import HEAD_REVISION

DEFAULT_TIMEOUT_S = 5


@dataclass(frozen=True, slots=True)
class ServerState:
    """What a successful test found."""

    location: DatabaseLocation
    server_version: str
    revision: str | None

    @property
    def schema_text(self) -> str:
        if self.revision is None:
            return "empty database: Equitone will create its tables when you connect"
        if self.revision == HEAD_REVISION:
            return f"Equitone schema {self.revision} (current)"
        return (f"Equitone schema {self.revision}: it will be upgraded to {HEAD_REVISION} "
                "when you connect")

    @property
    def summary(self) -> str:
        return f"Connected to PostgreSQL {self.server_version}; {self.schema_text}."


def test_connection(
    location: DatabaseLocation, *, timeout_s: int = DEFAULT_TIMEOUT_S
) -> ServerState:
    """Log in and look (read-only); raises a DatabaseError with one clear sentence when the
    server cannot be used (unreachable within `timeout_s`, wrong password, other program's
    tables, a schema from a newer Equitone)."""
    from equitone.storage.server_check import server_state

    version, found = server_state(location, timeout_s=timeout_s)
    return ServerState(location.with_password(None), version, found.revision)


def remember(location: DatabaseLocation) -> str:
    """Make `location` this workstation's database from the next start on; its password (if
    any) goes to the keyring or the private password file. Returns where the password went
    (empty when there was none)."""
    where = ""
    if location.password:
        where = credentials.save_password(location, location.password)
    saved_server.save_server(location.with_password(None))
    return where


def forget() -> None:
    """Back to the local database from the next start on (the saved password is kept: the
    keyring or private file still holds it for a later reconnect)."""
    saved_server.forget_server()
