"""Introductions tracked from the Follow-ups view (issue 8): Track Introduction… for the selected
row's contact, then Mark Promised and Mark Done. Fictional people only."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from netcapture.config import Config
from netcapture.desk import Desk
from tests.ui_support import PEOPLE, FakeReader, drain, new_window
from ui.views import followups_view
from ui.views.followups_view import IntroductionDialog


@pytest.fixture
def desk(tmp_path):
    d = Desk.open(Config.load(data_dir=tmp_path / "data", env={}), reader=FakeReader(PEOPLE))
    yield d
    d.close()


@pytest.fixture
def window(qtbot, desk, tmp_path):
    w = new_window(qtbot, desk, tmp_path / "s.ini")
    w.events.set_event(desk.create_event("Lantern Quay meetup", date(2026, 5, 5)))
    yield w
    drain(w)


def _row(view, follow_up_id):
    for section in ("overdue", "today", "upcoming", "done"):
        if follow_up_id in view.rows_in(section):
            return section
    return None


def test_track_an_introduction_then_promised_then_done(qtbot, window, desk, monkeypatch):
    contact = desk.library.create_contact(window.event_id, full_name="Orla Fenwick", company="Brightmoor Tiles",
                                          emails=["orla@brightmoor.example"]).id
    desk.save_prompt(contact, window.event_id, {"introductions": "Piet Vander of Saltmarsh Logistics"})
    plain = desk.contact_card(contact).follow_ups[0].id
    window.nav.setCurrentRow(3)
    view = window.followups
    qtbot.waitUntil(lambda: _row(view, plain) is not None, timeout=5000)
    assert view.select(plain)
    assert view.intro_button.isEnabled()
    assert not view.promised_button.isEnabled() and not view.intro_done_button.isEnabled()

    seen = {}

    def accept(dialog):
        seen["whom"] = dialog.whom.text()  # prefilled from the note answer
        dialog.direction.setCurrentIndex(dialog.direction.findData("for me"))
        dialog.status.setCurrentIndex(dialog.status.findData("asked"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(followups_view.IntroductionDialog, "exec", accept)
    view.intro_button.click()
    assert seen["whom"] == "Piet Vander of Saltmarsh Logistics"

    def stored():
        rows = [r for r in desk.follow_up_sections()["upcoming"] + desk.follow_up_sections()["today"]
                if r.intro_status]
        return rows[0] if rows else None
    qtbot.waitUntil(lambda: stored() is not None and _row(view, stored().id) is not None, timeout=5000)
    intro = stored()
    assert intro.contact_id == contact and intro.summary == "Piet Vander of Saltmarsh Logistics"
    assert intro.intro_status == "asked"
    assert view.select(intro.id)
    item = view.tree.currentItem()
    assert "Piet Vander" in item.text(3) and "(asked)" in item.text(3)
    assert view.promised_button.isEnabled() and view.intro_done_button.isEnabled()

    view.promised_button.click()
    qtbot.waitUntil(lambda: "(promised)" in view.tree.currentItem().text(3), timeout=5000)
    assert desk.library.follow_up_rows(contact_id=contact)  # still stored, still open
    assert not view.promised_button.isEnabled() and view.intro_done_button.isEnabled()

    view.intro_done_button.click()
    qtbot.waitUntil(lambda: intro.id in view.rows_in("done"), timeout=5000)
    done = next(r for r in desk.follow_up_sections()["done"] if r.id == intro.id)
    assert done.intro_status == "done" and done.outcome_kind == "introduced-me"
    assert _row(view, plain) not in (None, "done")  # the plain follow-up is untouched


def test_the_dialog_offers_both_directions_and_every_state(qtbot):
    dialog = IntroductionDialog("")
    qtbot.addWidget(dialog)
    assert [dialog.direction.itemData(i) for i in range(dialog.direction.count())] == ["for me", "by me"]
    assert [dialog.status.itemData(i) for i in range(dialog.status.count())] == ["asked", "promised", "done"]
    assert dialog.whom.text() == ""


def test_an_introduction_i_promise_to_make_ends_as_introduced_them(qtbot, window, desk, monkeypatch):
    contact = desk.library.create_contact(window.event_id, full_name="Tamsin Oduya", company="Kestrel Paper",
                                          emails=["tamsin@kestrel.example"]).id
    plain = desk.contact_card(contact).follow_ups[0].id
    window.nav.setCurrentRow(3)
    view = window.followups
    qtbot.waitUntil(lambda: _row(view, plain) is not None, timeout=5000)
    assert view.select(plain)

    def accept(dialog):
        dialog.whom.setText("Bram Oakes, buyer at Lowfield Print")
        dialog.direction.setCurrentIndex(dialog.direction.findData("by me"))
        dialog.status.setCurrentIndex(dialog.status.findData("promised"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(followups_view.IntroductionDialog, "exec", accept)
    view.intro_button.click()

    def stored():
        open_rows = desk.follow_up_sections()["upcoming"] + desk.follow_up_sections()["today"]
        return next((r for r in open_rows if r.intro_status), None)
    qtbot.waitUntil(lambda: stored() is not None and _row(view, stored().id) is not None, timeout=5000)
    intro = stored()
    assert intro.intro_status == "promised" and intro.summary == "Bram Oakes, buyer at Lowfield Print"
    assert view.select(intro.id)
    assert not view.promised_button.isEnabled() and view.intro_done_button.isEnabled()
    view.intro_done_button.click()
    qtbot.waitUntil(lambda: intro.id in view.rows_in("done"), timeout=5000)
    done = next(r for r in desk.follow_up_sections()["done"] if r.id == intro.id)
    assert done.outcome_kind == "introduced-them"
