"""Merge suggested duplicates: each pair side by side with the reason; merge or keep both."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import DuplicatePair
from ui.views.contact_html import contact_html


class MergeDialog(QDialog):
    """Pairs of contacts (DuplicatePair: keep, other, reason) that look like one person."""

    mergeRequested = Signal(int, int)  # keep, other
    dismissRequested = Signal(int, int)

    def __init__(self, suggestions: list[DuplicatePair], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Merge duplicates")
        self.setAccessibleName("Merge duplicates")
        self.resize(820, 480)
        self.pairs = QListWidget(self)
        self.pairs.setAccessibleName("Suggested duplicates")
        self.left = QTextBrowser(self)
        self.left.setAccessibleName("Contact kept")
        self.right = QTextBrowser(self)
        self.right.setAccessibleName("Contact merged into it")
        self.pairs.currentRowChanged.connect(self._show)
        self.merge_button = QPushButton("&Merge", self)
        self.merge_button.setDefault(True)
        self.merge_button.setToolTip("Keep the left contact; add the right one's events, notes, "
                                     "follow-ups, cards, emails and phones to it")
        self.merge_button.clicked.connect(self._merge)
        self.keep_button = QPushButton("&Not the same person", self)
        self.keep_button.clicked.connect(self._dismiss)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        compare = QSplitter(self)
        compare.addWidget(self.left)
        compare.addWidget(self.right)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.merge_button)
        pairs_page = QWidget(self)
        pairs_layout = QVBoxLayout(pairs_page)
        pairs_layout.setContentsMargins(0, 0, 0, 0)
        pairs_layout.addWidget(QLabel("These contacts look like the same person:", self))
        pairs_layout.addWidget(self.pairs, 1)
        pairs_layout.addWidget(compare, 2)
        # With nothing to merge: say so, and why a pair would be proposed, instead of blank panes.
        self.empty = QLabel(
            "<h3>No duplicates to merge</h3><p>Two contacts are proposed as one person when they share "
            "an email address or a direct phone number, or when their names and companies are nearly "
            "the same. Pairs you marked “Not the same person” are not proposed again.</p>", self)
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName("No duplicates")
        self.empty.setContentsMargins(48, 24, 48, 24)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(pairs_page)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._suggestions: list[DuplicatePair] = []
        self.set_suggestions(suggestions)

    def set_suggestions(self, suggestions: list[DuplicatePair]) -> None:
        self._suggestions = suggestions
        self.pairs.clear()
        for s in suggestions:
            item = QListWidgetItem(f"{s.keep.name}  ↔  {s.other.name}   ({s.reason})")
            item.setData(Qt.ItemDataRole.UserRole, (s.keep.id, s.other.id))
            self.pairs.addItem(item)
        self.merge_button.setEnabled(bool(suggestions))
        self.keep_button.setEnabled(bool(suggestions))
        self.keep_button.setVisible(bool(suggestions))
        self.merge_button.setVisible(bool(suggestions))
        self.pages.setCurrentWidget(self.pairs.parentWidget() if suggestions else self.empty)
        if suggestions:
            self.pairs.setCurrentRow(0)
        else:
            self.left.clear()
            self.right.clear()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._suggestions):
            self.left.setHtml(contact_html(self._suggestions[row].keep, with_follow_ups=True))
            self.right.setHtml(contact_html(self._suggestions[row].other, with_follow_ups=True))

    def _current(self) -> tuple[int, int] | None:
        item = self.pairs.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _merge(self) -> None:
        pair = self._current()
        if pair:
            self.mergeRequested.emit(*pair)

    def _dismiss(self) -> None:
        pair = self._current()
        if pair:
            self.dismissRequested.emit(*pair)
