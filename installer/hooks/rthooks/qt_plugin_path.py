"""Runtime hook, in place of PyInstaller's PySide6 one: point Qt at the bundled plugins
without importing Qt (that hook imported PySide6.QtCore at every start, even for `--version`).
Qt's prefix (qt.conf) is registered by PySide6 itself when QtCore is first imported.
os.path rather than pathlib: this runs before anything else, and pathlib is not loaded yet."""

import os
import sys

_parts = [sys._MEIPASS, "PySide6"]  # type: ignore[attr-defined]
if not sys.platform.startswith("win"):
    _parts.append("Qt")  # Linux and macOS wheels keep Qt one level down
os.environ["QT_PLUGIN_PATH"] = os.path.join(*_parts, "plugins")  # noqa: PTH118
del _parts
