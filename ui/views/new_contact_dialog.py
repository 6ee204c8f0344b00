"""New contact by hand: for the person who had no card (Ctrl+N)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget


class NewContactDialog(QDialog):
    def __init__(self, event_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New contact")
        self.setAccessibleName("New contact")
        self.setMinimumWidth(420)
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Name")
        self.company = QLineEdit(self)
        self.company.setAccessibleName("Company")
        self.email = QLineEdit(self)
        self.email.setAccessibleName("Email")
        self.phone = QLineEdit(self)
        self.phone.setAccessibleName("Phone")
        self.event = QLabel(event_name or "No event (choose one with File ▸ Switch Event)", self)
        self.event.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Company", self.company)
        form.addRow("&Email", self.email)
        form.addRow("&Phone", self.phone)
        form.addRow("Met at", self.event)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._validate)
        self.company.textChanged.connect(self._validate)
        self.email.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        """A name, a company or an email: something to find the person by later."""
        ok = any(w.text().strip() for w in (self.name, self.company, self.email))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> dict[str, str]:
        return {"name": self.name.text().strip(), "company": self.company.text().strip(),
                "email": self.email.text().strip(), "phone": self.phone.text().strip()}
