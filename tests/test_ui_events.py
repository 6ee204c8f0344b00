"""Events in the GUI: the plan, the live count at the capture station, the after-event review
offered once, and the overview of every event. The figures are the Library's (netcapture.results)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings

from netcapture.config import Config
from netcapture.desk import Desk, EventPlan
from tests.ui_support import FakeReader, frame_with_card
from ui.frame_source import ImageSequenceFrameSource
from ui.main_window import MainWindow

EVENTS_PAGE = 4


@pytest.fixture
def backend(tmp_path):
    b = Desk.open(Config.load(data_dir=tmp_path / "data", env={}), reader=FakeReader())
    yield b
    b.close()


def open_window(qtbot, backend, tmp_path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(backend, settings, detector=None, use_camera=False)
    qtbot.addWidget(w)
    return w


def idle(qtbot, w) -> None:
    qtbot.waitUntil(lambda: not (w.lookups.pending() or w.writes.pending() or w.readings.pending()
                                 or w.captures.pending()), timeout=10000)
    qtbot.wait(20)


def test_plan_dialog_creates_an_event_with_its_plan(qtbot, backend, tmp_path):
    from ui.views.event_dialog import EventDialog

    dialog = EventDialog([])
    qtbot.addWidget(dialog)
    assert (dialog.plan.target_min.value(), dialog.plan.target_max.value()) == (5, 8)  # the default range
    qtbot.keyClicks(dialog.name, "Harbour breakfast")
    qtbot.keyClicks(dialog.plan.why, "meet boat builders")
    qtbot.keyClicks(dialog.plan.ask, "an intro to a sailmaker")
    dialog.plan.target_max.setValue(6)
    plan = dialog.new_event()
    event_id = backend.save_event_plan(plan)
    stored = backend.event_plan(event_id)
    assert (stored.name, stored.why, stored.ask, stored.target_min, stored.target_max) == (
        "Harbour breakfast", "meet boat builders", "an intro to a sailmaker", 5, 6)


def test_live_count_goes_up_when_a_note_is_written(qtbot, backend, tmp_path):
    w = open_window(qtbot, backend, tmp_path)
    event_id = backend.save_event_plan(EventPlan("Spring mixer", date.today(), ask="an intro to a printer"))
    w.events.set_event(event_id)
    idle(qtbot, w)
    goal = w.station.goal
    assert goal.count.text() == "0 of 5–8 real conversations"
    assert "an intro to a printer" in goal.ask.text()
    source = ImageSequenceFrameSource([frame_with_card()], interval_ms=0)
    w.capture.set_frame_source(source)
    source.step()
    with qtbot.waitSignal(w.capture.contactVisible, timeout=10000):
        assert w.station.shutter()
    idle(qtbot, w)
    assert goal.count.text() == "0 of 5–8 real conversations"  # a card alone is not a conversation
    qtbot.keyClicks(w.prompt.answers["need"], "a printer in Osaka")
    qtbot.waitUntil(lambda: goal.count.text() == "1 of 5–8 real conversations", timeout=10000)
    w.readings.wait()
    w.writes.wait()


def test_after_event_review_is_offered_once_and_stored(qtbot, backend, tmp_path):
    event_id = backend.save_event_plan(EventPlan("Autumn fair", date.today() - timedelta(days=1)))
    backend.set_current_event(event_id)
    w = open_window(qtbot, backend, tmp_path)
    w.events.start()
    qtbot.waitUntil(lambda: w.info_banner.topic == "review" and w.info_banner.isVisibleTo(w), timeout=5000)
    assert "Autumn fair" in w.info_banner.label.text()
    w.info_banner.button.click()
    qtbot.waitUntil(lambda: w.events.review_dialog is not None, timeout=5000)
    dialog = w.events.review_dialog
    dialog.answers["quality"].set_value("yes")
    dialog.answers["good_use"].set_value("somewhat")
    dialog.lines["quality"].setText("three founders")
    dialog.go_again.set_value("maybe")
    dialog.note.setPlainText("arrive early")
    dialog.accept()
    qtbot.waitUntil(lambda: backend.event_review(event_id) is not None, timeout=5000)
    review = backend.event_review(event_id)
    assert review["quality"] == {"answer": "yes", "line": "three founders"}
    assert review["good_use"]["answer"] == "somewhat"
    assert (review["go_again"], review["note"]) == ("maybe", "arrive early")
    idle(qtbot, w)
    w.close()

    again = open_window(qtbot, backend, tmp_path)  # the next start: not offered a second time
    again.events.start()
    idle(qtbot, again)
    assert again.info_banner.topic != "review"
    again.close()


def test_review_not_offered_before_the_date(qtbot, backend, tmp_path):
    backend.set_current_event(backend.save_event_plan(EventPlan("Tonight", date.today())))
    w = open_window(qtbot, backend, tmp_path)
    w.events.start()
    idle(qtbot, w)
    assert w.info_banner.topic != "review"


def test_overview_lists_every_event_and_sorts(qtbot, backend, tmp_path):
    ids = [backend.save_event_plan(EventPlan(name, date(2026, 10, day)))
           for name, day in (("Chamber mixer", 3), ("Founders breakfast", 17), ("Trade fair", 28))]
    busy = ids[0]
    for n in range(2):  # two real conversations at the mixer
        contact = backend.library.create_contact(busy, full_name=f"Person {n}")
        backend.library.save_note(contact.id, event=busy, need="a printer")
    w = open_window(qtbot, backend, tmp_path)
    w.resize(1280, 720)
    w.show()
    w.nav.setCurrentRow(EVENTS_PAGE)
    overview = w.events_view.overview
    qtbot.waitUntil(lambda: len(overview.listed_ids()) == 3, timeout=5000)
    assert sorted(overview.listed_ids()) == sorted(ids)
    overview.table.sortItems(3)  # by real conversations, fewest first
    assert overview.listed_ids()[-1] == busy
    assert overview.table.item(2, 3).text() == "2 of 5–8"
    assert "worth going back" in overview.formula.text().lower()
    # the event page, from the overview
    overview.openRequested.emit(busy)
    qtbot.waitUntil(lambda: w.events_view.currentWidget() is w.events_view.page, timeout=5000)
    assert "2 of 5–8" in w.events_view.page.text.toPlainText()


def test_a_contact_starred_as_quality_counts_in_the_results(qtbot, backend, tmp_path):
    event_id = backend.save_event_plan(EventPlan("Spring mixer", date.today()))
    contact = backend.library.create_contact(event_id, full_name="Mira Okafor")
    w = open_window(qtbot, backend, tmp_path)
    w.events.set_event(event_id)
    w.nav.setCurrentRow(2)
    qtbot.waitUntil(lambda: w.contacts_model.rowCount() == 1, timeout=5000)
    w.contacts.select_contact(contact.id)
    w.events.toggle_star()
    qtbot.waitUntil(lambda: backend.event_results(event_id).starred == 1, timeout=5000)
    qtbot.waitUntil(lambda: w.contacts_model.data(w.contacts_model.index(0, 0)) == "★ Mira Okafor", timeout=5000)
    w.events.toggle_star()  # and off again
    qtbot.waitUntil(lambda: backend.event_results(event_id).starred == 0, timeout=5000)
    idle(qtbot, w)


def test_report_export_csv_and_printable_page(qtbot, backend, tmp_path):
    first = backend.save_event_plan(EventPlan("Chamber mixer", date(2026, 10, 3)))
    backend.save_event_plan(EventPlan("Trade fair", date(2026, 10, 28)))
    backend.library.save_note(backend.library.create_contact(first, full_name="Ada Quill").id, event=first, need="x")
    w = open_window(qtbot, backend, tmp_path)
    w.events.run_export("csv", tmp_path / "report.csv", None)
    w.events.run_export("html", tmp_path / "report.html", first)
    idle(qtbot, w)
    rows = (tmp_path / "report.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and rows[0].startswith("event,")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Chamber mixer" in page and "Trade fair" not in page
    assert w.info_banner.button.text() == "Show in folder"


def test_delete_event_goes_to_the_trash(qtbot, backend, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    keep = backend.save_event_plan(EventPlan("Keep me", date(2026, 10, 3)))
    gone = backend.save_event_plan(EventPlan("Delete me", date(2026, 10, 4)))
    w = open_window(qtbot, backend, tmp_path)
    w.nav.setCurrentRow(EVENTS_PAGE)
    overview = w.events_view.overview
    qtbot.waitUntil(lambda: len(overview.listed_ids()) == 2, timeout=5000)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    overview.deleteRequested.emit(gone)
    qtbot.waitUntil(lambda: overview.listed_ids() == [keep], timeout=5000)
    backend.library.restore_event(gone)  # from the Trash, like a contact
    assert {e.id for e in backend.list_events()} == {keep, gone}
    idle(qtbot, w)
