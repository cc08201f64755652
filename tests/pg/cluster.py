"""A throwaway PostgreSQL cluster on a loopback port, for the tests and the benchmarks.

    cluster = Cluster.launch()              # initdb into a temp folder, start, wait until ready
    url = cluster.url(cluster.create_database())          # a fresh empty database
    url = cluster.url(cluster.create_database(template="tpl"))  # a clone (CREATE … TEMPLATE)
    cluster.stop(); cluster.start()         # a server going away and coming back, same data
    cluster.destroy()                       # stop and delete everything (also run at exit)

Why it looks like this:
- PostgreSQL refuses to run as root; when the tests run as root (containers, CI) the server
  runs as the `postgres` system user through `runuser` (Debian's postgresql package creates
  that user), in a folder handed over to it. The test process connects over TCP on
  127.0.0.1 with `trust` authentication for the one test user, so it needs no file access.
- Durability is switched off (`fsync=off`, …): the cluster lives for one test run.
- Every cluster folder records the pid of the process that made it; a later launch stops and
  removes clusters whose owner died without cleaning up (a killed test run), and only those.

The binaries are found in EQUITONE_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else
on PATH. `find_bin_dir()` returns None when there are none (the fixtures skip, or fail under
CI=true).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

PG_BIN_ENV = "EQUITONE_PG_BIN"
TEST_USER = "equitone_test"
# The one role that must log in with a password (scram-sha-256), for tests of credentials;
# create it with `cluster.create_password_role(password)`.
PASSWORD_USER = "equitone_pw"
SYSTEM_USER = "postgres"  # runs the server when we are root
PREFIX = "equitone-pg-"
OWNER_FILE = "owner.pid"
START_TIMEOUT_S = 60

# Speed over durability: the data is thrown away after the run.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
    "log_min_error_statement": "panic",  # a refused statement is a test's intent, not noise
}


class ClusterError(RuntimeError):
    """The cluster could not be made or started; the message says why."""


def _version_key(path: Path) -> tuple[int, ...]:
    digits = path.parent.name.split(".")
    return tuple(int(d) for d in digits if d.isdigit())


def find_bin_dir() -> Path | None:
    """The folder holding initdb/pg_ctl/postgres, or None."""
    explicit = os.environ.get(PG_BIN_ENV)
    if explicit:
        return Path(explicit) if (Path(explicit) / "initdb").is_file() else None
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for candidate in found:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Cluster:
    """One running (or stopped) throwaway cluster. Thread-safe database creation."""

    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.data = root / "data"
        self.sockets = root / "sockets"
        self.log = root / "server.log"
        self.port = 0
        self._lock = threading.Lock()
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam(SYSTEM_USER)
            except KeyError:
                raise ClusterError(
                    f"running as root needs the '{SYSTEM_USER}' system user to run PostgreSQL "
                    "(install Debian's postgresql package)"
                ) from None
            self._run_as = ["runuser", "-u", SYSTEM_USER, "--"]

    # -- life cycle ----------------------------------------------------------------------
    @classmethod
    def launch(cls, bin_dir: Path | None = None) -> Cluster:
        """initdb a new cluster in a temp folder and start it; stopped at interpreter exit."""
        bin_dir = bin_dir or find_bin_dir()
        if bin_dir is None:
            raise ClusterError(
                f"no PostgreSQL binaries found (set {PG_BIN_ENV} or install 'postgresql')"
            )
        reap_stale_clusters()
        root = Path(tempfile.mkdtemp(prefix=PREFIX))
        (root / OWNER_FILE).write_text(str(os.getpid()))
        cluster = cls(bin_dir, root)
        atexit.register(cluster.destroy)
        try:
            cluster._initdb()
            cluster.start()
        except BaseException:
            cluster.destroy()
            raise
        return cluster

    def _hand_over(self, *extra: Path) -> None:
        if self._run_as:
            info = pwd.getpwnam(SYSTEM_USER)
            for path in extra or (self.root, self.sockets):
                os.chown(path, info.pw_uid, info.pw_gid)

    def _run(self, *args: str, timeout: float = START_TIMEOUT_S) -> None:
        command = [*self._run_as, str(self.bin_dir / args[0]), *args[1:]]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0:
            raise ClusterError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")

    def _initdb(self) -> None:
        self.sockets.mkdir()
        self._hand_over()
        self._run(
            "initdb", "-D", str(self.data), "-U", TEST_USER, "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )
        # Everyone is trusted on loopback, except PASSWORD_USER (first match wins).
        hba = self.data / "pg_hba.conf"
        hba.write_text(
            "local all all trust\n"
            f"host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\n"
            "host all all ::1/128 trust\n"
        )
        self._hand_over(hba)

    @property
    def running(self) -> bool:
        pid_file = self.data / "postmaster.pid"
        if not pid_file.is_file():
            return False
        with contextlib.suppress(OSError, ValueError):
            return _alive(int(pid_file.read_text().split()[0]))
        return False

    def start(self) -> None:
        """Start the server (on its previous port when restarting) and wait until it answers."""
        if self.running:
            return
        attempts = 1 if self.port else 5
        error: ClusterError | None = None
        for _ in range(attempts):
            port = self.port or _free_port()
            options = " ".join(
                [f"-p {port}", f"-k {self.sockets}"]
                + [f"-c {key}={value}" for key, value in SERVER_SETTINGS.items()]
            )
            try:
                self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log),
                          "-w", "-t", str(START_TIMEOUT_S), "-o", options)
            except ClusterError as exc:  # most likely the port was taken meanwhile
                error = exc
                continue
            self.port = port
            return
        tail = self.log.read_text(errors="replace")[-2000:] if self.log.is_file() else ""
        raise ClusterError(f"PostgreSQL did not start: {error}\n{tail}")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server, keeping its data (`start()` brings it back on the same port)."""
        if self.running:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")

    def destroy(self) -> None:
        """Stop the server and delete the cluster folder. Safe to call twice."""
        with contextlib.suppress(ClusterError, OSError, subprocess.SubprocessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- databases -----------------------------------------------------------------------
    def url(self, database: str, *, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{TEST_USER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        """Run one administrative statement (CREATE/DROP DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=TEST_USER, dbname="postgres",
            autocommit=True, connect_timeout=10,
        ) as conn:
            conn.execute(sql.encode())

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """Create a database (a copy of `template` when given); returns its name.

        The template must have no open connections (dispose its engines first)."""
        name = name or f"t_{uuid.uuid4().hex[:16]}"
        source = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else " TEMPLATE template0"
        with self._lock:  # PostgreSQL refuses two copies of one template at the same moment
            self.execute(f'CREATE DATABASE "{name}"{source}')
        return name

    def create_password_role(self, password: str) -> str:
        """(Re)create PASSWORD_USER with `password`, owning nothing; returns its name."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=TEST_USER, dbname="postgres",
            autocommit=True, connect_timeout=10,
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (PASSWORD_USER,)
            ).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(PASSWORD_USER), sql.Literal(password)))
        return PASSWORD_USER

    def grant_all(self, database: str, role: str) -> None:
        """Let `role` create and use tables in `database` (PostgreSQL 15: public schema)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=TEST_USER, dbname=database,
            autocommit=True, connect_timeout=10,
        ) as conn:
            conn.execute(f'GRANT ALL ON SCHEMA public TO "{role}"'.encode())
            conn.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}"'.encode())
            conn.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}"'.encode())

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting whoever is still on it."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reap_stale_clusters() -> list[Path]:
    """Stop and delete clusters left by test runs that died (their owner pid is gone)."""
    reaped = []
    for root in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        owner = root / OWNER_FILE
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            continue
        if _alive(pid):
            continue
        bin_dir = find_bin_dir()
        if bin_dir is not None and (root / "data" / "postmaster.pid").is_file():
            with contextlib.suppress(ClusterError, OSError, subprocess.SubprocessError):
                Cluster(bin_dir, root).stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
        reaped.append(root)
    return reaped
