from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from equitone.cli.main import main
from equitone.storage.database import Database

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def db(engine_db: Database) -> Database:
    return engine_db


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], db_target: str) -> Run:
    """Run the CLI in-process against the test database (a file or a PostgreSQL URL, see
    tests/conftest.py); returns (exit code, out, err)."""

    def runner(*argv: str, db: Path | str | None = db_target) -> tuple[int, str, str]:
        args = ["--db", str(db), *argv] if db is not None else list(argv)
        try:
            code = main(args)
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def as_json(text: str) -> Any:
    return json.loads(text)
