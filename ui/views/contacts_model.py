"""The contacts table model: pages rows in from the service as the view scrolls (fetchMore),
so 50,000 contacts open instantly and scroll smoothly; search swaps the query, not the model."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from netcapture.desk import NO_NAME, ContactQuery, ContactRow
from ui.workers import TaskQueue

PAGE_SIZE = 200
_ROOT = QModelIndex()  # the invisible root: a flat table has no other parent


@dataclass
class RefreshResult:
    query: ContactQuery
    rows: list[ContactRow]
    total: int
    exhausted: bool
    generation: int


# fetch(query, offset, limit) -> rows;  count(query) -> int  (both query the database)
Fetch = Callable[[ContactQuery, int, int], Sequence[ContactRow]]
Count = Callable[[ContactQuery], int]

COLUMNS = (
    ("name", "Name"),
    ("company", "Company"),
    ("title", "Title"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("has_notes", "Notes"),
    ("follow_up", "Follow-up"),
    ("events", "Met at"),  # last: it stretches, and within one event it says little
)


class ContactTableModel(QAbstractTableModel):
    """With a TaskQueue, every fetch runs on it and the rows arrive later (the GUI thread never
    waits on the database); without one (unit tests) fetches run at once."""

    refreshed = Signal(int)  # the generation (see reload) whose rows are now shown
    failed = Signal(str)  # a fetch went wrong: the message

    def __init__(self, fetch: Fetch, count: Count, queue: TaskQueue | None = None,
                 today: Callable[[], date] = date.today, parent=None):
        super().__init__(parent)
        self._fetch, self._count, self._queue, self._today = fetch, count, queue, today
        self._query = ContactQuery()
        self._rows: list[ContactRow] = []
        self._total = 0
        self._exhausted = False
        self._being_read: set[int] = set()  # made at the shutter, card still being read
        self._requested = 0  # reload generations: a result answers the requests made before it started
        self._reloading = False
        self._fetching_more = False

    # -- queries -------------------------------------------------------------------------------
    def query(self) -> ContactQuery:
        return self._query

    def set_query(self, query: ContactQuery) -> int:
        self._query = query
        return self.reload()

    def reload(self) -> int:
        """Re-run the current query (after a capture, an edit, a merge), keeping as many rows
        loaded; requests coalesce while one runs. Returns the request's generation: refreshed()
        with that number or a later one means its rows are shown."""
        self._requested += 1
        if not self._reloading:
            self._start_reload()
        return self._requested

    def _start_reload(self) -> None:
        query, loaded, generation = self._query, max(len(self._rows), PAGE_SIZE), self._requested
        fetch, count = self._fetch, self._count

        def work() -> RefreshResult:
            rows = list(fetch(query, 0, loaded))
            exhausted = len(rows) < loaded
            return RefreshResult(query, rows, len(rows) if exhausted else count(query), exhausted, generation)

        self._reloading = True
        self._run(work, self._reload_done, self._reload_failed)

    def _reload_done(self, result: RefreshResult) -> None:
        self._reloading = False
        applied = result.query == self._query
        if applied:
            self.beginResetModel()
            self._rows, self._total, self._exhausted = result.rows, result.total, result.exhausted
            self.endResetModel()
        if self._requested > result.generation:
            self._start_reload()
        if applied:
            self.refreshed.emit(result.generation)

    def _reload_failed(self, exc: Exception) -> None:
        self._reloading = False
        self.failed.emit(str(exc))

    def _run(self, work: Callable, done: Callable, failed: Callable) -> None:
        if self._queue is None:
            done(work())
        else:
            self._queue.run(work, done, failed)

    def mark_being_read(self, contact_id: int, being_read: bool) -> None:
        """A contact made at the shutter shows "Reading the card…" until its reading is filed."""
        (self._being_read.add if being_read else self._being_read.discard)(contact_id)
        row = self.row_of(contact_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def total(self) -> int:
        """How many contacts match the query (not just the rows loaded so far)."""
        return self._total

    def row(self, row: int) -> ContactRow:
        return self._rows[row]

    def row_of(self, contact_id: int) -> int | None:
        for index, item in enumerate(self._rows):
            if item.id == contact_id:
                return index
        return None

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> None:
        if parent.isValid() or self._exhausted or self._fetching_more or self._reloading:
            return
        if self._requested == 0:
            # nothing loaded yet (a window opened on a library with contacts): the first page
            # comes with the count of every match, which the pages after it never change
            self.reload()
            return
        query, offset, fetch = self._query, len(self._rows), self._fetch
        self._fetching_more = True
        self._run(lambda: list(fetch(query, offset, PAGE_SIZE)),
                  lambda more: self._more_arrived(query, offset, more), self._more_failed)

    def _more_failed(self, exc: Exception) -> None:
        self._fetching_more = False
        self.failed.emit(str(exc))

    def _more_arrived(self, query: ContactQuery, offset: int, more: list[ContactRow]) -> None:
        self._fetching_more = False
        if query != self._query or offset != len(self._rows):
            return  # a reload replaced the rows meanwhile
        if len(more) < PAGE_SIZE:
            self._exhausted = True
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(item, key)
            if key == "has_notes":
                return "✓" if value else "missing"
            if key == "follow_up":
                return _friendly_date(value, self._today()) if value else ""
            if key == "name" and value == NO_NAME and item.id in self._being_read:
                return "Reading the card…"
            if key == "name" and item.starred:
                return f"★ {value}"  # a quality contact (Contacts ▸ Star as Quality Contact)
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "follow_up" and item.follow_up:
                overdue = item.follow_up < self._today()
                return f"{'Overdue since' if overdue else 'Due'} {item.follow_up:%A %-d %B %Y}"
            if key in ("name", "company", "title", "email", "phone", "events"):
                return getattr(item, key) or None  # the whole value when the column is too narrow
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "name" and item.id in self._being_read:
                return QColor("#8a8f98")
            if key == "has_notes" and not item.has_notes:
                return QColor("#d97706")
            if key == "follow_up" and item.follow_up and item.follow_up < self._today():
                return QColor("#e5484d")
        if role == Qt.ItemDataRole.FontRole and key == "name":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if key == "follow_up" and item.follow_up:
                return f"Follow-up: {self.data(index, Qt.ItemDataRole.ToolTipRole)}"
            return f"{COLUMNS[index.column()][1]}: {self.data(index)}"
        return None


def _friendly_date(value: date, today: date) -> str:
    delta = (value - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta < 0:
        return f"⚠ {value:%-d %b}"  # overdue (red, and said in the tooltip and to screen readers)
    return f"{value:%a %-d %b}"
