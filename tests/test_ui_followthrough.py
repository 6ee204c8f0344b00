"""The follow-through workflows (issue 8), driven offscreen: notes for every card whatever the
path, contacts edited in place, added by hand, deleted and restored, follow-ups worked through."""
from __future__ import annotations

from datetime import date

import cv2
import pytest
from PySide6.QtCore import QSettings, Qt

from netcapture.config import Config
from netcapture.desk import Desk
from tests.ui_support import PEOPLE, FakeReader, card_image
from ui.main_window import MainWindow

FIVE = PEOPLE + [("Ada Quist", "Northlight Ferries", "ada@northlight.example", "+1 202 555 0177")]


@pytest.fixture
def desk(tmp_path):
    d = Desk.open(Config.load(data_dir=tmp_path / "data", env={}), reader=FakeReader(FIVE))
    yield d
    d.close()


@pytest.fixture
def window(qtbot, desk, tmp_path):
    w = MainWindow(desk, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   detector=None, use_camera=False)
    qtbot.addWidget(w)
    w.events.set_event(desk.create_event("Harbour meetup", date(2026, 5, 5)))
    yield w
    for queue in (w.captures, w.readings, w.writes, w.lookups):
        queue.wait()


def card_files(folder, people):
    folder.mkdir()
    paths = []
    for i, person in enumerate(people):
        ok, png = cv2.imencode(".png", card_image(list(person)))
        path = folder / f"card-{i:02d}.png"
        path.write_bytes(png.tobytes())
        paths.append(path)
    return paths


def idle(window):
    return not (window.captures.pending() or window.readings.pending() or window.writes.pending()
                or window.lookups.pending())


def test_import_five_cards_then_walk_through_saves_notes_for_all(qtbot, window, desk, tmp_path):
    window.imports.import_paths(card_files(tmp_path / "batch", FIVE), quiet=True)
    banner = window.info_banner
    qtbot.waitUntil(lambda: not banner.isHidden() and banner.button.text() == "Add notes now (5 cards)",
                    timeout=20000)
    banner.button.click()
    page = window.walkthrough
    assert window.stack.currentWidget() is page
    for i in range(5):
        qtbot.waitUntil(lambda i=i: page.heading.text() == f"Add notes — card {i + 1} of 5"
                        and page.prompt.contact_id() is not None, timeout=5000)
        prompt = page.prompt
        if i == 2:  # a name fixed on the way
            prompt.name.setText("Lena Varga-Hill")
        prompt.answers["need"].setPlainText(f"need number {i}")
        qtbot.keyClick(prompt.answers["need"], Qt.Key.Key_Return)  # Enter: save and move on
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not page, timeout=5000)
    qtbot.waitUntil(lambda: idle(window), timeout=10000)
    assert desk.missing_notes_count(window.event_id) == 0
    needs = sorted(desk.prompt_state(r.id, window.event_id).answers.get("need")
                   for r in desk.contact_rows(window.contacts.current_query(), 0, 10))
    assert needs == [f"need number {i}" for i in range(5)]
    assert "Lena Varga-Hill" in [r.name for r in desk.contact_rows(window.contacts.current_query(), 0, 10)]


def test_one_imported_card_opens_the_memory_prompt(qtbot, window, tmp_path):
    window.imports.import_paths(card_files(tmp_path / "one", FIVE[:1]), quiet=True)
    qtbot.waitUntil(lambda: window.prompt.contact_id() is not None, timeout=20000)
    assert "Mira Okafor" in window.prompt.who.text()


def test_esc_stops_the_walk_through_and_leaves_the_rest_in_notes_missing(qtbot, window, desk, tmp_path):
    window.show()
    qtbot.waitActive(window)  # Esc is a shortcut: it needs the active window
    window.imports.import_paths(card_files(tmp_path / "batch", FIVE[:3]), quiet=True)
    qtbot.waitUntil(lambda: window.info_banner.button.text() == "Add notes now (3 cards)", timeout=20000)
    window.info_banner.button.click()
    prompt = window.walkthrough.prompt
    qtbot.waitUntil(lambda: prompt.contact_id() is not None, timeout=5000)
    prompt.answers["can_help"].setFocus()
    prompt.answers["can_help"].setPlainText("an intro to a ferry operator")
    qtbot.keyClick(prompt.answers["can_help"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.walkthrough, timeout=5000)
    qtbot.waitUntil(lambda: idle(window), timeout=10000)
    assert desk.missing_notes_count(window.event_id) == 2  # nothing typed was lost, the rest wait


def test_notes_missing_tray_opens_the_walk_through_at_the_contact_clicked(qtbot, window, desk, tmp_path):
    window.imports.import_paths(card_files(tmp_path / "batch", FIVE[:3]), quiet=True)
    qtbot.waitUntil(lambda: window.contacts_model.total() == 3 and idle(window), timeout=20000)
    window.notes_missing_button.click()
    contacts = window.contacts
    assert contacts.current_query().notes_missing
    qtbot.waitUntil(lambda: window.contacts_model.rowCount() == 3, timeout=5000)
    second = window.contacts_model.row(1)
    contacts.contactActivated.emit(second.id)  # what a double-click in the tray does
    prompt = window.walkthrough.prompt
    qtbot.waitUntil(lambda: prompt.contact_id() == second.id, timeout=5000)
    assert window.walkthrough.heading.text() == "Add notes — card 2 of 3"
    prompt.answers["can_ask"].setPlainText("a warm intro to their CFO")
    prompt.done_button.click()  # Done moves to the next one
    third = window.contacts_model.row(2).id
    qtbot.waitUntil(lambda: prompt.contact_id() == third, timeout=5000)
    qtbot.waitUntil(lambda: desk.prompt_state(second.id, window.event_id).answers.get("can_ask")
                    == "a warm intro to their CFO", timeout=5000)
