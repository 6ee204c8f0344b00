"""Events: tonight's event (new cards are filed under it; the Library keeps which one), its plan,
the live count on the capture station, the after-event review (offered once, the next time the
app opens after the event's date) and the results pages. Every figure comes from
netcapture.results through the Desk; nothing is counted here."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.views.event_dialog import EventDialog
from ui.views.event_review_dialog import EventReviewDialog
from ui.views.plan_form import EventPlanDialog

REPORT_FORMATS = {"html": "Printable page with the chart (*.html)", "csv": "CSV for a spreadsheet (*.csv)"}


class EventsFlow(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self._progress_task: int | None = None
        self._overview_task: int | None = None
        self.review_dialog: EventReviewDialog | None = None  # the open one (tests fill it in)
        view = window.events_view
        view.overview.openRequested.connect(self.open_event)
        view.overview.newRequested.connect(self.new_event)
        view.overview.editRequested.connect(self.edit_event)
        view.overview.deleteRequested.connect(self.delete_event)
        view.overview.exportRequested.connect(lambda: self.export_report(None))
        view.page.editRequested.connect(self.edit_event)
        view.page.reviewRequested.connect(self.review_event)
        view.page.exportRequested.connect(self.export_report)
        view.page.finishRequested.connect(self.finish_contacts)

    def start(self) -> None:
        """At start-up: carry on with the current event, or ask for one; then offer the review of
        an event that is over."""
        desk = self.w.desk

        def chosen(event_id):
            if event_id is not None:
                self.set_event(event_id)
            else:
                self.choose_event()
            self.offer_review()

        self.w.lookups.run(desk.current_event_id, chosen)

    def set_event(self, event_id: int | None) -> None:
        """New cards go to this event from now on; its name and the filters follow on a worker."""
        w = self.w
        w.event_id = event_id
        desk = w.desk
        w.writes.run(lambda: (desk.set_current_event(event_id), desk.list_events()), self._event_set)
        w.notes.refresh_count()
        self.refresh_progress()

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
        plan = dialog.new_event()
        if plan:
            desk = self.w.desk
            self.w.writes.run(lambda: desk.save_event_plan(plan), self._created)
        elif events:
            self.set_event(dialog.chosen_event_id())

    def _created(self, event_id: int) -> None:
        self.set_event(event_id)
        self.refresh_events()

    # -- the live count on the capture station -------------------------------------------------
    def refresh_progress(self) -> None:
        """"3 of 5–8 real conversations" and tonight's ask (Library.conversation_progress)."""
        desk, event_id = self.w.desk, self.w.event_id
        task = self.w.lookups.run(lambda: desk.conversation_progress(event_id),
                                  lambda progress: task == self._progress_task and self._show_progress(progress))
        self._progress_task = task

    def _show_progress(self, progress) -> None:
        goal = self.w.station.goal
        if progress is None:
            goal.set_goal("", "")
        else:
            goal.set_goal(progress.ask, progress.label + (" ✓" if progress.goal_met else ""))

    # -- quality contacts ----------------------------------------------------------------------
    def toggle_star(self) -> int | None:
        """Star the contact in the memory prompt (on the Capture page) or the selected contacts;
        unstar them when all are starred already. Returns the write's task id."""
        w = self.w
        from ui.main_window import CAPTURE_PAGE

        if w.stack.currentIndex() == CAPTURE_PAGE and w.prompt.contact_id() is not None:
            ids = [w.prompt.contact_id()]
        else:
            ids = w.contacts.selected_ids()
        if not ids:
            w.statusBar().showMessage("Select a contact to star first.", 5000)
            return None
        starred = {w.contacts_model.row(r).id for r in range(w.contacts_model.rowCount())
                   if w.contacts_model.row(r).starred}
        on = not all(i in starred for i in ids)
        desk = w.desk

        def done(_result) -> None:
            w.statusBar().showMessage(f"{'Starred' if on else 'Unstarred'} {len(ids)} contact"
                                      f"{'s' if len(ids) != 1 else ''} as quality contact"
                                      f"{'s' if len(ids) != 1 else ''}.", 5000)
            w.refresh_views()

        return w.writes.run(lambda: desk.set_starred(ids, on), done)

    # -- plan: edit and delete -----------------------------------------------------------------
    def edit_event(self, event_id: int) -> None:
        self.w.lookups.run(lambda: self.w.desk.event_plan(event_id), self._edit)

    def _edit(self, plan) -> None:
        dialog = EventPlanDialog(plan, self.w)
        if dialog.exec() != EventPlanDialog.DialogCode.Accepted or dialog.plan() is None:
            return
        changed, desk = dialog.plan(), self.w.desk
        self.w.writes.run(lambda: desk.save_event_plan(changed), self._saved)

    def _saved(self, event_id: int) -> None:
        if event_id == self.w.event_id:
            self.set_event(event_id)  # the name in the title and sidebar, the ask on the station
        self.refresh_events()
        if self.w.events_view.currentWidget() is self.w.events_view.page:
            self.open_event(event_id)

    def delete_event(self, event_id: int) -> None:
        w = self.w
        name = next((r.event for r in w.events_view.overview.results if r.event_id == event_id), "this event")
        if QMessageBox.question(w, "Delete event", f"Move “{name}” to the Trash? Its contacts stay; "
                                "the event can be restored from the Trash.") != QMessageBox.StandardButton.Yes:
            return

        def deleted(_result) -> None:
            if event_id == w.event_id:
                self.set_event(None)
            else:
                self.set_event(w.event_id)  # the event filter lists one fewer
            self.refresh_events()

        w.writes.run(lambda: w.desk.delete_event(event_id), deleted)

    # -- the overview and the event page -------------------------------------------------------
    def refresh_events(self) -> None:
        desk = self.w.desk
        task = self.w.lookups.run(desk.all_event_results,
                                  lambda results: task == self._overview_task
                                  and self.w.events_view.overview.set_results(results))
        self._overview_task = task

    def open_event(self, event_id: int) -> None:
        desk = self.w.desk

        def work():
            results = desk.event_results(event_id)
            return results, desk.event_plan(event_id), desk.contact_names(results.unfinished)

        def loaded(found) -> None:
            self.w.events_view.page.show_results(*found)
            self.w.events_view.setCurrentWidget(self.w.events_view.page)

        self.w.lookups.run(work, loaded)

    def export_report(self, event_id: int | None) -> None:
        w = self.w
        base = "event-results" if event_id is None else "event-results-" + str(event_id)
        start = Path(w.settings.value("exportDir", str(Path.home()))) / f"{base}.html"
        path, chosen = QFileDialog.getSaveFileName(w, "Export the events report", str(start),
                                                   ";;".join(REPORT_FORMATS.values()))
        if path:
            fmt = "csv" if chosen == REPORT_FORMATS["csv"] or path.lower().endswith(".csv") else "html"
            self.run_export(fmt, Path(path), event_id)

    def run_export(self, fmt: str, path: Path, event_id: int | None) -> int:
        from ui.controllers.contacts_flow import show_in_folder

        w = self.w
        w.settings.setValue("exportDir", str(path.parent))

        def done(count: int) -> None:
            text = f"Exported the results of {count} event{'s' if count != 1 else ''} to {path.name}."
            w.statusBar().showMessage(text, 8000)
            w.info_banner.show_message(text, "Show in folder", lambda: show_in_folder(path), topic="export")

        return w.writes.run(lambda: w.desk.export_report(fmt, path, event_id), done)

    # -- the after-event review ----------------------------------------------------------------
    def offer_review(self) -> None:
        """Offer the review of the latest event that is over and was never offered; once."""
        desk = self.w.desk
        self.w.lookups.run(desk.events_to_review, self._offer)

    def _offer(self, events) -> None:
        if not events:
            return
        event = events[-1]  # the most recent; earlier ones are offered on later starts
        self.w.writes.run(lambda: self.w.desk.mark_review_offered(event.id))
        self.w.info_banner.show_message(
            f"How was {event.name}? Four short questions now tell you later whether it is worth going back.",
            "Review it now", lambda: (self.w.info_banner.hide(), self.review_event(event.id)), topic="review")

    def review_event(self, event_id: int) -> None:
        desk = self.w.desk

        def work():
            results = desk.event_results(event_id)
            names = desk.contact_names(results.unfinished)
            return results, desk.event_review(event_id), [(i, names.get(i, f"#{i}")) for i in results.unfinished]

        self.w.lookups.run(work, lambda found: self._open_review(event_id, *found))

    def _open_review(self, event_id: int, results, review, unfinished) -> None:
        dialog = EventReviewDialog(results.event, review, unfinished, self.w)
        self.review_dialog = dialog
        dialog.accepted.connect(lambda: self._save_review(event_id, dialog))
        dialog.finishRequested.connect(self.finish_contacts)
        dialog.finished.connect(lambda _code: setattr(self, "review_dialog", None))
        dialog.open()

    def _save_review(self, event_id: int, dialog: EventReviewDialog) -> int:
        answers, lines, go_again, note = dialog.values()
        desk = self.w.desk

        def saved(_review) -> None:
            self.refresh_events()
            if self.w.events_view.page.event_id == event_id:
                self.open_event(event_id)

        return self.w.writes.run(lambda: desk.save_event_review(event_id, answers, lines, go_again, note), saved)

    def finish_contacts(self, contact_ids: list[int]) -> None:
        """The event's contacts without notes or a follow-up, one after another."""
        if not contact_ids:
            return
        walk = getattr(self.w, "walk", None)  # the notes walk-through
        if walk is not None:
            walk.start(contact_ids)
        else:
            self.w.contacts_flow.open_contact(contact_ids[0])
