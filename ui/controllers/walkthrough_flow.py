"""The notes walk-through: after a batch comes in, or from the Notes-missing tray, each card in
turn. Each card's notes are fetched on a worker; typing is saved as it goes (writes queue)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage


class WalkThroughFlow(QObject):
    finished = Signal(int)  # how many cards were walked through

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.ids: list[int] = []
        self.index = 0
        self._return_page = 0
        self._task: int | None = None
        prompt = window.walkthrough.prompt
        prompt.saveRequested.connect(self._save)
        prompt.renamed.connect(self._rename)
        prompt.done.connect(lambda _cid: self._next())
        prompt.skipped.connect(lambda _cid: self.stop())

    def offer(self, ids: list[int]) -> None:
        """After a batch: the banner offers the walk-through."""
        if ids:
            count = len(ids)
            self.w.info_banner.show_message(
                f"{count} new card{'s' if count != 1 else ''} in. Add a few words to each while you still "
                "remember the conversation.", f"Add notes now ({count} card{'s' if count != 1 else ''})",
                lambda: self.start(ids), topic="notes")

    def start(self, ids: list[int], start_at: int | None = None) -> None:
        if not ids:
            return
        w = self.w
        w.info_banner.hide()
        self.ids = list(ids)
        self.index = self.ids.index(start_at) if start_at in self.ids else 0
        if w.stack.currentWidget() is not w.walkthrough:
            self._return_page = w.stack.currentIndex()
        w.stack.setCurrentWidget(w.walkthrough)
        self._load()

    def active(self) -> bool:
        return self.w.stack.currentWidget() is self.w.walkthrough and bool(self.ids)

    def _load(self) -> None:
        contact_id, desk, event_id = self.ids[self.index], self.w.desk, self.w.event_id

        def work():
            data = desk.prompt_data(contact_id, event_id)
            return data, QImage(str(data.front)) if data.front else None

        task = self.w.lookups.run(work, lambda found: self._loaded(task, found), lambda exc: self._gone(task))
        self._task = task

    def _loaded(self, task: int, found) -> None:
        if task != self._task or not self.ids:
            return
        data, card = found
        page = self.w.walkthrough
        page.show_position(self.index, len(self.ids))
        page.prompt.open_for(data.contact_id, data.who, data.notes.answers, data.notes.relationship,
                             data.notes.follow_up, card, name=data.name)

    def _gone(self, task: int) -> None:
        if task == self._task:  # deleted meanwhile: go on with the next one
            self._next()

    def _save(self, contact_id: int, values: dict) -> None:
        w = self.w
        w.writes.run(lambda event_id=w.event_id: w.desk.save_prompt(contact_id, event_id, values))

    def _rename(self, contact_id: int, name: str) -> None:
        self.w.writes.run(lambda: self.w.desk.rename(contact_id, name))

    def _next(self) -> None:
        self.index += 1
        if self.index < len(self.ids):
            self._load()
        else:
            self.stop()

    def stop(self) -> None:
        """Leave the walk-through; what was typed is saved, the rest wait in Notes missing."""
        w = self.w
        w.walkthrough.prompt.close_prompt()
        walked = min(self.index, len(self.ids))
        self.ids, self.index, self._task = [], 0, None
        if w.stack.currentWidget() is w.walkthrough:
            w.stack.setCurrentIndex(self._return_page)
        w.refresh_views()
        self.finished.emit(walked)
