"""Fuzzing the importer with random mutations of a valid archive.

Whatever the file holds, `import_archive` either imports it completely or raises an
EquitoneError with a one-line message — never another exception — and a refused file changes
no row of any table. The default run is kept short; the long one is behind the slow marker:

    .venv/bin/python -m pytest -m slow tests/services/test_archive_fuzz.py
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from equitone.errors import EquitoneError
from equitone.services.archive import import_archive, patient_archive
from equitone.services.workspace import open_workspace
from equitone.storage.database import Database
from equitone.storage.models import Base

from .archive_data import build_patient

JsonPath = tuple[Any, ...]


@pytest.fixture(scope="module")
def base_document(template_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("fuzz-base") / "base.sqlite3"
    shutil.copyfile(template_database, path)
    db = open_workspace(path)
    try:
        return patient_archive(db, build_patient(db))
    finally:
        db.close()


@pytest.fixture
def target(tmp_path: Path, template_database: Path) -> Iterator[Database]:
    path = tmp_path / "target.sqlite3"
    shutil.copyfile(template_database, path)
    db = open_workspace(path)
    yield db
    db.close()


def _paths(node: Any, prefix: JsonPath = ()) -> Iterator[JsonPath]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _get(doc: Any, path: JsonPath) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _exists(doc: Any, path: JsonPath) -> bool:
    try:
        _get(doc, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)
odd_numbers = st.sampled_from([-1, 0, 1, 11, 2**31, 2**53 + 1, 2**63, 2**64 + 1, -(2**63) - 1,
                               10**30, 3.0, -0.5, 1e308])
odd_dates = st.sampled_from(["2026-02-30", "2026-13-01", "0000-01-01", "9999-99-99",
                             "2026-1-5", "", "yesterday", "2026-01-05T10:00:00", "٢٠٢٦-٠١-٠٥"])
odd_slugs = st.sampled_from(["moon-walk", "gluteus-maximal", "", "GLUTEUS-MEDIUS", "a" * 90,
                             "towel-hip-press ", "clamshell\n"]) | st.text(max_size=12)


@st.composite
def mutated_document(draw: st.DrawFn, base: dict[str, Any]) -> Any:
    doc: Any = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        if not _exists(doc, path):
            continue
        parent, last = _get(doc, path[:-1]), path[-1]
        how = draw(st.sampled_from(["drop", "value", "number", "date", "slug", "extra", "dup",
                                    "reverse", "huge"]))
        if how == "drop":
            del parent[last]
        elif how == "value":
            parent[last] = draw(json_values)
        elif how == "number":
            parent[last] = draw(odd_numbers)
        elif how == "date":
            parent[last] = draw(odd_dates)
        elif how == "slug":
            parent[last] = draw(odd_slugs)
        elif how == "extra" and isinstance(parent[last], dict):
            parent[last][draw(st.text(max_size=8))] = draw(json_values)
        elif how == "dup" and isinstance(parent[last], list) and parent[last]:
            parent[last].append(copy.deepcopy(parent[last][0]))
        elif how == "reverse" and isinstance(parent[last], list):
            parent[last].reverse()
        elif how == "huge":
            parent[last] = "x" * 200_001
    return doc


@st.composite
def archive_bytes(draw: st.DrawFn, base: dict[str, Any]) -> bytes:
    how = draw(st.sampled_from(["valid", "mutated", "mutated", "mutated", "truncated",
                                "garbage", "encoding", "top"]))
    if how == "top":
        return json.dumps(draw(json_values)).encode()
    doc = base if how != "mutated" else draw(mutated_document(base))
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if how == "truncated":
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == "garbage":
        at = draw(st.integers(0, len(data) - 1))
        junk = draw(st.binary(min_size=1, max_size=16))
        return data[:at] + junk + data[at + len(junk):]
    if how == "encoding":
        return json.dumps(doc, ensure_ascii=False).encode(
            draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252"])), errors="replace")
    return data


def counts(db: Database) -> dict[str, int]:
    with db.reading() as s:
        return {
            name: int(s.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
        }


def assert_refused_cleanly(db: Database, before: dict[str, int], refusal: EquitoneError,
                           record: Callable[[str], None]) -> None:
    """A refusal is one short line, no traceback, and nothing written."""
    record(f"refused: {type(refusal).__name__}")
    message = str(refusal)
    assert message and "\n" not in message and len(message) < 600, message
    assert "Traceback" not in message
    assert counts(db) == before, f"partial write after: {message}"


def check_import(
    db: Database, folder: Path, data: bytes, force_new: bool,
    record: Callable[[str], None] = lambda _what: None,
) -> None:
    path = folder / "fuzz.json"
    path.write_bytes(data)
    before = counts(db)
    try:
        result = import_archive(db, path, force_new=force_new)
    except EquitoneError as exc:
        assert_refused_cleanly(db, before, exc, record)
        return
    record("imported")
    doc = json.loads(data.decode("utf-8-sig"))
    after = counts(db)
    tags = sum(len(a["tags"]) for a in doc["assessments"])
    blocks = sum(len(s["blocks"]) for s in doc["sessions"])
    decisions = sum(len(s["decisions"]) for s in doc["sessions"])
    psfs = sum(len(a["psfs"]) for a in doc["assessments"])
    assert after["patients"] == before["patients"] + 1
    assert after["assessments"] == before["assessments"] + len(doc["assessments"])
    assert after["tone_tags"] == before["tone_tags"] + tags
    assert after["psfs_items"] == before["psfs_items"] + psfs
    assert after["sessions"] == before["sessions"] + len(doc["sessions"])
    assert after["session_blocks"] == before["session_blocks"] + blocks
    assert after["session_decisions"] == before["session_decisions"] + decisions
    assert after["exercises"] == before["exercises"] + len(result.exercises_added)
    # one entry per record, and one per custom exercise added (they are in the trail too)
    assert after["audit_log"] == before["audit_log"] + 1 + len(doc["assessments"]) + len(
        doc["sessions"]) + len(result.exercises_added)


FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                      HealthCheck.too_slow,
                                                      HealthCheck.data_too_large])


@settings(FUZZ, max_examples=150)
@given(data=st.data(), force_new=st.booleans())
def test_import_is_complete_or_refused_cleanly(
    target: Database, tmp_path: Path, base_document: Any, data: st.DataObject, force_new: bool
) -> None:
    check_import(target, tmp_path, data.draw(archive_bytes(base_document)), force_new, event)


@pytest.mark.slow
@settings(FUZZ, max_examples=3000)
@given(data=st.data(), force_new=st.booleans())
def test_import_fuzz_long(
    target: Database, tmp_path: Path, base_document: Any, data: st.DataObject, force_new: bool
) -> None:
    check_import(target, tmp_path, data.draw(archive_bytes(base_document)), force_new, event)


def test_the_unmutated_archive_imports(target: Database, tmp_path: Path,
                                       base_document: Any) -> None:
    """The fuzzer's starting point is itself importable (else it would test nothing)."""
    check_import(target, tmp_path, json.dumps(base_document).encode(), False)
    assert counts(target)["patients"] == 1
