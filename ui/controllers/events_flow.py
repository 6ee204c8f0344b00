"""Tonight's event: which one new cards are filed under (kept by the Library, the one place for it)."""
from __future__ import annotations

from PySide6.QtCore import QObject

from ui.views.event_dialog import EventDialog


class EventsFlow(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window

    def start(self) -> None:
        """At start-up: carry on with the current event, or ask for one."""
        desk = self.w.desk
        self.w.lookups.run(desk.current_event_id,
                           lambda event_id: self.set_event(event_id) if event_id is not None else self.choose_event())

    def set_event(self, event_id: int | None) -> None:
        """New cards go to this event from now on; its name and the filters follow on a worker."""
        w = self.w
        w.event_id = event_id
        desk = w.desk
        w.writes.run(lambda: (desk.set_current_event(event_id), desk.list_events()), self._event_set)
        w.notes.refresh_count()

    def _event_set(self, answer) -> None:
        name, events = answer
        w = self.w
        w.event_name = name
        w.setWindowTitle(f"NetCapture — {name}" if name else "NetCapture")
        w.event_label.setText(f"<b>{name}</b>" if name else "No event chosen")
        w.contacts.set_events([(e.id, e.name) for e in events])

    def choose_event(self) -> None:
        self.w.lookups.run(self.w.desk.list_events, self._choose_from)

    def new_event(self) -> None:
        self._choose_from([])

    def _choose_from(self, events) -> None:
        dialog = EventDialog(events, self.w)
        if dialog.exec() != EventDialog.DialogCode.Accepted:
            return
        fields = dialog.new_event()
        if fields:
            desk = self.w.desk
            self.w.writes.run(lambda: desk.create_event(fields["name"], fields["date"], fields["venue"],
                                                        fields["goal"]), self.set_event)
        elif events:
            self.set_event(dialog.chosen_event_id())
