"""`equitone check`: integrity and schema checks that never write to the database.

A file gets SQLite's integrity and foreign-key checks; a clinic server gets the connection,
schema and audit-trail checks of storage/server_check.py."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from equitone.errors import DatabaseError
from equitone.storage.backup import open_read_only
from equitone.storage.chain_check import version_problems
from equitone.storage.database import Probe, probe
from equitone.storage.failures import busy_error, is_busy
from equitone.storage.location import DatabaseLocation
from equitone.storage.schema import APPLICATION_ID, HEAD_REVISION


@dataclass
class CheckReport:
    path: Path | None  # the file checked; None for a server
    ok: bool = True
    name: str = ""  # what was checked, as messages show it (file or server address)
    findings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    newest_backup: Path | None = None  # newest backup that passed its check
    backup_note: str = ""

    def problem(self, text: str) -> None:
        self.ok = False
        self.problems.append(text)


def check_database(where: Path | DatabaseLocation) -> CheckReport:
    """Every check, then the newest good backup (`backup_note`): when something is wrong,
    the note says how to restore it."""
    if isinstance(where, DatabaseLocation):
        if where.is_server:
            return _check_server(where)
        assert where.path is not None
        where = where.path
    path = where
    report = _check(path)
    from equitone.services.backups import backup_folder, newest_good_backup

    good = newest_good_backup(path)
    if good is not None:
        report.newest_backup = good.path
        report.backup_note = f"newest good backup: {good.path} ({good.patients} patients)"
        if not report.ok:
            report.backup_note += f"; restore it with: equitone restore {good.path}"
    else:
        report.backup_note = f"no good backup found in {backup_folder(path)}"
    return report


def _check_server(location: DatabaseLocation) -> CheckReport:
    from equitone.services.server_backups import backup_folder, backups_of
    from equitone.storage.server_check import inspect_server

    report = CheckReport(None, name=location.display())
    try:
        facts = inspect_server(location)
    except DatabaseError as exc:
        report.problem(str(exc))
    else:
        report.findings.append(
            f"Server: PostgreSQL {facts.server_version} answers, connected as {location.user}"
        )
        revision = facts.probe.revision
        if revision is None:
            report.problem("The database has no Equitone schema yet (it is created on first use).")
        elif revision == HEAD_REVISION:
            report.findings.append(f"Schema: {revision} (current)")
        else:
            report.findings.append(
                f"Schema: {revision}; it will be upgraded to {HEAD_REVISION} when opened"
            )
        if facts.audit_triggers_missing:
            report.problem("The audit trail is not protected: missing trigger(s) "
                           + ", ".join(facts.audit_triggers_missing) + ".")
        elif revision is not None:
            report.findings.append("Audit trail: append-only")
        if facts.unvalidated_constraints:
            report.problem(f"{len(facts.unvalidated_constraints)} constraint(s) were never "
                           "validated: " + ", ".join(facts.unvalidated_constraints[:5]) + ".")
        else:
            report.findings.append("References between records: enforced by the server")
        for text in facts.version_problems:
            report.problem(text)
        if facts.counts:
            report.findings.append(
                "Records: " + ", ".join(f"{n} {table}" for table, n in facts.counts.items())
            )
    dumps = backups_of(location)
    if dumps:
        report.backup_note = f"newest backup on this computer: {dumps[0].path}"
    else:
        report.backup_note = (f"no backup of this server on this computer in "
                              f"{backup_folder(location)} (`equitone backup` writes one)")
    return report


def _check(path: Path) -> CheckReport:
    report = CheckReport(path, name=str(path))
    try:
        found = probe(path)
    except DatabaseError as exc:
        report.problem(str(exc))
        return report
    if not found.exists:
        report.problem(f"{path} does not exist yet (it is created on first use).")
        return report
    if found.read_only:
        report.findings.append(
            "The file (or its folder) is read-only: it can be read, checked and backed up, "
            "not changed"
        )
    try:
        with open_read_only(path) as conn:
            _sqlite_checks(conn, found, report)
    except sqlite3.Error as exc:
        if is_busy(exc):
            report.problem(str(busy_error(path)))
        else:
            report.problem(f"The file is damaged: {exc}.")
    return report


def _sqlite_checks(conn: sqlite3.Connection, found: Probe, report: CheckReport) -> None:
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if integrity == ["ok"]:
        report.findings.append("SQLite integrity check: ok")
    else:
        report.problem("SQLite integrity check failed: " + "; ".join(integrity[:5]))
    fk_errors = conn.execute("PRAGMA foreign_key_check").fetchall()
    if fk_errors:
        report.problem(f"{len(fk_errors)} rows refer to records that do not exist.")
    else:
        report.findings.append("References between records: ok")
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if found.revision is None:
        report.problem("The file has no Equitone schema yet.")
    elif found.revision == HEAD_REVISION:
        report.findings.append(f"Schema: {found.revision} (current)")
    else:
        report.findings.append(
            f"Schema: {found.revision}; it will be upgraded to {HEAD_REVISION} when opened"
        )
    if found.revision is not None and app_id != APPLICATION_ID:
        report.problem("The file's application id is not Equitone's.")
    for text in version_problems(conn.execute, found.revision):
        report.problem(text)
    counts = {
        table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in ("patients", "exercises", "muscles")
        if conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)
        ).fetchone()
    }
    if counts:
        report.findings.append(
            "Records: " + ", ".join(f"{n} {table}" for table, n in counts.items())
        )
