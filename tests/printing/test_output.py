"""Writing safely: progress, cancellation without partial files, unwritable targets, streams,
fonts and markup."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from equitone.errors import EquitoneError
from equitone.printing import PrintCancelled, PrintError, render_plan, render_report
from tests.printing.samples import sample_plan, sample_report

from . import pdftools


def test_progress_rises_to_100(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    render_plan(sample_plan(), tmp_path / "plan.pdf", progress=lambda d, t: seen.append((d, t)))
    done = [d for d, _t in seen]
    assert done == sorted(done)
    assert seen[0] == (0, 100) and seen[-1] == (100, 100)
    assert len(seen) > 5


@pytest.mark.parametrize("after", [0, 1, 3, 8, 20])
def test_cancel_leaves_no_file(tmp_path: Path, after: int) -> None:
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > after

    target = tmp_path / "plan.pdf"
    with pytest.raises(PrintCancelled):
        render_plan(sample_plan(), target, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temporary file


def test_cancel_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(PrintCancelled):
        render_report(sample_report(), target, cancelled=lambda: True)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_cancel_during_layout(tmp_path: Path) -> None:
    """Cancelling after the story is built, while pages are laid out, also stops cleanly."""
    state = {"layout": False}

    def progress(done: int, total: int) -> None:
        state["layout"] = state["layout"] or done > 30

    target = tmp_path / "plan.pdf"
    with pytest.raises(PrintCancelled):
        render_plan(sample_plan(), target, progress=progress, cancelled=lambda: state["layout"])
    assert not target.exists()


def test_missing_folder_gives_print_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "plan.pdf"
    with pytest.raises(PrintError) as caught:
        render_plan(sample_plan(), target)
    message = str(caught.value)
    assert isinstance(caught.value, EquitoneError)
    assert "\n" not in message and str(target) in message
    assert message.startswith("Cannot write the PDF to")


def test_folder_as_target_gives_print_error(tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="it is a folder"):
        render_plan(sample_plan(), tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_gives_print_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PrintError, match="permission denied"):
            render_plan(sample_plan(), folder / "plan.pdf")
    finally:
        folder.chmod(0o700)


def test_unknown_paper_gives_print_error(tmp_path: Path) -> None:
    with pytest.raises(PrintError, match="paper size"):
        render_plan(sample_plan(paper="a5"), tmp_path / "plan.pdf")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_writes_to_a_binary_stream(tmp_path: Path) -> None:
    stream = io.BytesIO()
    render_plan(sample_plan(), stream)
    assert stream.getvalue().startswith(b"%PDF-")
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(stream.getvalue())
    pdftools.assert_sound(pdf)


def test_cancelled_stream_stays_empty() -> None:
    stream = io.BytesIO()
    with pytest.raises(PrintCancelled):
        render_report(sample_report(), stream, cancelled=lambda: True)
    assert stream.getvalue() == b""


def test_written_file_follows_umask(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    render_plan(sample_plan(), target)
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_importing_printing_does_not_load_reportlab() -> None:
    code = (
        "import sys, equitone.printing, equitone.printing.model; "
        "assert 'reportlab' not in sys.modules, 'reportlab imported eagerly'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class TestMarkup:
    def test_escapes_markup_and_quotes(self) -> None:
        from equitone.printing.fonts import markup

        assert markup("O'Brien & <Sons>") == "O&#39;Brien &amp; &lt;Sons&gt;"
        assert markup('Quote "Q"') == "Quote &#34;Q&#34;"

    def test_wraps_cjk_runs_only(self) -> None:
        from equitone.printing.fonts import FALLBACK, markup

        assert markup("Zoë Ångström") == "Zoë Ångström"
        assert markup("王小明 & Zoë") == f'<font name="{FALLBACK}">王小明 </font>&amp; Zoë'
        assert markup("a\nb") == "a<br/>b"

    def test_paragraph_accepts_any_text(self) -> None:
        from reportlab.platypus import Paragraph

        from equitone.printing.fonts import markup
        from equitone.printing.styles import styles

        for text in ("<b>", "&amp;", "</font>", "]]>", "<br/>", "&#0;", "王 <", "\x00"):
            Paragraph(markup(text), styles().body).wrap(200, 100)


def test_a_file_in_the_way_of_the_folder_gives_print_error(tmp_path: Path) -> None:
    """Unwritable even for root: the 'folder' is a file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    target = blocker / "plan.pdf"
    with pytest.raises(PrintError) as caught:
        render_plan(sample_plan(), target)
    assert str(caught.value) == f"Cannot write the PDF to {target}: not a directory."
    assert blocker.read_text() == "x"
