"""PostgreSQL fixtures (a pytest plugin, loaded by tests/conftest.py). Stable API:

- `pg_cluster` (session): the running throwaway `Cluster` (tests/pg/cluster.py) of this
  process — one per xdist worker, stopped and deleted at the end. `pg_cluster.stop()` /
  `.start()` take the server away and bring it back on the same port with the same data; a
  test that stops it must start it again (use `pg_server_down`).
- `pg_template` (session): name of a migrated database with the catalog loaded, the template
  every `pg_url` is cloned from (CREATE DATABASE … TEMPLATE: ~0.1 s).
- `pg_url` (function): `postgresql+psycopg://…` URL of a fresh migrated database with the
  catalog, dropped after the test. `open_workspace(pg_url)` opens it.
- `pg_empty_url` (function): URL of a fresh, empty database (no schema), dropped after.
- `pg_server_down` (function): a context manager factory; `with pg_server_down(): …` stops
  the server inside the block and starts it again after, even if the block fails.

Engine-parametrized tests (tests/storage, tests/services, tests/cli) use `backend_name`
("sqlite" | "postgres") and `db_target` (a file path or a URL): see tests/conftest.py.

When no PostgreSQL binaries (or no psycopg) are found, everything that needs the cluster is
skipped with the reason — except under CI=true, where it fails: CI must test both engines.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from tests.pg.cluster import Cluster, ClusterError, find_bin_dir

TEMPLATE_NAME = "equitone_template"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[postgres]')")
    if find_bin_dir() is None:
        _unavailable("no initdb/pg_ctl found (install Debian's 'postgresql' package)")
    try:
        cluster = Cluster.launch()
    except (ClusterError, OSError) as exc:
        _unavailable(str(exc))
        raise  # unreachable: _unavailable raises
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    from equitone.services.workspace import open_workspace

    pg_cluster.create_database(TEMPLATE_NAME)
    db = open_workspace(pg_cluster.url(TEMPLATE_NAME))
    db.close()  # a template must have no connections left
    return TEMPLATE_NAME


def clone(cluster: Cluster, template: str) -> Iterator[str]:
    """Yield the URL of a fresh copy of `template`; drop it afterwards."""
    name = cluster.create_database(template=template)
    try:
        yield cluster.url(name)
    finally:
        if cluster.running:
            cluster.drop_database(name)


@pytest.fixture
def pg_url(pg_cluster: Cluster, pg_template: str) -> Iterator[str]:
    yield from clone(pg_cluster, pg_template)


@pytest.fixture
def pg_empty_url(pg_cluster: Cluster) -> Iterator[str]:
    name = pg_cluster.create_database()
    try:
        yield pg_cluster.url(name)
    finally:
        if pg_cluster.running:
            pg_cluster.drop_database(name)


@pytest.fixture
def pg_server_down(pg_cluster: Cluster) -> Callable[[], AbstractContextManager[None]]:
    @contextlib.contextmanager
    def down() -> Iterator[None]:
        pg_cluster.stop()
        try:
            yield
        finally:
            pg_cluster.start()

    return down
