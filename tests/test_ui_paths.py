"""Paths beyond the main workflow: the hot folder, merging duplicates through the dialog, a camera
that disappears and comes back, and "Try with sample cards" on an empty app."""
from __future__ import annotations

from datetime import date, timedelta

import cv2
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netcapture.config import Config
from netcapture.desk import Desk
from tests.ui_support import PEOPLE, FakeReader, card_image, drain, frame_with_card, new_window
from ui.controllers.import_flow import sample_cards
from ui.frame_source import ImageSequenceFrameSource
from ui.main_window import MainWindow
from ui.views.merge_dialog import MergeDialog


@pytest.fixture
def reader():
    return FakeReader()


@pytest.fixture
def backend(tmp_path, reader):
    b = Desk.open(Config.load(data_dir=tmp_path / "data", env={}), reader=reader)
    yield b
    b.close()


@pytest.fixture
def make_window(qtbot, backend, tmp_path):
    windows = []

    def make() -> MainWindow:
        w = new_window(qtbot, backend, tmp_path / f"s{len(windows)}.ini")
        windows.append(w)
        return w

    yield make
    for w in windows:
        drain(w)


def test_hot_folder_imports_a_dropped_file_once(qtbot, make_window, backend, reader, tmp_path):
    window = make_window()
    window.events.set_event(backend.create_event("Scanner table"))
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "already-there.png").write_bytes(b"not imported: it was there before watching")
    window.imports.watch_folder(folder)
    ok, png = cv2.imencode(".png", card_image(list(PEOPLE[0])))
    (folder / ".card-001.png.part").write_bytes(png.tobytes()[:100])  # a scanner still writing: hidden
    (folder / ".half-written.png").write_bytes(png.tobytes()[:100])
    (folder / "card-001.png").write_bytes(png.tobytes())
    qtbot.waitUntil(lambda: window.contacts_model.total() == 1, timeout=10000)
    (folder / "notes.txt").write_text("not a card image")  # another change in the folder
    qtbot.wait(1200)  # past the hot folder's settle delay
    window.readings.wait()
    assert len(reader.calls) == 1
    assert backend.count_contacts(window.contacts.current_query()) == 1


def test_merge_dialog_keeps_both_events_and_all_notes(qtbot, make_window, backend):
    library = backend.library
    spring, autumn = backend.create_event("Spring fair"), backend.create_event("Autumn fair")
    first = library.create_contact(spring, full_name="Nadia Rahimi", company="Saltmarsh Labs",
                                   emails=["nadia@saltmarsh.example"])
    again = library.create_contact(autumn, full_name="Nadia Rahimi", company="Saltmarsh Labs",
                                   emails=["Nadia@saltmarsh.example"])
    backend.save_prompt(first.id, spring, {"need": "a bookkeeper"})
    backend.save_prompt(again.id, autumn, {"can_help": "intro to our printer", "follow_up": date(2030, 1, 2)})
    window = make_window()
    window.events.set_event(autumn)
    seen = []

    def interact():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):  # the pairs are still being fetched
            QTimer.singleShot(20, interact)
            return
        seen.append(dialog.pairs.count())
        dialog.merge_button.click()  # merged on the write queue, the pairs fetched again
        qtbot.waitUntil(lambda: dialog.pairs.count() == 0, timeout=5000)
        seen.append(dialog.pairs.count())
        dialog.accept()

    QTimer.singleShot(0, interact)
    window.contacts_flow.merge_duplicates()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    assert seen == [1, 0]
    qtbot.waitUntil(lambda: window.contacts_model.total() == 1, timeout=5000)
    kept = library.get_contact(first.id)
    assert sorted(e.name for e in kept.events) == ["Autumn fair", "Spring fair"]
    assert sorted(n.need or n.can_help for n in kept.notes) == ["a bookkeeper", "intro to our printer"]
    # each contact's follow-up: the default one (tomorrow) and the one moved in the prompt
    assert [f.due for f in kept.follow_ups] == [date.today() + timedelta(days=1), date(2030, 1, 2)]
    assert library.count_contacts() == 1
    assert window.contacts_model.total() == 1


def test_camera_that_disappears_and_comes_back(qtbot, make_window, backend):
    window = make_window()
    window.events.set_event(backend.create_event("Expo"))
    source = ImageSequenceFrameSource([frame_with_card(seed=1), frame_with_card(seed=2)], interval_ms=0)
    window.capture.set_frame_source(source)
    source.step()
    station = window.station

    source.sourceLost.emit("Demo camera was disconnected. Plug it back in to carry on; captured cards are safe.")
    assert "disconnected" in station.status.text()
    assert not station.shutter_button.isEnabled()
    assert station.shutter() is False  # not the last picture from before the camera went away
    source.error.emit("The camera reported a problem: device busy.")
    assert "device busy" in station.status.text()

    source.sourceRestored.emit()
    assert station.status.text() == "Camera reconnected."
    source.step()
    with qtbot.waitSignal(window.capture.contactVisible, timeout=10000):
        assert station.shutter() is True
    assert window.contacts_model.total() == 1


def test_try_with_sample_cards_on_an_empty_app(qtbot, make_window, backend, reader):
    samples = sample_cards()
    assert len(samples) >= 5
    window = make_window()
    window.show()  # offered once the window is painted
    qtbot.waitUntil(lambda: not window.info_banner.isHidden(), timeout=5000)  # counted on a worker
    assert window.info_banner.button.text() == "Try with sample cards"
    window.info_banner.button.click()
    qtbot.waitUntil(lambda: window.readings.pending() == 0 and window.contacts_model.total() == len(samples),
                    timeout=20000)
    qtbot.waitUntil(lambda: window.windowTitle() == "NetCapture — Sample cards", timeout=5000)
    assert len(reader.calls) == len(samples)
