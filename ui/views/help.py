"""Help: the keyboard shortcuts (read from the window's own actions and shortcuts, so the list
cannot go stale) and a one-page "How an evening goes"."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


def _keys(sequences: list[QKeySequence]) -> str:
    return " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences if not s.isEmpty())


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(where, command, keys) for every menu command with a shortcut, then every widget shortcut
    that describes itself (QShortcut.whatsThis), e.g. Ctrl+Enter on the Review page."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {action.menu().title().replace('&', '')}")
            elif not action.isSeparator():
                keys = _keys(action.shortcuts())
                if keys:
                    rows.append((path, action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
                                 .rstrip("…"), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.menu().title().replace("&", ""))
    for shortcut in window.findChildren(QShortcut):
        if shortcut.whatsThis() and not shortcut.key().isEmpty():
            parent = shortcut.parent()
            where = parent.accessibleName() if isinstance(parent, QWidget) and parent.accessibleName() else "Window"
            rows.append((where, shortcut.whatsThis(), _keys([shortcut.key()])))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Where", "Command", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 560)


EVENING = """
<h2>How an evening goes</h2>
<p>NetCapture is built on a simple idea: go with a purpose, have a few real conversations rather than
a stack of cards, write down what you learned before the memory fades, follow up the same or the next
day, and measure which events are worth going back to.</p>

<h3>1. Before you go: a plan</h3>
<p><b>File ▸ New Event</b>. Name the event and say <i>why you are going</i>, <i>who you are
looking for</i> (and the signs that someone could lead to them) and <i>your ask for tonight</i>: the one
thing you want to ask for. Set how many real conversations you aim for (five to eight is a good
evening).</p>

<h3>2. At the event: capture and a few words</h3>
<p>On the <b>Capture</b> page, hold a card under the camera: it is taken by itself when it holds still
(or press Space). No camera? Drop photos, scans or PDFs on the page, or paste an image (Ctrl+V).
Your ask and the count of real conversations stay at the top of the page.</p>
<p>Right after each card, four questions appear: <i>What do they need? How can I help? What could I
ask for? Who could they introduce me to?</i> A few words are enough; they save as you type. A contact
with a written note counts as a real conversation; someone who stood out can be starred as a quality contact (Contacts ▸ Star as Quality Contact). Press Esc to leave the questions for later.</p>

<h3>3. On the way home: notes missing, and a second look</h3>
<p><b>Notes missing</b> in the sidebar lists the cards still without notes: add them while you still
remember the faces. <b>Review</b> shows cards with fields read with low confidence: click the words on
the card to put them in the right field; Ctrl+Enter accepts and shows the next one.</p>

<h3>4. The next day: follow up</h3>
<p>Every new contact gets a follow-up for the next day. The <b>Follow-ups</b> page lists what is due;
write to them, give first (serve, don't sell), and mark the follow-up done with its outcome: a reply,
a meeting, an introduction.</p>

<h3>5. Afterwards: was it worth it?</h3>
<p>The next time you open NetCapture after the event, a short review asks whether the people there were
worth meeting and whether you would go again. The event's page shows the results: conversations
against your target, follow-ups on time, outcomes; the events overview compares your events side by
side, so you know which ones are worth going back to.</p>
<p style='color:gray'>Cards and notes stay on this computer unless you export them or set up sync.</p>
"""


class EveningDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("How an evening goes")
        self.setAccessibleName("How an evening goes")
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(EVENING)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 680)
