"""Backups of a clinic server database: a pg_dump before a schema upgrade (when pg_dump is
here), never a reason to refuse the upgrade; no daily copy per workstation."""

from __future__ import annotations

from pathlib import Path

import pytest

from equitone.services import backups, server_backups
from equitone.services.workspace import open_workspace
from equitone.storage.location import DatabaseLocation
from equitone.storage.pg_dump import verify_dump
from equitone.storage.schema import HEAD_REVISION
from tests.databases import older_database


def test_an_upgrade_of_a_server_schema_is_dumped_first(pg_empty_url: str) -> None:
    older_database(pg_empty_url)
    db = open_workspace(pg_empty_url)
    db.close()
    location = DatabaseLocation.parse(pg_empty_url)
    taken = server_backups.backups_of(location)
    assert [entry.kind for entry in taken] == ["pre-migration"]
    assert verify_dump(taken[0].path) > 5  # a readable archive with the tables' data
    assert taken[0].path.stat().st_mode & 0o777 == 0o600
    assert backups.backups_of(location) == taken  # the general entry point finds them too


def test_without_pg_dump_the_upgrade_still_runs(
    pg_empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_backups, "find_tool", lambda _name: None)
    older_database(pg_empty_url)
    db = open_workspace(pg_empty_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            HEAD_REVISION
        )
    db.close()
    assert server_backups.backups_of(DatabaseLocation.parse(pg_empty_url)) == []


def test_no_daily_copy_and_no_recovery_offer_on_a_server(pg_url: str, tmp_path: Path) -> None:
    location = DatabaseLocation.parse(pg_url)
    assert not backups.daily_backup_due(location)
    assert backups.ensure_daily_backup(location) is None
    assert backups.newest_good_backup(location) is None
    refusal = backups.restore_refusal(location)
    assert refusal is not None and "pg_restore" in refusal
    assert backups.restore_refusal(tmp_path / "x.sqlite3") is None
