"""The after-event review: four questions (yes / somewhat / no, with an optional line), go again?
(yes / maybe / no), a note, and the contacts still to finish (no notes or no follow-up)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import GO_AGAIN_ANSWERS, REVIEW_ANSWERS, REVIEW_QUESTIONS


class _Choice(QWidget):
    """One answer out of a few, as radio buttons (keyboard: Tab to the group, arrows to choose)."""

    def __init__(self, options, accessible: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(accessible)
        self.group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QRadioButton] = {}
        for value in options:
            button = QRadioButton(value.capitalize(), self)
            button.setAccessibleName(f"{accessible}: {value}")
            self.group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button)

    def value(self) -> str:
        return next((v for v, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, value: str) -> None:
        if value in self.buttons:
            self.buttons[value].setChecked(True)


class EventReviewDialog(QDialog):
    finishRequested = Signal(list)  # contact ids still without notes or a follow-up

    def __init__(self, event_name: str, review: dict | None, unfinished: list[tuple[int, str]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("After the event: a short review")
        self.setAccessibleName("After-event review")
        self.setMinimumWidth(640)
        review = review or {}
        heading = QLabel(f"<h3>How was {_escape(event_name)}?</h3>", self)
        heading.setWordWrap(True)
        intro = QLabel("A minute now tells you later which events are worth going back to.", self)
        intro.setObjectName("hint")
        intro.setWordWrap(True)

        grid = QGridLayout()
        self.answers: dict[str, _Choice] = {}
        self.lines: dict[str, QLineEdit] = {}
        for row, (name, question) in enumerate(REVIEW_QUESTIONS):
            label = QLabel(question, self)
            choice = _Choice(REVIEW_ANSWERS, question, self)
            line = QLineEdit(self)
            line.setPlaceholderText("a line, if you like")
            line.setAccessibleName(f"{question} — a line")
            saved = review.get(name) or {}
            choice.set_value(saved.get("answer", ""))
            line.setText(saved.get("line", ""))
            grid.addWidget(label, row * 2, 0)
            grid.addWidget(choice, row * 2, 1)
            grid.addWidget(line, row * 2 + 1, 0, 1, 2)
            self.answers[name], self.lines[name] = choice, line
        grid.setColumnStretch(0, 1)
        self.go_again = _Choice(GO_AGAIN_ANSWERS, "Go again?", self)
        self.go_again.set_value(review.get("go_again") or "")
        go_row = QHBoxLayout()
        go_label = QLabel("<b>Go again?</b>", self)
        go_row.addWidget(go_label)
        go_row.addWidget(self.go_again)
        go_row.addStretch(1)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note about the event")
        self.note.setPlaceholderText("A note for next time (who to look for, when to arrive, …)")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 2 + 14)
        self.note.setPlainText(review.get("note") or "")

        self.unfinished = QListWidget(self)
        self.unfinished.setAccessibleName("Contacts still to finish")
        for contact_id, name in unfinished:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, contact_id)
            self.unfinished.addItem(item)
        self.unfinished.setMaximumHeight(self.unfinished.sizeHintForRow(0) * 4 + 8 if unfinished else 0)
        self.finish_button = QPushButton("Finish them now…", self)
        self.finish_button.setToolTip("Write the missing notes and follow-ups, one contact after another")
        self.finish_button.clicked.connect(self._finish)
        box = QGroupBox(f"Still to finish: {len(unfinished)} contact{'s' if len(unfinished) != 1 else ''} "
                        "without notes or a follow-up" if unfinished else "Every contact has notes and a follow-up",
                        self)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.unfinished)
        box_layout.addWidget(self.finish_button, 0, Qt.AlignmentFlag.AlignRight)
        self.unfinished.setVisible(bool(unfinished))
        self.finish_button.setVisible(bool(unfinished))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addLayout(go_row)
        layout.addWidget(self.note)
        layout.addWidget(box)
        layout.addWidget(buttons)

    def values(self) -> tuple[dict[str, str], dict[str, str], str, str]:
        """(answers, lines, go_again, note) for Desk.save_event_review."""
        return ({k: c.value() for k, c in self.answers.items()}, {k: e.text().strip() for k, e in self.lines.items()},
                self.go_again.value(), self.note.toPlainText().strip())

    def _finish(self) -> None:
        ids = [self.unfinished.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.unfinished.count())]
        self.accept()  # what was answered is saved first
        self.finishRequested.emit(ids)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
