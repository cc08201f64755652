from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from equitone.cli.main import main

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], db_path: Path) -> Run:
    """Run the CLI in-process against the test database; returns (exit code, out, err)."""

    def runner(*argv: str, db: Path | None = db_path) -> tuple[int, str, str]:
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
