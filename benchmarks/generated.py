"""What the benchmarks that need a large database share: the `--runs`/`--keep` options and a
generated database kept between invocations (generating one takes longer than measuring)."""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path


def options(description: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated database in")
    return parser


@contextlib.contextmanager
def generated_database(
    name: str, make: Callable[[Path], None], what: str, keep: Path | None
) -> Iterator[tuple[Path, Path]]:
    """(the database, a scratch folder): `make(path)` runs only when `keep` does not hold the
    database yet; EQUITONE_HOME points into the scratch folder meanwhile."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["EQUITONE_HOME"] = str(Path(tmp) / "home")
        database = folder / name
        if not database.exists():
            started = time.perf_counter()
            make(database)
            print(f"generate {what}: {time.perf_counter() - started:.1f} s")
        print(f"database size: {database.stat().st_size / 1_048_576:.0f} MB")
        yield database, Path(tmp)


@contextlib.contextmanager
def postgres_database() -> Iterator[str | None]:
    """The URL of a new database on a throwaway PostgreSQL cluster (the test suite's), or None
    (and a line saying why) when this machine cannot start one."""
    try:
        from tests.pg.cluster import Cluster, find_bin_dir
    except ImportError:
        print("PostgreSQL: skipped (test cluster helpers not importable)")
        yield None
        return
    if find_bin_dir() is None:
        print("PostgreSQL: skipped (no PostgreSQL binaries)")
        yield None
        return
    cluster = Cluster.launch()
    try:
        yield cluster.url(cluster.create_database())
    finally:
        cluster.destroy()
