"""Files in: Import…, sample cards, paste, drag and drop, and a watched folder (scanner, phone sync)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from netcapture.desk import CARD_FILE_SUFFIXES, CancelToken, card_files
from ui.controllers.capture_flow import IMAGE_FILTER
from ui.resources import resource

HOT_FOLDER_SETTLE_MS = 700  # a scanner may still be writing the file


def sample_cards() -> list[Path]:
    """The fictional sample cards shipped in resources/samples/."""
    folder = resource("samples")
    return card_files([folder]) if folder.is_dir() else []


class ImportFlow(QObject):
    batchImported = Signal(list)  # contact ids of a finished import, in order

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self._watcher = QFileSystemWatcher(self)
        self._watched_seen: set[str] = set()
        self._watcher.directoryChanged.connect(self._hot_folder_changed)

    def import_dialog(self) -> None:
        w = self.w
        start = w.settings.value("importDir", str(Path.home()))
        paths, _ = QFileDialog.getOpenFileNames(w, "Import card images", start, IMAGE_FILTER)
        if paths:
            w.settings.setValue("importDir", str(Path(paths[0]).parent))
            self.import_paths([Path(p) for p in paths])

    def import_samples(self) -> None:
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
            dialog.setWindowTitle("Importing")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.canceled.connect(cancel.cancel)
        bridge = _ProgressBridge(self)
        if dialog is not None:
            bridge.progress.connect(lambda done, total, name: (dialog.setMaximum(total), dialog.setValue(done),
                                                               dialog.setLabelText(f"Reading {name}…")))
        desk, event_id = w.desk, w.event_id

        def work():
            return desk.import_files(paths, event_id, progress=bridge.progress.emit, cancel=cancel)

        def finished(batch):
            results = batch.results
            if dialog is not None:
                dialog.reset()
            ids = [cid for r in results for cid in r.contact_ids]
            w.review_flow.enqueue(ids)
            w.refresh_views()
            failed = [r for r in results if not r.ok]
            added = sum(len(r.contact_ids) for r in results if r.ok)
            w.statusBar().showMessage(f"Imported {added} contact{'s' if added != 1 else ''}.", 6000)
            if ids:
                self.batchImported.emit(ids)
            if failed and not quiet:
                lines = "\n".join(f"• {Path(r.source).name}: {r.error}" for r in failed)
                QMessageBox.warning(w, "Some files could not be read",
                                    f"{len(failed)} of {len(results)} files could not be read:\n\n{lines}")

        return w.readings.run(work, finished)

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
        self._watched_seen = {str(p) for p in folder.iterdir()}
        self._watcher.addPath(str(folder))
        self.w.settings.setValue("hotFolder", str(folder))
        self.w.info_banner.show_message(f"Watching {folder} for new card images.")

    def _hot_folder_changed(self, folder: str) -> None:
        def check():
            fresh = [p for p in Path(folder).iterdir()
                     if str(p) not in self._watched_seen and p.suffix.lower() in CARD_FILE_SUFFIXES and p.is_file()]
            self._watched_seen.update(str(p) for p in fresh)
            if fresh:
                self.import_paths(sorted(fresh), quiet=True)
        QTimer.singleShot(HOT_FOLDER_SETTLE_MS, check)


class _ProgressBridge(QObject):
    """Carries progress callbacks from a worker thread to the GUI thread as a signal."""

    progress = Signal(int, int, str)
