"""Contacts: a table with search as you type and filters, plus a detail pane for the selection."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.views.contact_editor import ContactEditor
from ui.views.contacts_model import COLUMNS, ContactQuery, ContactTableModel

SEARCH_DELAY_MS = 150
# How the table shares its width (by column key, see contacts_model.COLUMNS). "Fixed" columns are
# as wide as their longest possible text; the spare width goes to the columns whose values are
# long (weight), each at least its minimum, so widening the window shows more of them.
FIXED_SAMPLES = {
    "has_notes": ("Notes", "missing"),
    "follow_up": ("Follow-up", "⚠ 30 Nov", "Wed 30 Nov", "tomorrow"),
}
MET_AT_WIDTH = 110  # usually tonight's event for every row: the tooltip has the whole list
STRETCH = {  # key: (weight, minimum width as sample text)
    "name": (1.0, "Charlotte Okafor"),
    "company": (1.1, "Brightforge Ltd"),
    "title": (0.9, "Director"),
    "email": (1.3, "mira@brightforge.io"),
    "phone": (0.8, "+44 20 7946 0001"),
}
SHRINK_ORDER = ("events", "title", "company", "email", "name", "phone")
SHRINK_FLOOR = 64
SHOW_FILTERS = (
    ("All contacts", False, None),
    ("Notes missing", True, None),
    ("Follow-up due", False, "today"),
    ("Follow-up overdue", False, "overdue"),
)


class ContactsView(QWidget):
    contactActivated = Signal(int)  # double-click / Enter: open for review
    selectionChanged = Signal(list)  # contact ids
    newContactRequested = Signal()

    def __init__(self, model: ContactTableModel, relationships: list[tuple[str, str]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Contacts")
        self.model = model
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search name, company, email or phone…")
        self.search.setAccessibleName("Search contacts")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.event_filter = QComboBox(self)
        self.event_filter.setAccessibleName("Event filter")
        self.event_filter.addItem("All events", None)
        self.event_filter.currentIndexChanged.connect(self.apply_filters)
        self.show_filter = QComboBox(self)
        self.show_filter.setAccessibleName("Show")
        for label, _notes, _follow in SHOW_FILTERS:
            self.show_filter.addItem(label)
        self.show_filter.currentIndexChanged.connect(self.apply_filters)
        self.count = QLabel("", self)
        self.count.setAccessibleName("Number of contacts shown")

        self.table = QTableView(self)
        self.table.setAccessibleName("Contacts table")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        self.table.viewport().installEventFilter(self)
        self.fit_columns()
        self.table.doubleClicked.connect(lambda index: self.contactActivated.emit(model.row(index.row()).id))
        self.table.activated.connect(lambda index: self.contactActivated.emit(model.row(index.row()).id))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        model.modelReset.connect(self._update_count)
        # The rows are replaced on every reload (search, filter, rename, merge): the selection, and
        # with it the detail pane, follows the contact, not the row number.
        self._kept_selection: list[int] = []
        model.modelAboutToBeReset.connect(lambda: setattr(self, "_kept_selection", self.selected_ids()))
        model.modelReset.connect(self._restore_selection)
        model.rowsInserted.connect(self._update_count)

        self.detail = ContactEditor(relationships, self)
        self.new_button = QPushButton("New contact…", self)
        self.new_button.setToolTip("Someone without a card: type them in (Ctrl+N)")
        self.new_button.clicked.connect(self.newContactRequested)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.event_filter, 1)
        bar.addWidget(self.show_filter, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.new_button)
        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 380])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table.viewport() and event.type() == event.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Share the table's width: see FIXED_SAMPLES and STRETCH. Headers always stay whole."""
        metrics = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setBold(True)
        header_metrics = QFontMetrics(self.table.horizontalHeader().font())
        pad = 24  # cell margins, and the header's room for a sort arrow
        titles = dict(COLUMNS)
        header_least = {key: header_metrics.horizontalAdvance(title) + pad for key, title in COLUMNS}
        widths: dict[str, int] = {"events": max(MET_AT_WIDTH, header_least["events"])}
        for key, samples in FIXED_SAMPLES.items():
            widths[key] = max(metrics.horizontalAdvance(t) for t in samples + (titles[key],)) + pad
        spare = self.table.viewport().width() - sum(widths.values())
        least = {key: max(header_least[key], QFontMetrics(bold if key == "name" else self.table.font())
                          .horizontalAdvance(sample) + pad) for key, (_weight, sample) in STRETCH.items()}
        extra = spare - sum(least.values())
        total_weight = sum(weight for weight, _sample in STRETCH.values())
        for key, (weight, _sample) in STRETCH.items():  # room to spare goes by weight
            widths[key] = least[key] + int(max(extra, 0) * weight / total_weight)
        for key in SHRINK_ORDER:  # too little room: Met at gives way first, the phone last; no scrolling
            if extra >= 0:
                break
            give = min(-extra, widths[key] - max(header_least[key], SHRINK_FLOOR))
            widths[key] -= max(give, 0)
            extra += max(give, 0)
        for column, (key, _title) in enumerate(COLUMNS):
            self.table.setColumnWidth(column, widths[key])

    def set_events(self, events: list[tuple[int, str]]) -> None:
        current = self.event_filter.currentData()
        self.event_filter.blockSignals(True)
        self.event_filter.clear()
        self.event_filter.addItem("All events", None)
        for event_id, name in events:
            self.event_filter.addItem(name, event_id)
        index = self.event_filter.findData(current)
        self.event_filter.setCurrentIndex(max(index, 0))
        self.event_filter.blockSignals(False)

    def current_query(self) -> ContactQuery:
        _label, notes_missing, follow_up = SHOW_FILTERS[self.show_filter.currentIndex()]
        return ContactQuery(text=self.search.text().strip(), event_id=self.event_filter.currentData(),
                            notes_missing=notes_missing, follow_up=follow_up)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.current_query())

    def show_only(self, notes_missing: bool = False, follow_up: str | None = None) -> None:
        for index, (_label, notes, follow) in enumerate(SHOW_FILTERS):
            if notes == notes_missing and follow == follow_up:
                self.show_filter.setCurrentIndex(index)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row(r).id for r in rows]

    def select_contact(self, contact_id: int) -> bool:
        row = self.model.row_of(contact_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _restore_selection(self) -> None:
        kept, self._kept_selection = self._kept_selection, []
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        for contact_id in kept:
            row = self.model.row_of(contact_id)
            if row is not None:
                selection.select(self.model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        selection.blockSignals(False)
        self.table.viewport().update()
        self.selectionChanged.emit(self.selected_ids())  # the detail pane shows what is selected now

    def _selection_changed(self, *_args) -> None:
        self.selectionChanged.emit(self.selected_ids())

    def _update_count(self, *_args) -> None:
        total = self.model.total()
        self.count.setText(f"{total:,} contact" + ("" if total == 1 else "s"))
