"""Alembic migrations: models and migrations agree, and upgrading an older database loses nothing."""
from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from netcapture.services import Library
from netcapture.store.db import Database, head_revision
from netcapture.store.models import Base
from netcapture.store.search import FTS_TABLE, NEWEST_FIRST_INDEX


def test_models_match_the_migrated_schema(library):
    with library.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    # Only the FTS5 index tables (made by raw SQL in 0002) and the per-dialect newest-first
    # index (0003) are unknown to the models.
    assert {d[1].name for d in diff if d[0] == "remove_table"} <= {
        FTS_TABLE, f"{FTS_TABLE}_data", f"{FTS_TABLE}_idx", f"{FTS_TABLE}_docsize", f"{FTS_TABLE}_config"}
    assert [d[1].name for d in diff if d[0] == "remove_index"] == [NEWEST_FIRST_INDEX]
    assert [d for d in diff if d[0] not in ("remove_table", "remove_index")] == []


def test_upgrade_from_previous_revision_keeps_every_row(empty_config):
    db = Database.open(empty_config, target_revision="0001")
    assert db.current_revision() == "0001"
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO events (id, name, venue, goal, notes, created_at) "
                          "VALUES (1, 'Expo 2025', 'Hall 1', 'meet 5 people', '', '2025-05-01 18:00:00')"))
        conn.execute(text(
            "INSERT INTO contacts (id, uid, full_name, prefix, given_name, middle_name, family_name, suffix, title,"
            " department, company, address, websites, social, relationship, corrected_fields, created_at, updated_at)"
            " VALUES (1, 'urn:uuid:old-1', 'Zoë Müller', '', 'Zoë', '', 'Müller', '', 'CEO', '', 'Acme Räder', NULL,"
            " '[\"acme.example\"]', '[]', 'connector', '[\"company\"]', '2025-05-01 18:05:00', '2025-05-01 18:05:00')"))
        conn.execute(text("INSERT INTO contact_emails (contact_id, address, normalized, position)"
                          " VALUES (1, 'zoe@acme.example', 'zoe@acme.example', 0)"))
        conn.execute(text("INSERT INTO contact_phones (contact_id, number, e164, kind, position)"
                          " VALUES (1, '030 555 1234', '+49305551234', 'work', 0)"))
        conn.execute(text("INSERT INTO contact_events (contact_id, event_id, met_at) VALUES (1, 1, '2025-05-01 18:05:00')"))
        conn.execute(text("INSERT INTO notes (contact_id, event_id, need, can_help, can_ask, introductions, text,"
                          " created_at, updated_at) VALUES (1, 1, 'bikes', '', '', 'her banker', 'nice', "
                          "'2025-05-01 18:06:00', '2025-05-01 18:06:00')"))
        conn.execute(text("INSERT INTO follow_ups (uid, contact_id, due, summary, done, outcome, created_at)"
                          " VALUES ('urn:uuid:f1', 1, '2025-05-02', 'call', 0, '', '2025-05-01 18:07:00')"))
    db.close()

    with Library.open(empty_config) as library:  # opening upgrades to head
        assert library.db.current_revision() == head_revision()
        [contact] = library.list_contacts()
        assert (contact.uid, contact.full_name, contact.company, contact.relationship) == (
            "urn:uuid:old-1", "Zoë Müller", "Acme Räder", "connector")
        assert contact.corrected_fields == ["company"] and contact.websites == ["acme.example"]
        assert [e.address for e in contact.emails] == ["zoe@acme.example"]
        assert [(p.e164, p.kind) for p in contact.phones] == [("+49305551234", "work")]
        assert [e.name for e in contact.events] == ["Expo 2025"]
        assert [(n.need, n.introductions, n.text) for n in contact.notes] == [("bikes", "her banker", "nice")]
        assert [(f.summary, str(f.due)) for f in contact.follow_ups] == [("call", "2025-05-02")]
        # The new search index covers rows written before it existed.
        for fragment in ("zoe", "MULLER", "räder", "acme.example", "5551234"):
            assert library.count_contacts(search=fragment) == 1, fragment
    backup = empty_config.data_dir / "netcapture.sqlite3.before-0001"
    assert backup.exists()  # a copy of the database as it was before the upgrade


def test_upgrade_from_0002_adds_the_newest_first_index_and_keeps_rows(empty_config):
    db = Database.open(empty_config, target_revision="0002")
    with db.engine.begin() as conn:  # plain SQL: today's models know columns revision 0002 lacks
        for n in range(1, 4):
            conn.execute(text(
                "INSERT INTO contacts (id, uid, full_name, prefix, given_name, middle_name, family_name, suffix,"
                " title, department, company, address, websites, social, relationship, corrected_fields,"
                " search_text, created_at, updated_at) VALUES (:id, :uid, :name, '', 'Person', '', :n, '', '', '',"
                " 'Acme', NULL, '[]', '[]', 'other', '[]', :search, :at, :at)"),
                {"id": n, "uid": f"urn:uuid:p{n}", "name": f"Person {n}", "n": str(n),
                 "search": f"person {n} acme p{n}@acme.example", "at": f"2025-05-01 18:0{n}:00"})
    made = [type("Made", (), {"id": n}) for n in range(1, 4)]
    db.close()

    with Library.open(empty_config) as library:
        assert library.db.current_revision() == head_revision()
        with library.db.engine.connect() as conn:
            indexes = {ix["name"] for ix in inspect(conn).get_indexes("contacts")}
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE search_text LIKE '%a%' "
                                        "ORDER BY created_at DESC, id DESC LIMIT 5").all()
        assert NEWEST_FIRST_INDEX in indexes
        assert NEWEST_FIRST_INDEX in str(plan) and "TEMP B-TREE" not in str(plan)  # walked, not sorted
        assert [c.id for c in library.list_contacts(search="acme")] == [c.id for c in reversed(made)]


def test_upgrade_from_0003_keeps_follow_ups_and_adds_trash_review_and_follow_up_columns(empty_config):
    db = Database.open(empty_config, target_revision="0003")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO events (id, name, venue, goal, notes, created_at) "
                          "VALUES (1, 'Expo 2026', '', '', '', '2026-03-04 18:00:00')"))
        conn.execute(text(
            "INSERT INTO contacts (id, uid, full_name, prefix, given_name, middle_name, family_name, suffix, title,"
            " department, company, websites, social, relationship, corrected_fields, created_at, updated_at,"
            " search_text) VALUES (1, 'urn:uuid:c1', 'Ann Lee', '', 'Ann', '', 'Lee', '', '', '', 'Globex', '[]',"
            " '[]', 'prospect', '[]', '2026-03-04 18:05:00', '2026-03-04 18:05:00', 'ann lee | globex')"))
        conn.execute(text("INSERT INTO contact_events (contact_id, event_id, met_at) VALUES (1, 1, '2026-03-04 18:05:00')"))
        conn.execute(text("INSERT INTO follow_ups (uid, contact_id, due, summary, done, done_at, outcome, created_at)"
                          " VALUES ('urn:uuid:f1', 1, '2026-03-05', 'call her', 1, '2026-03-05 09:00:00',"
                          " 'coffee booked', '2026-03-04 18:07:00')"))
    db.close()

    with Library.open(empty_config) as library:
        assert library.db.current_revision() == head_revision()
        [contact] = library.list_contacts()
        assert contact.deleted_at is None and contact.review_pending is False
        [follow_up] = contact.follow_ups
        assert (follow_up.uid, follow_up.summary, follow_up.done, follow_up.outcome) == (
            "urn:uuid:f1", "call her", True, "coffee booked")
        assert (follow_up.kind, follow_up.sequence, follow_up.outcome_kind, follow_up.event_id) == (
            "follow-up", 0, "", None)
        assert [s.event.name for s in library.list_events()] == ["Expo 2026"]
        library.delete_contact(contact.id)  # the new columns work: to the Trash and back
        assert library.count_contacts() == 0
        library.restore_contact(contact.id)
        assert library.count_contacts(search="globex") == 1


def test_upgrade_from_0005_gives_events_a_plan_and_keeps_everything(empty_config):
    db = Database.open(empty_config, target_revision="0005_follow_through")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO events (id, name, date, venue, goal, notes, created_at) "
                          "VALUES (1, 'Expo 2026', '2026-03-04', 'Hall 1', 'meet 5-8 people', 'rainy', "
                          "'2026-03-01 18:00:00')"))
        conn.execute(text(
            "INSERT INTO contacts (id, uid, full_name, prefix, given_name, middle_name, family_name, suffix, title,"
            " department, company, websites, social, relationship, corrected_fields, created_at, updated_at,"
            " search_text, review_pending, starred) VALUES (1, 'urn:uuid:c1', 'Ann Lee', '', 'Ann', '', 'Lee', '',"
            " '', '', 'Globex', '[]', '[]', 'prospect', '[]', '2026-03-04 18:05:00', '2026-03-04 18:05:00',"
            " 'ann lee | globex', 0, 1)"))
        conn.execute(text("INSERT INTO contact_events (contact_id, event_id, met_at) VALUES (1, 1, '2026-03-04 18:05:00')"))
        conn.execute(text("INSERT INTO notes (contact_id, event_id, need, can_help, can_ask, introductions, text,"
                          " created_at, updated_at) VALUES (1, 1, 'a printer', '', '', '', '', "
                          "'2026-03-04 18:06:00', '2026-03-04 18:06:00')"))
        conn.execute(text("INSERT INTO follow_ups (uid, contact_id, due, summary, done, done_at, outcome, created_at,"
                          " kind, intro_status, outcome_kind, event_id, sequence) VALUES ('urn:uuid:f1', 1,"
                          " '2026-03-05', '', 1, '2026-03-05 09:00:00', '', '2026-03-04 18:07:00', 'follow-up', '',"
                          " 'meeting', 1, 1)"))
    db.close()

    with Library.open(empty_config) as library:
        assert library.db.current_revision() == head_revision()
        event = library.get_event("Expo 2026")
        assert (event.venue, event.goal, event.notes) == ("Hall 1", "meet 5-8 people", "rainy")
        assert (event.why, event.ask, event.target_min, event.target_max) == ("", "", 5, 8)
        assert library.event_review(event.id) is None
        results = library.event_results(event.id, today=date(2026, 3, 10))
        assert (results.contacts, results.conversations, results.starred) == (1, 1, 1)
        assert results.follow_ups["on_time"] == 1 and results.outcomes["meetings"] == 1
        library.save_event_review(event.id, {"quality": "yes"}, go_again="yes")
        assert library.event_review(event.id)["quality"]["answer"] == "yes"
