"""Clinic settings that printing and sequencing read (stored in the database)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from equitone.domain.types import Exercise
from equitone.errors import ValidationError
from equitone.services.settings import PAPER_SIZES, SESSION_LIMITS, ClinicSettings


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: ClinicSettings,
        modalities: list[Exercise],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(480)
        self._extra = dict(settings.extra)
        self.clinic_name = QLineEdit(settings.clinic_name)
        self.clinic_address = QPlainTextEdit(settings.clinic_address)
        self.clinic_address.setFixedHeight(60)
        self.clinic_contact = QLineEdit(settings.clinic_contact)
        self.clinic_contact.setPlaceholderText("Phone, e-mail, website")
        self.logo_path = QLineEdit(settings.logo_path)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_logo)
        self.clinicians = QPlainTextEdit("\n".join(settings.clinicians))
        self.clinicians.setPlaceholderText("One name per line")
        self.clinicians.setFixedHeight(72)
        self.modality = QComboBox()
        for exercise in sorted(modalities, key=lambda e: e.name):
            self.modality.addItem(exercise.name, exercise.slug)
        found = self.modality.findData(settings.preferred_modality)
        self.modality.setCurrentIndex(max(found, 0))
        self.paper = QComboBox()
        for size in PAPER_SIZES:
            self.paper.addItem("A4" if size == "a4" else "US Letter", size)
        self.paper.setCurrentIndex(max(self.paper.findData(settings.paper_size), 0))
        self.session_limit = QSpinBox()
        self.session_limit.setRange(*SESSION_LIMITS)
        self.session_limit.setSuffix(" min")
        self.session_limit.setValue(settings.session_limit_minutes)
        self.session_limit.setToolTip(
            "The session designer warns when a session's estimated length is past this"
        )
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_path, 1)
        logo_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Clinic &name:", self.clinic_name)
        form.addRow("&Address:", self.clinic_address)
        form.addRow("&Contact:", self.clinic_contact)
        form.addRow("&Logo:", logo_row)
        form.addRow("C&linicians:", self.clinicians)
        form.addRow("Preferred &relaxation:", self.modality)
        form.addRow("&Paper size:", self.paper)
        form.addRow("Session length &limit:", self.session_limit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _browse_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Clinic logo", "", "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.logo_path.setText(path)

    def settings(self) -> ClinicSettings:
        return ClinicSettings(
            clinic_name=self.clinic_name.text(),
            clinic_address=self.clinic_address.toPlainText(),
            clinic_contact=self.clinic_contact.text(),
            logo_path=self.logo_path.text(),
            clinicians=tuple(self.clinicians.toPlainText().splitlines()),
            preferred_modality=str(self.modality.currentData()),
            paper_size=str(self.paper.currentData()),
            extra=self._extra,
            session_limit_minutes=self.session_limit.value(),
        )

    def accept(self) -> None:
        try:
            self.settings().validated()
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
