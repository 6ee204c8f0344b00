"""The main window: the pages, the sidebar and the banners, wired to the flows that do the work.

The window never waits on the database or the reader. Four background queues do: `captures`
(store a photo, create its contact), `readings` (read cards, import files), `writes` (notes,
corrections, merges, exports) and `lookups` (rows, counts, details). The flows in ui/controllers/
submit the work there and show the plain data (netcapture.desk) that comes back.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import RELATIONSHIPS, Desk
from ui.card_detector import Detector, reader_detector
from ui.controllers.capture_flow import CaptureFlow
from ui.controllers.contacts_flow import ContactsFlow
from ui.controllers.events_flow import EventsFlow
from ui.controllers.exchange_flow import ExchangeFlow
from ui.controllers.import_flow import ImportFlow, sample_cards
from ui.controllers.notes_flow import NotesFlow
from ui.controllers.review_flow import ReviewFlow
from ui.controllers.walkthrough_flow import WalkThroughFlow
from ui.resources import app_icon_path
from ui.views.banner import Banner
from ui.views.capture_station import CaptureStation
from ui.views.contacts_model import ContactTableModel
from ui.views.contacts_view import ContactsView
from ui.views.events_view import EventsView
from ui.views.followups_view import FollowUpsView
from ui.views.memory_prompt import MemoryPromptPanel
from ui.views.menus import PAGES, build_menus
from ui.views.review import ReviewPanel
from ui.views.walkthrough import WalkThroughPage
from ui.workers import TaskQueue

CAPTURE_PAGE, REVIEW_PAGE, CONTACTS_PAGE, FOLLOW_UPS_PAGE, EVENTS_PAGE = range(5)


class MainWindow(QMainWindow):
    def __init__(self, desk: Desk, settings: QSettings | None = None,
                 detector: Detector | None = reader_detector, use_camera: bool = True):
        super().__init__()
        self.desk = desk
        self.settings = settings or QSettings()
        self.event_id: int | None = None
        self.event_name = ""
        self.captures = TaskQueue(max_threads=1, parent=self)  # store the photo, create the contact
        self.readings = TaskQueue(max_threads=1, parent=self)  # read it (slow)
        self.writes = TaskQueue(max_threads=1, parent=self)
        self.lookups = TaskQueue(max_threads=1, parent=self)  # rows, counts, details: requests coalesce
        self.setWindowIcon(QIcon(str(app_icon_path())))
        self.setWindowTitle("NetCapture")
        self.setAcceptDrops(True)
        self.setMinimumSize(960, 620)
        # the first task of all: a desk made with Desk.deferred opens its database here once the
        # window has painted (_after_first_paint); the lookups queued meanwhile wait behind it
        self.lookups.run(desk.ensure_open, failed=self._database_failed)
        self._build_pages(detector)

        self.review_flow = ReviewFlow(self)
        self.capture = CaptureFlow(self)
        self.imports = ImportFlow(self)
        self.notes = NotesFlow(self)
        self.contacts_flow = ContactsFlow(self)
        self.exchange = ExchangeFlow(self)
        self.events = EventsFlow(self)
        self.walk = WalkThroughFlow(self)
        self.imports.cardsAdded.connect(self._batch_in)
        self.station.importRequested.connect(self.imports.import_dialog)
        self.contacts_model.failed.connect(
            lambda message: self.statusBar().showMessage(f"Could not update the contact list: {message}", 8000))
        self.writes.failed.connect(lambda _tid, exc: self.show_error(exc))
        build_menus(self)
        self.nav.currentRowChanged.connect(self._show_page)

        self.notes.set_reminder_minutes(float(self.settings.value("reminderMinutes", 20)))
        self.station.set_auto_capture(self.settings.value("autoCapture", True, type=bool))
        self._restore()
        self._first_paint_done = False
        if use_camera:
            self.capture.start_camera(self.settings.value("camera", None))
        self.nav.setCurrentRow(CAPTURE_PAGE)
        self.notes.refresh_count()

    def _build_pages(self, detector: Detector | None) -> None:
        self.station = CaptureStation(detector, self)
        self.prompt = MemoryPromptPanel(RELATIONSHIPS, self)
        self.capture_splitter = QSplitter(self)
        self.capture_splitter.addWidget(self.station)
        self.capture_splitter.addWidget(self.prompt)
        self.capture_splitter.setStretchFactor(0, 3)
        self.capture_splitter.setStretchFactor(1, 2)
        self.capture_splitter.setSizes([760, 420])
        self.review = ReviewPanel(self)
        self.contacts_model = ContactTableModel(self.desk.contact_rows, self.desk.count_contacts, self.lookups, parent=self)
        self.contacts = ContactsView(self.contacts_model, RELATIONSHIPS, self)
        self.followups = FollowUpsView(self)
        self.events_view = EventsView(self)
        self.stack = QStackedWidget(self)
        self.walkthrough = WalkThroughPage(RELATIONSHIPS, self)  # after the named pages: not in the navigation
        for page in (self.capture_splitter, self.review, self.contacts, self.followups, self.events_view,
                     self.walkthrough):
            self.stack.addWidget(page)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Sections")
        self.nav.setFixedWidth(168)
        for name in PAGES:
            self.nav.addItem(QListWidgetItem(name))
        self.notes_missing_button = QPushButton("Notes missing", self)
        self.notes_missing_button.setObjectName("notesMissing")
        self.notes_missing_button.setAccessibleName("Contacts with notes missing")
        self.notes_missing_button.setToolTip("Contacts captured without notes — add them before the memory fades")
        side = QWidget(self)
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 8, 8, 8)
        self.event_label = QLabel("No event chosen", side)
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

    # -- views follow the data -----------------------------------------------------------------
    def refresh_views(self) -> int:
        """After any change: the table rows, the notes-missing count and the follow-ups are fetched
        again on a worker. Returns the table's request generation (see ContactTableModel.reload)."""
        self.notes.refresh_count()
        self.events.refresh_progress()  # a note written makes a real conversation
        if self.stack.currentIndex() == FOLLOW_UPS_PAGE:
            self.contacts_flow.refresh_followups()
        elif self.stack.currentIndex() == EVENTS_PAGE:
            self.events.refresh_events()
        return self.contacts_model.reload()

    def _batch_in(self, ids: list[int]) -> None:
        """One card in: the memory prompt asks for it; a batch: offer the notes walk-through."""
        if len(ids) == 1:
            self.notes.open_prompt_for(ids[0])
        else:
            self.walk.offer(ids)

    def _show_page(self, index: int) -> None:
        if self.walk.active():
            self.walk.stop()
        self.stack.setCurrentIndex(index)
        self.shutter_action.setEnabled(index == CAPTURE_PAGE)
        if index == REVIEW_PAGE:
            self.review_flow.load()
        elif index == CONTACTS_PAGE and self.contacts_model.rowCount() == 0:
            self.contacts.apply_filters()
        elif index == FOLLOW_UPS_PAGE:
            self.contacts_flow.refresh_followups()
        elif index == EVENTS_PAGE:
            self.events_view.setCurrentWidget(self.events_view.overview)
            self.events.refresh_events()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._first_paint_done:
            self._first_paint_done = True
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Work the window needs soon but not to appear: it would compete with the first paint for
        the interpreter (the database opened and the Tesseract check on worker threads) or load a
        library (the sound)."""
        self.desk.allow_open()
        self._check_environment()
        self.station.prepare_sound()

    def _check_environment(self) -> None:
        # off the GUI thread: asking Tesseract loads its library and a model (~0.2 s before the first window)
        self.lookups.run(self.desk.tesseract_problem, self._show_tesseract_problem)
        if sample_cards():
            self.lookups.run(self.desk.count_contacts, self._offer_samples)

    def _show_tesseract_problem(self, problem: str | None) -> None:
        if problem:
            self.tesseract_banner.show_message(problem)

    def _offer_samples(self, count: int) -> None:
        if count == 0:
            self.info_banner.show_message("New here? See how it works with a few fictional business cards.",
                                          "Try with sample cards", self.imports.import_samples, topic="samples")

    def _database_failed(self, exc) -> None:
        """The database cannot be used (locked by another NetCapture, from a newer version, damaged):
        say why and quit, as before any window was shown."""
        QMessageBox.critical(self, "NetCapture cannot open its database", str(exc))
        QApplication.exit(1)

    def show_error(self, exc) -> None:
        QMessageBox.warning(self, "NetCapture", str(exc))

    # -- settings and help ---------------------------------------------------------------------
    def show_settings(self) -> None:
        self.lookups.run(lambda: (self.desk.reading_languages(), *self.desk.follow_up_settings()), self._open_settings)

    def _open_settings(self, answer) -> None:
        import phonenumbers

        from ui.views.settings_dialog import SettingsChoice, SettingsDialog

        languages, rule, template = answer
        current = SettingsChoice(int(self.notes.reminder_minutes), self.desk.reading_lang(), self.desk.reading_region(),
                                 rule, template)
        dialog = SettingsDialog(current, languages, sorted(phonenumbers.SUPPORTED_REGIONS), self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.choice())

    def apply_settings(self, choice) -> int:
        self.settings.setValue("reminderMinutes", choice.reminder_minutes)
        self.notes.set_reminder_minutes(choice.reminder_minutes)

        def save():
            self.desk.set_reading_options(choice.lang, choice.region)
            return self.desk.set_follow_up_settings(choice.follow_up_rule, choice.mail_template)

        def saved(rule) -> None:  # the Library validated them: remember them for the next start
            self.settings.setValue("ocrLanguage", choice.lang)
            self.settings.setValue("phoneRegion", choice.region or "")
            self.notes.rule = rule
        return self.writes.run(save, saved)

    def open_log_folder(self) -> None:
        self.open_url((self.desk.data_dir / "logs").resolve().as_uri())

    def about(self) -> None:
        from netcapture import __version__

        QMessageBox.about(self, "About NetCapture",
                          f"<h3>NetCapture {__version__}</h3><p>Turns the business cards you collect at an "
                          "event into contacts worth following up. Cards and notes stay on this computer "
                          "unless you export them or set up sync.</p>"
                          f"<p>Data folder: {self.desk.data_dir}</p>")

    def show_shortcuts(self) -> None:
        from ui.views.help import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_evening_help(self) -> None:
        from ui.views.help import EveningDialog

        EveningDialog(self).exec()

    def open_url(self, url: str) -> None:
        """Hand a link (a mailto: draft, a folder) to the desktop: the user's own programs open it."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl(url))

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    # -- window --------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        if self.imports.take(event.mimeData()):
            event.acceptProposedAction()

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(first_size(self.screen().availableGeometry().size(), self.minimumSize()))
        state = self.settings.value("splitter")
        if state is not None:
            self.capture_splitter.restoreState(state)
        folder = self.settings.value("hotFolder")
        if folder and Path(folder).is_dir():
            self.imports.watch_folder(Path(folder))

    def closeEvent(self, event) -> None:
        self.desk.allow_open()  # closed before its first paint: the waiting lookups run (and end)
        self.prompt.flush()
        self.walkthrough.prompt.flush()
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


PREFERRED_SIZE = QSize(1280, 800)
FRAME_ALLOWANCE = 48  # px a window manager's title bar and borders take around the window


def first_size(available: QSize, minimum: QSize) -> QSize:
    """The window's size on a first start: 1280x800, or the screen's free area (less the frame)
    where that is smaller, so that a 1280x720 laptop or a projector shows the whole window, the
    memory prompt's buttons included; never under the window's minimum."""
    width = min(PREFERRED_SIZE.width(), available.width() - FRAME_ALLOWANCE // 4)
    height = min(PREFERRED_SIZE.height(), available.height() - FRAME_ALLOWANCE)
    return QSize(max(width, minimum.width()), max(height, minimum.height()))
