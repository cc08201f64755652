"""The clipboard at exit on platforms without a system clipboard.

On the `offscreen` and `minimal` platforms (tests, self-test, headless scripts) the clipboard
lives inside the process. PySide6 6.12 then crashes the interpreter at exit (SIGSEGV) when the
clipboard still holds a QMimeData that Python created — the chart's "Copy" does exactly that.
There the contents die with the process anyway, so they are released first. On desktop
platforms Qt hands the contents to the system clipboard, which must keep working after quit.
"""

from __future__ import annotations

from PySide6.QtGui import QClipboard, QGuiApplication

PROCESS_LOCAL_PLATFORMS = ("offscreen", "minimal")


def release_process_local_clipboard() -> None:
    if QGuiApplication.instance() is None:
        return
    if QGuiApplication.platformName() in PROCESS_LOCAL_PLATFORMS:
        QGuiApplication.clipboard().clear(QClipboard.Mode.Clipboard)
