"""When the database cannot be opened: say which file and what is wrong, and offer the
newest good backup.

"Open newest backup" never writes to the damaged file: the restore keeps it byte for byte in
the backups folder (`…-unusable.sqlite3`, a hard link or a copy) and puts a verified copy of
the backup in its place, which the window then opens. Busy databases and files from a newer
Equitone get no such offer: waiting or updating is the cure, and a backup would only lose work.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from equitone.ui import prompts

if TYPE_CHECKING:
    from equitone.ui.safety.actions import SafetyActions
    from equitone.ui.shell import Shell

TITLE = "Cannot open the database"
OPEN_BACKUP = "Open newest backup"


def _taken(path: Path) -> str:
    from equitone.storage.rotation import parse_name

    entry = parse_name(path)
    return f" taken {entry.taken:%Y-%m-%d %H:%M}" if entry else ""


def offer_recovery(
    shell: Shell, safety: SafetyActions, database: Path, error: Exception
) -> bool:
    """Show the problem; True when a backup was restored and is now open in the window."""
    from equitone.services.backups import backup_folder, recovery_candidate

    shell.show_database_error(str(error))
    window = shell.window()
    safety.database_path = database
    candidate = recovery_candidate(database, error)
    if candidate is None:
        folder = backup_folder(database)
        extra = "" if not database.exists() else f"\n\nNo good backup was found in {folder}."
        prompts.bridge.error(window, TITLE, f"{error}{extra}")
        return False
    text = (
        f"{error}\n\nThe newest good backup is {candidate.path.name}{_taken(candidate.path)} "
        f"({candidate.patients} patients).\n\n“{OPEN_BACKUP}” keeps the current file "
        f"unchanged in {candidate.path.parent} and opens a copy of that backup in its place. "
        "Work saved after the backup was taken is not in it."
    )
    choice = prompts.bridge.choose(window, TITLE, text, [OPEN_BACKUP, "Close"], default=0,
                                   escape=1)
    if choice != 0:
        return False
    return safety.restore(candidate.path, current_damaged=True)
