"""Settings: the notes reminder, and how cards are read (OCR language, default phone region)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from netcapture.desk import TEMPLATE_FIELDS

GUESS_REGION = ""  # the region is read from the card itself (+code, country, web domain)


@dataclass(frozen=True)
class SettingsChoice:
    reminder_minutes: int
    lang: str
    region: str | None
    follow_up_rule: str = "next-day"  # netcapture.followups.FollowUpRule as text
    mail_template: str | None = None  # None: leave it as it is


# When a new contact's follow-up is due: (rule as the Library parses it, label).
FOLLOW_UP_RULES = (("same-day", "The same day"), ("next-day", "The next day"), ("3", "In 3 days"),
                   ("7", "In a week"), ("none", "No follow-up"))


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

        self.rule = QComboBox(self)
        self.rule.setAccessibleName("When a new contact's follow-up is due")
        for value, label in FOLLOW_UP_RULES:
            self.rule.addItem(label, value)
        if self.rule.findData(current.follow_up_rule) < 0:
            self.rule.addItem(current.follow_up_rule, current.follow_up_rule)
        self.rule.setCurrentIndex(self.rule.findData(current.follow_up_rule))
        form.addRow("Follow up with new contacts", self.rule)
        self.template = QPlainTextEdit(self)
        self.template.setAccessibleName("Follow-up mail template")
        self.template.setPlainText(current.mail_template or "")
        self.template.setFixedHeight(self.fontMetrics().lineSpacing() * 7 + 12)
        fields = ", ".join("{" + name + "}" for name in TEMPLATE_FIELDS)
        self.template.setToolTip(f"A first line “Subject: …” is the subject. Fields: {fields}. Empty: the default.")
        form.addRow("Follow-up mail (Write follow-up)", self.template)

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
                              self.region.currentData() or None, self.rule.currentData(),
                              self.template.toPlainText().strip())
