"""Where the database is: an SQLite file or a PostgreSQL server, parsed from `--db`/EQUITONE_DB.

Light on purpose (no SQLAlchemy): start-up reads it before the first paint. A password is
never part of what a location shows: `display()`, `key()`, `repr()` and the log all use the
address without it (`mask_passwords` cleans any other text that might quote one).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from equitone.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy import URL

SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_PORT = 5432
EXAMPLE = "postgresql://user@host:5432/dbname"

# `scheme://user:secret@` anywhere in a text: the secret is replaced by ***.
_PASSWORD_IN_URL = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)([^@\s]+)(@)", re.IGNORECASE)
_PASSWORD_OPTION = re.compile(r"(\bpassword=)([^\s&]+)", re.IGNORECASE)


def mask_passwords(text: str) -> str:
    """`text` with every password in a URL (or a `password=` option) replaced by ***."""
    return _PASSWORD_OPTION.sub(r"\1***", _PASSWORD_IN_URL.sub(r"\1***\3", text))


# libpq's connection parameters (https://www.postgresql.org/docs/current/libpq-connect.html)
# that may appear in an address's query; those with a fixed set of values are checked here,
# offline, so a typo is one clear line instead of a failure inside the driver.
_CHOICES: dict[str, tuple[str, ...]] = {
    "sslmode": ("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
    "gssencmode": ("disable", "prefer", "require"),
    "channel_binding": ("disable", "prefer", "require"),
    "target_session_attrs": ("any", "read-write", "read-only", "primary", "standby",
                             "prefer-standby"),
    "load_balance_hosts": ("disable", "random"),
    "sslcertmode": ("disable", "allow", "require"),
}
_WHOLE_NUMBERS = frozenset({"connect_timeout", "keepalives", "keepalives_idle",
                            "keepalives_interval", "keepalives_count", "tcp_user_timeout",
                            "sslcompression"})
_FREE_TEXT = frozenset({"application_name", "fallback_application_name", "client_encoding",
                        "options", "sslcert", "sslkey", "sslrootcert", "sslcrl", "sslcrldir",
                        "sslsni", "ssl_min_protocol_version", "ssl_max_protocol_version",
                        "krbsrvname", "gsslib", "gssdelegation", "service", "passfile",
                        "require_auth", "requirepeer", "sslpassword", "hostaddr"})


def check_options(options: tuple[tuple[str, str], ...]) -> None:
    """A ValidationError for an option libpq would refuse (unknown, or a value it rejects)."""
    for key, value in options:
        name = key.lower()
        if name in _CHOICES and value not in _CHOICES[name]:
            raise ValidationError(
                f"The address's option {key}={value} is not valid: {key} is one of "
                f"{', '.join(_CHOICES[name])}."
            )
        if name in _WHOLE_NUMBERS and not value.strip().lstrip("-").isdigit():
            raise ValidationError(
                f"The address's option {key}={value} is not valid: {key} is a whole number."
            )
        if name not in _CHOICES and name not in _WHOLE_NUMBERS and name not in _FREE_TEXT:
            raise ValidationError(
                f"The address's option '{key}' is not a PostgreSQL connection option "
                f"(like sslmode or connect_timeout)."
            )


def is_server_address(text: str | os.PathLike[str]) -> bool:
    """True if `text` names a database server (a postgresql:// URL) rather than a file."""
    return isinstance(text, str) and text.split("://", 1)[0].lower() in SERVER_SCHEMES and (
        "://" in text
    )


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    """An SQLite file (`path`) or a PostgreSQL database (`host`, `port`, `database`, `user`).

    `password` is only ever filled just before connecting (storage/credentials.py); it takes
    no part in equality and never appears in `repr`."""

    kind: Literal["sqlite", "postgresql"]
    path: Path | None = None
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    password: str | None = field(default=None, repr=False, compare=False)
    options: tuple[tuple[str, str], ...] = ()

    # -- construction -------------------------------------------------------------------
    @classmethod
    def sqlite(cls, path: str | os.PathLike[str]) -> DatabaseLocation:
        return cls(kind="sqlite", path=Path(path).expanduser())

    @classmethod
    def server(
        cls, host: str, port: int | None, database: str, user: str,
        password: str | None = None, options: tuple[tuple[str, str], ...] = (),
    ) -> DatabaseLocation:
        if not host or not database or not user:
            missing = [n for n, v in (("host", host), ("database", database),
                                      ("user", user)) if not v]
            raise ValidationError(
                f"The server address needs a {' and a '.join(missing)} (like {EXAMPLE})."
            )
        port = DEFAULT_PORT if port is None else port
        if not 0 < port < 65536:
            raise ValidationError(f"The port {port} is not a valid port number (1–65535).")
        return cls(kind="postgresql", host=host, port=port, database=database, user=user,
                   password=password or None, options=options)

    @classmethod
    def parse(cls, text: str | os.PathLike[str]) -> DatabaseLocation:
        """A path, or a `postgresql://user[:password]@host[:port]/dbname[?options]` URL."""
        if not is_server_address(text):
            if isinstance(text, str) and re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
                scheme = text.split("://", 1)[0]
                raise ValidationError(
                    f"Equitone cannot use a '{scheme}' database; give a file path or a "
                    f"PostgreSQL address like {EXAMPLE}."
                )
            return cls.sqlite(text)
        assert isinstance(text, str)
        try:
            parts = urlsplit(text)
            hostname = parts.hostname
        except ValueError as exc:  # e.g. "Invalid IPv6 URL" for postgresql://[::1/db
            raise ValidationError(
                f"The address {mask_passwords(text)} is not a valid server address ({exc}); "
                f"write it like {EXAMPLE}."
            ) from None
        try:
            port = parts.port
        except ValueError:
            raise ValidationError(
                f"The address {mask_passwords(text)} has an invalid port (like {EXAMPLE})."
            ) from None
        database = unquote(parts.path.lstrip("/"))
        options = tuple(parse_qsl(parts.query, keep_blank_values=True))
        if any(key.lower() == "password" for key, _ in options):
            raise ValidationError(
                "Do not put a password in the address's options; Equitone asks for it and "
                "keeps it in the system keyring."
            )
        check_options(options)
        return cls.server(
            unquote(hostname or ""), port, database, unquote(parts.username or ""),
            unquote(parts.password) if parts.password else None, options,
        )

    def with_password(self, password: str | None) -> DatabaseLocation:
        return replace(self, password=password or None)

    # -- what it is -----------------------------------------------------------------------
    @property
    def is_server(self) -> bool:
        return self.kind == "postgresql"

    @property
    def engine_name(self) -> str:
        """For messages: "SQLite" or "PostgreSQL"."""
        return "PostgreSQL" if self.is_server else "SQLite"

    def url(self, *, with_password: bool = False) -> str:
        """The `postgresql://` address; the password only when asked (to hand to a driver)."""
        if not self.is_server:
            assert self.path is not None
            return str(self.path)
        secret = f":{quote(self.password, safe='')}" if with_password and self.password else ""
        query = f"?{urlencode(self.options)}" if self.options else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return (f"postgresql://{quote(self.user, safe='')}{secret}@{host}:{self.port}/"
                f"{quote(self.database, safe='')}{query}")

    def display(self) -> str:
        """What messages show: the file, or the server address without a password."""
        return self.url()

    def key(self) -> str:
        """The identity of the database (single instance, saved passwords): the resolved
        file, or the server address without password and options."""
        if not self.is_server:
            assert self.path is not None
            return os.path.realpath(self.path)
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}"

    def sqlalchemy_url(self) -> URL:
        """For create_engine (password included: SQLAlchemy itself masks it in reprs)."""
        from sqlalchemy import URL

        if not self.is_server:
            assert self.path is not None
            return URL.create("sqlite", database=str(self.path))
        return URL.create(
            "postgresql+psycopg", username=self.user, password=self.password,
            host=self.host, port=self.port, database=self.database, query=dict(self.options),
        )

    def __str__(self) -> str:
        return self.display()
