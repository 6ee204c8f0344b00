"""The details a person notices: honest feedback, keys that work, messages that fit the moment."""
from __future__ import annotations

import threading
from datetime import date

import cv2
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from netcapture.config import Config
from netcapture.desk import Desk
from tests.ui_support import FakeReader, card_image
from ui.main_window import MainWindow


class GatedReader(FakeReader):
    """Holds the first reading until the test opens the gate."""

    def __init__(self):
        super().__init__()
        self.gate = threading.Event()

    def __call__(self, path):
        self.gate.wait(10)
        return super().__call__(path)


@pytest.fixture
def reader():
    return GatedReader()


@pytest.fixture
def backend(tmp_path, reader):
    b = Desk.open(Config.load(data_dir=tmp_path / "data", env={}), reader=reader)
    yield b
    b.close()


@pytest.fixture
def window(qtbot, backend, tmp_path, reader):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(backend, settings, detector=None, use_camera=False)
    qtbot.addWidget(w)
    w.events.set_event(backend.create_event("Spring mixer", date(2026, 4, 1)))
    yield w
    reader.gate.set()
    w.readings.wait()
    w.writes.wait()


def card_files(tmp_path, count):
    paths = []
    for i in range(count):
        path = tmp_path / f"card{i}.png"
        cv2.imwrite(str(path), card_image([f"card number {i}"]))
        paths.append(path)
    return paths


def test_status_bar_counts_the_cards_of_a_batch(qtbot, window, reader, tmp_path):
    window.imports.import_paths(card_files(tmp_path, 6), quiet=True)
    assert window.statusBar().currentMessage() == "Reading 6 cards…"
    reader.gate.set()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported 6 new contacts"), timeout=10000)


def test_reimporting_the_same_photo_says_it_is_already_there(qtbot, window, reader, tmp_path):
    reader.gate.set()
    path = card_files(tmp_path, 1)
    with qtbot.waitSignal(window.imports.batchImported, timeout=10000):
        window.imports.import_paths(path, quiet=True)
    assert window.statusBar().currentMessage() == "Imported 1 new contact."
    with qtbot.waitSignal(window.imports.batchImported, timeout=10000):
        window.imports.import_paths(path, quiet=True)
    assert window.statusBar().currentMessage() == "This card is already in your contacts."
    assert window.desk.count_contacts() == 1


def test_sample_banner_goes_once_samples_are_in(qtbot, window, reader):
    reader.gate.set()
    window._offer_samples(0)
    assert window.info_banner.isVisibleTo(window)
    with qtbot.waitSignal(window.imports.batchImported, timeout=20000):
        window.imports.import_samples()
    # The samples offer is gone; the banner now offers notes for the new cards (the walk-through).
    assert window.info_banner.topic != "samples"
    assert window.info_banner.button.text() != "Try with sample cards"


def test_export_offers_show_in_folder(qtbot, window, reader, tmp_path):
    reader.gate.set()
    with qtbot.waitSignal(window.imports.batchImported, timeout=10000):
        window.imports.import_paths(card_files(tmp_path, 2), quiet=True)
    out = tmp_path / "out.vcf"
    window.contacts_flow.run_export("vcard3", out, None, window.event_id)
    qtbot.waitUntil(lambda: window.info_banner.label.text().startswith("Exported"), timeout=5000)
    assert window.info_banner.isVisibleTo(window)
    assert window.info_banner.label.text() == "Exported 2 contacts to out.vcf."
    assert window.info_banner.button.text() == "Show in folder"


def test_tab_leaves_the_event_date(qtbot, window):
    from ui.views.event_dialog import EventDialog

    dialog = EventDialog([], window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.when.setFocus()
    qtbot.keyClick(dialog.when, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.venue


def test_corrected_field_loses_its_low_confidence_tint(qtbot, window):
    from ui.views.review import ReviewItem

    item = ReviewItem(contact_id=1, image=None, values={"company": "Brightf0rge"}, confidence={"company": 0.4},
                      low_confidence=["company"])
    window.review.set_item(item)
    editor = window.review.editors["company"]
    assert editor.property("lowConfidence")
    editor.setFocus()
    qtbot.keyClicks(editor, "x")
    assert not editor.property("lowConfidence")


def test_f11_toggles_full_screen_and_shortcuts_list_is_generated(qtbot, window):
    from ui.views.help import shortcut_rows

    rows = shortcut_rows(window)
    keys = {(command, keys) for _where, command, keys in rows}
    assert any(command == "Full Screen" and "F11" in k for command, k in keys)
    accept = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
    assert any(where == "Review card" and k == accept for where, _c, k in rows)
    # every menu command with a shortcut is listed: nothing can be left out by hand
    listed = {k for _w, _c, k in rows}
    for action in window.findChildren(type(window.shutter_action)):
        for sequence in action.shortcuts():
            assert sequence.toString(QKeySequence.SequenceFormat.NativeText) in " or ".join(listed)


def test_select_first_message_fits_where_you_are(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window.nav.setCurrentRow(2)
    window.contacts_flow.export("vcard3", "selection")
    window.nav.setCurrentRow(0)
    window.contacts_flow.export("vcard3", "selection")
    assert "in the table" in shown[0] and "Contacts view" not in shown[0]
    assert "Contacts view" in shown[1]
