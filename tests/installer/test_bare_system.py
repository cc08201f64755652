"""On a bare Debian (debootstrap --variant=minbase of this machine's release, in a chroot):
install.sh names the libraries that are missing and a command whose packages exist and
suffice (it is run, then the self-test passes); and `apt-get install ./equitone_*.deb` pulls
in everything the program needs through the package's Depends alone.

Slow and root-only (chroot, mounting /proc); the minbase system is made once and kept in
build/bare-system/ (delete it to start afresh), then copied for each test. apt uses this
machine's own Debian mirror.
    .venv/bin/python -m pytest tests/installer/test_bare_system.py -m slow
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from equitone import __version__
from tests.installer.conftest import ROOT

# The first test also waits for the session's build (minutes), hence the long timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]
CACHE = ROOT / "build" / "bare-system"
CHROOT_ENV = {"HOME": "/root", "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive",
              "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}


def _os_release() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in
             Path("/etc/os-release").read_text(encoding="utf-8").splitlines() if "=" in line)
    return {key: value.strip('"') for key, value in pairs}


def host_mirror(codename: str) -> str:
    """The URI this machine's apt takes `codename` main from (deb822 or one-line sources)."""
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for source in sources:
        if not source.is_file() or not source.name.endswith((".list", ".sources")):
            continue
        text = source.read_text(encoding="utf-8")
        for stanza in re.split(r"\n\s*\n", text):
            fields = dict(re.findall(r"^(\w[\w-]*):\s*(.+)$", stanza, re.MULTILINE))
            if (codename in fields.get("Suites", "").split()
                    and "main" in fields.get("Components", "").split()
                    and "deb" in fields.get("Types", "").split()):
                return fields["URIs"].split()[0]
        for line in text.splitlines():
            words = re.sub(r"\[[^]]*\]", "", line).split()
            if len(words) >= 4 and words[0] == "deb" and words[2] == codename and "main" in words:
                return words[1]
    pytest.skip(f"no apt source for {codename} main on this machine")


@pytest.fixture(scope="session")
def pristine() -> Path:
    """A minbase Debian of this machine's release, made once."""
    if os.geteuid() != 0 or shutil.which("debootstrap") is None:
        pytest.skip("needs root and debootstrap (installer/bootstrap.sh test installs it)")
    release = _os_release()
    if release.get("ID") != "debian":
        pytest.skip("debootstraps this machine's own Debian release")
    codename = release["VERSION_CODENAME"]
    target = CACHE / f"{codename}-minbase"
    if not (target / "usr" / "bin" / "apt-get").is_file():
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["debootstrap", "--variant=minbase", codename, str(partial),
                                 host_mirror(codename)], capture_output=True, text=True,
                                timeout=1800, check=False)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    return target


@pytest.fixture
def bare_root(pristine: Path, tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "root"
    subprocess.run(["cp", "-a", str(pristine), str(root)], check=True)
    shutil.copy2("/etc/resolv.conf", root / "etc" / "resolv.conf")
    subprocess.run(["mount", "-t", "proc", "proc", str(root / "proc")], check=True)
    try:
        yield root
    finally:
        subprocess.run(["umount", "-l", str(root / "proc")], check=False)


def in_root(root: Path, *command: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["chroot", str(root), *command], env=CHROOT_ENV, capture_output=True,
                          text=True, timeout=timeout, check=False)


def _apt_install(root: Path, *packages: str) -> None:
    update = in_root(root, "apt-get", "update", "-qq")
    assert update.returncode == 0, update.stderr
    result = in_root(root, "apt-get", "install", "-y", "-qq", "--no-install-recommends",
                     *packages)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_install_sh_advice_installs_what_is_missing(dist: Path, bare_root: Path) -> None:
    (tarball,) = dist.glob(f"equitone-{__version__}-linux-*.tar.xz")
    with tarfile.open(tarball, "r:xz") as tar:
        tar.extractall(bare_root / "root", filter="data")
    folder = f"/root/{tarball.name.removesuffix('.tar.xz')}"

    first = in_root(bare_root, f"{folder}/install.sh", "--check")
    assert first.returncode == 3, first.stdout + first.stderr
    assert "this system lacks libraries it needs: " in first.stdout
    assert "No package is known" not in first.stdout
    (advice,) = [line.strip() for line in first.stdout.splitlines()
                 if line.strip().startswith("sudo apt-get install ")]
    packages = advice.removeprefix("sudo apt-get install ").split()
    assert "libxcb1" in packages and "libxcb-cursor0" in packages, packages
    assert not [name for name in packages if ".so" in name or "*" in name], packages

    _apt_install(bare_root, *packages)  # exactly the advice: real names, and enough
    second = in_root(bare_root, f"{folder}/install.sh", "--check")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "lacks libraries" not in second.stdout
    assert "self-test: passed" in second.stdout


def test_deb_depends_bring_everything_it_needs(dist: Path, bare_root: Path) -> None:
    (deb,) = dist.glob(f"equitone_{__version__}_*.deb")
    shutil.copy2(deb, bare_root / "tmp" / deb.name)
    _apt_install(bare_root, f"/tmp/{deb.name}")
    result = in_root(bare_root, "equitone", "--self-test", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: passed" in result.stdout
    removed = in_root(bare_root, "dpkg", "-r", "equitone")
    assert removed.returncode == 0, removed.stderr
    assert not (bare_root / "opt" / "equitone").exists()
