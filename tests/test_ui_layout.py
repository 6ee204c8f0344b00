"""Every page at 1280x720: no label, button or column header that must be whole is cut off.

The check compares the text's width (fontMetrics().horizontalAdvance) with the widget's, and for
word-wrapped labels the height the text needs with the height the label got.
"""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from netcapture.config import Config
from netcapture.desk import Desk
from tests.ui_support import FakeReader, card_image
from ui.main_window import MainWindow

SIZE = (1280, 720)


def clipped(root: QWidget) -> list[str]:
    """What is cut off inside `root` (visible widgets only), as readable descriptions."""
    problems = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            width = w.contentsRect().width() - 2 * w.margin() - 2 * max(w.indent(), 0)
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 1:
                    problems.append(f"label {w.text()[:40]!r}: needs {need}px height, has {w.height()}")
            elif w.textFormat() != Qt.TextFormat.RichText and "<" not in w.text():
                text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&") if w.buddy() else w.text()
                need = max(w.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
                if need > width:
                    problems.append(f"label {text!r}: needs {need}px, has {width}")
            elif w.sizeHint().width() > w.width() + 1:
                problems.append(f"label {w.text()[:40]!r}: needs {w.sizeHint().width()}px, has {w.width()}")
        elif isinstance(w, QAbstractButton) and w.text():
            text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            need = w.fontMetrics().horizontalAdvance(text)
            if need + 8 > w.width():
                problems.append(f"button {text!r}: needs {need + 8}px, has {w.width()}")
        elif isinstance(w, QComboBox) and w.currentText():
            need = w.fontMetrics().horizontalAdvance(w.currentText())
            if need + 24 > w.width():
                problems.append(f"combo box {w.currentText()!r}: needs {need + 24}px, has {w.width()}")
        elif isinstance(w, QAbstractItemView) and hasattr(w, "horizontalHeader"):
            header, model = w.horizontalHeader(), w.model()
            if header.isHidden() or model is None:
                continue
            for section in range(model.columnCount()):
                title = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
                need = header.fontMetrics().horizontalAdvance(title) + 8
                if title and need > header.sectionSize(section):
                    problems.append(f"column {title!r}: needs {need}px, has {header.sectionSize(section)}")
            if w.horizontalScrollBar().isVisible():
                problems.append(f"{w.accessibleName() or type(w).__name__} scrolls sideways")
    return problems


def test_the_check_finds_a_cut_off_label_and_header(qtbot):
    """The checker itself: a label narrower than its text is reported."""
    box = QWidget()
    qtbot.addWidget(box)
    layout = QHBoxLayout(box)
    label = QLabel("A rather long label that cannot fit", box)
    label.setFixedWidth(60)
    layout.addWidget(label)
    box.show()
    qtbot.waitExposed(box)
    assert any("rather long" in p for p in clipped(box))
    label.setFixedWidth(label.fontMetrics().horizontalAdvance(label.text()) + 4)
    assert clipped(box) == []


@pytest.fixture
def backend(tmp_path):
    b = Desk.open(Config.load(data_dir=tmp_path / "data", env={}), reader=FakeReader(low_conf_company=True))
    yield b
    b.close()


@pytest.fixture
def window(qtbot, backend, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(backend, settings, detector=None, use_camera=False)
    qtbot.addWidget(w)
    w.events.set_event(backend.create_event("Founders’ breakfast at the Old Library", date(2026, 11, 30)))
    w.resize(*SIZE)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.readings.wait()
    w.writes.wait()


def fill(qtbot, window, tmp_path, cards: int = 4) -> None:
    import cv2

    paths = []
    for i in range(cards):
        path = tmp_path / f"card{i}.png"
        cv2.imwrite(str(path), card_image([f"card {i}"]))
        paths.append(path)
    with qtbot.waitSignal(window.imports.batchImported, timeout=20000):
        window.imports.import_paths(paths, quiet=True)
    qtbot.waitUntil(lambda: window.contacts_model.rowCount() == cards, timeout=10000)


def settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not (window.lookups.pending() or window.writes.pending() or window.readings.pending()),
                    timeout=10000)
    qtbot.wait(50)


def test_capture_page_without_camera(qtbot, window, tmp_path):
    window.capture.start_camera()  # none on a test machine: the drop zone
    fill(qtbot, window, tmp_path)
    window.capture.refresh_recent()
    settle(qtbot, window)
    assert window.station.view.currentWidget() is window.station.drop_zone
    assert clipped(window.station) == []
    assert clipped(window.prompt) == []


def test_capture_page_status_keeps_its_place(qtbot, window):
    """The page does not jump as the status text changes length."""
    station = window.station
    settle(qtbot, window)  # the goal strip (tonight's count) is in place
    before = station.view.geometry()
    station.status.setText("Captured.")
    qtbot.wait(20)
    station.status.setText("Could not read the card: the photo is too blurred to read. Notes are kept; type "
                           "the card in from Review, or capture it again with more light.")
    qtbot.wait(20)
    assert station.view.geometry() == before
    assert clipped(station) == []


def test_memory_prompt_open(qtbot, window, tmp_path):
    fill(qtbot, window, tmp_path, cards=1)
    contact_id = window.contacts_model.row(0).id
    window.prompt.open_for(contact_id, "Mira Okafor — Brightforge Analytics Ltd", {}, "other", date(2026, 12, 1))
    qtbot.wait(50)
    assert clipped(window.prompt) == []


def test_review_page(qtbot, window, tmp_path):
    fill(qtbot, window, tmp_path)
    window.nav.setCurrentRow(1)
    qtbot.waitUntil(lambda: window.review.item() is not None, timeout=5000)
    settle(qtbot, window)
    assert clipped(window.review) == []
    for key in ("emails", "phones"):  # the whole value shows in the field
        editor = window.review.editors[key]
        assert editor.fontMetrics().horizontalAdvance(editor.text()) + 8 < editor.width(), key


def test_contacts_page(qtbot, window, tmp_path):
    fill(qtbot, window, tmp_path)
    window.nav.setCurrentRow(2)
    window.contacts.select_contact(window.contacts_model.row(0).id)
    settle(qtbot, window)
    assert clipped(window.contacts) == []


def test_contacts_columns_use_a_wide_window(qtbot, window, tmp_path):
    """Wider windows give the room to company, title, email and phone, not to "Met at"."""
    fill(qtbot, window, tmp_path)
    window.nav.setCurrentRow(2)
    table = window.contacts.table
    narrow = [table.columnWidth(c) for c in range(8)]
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: table.columnWidth(3) > narrow[3], timeout=3000)
    wide = [table.columnWidth(c) for c in range(8)]
    for column in (1, 2, 3, 4):  # company, title, email, phone
        assert wide[column] > narrow[column] + 30
    assert sum(wide[1:5]) - sum(narrow[1:5]) > 300  # most of the 640 more pixels go to them
    assert wide[7] <= 110  # met at does not take the spare width
    assert not table.horizontalScrollBar().isVisible()


def test_follow_ups_page(qtbot, window):
    window.nav.setCurrentRow(3)
    settle(qtbot, window)
    assert clipped(window.followups) == []


def test_dialogs(qtbot, window):
    from ui.views.event_dialog import EventDialog
    from ui.views.help import EveningDialog, ShortcutsDialog
    from ui.views.merge_dialog import MergeDialog
    from ui.views.settings_dialog import SettingsChoice, SettingsDialog

    dialogs = [EventDialog(window.desk.list_events(), window), EventDialog([], window), MergeDialog([], window),
               SettingsDialog(SettingsChoice(20, "eng", None), ["eng", "deu"], ["GB", "US"], window),
               ShortcutsDialog(window), EveningDialog(window)]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        assert clipped(dialog) == [], dialog.windowTitle()
        # the title fits the dialog (a window manager cuts long titles of narrow dialogs)
        assert dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + 120 < dialog.width()
        dialog.close()


def test_events_overview_and_event_page(qtbot, window, tmp_path):
    fill(qtbot, window, tmp_path)
    window.nav.setCurrentRow(4)
    overview = window.events_view.overview
    qtbot.waitUntil(lambda: len(overview.listed_ids()) == 1, timeout=5000)
    settle(qtbot, window)
    assert clipped(window.events_view) == []
    overview.openRequested.emit(overview.listed_ids()[0])
    qtbot.waitUntil(lambda: window.events_view.currentWidget() is window.events_view.page, timeout=5000)
    settle(qtbot, window)
    assert clipped(window.events_view) == []


def test_event_dialogs(qtbot, window):
    from ui.views.event_review_dialog import EventReviewDialog
    from ui.views.plan_form import EventPlanDialog

    plan = window.desk.event_plan(window.event_id)
    for dialog in (EventPlanDialog(plan, window), EventPlanDialog(None, window),
                   EventReviewDialog(plan.name, None, [(1, "Mira Okafor"), (2, "Jonas Brandt")], window)):
        dialog.show()
        qtbot.waitExposed(dialog)
        assert clipped(dialog) == [], dialog.windowTitle()
        assert dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + 120 < dialog.width()
        assert dialog.height() <= SIZE[1] - 40  # fits a 720-pixel screen
        dialog.close()


def test_a_first_start_fits_the_window_to_a_small_screen():
    from PySide6.QtCore import QSize

    from ui.main_window import first_size

    minimum = QSize(960, 620)
    assert first_size(QSize(1920, 1080), minimum) == QSize(1280, 800)
    small = first_size(QSize(1280, 720), minimum)  # a 1280x720 laptop: title bar and all on screen
    assert small.height() <= 720 - 40 and small.width() <= 1280
    assert first_size(QSize(800, 600), minimum) == minimum  # never under what the pages need


def test_the_window_opens_within_the_screen_without_saved_geometry(qtbot, backend, tmp_path):
    from ui.main_window import first_size

    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    w = MainWindow(backend, settings, detector=None, use_camera=False)
    qtbot.addWidget(w)
    available = w.screen().availableGeometry().size()
    assert w.size() == first_size(available, w.minimumSize())
    w.lookups.wait()
