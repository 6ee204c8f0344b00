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
from ui.views.contact_html import contact_html
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
        window.followups.doneRequested.connect(
            lambda fid, outcome: window.writes.run(lambda: window.desk.mark_follow_up_done(fid, outcome),
                                                   lambda _r: self.refresh_followups()))
        window.followups.contactActivated.connect(self.open_contact)

    # -- the detail pane -----------------------------------------------------------------------
    def show_detail(self, ids: list[int]) -> None:
        detail = self.w.contacts.detail
        if len(ids) != 1:
            self._detail_task = None
            detail.show_contact(f"<p>{len(ids)} contacts selected.</p>" if ids else None)
            return
        contact_id, desk = ids[0], self.w.desk

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
            self.w.contacts.detail.show_contact(None)
            return
        card, front, back = found
        self.w.contacts.detail.show_contact(contact_html(card), front, back)

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
        task = self.w.lookups.run(lambda: desk.due_follow_ups(date.today()),
                                  lambda items: self._followups_loaded(task, items))
        self._followups_task = task

    def _followups_loaded(self, task: int, items) -> None:
        if task == self._followups_task:
            self.w.followups.set_items(items)

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
