"""Follow-ups in sections — Overdue, Today, Upcoming, Done — with what to do about each:
open the contact, write the follow-up (a mail draft in the user's own client), mark it done with
an outcome, snooze it a day or a week, or move it to another day. Introductions are items of
their own: track one for the selected row's contact, then mark it promised and done."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import INTRO_STATES, OUTCOMES, FollowUpRow
from ui.views.date_field import DateField

SECTION_TITLES = (("overdue", "Overdue"), ("today", "Today"), ("upcoming", "Upcoming"), ("done", "Done"))
ID_ROLE = Qt.ItemDataRole.UserRole
CONTACT_ROLE = Qt.ItemDataRole.UserRole + 1
SECTION_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # an introduction's state ("" for a plain follow-up)
INTRO_ROLE = Qt.ItemDataRole.UserRole + 4  # the contact's note answer: who they could introduce me to
INTRO_DIRECTIONS = (("for me", "They introduce me to…"), ("by me", "I introduce them to…"))


class FollowUpsView(QWidget):
    contactActivated = Signal(int)
    doneRequested = Signal(int, str, str)  # follow-up id, outcome key, a note about it
    snoozeRequested = Signal(int, int)  # follow-up id, days
    rescheduleRequested = Signal(int, object)  # follow-up id, date
    draftRequested = Signal(int)  # follow-up id: open the mail draft
    introductionRequested = Signal(int, str, str, str)  # contact id, whom, direction, status
    introStatusRequested = Signal(int, str)  # introduction id, new status

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Follow-ups")
        self.heading = QLabel("Follow-ups", self)
        self.heading.setObjectName("pageHeading")
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Follow-ups by section")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Person", "Met at", "Due", "What they need · how I can help"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 280)
        self.tree.setColumnWidth(1, 200)  # "Chamber of Commerce mixer" whole
        self.tree.setColumnWidth(2, 140)  # "They introduced me" whole
        self.tree.itemActivated.connect(lambda item, _col: self._open(item))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.empty = QLabel("No follow-ups yet. Every card you capture gets one, due the next day.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)

        self.open_button = QPushButton("Open contact", self)
        self.open_button.clicked.connect(lambda: self._open(self.tree.currentItem()))
        self.write_button = QPushButton("Write follow-up…", self)
        self.write_button.setToolTip("A short draft from your notes, in your own mail program; nothing is sent "
                                     "by NetCapture")
        self.write_button.clicked.connect(lambda: self._emit(self.draftRequested))
        self.done_button = QPushButton("Done…", self)
        self.done_button.setToolTip("Record how it went and tick it off")
        self.done_button.clicked.connect(self._ask_done)
        self.day_button = QPushButton("+1 day", self)
        self.day_button.setToolTip("Snooze until tomorrow (from its due day when that is later)")
        self.day_button.clicked.connect(lambda: self._emit(self.snoozeRequested, 1))
        self.week_button = QPushButton("+1 week", self)
        self.week_button.setToolTip("Snooze for a week")
        self.week_button.clicked.connect(lambda: self._emit(self.snoozeRequested, 7))
        self.move_button = QPushButton("Reschedule…", self)
        self.move_button.clicked.connect(self._ask_date)
        self.intro_button = QPushButton("Track Introduction…", self)
        self.intro_button.setToolTip("Track who they could introduce you to, or whom you could introduce them to")
        self.intro_button.clicked.connect(self._ask_introduction)
        self.promised_button = QPushButton("Mark Promised", self)
        self.promised_button.clicked.connect(lambda: self._emit(self.introStatusRequested, "promised"))
        self.intro_done_button = QPushButton("Mark Done", self)
        self.intro_done_button.setToolTip("The introduction is made: tick it off")
        self.intro_done_button.clicked.connect(lambda: self._emit(self.introStatusRequested, "done"))
        buttons = QHBoxLayout()
        for button in (self.open_button, self.write_button, self.intro_button, self.promised_button,
                       self.intro_done_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.day_button, self.week_button, self.move_button, self.done_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self.set_sections({})

    def set_sections(self, sections: dict[str, list[FollowUpRow]]) -> None:
        """sections: "overdue", "today", "upcoming", "done" -> rows (netcapture.followups)."""
        current = self.current_id()
        self.tree.clear()
        select = None
        for key, title in SECTION_TITLES:
            rows = sections.get(key, [])
            head = QTreeWidgetItem(self.tree, [f"{title} ({len(rows)})"])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFirstColumnSpanned(True)
            for row in rows:
                item = QTreeWidgetItem(head, [self._who(row), row.event, self._when(row, key), self._what(row)])
                item.setData(0, ID_ROLE, row.id)
                item.setData(0, CONTACT_ROLE, row.contact_id)
                item.setData(0, SECTION_ROLE, key)
                item.setData(0, STATUS_ROLE, row.intro_status)
                item.setData(0, INTRO_ROLE, row.introductions)
                item.setToolTip(0, self._who(row))
                item.setToolTip(1, row.event)
                item.setToolTip(3, "\n".join(x for x in (row.title, row.need and f"Needs: {row.need}",
                                                         row.can_help and f"I can help: {row.can_help}") if x))
                if key == "overdue":
                    item.setForeground(2, Qt.GlobalColor.red)
                if row.id == current or (select is None and current is None and key != "done"):
                    select = item
            head.setExpanded(True)
        has_rows = any(sections.get(key) for key, _t in SECTION_TITLES)
        self.tree.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if select is not None:
            self.tree.setCurrentItem(select)
        self._update_buttons()

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select(self, follow_up_id: int) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for j in range(head.childCount()):
                if head.child(j).data(0, ID_ROLE) == follow_up_id:
                    self.tree.setCurrentItem(head.child(j))
                    return True
        return False

    def rows_in(self, section: str) -> list[int]:
        """Follow-up ids shown in a section (for tests and screen readers' summaries)."""
        for i, (key, _title) in enumerate(SECTION_TITLES):
            if key == section:
                head = self.tree.topLevelItem(i)
                return [head.child(j).data(0, ID_ROLE) for j in range(head.childCount())]
        return []

    # -- private -------------------------------------------------------------------------------
    @staticmethod
    def _who(row: FollowUpRow) -> str:
        return row.name + (f" — {row.company}" if row.company else "")

    @staticmethod
    def _when(row: FollowUpRow, section: str) -> str:
        if section == "done":
            return row.outcome_label or "done"
        return "today" if section == "today" else row.due.strftime("%a %d %b")

    @staticmethod
    def _what(row: FollowUpRow) -> str:
        if row.intro_status:
            return f"{row.title} ({row.intro_status})"
        parts = [p for p in (row.summary, row.need, row.can_help) if p]  # the column header says which
        return " · ".join(parts) or "Follow up"

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        section = item.data(0, SECTION_ROLE) if item is not None else None
        for button in (self.open_button, self.write_button, self.intro_button):
            button.setEnabled(section is not None)
        status = item.data(0, STATUS_ROLE) if section is not None else ""
        self.promised_button.setEnabled(status == "asked")
        self.intro_done_button.setEnabled(status in ("asked", "promised"))
        for button in (self.done_button, self.day_button, self.week_button, self.move_button):
            button.setEnabled(section not in (None, "done"))

    def _emit(self, signal, *args) -> None:
        fid = self.current_id()
        if fid is not None:
            signal.emit(fid, *args)

    def _open(self, item: QTreeWidgetItem | None) -> None:
        if item is not None and item.data(0, CONTACT_ROLE) is not None:
            self.contactActivated.emit(item.data(0, CONTACT_ROLE))

    def _ask_done(self) -> None:
        fid = self.current_id()
        if fid is None:
            return
        dialog = OutcomeDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.doneRequested.emit(fid, dialog.outcome.currentData(), dialog.note.text().strip())

    def _ask_introduction(self) -> None:
        item = self.tree.currentItem()
        contact_id = item.data(0, CONTACT_ROLE) if item is not None else None
        if contact_id is None:
            return
        dialog = IntroductionDialog(item.data(0, INTRO_ROLE) or "", self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.whom.text().strip():
            self.introductionRequested.emit(contact_id, dialog.whom.text().strip(), dialog.direction.currentData(),
                                            dialog.status.currentData())

    def _ask_date(self) -> None:
        fid = self.current_id()
        if fid is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("Reschedule")
        edit = DateField(QDate.currentDate().addDays(1), dialog)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form = QFormLayout(dialog)
        form.addRow("Follow up on", edit)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            value = edit.date()
            self.rescheduleRequested.emit(fid, date(value.year(), value.month(), value.day()))


class OutcomeDialog(QDialog):
    """How did the follow-up go? One of the outcomes, and a few words."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Follow-up done")
        self.setMinimumWidth(380)
        self.outcome = QComboBox(self)
        self.outcome.setAccessibleName("Outcome")
        for key, label in OUTCOMES.items():
            self.outcome.addItem(label, key)
        self.note = QLineEdit(self)
        self.note.setAccessibleName("Note about the outcome")
        self.note.setPlaceholderText("Optional: what was agreed, what comes next")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Outcome", self.outcome)
        form.addRow("&Note", self.note)
        form.addRow(buttons)


class IntroductionDialog(QDialog):
    """Track an introduction: which way it goes, to whom, and how far it has got."""

    def __init__(self, whom: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Track Introduction")
        self.setMinimumWidth(380)
        self.direction = QComboBox(self)
        self.direction.setAccessibleName("Direction")
        for key, label in INTRO_DIRECTIONS:
            self.direction.addItem(label, key)
        self.whom = QLineEdit(whom, self)
        self.whom.setAccessibleName("Whom")
        self.whom.setPlaceholderText("A person, a company, a kind of contact")
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for state in INTRO_STATES:
            self.status.addItem(state.capitalize(), state)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Direction", self.direction)
        form.addRow("&Whom", self.whom)
        form.addRow("&Status", self.status)
        form.addRow(buttons)
