"""The contact store: opening databases, file permissions, events, contacts, notes, follow-ups, search."""
from __future__ import annotations

import dataclasses
import os
import sqlite3
import stat
import threading
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from netcapture.config import Config
from netcapture.errors import (
    ContactNotFoundError,
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseTooNewError,
    EventNotFoundError,
    ForeignDatabaseError,
    InvalidInputError,
)
from netcapture.services import Library, default_follow_up_date
from netcapture.store.db import Database, head_revision
from netcapture.store.listing import ContactSummary
from netcapture.store.models import Contact, Event


def test_config_precedence(tmp_path):
    env = {"NETCAPTURE_DATA_DIR": str(tmp_path / "env"), "NETCAPTURE_DATABASE_URL": "sqlite:///x.db"}
    assert Config.load(env=env).data_dir == (tmp_path / "env").resolve()
    assert Config.load(env=env).database_url == "sqlite:///x.db"
    explicit = Config.load(data_dir=tmp_path / "flag", database_url="postgresql://h/db", env=env)
    assert explicit.data_dir == (tmp_path / "flag").resolve()
    assert explicit.database_url == "postgresql://h/db"
    default = Config.load(data_dir=tmp_path / "d", env={})
    assert default.database_url == f"sqlite:///{(tmp_path / 'd').resolve()}/netcapture.sqlite3"


def test_new_database_is_private_migrated_and_in_wal_mode(empty_config):
    config = empty_config
    library = Library.open(config)
    db_file = config.data_dir / "netcapture.sqlite3"
    assert stat.S_IMODE(os.stat(config.data_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(db_file).st_mode) == 0o600
    assert library.db.current_revision() == head_revision()
    with library.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    library.close()


def test_corrupt_database_is_refused_and_left_untouched(empty_config):
    config = empty_config
    config.ensure_data_dir()
    path = config.data_dir / "netcapture.sqlite3"
    garbage = b"this is not a database, it is a shopping list\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(DatabaseCorruptError, match="left untouched"):
        Database.open(config)
    assert path.read_bytes() == garbage


def test_database_from_newer_version_is_refused_untouched(library, config):
    library.create_event("Expo")
    with library.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    library.close()
    before = (config.data_dir / "netcapture.sqlite3").read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version"):
        Database.open(config)
    assert (config.data_dir / "netcapture.sqlite3").read_bytes() == before


def test_foreign_database_is_refused(empty_config):
    config = empty_config
    config.ensure_data_dir()
    with sqlite3.connect(config.data_dir / "netcapture.sqlite3") as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(ForeignDatabaseError):
        Database.open(config)


def test_locked_database_waits_then_says_so(library, config):
    blocker = sqlite3.connect(config.data_dir / "netcapture.sqlite3", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseLockedError, match="locked"):
            library.create_event("Blocked")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert time.monotonic() - started >= 0.9  # waited for the 1 s lock timeout first
    assert library.create_event("Free again").name == "Free again"


def test_writer_waits_for_a_short_lock(library, config):
    blocker = sqlite3.connect(config.data_dir / "netcapture.sqlite3", isolation_level=None,
                              check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: blocker.execute("ROLLBACK")).start()
    event = library.create_event("After the wait")
    blocker.close()
    assert event.id


def test_failed_transaction_leaves_no_half_rows(library):
    event = library.create_event("Expo")
    contact = library.create_contact(event=event.id, full_name="Ann Lee", emails=["ann@example.com"])

    def fail_midway(session):
        from netcapture.store.models import Contact, Note

        found = session.get(Contact, contact.id)
        session.add(Note(contact=found, text="half"))
        found.company = "Half Written Ltd"
        session.flush()
        raise OSError(28, "No space left on device")

    from netcapture.errors import DiskFullError

    with pytest.raises(DiskFullError):
        library.db.run(fail_midway)
    again = library.get_contact(contact.id)
    assert again.company == "" and again.notes == []


def test_events_crud_and_current_event(library):
    expo = library.create_event("Expo 2026", date=date(2026, 3, 4), venue="Hall 3", goal="meet 5-8 quality people")
    library.create_event("Breakfast club")
    with pytest.raises(InvalidInputError):
        library.create_event("Expo 2026")
    with pytest.raises(InvalidInputError):
        library.create_event("   ")
    library.update_event(expo.id, venue="Hall 4")
    assert library.get_event("Expo 2026").venue == "Hall 4"
    assert library.current_event() is None
    library.set_current_event("Expo 2026")
    assert library.current_event().id == expo.id
    names = [s.event.name for s in library.list_events()]
    assert names[0] == "Expo 2026" and set(names) == {"Expo 2026", "Breakfast club"}
    library.delete_event("Breakfast club")
    with pytest.raises(EventNotFoundError):
        library.get_event("Breakfast club")


def test_contact_fields_name_split_phones_and_corrections(library):
    c = library.create_contact(full_name="Dr. Anna Maria Schmidt PhD", company="ACME GmbH",
                               emails=["Anna@Acme.de", "anna@acme.de"], phones=[("+49 30 1234567", "work")],
                               relationship="referral partner")
    assert (c.prefix, c.given_name, c.middle_name, c.family_name, c.suffix) == ("Dr.", "Anna", "Maria", "Schmidt", "PhD")
    assert [e.address for e in c.emails] == ["Anna@Acme.de"]  # same address, different case: once
    assert [(p.e164, p.kind) for p in c.phones] == [("+49301234567", "work")]
    assert c.relationship == "referral partner"
    assert "full_name" in c.corrected_fields
    with pytest.raises(InvalidInputError):
        library.update_contact(c.id, relationship="enemy")
    with pytest.raises(InvalidInputError):
        library.update_contact(c.id, shoe_size="42")
    with pytest.raises(ContactNotFoundError):
        library.get_contact(99999)


def test_notes_upsert_and_missing_notes_filter(library):
    a = library.create_contact(full_name="Ann Lee")
    b = library.create_contact(full_name="Bo Chen")
    note = library.save_note(a.id, need="a printer", can_help="intro to Kim")
    library.save_note(a.id, note_id=note.id, can_ask="feedback on pricing")
    notes = library.get_contact(a.id).notes
    assert len(notes) == 1
    assert (notes[0].need, notes[0].can_help, notes[0].can_ask) == ("a printer", "intro to Kim", "feedback on pricing")
    library.save_note(b.id, text="   ")  # an empty note is no note
    assert [c.id for c in library.list_contacts(missing_notes=True)] == [b.id]


def test_follow_ups_default_to_tomorrow_and_filters(library):
    today = date.today()
    a = library.create_contact(full_name="Ann Lee")
    b = library.create_contact(full_name="Bo Chen")
    c = library.create_contact(full_name="Cy Diaz")
    fa = library.add_follow_up(a.id)
    assert fa.due == default_follow_up_date() == today + timedelta(days=1)
    library.add_follow_up(b.id, due=today)
    fc = library.add_follow_up(c.id, due=today - timedelta(days=3))
    assert [x.id for x in library.list_contacts(follow_up="today")] == [b.id]
    assert [x.id for x in library.list_contacts(follow_up="overdue")] == [c.id]
    assert {x.id for x in library.list_contacts(follow_up="due")} == {b.id, c.id}
    done = library.complete_follow_up(fc.id, outcome="coffee on Friday")
    assert done.done and done.done_at and done.outcome == "coffee on Friday"
    assert library.list_contacts(follow_up="overdue") == []
    with pytest.raises(InvalidInputError):
        library.list_contacts(follow_up="someday")


@pytest.mark.parametrize("fragment", ["schm", "SCHMIDT", "acme", "anna@", "müller", "muller", "1234567",
                                      "+49 30 1234567", "an", "anna acme"])
def test_search_finds_any_fragment(library, fragment):
    target = library.create_contact(full_name="Anna Schmidt", company="ACME Müller GmbH",
                                    emails=["anna@acme.de"], phones=[("030 1234567", "+49301234567", "work")])
    library.create_contact(full_name="Bo Chen", company="Initech", emails=["bo@initech.com"])
    found = [c.id for c in library.list_contacts(search=fragment)]
    assert found == [target.id]


def test_search_follows_edits_and_deletes(library):
    c = library.create_contact(full_name="Ann Lee", company="Globex")
    assert library.count_contacts(search="globex") == 1
    library.update_contact(c.id, company="Umbrella")
    assert library.count_contacts(search="globex") == 0
    assert library.count_contacts(search="umbrel") == 1
    library.delete_contact(c.id)
    assert library.count_contacts(search="umbrel") == 0


def test_search_text_with_quotes_and_wildcards(library):
    library.create_contact(full_name='Ann "The Boss" Lee', company="100% Pure_Co")
    assert library.count_contacts(search='"the boss"') == 1
    assert library.count_contacts(search="100%") == 1
    assert library.count_contacts(search="_co") == 1
    assert library.count_contacts(search="%") == 1
    assert library.count_contacts(search="zz%zz") == 0


def test_library_open_uses_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NETCAPTURE_DATA_DIR", str(tmp_path / "stick"))
    monkeypatch.delenv("NETCAPTURE_DATABASE_URL", raising=False)
    with Library.open() as lib:
        lib.create_event("On the stick")
    assert (tmp_path / "stick" / "netcapture.sqlite3").exists()


def test_exported_records_match_the_contacts_as_loaded(library, tmp_path):
    """The export reads plain columns for speed; it must give what the ORM objects give."""
    from netcapture.exchange import iter_contact_records
    from tests.orm_records import contact_to_record
    from tests.store_fakes import card, write_card_file

    expo = library.create_event("Expo", date=date(2026, 3, 4))
    meetup = library.create_event("Meetup", date=date(2026, 1, 2))
    scanned = library.scan([write_card_file(tmp_path / "a.json", card(
        "Dr. Anna Schmidt", "Acme", "CTO", emails=["anna@acme.example", "a@x.example"],
        phones=[("030 1234567", "+49301234567", "work"), ("0171 555", None, "mobile")],
        websites=["acme.example"], address="Main St 1\n10115 Berlin"))], event=expo.id)
    anna = scanned.contact_ids[0]
    library.add_contact_to_event(anna, meetup.id)
    library.save_note(anna, need="a printer", text="likes bikes")
    library.save_note(anna, introductions="her banker")
    nameless = library.create_contact(emails=["who@nowhere.example"], event=expo.id)
    library.create_contact(company="Only A Company", social=["@onlyco"])

    for include_photo, event in ((True, None), (False, expo.id)):
        records = list(iter_contact_records(library.db, event, include_photo, library.config.cards_dir,
                                            batch_size=2))
        contacts = [library.get_contact(contact_id)
                    for contact_id in sorted(c.id for c in library.list_contacts(event=event))]
        expected = [contact_to_record(c, _front_photo(library, c) if include_photo else None) for c in contacts]
        assert records == expected
        assert any(r.photo for r in records) == include_photo
    assert [r.categories for r in records if r.emails[:1] == ["anna@acme.example"]] == [["Meetup", "Expo"]]
    # a chosen selection, read across several small batches, gives the same records for those contacts
    everyone = sorted(c.id for c in library.list_contacts())
    chosen = [everyone[-1], everyone[0], everyone[-1]]
    selected = list(iter_contact_records(library.db, None, True, library.config.cards_dir, batch_size=1,
                                         contact_ids=chosen))
    expected = [contact_to_record(library.get_contact(i), _front_photo(library, library.get_contact(i)))
                for i in sorted(set(chosen))]
    assert selected == expected
    assert nameless.id in {c.id for c in library.list_contacts(search="who@nowhere")}
    assert "who@nowhere.example" in [r.display_name for r in records]  # FN; no person's name is invented


def _front_photo(library, contact):
    from tests.orm_records import card_photo

    photo = card_photo(contact, library.config.cards_dir)
    assert photo is not None or not contact.card_sides
    return photo


def _address_book() -> list:
    from netcapture.exports.records import ContactRecord, PhoneRecord

    return [
        ContactRecord(uid="urn:uuid:bulk-1", full_name="Dr. Zoë Müller PhD", company=" Acme Räder ", title="CEO",
                      emails=["zoe@acme.example", "ZOE@acme.example", "z@x.example"],
                      phones=[PhoneRecord("030 1234567", None, "work"), PhoneRecord("+49 30 1234567", None, "mobile"),
                              PhoneRecord("0171 5550000", "+491715550000", "mobile")],
                      websites=["acme.example", "acme.example"], address=" Main St 1\n10115 Berlin ",
                      note="Needs: a printer", categories=["Expo", " Meetup ", ""]),
        ContactRecord(uid="urn:uuid:bulk-2", given="Bo", family="Chen", emails=["bo@initech.example"],
                      categories=["Expo"]),
        ContactRecord(uid="urn:uuid:bulk-3", emails=["who@nowhere.example"]),
    ]


def test_bulk_added_contacts_equal_imported_ones(library, tmp_path):
    """add_contacts writes with multi-row INSERTs; the contacts must be what an import makes."""
    from netcapture.exchange import iter_contact_records, record_to_contact

    ids = library.add_contacts(_address_book(), event=library.create_event("Fair").id)
    other = Library.open(Config.load(data_dir=tmp_path / "other", env={}))
    with other:
        with other.db.session() as session:
            fair = Event(name="Fair")
            session.add(fair)
            session.flush()
            for record in _address_book():
                record_to_contact(session, record, None, other.config.region).events.insert(0, fair)

        def exported(lib):
            return [dataclasses.replace(r, rev=None) for r in iter_contact_records(lib.db)]

        assert exported(library) == exported(other)
        with library.db.session() as a, other.db.session() as b:
            assert a.scalars(select(Contact.search_text).order_by(Contact.id)).all() == \
                b.scalars(select(Contact.search_text).order_by(Contact.id)).all()
    zoe = library.get_contact(ids[0])
    assert (zoe.given_name, zoe.family_name, zoe.company) == ("Zoë", "Müller", "Acme Räder")
    # no default region here: the national number stays without E.164, the two others are one each
    assert [(p.e164, p.kind) for p in zoe.phones] == [
        (None, "work"), ("+49301234567", "mobile"), ("+491715550000", "mobile")]
    assert [e.name for e in zoe.events] == ["Fair", "Expo", "Meetup"]
    assert [c.id for c in library.list_contacts(search="rader")] == [ids[0]]
    assert [c.id for c in library.list_contacts(search="ex")] == ids[::-1]  # newest first
    assert library.count_contacts(event="Expo") == 2


def test_bulk_add_is_all_or_nothing(library):
    from netcapture.exports.records import ContactRecord

    library.add_contacts(_address_book()[:1])
    with pytest.raises(InvalidInputError, match="urn:uuid:bulk-1"):
        library.add_contacts([ContactRecord(uid="urn:uuid:new", full_name="New Person"), *_address_book()])
    assert library.count_contacts() == 1 and library.count_contacts(search="new person") == 0
    with pytest.raises(InvalidInputError, match="same UID"):
        library.add_contacts([ContactRecord(uid="urn:uuid:x"), ContactRecord(uid="urn:uuid:x")])
    assert library.count_contacts() == 1


def test_contact_summaries_are_the_listed_contacts_in_brief(library):
    expo = library.create_event("Expo", date=date(2026, 3, 4))
    anna = library.create_contact(full_name="Anna Schmidt", company="Acme", title="CTO", event=expo.id,
                                  emails=["anna@acme.example", "a2@acme.example"],
                                  phones=[("030 1234567", "+49301234567", "work"), ("0171 5550000", "mobile")])
    library.add_contact_to_event(anna.id, library.create_event("Meetup", date=date(2026, 1, 2)).id)
    library.save_note(anna.id, need="a printer")
    library.save_note(anna.id)  # an empty note is no note
    library.add_follow_up(anna.id, due=date(2030, 5, 6))
    library.add_follow_up(anna.id, due=date(2030, 1, 2))
    done = library.add_follow_up(anna.id, due=date(2029, 1, 1))
    library.complete_follow_up(done.id)
    nameless = library.create_contact(emails=["who@nowhere.example"], relationship="peer")
    empty_note = library.create_contact(company="Only Co")
    library.save_note(empty_note.id, text="   ")

    rows = library.contact_summaries()
    assert [r.id for r in rows] == [c.id for c in library.list_contacts()] == [empty_note.id, nameless.id, anna.id]
    by_id = {r.id: r for r in rows}
    assert by_id[anna.id] == ContactSummary(
        id=anna.id, name="Anna Schmidt", company="Acme", title="CTO", email="anna@acme.example",
        phone="030 1234567", events=["Meetup", "Expo"], has_notes=True,
        next_follow_up=default_follow_up_date(),  # the one every new contact gets
        relationship="other")
    assert (by_id[nameless.id].name, by_id[nameless.id].relationship) == ("who@nowhere.example", "peer")
    assert (by_id[empty_note.id].name, by_id[empty_note.id].has_notes) == ("Only Co", False)
    assert [r.id for r in library.contact_summaries(limit=1, offset=1)] == [nameless.id]
    assert [r.id for r in library.contact_summaries(search="acme", missing_notes=False)] == [anna.id]
    assert [r.id for r in library.contact_summaries(missing_notes=True)] == [empty_note.id, nameless.id]
    assert library.contact_summaries(search="zz-none") == []


@pytest.mark.parametrize("rare", [0, 10_000])
def test_search_finds_the_same_by_trigram_index_or_by_scan(library, monkeypatch, rare):
    """A fragment is looked up by the trigram index when rare, by LIKE when common: same answers."""
    from netcapture.store import search

    monkeypatch.setattr(search, "RARE", rare)
    monkeypatch.setattr(search, "COUNT_BY_INDEX", rare)
    people = [library.create_contact(full_name=f"Anna Schmidt {n}", company="Acme" if n % 2 else "Initech",
                                     emails=[f"anna{n}@example.org"]) for n in range(6)]
    newest_first = [c.id for c in reversed(people)]
    assert [c.id for c in library.list_contacts(search="schmidt")] == newest_first
    assert [c.id for c in library.list_contacts(search="anna acme")] == [i for i in newest_first if i % 2 == 0]
    assert [c.id for c in library.list_contacts(search="schmidt 3", limit=1)] == [people[3].id]
    assert library.count_contacts(search="initech schm") == 3
    assert library.count_contacts(search="100%") == 0 and library.count_contacts(search="xyz") == 0
    for fragment in ("schmidt", "anna acme", "a", "example.org 5", "n 3", "initech"):  # index count = rows
        assert library.count_contacts(search=fragment) == len(library.list_contacts(search=fragment)), fragment


def test_display_names_and_light_card_sides_in_lists(library, tmp_path):
    from sqlalchemy.orm.exc import DetachedInstanceError

    from tests.store_fakes import card, write_card_file

    scanned = library.scan([write_card_file(tmp_path / "a.json", card("Anna Schmidt", "Acme"))])
    anna = scanned.contact_ids[0]
    nameless = library.create_contact(emails=["who@nowhere.example"])
    assert library.display_names([anna, nameless.id, 999]) == {anna: "Anna Schmidt",
                                                               nameless.id: "who@nowhere.example"}
    assert library.display_names([]) == {}
    [listed] = library.list_contacts(search="schmidt")
    assert listed.card_sides[0].image_name == library.get_contact(anna).card_sides[0].image_name
    with pytest.raises(DetachedInstanceError):  # the reading (every word box) is left out of lists
        listed.card_sides[0].reading  # noqa: B018
    assert library.get_contact(anna).card_sides[0].reading["words"]
