"""The memory prompt ("before the memory fades"): a compact panel right after each capture.

Typing saves as you go (debounced); the panel emits what to save, the main window hands it to the
notes service. Relationship choices and the default follow-up date come from the domain layer.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import NOTE_QUESTIONS
from ui.views.date_field import DateField

# The four questions, keyed by the Note fields they fill.
QUESTIONS = tuple((q.field, q.question) for q in NOTE_QUESTIONS)
AUTOSAVE_DELAY_MS = 400


class _AnswerEdit(QPlainTextEdit):
    """A two-line answer box where Tab moves on (typing notes, not code)."""

    submitted = Signal()  # Enter in walk-through mode: save and move on

    def __init__(self, parent: QWidget | None = None, enter_submits: bool = False):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.enter_submits = enter_submits  # then Shift+Enter starts a new line
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(int(line * 2.6) + 10)

    def keyPressEvent(self, event) -> None:
        if (self.enter_submits and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(320, self.height())


class MemoryPromptPanel(QWidget):
    saveRequested = Signal(int, dict)  # contact id, {field: value, "relationship": str, "follow_up": date|None}
    renamed = Signal(int, str)  # contact id, the name typed (walk-through mode)
    done = Signal(int)
    skipped = Signal(int)

    def __init__(self, relationships: list[tuple[str, str]], parent: QWidget | None = None,
                 walk_through: bool = False):
        """walk_through: the name is editable, Enter saves and moves on, Esc stops the walk."""
        super().__init__(parent)
        self._walk_through = walk_through
        self._name_shown = ""
        self.setAccessibleName("Memory prompt")
        self.setObjectName("memoryPrompt")
        self._contact_id: int | None = None
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

        self.card = QLabel(self)
        self.card.setAccessibleName("Card photo")
        self.card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card.setMinimumHeight(120)
        self.card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.heading = QLabel("Before the memory fades", self)
        self.heading.setObjectName("promptHeading")
        self.heading.setVisible(not walk_through)  # the walk-through page has its own heading
        self.who = QLabel("", self)
        self.who.setObjectName("promptWho")
        self.who.setWordWrap(True)
        self.who.setAccessibleName("Contact being noted")
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("Name as it should be saved")
        self.name.returnPressed.connect(self._done)
        self.name.setVisible(walk_through)
        self.name_label = QLabel("&Name (as it should be saved)", self)
        self.name_label.setBuddy(self.name)
        self.name_label.setVisible(walk_through)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.answers: dict[str, _AnswerEdit] = {}
        for key, question in QUESTIONS:
            edit = _AnswerEdit(self, enter_submits=walk_through)
            edit.submitted.connect(self._done)
            edit.setAccessibleName(question)
            edit.setPlaceholderText("…")
            edit.textChanged.connect(self._changed)
            self.answers[key] = edit
            form.addRow(question, edit)
        self.relationship = QComboBox(self)
        self.relationship.setAccessibleName("Relationship")
        for value, label in relationships:
            self.relationship.addItem(label, value)
        self.relationship.currentIndexChanged.connect(self._changed)
        self.follow_up_on = QCheckBox("Follow up on", self)
        self.follow_up_on.setChecked(True)
        self.follow_up_on.toggled.connect(self._changed)
        self.follow_up = DateField(self)
        self.follow_up.setAccessibleName("Follow-up date")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("ddd d MMM yyyy")
        self.follow_up.dateChanged.connect(self._changed)
        self.follow_up_on.toggled.connect(self.follow_up.setEnabled)
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_on)
        follow.addWidget(self.follow_up, 1)
        form.addRow("Relationship", self.relationship)
        form.addRow(follow)

        self.saved = QLabel("", self)
        self.saved.setObjectName("savedHint")
        self.saved.setAccessibleName("Save status")
        self.skip_button = QPushButton("Later", self)
        self.skip_button.setToolTip("Skip for now; the contact waits in “Notes missing”")
        self.skip_button.clicked.connect(self._skip)
        self.done_button = QPushButton("Done", self)
        self.done_button.setDefault(True)
        self.done_button.setToolTip("Save and go to the next card (Enter)" if walk_through
                                    else "Save and get ready for the next card (Ctrl+Enter)")
        if walk_through:
            self.done_button.setText("Next")
            self.skip_button.setText("Stop here")
            self.skip_button.setToolTip("Leave the rest in “Notes missing” (Esc)")
        self.done_button.clicked.connect(self._done)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._done, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
                  ).setWhatsThis("Save the notes and get ready for the next card")
        QShortcut(QKeySequence("Escape"), self, self._skip, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
                  ).setWhatsThis("Later: the contact waits in Notes missing")
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.done_button)

        form_page = QWidget(self)
        layout = QVBoxLayout(form_page)
        layout.addWidget(self.card)
        layout.addWidget(self.heading)
        layout.addWidget(self.who)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # Between cards: no empty, greyed-out form (with a meaningless date), just what comes next.
        self.idle = QLabel("<h3>Before the memory fades</h3><p>Capture a card (Space) and a few questions "
                           "appear here: what they need, how you can help, who they could introduce you to — "
                           "and when to follow up.</p>", self)
        self.idle.setObjectName("hint")
        self.idle.setWordWrap(True)
        self.idle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        idle_page = QWidget(self)
        idle_layout = QVBoxLayout(idle_page)
        idle_layout.setContentsMargins(32, 24, 32, 24)
        idle_layout.addWidget(self.idle)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(idle_page)
        self.pages.addWidget(form_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self._show_form(False)

    # -- public --------------------------------------------------------------------------------
    def contact_id(self) -> int | None:
        return self._contact_id

    def open_for(self, contact_id: int, who: str, notes: dict[str, str], relationship: str,
                 follow_up: date | None, card: QImage | None = None, name: str = "") -> None:
        """Show the prompt for a contact; saves any pending typing for the previous one first.
        ``name``: the editable name (walk-through mode)."""
        self.flush()
        self._contact_id = contact_id
        self._name_shown = name
        self.name.setText(name)
        self._fill_form(who, notes, relationship, follow_up, card)
        if self._walk_through and not name:
            self.name.setFocus()  # nothing read: type the name first

    def open_pending(self, card: QImage | None, relationship: str, follow_up: date | None) -> None:
        """Open right at the shutter, before the reading has created the contact: what is typed
        is kept and saved as soon as assign_contact() names the contact."""
        self.flush()
        self._contact_id = None
        self._pending = True
        self._dirty = False
        self._fill_form("Reading the card…", {}, relationship, follow_up, card)

    def _fill_form(self, who: str, notes: dict[str, str], relationship: str, follow_up: date | None,
                   card: QImage | None) -> None:
        self._loading = True  # filling the fields is not typing: no autosave
        try:
            self.who.setText(who)
            for key, edit in self.answers.items():
                edit.setPlainText(notes.get(key, ""))
            self.relationship.setCurrentIndex(max(self.relationship.findData(relationship), 0))
            self.follow_up_on.setChecked(follow_up is not None)
            if follow_up is not None:
                self.follow_up.setDate(QDate(follow_up.year, follow_up.month, follow_up.day))
            self.saved.setText("")
            if card is not None:
                self.set_card(card)
        finally:
            self._loading = False
        self._show_form(True)
        self.answers["need"].setFocus()

    def is_pending(self) -> bool:
        return getattr(self, "_pending", False)

    def assign_contact(self, contact_id: int, who: str) -> None:
        """The reading finished: attach what was typed so far to the new contact."""
        self._pending = False
        self._contact_id = contact_id
        self.who.setText(who)
        self._dirty = True  # the follow-up date and relationship shown are saved even if untouched
        self.flush()

    def cancel_pending(self, message: str) -> None:
        self._pending = False
        self.who.setText(message)

    def set_who(self, text: str) -> None:
        self.who.setText(text)

    def set_card(self, card: QImage) -> None:
        pixmap = QPixmap.fromImage(card)
        target = QSize(max(self.card.width(), 320), 200)
        self.card.setPixmap(pixmap.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))

    def values(self) -> dict:
        out: dict = {key: edit.toPlainText() for key, edit in self.answers.items()}
        out["relationship"] = self.relationship.currentData()
        qd = self.follow_up.date()
        out["follow_up"] = date(qd.year(), qd.month(), qd.day()) if self.follow_up_on.isChecked() else None
        return out

    def flush(self) -> None:
        """Save now whatever is pending (called by the debounce timer and before switching)."""
        if self._timer.isActive():
            self._timer.stop()
        name = self.name.text().strip()
        if self._walk_through and self._contact_id is not None and name and name != self._name_shown:
            self._name_shown = name
            self.renamed.emit(self._contact_id, name)
        if self._contact_id is None or not getattr(self, "_dirty", False):
            return
        self._dirty = False
        self.saveRequested.emit(self._contact_id, self.values())
        self.saved.setText("Saved")

    def close_prompt(self) -> None:
        self.flush()
        self._contact_id = None
        self._pending = False
        self._show_form(False)
        self.who.setText("")
        self.name.clear()
        self._name_shown = ""
        self.card.clear()
        for edit in self.answers.values():
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)

    # -- private -------------------------------------------------------------------------------
    def _show_form(self, shown: bool) -> None:
        self.pages.setCurrentIndex(1 if shown else 0)
        self.pages.widget(1).setEnabled(shown)  # nothing in the hidden form takes the keyboard

    def _changed(self, *_args) -> None:
        if self._loading:
            return
        if self._contact_id is None:
            if self.is_pending():
                self._dirty = True  # kept until the contact exists
            return
        self._dirty = True
        self.saved.setText("Saving…")
        self._timer.start()

    def _done(self) -> None:
        if self._contact_id is None:
            if self.is_pending():
                self.saved.setText("Still reading the card — your notes are kept")
            return
        contact_id = self._contact_id
        self.close_prompt()
        self.done.emit(contact_id)

    def _skip(self) -> None:
        if self._contact_id is None:
            return
        contact_id = self._contact_id
        self.close_prompt()
        self.skipped.emit(contact_id)
