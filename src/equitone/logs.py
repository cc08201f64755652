"""Logging to a private file. Log records never carry patient names or notes: code logs ids."""

from __future__ import annotations

import logging
import logging.handlers
import os

from equitone import paths


def setup_logging(*, verbose: bool = False) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_equitone", False) for h in root.handlers):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # SQLAlchemy logs statements, parameters and result rows (patient data) once its logger
    # is enabled for INFO/DEBUG, which a DEBUG root would do: keep it to warnings.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    try:
        directory = paths.log_dir()
        old = os.umask(0o077)  # also for the folders mkdir creates on the way
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            handler: logging.Handler = logging.handlers.RotatingFileHandler(
                directory / "equitone.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
            )
        finally:
            os.umask(old)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_mask_passwords)
    handler._equitone = True  # type: ignore[attr-defined]
    root.addHandler(handler)


def _mask_passwords(record: logging.LogRecord) -> bool:
    """A clinic server's password never reaches the log, even inside a quoted address."""
    from equitone.storage.location import mask_passwords

    message = record.getMessage()
    masked = mask_passwords(message)
    if masked != message:
        record.msg, record.args = masked, None
    return True


def scrubbed_traceback(error: BaseException) -> str:
    """Where `error` happened — the stack and the exception types, causes included — without
    any exception message: messages may quote a patient's name or note (an SQL error's
    parameters, a validation text), and log files must never contain those."""
    import traceback

    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        stack = traceback.extract_tb(current.__traceback__)
        kind = f"{type(current).__module__}.{type(current).__qualname__}"
        parts.append(
            "Traceback (most recent call last):\n"
            + "".join(stack.format())
            + f"{kind} (message not logged)\n"
        )
        current = current.__cause__ or current.__context__
    return "\ncaused by:\n".join(parts)
