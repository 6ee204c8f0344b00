"""Contacts files in and out from the File menu: import a .vcf or CSV, export all contacts to one
file, or one vCard per contact into a folder (the Desk does the work on the write queue)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from netcapture.desk import EXPORT_FORMATS, ContactsImported
from ui.controllers.contacts_flow import show_in_folder
from ui.controllers.import_flow import _ProgressBridge

CONTACT_FILES_FILTER = "Contacts (*.vcf *.vcard *.csv);;vCard (*.vcf *.vcard);;CSV (*.csv)"
PROBLEMS_SHOWN = 30  # more than this: the rest are counted, not listed


class ExchangeFlow(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window

    # -- import ---------------------------------------------------------------------------------
    def import_contacts_dialog(self) -> None:
        w = self.w
        start = w.settings.value("contactsImportDir", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(w, "Import contacts (vCard/CSV)", start, CONTACT_FILES_FILTER)
        if path:
            w.settings.setValue("contactsImportDir", str(Path(path).parent))
            self.import_contacts(Path(path))

    def import_contacts(self, path: Path) -> int:
        """Import on the write queue with the progress dialog the card import uses."""
        w = self.w
        dialog = QProgressDialog(f"Importing {path.name}…", None, 0, 0, w)
        dialog.setWindowTitle("Importing contacts")
        dialog.setMinimumWidth(460)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        bridge = _ProgressBridge(self)
        bridge.progress.connect(lambda done, total, _name: (dialog.setMaximum(total), dialog.setValue(done)))
        desk, event_id = w.desk, w.event_id

        def work() -> ContactsImported:
            return desk.import_contacts(path, event_id, progress=lambda done, total: bridge.progress.emit(done, total, ""))

        def finished(result: ContactsImported) -> None:
            dialog.reset()
            w.refresh_views()
            text = import_message(result)
            w.statusBar().showMessage(text.splitlines()[0], 8000)
            if result.problems:
                QMessageBox.warning(w, "Some contacts could not be imported", text)
            else:
                QMessageBox.information(w, "Contacts imported", text)

        def crashed(exc) -> None:
            dialog.reset()
            w.show_error(exc)

        return w.writes.run(work, finished, crashed)

    # -- export ---------------------------------------------------------------------------------
    def export_all_dialog(self) -> None:
        fmt = self._choose_format("Export all contacts", [f for f in EXPORT_FORMATS.values() if not f.follow_ups])
        if fmt is None:
            return
        w = self.w
        default = str(Path(w.settings.value("exportDir", str(Path.home()))) / f"contacts.{fmt.extension}")
        path, _ = QFileDialog.getSaveFileName(w, f"Export all contacts as {fmt.label}", default,
                                              f"{fmt.label} (*.{fmt.extension})")
        if path:
            w.settings.setValue("exportDir", str(Path(path).parent))
            w.contacts_flow.run_export(fmt.key, Path(path), None, None)

    def export_per_contact_dialog(self) -> None:
        fmt = self._choose_format("Export one file per contact", [f for f in EXPORT_FORMATS.values() if f.per_contact])
        if fmt is None:
            return
        w = self.w
        folder = QFileDialog.getExistingDirectory(w, "Folder for one vCard file per contact",
                                                  w.settings.value("exportDir", str(Path.home())))
        if folder:
            w.settings.setValue("exportDir", folder)
            self.run_export_per_contact(fmt.key, Path(folder))

    def run_export_per_contact(self, fmt: str, folder: Path) -> int:
        w = self.w
        return w.writes.run(lambda: w.desk.export_per_contact(fmt, folder),
                            lambda paths: self._exported_files(paths, folder), w.show_error)

    def _exported_files(self, paths: list[Path], folder: Path) -> None:
        text = f"Exported {len(paths)} contact{'s' if len(paths) != 1 else ''} to {folder.name}, one vCard file each."
        self.w.statusBar().showMessage(text, 8000)
        # the export banner the other exports use; show_in_folder opens the folder holding a file
        self.w.info_banner.show_message(text, "Show in folder", lambda: show_in_folder(folder / "contact.vcf"),
                                        topic="export")

    def _choose_format(self, title: str, formats) -> object | None:
        """One of ``formats`` (the one list, EXPORT_FORMATS), asked by its label; None if cancelled."""
        if len(formats) == 1:
            return formats[0]
        labels = [f.label for f in formats]
        label, ok = QInputDialog.getItem(self.w, title, "Format:", labels, 0, False)
        return formats[labels.index(label)] if ok and label in labels else None


def import_message(result: ContactsImported) -> str:
    """N added, M updated, then every problem in the importer's words (card and line number)."""
    text = (f"{result.path.name}: {result.added} contact{'s' if result.added != 1 else ''} added, "
            f"{result.updated} updated.")
    if result.problems:
        shown = "\n".join(f"• {p}" for p in result.problems[:PROBLEMS_SHOWN])
        more = len(result.problems) - PROBLEMS_SHOWN
        text += f"\n\n{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''}:\n{shown}"
        if more > 0:
            text += f"\n…and {more} more."
    return text
