"""Review: cards with fields to check, one after another; each loaded on a worker, saved on a worker."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from ui.views.review import ReviewItem, Word

REVIEW_PAGE = 1  # the Review page's row in the navigation


class ReviewFlow(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.queue: list[int] = []  # contact ids, the one shown first
        self._loading: int | None = None  # the task whose answer the panel waits for
        window.review.accepted.connect(self._accepted)
        window.review.skipped.connect(lambda _cid: self.next())
        # The queue is stored with the contacts: after a restart the cards still to check are back.
        window.lookups.run(window.desk.review_queue, self.enqueue)

    def enqueue(self, contact_ids) -> None:
        self.queue.extend(i for i in contact_ids if i not in self.queue)

    def open_review(self, contact_id: int) -> None:
        if contact_id in self.queue:
            self.queue.remove(contact_id)
        self.queue.insert(0, contact_id)
        self._show()

    def review_selected(self) -> None:
        ids = self.w.contacts.selected_ids()
        if ids:
            self.queue = ids + [i for i in self.queue if i not in ids]
            self._show()

    def _show(self) -> None:
        if self.w.nav.currentRow() == REVIEW_PAGE:
            self.load()
        else:
            self.w.nav.setCurrentRow(REVIEW_PAGE)  # the page change loads it

    def load(self) -> None:
        """Show the first card of the queue (fetched on a worker); gone contacts are skipped."""
        if not self.queue:
            self._loading = None
            self.w.review.set_item(None)
            return
        contact_id, desk = self.queue[0], self.w.desk

        def work():
            data = desk.review_item(contact_id)
            if data is None:
                return None
            image = QImage(str(data.image_path)) if data.image_path else None
            return data, image

        task = self.w.lookups.run(work, lambda found: self._loaded(task, contact_id, found))
        self._loading = task

    def _loaded(self, task: int, contact_id: int, found) -> None:
        if task != self._loading:
            return  # a later request superseded this one
        if found is None:
            if contact_id in self.queue:
                self.queue.remove(contact_id)
            self.load()
            return
        data, image = found
        words = [Word(text=str(w.get("text", "")), left=w.get("left", 0), top=w.get("top", 0),
                      width=w.get("width", 0), height=w.get("height", 0), conf=float(w.get("conf", 1.0)),
                      line=int(w.get("line", 0))) for w in data.words]
        item = ReviewItem(contact_id=data.contact_id, image=image, words=words, values=data.values,
                          confidence=data.confidence, field_words=data.field_words, corrected=data.corrected,
                          low_confidence=data.low_confidence)
        position = f"{len(self.queue)} card(s) to review"
        if data.status == "failed":
            position = f"Not read ({data.error}) — type it in from the photo. {position}"
        elif data.status == "queued":
            position = f"Still being read. {position}"
        self.w.review.set_item(item, position)

    def _accepted(self, contact_id: int, values: dict) -> None:
        self.w.writes.run(lambda: self.w.desk.save_review(contact_id, values), lambda _r: self.w.refresh_views())
        self.next()

    def next(self) -> None:
        if self.queue:
            self.queue.pop(0)
        self.load()
