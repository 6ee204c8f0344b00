"""The contact detail, editable in place: fields, phones with their kind, emails, websites,
address, relationship, the notes and the follow-ups; the card image and Review one click away.

Edits are collected into a ContactEdits and emitted a moment after typing stops (and when the
editor loses the contact), so nothing typed is lost; the controller saves them on a worker.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import NOTE_QUESTIONS, PHONE_KINDS, ContactCard, ContactEdits
from ui.views.date_field import DateField

AUTOSAVE_DELAY_MS = 600


class ListEditor(QWidget):
    """Rows of one-line values (emails, websites, phones with a kind), each removable, plus Add."""

    changed = Signal()

    def __init__(self, noun: str, kinds: tuple[str, ...] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self._noun, self._kinds = noun, kinds
        self._rows: list[tuple[QWidget, QLineEdit, QComboBox | None]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.add_button = QPushButton(f"Add {noun}", self)
        self.add_button.setFlat(True)
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(lambda: self._add_row("", kinds[0] if kinds else "", focus=True))
        self._layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_values(self, values: list) -> None:
        for row, _edit, _kind in self._rows:
            row.deleteLater()
        self._rows = []
        for value in values:
            text, kind = value if isinstance(value, tuple) else (value, "")
            self._add_row(text, kind)

    def values(self) -> list:
        out = []
        for _row, edit, kind in self._rows:
            text = edit.text().strip()
            if text:
                out.append((text, kind.currentData()) if kind is not None else text)
        return out

    def edits(self) -> list[QLineEdit]:
        return [edit for _row, edit, _kind in self._rows]

    def _add_row(self, text: str, kind_value: str, focus: bool = False) -> None:
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(text, row)
        edit.setAccessibleName(self._noun.capitalize())
        edit.textEdited.connect(lambda _t: self.changed.emit())
        line.addWidget(edit, 1)
        kind = None
        if self._kinds:
            kind = QComboBox(row)
            kind.setAccessibleName(f"{self._noun.capitalize()} kind")
            for value in self._kinds:
                kind.addItem(value.capitalize(), value)
            kind.setCurrentIndex(max(kind.findData(kind_value), 0))
            kind.currentIndexChanged.connect(lambda _i: self.changed.emit())
            line.addWidget(kind)
        remove = QPushButton("✕", row)
        remove.setFlat(True)
        remove.setFixedWidth(28)
        remove.setAccessibleName(f"Remove {self._noun}")
        remove.setToolTip(f"Remove this {self._noun}")
        line.addWidget(remove)
        entry = (row, edit, kind)
        remove.clicked.connect(lambda: self._remove(entry))
        self._rows.append(entry)
        self._layout.insertWidget(self._layout.count() - 1, row)
        if focus:
            edit.setFocus()

    def _remove(self, entry) -> None:
        self._rows.remove(entry)
        entry[0].deleteLater()
        self.changed.emit()


class ContactEditor(QScrollArea):
    saveRequested = Signal(int, object)  # contact id, ContactEdits
    reviewRequested = Signal(int)
    deleteRequested = Signal(int)
    addFollowUpRequested = Signal(int)

    def __init__(self, relationships: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Contact details")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._card: ContactCard | None = None
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

        self.pages = QStackedWidget(self)
        self.placeholder = QLabel("Select a contact to see and edit the card, notes and follow-ups.", self)
        self.placeholder.setObjectName("hint")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.placeholder)
        form_page = QWidget(self)
        self.pages.addWidget(form_page)
        self.setWidget(self.pages)

        self.front = QLabel(form_page)
        self.front.setAccessibleName("Card front")
        self.front.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back = QLabel(form_page)
        self.back.setAccessibleName("Card back")
        self.back.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel("", form_page)
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.review_button = QPushButton("Review card…", form_page)
        self.review_button.setToolTip("Check the fields against the card image (Ctrl+R)")
        self.review_button.clicked.connect(lambda: self._card and self.reviewRequested.emit(self._card.id))
        self.delete_button = QPushButton("Delete", form_page)
        self.delete_button.setToolTip("Move this contact to the Trash (Undo with Ctrl+Z)")
        self.delete_button.clicked.connect(lambda: self._card and self.deleteRequested.emit(self._card.id))
        self.saved = QLabel("", form_page)
        self.saved.setObjectName("savedHint")
        self.saved.setAccessibleName("Save status")
        actions = QHBoxLayout()
        actions.addWidget(self.review_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.saved)

        self.name = QLineEdit(form_page)
        self.name.setObjectName("detailName")
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("Name")
        self.title = QLineEdit(form_page)
        self.department = QLineEdit(form_page)
        self.company = QLineEdit(form_page)
        for edit, label in ((self.title, "Title"), (self.department, "Department"), (self.company, "Company")):
            edit.setAccessibleName(label)
        self.relationship = QComboBox(form_page)
        self.relationship.setAccessibleName("Relationship")
        for value, label in relationships:
            self.relationship.addItem(label, value)
        self.events = QLabel("", form_page)
        self.events.setWordWrap(True)
        self.phones = ListEditor("phone", PHONE_KINDS, form_page)
        self.emails = ListEditor("email", (), form_page)
        self.websites = ListEditor("website", (), form_page)
        self.address = _TextBox(form_page, lines=3)
        self.address.setAccessibleName("Address")
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in (("Title", self.title), ("Department", self.department), ("Company", self.company),
                              ("Relationship", self.relationship), ("Met at", self.events),
                              ("Phones", self.phones), ("Emails", self.emails), ("Websites", self.websites),
                              ("Address", self.address)):
            fields.addRow(label, widget)

        notes_box = QGroupBox("Notes", form_page)
        notes_form = QFormLayout(notes_box)
        notes_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.answers: dict[str, QPlainTextEdit] = {}
        for field_name, question in [(q.field, q.question) for q in NOTE_QUESTIONS] + [("text", "Anything else")]:
            box = _TextBox(notes_box, lines=2)
            box.setAccessibleName(question)
            self.answers[field_name] = box
            notes_form.addRow(question, box)

        self.follow_ups_box = QGroupBox("Follow-ups", form_page)
        self._follow_layout = QVBoxLayout(self.follow_ups_box)
        self._follow_rows: list[tuple[int, DateField, QCheckBox]] = []
        self.add_follow_up = QPushButton("Add follow-up", self.follow_ups_box)
        self.add_follow_up.setFlat(True)
        self.add_follow_up.clicked.connect(lambda: self._card and self.addFollowUpRequested.emit(self._card.id))
        self._follow_layout.addWidget(self.add_follow_up, 0, Qt.AlignmentFlag.AlignLeft)

        layout = QVBoxLayout(form_page)
        layout.addWidget(self.front)
        layout.addWidget(self.back)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addWidget(self.name)
        layout.addLayout(fields)
        layout.addWidget(notes_box)
        layout.addWidget(self.follow_ups_box)
        layout.addStretch(1)

        for edit in (self.name, self.title, self.department, self.company):
            edit.textEdited.connect(self._changed)
        for box in (self.address, *self.answers.values()):
            box.textChanged.connect(self._changed)
        for lister in (self.phones, self.emails, self.websites):
            lister.changed.connect(self._changed)
        self.relationship.currentIndexChanged.connect(self._changed)
        self.show_card(None)

    # -- public --------------------------------------------------------------------------------
    def contact_id(self) -> int | None:
        return self._card.id if self._card else None

    def show_message(self, text: str) -> None:
        self.flush()
        self._card = None
        self.placeholder.setText(text)
        self.pages.setCurrentIndex(0)

    def show_card(self, card: ContactCard | None, front: QImage | None = None, back: QImage | None = None) -> None:
        """Show a contact (None: the placeholder); pending edits of the previous one are saved first."""
        if self._card is not None and (card is None or card.id != self._card.id):
            self.flush()
        self._timer.stop()
        self._card = card
        if card is None:
            self.placeholder.setText("Select a contact to see and edit the card, notes and follow-ups.")
            self.pages.setCurrentIndex(0)
            return
        self._loading = True
        try:
            self.name.setText(card.full_name)
            self.name.setPlaceholderText(card.name if not card.full_name else "Name")
            self.title.setText(card.title)
            self.department.setText(card.department)
            self.company.setText(card.company)
            self.relationship.setCurrentIndex(max(self.relationship.findData(card.relationship), 0))
            self.events.setText(", ".join(card.events) or "—")
            self.phones.set_values(card.phones)
            self.emails.set_values(card.emails)
            self.websites.set_values(card.websites)
            self.address.setPlainText(card.address)
            for key, box in self.answers.items():
                box.setPlainText(card.answers.get(key, ""))
            self._set_follow_ups(card)
            self.status.setText(f"The card could not be read: {card.reading_failed} Type the details in here "
                                "or with Review." if card.reading_failed else "")
            self.status.setVisible(bool(card.reading_failed))
            self.saved.setText("")
        finally:
            self._loading = False
        for label, image in ((self.front, front), (self.back, back)):
            if image is None or image.isNull():
                label.clear()
                label.hide()
            else:
                width = max(200, self.viewport().width() - 40)
                label.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                    min(width, 480), Qt.TransformationMode.SmoothTransformation))
                label.show()
        self.pages.setCurrentIndex(1)

    def is_editing(self) -> bool:
        """The user is typing here (a reload would move the cursor) or edits wait to be saved."""
        focus = self.focusWidget()
        return self._timer.isActive() or (focus is not None and self.isAncestorOf(focus) and focus.hasFocus())

    def edits(self) -> ContactEdits:
        card = self._card
        return ContactEdits(
            full_name=self.name.text().strip(), title=self.title.text().strip(),
            department=self.department.text().strip(), company=self.company.text().strip(),
            emails=self.emails.values(), phones=self.phones.values(), websites=self.websites.values(),
            address=self.address.toPlainText().strip(), relationship=self.relationship.currentData(),
            answers={key: box.toPlainText().strip() for key, box in self.answers.items()},
            note_event_id=card.note_event_id if card else None,
            follow_ups=[(fid, _to_date(due.date()), done.isChecked()) for fid, due, done in self._follow_rows])

    def flush(self) -> None:
        """Save now whatever was typed (called by the debounce timer and before switching)."""
        if self._timer.isActive():
            self._timer.stop()
        if self._card is not None and getattr(self, "_dirty", False):
            self._dirty = False
            self.saveRequested.emit(self._card.id, self.edits())
            self.saved.setText("Saved")

    # -- private -------------------------------------------------------------------------------
    def _set_follow_ups(self, card: ContactCard) -> None:
        for _fid, due, _done in self._follow_rows:
            due.parentWidget().deleteLater()
        self._follow_rows = []
        for item in card.follow_ups:
            row = QWidget(self.follow_ups_box)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            due = DateField(QDate(item.due.year, item.due.month, item.due.day), row)
            due.setCalendarPopup(True)
            due.setDisplayFormat("ddd d MMM yyyy")
            due.setAccessibleName("Follow-up date")
            text = item.summary or "Follow up"
            if item.done and item.outcome:
                text += f" — {item.outcome}"
            elif item.overdue:
                text += " (overdue)"
            what = QLabel(text, row)
            what.setWordWrap(True)
            done = QCheckBox("Done", row)
            done.setChecked(item.done)
            line.addWidget(due)
            line.addWidget(what, 1)
            line.addWidget(done)
            due.dateChanged.connect(self._changed)
            done.toggled.connect(self._changed)
            self._follow_rows.append((item.id, due, done))
            self._follow_layout.insertWidget(self._follow_layout.count() - 1, row)

    def _changed(self, *_args) -> None:
        if self._loading or self._card is None:
            return
        self._dirty = True
        self.saved.setText("Saving…")
        self._timer.start()


class _TextBox(QPlainTextEdit):
    """A few lines of text where Tab moves on (notes, an address: not code)."""

    def __init__(self, parent: QWidget | None = None, lines: int = 2):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(int(self.fontMetrics().lineSpacing() * (lines + 0.6)) + 10)


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
