"""`equitone check`: integrity and schema checks that never write to the file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from equitone.errors import DatabaseError
from equitone.storage.database import probe
from equitone.storage.schema import APPLICATION_ID, HEAD_REVISION


@dataclass
class CheckReport:
    path: Path
    ok: bool = True
    findings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    newest_backup: Path | None = None  # newest backup that passed its check
    backup_note: str = ""

    def problem(self, text: str) -> None:
        self.ok = False
        self.problems.append(text)


def check_database(path: Path) -> CheckReport:
    """Every check, then the newest good backup (`backup_note`): when something is wrong,
    the note says how to restore it."""
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


def _check(path: Path) -> CheckReport:
    report = CheckReport(path)
    try:
        found = probe(path)
    except DatabaseError as exc:
        report.problem(str(exc))
        return report
    if not found.exists:
        report.problem(f"{path} does not exist yet (it is created on first use).")
        return report
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
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
    except sqlite3.DatabaseError as exc:
        report.problem(f"The file is damaged: {exc}.")
    finally:
        conn.close()
    return report
