"""The main workflows driven offscreen: capture from a fed frame source, the memory prompt's
autosave, review correction, search, export, notes-missing tray, no-Tesseract banner."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt

from netcapture.config import Config
from netcapture.desk import Desk
from tests.ui_support import FailingReader, FakeReader, frame_with_card
from ui.frame_source import ImageSequenceFrameSource
from ui.main_window import MainWindow


@pytest.fixture
def backend(tmp_path):
    config = Config.load(data_dir=tmp_path / "data", env={})
    b = Desk.open(config, reader=FakeReader())
    yield b
    b.close()


@pytest.fixture
def window(qtbot, backend, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(backend, settings, detector=None, use_camera=False)
    qtbot.addWidget(w)
    w.events.set_event(backend.create_event("Spring mixer", date(2026, 4, 1), "Town hall", "meet 5 people"))
    yield w
    w.readings.wait()
    w.writes.wait()


def show_review(qtbot, window):
    """Open the Review page and wait for its card, fetched on a worker."""
    window.nav.setCurrentRow(1)
    qtbot.waitUntil(lambda: window.review.item() is not None, timeout=5000)


def capture_one(qtbot, window, seed=0):
    source = ImageSequenceFrameSource([frame_with_card(seed=seed)], interval_ms=0)
    window.capture.set_frame_source(source)
    source.step()
    before = window.contacts_model.total()
    with qtbot.waitSignal(window.capture.contactVisible, timeout=10000) as blocker:
        assert window.station.shutter()
    assert window.contacts_model.total() == before + 1
    return blocker.args[0]


def test_window_title_names_the_event(qtbot, window):
    qtbot.waitUntil(lambda: window.windowTitle() == "NetCapture — Spring mixer", timeout=5000)


def test_capture_from_fed_frame_source_creates_contact(qtbot, window, backend):
    contact_id = capture_one(qtbot, window)
    rows = backend.contact_rows(window.contacts.current_query(), 0, 10)
    assert [r.name for r in rows] == ["Mira Okafor"]
    assert rows[0].events == "Spring mixer"
    assert window.prompt.contact_id() == contact_id
    assert "Mira Okafor" in window.prompt.who.text()


def test_memory_prompt_autosaves_while_typing(qtbot, window, backend):
    contact_id = capture_one(qtbot, window)
    qtbot.keyClicks(window.prompt.answers["need"], "a printer in Osaka")
    qtbot.waitUntil(lambda: backend.prompt_state(contact_id, window.event_id).answers.get("need")
                    == "a printer in Osaka", timeout=5000)
    window.prompt.relationship.setCurrentIndex(window.prompt.relationship.findData("connector"))
    qtbot.waitUntil(lambda: backend.prompt_state(contact_id, window.event_id).relationship == "connector", timeout=5000)
    assert backend.prompt_state(contact_id, window.event_id).follow_up == date.today() + timedelta(days=1)  # the default follow-up: tomorrow
    assert backend.missing_notes_count(window.event_id) == 0


def test_notes_typed_before_reading_finishes_are_kept(qtbot, window, backend):
    source = ImageSequenceFrameSource([frame_with_card()], interval_ms=0)
    window.capture.set_frame_source(source)
    source.step()
    window.station.shutter()
    assert window.prompt.is_pending()
    window.prompt.answers["can_help"].setPlainText("intro to my accountant")
    with qtbot.waitSignal(window.capture.contactVisible, timeout=10000) as blocker:
        pass
    contact_id = blocker.args[0]
    qtbot.waitUntil(lambda: backend.prompt_state(contact_id, window.event_id).answers.get("can_help")
                    == "intro to my accountant", timeout=5000)


def test_contact_row_appears_at_the_shutter_before_the_reading(qtbot, window, backend):
    source = ImageSequenceFrameSource([frame_with_card()], interval_ms=0)
    window.capture.set_frame_source(source)
    source.step()
    with qtbot.waitSignal(window.capture.contactCreated, timeout=10000) as created:
        window.station.shutter()
    contact_id = created.args[0]
    assert window.prompt.contact_id() == contact_id  # notes typed from now on go straight to it
    with qtbot.waitSignal(window.capture.contactVisible, timeout=10000) as read:
        pass
    assert read.args[0] == contact_id
    assert window.contacts_model.total() == 1
    assert window.contacts_model.row(0).name == "Mira Okafor"


def test_failed_reading_keeps_the_contact_and_the_notes(qtbot, tmp_path):
    config = Config.load(data_dir=tmp_path / "d3", env={})
    backend = Desk.open(config, reader=FailingReader())
    w = MainWindow(backend, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   detector=None, use_camera=False)
    qtbot.addWidget(w)
    w.events.set_event(backend.create_event("Rainy expo"))
    source = ImageSequenceFrameSource([frame_with_card()], interval_ms=0)
    w.capture.set_frame_source(source)
    source.step()
    with qtbot.waitSignal(w.capture.contactCreated, timeout=10000) as created:
        w.station.shutter()
        w.prompt.answers["need"].setPlainText("a stand for the autumn fair")  # typed while it is stored
    contact_id = created.args[0]
    qtbot.waitUntil(lambda: "Could not read the card" in w.station.status.text(), timeout=10000)
    qtbot.waitUntil(lambda: backend.prompt_state(contact_id, w.event_id).answers.get("need")
                    == "a stand for the autumn fair", timeout=5000)
    assert "too blurred" in w.prompt.who.text()
    assert backend.reading_state(contact_id).status == "failed"
    assert w.contacts_model.total() == 1
    data = backend.review_item(contact_id)
    assert data.image_path is not None and data.image_path.exists()  # the photo, to type it in by hand
    show_review(qtbot, w)
    assert w.review.item().contact_id == contact_id
    w.readings.wait()
    w.writes.wait()
    backend.close()


def test_skipped_prompt_counts_in_notes_missing(qtbot, window, backend):
    capture_one(qtbot, window)
    window.prompt.skip_button.click()
    window.writes.wait()
    qtbot.waitUntil(lambda: "(1)" in window.notes_missing_button.text(), timeout=3000)
    window.notes.show_notes_missing()
    assert window.contacts.current_query().notes_missing
    assert window.contacts_model.total() == 1


def test_review_correction_by_clicking_word_boxes(qtbot, window, backend):
    contact_id = capture_one(qtbot, window)
    window.prompt.skip_button.click()
    show_review(qtbot, window)
    review = window.review
    assert review.item().contact_id == contact_id
    assert review.editors["company"].text() == "Brightforge Analytics Ltd"
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    # Put the first word of the company line ("Brightforge") into the Title field by clicking it.
    review.editors["title"].setFocus()
    qtbot.waitUntil(lambda: review.active_field() == "title", timeout=2000)
    words = review.item().words
    target = next(i for i, w in enumerate(words) if w.text == "Brightforge")
    point = review.canvas.word_center(target).toPoint()
    qtbot.mouseClick(review.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert review.editors["title"].text() == "Brightforge"
    # Keyboard: fix the email by typing, then accept with Ctrl+Enter.
    review.editors["emails"].setText("mira.okafor@brightforge.example")
    qtbot.keyClick(review.editors["emails"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    window.writes.wait()
    qtbot.waitUntil(lambda: backend.review_item(contact_id).values["emails"] == "mira.okafor@brightforge.example",
                    timeout=5000)
    data = backend.review_item(contact_id)
    assert data.values["title"] == "Brightforge"
    assert {"title", "emails"} <= data.corrected
    qtbot.waitUntil(lambda: review.item() is None, timeout=5000)  # nothing left to review


def test_keyboard_word_selection_assigns_to_active_field(qtbot, window):
    capture_one(qtbot, window)
    window.prompt.skip_button.click()
    show_review(qtbot, window)
    review = window.review
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    review.editors["department"].setFocus()
    qtbot.waitUntil(lambda: review.active_field() == "department", timeout=2000)
    review.canvas.setFocus()
    qtbot.keyClick(review.canvas, Qt.Key.Key_Right)  # first word: "Mira"
    qtbot.keyClick(review.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # extend: "Okafor"
    qtbot.keyClick(review.canvas, Qt.Key.Key_Return)
    assert review.editors["department"].text() == "Mira Okafor"


def test_low_confidence_field_is_highlighted(qtbot, tmp_path):
    config = Config.load(data_dir=tmp_path / "d2", env={})
    backend = Desk.open(config, reader=FakeReader(low_conf_company=True))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(backend, settings, detector=None, use_camera=False)
    qtbot.addWidget(w)
    capture_one(qtbot, w)
    show_review(qtbot, w)
    assert w.review.editors["company"].property("lowConfidence") is True
    assert w.review.editors["name"].property("lowConfidence") is False
    w.readings.wait()
    w.writes.wait()
    backend.close()


def test_search_as_you_type(qtbot, window):
    for seed in range(4):
        capture_one(qtbot, window, seed)
    window.nav.setCurrentRow(2)
    qtbot.keyClicks(window.contacts.search, "brandt")
    qtbot.waitUntil(lambda: window.contacts_model.total() == 1, timeout=3000)
    assert window.contacts_model.row(0).name == "Jonas Brandt"
    window.contacts.search.clear()
    qtbot.waitUntil(lambda: window.contacts_model.total() == 4, timeout=3000)


def test_export_selection_to_vcard(qtbot, window, tmp_path):
    for seed in range(2):
        capture_one(qtbot, window, seed)
    window.nav.setCurrentRow(2)
    window.contacts.apply_filters()
    qtbot.waitUntil(lambda: window.contacts_model.rowCount() == 2, timeout=5000)
    window.contacts.table.selectAll()
    ids = window.contacts.selected_ids()
    assert len(ids) == 2
    out = tmp_path / "picked.vcf"
    window.contacts_flow.run_export("vcard3", out, ids, None)
    qtbot.waitUntil(lambda: window.writes.pending() == 0, timeout=10000)
    text = out.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 2
    assert "Jonas Brandt" in text and "Mira Okafor" in text


def test_contact_detail_shows_notes(qtbot, window, backend):
    contact_id = capture_one(qtbot, window)
    window.prompt.close_prompt()
    qtbot.waitUntil(lambda: window.writes.pending() == 0, timeout=5000)
    backend.save_prompt(contact_id, window.event_id, {"need": "a venue for 200", "follow_up": date.today()})
    window.nav.setCurrentRow(2)
    window.contacts.apply_filters()
    qtbot.waitUntil(lambda: window.contacts.select_contact(contact_id), timeout=5000)
    qtbot.waitUntil(lambda: window.contacts.detail.answers["need"].toPlainText() == "a venue for 200", timeout=5000)
    window.nav.setCurrentRow(3)
    qtbot.waitUntil(lambda: len(window.followups.rows_in("today")) == 1, timeout=5000)


def test_no_tesseract_banner(qtbot, backend, tmp_path, monkeypatch):
    monkeypatch.setattr(Desk, "tesseract_problem", staticmethod(lambda: "Tesseract OCR is not installed."))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(backend, settings, detector=None, use_camera=False)
    qtbot.addWidget(w)
    assert w.tesseract_banner.isHidden()  # asked once the window is painted, not before it shows
    w.show()
    qtbot.waitUntil(lambda: not w.tesseract_banner.isHidden(), timeout=5000)  # asked off the GUI thread
    assert "tesseract" in w.tesseract_banner.label.text().lower()


def test_settings_persist(qtbot, backend, tmp_path):
    path = str(tmp_path / "persist.ini")
    w = MainWindow(backend, QSettings(path, QSettings.Format.IniFormat), detector=None, use_camera=False)
    qtbot.addWidget(w)
    w.station.set_auto_capture(False)
    w.close()
    again = MainWindow(backend, QSettings(path, QSettings.Format.IniFormat), detector=None, use_camera=False)
    qtbot.addWidget(again)
    assert again.station.auto_capture() is False


def test_export_event_to_csv_and_ics(qtbot, window, backend, tmp_path):
    contact_id = capture_one(qtbot, window)
    window.prompt.close_prompt()
    qtbot.waitUntil(lambda: window.writes.pending() == 0, timeout=5000)
    assert backend.export("csv-google", tmp_path / "event.csv", event_id=window.event_id) == 1
    assert "Okafor" in (tmp_path / "event.csv").read_text(encoding="utf-8")
    backend.save_prompt(contact_id, window.event_id, {"follow_up": date.today()})
    assert backend.export("ics", tmp_path / "followups.ics", event_id=window.event_id) == 1
    assert "BEGIN:VEVENT" in (tmp_path / "followups.ics").read_text(encoding="utf-8")
