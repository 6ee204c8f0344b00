"""A strip across the top of the window with a message and an optional action."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Banner(QFrame):
    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"banner_{kind}")
        self.setProperty("bannerKind", kind)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(self)
        self.button.hide()
        close = QPushButton("✕", self)
        close.setFlat(True)
        close.setAccessibleName("Dismiss")
        close.setFixedWidth(28)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        layout.addWidget(close)
        self._slot = None
        self.topic: str | None = None
        self.hide()

    def show_message(self, text: str, action: str | None = None, slot=None, topic: str | None = None) -> None:
        """`topic` names what the message is about, so it can be taken down when that is settled."""
        self.topic = topic
        self.label.setText(text)
        self.setAccessibleName(text)
        if self._slot is not None:
            self.button.clicked.disconnect(self._slot)
            self._slot = None
        if action and slot:
            self._slot = slot
            self.button.setText(action)
            self.button.clicked.connect(slot)
            self.button.show()
        else:
            self.button.hide()
        self.show()

    def hide_topic(self, topic: str) -> None:
        if self.topic == topic:
            self.hide()
