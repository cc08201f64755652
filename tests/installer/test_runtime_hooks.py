"""The bundle's own runtime hooks, run by a plain interpreter that pretends to be frozen
(`sys._MEIPASS` set): PyInstaller's stdlib hooks wait until their module is imported and then
patch it before anyone uses it; a module imported before the hook ran is patched at once; the
Qt plugin path is set without importing Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.installer.conftest import INSTALLER

HOOKS = INSTALLER / "hooks" / "rthooks"
FAKE_HOOK = """
import {module}
{module}.PATCHED_BY = "pyi_rth_{module}"
"""


def _frozen_python(meipass: Path, script: str) -> dict[str, object]:
    prelude = f"import sys; sys._MEIPASS = {str(meipass)!r}\n"
    result = subprocess.run([sys.executable, "-I", "-c", prelude + script], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _meipass(tmp_path: Path) -> Path:
    folder = tmp_path / "pyi_deferred_rthooks"
    folder.mkdir()
    for module in ("inspect", "pkgutil", "multiprocessing"):
        (folder / f"pyi_rth_{module}.py").write_text(FAKE_HOOK.format(module=module),
                                                     encoding="utf-8")
    return tmp_path


def test_stdlib_hooks_wait_for_their_module(tmp_path: Path) -> None:
    hook = (HOOKS / "deferred_stdlib_hooks.py").read_text(encoding="utf-8")
    report = _frozen_python(_meipass(tmp_path), f"""
exec(compile({hook!r}, "deferred_stdlib_hooks.py", "exec"), {{"__name__": "__main__"}})
import json
loaded_early = [name for name in ("inspect", "pkgutil", "multiprocessing") if name in sys.modules]
import inspect, pkgutil, multiprocessing.spawn
source = inspect.getsource(pkgutil.iter_modules)  # the wrapped loader still serves source
print(json.dumps({{"early": loaded_early, "inspect": inspect.PATCHED_BY,
                   "pkgutil": pkgutil.PATCHED_BY, "mp": multiprocessing.PATCHED_BY,
                   "source": source.startswith("def iter_modules")}}))
""")
    assert report == {"early": [], "inspect": "pyi_rth_inspect", "pkgutil": "pyi_rth_pkgutil",
                      "mp": "pyi_rth_multiprocessing", "source": True}


def test_a_module_imported_before_the_hook_is_patched_at_once(tmp_path: Path) -> None:
    hook = (HOOKS / "deferred_stdlib_hooks.py").read_text(encoding="utf-8")
    report = _frozen_python(_meipass(tmp_path), f"""
import pkgutil, json
exec(compile({hook!r}, "deferred_stdlib_hooks.py", "exec"), {{"__name__": "__main__"}})
print(json.dumps({{"pkgutil": getattr(pkgutil, "PATCHED_BY", None)}}))
""")
    assert report == {"pkgutil": "pyi_rth_pkgutil"}


def test_qt_plugin_path_without_importing_qt(tmp_path: Path) -> None:
    hook = (HOOKS / "qt_plugin_path.py").read_text(encoding="utf-8")
    report = _frozen_python(tmp_path, f"""
import json, os
exec(compile({hook!r}, "qt_plugin_path.py", "exec"), {{"__name__": "__main__"}})
print(json.dumps({{"path": os.environ["QT_PLUGIN_PATH"],
                   "qt": any(name.startswith("PySide6") for name in sys.modules)}}))
""")
    assert report == {"path": str(tmp_path / "PySide6" / "Qt" / "plugins"), "qt": False}
