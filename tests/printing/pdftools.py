"""Poppler/qpdf wrappers for checking generated PDFs; a test skips when a tool is absent."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed")
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=60)


def text(pdf: Path) -> str:
    """The document's text, as pdftotext reads it (layout order, pages split by form feeds)."""
    result = _run("pdftotext", "-enc", "UTF-8", str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def info(pdf: Path) -> dict[str, str]:
    result = _run("pdfinfo", "-enc", "UTF-8", str(pdf))
    assert result.returncode == 0, result.stderr
    fields = {}
    for line in result.stdout.splitlines():
        key, _sep, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def pages(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, emb yes/no) for every font, from pdffonts."""
    result = _run("pdffonts", str(pdf))
    assert result.returncode == 0, result.stderr
    rows = []
    for line in result.stdout.splitlines()[2:]:
        parts = line.split()
        # name type [type…] encoding emb sub uni objectID gen: emb is 5th from the end
        rows.append((parts[0], parts[-5]))
    return rows


def qpdf_check(pdf: Path) -> tuple[int, str]:
    result = _run("qpdf", "--check", str(pdf))
    return result.returncode, result.stdout + result.stderr


def assert_sound(pdf: Path) -> None:
    """Valid structure (qpdf) and every font embedded, none of them a base-14 Helvetica."""
    code, output = qpdf_check(pdf)
    assert code == 0, output
    rows = fonts(pdf)
    assert rows, "no fonts at all"
    for name, embedded in rows:
        assert embedded == "yes", f"{name} is not embedded"
        assert "Helvetica" not in name
