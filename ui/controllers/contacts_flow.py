"""Contacts and follow-ups: the detail pane, merging duplicates, exports, ticking follow-ups off.

Every lookup runs on the window's `lookups` queue and every change on `writes`; the answers are
plain data from netcapture.desk, turned into widgets here on the GUI thread.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from netcapture.desk import EXPORT_FORMATS
from ui.views.merge_dialog import MergeDialog

CONTACTS_PAGE = 2


class ContactsFlow(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self._detail_task: int | None = None
        self._followups_task: int | None = None
        window.contacts.selectionChanged.connect(self.show_detail)
        window.contacts.contactActivated.connect(self._activated)
        view, desk = window.followups, window.desk
        view.contactActivated.connect(self.open_contact)
        view.doneRequested.connect(lambda fid, outcome, note: self._follow_up_change(
            lambda: desk.complete_follow_up(fid, outcome, note), "Follow-up done."))
        view.snoozeRequested.connect(lambda fid, days: self._follow_up_change(
            lambda: desk.snooze_follow_up(fid, days), f"Snoozed for {'a week' if days == 7 else f'{days} day(s)'}."))
        view.rescheduleRequested.connect(lambda fid, due: self._follow_up_change(
            lambda: desk.reschedule_follow_up(fid, due), f"Moved to {due:%a %d %b}."))
        view.draftRequested.connect(self.write_follow_up)
        view.introductionRequested.connect(lambda cid, whom, direction, status: self._follow_up_change(
            lambda: desk.add_introduction(cid, whom, direction, status), f"Introduction tracked: {whom}."))
        view.introStatusRequested.connect(lambda fid, status: self._follow_up_change(
            lambda: desk.set_introduction_status(fid, status), f"Introduction {status}."))
        editor = window.contacts.detail
        editor.saveRequested.connect(self.save_contact)
        editor.reviewRequested.connect(window.review_flow.open_review)
        editor.addFollowUpRequested.connect(self.add_follow_up)
        editor.deleteRequested.connect(lambda cid: self.delete([cid]))
        window.contacts.newContactRequested.connect(self.new_contact)
        self._undo = None  # (description, function to run on the write queue)

    # -- editing in place ----------------------------------------------------------------------
    def save_contact(self, contact_id: int, edits) -> None:
        w = self.w

        def saved(undo) -> None:
            if undo is not None:
                self._undo = ("edit", lambda: w.desk.undo_edit(contact_id, undo), contact_id)
            w.refresh_views()
        w.writes.run(lambda: w.desk.save_contact(contact_id, edits), saved)

    def add_follow_up(self, contact_id: int) -> None:
        w = self.w
        w.writes.run(lambda: w.desk.add_follow_up(contact_id),
                     lambda _r: (self.show_detail([contact_id], force=True), w.refresh_views()))

    def delete_selected(self) -> None:
        if self.w.stack.currentWidget() is self.w.contacts:
            self.delete(self.w.contacts.selected_ids())

    def delete(self, ids: list[int]) -> None:
        """To the Trash: nothing is lost by a mis-click (Ctrl+Z, or restore from the Trash)."""
        if not ids:
            return
        w = self.w
        w.contacts.detail.flush()

        def deleted(_result) -> None:
            self._undo = ("delete", lambda: [w.desk.restore_contact(i) for i in ids], ids[0])
            many = len(ids) != 1
            w.statusBar().showMessage(f"{len(ids)} contact{'s' if many else ''} moved to the Trash. "
                                      "Undo with Ctrl+Z.", 8000)
            w.refresh_views()
        w.writes.run(lambda: [w.desk.delete_contact(i) for i in ids], deleted)

    def undo(self) -> None:
        """Ctrl+Z: put back the last edit or delete."""
        if self._undo is None:
            self.w.statusBar().showMessage("Nothing to undo.", 4000)
            return
        what, work, contact_id = self._undo
        self._undo = None
        w = self.w

        def undone(_result) -> None:
            w.statusBar().showMessage("Deleted contact restored." if what == "delete" else "Edit undone.", 6000)
            w.refresh_views()
            if w.contacts.selected_ids() == [contact_id]:
                self.show_detail([contact_id], force=True)
        w.writes.run(work, undone)

    def new_contact(self) -> None:
        from ui.views.new_contact_dialog import NewContactDialog

        w = self.w
        dialog = NewContactDialog(w.event_name, w)
        if dialog.exec() != NewContactDialog.DialogCode.Accepted:
            return
        values, event_id = dialog.values(), w.event_id

        def added(contact_id: int) -> None:
            self._undo = ("add", lambda: w.desk.delete_contact(contact_id), contact_id)
            w.statusBar().showMessage(f"Added {values['name'] or values['company'] or values['email']}.", 6000)
            self.open_contact(contact_id)
            w.refresh_views()
        w.writes.run(lambda: w.desk.add_contact(event_id, **values), added)

    # -- the detail pane -----------------------------------------------------------------------
    def show_detail(self, ids: list[int], force: bool = False) -> None:
        """The selected contact in the editor, fetched on a worker. A reload of the same contact
        waits while the user is typing in it (their text is saved, then shown as stored)."""
        detail = self.w.contacts.detail
        if len(ids) != 1:
            self._detail_task = None
            if ids:
                detail.show_message(f"{len(ids)} contacts selected.")
            else:
                detail.show_card(None)
            return
        contact_id, desk = ids[0], self.w.desk
        if not force and detail.contact_id() == contact_id and detail.is_editing():
            return

        def work():
            card = desk.contact_card(contact_id)
            if card is None:
                return None
            return card, *(QImage(str(p)) if p else None for p in (card.front, card.back))

        task = self.w.lookups.run(work, lambda found: self._detail_loaded(task, found))
        self._detail_task = task

    def _detail_loaded(self, task: int, found) -> None:
        if task != self._detail_task:
            return  # the selection moved on meanwhile
        if found is None:
            self.w.contacts.detail.show_card(None)
            return
        card, front, back = found
        self.w.contacts.detail.show_card(card, front, back)

    def _activated(self, contact_id: int) -> None:
        """Double-click or Enter: in the Notes-missing tray the notes walk-through starts from this
        contact through the rest of the tray; elsewhere the card opens for review."""
        w = self.w
        if w.contacts.current_query().notes_missing:
            ids = [w.contacts_model.row(r).id for r in range(w.contacts_model.rowCount())]
            w.walk.start(ids, contact_id)
        else:
            w.review_flow.open_review(contact_id)

    def open_contact(self, contact_id: int) -> None:
        w = self.w
        w.nav.setCurrentRow(CONTACTS_PAGE)
        if not w.contacts.select_contact(contact_id):  # not loaded yet: select it once the rows arrive
            def select(_generation):
                w.contacts_model.refreshed.disconnect(select)
                w.contacts.select_contact(contact_id)
            w.contacts_model.refreshed.connect(select)
            w.contacts.show_only()
            w.contacts.search.clear()
            w.contacts.apply_filters()

    def focus_search(self) -> None:
        self.w.nav.setCurrentRow(CONTACTS_PAGE)
        self.w.contacts.search.setFocus()
        self.w.contacts.search.selectAll()

    # -- follow-ups ----------------------------------------------------------------------------
    def refresh_followups(self) -> None:
        desk = self.w.desk
        task = self.w.lookups.run(lambda: desk.follow_up_sections(date.today()),
                                  lambda items: self._followups_loaded(task, items))
        self._followups_task = task

    def _followups_loaded(self, task: int, sections) -> None:
        if task == self._followups_task:
            self.w.followups.set_sections(sections)

    def _follow_up_change(self, work, message: str) -> None:
        def done(_result) -> None:
            self.w.statusBar().showMessage(message, 5000)
            self.w.refresh_views()
            self.refresh_followups()
        self.w.writes.run(work, done)

    def write_follow_up(self, follow_up_id: int) -> None:
        """The draft opens in the user's own mail program (a mailto: link); nothing is sent here."""
        self.w.lookups.run(lambda: self.w.desk.follow_up_mail(follow_up_id), self.w.open_url)

    def show_trash(self) -> None:
        from ui.views.trash_dialog import TrashDialog

        w = self.w
        dialog = TrashDialog(w)

        def load(_result=None) -> None:
            w.lookups.run(w.desk.trash, dialog.set_items)

        def changed(_result=None) -> None:
            load()
            w.refresh_views()
        dialog.restoreRequested.connect(lambda items: w.writes.run(lambda: [w.desk.restore(i) for i in items],
                                                                   changed))
        dialog.emptyRequested.connect(lambda: w.writes.run(w.desk.empty_trash, changed))
        load()
        dialog.exec()

    # -- exports -------------------------------------------------------------------------------
    def export(self, fmt: str, scope: str) -> None:
        w = self.w
        label, ext = EXPORT_FORMATS[fmt].label, EXPORT_FORMATS[fmt].extension
        ids = w.contacts.selected_ids() if scope == "selection" else None
        if scope == "selection" and not ids:
            where = ("Select the contacts to export in the table first (Ctrl+A selects them all)."
                     if w.stack.currentIndex() == CONTACTS_PAGE else
                     "Select the contacts to export in the Contacts view first (Ctrl+3).")
            QMessageBox.information(w, "Export selection", where)
            return
        if scope == "event" and w.event_id is None:
            QMessageBox.information(w, "Export", "Choose an event first (File ▸ Switch Event).")
            return
        base = w.event_name if scope == "event" else "contacts"
        default = str(Path(w.settings.value("exportDir", str(Path.home()))) / f"{base or 'contacts'}.{ext}")
        path, _ = QFileDialog.getSaveFileName(w, f"Export {label}", default, f"{label} (*.{ext})")
        if not path:
            return
        w.settings.setValue("exportDir", str(Path(path).parent))
        self.run_export(fmt, Path(path), ids, w.event_id if scope == "event" else None)

    def run_export(self, fmt: str, path: Path, ids: list[int] | None, event_id: int | None) -> int:
        w = self.w
        return w.writes.run(lambda: w.desk.export(fmt, path, ids, event_id),
                            lambda count: self._exported(count, path, "follow-up" if fmt == "ics" else "contact"))

    def _exported(self, count: int, path: Path, noun: str) -> None:
        text = f"Exported {count} {noun}{'s' if count != 1 else ''} to {path.name}."
        self.w.statusBar().showMessage(text, 8000)
        self.w.info_banner.show_message(text, "Show in folder", lambda: show_in_folder(path), topic="export")

    # -- duplicates ----------------------------------------------------------------------------
    def merge_duplicates(self) -> None:
        """Fetch the suggested pairs on a worker, then open the dialog; each merge or dismissal
        runs on the write queue and the list is fetched again."""
        w = self.w
        w.lookups.run(w.desk.duplicate_pairs, self._open_merge_dialog)

    def _open_merge_dialog(self, pairs) -> None:
        w = self.w
        dialog = MergeDialog(pairs, w)

        def changed(_result=None):
            w.refresh_views()
            w.lookups.run(w.desk.duplicate_pairs, dialog.set_suggestions)

        dialog.mergeRequested.connect(lambda keep, other: w.writes.run(lambda: w.desk.merge(keep, other), changed))
        dialog.dismissRequested.connect(
            lambda a, b: w.writes.run(lambda: w.desk.dismiss_duplicate(a, b), changed))
        dialog.exec()


def show_in_folder(path: Path) -> None:
    """Open the folder holding `path` in the desktop's file manager."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
