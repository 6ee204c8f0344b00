"""The camera path: shutter -> memory prompt at once -> store the photo -> read it -> fill the prompt in.

A worker stores the photo and creates the contact ("reading pending") so notes typed meanwhile
are never lost; another reads the card and looks up the name and the flattened card image.
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal
from PySide6.QtGui import QActionGroup, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from netcapture.desk import ContactQuery
from ui.frame_source import FrameSource, available_cameras
from ui.views.capture_station import RECENT_CARDS

IMAGE_FILTER = "Card images and scans (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp *.heic *.heif *.pdf)"


class CaptureFlow(QObject):
    contactCreated = Signal(int, float)  # contact id, seconds from shutter to its row ("reading…") in the table
    contactVisible = Signal(int, float)  # contact id, seconds from shutter to the card read and shown

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self._capture_tasks: dict[int, float] = {}  # capture task id -> shutter time
        self._reading_tasks: dict[int, float] = {}  # reading task id -> shutter time
        self._awaiting_created: dict[int, tuple[float, int]] = {}  # contact id -> (shutter time, generation)
        self._awaiting_read: dict[int, tuple[float, int]] = {}
        w = window
        w.station.captured.connect(self.on_captured)
        w.station.cameraChosen.connect(self.start_camera)
        w.station.autoCaptureChanged.connect(self._auto_capture_changed)
        w.captures.finished.connect(self._capture_stored)
        w.captures.failed.connect(self._capture_failed)
        w.readings.finished.connect(self._reading_finished)
        w.readings.failed.connect(self._reading_failed)
        w.readings.pendingChanged.connect(self._pending_changed)
        w.contacts_model.refreshed.connect(self._rows_shown)
        w.contacts_model.refreshed.connect(lambda _g: self.refresh_recent())
        w.station.drop_zone.dropped.connect(lambda mime: w.imports.take(mime))
        w.station.drop_zone.watchRequested.connect(lambda: w.imports.choose_hot_folder())
        w.station.drop_zone.contactClicked.connect(lambda cid: w.contacts_flow.open_contact(cid))
        self._recent_task: int | None = None

    # -- camera --------------------------------------------------------------------------------
    def start_camera(self, device_id: str | None = None) -> None:
        w = self.w
        cameras = available_cameras()
        w.station.set_cameras(cameras, device_id)
        w.camera_menu.clear()
        group = QActionGroup(w)
        for cam_id, name in cameras:
            action = w.camera_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(cam_id == device_id)
            action.triggered.connect(lambda _c=False, c=cam_id: self.start_camera(c))
            group.addAction(action)
        if not cameras:
            w.camera_menu.addAction("No camera found").setEnabled(False)
            w.station.set_source(None)
            w.station.drop_zone.set_reason("No camera found.")
            w.station.status.setText("No camera: drop, paste or import card photos and scans.")
            self.refresh_recent()
            return
        from ui.frame_source import CameraFrameSource

        self.set_frame_source(CameraFrameSource(device_id or None, w))
        if device_id:
            w.settings.setValue("camera", device_id)

    def refresh_recent(self) -> None:
        """The drop zone's last captures (only while it is shown: no camera)."""
        w = self.w
        if w.station.view.currentWidget() is not w.station.drop_zone:
            return
        desk = w.desk

        def work():
            cards = []
            for row in desk.contact_rows(ContactQuery(), 0, RECENT_CARDS):
                front, _back = desk.card_images(row.id)
                image = QImage(str(front)) if front else None
                if image is not None and not image.isNull():
                    image = image.scaled(240, 150, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
                cards.append((row.id, row.name, image))
            return cards

        task = w.lookups.run(work, lambda cards: task == self._recent_task and w.station.drop_zone.set_recent(cards))
        self._recent_task = task

    def set_frame_source(self, source: FrameSource | None) -> None:
        """Use any frame source (tests and demos feed images instead of a camera)."""
        self.w.station.set_source(source)

    def _auto_capture_changed(self, on: int) -> None:
        self.w.auto_action.setChecked(bool(on))
        self.w.settings.setValue("autoCapture", bool(on))

    # -- the shutter ---------------------------------------------------------------------------
    def on_captured(self, image: QImage) -> None:
        w = self.w
        shutter_time = time.perf_counter()
        w.prompt.open_pending(image, "other", w.notes.default_due())
        task = w.captures.submit(self._store_frame, image, w.event_id)
        self._capture_tasks[task] = shutter_time
        w.station.status.setText("Captured — reading in the background. Ready for the next card.")

    def _store_frame(self, image: QImage, event_id: int | None):
        """Worker thread: encode the frame as JPEG, store it and create its contact."""
        name = time.strftime("camera-%Y%m%d-%H%M%S.jpg")
        return self.w.desk.capture_card(jpeg_bytes(image), event_id, filename=name)

    def _capture_stored(self, task_id: int, result) -> None:
        w = self.w
        shutter_time = self._capture_tasks.pop(task_id, None)
        if shutter_time is None:
            return
        if not result.ok or not result.contact_ids:
            self._capture_failed(task_id, result.error or "the photo could not be stored")
            return
        contact_id = result.contact_ids[0]
        if result.status != "skipped":
            w.contacts_model.mark_being_read(contact_id, True)
        if w.prompt.is_pending():
            w.prompt.assign_contact(contact_id, "Reading the card…")
        self._awaiting_created[contact_id] = (shutter_time, w.refresh_views())
        if result.status == "skipped":  # the very same picture was read before
            task = w.readings.submit(lambda: (result, *self._describe(result)))
        else:
            task = w.readings.submit(self._read_and_describe, result.capture_id)
        self._reading_tasks[task] = shutter_time

    def _read_and_describe(self, capture_id: int):
        """Worker thread: read the card, then look up what the GUI shows about it."""
        result = self.w.desk.read_capture(capture_id)
        return (result, *self._describe(result))

    def _describe(self, result) -> tuple[str, QImage | None]:
        """Worker thread: the contact's name and its flattened card, loaded and scaled here."""
        if not result.ok or not result.contact_ids:
            return "", None
        front, _back = self.w.desk.card_images(result.contact_ids[0])
        card = QImage(str(front)) if front else None
        if card is not None and not card.isNull():
            card = card.scaled(640, 400, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        return self.w.desk.contact_name(result.contact_ids[0]), card

    def _capture_failed(self, task_id: int, exc) -> None:
        self._capture_tasks.pop(task_id, None)
        if self.w.prompt.is_pending():
            self.w.prompt.cancel_pending(f"The photo could not be stored: {exc}")
        self.w.station.status.setText(f"Could not store the photo: {exc}")

    def _reading_finished(self, task_id: int, outcome) -> None:
        shutter_time = self._reading_tasks.pop(task_id, None)
        if shutter_time is None:
            return
        w = self.w
        result, who, card = outcome if isinstance(outcome, tuple) else (outcome, "", None)
        ids = result.contact_ids or []
        for contact_id in ids:
            w.contacts_model.mark_being_read(contact_id, False)
        w.review_flow.enqueue(ids)
        generation = w.refresh_views()
        if not result.ok:
            # The contact stays, with its notes and the photo, to be typed in from Review.
            message = f"Could not read the card: {result.error} Notes are kept; type the card in from Review."
            w.station.status.setText(message)
            w.statusBar().showMessage(message, 10000)
            if ids and w.prompt.contact_id() == ids[0]:
                w.prompt.set_who(message)
            return
        if not ids:
            return
        who = who or "New contact"
        if w.prompt.contact_id() == ids[0]:
            w.prompt.set_who(who)
            if card is not None:  # the flattened card instead of the whole camera frame
                w.prompt.set_card(card)
        w.station.status.setText(f"Added {who.rstrip('.')}." + (
            f" Possible duplicate: {result.duplicates[0].reason}." if result.duplicates else ""))
        self._awaiting_read[ids[0]] = (shutter_time, generation)

    def _reading_failed(self, task_id: int, exc) -> None:
        if self._reading_tasks.pop(task_id, None) is None:
            return
        # No modal box mid-event: the message stays visible and the details are in the log.
        self.w.station.status.setText(f"Could not read the card: {exc}")
        self.w.statusBar().showMessage(f"Could not read a card: {exc}", 10000)
        self.w.refresh_views()

    def _pending_changed(self, _tasks: int = 0) -> None:
        """The status bar counts cards, not tasks: an import of six files is one task, six cards."""
        count = self.w.imports.cards_waiting() if hasattr(self.w, "imports") else self.w.readings.pending()
        self.w.statusBar().showMessage(
            f"Reading {count} card{'s' if count != 1 else ''}…" if count else "All cards read.", 0 if count else 4000)

    def _rows_shown(self, generation: int) -> None:
        """The table shows rows of this generation: report the contacts now visible (the bench's clock)."""
        now = time.perf_counter()
        for awaiting, signal in ((self._awaiting_created, self.contactCreated),
                                 (self._awaiting_read, self.contactVisible)):
            for contact_id, (shutter_time, wanted) in list(awaiting.items()):
                if wanted <= generation and self.w.contacts_model.row_of(contact_id) is not None:
                    del awaiting[contact_id]
                    signal.emit(contact_id, now - shutter_time)

    # -- back side -----------------------------------------------------------------------------
    def add_back_side(self) -> None:
        w = self.w
        contact_id = w.prompt.contact_id() or (w.contacts.selected_ids() or [None])[0]
        if contact_id is None:
            QMessageBox.information(w, "Add back side", "Capture or select a card first.")
            return
        frame = w.station.source().latest_frame() if w.station.source() else None
        if frame is not None and QMessageBox.question(
                w, "Add back side", "Use the camera's current picture as the back side?") == \
                QMessageBox.StandardButton.Yes:
            image = frame.copy()
            task = w.readings.submit(lambda: w.desk.add_back_side(contact_id, jpeg_bytes(image),
                                                                  filename="camera-back.jpg"))
            self._reading_tasks[task] = time.perf_counter()
            return
        path, _ = QFileDialog.getOpenFileName(w, "Back side of the card", "", IMAGE_FILTER)
        if path:
            self._reading_tasks[w.readings.submit(w.desk.add_back_side, contact_id, Path(path))] = time.perf_counter()


def jpeg_bytes(image: QImage, quality: int = 95) -> bytes:
    """Encode a frame as JPEG (safe on a worker thread: QImage is not tied to the GUI thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG", quality)
    buffer.close()
    return bytes(data.data())
