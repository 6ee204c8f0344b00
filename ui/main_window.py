"""The main window: navigation between capture, review, contacts and follow-ups; menus; wiring.

Slow work goes through two background queues: `readings` (store + read captured cards) and
`writes` (notes, corrections, merges, exports), so the window never waits on the reader or disk.
"""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QFileSystemWatcher,
    QIODevice,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QIcon, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netcapture.errors import NetCaptureError
from ui.backend import EXPORT_FORMATS, Backend
from ui.capture_station import CaptureStation
from ui.card_detector import Detector, reader_detector
from ui.contacts_model import ContactTableModel
from ui.contacts_view import ContactsView
from ui.event_dialog import EventDialog
from ui.followups_view import FollowUpsView
from ui.frame_source import FrameSource, available_cameras
from ui.memory_prompt import MemoryPromptPanel
from ui.merge_dialog import MergeDialog
from ui.resources import app_icon_path
from ui.review import ReviewItem, ReviewPanel, Word
from ui.workers import TaskQueue

PAGES = ("Capture", "Review", "Contacts", "Follow-ups")
IMAGE_FILTER = "Card images and scans (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp *.heic *.heif *.pdf)"


class Banner(QFrame):
    """A strip across the top of the window with a message and an optional action."""

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"banner_{kind}")
        self.setProperty("bannerKind", kind)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(self)
        self.button.hide()
        close = QPushButton("✕", self)
        close.setFlat(True)
        close.setAccessibleName("Dismiss")
        close.setFixedWidth(28)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, action: str | None = None, slot=None) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        if getattr(self, "_slot", None) is not None:
            self.button.clicked.disconnect(self._slot)
            self._slot = None
        if action and slot:
            self._slot = slot
            self.button.setText(action)
            self.button.clicked.connect(slot)
            self.button.show()
        else:
            self.button.hide()
        self.show()


class MainWindow(QMainWindow):
    contactCreated = Signal(int, float)  # contact id, seconds from shutter to its row ("reading…") in the table
    contactVisible = Signal(int, float)  # contact id, seconds from shutter to the card read and shown

    def __init__(self, backend: Backend, settings: QSettings | None = None,
                 detector: Detector | None = reader_detector, use_camera: bool = True):
        super().__init__()
        self.backend = backend
        self.settings = settings or QSettings()
        self.event_id: int | None = None
        self.captures = TaskQueue(max_threads=1, parent=self)  # store the photo, create the contact
        self.readings = TaskQueue(max_threads=1, parent=self)  # read it (slow)
        self.writes = TaskQueue(max_threads=1, parent=self)
        # Table rows and the notes-missing count are fetched here, so a capture run never waits on
        # the database on the GUI thread; requests coalesce while one is running.
        self.lookups = TaskQueue(max_threads=1, parent=self)
        self._refresh_task: int | None = None
        self._refresh_requested = 0  # generation numbers: a result answers requests made before it started
        self._awaiting_created: dict[int, tuple[float, int]] = {}  # contact id -> (shutter time, generation)
        self._awaiting_read: dict[int, tuple[float, int]] = {}
        self._capture_tasks: dict[int, float] = {}  # capture task id -> shutter time
        self._reading_tasks: dict[int, float] = {}  # reading task id -> shutter time
        self._review_queue: list[int] = []
        self._watcher = QFileSystemWatcher(self)
        self._watched_seen: set[str] = set()
        self.setWindowIcon(QIcon(str(app_icon_path())))
        self.setAcceptDrops(True)
        self.setMinimumSize(960, 620)

        # -- pages -----------------------------------------------------------------------------
        self.station = CaptureStation(detector, self)
        self.prompt = MemoryPromptPanel(backend.relationship_choices(), self)
        capture_page = QSplitter(self)
        capture_page.addWidget(self.station)
        capture_page.addWidget(self.prompt)
        capture_page.setStretchFactor(0, 3)
        capture_page.setStretchFactor(1, 2)
        capture_page.setSizes([760, 420])
        self.capture_splitter = capture_page
        self.review = ReviewPanel(self)
        self.contacts_model = ContactTableModel(backend.contact_rows, backend.count_contacts, parent=self)
        self.contacts = ContactsView(self.contacts_model, self)
        self.followups = FollowUpsView(self)
        self.stack = QStackedWidget(self)
        for page in (capture_page, self.review, self.contacts, self.followups):
            self.stack.addWidget(page)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Sections")
        self.nav.setFixedWidth(168)
        for name in PAGES:
            self.nav.addItem(QListWidgetItem(name))
        self.nav.currentRowChanged.connect(self._show_page)
        self.notes_missing_button = QPushButton("Notes missing", self)
        self.notes_missing_button.setObjectName("notesMissing")
        self.notes_missing_button.setAccessibleName("Contacts with notes missing")
        self.notes_missing_button.setToolTip("Contacts captured without notes — add them before the memory fades")
        self.notes_missing_button.clicked.connect(self.show_notes_missing)
        side = QWidget(self)
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 8, 8, 8)
        self.event_label = QLabel("", side)
        self.event_label.setObjectName("eventLabel")
        self.event_label.setWordWrap(True)
        self.event_label.setAccessibleName("Current event")
        side_layout.addWidget(self.event_label)
        side_layout.addWidget(self.nav, 1)
        side_layout.addWidget(self.notes_missing_button)

        self.tesseract_banner = Banner("warning", self)
        self.info_banner = Banner("info", self)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(side)
        body.addWidget(self.stack, 1)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.tesseract_banner)
        outer.addWidget(self.info_banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._connect()
        self.reminder = QTimer(self)
        self.reminder.timeout.connect(self._remind_notes)
        self.set_reminder_minutes(float(self.settings.value("reminderMinutes", 20)))
        self.station.set_auto_capture(self.settings.value("autoCapture", True, type=bool))
        self._restore()
        self._check_environment()
        if use_camera:
            self.start_camera(self.settings.value("camera", None))
        self.nav.setCurrentRow(0)

    # -- construction --------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New Event…", self.new_event, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Switch Event…", self.choose_event, "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Import Card Images…", self.import_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Watch a &Folder…", self.choose_hot_folder)
        self._action(file_menu, "Try With &Sample Cards", self.import_samples)
        export_menu = file_menu.addMenu("&Export")
        export_menu.setObjectName("exportMenu")
        for fmt, (label, _ext) in EXPORT_FORMATS.items():
            self._action(export_menu, f"Selection as {label}…", lambda _c=False, f=fmt: self.export(f, "selection"))
        export_menu.addSeparator()
        for fmt, (label, _ext) in EXPORT_FORMATS.items():
            self._action(export_menu, f"This Event as {label}…", lambda _c=False, f=fmt: self.export(f, "event"))
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, QAction.MenuRole.QuitRole)

        edit_menu = bar.addMenu("&Edit")
        self._action(edit_menu, "&Paste Card Image", self.paste_image, QKeySequence.StandardKey.Paste)
        self._action(edit_menu, "&Find Contact", self.focus_search, QKeySequence.StandardKey.Find)
        edit_menu.addSeparator()
        self._action(edit_menu, "Settings…", self.show_settings, QKeySequence.StandardKey.Preferences,
                     QAction.MenuRole.PreferencesRole)

        capture_menu = bar.addMenu("&Capture")
        self.shutter_action = self._action(capture_menu, "&Capture Card", self.station.shutter, "Space")
        self.auto_action = self._action(capture_menu, "&Auto-Capture", self.station.set_auto_capture)
        self.auto_action.setCheckable(True)
        self.auto_action.setChecked(True)
        self.back_action = self._action(capture_menu, "Add &Back Side…", self.add_back_side, "Ctrl+B")
        self.camera_menu = capture_menu.addMenu("C&amera")

        view_menu = bar.addMenu("&View")
        for index, name in enumerate(PAGES):
            self._action(view_menu, name, lambda _c=False, i=index: self.nav.setCurrentRow(i), f"Ctrl+{index + 1}")
        self._action(view_menu, "Notes Missing", self.show_notes_missing, "Ctrl+5")
        view_menu.addSeparator()
        self._action(view_menu, "&Full Screen", self._toggle_full_screen, QKeySequence.StandardKey.FullScreen)

        contacts_menu = bar.addMenu("C&ontacts")
        self._action(contacts_menu, "&Merge Duplicates…", self.merge_duplicates, "Ctrl+M")
        self._action(contacts_menu, "&Review Selected", self.review_selected, "Ctrl+R")

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "Open &Log Folder", self.open_log_folder)
        self._action(help_menu, "&About NetCapture", self.about, role=QAction.MenuRole.AboutRole)

    def _action(self, menu, text, slot, shortcut=None, role=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
        if role is not None:
            action.setMenuRole(role)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _connect(self) -> None:
        self.station.captured.connect(self.on_captured)
        self.station.importRequested.connect(self.import_dialog)
        self.station.cameraChosen.connect(self.start_camera)
        self.station.autoCaptureChanged.connect(self._auto_capture_changed)
        self.prompt.saveRequested.connect(
            lambda cid, values: self.writes.submit(self.backend.save_prompt, cid, self.event_id, values))
        self.prompt.done.connect(lambda _cid: self._after_prompt())
        self.prompt.skipped.connect(lambda _cid: self._after_prompt())
        self.captures.finished.connect(self._capture_stored)
        self.captures.failed.connect(self._capture_failed)
        self.readings.finished.connect(self._reading_finished)
        self.readings.failed.connect(self._reading_failed)
        self.readings.pendingChanged.connect(self._pending_changed)
        self.writes.finished.connect(lambda *_: self.refresh_views())
        self.lookups.finished.connect(self._refresh_done)
        self.lookups.failed.connect(self._refresh_failed)
        self.writes.failed.connect(lambda _tid, exc: self.show_error(exc))
        self.review.accepted.connect(self._review_accepted)
        self.review.skipped.connect(lambda _cid: self._next_review())
        self.contacts.selectionChanged.connect(self._show_detail)
        self.contacts.contactActivated.connect(self.open_review)
        self.followups.doneRequested.connect(
            lambda fid, outcome: self.writes.submit(self.backend.mark_follow_up_done, fid, outcome))
        self.followups.contactActivated.connect(self.open_contact)
        self.writes.finished.connect(lambda *_: self._refresh_followups())
        self._watcher.directoryChanged.connect(self._hot_folder_changed)

    # -- events --------------------------------------------------------------------------------
    def set_event(self, event_id: int | None) -> None:
        self.event_id = event_id
        self.backend.set_current_event(event_id)
        name = self.backend.event_name(event_id)
        self.setWindowTitle(f"NetCapture — {name}" if name else "NetCapture")
        self.event_label.setText(f"<b>{name}</b>" if name else "No event chosen")
        self.settings.setValue("eventId", event_id)
        self.contacts.set_events([(i, n) for i, n, _d in self.backend.list_events()])
        self._refresh_counts()

    def choose_event(self) -> bool:
        dialog = EventDialog(self.backend.list_events(), self)
        if dialog.exec() != EventDialog.DialogCode.Accepted:
            return False
        fields = dialog.new_event()
        if fields:
            self.set_event(self.backend.create_event(fields["name"], fields["date"], fields["venue"], fields["goal"]))
        else:
            self.set_event(dialog.chosen_event_id())
        return True

    def new_event(self) -> None:
        dialog = EventDialog([], self)
        if dialog.exec() == EventDialog.DialogCode.Accepted and dialog.new_event():
            f = dialog.new_event()
            self.set_event(self.backend.create_event(f["name"], f["date"], f["venue"], f["goal"]))

    # -- camera --------------------------------------------------------------------------------
    def start_camera(self, device_id: str | None = None) -> None:
        cameras = available_cameras()
        self.station.set_cameras(cameras, device_id)
        self.camera_menu.clear()
        group = QActionGroup(self)
        for cam_id, name in cameras:
            action = self.camera_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(cam_id == device_id)
            action.triggered.connect(lambda _c=False, c=cam_id: self.start_camera(c))
            group.addAction(action)
        if not cameras:
            self.camera_menu.addAction("No camera found").setEnabled(False)
            self.station.set_source(None)
            self.station.show_message(
                "No camera found.\n\nImport card photos or scans with Import files… (Ctrl+O), drop them on "
                "this window, paste an image (Ctrl+V), or watch a folder your scanner or phone saves to.")
            return
        from ui.frame_source import CameraFrameSource

        source = CameraFrameSource(device_id or None, self)
        self.set_frame_source(source)
        if device_id:
            self.settings.setValue("camera", device_id)

    def set_frame_source(self, source: FrameSource | None) -> None:
        """Use any frame source (tests and demos feed images instead of a camera)."""
        self.station.set_source(source)

    def _auto_capture_changed(self, on: int) -> None:
        self.auto_action.setChecked(bool(on))
        self.settings.setValue("autoCapture", bool(on))

    # -- capturing -----------------------------------------------------------------------------
    def on_captured(self, image: QImage) -> None:
        """The shutter: the prompt opens at once; a worker stores the photo and creates the contact
        ("reading pending"), then the reading fills it in. Notes typed meanwhile are never lost."""
        shutter_time = time.perf_counter()
        self.prompt.open_pending(image, "other", self.backend.default_follow_up_date())
        task = self.captures.submit(self._store_frame, image, self.event_id)
        self._capture_tasks[task] = shutter_time
        self.station.status.setText("Captured — reading in the background. Ready for the next card.")

    def _store_frame(self, image: QImage, event_id: int | None):
        """Worker thread: encode the frame as JPEG, store it and create its contact."""
        name = time.strftime("camera-%Y%m%d-%H%M%S.jpg")
        return self.backend.capture_card(jpeg_bytes(image), event_id, filename=name)

    def _capture_stored(self, task_id: int, result) -> None:
        shutter_time = self._capture_tasks.pop(task_id, None)
        if shutter_time is None:
            return
        if not result.ok or not result.contact_ids:
            self._capture_failed(task_id, result.error or "the photo could not be stored")
            return
        contact_id = result.contact_ids[0]
        if result.status != "skipped":
            self.contacts_model.mark_being_read(contact_id, True)
        if self.prompt.is_pending():
            self.prompt.assign_contact(contact_id, "Reading the card…")
        self._awaiting_created[contact_id] = (shutter_time, self.refresh_views())
        if result.status == "skipped":  # the very same picture was read before
            self._reading_finished(None, (result, *self._describe(result)), shutter_time)
            return
        task = self.readings.submit(self._read_and_describe, result.capture_id)
        self._reading_tasks[task] = shutter_time

    def _read_and_describe(self, capture_id: int):
        """Worker thread: read the card, then look up what the GUI shows about it."""
        result = self.backend.read_capture(capture_id)
        return (result, *self._describe(result))

    def _describe(self, result) -> tuple[str, QImage | None]:
        """The contact's name and its flattened card (loaded and scaled here, off the GUI thread)."""
        if not result.ok or not result.contact_ids:
            return "", None
        front, _back = self.backend.card_images(result.contact_ids[0])
        card = QImage(str(front)) if front else None
        if card is not None and not card.isNull():
            card = card.scaled(640, 400, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        return self.backend.contact_name(result.contact_ids[0]), card

    def _capture_failed(self, task_id: int, exc) -> None:
        self._capture_tasks.pop(task_id, None)
        if self.prompt.is_pending():
            self.prompt.cancel_pending(f"The photo could not be stored: {exc}")
        self.station.status.setText(f"Could not store the photo: {exc}")

    def _reading_finished(self, task_id: int | None, outcome, shutter_time: float | None = None) -> None:
        if task_id is not None:
            shutter_time = self._reading_tasks.pop(task_id, None)
            if shutter_time is None:
                return
        result, who, card = outcome if isinstance(outcome, tuple) else (outcome, "", None)
        ids = result.contact_ids or []
        for contact_id in ids:
            self.contacts_model.mark_being_read(contact_id, False)
        self._review_queue.extend(i for i in ids if i not in self._review_queue)
        generation = self.refresh_views()
        if not result.ok:
            # The contact stays, with its notes and the photo, to be typed in from Review.
            message = f"Could not read the card: {result.error} Notes are kept; type the card in from Review."
            self.station.status.setText(message)
            self.statusBar().showMessage(message, 10000)
            if ids and self.prompt.contact_id() == ids[0]:
                self.prompt.set_who(message)
            return
        if not ids:
            return
        who = who or "New contact"
        if self.prompt.contact_id() == ids[0]:
            self.prompt.set_who(who)
            if card is not None:  # the flattened card instead of the whole camera frame
                self.prompt.set_card(card)
        self.station.status.setText(f"Added {who.rstrip('.')}." + (
            f" Possible duplicate: {result.duplicates[0].reason}." if result.duplicates else ""))
        if shutter_time is not None:
            self._awaiting_read[ids[0]] = (shutter_time, generation)

    # -- views refreshed in the background -----------------------------------------------------
    def refresh_views(self) -> int:
        """Fetch the table rows and the notes-missing count on a worker; returns the request's
        generation (the rows shown once a refresh of that generation or later arrives)."""
        self._refresh_requested += 1
        if self._refresh_task is None:
            self._start_refresh()
        return self._refresh_requested

    def _start_refresh(self) -> None:
        fetch_rows, event_id, generation = self.contacts_model.refresh_work(), self.event_id, self._refresh_requested
        self._refresh_task = self.lookups.submit(
            lambda: (generation, fetch_rows(), self.backend.missing_notes_count(event_id)))

    def _refresh_done(self, task_id: int, value) -> None:
        if task_id != self._refresh_task:
            return
        self._refresh_task = None
        generation, rows, missing = value
        if self.contacts_model.apply_refresh(rows):
            now = time.perf_counter()
            for awaiting, signal in ((self._awaiting_created, self.contactCreated),
                                     (self._awaiting_read, self.contactVisible)):
                for contact_id, (shutter_time, wanted) in list(awaiting.items()):
                    if wanted <= generation and self.contacts_model.row_of(contact_id) is not None:
                        del awaiting[contact_id]
                        signal.emit(contact_id, now - shutter_time)
        self._show_missing_count(missing)
        if self._refresh_requested > generation:
            self._start_refresh()

    def _refresh_failed(self, task_id: int, exc) -> None:
        if task_id == self._refresh_task:
            self._refresh_task = None
            self.statusBar().showMessage(f"Could not update the contact list: {exc}", 8000)

    def _reading_failed(self, task_id: int, exc) -> None:
        self._reading_tasks.pop(task_id, None)
        # No modal box mid-event: the message stays visible and the details are in the log.
        self.station.status.setText(f"Could not read the card: {exc}")
        self.statusBar().showMessage(f"Could not read a card: {exc}", 10000)
        self.refresh_views()

    def _pending_changed(self, count: int) -> None:
        self.statusBar().showMessage(f"Reading {count} card{'s' if count != 1 else ''}…" if count else "All cards read.",
                                     0 if count else 4000)

    def _after_prompt(self) -> None:
        self.refresh_views()
        self.station.setFocus()

    def add_back_side(self) -> None:
        contact_id = self.prompt.contact_id() or (self.contacts.selected_ids() or [None])[0]
        if contact_id is None:
            QMessageBox.information(self, "Add back side", "Capture or select a card first.")
            return
        frame = self.station.source().latest_frame() if self.station.source() else None
        if frame is not None and QMessageBox.question(
                self, "Add back side", "Use the camera's current picture as the back side?") == \
                QMessageBox.StandardButton.Yes:
            image = frame.copy()
            task = self.readings.submit(lambda: self.backend.add_back_side(contact_id, jpeg_bytes(image),
                                                                          filename="camera-back.jpg"))
            self._reading_tasks[task] = time.perf_counter()
            return
        path, _ = QFileDialog.getOpenFileName(self, "Back side of the card", "", IMAGE_FILTER)
        if path:
            self._reading_tasks[self.readings.submit(self.backend.add_back_side, contact_id, Path(path))] = \
                time.perf_counter()

    # -- importing -----------------------------------------------------------------------------
    def import_dialog(self) -> None:
        start = self.settings.value("importDir", str(Path.home()))
        paths, _ = QFileDialog.getOpenFileNames(self, "Import card images", start, IMAGE_FILTER)
        if paths:
            self.settings.setValue("importDir", str(Path(paths[0]).parent))
            self.import_paths([Path(p) for p in paths])

    def import_samples(self) -> None:
        samples = self.backend.sample_cards()
        if not samples:
            QMessageBox.information(self, "Sample cards", "No sample cards are installed with this copy.")
            return
        if self.event_id is None:
            self.set_event(self.backend.create_event("Sample cards", date.today(), "", "Try NetCapture"))
        self.import_paths(samples)

    def import_paths(self, paths: list[Path], quiet: bool = False) -> int:
        """Import files in the background; a batch shows a progress dialog with cancel."""
        dialog = None
        cancelled = {"flag": False}
        if len(paths) > 1 and not quiet:
            dialog = QProgressDialog("Reading cards…", "Cancel", 0, len(paths), self)
            dialog.setWindowTitle("Importing")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.canceled.connect(lambda: cancelled.update(flag=True))
        progress_bridge = _ProgressBridge(self)
        if dialog is not None:
            progress_bridge.progress.connect(lambda done, total, name: (dialog.setMaximum(total), dialog.setValue(done),
                                                                         dialog.setLabelText(f"Reading {name}…")))

        def work():
            return self.backend.import_files(paths, self.event_id, progress=progress_bridge.progress.emit,
                                             cancelled=lambda: cancelled["flag"])

        task = self.readings.submit(work)

        def finished(task_id, results):
            if task_id != task:
                return
            self.readings.finished.disconnect(finished)
            if dialog is not None:
                dialog.reset()
            for r in results:
                for cid in r.contact_ids:
                    if cid not in self._review_queue:
                        self._review_queue.append(cid)
            self.contacts_model.refresh()
            self._refresh_counts()
            failed = [r for r in results if not r.ok]
            added = sum(len(r.contact_ids) for r in results if r.ok)
            self.statusBar().showMessage(f"Imported {added} contact{'s' if added != 1 else ''}.", 6000)
            if failed and not quiet:
                lines = "\n".join(f"• {Path(r.source).name}: {r.error}" for r in failed)
                QMessageBox.warning(self, "Some files could not be read",
                                    f"{len(failed)} of {len(results)} files could not be read:\n\n{lines}")

        self.readings.finished.connect(finished)
        return task

    def paste_image(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and hasattr(focus, "paste"):
            focus.paste()  # a text field: ordinary paste
            return
        mime = QApplication.clipboard().mimeData()
        if mime.hasImage():
            self.on_captured(QImage(mime.imageData()))
        elif mime.hasUrls():
            self.import_paths([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasUrls():
            self.import_paths([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
        elif mime.hasImage():
            self.on_captured(QImage(mime.imageData()))
        event.acceptProposedAction()

    def choose_hot_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Watch a folder for new card images")
        if folder:
            self.watch_folder(Path(folder))

    def watch_folder(self, folder: Path) -> None:
        """Import every new file a scanner or phone sync drops into `folder`."""
        for old in self._watcher.directories():
            self._watcher.removePath(old)
        self._watched_seen = {str(p) for p in folder.iterdir()}
        self._watcher.addPath(str(folder))
        self.settings.setValue("hotFolder", str(folder))
        self.info_banner.show_message(f"Watching {folder} for new card images.")

    def _hot_folder_changed(self, folder: str) -> None:
        from netcapture.capture import CARD_FILE_SUFFIXES

        # Wait a moment: a scanner may still be writing the file.
        def check():
            fresh = [p for p in Path(folder).iterdir()
                     if str(p) not in self._watched_seen and p.suffix.lower() in CARD_FILE_SUFFIXES and p.is_file()]
            self._watched_seen.update(str(p) for p in fresh)
            if fresh:
                self.import_paths(sorted(fresh), quiet=True)
        QTimer.singleShot(700, check)

    # -- review --------------------------------------------------------------------------------
    def open_review(self, contact_id: int) -> None:
        if contact_id in self._review_queue:
            self._review_queue.remove(contact_id)
        self._review_queue.insert(0, contact_id)
        self.nav.setCurrentRow(1)

    def open_contact(self, contact_id: int) -> None:
        self.nav.setCurrentRow(2)
        self.contacts.select_contact(contact_id)

    def review_selected(self) -> None:
        ids = self.contacts.selected_ids()
        if ids:
            self._review_queue = ids + [i for i in self._review_queue if i not in ids]
            self.nav.setCurrentRow(1)

    def _load_review(self) -> None:
        while self._review_queue:
            data = self.backend.review_data(self._review_queue[0])
            if data is not None:
                image = QImage(str(data.image_path)) if data.image_path else None
                words = [Word(text=str(w.get("text", "")), left=w.get("left", 0), top=w.get("top", 0),
                              width=w.get("width", 0), height=w.get("height", 0), conf=float(w.get("conf", 1.0)),
                              line=int(w.get("line", 0))) for w in data.words]
                item = ReviewItem(contact_id=data.contact_id, image=image, words=words, values=data.values,
                                  confidence=data.confidence, field_words=data.field_words,
                                  corrected=data.corrected)
                position = f"{len(self._review_queue)} card(s) to review"
                if data.reading.status == "failed":
                    position = f"Not read ({data.reading.error}) — type it in from the photo. {position}"
                elif data.reading.status == "queued":
                    position = f"Still being read. {position}"
                self.review.set_item(item, position)
                return
            self._review_queue.pop(0)
        self.review.set_item(None)

    def _review_accepted(self, contact_id: int, values: dict) -> None:
        self.writes.submit(self.backend.save_review, contact_id, values)
        self.writes.finished.connect(self._refresh_contacts_once)
        self._next_review()

    def _refresh_contacts_once(self, *_args) -> None:
        self.writes.finished.disconnect(self._refresh_contacts_once)
        self.contacts_model.refresh()

    def _next_review(self) -> None:
        if self._review_queue:
            self._review_queue.pop(0)
        self._load_review()

    # -- contacts and follow-ups ---------------------------------------------------------------
    def _show_detail(self, ids: list[int]) -> None:
        if len(ids) != 1:
            self.contacts.detail.show_contact(f"<p>{len(ids)} contacts selected.</p>" if ids else None)
            return
        front, back = self.backend.card_images(ids[0])
        self.contacts.detail.show_contact(self.backend.detail_html(ids[0]),
                                          QImage(str(front)) if front else None, QImage(str(back)) if back else None)

    def show_notes_missing(self) -> None:
        self.nav.setCurrentRow(2)
        self.contacts.show_only(notes_missing=True)

    def focus_search(self) -> None:
        self.nav.setCurrentRow(2)
        self.contacts.search.setFocus()
        self.contacts.search.selectAll()

    def _refresh_followups(self) -> None:
        self.followups.set_items(self.backend.due_follow_ups(), date.today())

    def _refresh_counts(self) -> None:
        self._show_missing_count(self.backend.missing_notes_count(self.event_id))

    def _show_missing_count(self, missing: int) -> None:
        self.notes_missing_button.setText(f"Notes missing  ({missing})" if missing else "Notes missing")
        self.notes_missing_button.setProperty("badge", bool(missing))
        self.notes_missing_button.style().unpolish(self.notes_missing_button)
        self.notes_missing_button.style().polish(self.notes_missing_button)

    def set_reminder_minutes(self, minutes: float) -> None:
        self.reminder_minutes = minutes
        self.reminder.stop()
        if minutes > 0:
            self.reminder.start(int(minutes * 60_000))

    def _remind_notes(self) -> None:
        waiting = self.backend.missing_notes_ids(self.event_id, older_than_minutes=self.reminder_minutes / 2)
        if waiting:
            self.info_banner.show_message(
                f"{len(waiting)} contact{'s' if len(waiting) != 1 else ''} from tonight still "
                f"{'have' if len(waiting) != 1 else 'has'} no notes. A few words now save a cold follow-up later.",
                "Add notes", self._prompt_next_missing)

    def _prompt_next_missing(self) -> None:
        waiting = self.backend.missing_notes_ids(self.event_id)
        if not waiting:
            self.info_banner.hide()
            return
        contact_id = waiting[0]
        state = self.backend.prompt_state(contact_id, self.event_id)
        front, _back = self.backend.card_images(contact_id)
        self.nav.setCurrentRow(0)
        self.prompt.open_for(contact_id, self.backend.contact_name(contact_id) or "Card not read yet",
                             state.answers, state.relationship, state.follow_up,
                             QImage(str(front)) if front else None)
        self.info_banner.hide()

    # -- exports and merging -------------------------------------------------------------------
    def export(self, fmt: str, scope: str) -> None:
        label, ext = EXPORT_FORMATS[fmt]
        ids = self.contacts.selected_ids() if scope == "selection" else None
        if scope == "selection" and not ids:
            QMessageBox.information(self, "Export", "Select contacts in the Contacts view first.")
            return
        if scope == "event" and self.event_id is None:
            QMessageBox.information(self, "Export", "Choose an event first (File ▸ Switch Event).")
            return
        base = self.backend.event_name(self.event_id) if scope == "event" else "contacts"
        default = str(Path(self.settings.value("exportDir", str(Path.home()))) / f"{base or 'contacts'}.{ext}")
        path, _ = QFileDialog.getSaveFileName(self, f"Export {label}", default, f"{label} (*.{ext})")
        if not path:
            return
        self.settings.setValue("exportDir", str(Path(path).parent))
        self.run_export(fmt, Path(path), ids, self.event_id if scope == "event" else None)

    def run_export(self, fmt: str, path: Path, ids: list[int] | None, event_id: int | None) -> int:
        task = self.writes.submit(self.backend.export, fmt, path, ids, event_id)

        def done(task_id, count):
            if task_id == task:
                self.writes.finished.disconnect(done)
                self.statusBar().showMessage(f"Exported {count} to {path}.", 8000)
        self.writes.finished.connect(done)
        return task

    def merge_duplicates(self) -> None:
        dialog = MergeDialog(self.backend.duplicate_suggestions(), self)

        def merged(keep, other):
            self.backend.merge(keep, other)
            dialog.set_suggestions(self.backend.duplicate_suggestions())
            self.contacts_model.refresh()

        def dismissed(a, b):
            self.backend.dismiss_duplicate(a, b)
            dialog.set_suggestions(self.backend.duplicate_suggestions())
        dialog.mergeRequested.connect(merged)
        dialog.dismissRequested.connect(dismissed)
        dialog.exec()

    # -- misc ----------------------------------------------------------------------------------
    def _show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.shutter_action.setEnabled(index == 0)
        if index == 1:
            self._load_review()
        elif index == 2 and self.contacts_model.rowCount() == 0:
            self.contacts.apply_filters()
        elif index == 3:
            self._refresh_followups()

    def _check_environment(self) -> None:
        if not self.backend.tesseract_available():
            from ocr.errors import tesseract_install_hint

            self.tesseract_banner.show_message(
                "Tesseract OCR is not installed, so cards cannot be read yet. Captured photos are kept "
                f"and read once it is installed. Install it with:  {tesseract_install_hint()}")
        if self.backend.count_contacts(self.contacts.current_query()) == 0 and self.backend.sample_cards():
            self.info_banner.show_message("New here? See how it works with a few fictional business cards.",
                                          "Try with sample cards", self.import_samples)

    def show_error(self, exc) -> None:
        QMessageBox.warning(self, "NetCapture", str(exc))

    def show_settings(self) -> None:
        import phonenumbers

        from ui.settings_dialog import SettingsChoice, SettingsDialog

        current = SettingsChoice(int(self.reminder_minutes), self.backend.reading_lang(),
                                 self.backend.reading_region())
        dialog = SettingsDialog(current, self.backend.reading_languages(),
                                sorted(phonenumbers.SUPPORTED_REGIONS), self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.choice())

    def apply_settings(self, choice) -> None:
        self.settings.setValue("reminderMinutes", choice.reminder_minutes)
        self.set_reminder_minutes(choice.reminder_minutes)
        try:
            self.backend.set_reading_options(choice.lang, choice.region)
        except NetCaptureError as exc:
            self.show_error(exc)
            return
        self.settings.setValue("ocrLanguage", choice.lang)
        self.settings.setValue("phoneRegion", choice.region or "")

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.backend.data_dir / "logs")))

    def about(self) -> None:
        from netcapture import __version__

        QMessageBox.about(self, "About NetCapture",
                          f"<h3>NetCapture {__version__}</h3><p>Business cards in, contacts worth following "
                          "up out. Cards and notes stay on this computer unless you export them.</p>"
                          f"<p>Data folder: {self.backend.data_dir}</p>")

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.value("splitter")
        if state is not None:
            self.capture_splitter.restoreState(state)
        folder = self.settings.value("hotFolder")
        if folder and Path(folder).is_dir():
            self.watch_folder(Path(folder))

    def closeEvent(self, event) -> None:
        self.prompt.flush()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.capture_splitter.saveState())
        source = self.station.source()
        if source is not None:
            source.stop()
        self.station.wait_for_detection(2000)
        self.writes.wait(10000)
        self.lookups.wait(10000)
        self.captures.wait(10000)
        self.readings.wait(30000)
        super().closeEvent(event)


def jpeg_bytes(image: QImage, quality: int = 95) -> bytes:
    """Encode a frame as JPEG (safe on a worker thread: QImage is not tied to the GUI thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG", quality)
    buffer.close()
    return bytes(data.data())


class _ProgressBridge(QObject):
    """Carries progress callbacks from a worker thread to the GUI thread as a signal."""

    progress = Signal(int, int, str)
