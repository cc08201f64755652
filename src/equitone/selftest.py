"""`equitone --self-test`: prove that this installation works, end to end, in a few seconds.

Built for the desktop bundle (a missing module, plugin or data file shows up here rather than
in front of a patient), and just as useful from a source checkout. With a fresh temporary
database and a temporary per-user folder (the real profile is never touched) it:

1. finds the shipped resources (catalogs, body-map artwork, fonts, icon, migrations);
2. creates and migrates the database and loads the demo clinic;
3. opens the main window off-screen (offscreen platform unless a display is set), shows the
   first demo patient and visits every tab of the patient page;
4. renders a body map to PNG; draws a trend chart (pyqtgraph);
5. designs a session with the sequencing engine and saves it;
6. prints the session plan to PDF (reportlab) and, where QtPdf is installed, opens it;
7. exports a patient archive and imports it back (JSON Schema checked both ways).

Each step prints `self-test: STEP ok (N ms)`. The first failure prints
`self-test: FAILED at STEP: reason` on stderr and the exit code is 1; success exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from equitone import paths

if TYPE_CHECKING:
    from equitone.domain.patients import Patient
    from equitone.domain.session import SessionRecord
    from equitone.storage.database import Database

# Shipped files whose absence breaks a screen or a document (one of each kind suffices for
# "the folder was bundled"; the steps below read the rest).
REQUIRED_RESOURCES = (
    ("catalog", "muscles.json"),
    ("catalog", "exercises.json"),
    ("catalog", "templates.json"),
    ("bodymap", "front-superficial.svg"),
    ("bodymap", "back-deep.svg"),
    ("fonts", "DejaVuSans.ttf"),
    ("fonts", "DroidSansFallback.ttf"),
    ("icons", "equitone.svg"),
)
# The session the self-test designs: an activation of a muscle the demo histories tag, so the
# engine has relaxation work to add around it.
ACTIVATION_SPEC = "clamshell:gluteus-medius"


class SelfTestError(Exception):
    """A step's check failed (as opposed to crashing)."""


@dataclass
class _Context:
    folder: Path
    db: Database | None = None
    patients: list[Patient] = field(default_factory=list)
    session: SessionRecord | None = None
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def database(self) -> Database:
        if self.db is None:
            raise SelfTestError("no database (an earlier step failed)")
        return self.db


def _resources(ctx: _Context) -> None:
    from importlib.resources import files

    from equitone.resources_access import resource

    missing = ["/".join(p) for p in REQUIRED_RESOURCES if not resource(*p).is_file()]
    migrations = files("equitone.storage") / "migrations"
    for name in ("env.py", "script.py.mako"):
        if not (migrations / name).is_file():
            missing.append(f"migrations/{name}")
    if not any(p.name.endswith(".py") for p in (migrations / "versions").iterdir()):
        missing.append("migrations/versions/*.py")
    if missing:
        raise SelfTestError("missing " + ", ".join(missing))


def _database(ctx: _Context) -> None:
    from equitone.services.workspace import open_workspace
    from equitone.storage.database import Database

    ctx.db = open_workspace(ctx.folder / "self-test.sqlite3")
    if not isinstance(ctx.db, Database):
        raise SelfTestError("open_workspace returned no database")


def _demo(ctx: _Context) -> None:
    from equitone.services.demo import load_demo
    from equitone.services.patients import list_patients

    created = load_demo(ctx.database)
    listed = list_patients(ctx.database)
    if not created or len(listed) != len(created):
        raise SelfTestError(f"{len(created)} demo patients created, {len(listed)} listed")
    ctx.patients = created


def _choose_platform() -> None:
    """Off-screen unless a display is there (then the real platform plugin is tested too)."""
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if not has_display and sys.platform not in ("win32", "darwin"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _main_window(ctx: _Context) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from equitone.app import app_settings, create_application
    from equitone.ui.main_window import MainWindow

    _choose_platform()
    create_application()
    _check_icon()
    window = MainWindow(app_settings())
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    try:
        window.attach_database(ctx.database)
        window.show()
        QApplication.processEvents()
        rows = window.list_panel.model.rowCount()
        if rows != len(ctx.patients):
            raise SelfTestError(f"the patient list shows {rows} of {len(ctx.patients)} patients")
        first = ctx.patients[0]
        window.list_panel.select_patient(first.id)
        QApplication.processEvents()
        shown = window.current_patient()
        if shown is None or shown.id != first.id:
            raise SelfTestError("selecting a patient did not open the patient page")
        tabs = window.page.tabs
        for index in range(tabs.count()):  # every tab builds and paints
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            _check_painted(window.grab().toImage(), f"the {tabs.tabText(index)!r} tab")
        ctx.notes.append(f"{tabs.count()} tabs")
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def _check_icon() -> None:
    """The window icon is an SVG: it needs Qt's SVG icon-engine plugin, easy to leave out."""
    from PySide6.QtGui import QIcon

    from equitone.resources_access import resource_path

    icon = QIcon(str(resource_path("icons", "equitone.svg")))
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise SelfTestError("the application icon does not render (SVG icon engine missing?)")


def _check_painted(image: object, what: str) -> None:
    from PySide6.QtGui import QImage

    if not isinstance(image, QImage) or image.isNull():
        raise SelfTestError(f"{what} could not be captured")
    small = image.scaled(24, 24)
    colours = {small.pixel(x, y) for x in range(24) for y in range(24)}
    if len(colours) < 3:
        raise SelfTestError(f"{what} painted blank")


def _body_map(ctx: _Context) -> None:
    from PySide6.QtGui import QImage

    from equitone.bodymap.pictures import QtPictures
    from equitone.services.assessments import latest_assessment
    from equitone.services.bodymap_export import export_assessment_map

    assessment = next(
        (a for p in ctx.patients if (a := latest_assessment(ctx.database, p.id)) and a.tags),
        None,
    )
    if assessment is None:
        raise SelfTestError("no demo assessment with tags to draw")
    target = ctx.folder / "body-map.png"
    export_assessment_map(assessment, target, view="front", layer="superficial", width_px=400,
                          pictures=QtPictures())
    image = QImage(str(target))
    _check_painted(image, "the body map")


def _trend_chart(ctx: _Context) -> None:
    from equitone.charts.render import render_trend_png
    from equitone.services.trends import trend_data

    data = next(
        (d for p in ctx.patients if (d := trend_data(ctx.database, p.id)).points), None
    )
    if data is None:
        raise SelfTestError("no demo patient has trend points")
    keys = sorted({(p.muscle, p.side) for p in data.points}, key=lambda k: (k[0], k[1].value))
    png = render_trend_png(data, keys[:3], 600, 300)
    if not png.startswith(b"\x89PNG"):
        raise SelfTestError("the chart did not render to PNG")


def _session(ctx: _Context) -> None:
    from datetime import date

    from equitone.domain.session import SessionDetails
    from equitone.services.catalog import load_catalog
    from equitone.services.sessions import create_session, design, parse_exercise_spec

    patient = ctx.patients[0]
    placed = [parse_exercise_spec(load_catalog(ctx.database), ACTIVATION_SPEC)]
    details = SessionDetails(day=date.today(), in_clinic=True)
    plan = design(ctx.database, patient.id, placed, details)
    if not any(b.auto for b in plan.blocks):
        raise SelfTestError("the engine added no relaxation around the activation")
    record = create_session(ctx.database, patient.id, placed, details)
    if record.blocks != plan.blocks:
        raise SelfTestError("the saved session differs from the designed plan")
    ctx.session = record
    ctx.notes.append(f"{len(plan.blocks)} blocks")


def _plan_pdf(ctx: _Context) -> None:
    from equitone.bodymap.pictures import QtPictures
    from equitone.services.printing import print_session

    if ctx.session is None:
        raise SelfTestError("no session to print (an earlier step failed)")
    target = ctx.folder / "plan.pdf"
    print_session(ctx.database, ctx.session.id, target, pictures=QtPictures())
    data = target.read_bytes() if target.exists() else b""
    if not data.startswith(b"%PDF") or len(data) < 2000:
        raise SelfTestError("the plan PDF is missing or truncated")
    ctx.pdf = target


def _pdf_preview(ctx: _Context) -> None:
    from equitone.ui.printing.pages import load_qtpdf

    qtpdf = load_qtpdf()
    if qtpdf is None:
        ctx.notes.append("skipped: QtPdf is not installed (the preview uses pdftoppm)")
        return
    document_class, _view = qtpdf
    document = document_class()
    document.load(str(ctx.pdf))
    if document.pageCount() < 1:
        raise SelfTestError(f"QtPdf could not open the plan ({document.error().name})")
    document.close()


def _archive(ctx: _Context) -> None:
    """Export a patient and import the file back as a new patient: the JSON Schema check
    (jsonschema and its bundled meta-schemas) runs both ways."""
    from equitone.services.archive import export_patient, import_archive

    patient = ctx.patients[0]
    target = ctx.folder / "patient.json"
    exported = export_patient(ctx.database, patient.id, target)
    imported = import_archive(ctx.database, target, force_new=True)
    if imported.patient_id == patient.id or (imported.assessments, imported.sessions) != (
        exported.assessments, exported.sessions
    ):
        raise SelfTestError("the re-imported archive differs from the exported one")
    ctx.notes.append(f"{exported.assessments} assessments, {exported.sessions} sessions")


STEPS: tuple[tuple[str, Callable[[_Context], None]], ...] = (
    ("resources", _resources),
    ("database", _database),
    ("demo data", _demo),
    ("main window", _main_window),
    ("body map", _body_map),
    ("trend chart", _trend_chart),
    ("session design", _session),
    ("plan pdf", _plan_pdf),
    ("pdf preview", _pdf_preview),
    ("patient archive", _archive),
)


@contextmanager
def _private_home(folder: Path) -> Iterator[None]:
    """Settings, logs and the default database go to the temporary folder for the run."""
    saved = {name: os.environ.get(name) for name in (paths.HOME_ENV, paths.DB_ENV)}
    os.environ[paths.HOME_ENV] = str(folder / "home")
    os.environ.pop(paths.DB_ENV, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# Qt warnings that say nothing about the installation (the offscreen platform cannot size
# native windows); anything else Qt says is passed on.
_HARMLESS_QT_MESSAGES = ("propagateSizeHints",)


def _install_quiet_qt(err: TextIO) -> object:
    """Route Qt's messages through a filter; returns the previous handler."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if not any(text in message for text in _HARMLESS_QT_MESSAGES):
            print(f"qt: {message}", file=err, flush=True)

    return qInstallMessageHandler(handler)


@contextmanager
def _quiet_qt(err: TextIO) -> Iterator[None]:
    from PySide6.QtCore import qInstallMessageHandler

    previous = _install_quiet_qt(err)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)  # type: ignore[arg-type]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    if isinstance(exc, SelfTestError):
        return first
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def run_self_test(out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="equitone-self-test-",
                                     ignore_cleanup_errors=True) as tmp:
        ctx = _Context(Path(tmp))
        try:
            with _private_home(ctx.folder), _quiet_qt(err):
                for name, step in STEPS:
                    ctx.notes.clear()
                    began = time.perf_counter()
                    try:
                        step(ctx)
                    except Exception as exc:  # a self-test reports, it never shows a traceback
                        print(f"self-test: FAILED at {name}: {_reason(exc)}", file=err,
                              flush=True)
                        return 1
                    extra = f"; {', '.join(ctx.notes)}" if ctx.notes else ""
                    ms = (time.perf_counter() - began) * 1000
                    print(f"self-test: {name} ok ({ms:.0f} ms{extra})", file=out, flush=True)
        finally:
            if ctx.db is not None:
                ctx.db.close()
    total = (time.perf_counter() - started) * 1000
    print(f"self-test: passed, {len(STEPS)} steps in {total:.0f} ms", file=out, flush=True)
    return 0


class SelfTestAction(argparse.Action):
    """`--self-test` runs at once and exits, like `--version` (nothing else is parsed)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        # The filter stays until the process ends: Qt's teardown after the run is noisy too.
        _install_quiet_qt(sys.stderr)
        parser.exit(run_self_test())
