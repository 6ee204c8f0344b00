"""A date field where Tab moves to the next field, like every other field (QDateEdit's Tab walks
through day, month and year; the arrow keys still move between them)."""
from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QWidget


class DateField(QDateEdit):
    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        return QWidget.focusNextPrevChild(self, next)
