"""The follow-through rules (netcapture.followups, trash, the review queue) through the Library."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from netcapture.errors import EventNotFoundError, InvalidInputError
from netcapture.followups import (
    DEFAULT_TEMPLATE,
    OUTCOMES,
    FollowUpRule,
    intro_outcome,
    new_item_due,
    outcome_of,
)
from netcapture.review import LOW_CONFIDENCE
from netcapture.services import Library
from netcapture.store.models import contacts_met_at
from tests.store_fakes import CountingReader, card, write_card_file

TODAY = date.today()
TOMORROW = TODAY + timedelta(days=1)
ANNA = card("Anna Schmidt", "ACME GmbH", title="CTO", emails=["anna@acme.example"])
BO = card("Bo Chen", "Initech", emails=["bo@initech.example"])


def _scan(library, tmp_path, *cards, event="Expo"):
    paths = [write_card_file(tmp_path / f"{c['name'] or 'x'}.jpg", c) for c in cards]
    return library.scan(paths, event=event)


# -- one lifecycle: every new contact gets an open follow-up -------------------------------------
def test_every_capture_path_and_a_contact_by_hand_get_an_open_follow_up(library, tmp_path):
    batch = _scan(library, tmp_path, ANNA, BO)
    assert batch.new_contact_ids == batch.contact_ids and len(batch.contact_ids) == 2
    shutter = library.capture_card(write_card_file(tmp_path / "cam.jpg", card("Cy Diaz")).read_bytes())
    assert shutter.created == shutter.contact_ids
    library.read_capture(shutter.capture_id)
    by_hand = library.create_contact(full_name="Dee Eve", event="Expo")
    for contact_id in [*batch.contact_ids, *shutter.contact_ids, by_hand.id]:
        [follow_up] = library.get_contact(contact_id).follow_ups
        assert (follow_up.due, follow_up.done, follow_up.kind) == (TOMORROW, False, "follow-up")
    expo = library.get_event("Expo")
    assert library.get_contact(by_hand.id).follow_ups[0].event_id == expo.id
    again = _scan(library, tmp_path, ANNA)  # the same file again: nothing new, no second follow-up
    assert again.new_contact_ids == [] and len(library.get_contact(batch.contact_ids[0]).follow_ups) == 1


@pytest.mark.parametrize("text, days, due", [("same-day", 0, TODAY), ("next day", 1, TOMORROW),
                                             ("in 3 days", 3, TODAY + timedelta(days=3)), ("none", None, None)])
def test_the_default_rule_is_a_setting(library, tmp_path, text, days, due):
    assert library.follow_up_rule() == FollowUpRule(1)
    library.set_follow_up_rule(text)
    assert library.follow_up_rule().days == days
    [anna] = _scan(library, tmp_path, ANNA).contact_ids
    assert [f.due for f in library.get_contact(anna).follow_ups] == ([due] if due else [])
    assert library.memory_notes(anna).follow_up == due


def test_unknown_rule_is_refused(library):
    with pytest.raises(InvalidInputError, match="someday"):
        library.set_follow_up_rule("someday")


# -- sections, outcomes, snooze, reschedule -------------------------------------------------
def test_sections_outcomes_snooze_and_sequence(library, tmp_path):
    today = date(2026, 6, 10)
    anna, bo, cy, dee = (library.create_contact(full_name=n, company="Acme").id
                         for n in ("Anna", "Bo", "Cy", "Dee"))
    library.save_note(anna, need="a printer for the new office\nand more", can_help="my supplier")
    for contact_id, due in ((anna, today - timedelta(days=2)), (bo, today), (cy, today + timedelta(days=4))):
        [f] = library.get_contact(contact_id).follow_ups
        library.reschedule_follow_up(f.id, due)
    [dee_f] = library.get_contact(dee).follow_ups
    library.complete_follow_up(dee_f.id, "Meeting booked", note="Thursday 10:00")
    sections = library.follow_up_sections(today)
    assert {k: [r.name for r in v] for k, v in sections.items()} == {
        "overdue": ["Anna"], "today": ["Bo"], "upcoming": ["Cy"], "done": ["Dee"]}
    [late] = sections["overdue"]
    assert (late.title, late.need, late.can_help) == ("Follow up: Anna (Acme)", "a printer for the new office",
                                                      "my supplier")
    assert (sections["done"][0].outcome_kind, sections["done"][0].outcome_label,
            sections["done"][0].outcome) == ("meeting", "Meeting booked", "Thursday 10:00")
    assert [r.name for r in library.follow_up_rows("overdue", today)] == ["Anna"]

    before = late.sequence
    snoozed = library.snooze_follow_up(late.id, 1, today=today)  # overdue: counts from today
    assert snoozed.due == today + timedelta(days=1) and snoozed.sequence == before + 1
    week = library.snooze_follow_up(late.id, 7, today=today)
    assert week.due == today + timedelta(days=8) and week.sequence == before + 2
    done = library.complete_follow_up(late.id, "replied")
    assert done.done and done.outcome_kind == "replied" and done.sequence == before + 3
    assert library.complete_follow_up(late.id, "replied").sequence == before + 3  # no change, no new sequence
    free = library.complete_follow_up(library.get_contact(bo).follow_ups[0].id, "coffee on Friday")
    assert (free.outcome_kind, free.outcome) == ("other", "coffee on Friday")
    reopened = library.reopen_follow_up(free.id)
    assert not reopened.done and reopened.outcome_kind == ""
    with pytest.raises(InvalidInputError):
        library.snooze_follow_up(late.id, 0)
    assert set(OUTCOMES) == {"replied", "meeting", "introduced-them", "introduced-me", "no-answer", "other"}


def test_introductions_are_follow_up_items_asked_promised_done(library):
    anna = library.create_contact(full_name="Anna Schmidt", company="Acme").id
    mine = library.add_introduction(anna, "her banker", "for me")
    theirs = library.add_introduction(anna, "my printer", "by me", status="promised")
    assert (mine.kind, mine.intro_status, mine.summary) == ("intro for me", "asked", "her banker")
    assert library.set_introduction_status(mine.id, "promised").intro_status == "promised"
    done = library.set_introduction_status(theirs.id, "done")
    assert done.done and done.intro_status == "done" and done.outcome_kind == "introduced-them"
    rows = {r.id: r for r in library.follow_up_rows("all")}
    assert rows[mine.id].title == "Introduction: Anna Schmidt (Acme) could introduce me to her banker"
    # the memory prompt moves the plain follow-up, never an introduction
    library.save_memory_notes(anna, follow_up=date(2031, 1, 1))
    plain = [f for f in library.get_contact(anna).follow_ups if f.kind == "follow-up"]
    assert [f.due for f in plain] == [date(2031, 1, 1)]
    with pytest.raises(InvalidInputError):
        library.set_introduction_status(plain[0].id, "done")
    with pytest.raises(InvalidInputError):
        library.add_introduction(anna, "", "for me")



# -- the rules each have one owner (netcapture.followups, store.models.contacts_met_at) -------
@pytest.mark.parametrize("typed, expected", [("", ("", "")), ("  ", ("", "")), (None, ("", "")),
                                             ("meeting", ("meeting", "")), ("Meeting booked", ("meeting", "")),
                                             ("  we had lunch ", ("other", "we had lunch"))])
def test_outcome_of_what_the_user_typed(typed, expected):
    assert outcome_of(typed) == expected


def test_a_done_introduction_gets_the_outcome_of_its_direction():
    assert intro_outcome("intro by me") == "introduced-them"
    assert intro_outcome("intro for me") == "introduced-me"
    assert {intro_outcome(k) for k in ("intro by me", "intro for me")} <= set(OUTCOMES)


@pytest.mark.parametrize("rule, due", [("same-day", TODAY), ("in 3 days", TODAY + timedelta(days=3)),
                                       ("none", TOMORROW)])  # asked for by hand: always a date
def test_a_follow_up_added_by_hand_is_due_by_the_rule_or_the_next_day(library, rule, due):
    library.set_follow_up_rule(rule)
    anna = library.create_contact(full_name="Anna Schmidt").id
    assert library.add_follow_up(anna).due == due
    assert library.add_introduction(anna, "her banker").due == due
    with library.db.session(write=False) as session:
        assert new_item_due(session, TODAY) == due


def test_contacts_met_at_an_event_filter_contacts_and_follow_ups_alike(library):
    anna = library.create_contact(full_name="Anna Schmidt", event=library.create_event("Expo")).id
    bo = library.create_contact(full_name="Bo Chen", event=library.create_event("Fair")).id
    with library.db.session(write=False) as session:
        expo = library.get_event("Expo").id
        assert list(session.scalars(contacts_met_at(expo))) == [anna]
    assert [c.id for c in library.list_contacts(event="Expo")] == [anna]
    assert [r.contact_id for r in library.follow_up_rows("all", event="Fair")] == [bo]

# -- the mail draft --------------------------------------------------------------------------
def test_follow_up_draft_is_a_mailto_built_from_the_notes(library):
    expo = library.create_event("Expo 2026")
    anna = library.create_contact(full_name="Anna Schmidt", company="Acme", emails=["anna@acme.example"],
                                  event=expo.id).id
    library.save_memory_notes(anna, expo.id, {"need": "a printer for Berlin", "can_help": "I know a good one"})
    [f] = library.get_contact(anna).follow_ups
    draft = library.follow_up_draft(f.id)
    assert draft.to == "anna@acme.example" and draft.subject == "Good to meet you at Expo 2026"
    assert draft.body.startswith("Hi Anna,\n")
    assert "you need a printer for Berlin" in draft.body and "I know a good one" in draft.body
    assert "{" not in draft.body and "thoughts on" not in draft.body  # unanswered questions leave no line
    parts = urlsplit(draft.url)
    assert parts.scheme == "mailto" and unquote(parts.path) == "anna@acme.example"
    query = parse_qs(parts.query)
    assert query["subject"] == [draft.subject] and query["body"][0] == draft.body.replace("\n", "\r\n")
    for pitch in ("buy", "offer", "discount", "our product"):  # serve, don't sell
        assert pitch not in DEFAULT_TEMPLATE.lower()

    library.set_mail_template("Subject: Hello {first_name}\nThanks for {need}.\nAsk: {can_ask}\n")
    mine = library.follow_up_draft(f.id)
    assert (mine.subject, mine.body) == ("Hello Anna", "Thanks for a printer for Berlin.\n")
    with pytest.raises(InvalidInputError, match="pitch"):
        library.set_mail_template("Hi {first_name}, see my {pitch}")
    library.set_mail_template(None)
    assert library.mail_template() == DEFAULT_TEMPLATE


# -- the Trash -----------------------------------------------------------------------------------
def test_trash_hides_a_contact_everywhere_until_restored(library, tmp_path):
    anna, bo = _scan(library, tmp_path, ANNA, BO).contact_ids
    library.save_note(bo, need="x")
    library.delete_contact(anna)
    assert [c.id for c in library.list_contacts()] == [bo] and library.count_contacts() == 1
    assert library.count_contacts(search="schmidt") == 0 and library.count_contacts(search="sch") == 0
    assert library.count_contacts(search="example") == 1  # the trigram count, less the trashed match
    assert library.contacts_missing_notes() == []
    assert [r.contact_id for r in library.follow_up_rows("all")] == [bo]
    import io

    out = io.StringIO()
    assert library.export("vcard3", out) == 1 and "Schmidt" not in out.getvalue()
    assert library.export("ics", io.StringIO()) == 1
    assert [(t.kind, t.id) for t in library.trash()] == [("contact", anna)]
    assert library.get_contact(anna).deleted_at is not None  # still there, with everything

    library.restore_contact(anna)
    assert library.count_contacts(search="schmidt") == 1 and library.trash() == []
    library.delete_contact(anna)
    assert library.empty_trash() == (1, 0)
    assert library.trash() == [] and library.count_contacts() == 1


def test_duplicates_leave_trashed_contacts_out(library, tmp_path):
    first = _scan(library, tmp_path, ANNA).contact_ids[0]
    (tmp_path / "again").mkdir()
    second = _scan(library, tmp_path / "again", card("Anna Schmidt", "ACME GmbH", emails=["anna@acme.example"],
                                                     title="Chief")).contact_ids[0]
    assert [d.pair for d in library.duplicates()] == [(first, second)]
    library.delete_contact(second)
    assert library.duplicates() == [] and library.duplicates(first) == []


def test_events_go_to_the_trash_and_come_back(library, tmp_path):
    [anna] = _scan(library, tmp_path, ANNA, event="Breakfast").contact_ids
    library.set_current_event("Breakfast")
    library.delete_event("Breakfast")
    assert library.list_events() == [] and library.current_event() is None
    with pytest.raises(EventNotFoundError):
        library.list_contacts(event="Breakfast")
    with pytest.raises(InvalidInputError, match="Trash"):
        library.create_event("Breakfast")
    assert [e.name for e in library.get_contact(anna).events] == ["Breakfast"]  # contacts keep it
    library.restore_event("Breakfast")
    assert [s.event.name for s in library.list_events()] == ["Breakfast"]
    library.delete_event("Breakfast")
    assert library.empty_trash() == (0, 1)
    assert library.get_contact(anna).events == []


# -- the stored review queue ----------------------------------------------------------------
class LowConfidenceCompany(CountingReader):
    def __call__(self, path):
        readings = super().__call__(path)
        for reading in readings:
            if reading.company and reading.company.value == "Initech":
                reading.company.confidence = LOW_CONFIDENCE - 0.2
        return readings


def test_review_queue_is_stored_and_survives_a_restart(config, tmp_path):
    with Library.open(config, reader=LowConfidenceCompany()) as library:
        anna, bo = _scan(library, tmp_path, ANNA, BO).contact_ids
        assert library.review_queue() == [bo]
    with Library.open(config, reader=LowConfidenceCompany()) as library:  # a restart
        assert library.review_queue() == [bo]
        assert library.review_item(bo).low_confidence == ["company"]
        library.apply_review(bo, {"company": "Initech"})  # looked at, unchanged: confirmed
        assert library.review_queue() == []


def test_a_card_that_cannot_be_read_waits_in_the_review_queue(library, tmp_path):
    bad = tmp_path / "blurred.jpg"
    bad.write_bytes(b"\xff\xd8 not an image")
    shot = library.capture_card(bad.read_bytes(), filename="blurred.jpg")
    assert not library.read_capture(shot.capture_id).ok
    assert library.review_queue() == shot.contact_ids
    library.confirm_review(shot.contact_ids[0])
    assert library.review_queue() == []


# -- editing every field ----------------------------------------------------------------------
def test_every_field_can_be_edited(library):
    c = library.create_contact(full_name="Ann Lee")
    edited = library.update_contact(c.id, full_name="Dr. Ann B. Lee", title="CFO", department="Finance",
                                    company="Globex", address="1 Main St", emails=["ann@globex.example"],
                                    phones=[("+1 312 555 0101", "mobile")], websites=["globex.example"],
                                    social=["@annlee"], relationship="prospect", starred=True)
    assert (edited.prefix, edited.given_name, edited.middle_name, edited.family_name) == ("Dr.", "Ann", "B.", "Lee")
    assert (edited.title, edited.department, edited.company, edited.address) == ("CFO", "Finance", "Globex",
                                                                                  "1 Main St")
    assert [(p.number, p.kind, p.e164) for p in edited.phones] == [("+1 312 555 0101", "mobile", "+13125550101")]
    assert edited.relationship == "prospect" and edited.starred and edited.social == ["@annlee"]


def test_undo_an_edit_and_a_delete(library):
    c = library.create_contact(full_name="Ann Lee", company="Globex", phones=[("+1 312 555 0101 x204", "work")])
    before = library.contact_snapshot(c.id)
    library.update_contact(c.id, full_name="Dr. Ann B. Lee", company="Hooli", phones=[("030 1", "mobile")],
                           relationship="prospect", starred=True)
    undone = library.restore_snapshot(before)
    assert (undone.full_name, undone.prefix, undone.middle_name, undone.company) == ("Ann Lee", "", "", "Globex")
    assert [(p.number, p.kind, p.extension) for p in undone.phones] == [("+1 312 555 0101", "work", "204")]
    assert (undone.relationship, undone.starred) == ("other", False)
    assert sorted(undone.corrected_fields) == sorted(before.corrected)  # the corrections as they were
    assert library.count_contacts(search="hooli") == 0 and library.count_contacts(search="globex") == 1
    library.delete_contact(c.id)
    library.restore_contact(c.id)  # undoing a delete
    assert library.count_contacts() == 1
