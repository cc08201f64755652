"""The Linux tarball and install.sh, on a stand-in bundle (the real one takes minutes to
build; tests/installer/test_bundle.py does that under the slow marker): the tarball's layout,
a per-user install into a private HOME, upgrade, --check, an uninstall that leaves the clinic's
data alone and no empty folders, a `~/.local/bin/equitone` that is not ours left untouched,
a HOME with shell and desktop-entry specials, and the missing-library advice."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.installer.conftest import INSTALLER, load_script

package = load_script("linux/package.py")
make_icons = load_script("make_icons.py")
APP_ID = "org.equitone.Equitone"
SYSTEM_PACKAGES = {"libxcb-cursor.so.0": "libxcb-cursor0", "libc.so.6": "libc6",
                   "libequitone-probe.so.3": "equitone-probe3", "libnowhere.so.1": None}
FAKE_PROGRAM = """#!/bin/sh
case "$1" in
  --version) echo "Equitone 9.9" ;;
  --self-test) echo "self-test: passed, 0 steps in 1 ms" ;;
  *) echo "started" ;;
esac
"""


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _app = QApplication.instance() or QApplication([])
    out = tmp_path_factory.mktemp("icons")
    make_icons.build(out)
    return out


@pytest.fixture
def unpacked(tmp_path: Path, icons: Path) -> Path:
    bundle = tmp_path / "dist" / "equitone"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    (bundle / "_internal" / "libexample.so").write_bytes(b"\x7fELF")
    program = bundle / "equitone"
    program.write_text(FAKE_PROGRAM, encoding="utf-8")
    program.chmod(0o755)
    tarball = package.pack(bundle, icons, tmp_path / "out", version="9.9", arch="x86_64",
                           packages=SYSTEM_PACKAGES)
    assert tarball.name == "equitone-9.9-linux-x86_64.tar.xz"
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
        members = {m.name: m for m in tar.getmembers()}
        tar.extractall(tmp_path / "unpacked", filter="data")
    top = "equitone-9.9-linux-x86_64"
    assert {f"{top}/install.sh", f"{top}/README.txt", f"{top}/VERSION", f"{top}/app/equitone",
            f"{top}/system-libraries.tsv",
            f"{top}/app/_internal/libexample.so",
            f"{top}/share/applications/{APP_ID}.desktop",
            f"{top}/share/icons/hicolor/16x16/apps/{APP_ID}.png",
            f"{top}/share/icons/hicolor/512x512/apps/{APP_ID}.png",
            f"{top}/share/icons/hicolor/scalable/apps/{APP_ID}.svg"} <= names
    assert members[f"{top}/app/equitone"].mode & 0o111
    assert members[f"{top}/install.sh"].mode & 0o111
    assert all(m.uname == "root" for m in members.values())
    return tmp_path / "unpacked" / top


def _run(script: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    return subprocess.run([str(script), *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_install_then_uninstall_for_the_current_user(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    clinic_data = home / ".local" / "share" / "Equitone" / "equitone.sqlite3"
    clinic_data.parent.mkdir(parents=True)
    clinic_data.write_bytes(b"patients")

    result = _run(unpacked / "install.sh", home)
    assert result.returncode == 0, result.stderr
    assert "Equitone 9.9 installed" in result.stdout
    prefix = home / ".local" / "opt" / "equitone"
    link = home / ".local" / "bin" / "equitone"
    assert link.is_symlink() and link.resolve() == (prefix / "equitone").resolve()
    assert subprocess.run([str(link), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip() == "Equitone 9.9"
    desktop = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert f'Exec="{prefix}/equitone"' in text and f"TryExec={prefix}/equitone" in text
    assert f"Icon={APP_ID}" in text
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                               text=True, check=False)
        assert check.returncode == 0, check.stdout
    hicolor = home / ".local" / "share" / "icons" / "hicolor"
    for size in make_icons.HICOLOR_SIZES:
        assert (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    again = _run(unpacked / "install.sh", home)  # an upgrade over the top
    assert again.returncode == 0, again.stderr
    manifest = (prefix / ".installed").read_text(encoding="utf-8").splitlines()
    files = [line for line in manifest if not line.endswith("/")]
    assert len(manifest) == len(set(manifest))
    assert len(files) == 2 + len(make_icons.HICOLOR_SIZES) + 1

    removed = _run(prefix / "install.sh", home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert "left in place" in removed.stdout
    assert not prefix.exists() and not link.is_symlink() and not desktop.exists()
    assert not hicolor.exists()  # nor the folders made for the icons (or their caches)
    assert not (home / ".local" / "share" / "applications").exists()
    assert not (home / ".local" / "bin").exists() and not (home / ".local" / "opt").exists()
    assert clinic_data.read_bytes() == b"patients"  # the clinic's data is never touched


def test_check_runs_the_self_test(unpacked: Path, tmp_path: Path) -> None:
    result = _run(unpacked / "install.sh", tmp_path, "--check")
    assert result.returncode == 0, result.stderr
    assert "self-test: passed" in result.stdout


def test_bad_use_is_one_clear_line(unpacked: Path, tmp_path: Path) -> None:
    wrong = _run(unpacked / "install.sh", tmp_path, "--frobnicate")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "install.sh: unknown option '--frobnicate' (see --help)"
    stray = tmp_path / "stray"
    stray.mkdir()
    shutil.copy(INSTALLER / "linux" / "install.sh", stray / "install.sh")
    outside = _run(stray / "install.sh", tmp_path)
    assert outside.returncode == 1
    assert "run me from the unpacked Equitone folder" in outside.stderr
    assert not (tmp_path / ".local" / "opt" / "equitone").exists()
    nothing = _run(stray / "install.sh", tmp_path, "--uninstall")
    assert nothing.returncode == 0 and "not installed" in nothing.stdout


def test_pack_refuses_a_folder_without_the_program(tmp_path: Path, icons: Path) -> None:
    with pytest.raises(SystemExit, match="has no 'equitone' program"):
        package.pack(tmp_path, icons, tmp_path / "out", version="1", arch="x86_64")


def _exec_argument(value: str) -> str:
    """The one argument of a desktop entry's Exec value, unescaped as the specification
    says: string escapes first (\\\\ is one backslash), then the quoting rule, then %%."""
    unescaped = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(
        m.group(1), m.group(1)) if m.group(1) in "sntr\\" else m.group(0), value)
    assert unescaped.startswith('"') and unescaped.endswith('"'), unescaped
    inner = re.sub(r'\\([\\"`$])', r"\1", unescaped[1:-1])
    assert '"' not in inner.replace('\\"', "")
    return inner.replace("%%", "%")


def test_home_with_shell_and_desktop_specials(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "Clinic & Co $HOME %f `x` \\ 'q'"
    home.mkdir()
    result = _run(unpacked / "install.sh", home)
    assert result.returncode == 0, result.stderr
    prefix = home / ".local" / "opt" / "equitone"
    desktop = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    entries = dict(line.split("=", 1) for line in desktop.read_text(encoding="utf-8")
                   .splitlines() if "=" in line)
    program = _exec_argument(entries["Exec"])
    assert program == f"{prefix}/equitone"
    assert entries["TryExec"].replace("\\\\", "\\") == f"{prefix}/equitone"
    assert subprocess.run([program, "--version"], capture_output=True, text=True,
                          check=True).stdout.strip() == "Equitone 9.9"
    check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                           text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    removed = _run(prefix / "install.sh", home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not prefix.exists() and not desktop.exists()
    assert not (home / ".local").exists()  # every folder it made, and nothing else


def test_a_program_already_at_the_command_name_is_kept(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    pipx = bin_dir / "equitone"
    pipx.symlink_to(home / ".local" / "pipx" / "venvs" / "equitone" / "bin" / "equitone")
    mine = bin_dir / "other-tool"
    mine.write_text("#!/bin/sh\n", encoding="utf-8")

    result = _run(unpacked / "install.sh", home)
    assert result.returncode == 0, result.stderr
    assert f"{pipx} already exists and is not ours: left as it is" in result.stdout
    assert pipx.readlink() == home / ".local/pipx/venvs/equitone/bin/equitone"
    manifest = (home / ".local/opt/equitone/.installed").read_text(encoding="utf-8")
    assert str(pipx) not in manifest.splitlines()

    removed = _run(home / ".local/opt/equitone/install.sh", home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert pipx.is_symlink() and mine.is_file()  # kept, and so is the folder holding them


def test_our_link_replaced_after_install_is_not_removed(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert _run(unpacked / "install.sh", home).returncode == 0
    link = home / ".local" / "bin" / "equitone"
    link.unlink()
    link.write_text("#!/bin/sh\necho pipx\n", encoding="utf-8")  # taken over since
    assert _run(home / ".local/opt/equitone/install.sh", home, "--uninstall").returncode == 0
    assert link.read_text(encoding="utf-8").endswith("echo pipx\n")


@pytest.fixture
def needy_unpacked(tmp_path: Path, icons: Path) -> Path:
    """A stand-in bundle whose library needs two libraries no system has: one the table
    knows a package for, one it does not."""
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc to make the stand-in libraries")
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.c").write_text("int probe_a(void) { return 1; }\n", encoding="utf-8")
    (work / "b.c").write_text("int probe_b(void) { return 2; }\n", encoding="utf-8")
    (work / "main.c").write_text("int probe_a(void); int probe_b(void);\n"
                                 "int both(void) { return probe_a() + probe_b(); }\n",
                                 encoding="utf-8")
    for name, soname in (("a", "libequitone-probe.so.3"), ("b", "libnowhere.so.1")):
        subprocess.run(["gcc", "-shared", "-fPIC", f"-Wl,-soname,{soname}", "-o",
                        str(work / soname), str(work / f"{name}.c")], check=True)
    bundle = tmp_path / "needy" / "equitone"
    (bundle / "_internal").mkdir(parents=True)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(bundle / "_internal" / "libmain.so"),
                    str(work / "main.c"), str(work / "libequitone-probe.so.3"),
                    str(work / "libnowhere.so.1")], check=True)
    program = bundle / "equitone"
    program.write_text(FAKE_PROGRAM, encoding="utf-8")
    program.chmod(0o755)
    tarball = package.pack(bundle, icons, tmp_path / "out", version="9.9", arch="x86_64",
                           packages=SYSTEM_PACKAGES)
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path / "unpacked-needy", filter="data")
    return tmp_path / "unpacked-needy" / "equitone-9.9-linux-x86_64"


def test_missing_libraries_are_named_with_real_packages(needy_unpacked: Path,
                                                        tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = _run(needy_unpacked / "install.sh", home, "--check")
    assert result.returncode == 3, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert ("Equitone is installed, but this system lacks libraries it needs: "
            "libequitone-probe.so.3 libnowhere.so.1") in lines
    assert "    sudo apt-get install equitone-probe3" in lines  # from the table, nothing made up
    assert any(line.startswith("No package is known here for: libnowhere.so.1") for line in lines)
    assert "self-test" not in result.stdout  # --check does not run a program that cannot start


def test_readme_lists_the_packages_of_the_table(unpacked: Path) -> None:
    text = (unpacked / "README.txt").read_text(encoding="utf-8")
    assert "libxcb-cursor0" in text and "equitone-probe3" in text
    assert "libc6" not in text  # every system has it
    assert "glibc 2.34 or newer" in text and "Ubuntu 22.04+" in text
    table = (unpacked / "system-libraries.tsv").read_text(encoding="utf-8")
    assert "libnowhere.so.1\t-\n" in table
