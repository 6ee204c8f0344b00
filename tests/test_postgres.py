"""PostgreSQL: the same store against a real server started here, and two writers at once."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netcapture.config import Config
from netcapture.errors import DatabaseUnavailableError
from netcapture.exports.records import ContactRecord
from netcapture.services import Library
from netcapture.store.db import head_revision
from tests.pg_server import free_port
from tests.store_fakes import card, fake_read, write_card_file

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parent.parent


def test_store_works_on_postgres(pg_url, tmp_path):
    config = Config.load(data_dir=tmp_path, database_url=pg_url, env={})
    with Library.open(config, reader=fake_read) as lib:
        assert lib.db.dialect == "postgresql" and lib.db.current_revision() == head_revision()
        first = lib.scan([write_card_file(tmp_path / "a.jpg", card("Zoë Müller", "Acme Räder",
                                                                   emails=["zoe@acme.example"]))], event="Expo")
        again = lib.scan([write_card_file(tmp_path / "b.jpg", card("Zoe Muller", "Acme Rader",
                                                                   emails=["ZOE@acme.example"]))], event="Meetup")
        assert [d.reason for d in again.duplicates] == ["same email zoe@acme.example"]
        for fragment in ("muller", "RÄDER", "zoe@", "acme zoe"):
            assert lib.count_contacts(search=fragment) == 2, fragment
        merged = lib.merge(first.contact_ids[0], again.contact_ids[0])
        assert sorted(e.name for e in merged.events) == ["Expo", "Meetup"]
        lib.add_follow_up(merged.id)
        assert lib.count_contacts(follow_up="due") == 0
        bulk = lib.add_contacts(ContactRecord(uid=f"urn:uuid:pg-{n}", full_name=f"Bulk Person {n}",
                                              emails=[f"bulk{n}@pg.example"], categories=["Expo"])
                                for n in range(3))
        assert [c.id for c in lib.list_contacts(search="bulk person")] == bulk[::-1]
        page = lib.contact_summaries(search="bulk", limit=2)
        assert [(s.id, s.name, s.email, s.events) for s in page] == [
            (bulk[2], "Bulk Person 2", "bulk2@pg.example", ["Expo"]),
            (bulk[1], "Bulk Person 1", "bulk1@pg.example", ["Expo"])]
        assert lib.count_contacts(event="Expo") == 4 and lib.count_contacts(search="u") == 4
    with Library.open(config) as lib:  # reopening does not migrate again
        assert lib.count_contacts() == 4


def test_two_processes_writing_at_once_lose_nothing(pg_url, tmp_path):
    count = 8
    Library.open(Config.load(data_dir=tmp_path / "setup", database_url=pg_url, env={})).close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-m", "tests.pg_server", "write", pg_url,
                                 str(tmp_path / tag), tag, str(count)], cwd=REPO, env=env,
                                stderr=subprocess.PIPE, text=True) for tag in ("laptopA", "laptopB")]
    for writer in writers:
        _out, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
    with Library.open(Config.load(data_dir=tmp_path / "check", database_url=pg_url, env={})) as lib:
        # each laptop's own cards, and each shared card once (whichever laptop read it first)
        assert lib.count_contacts(search="laptopA person") == count
        assert lib.count_contacts(search="laptopB person") == count
        assert lib.count_contacts(search="shared person") == count
        assert lib.count_contacts(event="Expo") == 3 * count
        assert [s.event.name for s in lib.list_events()] == ["Expo"]
        shared = lib.list_contacts(search="shared person")
        assert sum(len(c.notes) for c in shared) == 2 * count  # both laptops' notes kept


def test_unreachable_server_is_a_clear_error(tmp_path):
    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/nothing"
    with pytest.raises(DatabaseUnavailableError, match="Cannot connect"):
        Library.open(Config.load(data_dir=tmp_path, database_url=url, env={}))


def test_follow_through_trash_and_results_on_postgres(pg_url, tmp_path):
    from datetime import date, timedelta

    config = Config.load(data_dir=tmp_path, database_url=pg_url, env={})
    today = date.today()
    with Library.open(config, reader=fake_read) as lib:
        lib.create_event("Expo", date=today, target_min=1, target_max=2)
        ann, bo = lib.scan([write_card_file(tmp_path / "a.jpg", card("Ann Lee", "Globex"), card("Bo Chen", "Hooli"))],
                           event="Expo").contact_ids
        lib.save_memory_notes(ann, "Expo", {"need": "a printer"})
        [ann_f] = lib.get_contact(ann).follow_ups
        assert ann_f.due == today + timedelta(days=1)
        lib.complete_follow_up(ann_f.id, "meeting")
        lib.add_introduction(bo, "their CFO", "for me", status="done")
        assert [r.name for r in lib.follow_up_rows("all")] == ["Bo Chen"]
        assert lib.follow_up_rows("overdue", today + timedelta(days=3))[0].name == "Bo Chen"
        lib.save_event_review("Expo", {"quality": "yes"}, go_again="yes")
        r = lib.event_results("Expo")
        assert (r.contacts, r.conversations, r.goal_met, r.follow_ups["on_time"]) == (2, 1, True, 1)
        assert (r.outcomes["meetings"], r.outcomes["introductions_received"]) == (1, 1)
        assert lib.conversation_progress("Expo").count == 1
        lib.delete_contact(bo)
        assert lib.count_contacts() == 1 and lib.count_contacts(search="hooli") == 0
        assert lib.event_results("Expo").contacts == 1
        lib.restore_contact(bo)
        lib.delete_contact(bo)
        assert lib.empty_trash() == (1, 0) and lib.count_contacts() == 1
