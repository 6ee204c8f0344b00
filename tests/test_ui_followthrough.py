"""The follow-through workflows (issue 8), driven offscreen: notes for every card whatever the
path, contacts edited in place, added by hand, deleted and restored, follow-ups worked through."""
from __future__ import annotations

from datetime import date

import cv2
import pytest
from PySide6.QtCore import QSettings, Qt

from netcapture.config import Config
from netcapture.desk import Desk
from tests.ui_support import PEOPLE, FakeReader, card_image, drain, new_window
from ui.main_window import MainWindow

FIVE = PEOPLE + [("Ada Quist", "Northlight Ferries", "ada@northlight.example", "+1 202 555 0177")]


@pytest.fixture
def desk(tmp_path):
    d = Desk.open(Config.load(data_dir=tmp_path / "data", env={}), reader=FakeReader(FIVE))
    yield d
    d.close()


@pytest.fixture
def window(qtbot, desk, tmp_path):
    w = new_window(qtbot, desk, tmp_path / "s.ini")
    w.events.set_event(desk.create_event("Harbour meetup", date(2026, 5, 5)))
    yield w
    drain(w)


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


def select(qtbot, window, contact_id):
    window.nav.setCurrentRow(2)
    window.contacts.apply_filters()
    qtbot.waitUntil(lambda: window.contacts.select_contact(contact_id), timeout=5000)
    qtbot.waitUntil(lambda: window.contacts.detail.contact_id() == contact_id, timeout=5000)
    return window.contacts.detail


def test_edit_a_field_a_note_and_a_follow_up_in_the_detail(qtbot, window, desk):
    contact_id = desk.library.create_contact(window.event_id, full_name="Noor Haddad", company="Quayside Labs",
                                             phones=[("+1 202 555 0110", "work")]).id
    [follow_up] = [f.id for f in desk.contact_card(contact_id).follow_ups]  # every new contact gets one
    editor = select(qtbot, window, contact_id)
    assert editor.name.text() == "Noor Haddad"
    qtbot.keyClicks(editor.title, "Head of Ops")
    editor.answers["need"].setPlainText("a second warehouse near the port")
    editor.phones.add_button.click()
    phone = editor.phones.edits()[-1]
    qtbot.keyClicks(phone, "+1 202 555 0111")
    row = editor.phones._rows[-1][2]
    row.setCurrentIndex(row.findData("mobile"))
    due = next(d for fid, d, _done in editor._follow_rows if fid == follow_up)
    due.setDate(due.date().addDays(6))
    editor.flush()
    qtbot.waitUntil(lambda: idle(window), timeout=5000)
    card = desk.contact_card(contact_id)
    assert card.title == "Head of Ops"
    assert card.answers["need"] == "a second warehouse near the port"
    assert ("+1 202 555 0111", "mobile") in card.phones and ("+1 202 555 0110", "work") in card.phones
    assert [f.due for f in card.follow_ups] == [desk.default_follow_up_date() + __import__("datetime").timedelta(6)]
    # Ctrl+Z (Edit ▸ Undo) puts the last edit back.
    window.contacts_flow.undo()
    qtbot.waitUntil(lambda: idle(window) and desk.contact_card(contact_id).title == "", timeout=5000)
    assert desk.contact_card(contact_id).answers.get("need", "") == ""
    assert "title" not in desk.review_item(contact_id).corrected  # as it was: not a correction either


def test_add_a_contact_by_hand_with_the_current_event(qtbot, window, desk, monkeypatch):
    from ui.views.new_contact_dialog import NewContactDialog

    def fill(dialog):
        dialog.name.setText("Pia Lindqvist")
        dialog.company.setText("Fjord Robotics")
        dialog.email.setText("pia@fjord.example")
        return NewContactDialog.DialogCode.Accepted

    monkeypatch.setattr(NewContactDialog, "exec", fill)
    qtbot.waitUntil(lambda: window.windowTitle().endswith("Harbour meetup"), timeout=5000)
    window.contacts_flow.new_contact()
    qtbot.waitUntil(lambda: window.contacts.detail.name.text() == "Pia Lindqvist", timeout=5000)
    rows = desk.contact_rows(window.contacts.current_query(), 0, 10)
    assert [(r.name, r.company, r.events) for r in rows] == [("Pia Lindqvist", "Fjord Robotics", "Harbour meetup")]


def test_search_then_select_shows_the_right_detail(qtbot, window, desk):
    ids = {name: desk.library.create_contact(window.event_id, full_name=name, company=company).id
           for name, company, _e, _p in FIVE}
    window.nav.setCurrentRow(2)
    window.contacts.apply_filters()
    qtbot.waitUntil(lambda: window.contacts_model.rowCount() == 5, timeout=5000)
    window.contacts.select_contact(ids["Mira Okafor"])
    qtbot.waitUntil(lambda: window.contacts.detail.name.text() == "Mira Okafor", timeout=5000)
    qtbot.keyClicks(window.contacts.search, "brandt")
    qtbot.waitUntil(lambda: window.contacts_model.total() == 1, timeout=5000)
    # The selected contact is filtered out: the detail no longer shows her.
    qtbot.waitUntil(lambda: window.contacts.detail.contact_id() is None, timeout=5000)
    window.contacts.table.selectRow(0)
    qtbot.waitUntil(lambda: window.contacts.detail.name.text() == "Jonas Brandt", timeout=5000)
    window.contacts.search.clear()
    qtbot.waitUntil(lambda: window.contacts_model.total() == 5, timeout=5000)
    assert window.contacts.detail.contact_id() == ids["Jonas Brandt"]  # still the selected one
    assert window.contacts.selected_ids() == [ids["Jonas Brandt"]]


def test_delete_goes_to_the_trash_and_comes_back(qtbot, window, desk):
    from ui.views.trash_dialog import TrashDialog

    keep = desk.library.create_contact(window.event_id, full_name="Oskar Brun").id
    gone = desk.library.create_contact(window.event_id, full_name="Rita Moss").id
    editor = select(qtbot, window, gone)
    editor.delete_button.click()
    qtbot.waitUntil(lambda: window.contacts_model.total() == 1, timeout=5000)
    assert desk.count_contacts() == 1
    window.contacts_flow.undo()  # Ctrl+Z brings it back
    qtbot.waitUntil(lambda: window.contacts_model.total() == 2, timeout=5000)
    # Deleted again, then restored from the Trash window.
    window.contacts_flow.delete([gone])
    qtbot.waitUntil(lambda: window.contacts_model.total() == 1, timeout=5000)

    def use_trash(dialog):
        qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=5000)
        assert dialog.list.count() == 1 and "Rita Moss" in dialog.list.item(0).text()
        dialog.list.item(0).setSelected(True)
        dialog.restore_button.click()
        qtbot.waitUntil(lambda: not dialog.restore_button.isEnabled(), timeout=5000)  # the Trash is empty
        return TrashDialog.DialogCode.Accepted

    original = TrashDialog.exec
    TrashDialog.exec = use_trash
    try:
        window.contacts_flow.show_trash()
    finally:
        TrashDialog.exec = original
    qtbot.waitUntil(lambda: window.contacts_model.total() == 2, timeout=5000)
    assert {r.id for r in desk.contact_rows(window.contacts.current_query(), 0, 10)} == {keep, gone}


def test_follow_ups_in_sections_with_done_snooze_and_the_mail_draft(qtbot, window, desk):
    from datetime import timedelta

    today = date.today()
    ids = [desk.library.create_contact(window.event_id, full_name=name, company=company,
                                       emails=[email]).id for name, company, email, _p in FIVE[:3]]
    follow_ups = [desk.contact_card(i).follow_ups[0].id for i in ids]
    desk.reschedule_follow_up(follow_ups[0], today - timedelta(days=2))  # overdue
    desk.reschedule_follow_up(follow_ups[1], today)
    desk.save_prompt(ids[1], window.event_id, {"need": "a venue for 200 people"})
    window.nav.setCurrentRow(3)
    view = window.followups
    qtbot.waitUntil(lambda: view.rows_in("overdue") == [follow_ups[0]], timeout=5000)
    assert view.rows_in("today") == [follow_ups[1]]
    assert view.rows_in("upcoming") == [follow_ups[2]]
    # Done with an outcome.
    view.select(follow_ups[0])
    view.doneRequested.emit(follow_ups[0], "meeting", "coffee on Thursday")
    qtbot.waitUntil(lambda: view.rows_in("done") == [follow_ups[0]], timeout=5000)
    # Snooze a week: from today's to upcoming.
    assert view.select(follow_ups[1])
    view.week_button.click()
    qtbot.waitUntil(lambda: follow_ups[1] in view.rows_in("upcoming"), timeout=5000)
    assert desk.contact_card(ids[1]).follow_ups[0].due == today + timedelta(days=7)
    # Write follow-up: a mailto: draft from the notes, handed to the user's mail program.
    opened = []
    window.open_url = opened.append
    assert view.select(follow_ups[1])
    view.write_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert opened[0].startswith("mailto:jonas@kettlelane.example?subject=")
    assert "venue" in opened[0]


def test_restart_keeps_the_review_queue(qtbot, tmp_path):
    config = Config.load(data_dir=tmp_path / "data", env={})
    desk = Desk.open(config, reader=FakeReader(FIVE, low_conf_company=True))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(desk, settings, detector=None, use_camera=False)
    qtbot.addWidget(first)
    first.imports.import_paths(card_files(tmp_path / "batch", FIVE[:2]), quiet=True)
    qtbot.waitUntil(lambda: len(first.review_flow.queue) == 2 and idle(first), timeout=20000)
    queued = list(first.review_flow.queue)
    first.close()
    desk.close()

    desk = Desk.open(config, reader=FakeReader(FIVE))
    again = MainWindow(desk, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                       detector=None, use_camera=False)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.review_flow.queue == queued, timeout=5000)
    again.nav.setCurrentRow(1)
    qtbot.waitUntil(lambda: again.review.item() is not None, timeout=5000)
    assert again.review.item().contact_id == queued[0]
    again.review.accept()  # confirmed: it leaves the stored queue
    qtbot.waitUntil(lambda: idle(again) and desk.review_queue() == queued[1:], timeout=5000)
    for queue in (again.captures, again.readings, again.writes, again.lookups):
        queue.wait()
    desk.close()


def test_settings_choose_the_follow_up_rule_and_the_prompt_follows_it(qtbot, window, desk):
    from datetime import timedelta

    from ui.views.settings_dialog import SettingsChoice, SettingsDialog

    dialog = SettingsDialog(SettingsChoice(20, "eng", None, "next-day", None), ["eng"], ["US"])
    qtbot.addWidget(dialog)
    dialog.rule.setCurrentIndex(dialog.rule.findData("3"))
    dialog.template.setPlainText("Subject: Good to meet you at {event}\n\nHi {first_name}, {can_help}")
    window.apply_settings(dialog.choice())
    qtbot.waitUntil(lambda: window.notes.rule is not None and window.notes.rule.days == 3, timeout=5000)
    assert window.notes.default_due() == date.today() + timedelta(days=3)
    assert desk.follow_up_settings()[1].startswith("Subject: Good to meet you")
