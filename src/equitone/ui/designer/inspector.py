"""The right-hand panel: the selected card in full (why the engine added it, whether it is
relaxed within every rep and why, its cues and warnings, the buttons that act on it), the
session's own warnings, and what was dismissed, with the reasons, so a dismissal can be
withdrawn. People read sentences here, never rule identifiers."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.sequencing import (
    Block,
    BlockSide,
    Dismissal,
    PlanWarning,
    RuleId,
    rule_title,
)
from equitone.figures import Scene
from equitone.ui import style
from equitone.ui.designer import colours
from equitone.ui.designer.figure_panel import FigurePanel
from equitone.ui.designer.timeline_model import Card


def _label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def card_html(card: Card) -> str:
    block, e = card.block, html.escape
    rows = [
        f"<p style='font-size:large'><b>{e(card.name)}</b></p>",
        f"<p>{e(card.kind_label)} · {e(card.muscles)} · {e(card.side)}<br>"
        f"<b>Dose:</b> {e(card.dose)}</p>",
    ]
    if card.swapped_from:  # the clinician's own choice first: it names what is shown
        rows.append(
            f"<p><b>Swapped by you</b>: the engine chose {e(card.swapped_from)}; the clinician"
            " copy records the swap.</p>"
        )
    if block.auto and block.rule is not None:
        placed = " — placed by you, the engine keeps it here" if block.pinned else ""
        rows.append(
            f"<p style='background:{colours.BADGE_FILL.name()};padding:4px'>"
            "<b>Added automatically</b> "
            f"({e(rule_title(block.rule))}){e(placed)}<br>{e(block.reason)}</p>"
        )
    within = [c for c in block.cues if c.rule is RuleId.RELAXED_WITHIN_REP]
    for cue in within:  # rule 1, made visible: no relaxation block follows, and why
        rows.append(
            f"<p style='background:{colours.RELAX_FILL.name()};padding:4px'>"
            "<b>Relaxed within every rep</b><br>"
            f"{e(cue.text.partition(': ')[2] or cue.text)}</p>"
        )
    cues = [c for c in block.cues if c.rule is not RuleId.RELAXED_WITHIN_REP]
    if cues:
        listed = "".join(f"<li>{e(c.text)}</li>" for c in cues)
        rows.append(f"<p><b>Cues</b></p><ul style='margin-left:-20px'>{listed}</ul>")
    if block.reciprocal_inhibition:
        rows.append("<p>Progression: reciprocal inhibition (rule 2).</p>")
    if block.note:
        rows.append(f"<p><b>Note:</b> {e(block.note)}</p>")
    for warning in card.warnings:
        rows.append(f"<p style='color:{style.ERROR}'>⚠ {e(warning)}</p>")
    return "".join(rows)


SIDE_CHOICES: tuple[tuple[BlockSide, str], ...] = (
    (BlockSide.BOTH, "Both sides"), (BlockSide.LEFT, "Left"), (BlockSide.RIGHT, "Right"),
)


class Inspector(QWidget):
    restoreRequested = QtSignal(object)  # noqa: N815  Dismissal
    sideChosen = QtSignal(str, object)  # noqa: N815  block id, BlockSide

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card_box = QGroupBox("Selected block")
        self.figure = FigurePanel()
        # On a laptop screen the pictures give way to the card's text (why the block is there,
        # its warnings), down to a size still easy to read; with room, they grow back.
        self.figure.view.setMinimumHeight(110)
        self.card_text = _label()
        self.card_text.setObjectName("cardDetails")
        buttons = QGridLayout()
        buttons.setSpacing(4)
        self.buttons: list[QToolButton] = []
        for n, action in enumerate(actions):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            if action.menu() is not None:
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
            # One column: two columns of long labels made the inspector (and so the patient
            # page) 300 px wide at least, which squeezed the patient list on 1280-px screens.
            buttons.addWidget(button, n, 0)
            self.buttons.append(button)
        # A long card (reason, swap, within-rep box, cues, warnings) under the large pictures
        # scrolls on a short screen instead of running under the buttons.
        text_area = QScrollArea()
        text_area.setWidget(self.card_text)
        text_area.setWidgetResizable(True)
        text_area.setFrameShape(QScrollArea.Shape.NoFrame)
        text_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        text_area.setMinimumHeight(8 * self.card_text.fontMetrics().lineSpacing())
        # The side a block works is chosen here after it was added (the library's side only
        # sets new blocks): a clinician block's own choice; an automatic one follows its block.
        self.side = QComboBox()
        self.side.setObjectName("blockSide")
        for value, label in SIDE_CHOICES:
            self.side.addItem(label, value.value)  # Qt keeps a StrEnum as its plain text
        self.side.activated.connect(self._side_chosen)
        self._side_block: str | None = None
        side_row = QFormLayout()
        side_row.setContentsMargins(0, 0, 0, 0)
        self.side_label = QLabel("Si&de")
        self.side_label.setBuddy(self.side)
        side_row.addRow(self.side_label, self.side)
        card_layout = QVBoxLayout(self.card_box)
        card_layout.addWidget(self.figure)
        card_layout.addWidget(text_area, 1)
        card_layout.addLayout(side_row)
        card_layout.addLayout(buttons)

        self.warnings_box = QGroupBox("Session warnings")
        self.warnings_text = _label()
        self.warnings_text.setObjectName("sessionWarnings")
        QVBoxLayout(self.warnings_box).addWidget(self.warnings_text)

        self.dismissed_box = QGroupBox("Dismissed by you")
        self.dismissed = QListWidget()
        self.dismissed.setObjectName("dismissedList")
        self.dismissed.setWordWrap(True)
        self.dismissed.setMaximumHeight(90)  # two dismissals in view: the card text needs room
        self.restore = QPushButton("Restore")
        self.restore.setToolTip("Let the engine add this block again")
        self.restore.clicked.connect(self._restore_current)
        self.dismissed.itemActivated.connect(lambda _item: self._restore_current())
        self.dismissed.currentRowChanged.connect(lambda _row: self._update_restore())
        dismissed_layout = QVBoxLayout(self.dismissed_box)
        dismissed_layout.addWidget(self.dismissed)
        dismissed_layout.addWidget(self.restore, 0, Qt.AlignmentFlag.AlignRight)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.card_box, 1)
        layout.addWidget(self.warnings_box)
        layout.addWidget(self.dismissed_box)
        self.show_buttons(())
        self.show_card(None)
        self.show_session((), (), read_only=False)

    def show_buttons(self, actions: Sequence[QAction]) -> None:
        """Only the buttons that apply to the selected card."""
        for button in self.buttons:
            button.setVisible(button.defaultAction() in actions)

    def show_card(self, card: Card | None, pictures: Sequence[Scene] = ()) -> None:
        """The card's text and, large, its pictures (start and end, or one position)."""
        self.figure.show_frames(pictures if card is not None else ())
        if card is None:
            self.card_text.setText(
                f"<p style='color:{style.MUTED}'>Select a block in the timeline to see why it is "
                "there, its cues and warnings. Keys: Enter adds the library's exercise, "
                "Ctrl+↑/↓ moves, F2 edits the dose, Ctrl+D duplicates, Delete removes "
                "(or dismisses an automatic block).</p>"
            )
        else:
            self.card_text.setText(card_html(card))

    def show_side(self, block: Block | None, *, read_only: bool) -> None:
        """The selected block's side: changeable for a clinician block of an editable
        session; shown, greyed, with the reason otherwise."""
        self.side.setVisible(block is not None)
        self.side_label.setVisible(block is not None)
        self._side_block = block.id if block is not None else None
        if block is None:
            return
        self.side.setCurrentIndex(max(0, self.side.findData(block.side.value)))
        self.side.setEnabled(not read_only and not block.auto)
        if read_only:
            tip = "This session is read-only: its blocks keep their sides."
        elif block.auto:
            tip = "Added automatically: it works the side of the block it belongs to."
        else:
            tip = "Which side this block works; the automatic blocks after it follow."
        self.side.setToolTip(tip)

    def _side_chosen(self, index: int) -> None:
        if self._side_block is not None:
            self.sideChosen.emit(self._side_block, BlockSide(self.side.itemData(index)))

    def show_session(
        self,
        warnings: Sequence[PlanWarning | str],
        dismissed: Sequence[tuple[Dismissal, str]],
        *,
        read_only: bool,
    ) -> None:
        """The session's own warnings (safety ones first, in bold) and the dismissals."""
        def line(warning: PlanWarning | str) -> str:
            if isinstance(warning, str):
                return f"<p style='color:{style.ERROR}'>⚠ {html.escape(warning)}</p>"
            weight = "font-weight:bold;" if warning.safety else ""
            return (f"<p style='color:{style.ERROR};{weight}'>⚠ "
                    f"{html.escape(warning.message)}</p>")

        ordered = sorted(warnings, key=lambda w: not getattr(w, "safety", False))
        self.warnings_text.setText("".join(line(w) for w in ordered))
        self.warnings_box.setVisible(bool(warnings))
        self.dismissed.clear()
        for dismissal, what in dismissed:
            item = QListWidgetItem(f"{what}\n— {dismissal.reason or 'no reason given'}")
            item.setData(Qt.ItemDataRole.UserRole, dismissal)
            item.setToolTip(f"Dismissed: {what}. Reason: {dismissal.reason}")
            self.dismissed.addItem(item)
        self.dismissed_box.setVisible(bool(dismissed))
        self._read_only = read_only
        self._update_restore()

    def _update_restore(self) -> None:
        self.restore.setEnabled(not self._read_only and self.dismissed.currentRow() >= 0)

    def _restore_current(self) -> None:
        item = self.dismissed.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(value, Dismissal) and not self._read_only:
            self.restoreRequested.emit(value)
