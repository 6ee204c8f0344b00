"""Files in: Import…, sample cards, paste, drag and drop, and a watched folder (scanner, phone sync)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from netcapture.desk import CancelToken, card_files
from ui.controllers.capture_flow import IMAGE_FILTER
from ui.resources import resource

HOT_FOLDER_SETTLE_MS = 700  # a scanner may still be writing the file


def sample_cards() -> list[Path]:
    """The fictional sample cards shipped in resources/samples/."""
    folder = resource("samples")
    return card_files([folder]) if folder.is_dir() else []


class ImportFlow(QObject):
    batchImported = Signal(list)  # contact ids of a finished import, in order
    cardsAdded = Signal(list)  # the contacts an import made (not those already there): they want notes

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self._watcher = QFileSystemWatcher(self)
        self._watched_seen: set[str] = set()
        self._watcher.directoryChanged.connect(self._hot_folder_changed)
        self._batches: dict[object, int] = {}  # running imports: their files still to read

    def cards_waiting(self) -> int:
        """Cards still to read: one per queued camera capture, plus each import's unread files."""
        return self.w.readings.pending() - len(self._batches) + sum(self._batches.values())

    def import_dialog(self) -> None:
        w = self.w
        start = w.settings.value("importDir", str(Path.home()))
        paths, _ = QFileDialog.getOpenFileNames(w, "Import card images", start, IMAGE_FILTER)
        if paths:
            w.settings.setValue("importDir", str(Path(paths[0]).parent))
            self.import_paths([Path(p) for p in paths])

    def import_samples(self) -> None:
        self.w.info_banner.hide_topic("samples")  # the offer is taken up: it goes
        samples = sample_cards()
        if not samples:
            QMessageBox.information(self.w, "Sample cards", "No sample cards are installed with this copy.")
            return
        if self.w.event_id is None:
            desk = self.w.desk
            self.w.writes.run(lambda: desk.create_event("Sample cards", date.today(), "", "Try NetCapture"),
                              lambda event_id: (self.w.events.set_event(event_id), self.import_paths(samples)))
            return
        self.import_paths(samples)

    def import_paths(self, paths: list[Path], quiet: bool = False) -> int:
        """Import files in the background; a batch shows a progress dialog with cancel."""
        w = self.w
        dialog = None
        cancel = CancelToken()
        if len(paths) > 1 and not quiet:
            dialog = QProgressDialog("Reading cards…", "Cancel", 0, len(paths), w)
            dialog.setWindowTitle("Importing card images")
            dialog.setMinimumWidth(460)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.canceled.connect(cancel.cancel)
        bridge = _ProgressBridge(self)
        self._batches[bridge] = len(paths)
        bridge.progress.connect(lambda done, total, _name: self._batch_progress(bridge, total - done))
        if dialog is not None:
            bridge.progress.connect(lambda done, total, name: (dialog.setMaximum(total), dialog.setValue(done),
                                                               dialog.setLabelText(f"Reading {name}…")))
        desk, event_id = w.desk, w.event_id

        def work():
            return desk.import_files(paths, event_id, progress=bridge.progress.emit, cancel=cancel)

        def finished(batch):
            results = batch.results
            self._batches.pop(bridge, None)
            if dialog is not None:
                dialog.reset()
            ids = [cid for r in results for cid in r.contact_ids]
            w.review_flow.enqueue(ids)
            new = [cid for r in results if r.status != "skipped" for cid in r.contact_ids]
            w.refresh_views()
            failed = [r for r in results if not r.ok]
            w.statusBar().showMessage(import_summary(results), 8000)
            if ids:
                w.info_banner.hide_topic("samples")  # there are contacts now: no need for samples
                self.batchImported.emit(ids)
            if new:
                self.cardsAdded.emit(new)  # the notes for them: one prompt, or the walk-through
            if failed and not quiet:
                lines = "\n".join(f"• {Path(r.source).name}: {r.error}" for r in failed)
                QMessageBox.warning(w, "Some files could not be read",
                                    f"{len(failed)} of {len(results)} files could not be read:\n\n{lines}")

        def crashed(exc):
            self._batches.pop(bridge, None)
            if dialog is not None:
                dialog.reset()
            w.show_error(exc)

        return w.readings.run(work, finished, crashed)

    def _batch_progress(self, bridge, remaining: int) -> None:
        if bridge in self._batches:
            self._batches[bridge] = remaining
            self.w.capture._pending_changed()

    # -- paste and drop ------------------------------------------------------------------------
    def paste_image(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and hasattr(focus, "paste"):
            focus.paste()  # a text field: ordinary paste
            return
        self.take(QApplication.clipboard().mimeData())

    def take(self, mime) -> bool:
        """A pasted or dropped image becomes a capture; pasted or dropped files an import."""
        if mime.hasUrls():
            self.import_paths([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
        elif mime.hasImage():
            self.w.capture.on_captured(QImage(mime.imageData()))
        else:
            return False
        return True

    # -- hot folder ----------------------------------------------------------------------------
    def choose_hot_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.w, "Watch a folder for new card images")
        if folder:
            self.watch_folder(Path(folder))

    def watch_folder(self, folder: Path) -> None:
        """Import every new file a scanner or phone sync drops into `folder`."""
        for old in self._watcher.directories():
            self._watcher.removePath(old)
        self._watched_seen = {str(p) for p in card_files([folder])}
        self._watcher.addPath(str(folder))
        self.w.settings.setValue("hotFolder", str(folder))
        self.w.info_banner.show_message(f"Watching {folder} for new card images.")

    def _hot_folder_changed(self, folder: str) -> None:
        def check():
            # the reader's own walking rule: hidden files (a scanner's half-written .~tmp) and FIFOs skipped
            fresh = [p for p in card_files([Path(folder)]) if str(p) not in self._watched_seen]
            self._watched_seen.update(str(p) for p in fresh)
            if fresh:
                self.import_paths(sorted(fresh), quiet=True)
        QTimer.singleShot(HOT_FOLDER_SETTLE_MS, check)


def import_summary(results) -> str:
    """What an import did, in words: new contacts, files already imported before, failures, and
    areas of print the reader found but did not read as cards ("2 areas of print on page 1...")."""
    added = sum(len(r.contact_ids) for r in results if r.ok and r.status != "skipped")
    again = sum(1 for r in results if r.status == "skipped")
    failed = sum(1 for r in results if not r.ok)
    parts = []
    if added or not (again or failed):
        parts.append(f"Imported {added} new contact{'s' if added != 1 else ''}.")
    if again:
        parts.append("This card is already in your contacts." if again == 1 and len(results) == 1 else
                     f"{again} file{'s were' if again != 1 else ' was'} already in your contacts.")
    if failed:
        parts.append(f"{failed} file{'s' if failed != 1 else ''} could not be read.")
    # the reader's word on print it found but did not read as a card: a card may be missing
    notes = [f"{Path(r.source).name}: {note}." for r in results for note in getattr(r, "notes", [])]
    parts.extend(notes[:2])
    if len(notes) > 2:
        more = len(notes) - 2
        parts.append(f"({more} more page{'s' if more != 1 else ''} with print not read as cards.)")
    return " ".join(parts)


class _ProgressBridge(QObject):
    """Carries progress callbacks from a worker thread to the GUI thread as a signal."""

    progress = Signal(int, int, str)
