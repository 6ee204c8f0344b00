"""Smaller pieces: the lazy contacts model at 50,000 rows, the crash log hook."""
from __future__ import annotations

import logging

from ui.crash_log import ExceptionReporter, setup_logging
from ui.views.contacts_model import PAGE_SIZE, ContactQuery, ContactRow, ContactTableModel

TOTAL = 50_000


def test_model_pages_rows_in_lazily():
    fetched = []

    def fetch(query: ContactQuery, offset: int, limit: int):
        fetched.append((offset, limit))
        return [ContactRow(id=i, name=f"Person {i}") for i in range(offset, min(offset + limit, TOTAL))]

    model = ContactTableModel(fetch, lambda q: TOTAL)
    model.set_query(ContactQuery())
    assert model.total() == TOTAL
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE_SIZE
    assert fetched == [(0, PAGE_SIZE), (PAGE_SIZE, PAGE_SIZE)]
    assert model.data(model.index(250, 0)) == "Person 250"


def test_a_first_page_asked_for_by_the_view_brings_the_count_of_all_rows():
    # a window opened on a library with contacts: the table asks for rows before any reload
    rows = [ContactRow(id=i, name=f"Person {i}") for i in range(TOTAL)]
    model = ContactTableModel(lambda q, offset, limit: rows[offset:offset + limit], lambda q: len(rows))
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE
    assert model.total() == TOTAL  # the count label said "0 contacts" beside the rows
    few = ContactTableModel(lambda q, offset, limit: rows[:4][offset:offset + limit], lambda q: 4)
    few.fetchMore()
    assert (few.rowCount(), few.total(), few.canFetchMore()) == (4, 4, False)


def test_exception_hook_logs_to_data_dir(tmp_path):
    path = setup_logging(tmp_path)
    reporter = ExceptionReporter(path, show_dialogs=False)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        reporter.handle(type(exc), exc, exc.__traceback__)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "boom in a slot" in text and "Traceback" in text
    assert len(reporter.reported) == 1
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_a_contact_whose_card_is_being_read_says_so(qapp):
    from netcapture.store.models import NO_NAME

    rows = [ContactRow(id=1, name=NO_NAME), ContactRow(id=2, name="Mira Okafor")]
    model = ContactTableModel(lambda q, offset, limit: rows[offset:offset + limit], lambda q: len(rows))
    model.set_query(ContactQuery())
    model.mark_being_read(1, True)
    model.mark_being_read(2, True)
    assert model.data(model.index(0, 0)) == "Reading the card…"
    assert model.data(model.index(1, 0)) == "Mira Okafor"  # a name already known stays
    model.mark_being_read(1, False)
    assert model.data(model.index(0, 0)) == NO_NAME


def test_settings_change_how_cards_are_read_and_persist(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from netcapture.config import Config
    from netcapture.desk import Desk
    from ui.main_window import MainWindow
    from ui.views.settings_dialog import SettingsChoice, SettingsDialog

    backend = Desk.open(Config.load(data_dir=tmp_path / "data", env={}))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(backend, settings, detector=None, use_camera=False)
    qtbot.addWidget(window)

    dialog = SettingsDialog(SettingsChoice(20, "eng", None), ["eng"], ["DE", "JP", "US"])
    qtbot.addWidget(dialog)
    dialog.region.setCurrentIndex(dialog.region.findData("JP"))
    dialog.reminder.setValue(45)
    window.apply_settings(dialog.choice())  # stored by the Library on the write queue
    qtbot.waitUntil(lambda: settings.value("phoneRegion") == "JP", timeout=5000)

    assert backend.reading_region() == "JP"
    assert backend.library.capture.config.region == "JP"  # the reader uses it from now on
    assert settings.value("phoneRegion") == "JP"
    assert int(settings.value("reminderMinutes")) == 45
    assert window.notes.reminder_minutes == 45
