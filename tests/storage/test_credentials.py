"""Server addresses and passwords: parsed strictly, never shown, never in plain text."""

from __future__ import annotations

import logging
import stat
from pathlib import Path
from typing import Any

import pytest

from equitone import paths
from equitone.errors import DatabaseError, ValidationError
from equitone.storage import credentials
from equitone.storage.choice import resolve_location
from equitone.storage.location import DatabaseLocation, is_server_address, mask_passwords
from equitone.storage.saved_server import forget_server, save_server, saved_server

SERVER = DatabaseLocation.server("db.clinic.example", 5433, "equitone", "kim")


class MemoryKeyring:
    """A keyring backend that keeps passwords in a dict (the real one is never touched)."""

    priority = 10

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.store.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.store[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        self.store.pop((service, user), None)


@pytest.fixture
def keyring_in_memory(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    ring = MemoryKeyring()

    class Module:
        @staticmethod
        def get_password(service: str, user: str) -> str | None:
            return ring.get_password(service, user)

        @staticmethod
        def set_password(service: str, user: str, password: str) -> None:
            ring.set_password(service, user, password)

        @staticmethod
        def delete_password(service: str, user: str) -> None:
            ring.delete_password(service, user)

    monkeypatch.setattr(credentials, "_keyring", lambda: Module)
    return ring


@pytest.mark.parametrize(("text", "expected"), [
    ("postgresql://kim@db/equitone", ("db", 5432, "equitone", "kim", None)),
    ("postgres://kim:p%40ss@db:6543/clinic", ("db", 6543, "clinic", "kim", "p@ss")),
    ("postgresql+psycopg://kim@[::1]:5432/x?sslmode=require", ("::1", 5432, "x", "kim", None)),
], ids=["plain", "password-and-port", "ipv6-options"])
def test_addresses_are_parsed(text: str, expected: tuple[Any, ...]) -> None:
    location = DatabaseLocation.parse(text)
    assert location.is_server and is_server_address(text)
    assert (location.host, location.port, location.database, location.user,
            location.password) == expected


def test_a_password_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    location = DatabaseLocation.parse("postgresql://kim:hunter2@db:5432/equitone")
    for shown in (location.display(), location.key(), repr(location), str(location),
                  repr(location.sqlalchemy_url())):
        assert "hunter2" not in shown
    assert location.url(with_password=True) == "postgresql://kim:hunter2@db:5432/equitone"
    assert mask_passwords("failed: postgresql://kim:hunter2@db/x and password=hunter2 end") == (
        "failed: postgresql://kim:***@db/x and password=*** end"
    )
    from equitone.logs import setup_logging

    root = logging.getLogger()
    earlier = [h for h in root.handlers if getattr(h, "_equitone", False)]
    for handler in earlier:  # route the log to this test's folder (as tests/ui/test_privacy)
        root.removeHandler(handler)
    setup_logging()
    try:
        logging.getLogger("equitone.test").warning("connecting to %s", location.url(
            with_password=True))
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_equitone", False)]:
            root.removeHandler(handler)
            handler.close()
        for handler in earlier:
            root.addHandler(handler)
    log_text = (paths.log_dir() / "equitone.log").read_text(encoding="utf-8")
    assert "connecting to postgresql://kim:***@db:5432/equitone" in log_text
    assert "hunter2" not in log_text


@pytest.mark.parametrize(("text", "message"), [
    ("mysql://kim@db/x", "cannot use a 'mysql' database"),
    ("postgresql://db/equitone", "needs a user"),
    ("postgresql://kim@db/", "needs a database"),
    ("postgresql://kim@db:99999/x", "invalid port"),
    ("postgresql://kim@db/x?password=secret", "Do not put a password"),
], ids=["other-engine", "no-user", "no-database", "bad-port", "password-option"])
def test_bad_addresses_are_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        DatabaseLocation.parse(text)
    assert "secret" not in str(caught.value) and "\n" not in str(caught.value)


def test_without_a_keyring_the_password_file_is_owner_only() -> None:
    where = credentials.save_password(SERVER, "s3cret")
    path = credentials.password_file()
    assert str(path) in where and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert credentials.saved_password(SERVER) == "s3cret"
    assert credentials.with_saved_password(SERVER).password == "s3cret"
    other = DatabaseLocation.server("db.clinic.example", 5433, "equitone", "ana")
    assert credentials.saved_password(other) is None
    credentials.forget_password(SERVER)
    assert credentials.saved_password(SERVER) is None


def test_a_password_file_others_can_read_is_refused() -> None:
    credentials.save_password(SERVER, "s3cret")
    credentials.password_file().chmod(0o644)
    with pytest.raises(DatabaseError, match="can be read by other users") as caught:
        credentials.saved_password(SERVER)
    assert "s3cret" not in str(caught.value) and "chmod 600" in str(caught.value)


def test_the_keyring_is_preferred_when_there_is_one(keyring_in_memory: MemoryKeyring) -> None:
    assert credentials.save_password(SERVER, "s3cret") == "the system keyring"
    assert keyring_in_memory.store == {(credentials.SERVICE, SERVER.key()): "s3cret"}
    assert not credentials.password_file().exists()  # nothing in plain text anywhere
    assert credentials.saved_password(SERVER) == "s3cret"
    credentials.forget_password(SERVER)
    assert keyring_in_memory.store == {}


def test_the_saved_server_is_used_unless_db_or_env_say_otherwise(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert resolve_location(None) == (
        DatabaseLocation.sqlite(paths.default_database_path()), True)
    save_server(SERVER.with_password("never-written"))
    assert "never-written" not in Path(paths.config_dir() / "clinic-server.json").read_text()
    assert saved_server() == SERVER
    assert resolve_location(None) == (SERVER, False)
    monkeypatch.setenv("EQUITONE_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_location(None)[0].path == tmp_path / "env.sqlite3"
    assert resolve_location("postgresql://ana@other/x")[0].host == "other"
    monkeypatch.delenv("EQUITONE_DB")
    forget_server()
    assert resolve_location(None)[1] is True
