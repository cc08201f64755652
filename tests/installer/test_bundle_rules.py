"""installer/bundle_rules.py: the trimming patterns work on every platform's layout (Windows
names plugins without `lib` and keeps them one folder higher), the system-library policy keeps
what came from wheels and the interpreter, and the platform floors are Qt 6.12's."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.installer.conftest import INSTALLER, ROOT, load_script

rules = load_script("bundle_rules.py")
version_info = load_script("windows/version_info.py")

LAYOUTS = {
    "linux": "PySide6/Qt/plugins/{kind}/lib{name}.so",
    "macos": "PySide6/Qt/plugins/{kind}/lib{name}.dylib",
    "windows": "PySide6\\plugins\\{kind}\\{name}.dll",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_unused_plugins_go_on_every_layout(layout: str) -> None:
    pattern = LAYOUTS[layout]
    for kind, name in (("imageformats", "qtga"), ("imageformats", "qtiff"),
                       ("imageformats", "qwebp"), ("platforms", "qvnc"),
                       ("platforms", "qeglfs"), ("platformthemes", "qgtk3"),
                       ("sqldrivers", "qsqlite"), ("tls", "qopensslbackend"),
                       ("generic", "qtuiotouchplugin"),
                       ("networkinformation", "qnetworklistmanager")):
        assert not rules.keep(pattern.format(kind=kind, name=name)), (kind, name)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_needed_plugins_stay_on_every_layout(layout: str) -> None:
    pattern = LAYOUTS[layout]
    for kind, name in (("platforms", "qxcb"), ("platforms", "qwayland"),
                       ("platforms", "qwindows"), ("platforms", "qcocoa"),
                       ("platforms", "qoffscreen"), ("platforms", "qminimal"),
                       ("imageformats", "qjpeg"), ("imageformats", "qsvg"),
                       ("imageformats", "qgif"), ("iconengines", "qsvgicon"),
                       ("styles", "qmodernwindowsstyle"), ("printsupport", "cupsprintersupport")):
        assert rules.keep(pattern.format(kind=kind, name=name)), (kind, name)


def test_translations_go_on_every_layout() -> None:
    for path in ("PySide6/Qt/translations/qtbase_de.qm", "PySide6\\translations\\qt_fr.qm",
                 "_internal/PySide6/translations/qtbase_ja.qm"):
        assert not rules.keep(path), path
    assert rules.keep("equitone/resources/catalog/muscles.json")


def test_system_libraries_are_left_to_the_system() -> None:
    roots = ("/build/env/lib/python3.13/site-packages",)
    assert rules.is_from_system("libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                                roots)
    assert rules.is_from_system("libxcb-cursor.so.0", "/lib/x86_64-linux-gnu/libxcb-cursor.so.0",
                                roots)
    # From a wheel, the interpreter, or the two shipped on purpose: kept.
    assert not rules.is_from_system(
        "PySide6/Qt/lib/libQt6Core.so.6",
        "/build/env/lib/python3.13/site-packages/PySide6/Qt/lib/libQt6Core.so.6", roots)
    assert not rules.is_from_system("libpython3.13.so.1.0",
                                    "/opt/python/lib/libpython3.13.so.1.0", roots)
    assert not rules.is_from_system("python3.13/lib-dynload/_ssl.cpython-313.so",
                                    "/opt/python/lib/python3.13/lib-dynload/_ssl.so", roots)
    assert not rules.is_from_system("libsqlite3.so.0", "/lib/x86_64-linux-gnu/libsqlite3.so.0",
                                    roots)
    # A sibling folder whose name merely starts like a root is not inside it.
    assert rules.is_from_system("libz.so.1", "/build/env/lib/python3.13/site-packages2/libz.so.1",
                                roots)


def test_platform_floors_are_qt_612s() -> None:
    assert rules.MACOS_MINIMUM == "14.4"
    assert rules.WINDOWS_MINIMUM == "10.0.17763"
    spec = (INSTALLER / "equitone.spec").read_text(encoding="utf-8")
    assert '"LSMinimumSystemVersion": rules.MACOS_MINIMUM' in spec
    iss = (INSTALLER / "windows" / "equitone.iss").read_text(encoding="utf-8")
    assert f"MinVersion={rules.WINDOWS_MINIMUM}" in iss


def test_windows_version_numbers() -> None:
    assert version_info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_info.version_tuple("1.2rc1") == (1, 2, 0, 0)
    assert version_info.version_tuple("2.3.4.5.6") == (2, 3, 4, 5)


def test_windows_version_resource_reads_back() -> None:
    pytest.importorskip("PyInstaller")
    pytest.importorskip("pefile")  # PyInstaller's version module needs it (Windows builds)
    resource = version_info.resource("1.4.2", "Equitone.exe", "Equitone")
    text = str(resource)
    assert "filevers=(1, 4, 2, 0)" in text
    assert "StringStruct('OriginalFilename', 'Equitone.exe')" in text


def test_lock_pins_every_package_with_hashes() -> None:
    lock = (INSTALLER / "requirements-bundle.lock").read_text(encoding="utf-8")
    entries = re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)(.*?)(?=^[a-z0-9]|\Z)", lock,
                         re.MULTILINE | re.DOTALL)
    names = {name for name, _version, _rest in entries}
    assert all("--hash=sha256:" in rest for _name, _version, rest in entries)
    assert {"pyinstaller", "pyside6-essentials", "sqlalchemy", "psycopg", "keyring"} <= names
    assert not names & {"pytest", "mypy", "ruff", "hypothesis", "pygments"}  # tests stay out
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [re.match(r"[A-Za-z0-9._-]+", dep).group().lower().replace("_", "-")  # type: ignore[union-attr]
              for dep in project["dependencies"] + project["optional-dependencies"]["bundle"]
              + project["optional-dependencies"]["postgres"]]
    assert set(wanted) <= names, "pyproject.toml changed: run installer/lock.sh"
