"""Add notes now: the cards of a batch (or the Notes-missing tray) one after another."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.views.memory_prompt import MemoryPromptPanel


class WalkThroughPage(QWidget):
    """A heading with the position ("Card 2 of 5") over the memory prompt in walk-through mode:
    editable name, the four questions, relationship and follow-up date; Enter saves and moves on,
    Esc stops and leaves the rest in Notes missing."""

    def __init__(self, relationships: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Add notes")
        self.heading = QLabel("Add notes", self)
        self.heading.setObjectName("pageHeading")
        self.position = QLabel("", self)
        self.position.setObjectName("hint")
        self.position.setAccessibleName("Position in the walk-through")
        self.prompt = MemoryPromptPanel(relationships, self, walk_through=True)
        self.prompt.setMaximumWidth(760)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.position)
        layout.addWidget(self.prompt, 1)

    def show_position(self, index: int, total: int) -> None:
        self.heading.setText(f"Add notes — card {index + 1} of {total}")
        left = total - index - 1
        self.position.setText("Enter saves and goes to the next card; Esc stops here"
                              + (f" and leaves {left} in “Notes missing”." if left else "."))
