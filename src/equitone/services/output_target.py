"""The one check every file Equitone writes goes through (`export -o`, `backup -o`,
`print … -o`, `bodymap -o`, `trend --png`, the window's Save dialogs).

A file the user names may be anything: the open database itself (an export written over it
once replaced both patients' records by one JSON archive), one of its working files
(-wal, -shm, -journal), a file among its backups, a device or a pipe. Each is refused with
one sentence before any work is done, and nothing is written. Paths are compared by what
they point to (symbolic and hard links included), not by how they are spelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from equitone import paths
from equitone.errors import ValidationError
from equitone.storage.files import FileProblemError, kind_problem, look, same_file
from equitone.storage.location import DatabaseLocation

if TYPE_CHECKING:
    from equitone.storage.database import Database

SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class Protected:
    """What no output may overwrite: the database's files and its backups folder."""

    database: Path | None = None
    backups: Path | None = None

    @classmethod
    def of(cls, where: Database | DatabaseLocation | Path | None) -> Protected:
        if where is None:
            return cls()
        location = where if isinstance(where, DatabaseLocation | Path) else where.location
        if isinstance(location, Path):
            location = DatabaseLocation.sqlite(location)
        if location.is_server:
            from equitone.services.server_backups import backup_folder

            return cls(None, backup_folder(location))
        assert location.path is not None
        return cls(location.path, paths.backups_dir(location.path))

    def files(self) -> list[Path]:
        if self.database is None:
            return []
        return [self.database, *(Path(f"{self.database}{s}") for s in SIDECARS)]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: compared as written
        return path.absolute()


def _inside(path: Path, folder: Path) -> bool:
    here, there = _resolved(path), _resolved(folder)
    return here == there or there in here.parents


def _refuse_protected(output: Path, protected: Protected) -> None:
    for file in protected.files():
        if same_file(output, file) or _resolved(output) == _resolved(file):
            what = ("the open database" if file == protected.database
                    else f"a working file of the open database {protected.database}")
            raise ValidationError(
                f"{output} is {what}; choose another file. Nothing was written."
            )


def checked_output(
    output: Path,
    where: Database | DatabaseLocation | Path | None = None,
    *,
    suffixes: tuple[str, ...] = (),
    new_backup: bool = False,
) -> Path:
    """`output` with ~ expanded, or a ValidationError saying why it may not be written.

    `where` is the open database (its files and backups folder are refused); `suffixes` the
    file endings allowed (".pdf"); `new_backup` lets a backup add a new file to the backups
    folder (never replace one there)."""
    output = output.expanduser()
    if suffixes and output.suffix.lower() not in suffixes:
        raise ValidationError(f"The output file must end in {' or '.join(suffixes)}.")
    try:
        parent = look(output.parent)
        if parent is None or kind_problem(parent) != "it is a folder":
            raise ValidationError(f"The folder {output.parent} does not exist.")
        info = look(output)
    except FileProblemError as problem:
        raise ValidationError(f"Cannot write {output}: {problem}.") from None
    if info is not None and (wrong := kind_problem(info)) is not None:
        if wrong == "it is a folder":
            ending = f" ending in {' or '.join(suffixes)}" if suffixes else ""
            raise ValidationError(f"{output} is a folder; give a file name{ending}.")
        raise ValidationError(f"Cannot write {output}: {wrong}. Nothing was written.")
    protected = Protected.of(where)
    _refuse_protected(output, protected)
    if protected.backups is not None and _inside(output.parent, protected.backups):
        if not new_backup:
            raise ValidationError(
                f"{output} is in the backups folder {protected.backups}, which holds the "
                "database's backups only; choose another folder."
            )
        if info is not None:
            raise ValidationError(
                f"{output} is an existing backup; backups are never overwritten. Choose a "
                "new name."
            )
    return output


def checked_output_folder(folder: Path, where: Database | DatabaseLocation | None) -> Path:
    """A folder to write several files into (`print day -o DIR`): it exists, and it is not
    the backups folder."""
    folder = folder.expanduser()
    try:
        info = look(folder)
    except FileProblemError as problem:
        raise ValidationError(f"Cannot write into {folder}: {problem}.") from None
    if info is None or kind_problem(info) != "it is a folder":
        raise ValidationError(f"The folder {folder} does not exist.")
    backups = Protected.of(where).backups
    if backups is not None and _inside(folder, backups):
        raise ValidationError(
            f"{folder} is the backups folder, which holds the database's backups only; "
            "choose another folder."
        )
    return folder
