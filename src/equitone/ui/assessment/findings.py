"""Findings (plain text) and the Patient-Specific Functional Scale for one visit.

Edits are committed when a field is left (never per keystroke); the tab turns each commit into
an undo command. The change against the previous visit is shown with the PSFS thresholds
(2 points on the mean, 3 on a single activity).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.assessment import (
    PSFS_MAX_ITEMS,
    PSFS_MEANINGFUL_AVERAGE,
    PSFS_MIN_ITEMS,
    Assessment,
    PsfsItem,
    psfs_change_is_meaningful,
    psfs_incomplete,
)
from equitone.ui import style

from .editor import NoteEdit


def _signed(value: float) -> str:
    text = f"{value:+.1f}" if value != int(value) else f"{int(value):+d}"
    return text.replace("-", "−")


def mean_text(current: Assessment, previous: Assessment | None) -> str:
    score = current.psfs_score
    if score is None:
        return "PSFS score: — (enter 0–10 for each activity)"
    text = f"PSFS score: {score:.1f} / 10"
    before = previous.psfs_score if previous is not None else None
    if previous is not None and before is not None:
        delta = score - before
        meaningful = psfs_change_is_meaningful(delta)
        verdict = "meaningful change" if meaningful else "not yet a meaningful change"
        text += (
            f"  ·  {previous.day.isoformat()}: {before:.1f} ({_signed(delta)}, {verdict}"
            f" — ≥ {PSFS_MEANINGFUL_AVERAGE:g} on the mean)"
        )
    return text


def single_change_text(item: PsfsItem, previous: Assessment | None) -> str:
    if previous is None or item.score is None:
        return ""
    for old in previous.psfs:
        if old.activity.casefold() == item.activity.casefold() and old.score is not None:
            delta = item.score - old.score
            mark = (" ✓ meaningful" if psfs_change_is_meaningful(delta, single_activity=True)
                    else "")
            return f"was {old.score}: {_signed(delta)}{mark}"
    return "new"


class FindingsPanel(QWidget):
    findingsCommitted = Signal(str)  # noqa: N815
    psfsCommitted = Signal(tuple)  # noqa: N815  tuple[PsfsItem, ...]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._current: tuple[PsfsItem, ...] = ()
        self._findings = ""
        self.findings = NoteEdit()
        self.findings.setObjectName("findings")
        self.findings.setPlaceholderText("Findings (saved when you leave the field)")
        self.findings.setTabChangesFocus(True)
        self.activities: list[QLineEdit] = []
        self.scores: list[QSpinBox] = []
        self.changes: list[QLabel] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        grid.addWidget(QLabel("<b>Activity</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Score 0–10</b>"), 0, 1)
        grid.addWidget(QLabel("<b>vs previous</b>"), 0, 2)
        for n in range(PSFS_MAX_ITEMS):
            activity = QLineEdit()
            activity.setObjectName(f"psfsActivity{n}")
            activity.setPlaceholderText(f"Activity {n + 1} the patient finds hard")
            score = QSpinBox()
            score.setObjectName(f"psfsScore{n}")
            score.setRange(-1, 10)
            score.setSpecialValueText("—")
            score.setKeyboardTracking(False)
            score.setToolTip("0 = unable to perform, 10 = able as before the problem")
            change = QLabel()
            change.setStyleSheet(style.text())
            activity.editingFinished.connect(self._commit_psfs)
            score.valueChanged.connect(lambda _v: self._commit_psfs())
            grid.addWidget(activity, n + 1, 0)
            grid.addWidget(score, n + 1, 1)
            grid.addWidget(change, n + 1, 2)
            self.activities.append(activity)
            self.scores.append(score)
            self.changes.append(change)
        grid.setColumnStretch(0, 1)
        self.pending = QLabel()
        self.pending.setObjectName("psfsPending")
        self.pending.setWordWrap(True)
        self.pending.setStyleSheet(style.text(style.WARNING))
        self.pending.hide()
        self.mean = QLabel()
        self.mean.setObjectName("psfsMean")
        self.mean.setWordWrap(True)
        self.mean.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel("0 = unable, 10 = as before; a change of 2 on the mean or 3 on one "
                      "activity matters.")
        hint.setWordWrap(True)
        hint.setStyleSheet(style.text(size_px=11))
        heading = QLabel("<b>PSFS</b>")
        heading.setToolTip("Patient-Specific Functional Scale: three to five activities the "
                           "patient names, each 0 (unable) to 10 (as before the problem)")
        # A few lines for the findings (the text scrolls inside): on a 1280 x 720 screen the
        # PSFS rows below are then read whole, without scrolling the panel.
        lines = self.findings.fontMetrics().lineSpacing()
        self.findings.setFixedHeight(4 * lines + 12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(QLabel("<b>Findings</b>"))
        layout.addWidget(self.findings)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addWidget(self.pending)
        layout.addWidget(self.mean)
        layout.addStretch(1)
        self.findings.committed.connect(self._commit_findings)

    def show_assessment(
        self, current: Assessment | None, previous: Assessment | None, *, editable: bool
    ) -> None:
        self._loading = True
        try:
            self._current = current.psfs if current else ()
            self._findings = current.findings if current else ""
            if not self.findings.hasFocus():
                self.findings.setPlainText(self._findings)
            for n in range(PSFS_MAX_ITEMS):
                item = self._current[n] if n < len(self._current) else None
                activity, score = self.activities[n], self.scores[n]
                if not activity.hasFocus():
                    activity.setText(item.activity if item else "")
                score.setValue(item.score if item and item.score is not None else -1)
                self.changes[n].setText(single_change_text(item, previous) if item else "")
                activity.setReadOnly(not editable)
                score.setEnabled(editable)
            self.findings.setReadOnly(not editable)
            self.mean.setText(mean_text(current, previous) if current else "")
            self._show_pending(self.items())
        finally:
            self._loading = False

    def _show_pending(self, items: tuple[PsfsItem, ...]) -> None:
        """Say why one or two named activities are not saved yet (or, for an older record
        that has only those, that it is kept as it was)."""
        text = ""
        if psfs_incomplete(items):
            more = PSFS_MIN_ITEMS - len(items)
            if items == self._current:
                text = (f"Kept as recorded: {len(items)} activit"
                        f"{'y' if len(items) == 1 else 'ies'}, fewer than the {PSFS_MIN_ITEMS} the "
                        f"PSFS asks for; name {more} more to change it.")
            else:
                text = (f"Not saved yet: the PSFS asks for at least {PSFS_MIN_ITEMS} "
                        f"activities; name {more} more.")
        self.pending.setText(text)
        self.pending.setVisible(bool(text))

    def items(self) -> tuple[PsfsItem, ...]:
        """What the rows say now (rows without an activity are skipped)."""
        out = []
        for activity, score in zip(self.activities, self.scores, strict=True):
            name = activity.text().strip()
            if name:
                out.append(PsfsItem(name, score.value() if score.value() >= 0 else None))
        return tuple(out)

    def _commit_psfs(self) -> None:
        if self._loading or self.activities[0].isReadOnly():
            return
        items = self.items()
        self._show_pending(items)
        if items != self._current and not psfs_incomplete(items):
            self.psfsCommitted.emit(items)

    def _commit_findings(self, text: str) -> None:
        if self._loading or self.findings.isReadOnly() or text.strip() == self._findings:
            return
        self.findingsCommitted.emit(text)
