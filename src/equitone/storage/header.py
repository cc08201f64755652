"""What the 100-byte SQLite header says about a file SQLite refused: the sentence that says
how it is damaged.

SQLite itself refuses a file whose header promises more pages than the file holds
(SQLITE_CORRUPT) or whose header is not SQLite's (SQLITE_NOTADB), but says no more than
"malformed". The header records the page size and (when valid) the page count, so the
message can say "it ends after 40 of its 80 pages" instead.
Format: https://www.sqlite.org/fileformat.html#the_database_header
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
NOT_SQLITE = "not an Equitone database (not an SQLite file)"


@dataclass(frozen=True, slots=True)
class Header:
    page_size: int
    page_count: int | None  # None when the header's count is not marked valid
    application_id: int
    wal: bool


def parse_header(data: bytes) -> Header | None:
    """The header of `data` (the first 100 bytes of a file), or None if it is not SQLite's."""
    if len(data) < HEADER_SIZE or not data.startswith(SQLITE_MAGIC):
        return None
    (raw_page_size,) = struct.unpack_from(">H", data, 16)
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        return None
    write_version, read_version = data[18], data[19]
    (change_counter,) = struct.unpack_from(">I", data, 24)
    (page_count,) = struct.unpack_from(">I", data, 28)
    (valid_for,) = struct.unpack_from(">I", data, 92)
    (application_id,) = struct.unpack_from(">I", data, 68)
    count_valid = page_count > 0 and valid_for == change_counter
    return Header(
        page_size=page_size,
        page_count=page_count if count_valid else None,
        application_id=application_id,
        wal=write_version == 2 or read_version == 2,
    )


def truncation_problem(data: bytes, file_size: int, *, has_journal: bool) -> str | None:
    """A sentence describing how the file is cut short, or None if its size is plausible.

    `data` must start with the SQLite magic; a file smaller than its own header, or a header
    that is not SQLite's, is reported as truncated/damaged as well. With a non-empty -wal or
    -journal beside the file the size checks are skipped: a process killed in the middle of a
    checkpoint leaves page 1 (with the new count) written before the pages that extend the
    file, and SQLite completes them from the journal on the next open.
    """
    if file_size < HEADER_SIZE or len(data) < HEADER_SIZE:
        return f"it is truncated (only {file_size} bytes long)"
    header = parse_header(data)
    if header is None:
        return "its SQLite header is damaged"
    if has_journal:
        return None
    if file_size % header.page_size:
        return (
            f"it is truncated (its size, {file_size} bytes, is not a whole number of "
            f"{header.page_size}-byte pages)"
        )
    if header.page_count is not None and file_size < header.page_count * header.page_size:
        have = file_size // header.page_size
        return f"it is truncated (it ends after {have} of its {header.page_count} pages)"
    return None


def describe_damage(path: Path, size: int, *, has_journal: bool) -> str | None:
    """How `path` is damaged — NOT_SQLITE, or a phrase like "it is truncated (…)" — or None
    when its header looks fine; for a file SQLite has already refused (SQLITE_CORRUPT /
    SQLITE_NOTADB).

    The only place a database file is opened with plain `open()`, and only after SQLite gave
    up on it: closing such a descriptor drops every lock this process holds on the file
    (storage/file_lock.py), which must never happen to a healthy database in use."""
    try:
        with path.open("rb") as handle:
            first = handle.read(HEADER_SIZE)
    except OSError:
        return None
    if len(first) >= len(SQLITE_MAGIC) and not first.startswith(SQLITE_MAGIC):
        return NOT_SQLITE
    return truncation_problem(first, size, has_journal=has_journal)
