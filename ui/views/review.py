"""Review and correct: the flattened card with its word boxes, and the fields beside it.

Click a word box (or drag across several) to assign those words to the active field; Ctrl+click
adds to what the field holds. From the keyboard: Tab through the fields, F6 jumps to the card,
arrows move between words (Shift extends), Enter assigns, Ctrl+Enter accepts and moves on.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import LIST_FIELDS, LOW_CONFIDENCE  # a word below LOW_CONFIDENCE is tinted on the card

# (key, label with mnemonic, multi-line); list fields are edited comma-separated.
FIELDS = (
    ("name", "&Name", False),
    ("title", "&Title", False),
    ("department", "&Department", False),
    ("company", "&Company", False),
    ("emails", "&Email", False),
    ("phones", "&Phone", False),
    ("websites", "&Website", False),
    ("address", "&Address", True),
)


@dataclass
class Word:
    text: str
    left: float
    top: float
    width: float
    height: float
    conf: float = 1.0
    line: int = 0

    def rect(self) -> QRectF:
        return QRectF(self.left, self.top, self.width, self.height)


@dataclass
class ReviewItem:
    """What the review screen shows for one card side (built by the backend from the stored reading)."""

    contact_id: int
    image: QImage | None
    words: list[Word] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # field key -> text (lists comma-joined)
    confidence: dict[str, float] = field(default_factory=dict)
    field_words: dict[str, list[int]] = field(default_factory=dict)  # field key -> word indices
    corrected: set[str] = field(default_factory=set)
    low_confidence: list[str] = field(default_factory=list)  # fields the Library says want a look


class CardCanvas(QWidget):
    """The card image with word boxes; selection by click, drag or keyboard."""

    wordsChosen = Signal(list, int)  # word indices, append? (int: see CaptureStation.autoCaptureChanged)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Card image with recognised words")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(360, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self._image: QImage | None = None
        self._words: list[Word] = []
        self._highlight: set[int] = set()
        self._selected: list[int] = []
        self._anchor: int | None = None
        self._drag_from: QPointF | None = None
        self._drag_to: QPointF | None = None

    def sizeHint(self) -> QSize:
        return QSize(640, 400)

    def set_card(self, image: QImage | None, words: list[Word]) -> None:
        self._image, self._words = image, words
        self._selected, self._highlight, self._anchor = [], set(), None
        self.update()

    def set_highlight(self, indices: list[int]) -> None:
        self._highlight = set(indices)
        self.update()

    def selected(self) -> list[int]:
        return list(self._selected)

    def select(self, indices: list[int]) -> None:
        self._selected = sorted(set(indices), key=self._reading_key)
        self.setAccessibleDescription(" ".join(self._words[i].text for i in self._selected))
        self.update()

    # -- geometry ------------------------------------------------------------------------------
    def _transform(self) -> tuple[float, float, float]:
        if self._image is None or self._image.isNull():
            return 1.0, 0.0, 0.0
        scale = min(self.width() / self._image.width(), self.height() / self._image.height())
        x = (self.width() - self._image.width() * scale) / 2
        y = (self.height() - self._image.height() * scale) / 2
        return scale, x, y

    def _to_widget(self, rect: QRectF) -> QRectF:
        scale, x, y = self._transform()
        return QRectF(x + rect.x() * scale, y + rect.y() * scale, rect.width() * scale, rect.height() * scale)

    def word_at(self, point: QPointF) -> int | None:
        for index, word in enumerate(self._words):
            if self._to_widget(word.rect()).adjusted(-2, -2, 2, 2).contains(point):
                return index
        return None

    def word_center(self, index: int) -> QPointF:
        return self._to_widget(self._words[index].rect()).center()

    def _reading_key(self, index: int) -> tuple[int, float]:
        word = self._words[index]
        return word.line, word.left

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), self.palette().base())
        if self._image is None or self._image.isNull():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No card image")
            return
        scale, x, y = self._transform()
        painter.drawImage(QRectF(x, y, self._image.width() * scale, self._image.height() * scale), self._image)
        selected = set(self._selected)
        for index, word in enumerate(self._words):
            box = self._to_widget(word.rect()).adjusted(-1.5, -1.5, 1.5, 1.5)
            if index in selected:
                painter.fillRect(box, QColor(47, 125, 225, 90))
                painter.setPen(QPen(QColor("#2f7de1"), 2))
            elif index in self._highlight:
                painter.fillRect(box, QColor(255, 196, 0, 80))
                painter.setPen(QPen(QColor("#d99a00"), 1.5))
            elif word.conf < LOW_CONFIDENCE:
                painter.setPen(QPen(QColor("#e5484d"), 1.2, Qt.PenStyle.DashLine))
            else:
                painter.setPen(QPen(QColor(47, 125, 225, 150), 1))
            painter.drawRect(box)
        if self._drag_from is not None and self._drag_to is not None:
            painter.setPen(QPen(QColor("#2f7de1"), 1, Qt.PenStyle.DashLine))
            painter.fillRect(QRectF(self._drag_from, self._drag_to).normalized(), QColor(47, 125, 225, 40))
            painter.drawRect(QRectF(self._drag_from, self._drag_to).normalized())
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))

    # -- mouse ---------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = self._drag_to = event.position()

    def mouseMoveEvent(self, event) -> None:
        if self._drag_from is not None:
            self._drag_to = event.position()
            self.update()
        self.setCursor(Qt.CursorShape.PointingHandCursor if self.word_at(event.position()) is not None
                       else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event) -> None:
        if self._drag_from is None:
            return
        area = QRectF(self._drag_from, event.position()).normalized()
        self._drag_from = self._drag_to = None
        append = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if area.width() < 4 and area.height() < 4:
            hit = self.word_at(event.position())
            chosen = [hit] if hit is not None else []
        else:
            chosen = [i for i, w in enumerate(self._words) if area.intersects(self._to_widget(w.rect()))]
        self.select(chosen)
        if chosen:
            self.wordsChosen.emit(self.selected(), int(append))

    # -- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if not self._words:
            return super().keyPressEvent(event)
        order = sorted(range(len(self._words)), key=self._reading_key)
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Up):
            current = self._selected[-1] if self._selected else None
            pos = order.index(current) if current is not None else -1
            step = 1 if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) else -1
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and current is not None:
                line = self._words[current].line + step  # first word of the next/previous line
                same = [i for i in order if self._words[i].line == line]
                target = same[0] if same else order[max(0, min(len(order) - 1, pos + step))]
            else:
                target = order[max(0, min(len(order) - 1, pos + step))]
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._selected:
                anchor = self._anchor if self._anchor is not None else self._selected[0]
                a, b = sorted((order.index(anchor), order.index(target)))
                self.select(order[a:b + 1])
            else:
                self._anchor = target
                self.select([target])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self._selected:
                self.wordsChosen.emit(self.selected(), int(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)))
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.update()
        super().focusOutEvent(event)


class ReviewPanel(QWidget):
    """accepted(contact_id, values) when the user accepts; nextRequested to skip without changes."""

    accepted = Signal(int, dict)
    skipped = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Review card")
        self._item: ReviewItem | None = None
        self._active = "name"

        self.canvas = CardCanvas(self)
        self.canvas.wordsChosen.connect(self._assign)
        self.heading = QLabel("Nothing to review", self)
        self.heading.setObjectName("reviewHeading")
        self.hint = QLabel("Click a word on the card — or drag across several — to put it in the "
                           "highlighted field. Ctrl+click adds to the field. F6 moves to the card, "
                           "Ctrl+Enter accepts and shows the next card.", self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        self.position = QLabel("", self)
        self.position.setAccessibleName("Review position")
        self.position.setWordWrap(True)

        form = QFormLayout()
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for key, label, multiline in FIELDS:
            editor: QLineEdit | QPlainTextEdit
            if multiline:
                editor = QPlainTextEdit(self)
                editor.setTabChangesFocus(True)
                editor.textChanged.connect(lambda e=editor: e.hasFocus() and _clear_low_confidence(e))
                editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 3 + 12)
            else:
                editor = QLineEdit(self)
                editor.textEdited.connect(lambda _t, e=editor: _clear_low_confidence(e))
            # Room for a typical e-mail address or phone number without scrolling.
            editor.setMinimumWidth(editor.fontMetrics().horizontalAdvance("firstname.lastname@example.com") + 16)
            editor.setAccessibleName(label.replace("&", ""))
            editor.installEventFilter(self)
            editor.setProperty("fieldKey", key)
            caption = QLabel(label, self)
            caption.setBuddy(editor)
            self.editors[key], self.labels[key] = editor, caption
            form.addRow(caption, editor)

        self.skip_button = QPushButton("Skip", self)
        self.skip_button.setToolTip("Leave this card as it is and show the next one")
        self.skip_button.clicked.connect(self._skip)
        self.accept_button = QPushButton("Accept && Next", self)
        self.accept_button.setDefault(True)
        self.accept_button.setToolTip("Save the fields and show the next card (Ctrl+Enter)")
        self.accept_button.clicked.connect(self.accept)
        accept = QShortcut(QKeySequence("Ctrl+Return"), self, self.accept,
                           context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        accept.setWhatsThis("Accept the fields and show the next card")
        to_card = QShortcut(QKeySequence("F6"), self, self.canvas.setFocus,
                            context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        to_card.setWhatsThis("Move to the card (arrows pick words, Enter puts them in the field)")

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.heading)
        side_layout.addWidget(self.position)
        side_layout.addLayout(form)
        side_layout.addWidget(self.hint)
        side_layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.accept_button)
        side_layout.addLayout(buttons)
        splitter = QSplitter(self)
        splitter.addWidget(self.canvas)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.set_item(None)

    # -- public --------------------------------------------------------------------------------
    def set_item(self, item: ReviewItem | None, position: str = "") -> None:
        self._item = item
        self.position.setText(position)
        enabled = item is not None
        for editor in self.editors.values():
            editor.setEnabled(enabled)
        self.accept_button.setEnabled(enabled)
        self.skip_button.setEnabled(enabled)
        if item is None:
            self.heading.setText("Nothing to review")
            self.canvas.set_card(None, [])
            for editor in self.editors.values():
                _set_text(editor, "")
            return
        self.heading.setText(item.values.get("name") or "Review the card")
        self.canvas.set_card(item.image, item.words)
        for key, editor in self.editors.items():
            _set_text(editor, item.values.get(key, ""))
            low = key in item.low_confidence
            editor.setProperty("lowConfidence", low)
            editor.setToolTip(f"Read with {item.confidence.get(key, 0):.0%} confidence — please check"
                              if low else "")
            editor.style().unpolish(editor)
            editor.style().polish(editor)
        self.activate("name")

    def item(self) -> ReviewItem | None:
        return self._item

    def activate(self, key: str) -> None:
        """Make `key` the field that clicked words go to, and show its words on the card."""
        self._active = key
        for name, label in self.labels.items():
            font = label.font()
            font.setBold(name == key)
            label.setFont(font)
        if self._item is not None:
            self.canvas.set_highlight(self._item.field_words.get(key, []))

    def active_field(self) -> str:
        return self._active

    def values(self) -> dict[str, str]:
        return {key: _get_text(editor).strip() for key, editor in self.editors.items()}

    def accept(self) -> None:
        if self._item is None:
            return
        self.accepted.emit(self._item.contact_id, self.values())

    # -- private -------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if event.type() == event.Type.FocusIn and watched.property("fieldKey"):
            self.activate(watched.property("fieldKey"))
        return super().eventFilter(watched, event)

    def _assign(self, indices: list[int], append: bool) -> None:
        if self._item is None or not indices:
            return
        text = " ".join(self._item.words[i].text for i in indices)
        editor = self.editors[self._active]
        current = _get_text(editor).strip()
        if append and current:
            separator = ", " if self._active in LIST_FIELDS else " "
            text = current + separator + text
        _set_text(editor, text)
        _clear_low_confidence(editor)
        self._item.field_words[self._active] = (
            self._item.field_words.get(self._active, []) + indices if append else list(indices))
        self.canvas.set_highlight(self._item.field_words[self._active])

    def _skip(self) -> None:
        if self._item is not None:
            self.skipped.emit(self._item.contact_id)


def _clear_low_confidence(editor: QLineEdit | QPlainTextEdit) -> None:
    """The user corrected the field: it no longer needs a second look."""
    if editor.property("lowConfidence"):
        editor.setProperty("lowConfidence", False)
        editor.setToolTip("")
        editor.style().unpolish(editor)
        editor.style().polish(editor)


def _set_text(editor: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(text)
    else:
        editor.setText(text)
        editor.setCursorPosition(0)


def _get_text(editor: QLineEdit | QPlainTextEdit) -> str:
    return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
