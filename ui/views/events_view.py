"""Events: the overview (a sortable table, a chart and the "worth going back?" formula) and one
event's page (its plan and results). Every figure comes from netcapture.results via the Desk;
nothing is counted here."""
from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import REVIEW_QUESTIONS, WORTH_FORMULA, EventPlan, EventResults

RELATIONSHIP_LABELS = {"prospect": "Prospects", "referral partner": "Referral partners", "connector": "Connectors",
                       "peer": "Peers", "other": "Other"}
OUTCOME_LABELS = {"meetings": "Meetings booked", "introductions_made": "Introductions made",
                  "introductions_received": "Introductions received", "replies": "Replies",
                  "no_answer": "No answer", "other": "Other"}
USEFUL_OUTCOMES = ("meetings", "introductions_made", "introductions_received", "replies")
# The chart's series: the same three as the printable report (netcapture.exports.report.SERIES).
SERIES = (("Real conversations", "#1f5fa8"), ("Follow-ups on time", "#5fa83a"), ("Outcomes", "#e0a32e"))
CHART_EVENTS = 10  # the newest events in the chart; the table has them all
COLUMNS = ("Event", "Date", "Contacts", "Real conversations", "Follow-ups on time", "Outcomes", "Review",
           "Worth going back?")


def useful_outcomes(r: EventResults) -> int:
    return sum(r.outcomes.get(k, 0) for k in USEFUL_OUTCOMES)


def series_values(r: EventResults) -> tuple[int, int, int]:
    return r.conversations, r.follow_ups.get("on_time", 0), useful_outcomes(r)


class _Item(QTableWidgetItem):
    """A cell that sorts by a key (numbers as numbers, dates as dates), not by its text."""

    def __init__(self, text: str, key):
        super().__init__(text)
        self.key = key
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def __lt__(self, other) -> bool:
        return self.key < other.key if isinstance(other, _Item) else super().__lt__(other)


def review_summary(r: EventResults) -> str:
    if not r.review:
        return "not yet"
    return f"go again: {r.review.get('go_again') or '—'}"


class EventsOverview(QWidget):
    openRequested = Signal(int)
    newRequested = Signal()
    editRequested = Signal(int)
    deleteRequested = Signal(int)
    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Events overview")
        self.results: list[EventResults] = []
        heading = QLabel("Events", self)
        heading.setObjectName("pageHeading")
        self.new_button = QPushButton("New event…", self)
        self.new_button.clicked.connect(self.newRequested)
        self.open_button = QPushButton("Open", self)
        self.open_button.clicked.connect(lambda: self._with_current(self.openRequested.emit))
        self.edit_button = QPushButton("Edit plan…", self)
        self.edit_button.clicked.connect(lambda: self._with_current(self.editRequested.emit))
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Move the event to the Trash; its contacts stay")
        self.delete_button.clicked.connect(lambda: self._with_current(self.deleteRequested.emit))
        self.export_button = QPushButton("Export report…", self)
        self.export_button.setToolTip("Every event's results as CSV, or as a printable page with the chart")
        self.export_button.clicked.connect(self.exportRequested)
        bar = QHBoxLayout()
        bar.addWidget(heading)
        bar.addStretch(1)
        for button in (self.new_button, self.open_button, self.edit_button, self.delete_button, self.export_button):
            bar.addWidget(button)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Events and their results")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # newest first, as the Library lists them
        self.table.itemActivated.connect(lambda item: self.openRequested.emit(self._row_id(item.row())))
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.chart = QChart()
        self.chart.setTitle("Per event: real conversations, follow-ups on time, outcomes")
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart, self)
        self.chart_view.setAccessibleName("Chart of results per event")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(200)

        self.formula = QLabel(f"<b>Worth going back?</b> {html.escape(WORTH_FORMULA)} "
                              "Yes from 60, maybe from 40.", self)
        self.formula.setObjectName("hint")
        self.formula.setWordWrap(True)
        self.formula.setAccessibleName("How worth going back is worked out")
        self.empty = QLabel("<h3>No events yet</h3><p>Plan your next event with <b>New event…</b>: why you "
                            "are going, who you are looking for and your ask. After the evening its results "
                            "appear here, side by side with your other events.</p>", self)
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.chart_view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.split = split
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.formula)
        self.set_results([])

    def set_results(self, results: Sequence[EventResults]) -> None:
        self.results = list(results)
        current = self.current_id()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(results))
        for row, r in enumerate(results):
            low, high = r.target
            cells = (
                _Item(r.event, r.event.casefold()),
                _Item(f"{r.date:%a %d %b %Y}" if r.date else "—", r.date.toordinal() if r.date else 0),
                _Item(str(r.contacts), r.contacts),
                _Item(f"{r.conversations} of {r.target_label}" + (" ✓" if r.goal_met else ""), r.conversations),
                _Item(f"{r.follow_ups.get('on_time', 0)}", r.follow_ups.get("on_time", 0)),
                _Item(str(useful_outcomes(r)), useful_outcomes(r)),
                _Item(review_summary(r), review_summary(r)),
                _Item(f"{r.verdict} ({r.worth_going_back})", r.worth_going_back),
            )
            cells[0].setData(Qt.ItemDataRole.UserRole, r.event_id)
            cells[3].setToolTip(f"Target {low}–{high}; a contact with a written note counts")
            cells[7].setToolTip(WORTH_FORMULA)
            for column, cell in enumerate(cells):
                if column >= 2:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        self.table.setSortingEnabled(True)
        has = bool(results)
        self.split.setVisible(has)
        self.empty.setVisible(not has)
        self._fill_chart(results)
        if current is not None:
            self.select(current)
        elif has:
            self.table.selectRow(0)
        self._selection_changed()

    def _fill_chart(self, results: Sequence[EventResults]) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        shown = sorted(results[:CHART_EVENTS], key=lambda r: (r.date is None, r.date or 0, r.event_id))
        series = QBarSeries()
        sets = [QBarSet(label) for label, _colour in SERIES]
        for bar_set, (_label, colour) in zip(sets, SERIES, strict=True):
            bar_set.setColor(QColor(colour))
            series.append(bar_set)
        for r in shown:
            for bar_set, value in zip(sets, series_values(r), strict=True):
                bar_set.append(value)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([_short(r.event) for r in shown])
        values = QValueAxis()
        top = max([max(series_values(r)) for r in shown] + [1])
        values.setRange(0, top)
        values.setTickCount(min(top, 8) + 1 if top < 8 else 5)
        values.setLabelFormat("%d")
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        self.chart.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
        self.chart.setTitleBrush(text)
        self.chart.legend().setLabelColor(text)
        for axis in (categories, values):
            axis.setLabelsColor(text)
            axis.setTruncateLabels(False)  # names are shortened above; numbers are never cut

    def _row_id(self, row: int) -> int:
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self._row_id(rows[0].row()) if rows and self.table.item(rows[0].row(), 0) else None

    def select(self, event_id: int) -> bool:
        for row in range(self.table.rowCount()):
            if self._row_id(row) == event_id:
                self.table.selectRow(row)
                return True
        return False

    def listed_ids(self) -> list[int]:
        return [self._row_id(row) for row in range(self.table.rowCount())]

    def _with_current(self, emit) -> None:
        current = self.current_id()
        if current is not None:
            emit(current)

    def _selection_changed(self) -> None:
        has = self.current_id() is not None
        for button in (self.open_button, self.edit_button, self.delete_button):
            button.setEnabled(has)
        self.export_button.setEnabled(bool(self.results))


def _short(name: str, limit: int = 18) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


def results_html(r: EventResults, plan: EventPlan | None, contact_names: dict[int, str] | None = None) -> str:
    """The event page: the plan, then the results (the figures of netcapture.results, as given)."""
    e = html.escape
    out = [f"<h2>{e(r.event)}</h2>"]
    when = [f"{r.date:%A %d %B %Y}" if r.date else "", e(plan.venue) if plan and plan.venue else ""]
    if any(when):
        out.append(f"<div style='color:gray'>{' · '.join(x for x in when if x)}</div>")
    if plan and (plan.why or plan.looking_for or plan.ask):
        out.append("<h3>The plan</h3><table cellspacing='0' cellpadding='3'>")
        for label, value in (("Why I’m going", plan.why), ("Who I’m looking for", plan.looking_for),
                             ("My ask", plan.ask)):
            if value:
                out.append(f"<tr><td style='color:gray'>{label}</td><td>{e(value)}</td></tr>")
        out.append("</table>")
    goal = ("<span style='color:#2e8b57'>✓ goal met</span>" if r.goal_met
            else f"<span style='color:#d97706'>goal not met (at least {r.target[0]})</span>")
    out.append("<h3>Conversations</h3>")
    out.append(f"<p><b>{r.conversations} of {r.target_label}</b> real conversations — {goal}<br>"
               f"{r.contacts} contact{'s' if r.contacts != 1 else ''} met · {r.notes_written} note"
               f"{'s' if r.notes_written != 1 else ''} written · {r.starred} starred as quality contacts</p>")
    rel = " · ".join(f"{RELATIONSHIP_LABELS.get(k, k.capitalize())} {v}" for k, v in r.by_relationship.items())
    out.append(f"<p>By relationship: {rel}<br><span style='color:gray'>Every kind counts: referral partners, "
               "connectors and peers are assets, not waste.</span></p>")
    f = r.follow_ups
    out.append("<h3>Follow-ups</h3>")
    out.append(f"<p>Done within a day: <b>{f.get('on_time', 0)}</b> · done later: {f.get('late', 0)} · "
               f"still open: {f.get('open', 0)} · "
               + (f"<span style='color:#e5484d'>overdue: {f['overdue']}</span>" if f.get("overdue")
                  else "overdue: 0") + "</p>")
    out.append("<h3>Outcomes</h3><p>" + " · ".join(f"{OUTCOME_LABELS.get(k, k)}: {v}" for k, v in r.outcomes.items())
               + "</p>")
    out.append("<h3>The review</h3>")
    if r.review:
        out.append("<table cellspacing='0' cellpadding='3'>")
        for name, question in REVIEW_QUESTIONS:
            answer = r.review.get(name) or {}
            line = f" — {e(answer.get('line'))}" if answer.get("line") else ""
            out.append(f"<tr><td>{e(question)}</td><td><b>{e(answer.get('answer') or '—')}</b>{line}</td></tr>")
        out.append(f"<tr><td>Go again?</td><td><b>{e(r.review.get('go_again') or '—')}</b></td></tr></table>")
        if r.review.get("note"):
            out.append(f"<p>{e(r.review['note'])}</p>")
    else:
        out.append("<p style='color:gray'>Not reviewed yet: <i>Review the evening…</i> asks four short "
                   "questions.</p>")
    out.append(f"<h3>Worth going back? {e(r.verdict)} ({r.worth_going_back} of 100)</h3>")
    out.append(f"<p style='color:gray'>{e(WORTH_FORMULA)}</p>")
    if r.unfinished:
        names = contact_names or {}
        listed = ", ".join(e(names.get(i, f"#{i}")) for i in r.unfinished[:12])
        more = f" and {len(r.unfinished) - 12} more" if len(r.unfinished) > 12 else ""
        out.append(f"<h3>Still to finish</h3><p>{len(r.unfinished)} contact{'s' if len(r.unfinished) != 1 else ''}"
                   f" without notes or a follow-up: {listed}{more}.</p>")
    return "\n".join(out)


class EventPage(QWidget):
    backRequested = Signal()
    editRequested = Signal(int)
    reviewRequested = Signal(int)
    exportRequested = Signal(int)
    finishRequested = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Event results")
        self.event_id: int | None = None
        self.unfinished: list[int] = []
        back = QPushButton("‹ All events", self)
        back.clicked.connect(self.backRequested)
        self.edit_button = QPushButton("Edit plan…", self)
        self.edit_button.clicked.connect(lambda: self.event_id and self.editRequested.emit(self.event_id))
        self.review_button = QPushButton("Review the evening…", self)
        self.review_button.clicked.connect(lambda: self.event_id and self.reviewRequested.emit(self.event_id))
        self.finish_button = QPushButton("Finish contacts…", self)
        self.finish_button.setToolTip("Write the missing notes and follow-ups, one contact after another")
        self.finish_button.clicked.connect(lambda: self.finishRequested.emit(list(self.unfinished)))
        self.export_button = QPushButton("Export…", self)
        self.export_button.clicked.connect(lambda: self.event_id and self.exportRequested.emit(self.event_id))
        bar = QHBoxLayout()
        bar.addWidget(back)
        bar.addStretch(1)
        for button in (self.finish_button, self.review_button, self.edit_button, self.export_button):
            bar.addWidget(button)
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("Event results")
        self.text.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)

    def show_results(self, results: EventResults, plan: EventPlan | None, names: dict[int, str]) -> None:
        self.event_id = results.event_id
        self.unfinished = list(results.unfinished)
        self.finish_button.setVisible(bool(results.unfinished))
        self.text.setHtml(results_html(results, plan, names))


class EventsView(QStackedWidget):
    """The overview, and one event's page in front of it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Events")
        self.overview = EventsOverview(self)
        self.page = EventPage(self)
        self.addWidget(self.overview)
        self.addWidget(self.page)
        self.page.backRequested.connect(lambda: self.setCurrentWidget(self.overview))
