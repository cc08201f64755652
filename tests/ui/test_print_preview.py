"""The print preview dialog and the cancellable progress runner, offscreen."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from equitone.printing import PrintCancelled, render_plan
from equitone.ui import prompts
from equitone.ui.printing import preview as preview_module
from equitone.ui.printing.preview import PrintPreviewDialog, print_pdf_pages
from equitone.ui.progress import run_with_progress
from tests.printing import pdftools
from tests.printing.samples import sample_plan, thirty_minute_plan
from tests.prompts import ScriptedPrompts


@pytest.fixture
def plan_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "plan.pdf"
    render_plan(thirty_minute_plan()[0], path)  # two pages
    return path


def _dialog(qtbot: QtBot, pdf: Path) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(pdf, title="Session plan", export_name="Maria Keller plan.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_preview_shows_every_page(qtbot: QtBot, plan_pdf: Path) -> None:
    dialog = _dialog(qtbot, plan_pdf)
    assert dialog.uses_qtpdf
    assert dialog.page_count == 2
    assert dialog.pages_label.text() == "2 pages"
    assert dialog.print_button.isEnabled()
    assert dialog.export_button.text() == "Export PDF…"


def test_export_copies_the_pdf(
    qtbot: QtBot, plan_pdf: Path, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    chosen = tmp_path / "exported" / "handout.pdf"
    chosen.parent.mkdir()
    bridge.files = [chosen]
    dialog = _dialog(qtbot, plan_pdf)
    with qtbot.waitSignal(dialog.exported) as signal:
        dialog.export_button.click()
    assert chosen.read_bytes() == plan_pdf.read_bytes()
    assert signal.args == [chosen]
    assert Path(bridge.asked[0][1]).name == "Maria Keller plan.pdf"


def test_a_pdf_name_without_suffix_gets_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    answers = iter([(str(tmp_path / "handout"), ""), ("", "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: next(answers))
    chosen = prompts.PromptBridge().save_file(None, "Export PDF", tmp_path / "x.pdf",
                                               prompts.PDF_FILES)
    assert chosen is not None and prompts.pdf_named(chosen) == tmp_path / "handout.pdf"
    assert prompts.pdf_named(tmp_path / "a.PDF") == tmp_path / "a.PDF"
    assert prompts.PromptBridge().save_file(None, "Export PDF", tmp_path / "x.pdf",
                                            prompts.PDF_FILES) is None


def test_export_cancelled_or_failing(
    qtbot: QtBot, plan_pdf: Path, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    dialog = _dialog(qtbot, plan_pdf)
    bridge.files = [None]
    assert dialog.export_pdf() is None
    missing = tmp_path / "missing-folder" / "x.pdf"
    bridge.files = [missing]
    assert dialog.export_pdf() is None
    kind, title, text = bridge.shown[-1]
    assert (kind, title) == ("error", "Export PDF")
    assert text.startswith(f"Cannot save {missing}:") and "\n" not in text


def test_print_renders_pages_to_the_printer(
    qtbot: QtBot, plan_pdf: Path, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    """The real print path, with the printer dialog answered by "print to this PDF file"."""
    out = tmp_path / "printed.pdf"
    bridge.print_to = out
    dialog = _dialog(qtbot, plan_pdf)
    with qtbot.waitSignal(dialog.printed) as signal:
        assert dialog.print_document()
    assert bridge.printed_pages == [2]
    assert signal.args == [2]
    assert pdftools.pages(out) == 2
    assert pdftools.info(out)["Page size"].endswith("(A4)")


def test_print_cancelled_in_the_printer_dialog(
    qtbot: QtBot, plan_pdf: Path, bridge: ScriptedPrompts
) -> None:
    dialog = _dialog(qtbot, plan_pdf)
    assert dialog.print_document() is False  # print_to is None: cancelled
    assert bridge.printed_pages == [2]


def test_print_to_an_unwritable_file_is_one_message(
    qtbot: QtBot, plan_pdf: Path, tmp_path: Path, bridge: ScriptedPrompts
) -> None:
    target = tmp_path / "no-such-folder" / "printed.pdf"
    bridge.print_to = target
    dialog = _dialog(qtbot, plan_pdf)
    assert dialog.print_document() is False
    kind, title, text = bridge.shown[-1]
    assert (kind, title) == ("error", "Print")
    assert text == (
        f"Cannot print to {target}: the folder {target.parent} does not exist."
    )
    assert not target.exists()


def test_print_pdf_pages_respects_a_page_range(tmp_path: Path, qtbot: QtBot) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    rendered: list[int] = []

    def render(index: int, size: object) -> object:
        from PySide6.QtGui import QImage

        rendered.append(index)
        image = QImage(50, 50, QImage.Format.Format_RGB32)
        image.fill(0xFFFFFF)
        return image

    sizes = [QSizeF(612, 792)] * 3
    assert print_pdf_pages(printer, sizes, render, 2, 3) == 2  # type: ignore[arg-type]
    assert rendered == [1, 2]
    assert pdftools.pages(tmp_path / "range.pdf") == 2


def test_fallback_to_pdftoppm_without_qtpdf(
    qtbot: QtBot, plan_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    monkeypatch.setattr(preview_module, "load_qtpdf", lambda: None)
    dialog = _dialog(qtbot, plan_pdf)
    assert not dialog.uses_qtpdf
    assert dialog.page_count == 2
    assert dialog.pages_label.text() == "2 pages"


def test_message_when_no_preview_is_possible(
    qtbot: QtBot, plan_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    bridge: ScriptedPrompts,
) -> None:
    monkeypatch.setattr(preview_module, "load_qtpdf", lambda: None)
    monkeypatch.setattr(preview_module, "pdftoppm_available", lambda: False)
    dialog = _dialog(qtbot, plan_pdf)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Preview needs QtPdf; use Export PDF…" in texts
    assert not dialog.print_button.isEnabled()
    target = tmp_path / "still-exportable.pdf"
    bridge.files = [target]
    assert dialog.export_pdf() == target
    assert target.read_bytes() == plan_pdf.read_bytes()


def test_unreadable_pdf_does_not_crash(qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    dialog = _dialog(qtbot, broken)
    assert dialog.page_count == 0
    assert not dialog.print_button.isEnabled()


Step = Callable[[int, int], None]


def test_run_with_progress_completes(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[int] = []

    def work(progress: Step, cancelled: Callable[[], bool]) -> str:
        for step in range(1, 6):
            assert not cancelled()
            progress(step, 5)
            seen.append(step)
        return "printed"

    assert run_with_progress(parent, "Print", "Printing plan", work) == "printed"
    assert seen == [1, 2, 3, 4, 5]
    assert not [d for d in parent.findChildren(QProgressDialog) if d.isVisible()]


def _cancel_dialog(parent: QWidget) -> None:
    (dialog,) = parent.findChildren(QProgressDialog)
    dialog.cancel()


def test_run_with_progress_can_be_cancelled(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    steps: list[int] = []

    def work(progress: Step, cancelled: Callable[[], bool]) -> None:
        for step in range(1, 10):
            if cancelled():
                raise PrintCancelled()
            progress(step, 9)
            steps.append(step)
            if step == 3:
                _cancel_dialog(parent)

    assert run_with_progress(parent, "Print", "Printing plan", work) is None
    assert steps == [1, 2, 3]


def test_a_job_that_finishes_despite_cancel_stands(qtbot: QtBot) -> None:
    """Cancel asks; only the job knows whether it stopped (a copy that was already complete
    is kept): its result is returned."""
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress: Step, cancelled: Callable[[], bool]) -> str:
        _cancel_dialog(parent)
        assert cancelled()
        return "complete"

    assert run_with_progress(parent, "Export", "Exporting", work) == "complete"


def test_cancelled_render_through_the_dialog_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    target = tmp_path / "plan.pdf"

    def work(progress: Step, cancelled: Callable[[], bool]) -> None:
        def step(done: int, total: int) -> None:
            progress(done, total)
            if done >= 20:
                _cancel_dialog(parent)

        render_plan(sample_plan(), target, progress=step, cancelled=cancelled)

    assert run_with_progress(parent, "Print", "Printing plan", work) is None
    assert not target.exists()
    assert run_with_progress(
        parent, "Print", "Printing plan",
        lambda p, c: render_plan(sample_plan(), target, progress=p, cancelled=c) or target,
    ) == target
    assert target.exists()
