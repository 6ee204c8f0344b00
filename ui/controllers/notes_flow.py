"""Notes before the memory fades: the prompt's saves, the Notes-missing count and the reminder."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QImage

CAPTURE_PAGE, CONTACTS_PAGE = 0, 2


class NotesFlow(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.reminder_minutes = 0.0
        self.reminder = QTimer(self)
        self.reminder.timeout.connect(self._remind)
        self._count_task: int | None = None
        self.rule = None  # when a new contact's follow-up is due (the user's setting), fetched below
        window.lookups.run(window.desk.follow_up_rule, lambda rule: setattr(self, "rule", rule))
        prompt = window.prompt
        prompt.saveRequested.connect(self._save)
        prompt.done.connect(lambda _cid: self._after_prompt())
        prompt.skipped.connect(lambda _cid: self._after_prompt())
        window.notes_missing_button.clicked.connect(self.show_notes_missing)

    def default_due(self):
        """The follow-up date the prompt shows at the shutter: the user's rule (None: no follow-up)."""
        from datetime import date

        return self.rule.due(date.today()) if self.rule is not None else self.w.desk.default_follow_up_date()

    def _save(self, contact_id: int, values: dict) -> None:
        w = self.w
        w.writes.run(lambda event_id=w.event_id: w.desk.save_prompt(contact_id, event_id, values),
                     lambda _r: w.refresh_views())

    def _after_prompt(self) -> None:
        self.w.refresh_views()
        self.w.station.setFocus()

    # -- the count on the tray button ----------------------------------------------------------
    def refresh_count(self) -> None:
        desk, event_id = self.w.desk, self.w.event_id
        task = self.w.lookups.run(lambda: desk.missing_notes_count(event_id),
                                  lambda missing: self._count_loaded(task, missing))
        self._count_task = task

    def _count_loaded(self, task: int, missing: int) -> None:
        if task != self._count_task:
            return
        button = self.w.notes_missing_button
        button.setText(f"Notes missing  ({missing})" if missing else "Notes missing")
        button.setProperty("badge", bool(missing))
        button.style().unpolish(button)
        button.style().polish(button)

    def show_notes_missing(self) -> None:
        self.w.nav.setCurrentRow(CONTACTS_PAGE)
        self.w.contacts.show_only(notes_missing=True)

    # -- the reminder --------------------------------------------------------------------------
    def set_reminder_minutes(self, minutes: float) -> None:
        self.reminder_minutes = minutes
        self.reminder.stop()
        if minutes > 0:
            self.reminder.start(int(minutes * 60_000))

    def _remind(self) -> None:
        desk, event_id, minutes = self.w.desk, self.w.event_id, self.reminder_minutes
        self.w.lookups.run(lambda: desk.missing_notes_ids(event_id, older_than_minutes=minutes / 2),
                           self._show_reminder)

    def _show_reminder(self, waiting: list[int]) -> None:
        if waiting:
            many = len(waiting) != 1
            self.w.info_banner.show_message(
                f"{len(waiting)} contact{'s' if many else ''} from tonight still "
                f"{'have' if many else 'has'} no notes. A few words now save a cold follow-up later.",
                "Add notes", lambda: self.w.walk.start(waiting))

    def walk_missing(self, start_at: int | None = None) -> None:
        """The Notes-missing tray's walk-through: every contact without notes, from ``start_at``."""
        desk, event_id = self.w.desk, self.w.event_id
        self.w.lookups.run(lambda: desk.missing_notes_ids(event_id), lambda ids: self.w.walk.start(ids, start_at))

    def open_prompt_for(self, contact_id: int) -> None:
        """One card came in (a file, a drop, the hot folder): the memory prompt asks about it."""
        desk, event_id = self.w.desk, self.w.event_id

        def work():
            data = desk.prompt_data(contact_id, event_id)
            return data, QImage(str(data.front)) if data.front else None

        self.w.lookups.run(work, self._open_prompt)

    def _open_prompt(self, found) -> None:
        w = self.w
        w.info_banner.hide()
        if found is None:
            return
        data, card = found
        w.nav.setCurrentRow(CAPTURE_PAGE)
        w.prompt.open_for(data.contact_id, data.who, data.notes.answers, data.notes.relationship,
                          data.notes.follow_up, card)
