"""Settings: the notes reminder, and how cards are read (OCR language, default phone region)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

GUESS_REGION = ""  # the region is read from the card itself (+code, country, web domain)


@dataclass(frozen=True)
class SettingsChoice:
    reminder_minutes: int
    lang: str
    region: str | None


def region_label(code: str) -> str:
    territory = QLocale.codeToTerritory(code)
    name = QLocale.territoryToString(territory) if territory != QLocale.Country.AnyTerritory else ""
    return f"{code} — {name}" if name else code


class SettingsDialog(QDialog):
    def __init__(self, current: SettingsChoice, languages: list[str], regions: list[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        form = QFormLayout(self)

        self.reminder = QSpinBox(self)
        self.reminder.setRange(0, 240)
        self.reminder.setSuffix(" min")
        self.reminder.setSpecialValueText("never")
        self.reminder.setValue(current.reminder_minutes)
        self.reminder.setAccessibleName("Reminder for contacts without notes")
        form.addRow("Remind me about contacts without notes after", self.reminder)

        self.language = QComboBox(self)
        self.language.setAccessibleName("Language of the cards")
        choices = list(dict.fromkeys([current.lang, *languages, *(f"eng+{code}" for code in languages
                                                                     if code != "eng")]))
        for code in choices:
            self.language.addItem(code, code)
        self.language.setCurrentIndex(max(self.language.findData(current.lang), 0))
        form.addRow("Language of the cards (Tesseract)", self.language)

        self.region = QComboBox(self)
        self.region.setAccessibleName("Country for phone numbers without a country code")
        self.region.addItem("Guess from the card", GUESS_REGION)
        for code in regions:
            self.region.addItem(region_label(code), code)
        self.region.setCurrentIndex(max(self.region.findData(current.region or GUESS_REGION), 0))
        form.addRow("Country for numbers printed without +code", self.region)

        hint = QLabel("Reading settings apply to cards read from now on.", self)
        hint.setWordWrap(True)
        form.addRow(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> SettingsChoice:
        return SettingsChoice(self.reminder.value(), self.language.currentData(),
                              self.region.currentData() or None)
