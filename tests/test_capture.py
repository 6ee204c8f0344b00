"""The capture service: originals stored first, readings filed, batches resumed, duplicates proposed."""
from __future__ import annotations

import pytest

from netcapture.capture import NO_CARD_FOUND, find_card_files
from netcapture.services import Library
from netcapture.store.models import Capture
from tests.store_fakes import CountingReader, card, write_card_file

ANNA = card("Dr. Anna Schmidt", "ACME GmbH", title="CTO", emails=["anna@acme.de"],
            phones=[("030 1234567", "+49301234567", "work")], websites=["acme.de"])
BO = card("Bo Chen", "Initech", emails=["bo@initech.com"])


def originals(config):
    return sorted(p for p in config.originals_dir.rglob("*") if p.is_file())


def test_one_image_with_two_cards_gives_two_contacts(library, config, tmp_path):
    path = write_card_file(tmp_path / "table.jpg", ANNA, BO)
    result = library.add_image(path, event=library.create_event("Expo").id)
    assert result.status == "read" and len(result.contact_ids) == 2
    anna, bo = (library.get_contact(i) for i in result.contact_ids)
    assert (anna.given_name, anna.family_name, anna.prefix, anna.title) == ("Anna", "Schmidt", "Dr.", "CTO")
    assert [p.e164 for p in anna.phones] == ["+49301234567"] and anna.websites == ["acme.de"]
    assert [e.name for e in bo.events] == ["Expo"]
    side = anna.card_sides[0]
    assert side.side == "front" and side.text.startswith("Dr. Anna Schmidt")
    assert side.reading["words"][0]["conf"] == pytest.approx(0.9)  # numpy float stored as JSON
    assert (config.cards_dir / side.image_name).exists()
    stored = originals(config)
    assert len(stored) == 1 and stored[0].read_bytes() == path.read_bytes()
    assert oct(stored[0].stat().st_mode & 0o777) == "0o600"


def test_bytes_input_is_stored_and_read(library, tmp_path):
    data = write_card_file(tmp_path / "x", BO).read_bytes()
    result = library.add_image(data, filename="camera.jpg")
    assert result.status == "read" and library.get_contact(result.contact_ids[0]).company == "Initech"


def test_same_file_twice_is_one_capture(library, reader, tmp_path):
    path = write_card_file(tmp_path / "a.jpg", ANNA)
    copy = tmp_path / "copy of a.jpg"
    copy.write_bytes(path.read_bytes())
    first = library.add_image(path)
    second = library.add_image(copy)
    assert second.status == "skipped" and second.contact_ids == first.contact_ids
    assert reader.calls == ["Dr. Anna Schmidt"] and library.count_contacts() == 1


def test_failed_reading_keeps_the_original_and_lists_the_reason(library, config, tmp_path):
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff garbage \x00\x01")
    empty = write_card_file(tmp_path / "wall.jpg")  # a photo without any card
    batch = library.scan([bad, empty, write_card_file(tmp_path / "ok.jpg", BO)], event="Expo")
    assert [r.status for r in batch.results] == ["failed", "failed", "read"]
    assert "cannot be decoded" in batch.results[0].error
    assert batch.results[1].error == NO_CARD_FOUND
    assert len(originals(config)) == 3  # every capture was kept
    with library.db.session(write=False) as session:
        statuses = sorted(c.status for c in session.query(Capture))
    assert statuses == ["failed", "failed", "read"]


def test_interrupted_batch_resumes_where_it_stopped(config, tmp_path):
    folder = tmp_path / "cards"
    for i in range(5):
        write_card_file(folder / f"{i}.jpg", card(f"Person {i}", f"Company {i}"), salt="crash" if i == 2 else "")
    crashing = CountingReader(crash_on={"crash"})
    with Library.open(config, reader=crashing) as lib, pytest.raises(KeyboardInterrupt):
        lib.scan([folder], event="Expo")
    assert crashing.calls == ["Person 0", "Person 1", "Person 2"]
    assert len(originals(config)) == 3  # the file being read when it stopped was stored first

    steady = CountingReader()
    with Library.open(config, reader=steady) as lib:
        batch = lib.scan([folder], event="Expo")
        assert steady.calls == ["Person 2", "Person 3", "Person 4"]  # 0 and 1 are done and skipped
        assert [r.status for r in batch.results] == ["skipped", "skipped", "read", "read", "read"]
        assert lib.count_contacts(event="Expo") == 5


def test_resume_pending_reads_queued_and_failed_captures(config, tmp_path):
    path = write_card_file(tmp_path / "a.jpg", BO)
    with Library.open(config, reader=CountingReader(crash_on={"Initech"})) as lib, pytest.raises(KeyboardInterrupt):
        lib.add_image(path)
    with Library.open(config, reader=CountingReader()) as lib:
        batch = lib.resume_pending()
        assert [r.status for r in batch.results] == ["read"]
        assert lib.count_contacts(search="initech") == 1


def test_back_side_fills_the_same_contact(library, tmp_path):
    front = library.add_image(write_card_file(tmp_path / "front.jpg", card("Anna Schmidt", "ACME")))
    contact_id = front.contact_ids[0]
    library.update_contact(contact_id, company="ACME Corporation")  # a user correction
    back = library.add_back_side(contact_id, write_card_file(
        tmp_path / "back.jpg", card("", "ACME Intl", emails=["anna@acme.de"], phones=[("+81 3 1234 5678", None, "mobile")])))
    assert back.contact_ids == [contact_id]
    contact = library.get_contact(contact_id)
    assert contact.company == "ACME Corporation"  # corrections are never overwritten
    assert [e.address for e in contact.emails] == ["anna@acme.de"]
    assert [p.e164 for p in contact.phones] == ["+81312345678"]
    assert sorted(s.side for s in contact.card_sides) == ["back", "front"]
    assert library.count_contacts() == 1


@pytest.mark.parametrize("second, reason", [
    (card("Annie Schmitt", "Other Co", emails=["ANNA@acme.de"]), "same email"),
    (card("A. Person", "Elsewhere", phones=[("+49 30 1234567", "+49301234567", "mobile")]), "same phone"),
    (card("Anna Schmid", "ACME GmbH."), "similar name and company"),
])
def test_same_person_met_again_is_proposed_and_merged(library, tmp_path, second, reason):
    first = library.add_image(write_card_file(tmp_path / "1.jpg", ANNA), event=library.create_event("Expo").id)
    library.save_note(first.contact_ids[0], need="a CRM")
    library.add_follow_up(first.contact_ids[0])
    again = library.scan([write_card_file(tmp_path / "2.jpg", second)], event="Meetup")
    new_id = again.contact_ids[0]
    library.save_note(new_id, text="met again at the meetup")
    [suggestion] = again.duplicates
    assert suggestion.reason.startswith(reason)
    assert suggestion.pair == (first.contact_ids[0], new_id)
    assert [(d.keep_id, d.other_id) for d in library.duplicates()] == [suggestion.pair]
    merged = library.merge(suggestion.keep_id, suggestion.other_id)
    assert sorted(e.name for e in merged.events) == ["Expo", "Meetup"]
    assert sorted(n.need or n.text for n in merged.notes) == ["a CRM", "met again at the meetup"]
    # each card's default follow-up (one per meeting) and the one added by hand
    assert len(merged.follow_ups) == 3 and len(merged.card_sides) == 2
    assert library.count_contacts() == 1
    assert library.duplicates() == []


def test_different_people_are_not_proposed_and_dismissals_stick(library, tmp_path):
    library.scan([write_card_file(tmp_path / "1.jpg", card("Anna Schmidt", "ACME"))])
    other = library.scan([write_card_file(tmp_path / "2.jpg", card("Anna Schmidt", "Globex"))])
    assert other.duplicates == []  # same name, different company
    library.scan([write_card_file(tmp_path / "3.jpg", card("Ana Schmidt", "ACME"))])
    [pair] = library.duplicates()
    library.dismiss_duplicate(*pair.pair)
    assert library.duplicates() == []


def test_folder_scan_picks_card_files_recursively(tmp_path):
    for name in ("a.jpg", "sub/b.PNG", "sub/deeper/c.pdf", "notes.txt", ".hidden/d.jpg", "sub/.e.jpg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_card_files([tmp_path])]
    assert found == ["a.jpg", "sub/b.PNG", "sub/deeper/c.pdf"]


def test_progress_is_reported(library, tmp_path):
    seen = []
    library.scan([write_card_file(tmp_path / f"{i}.jpg", card(f"P {i}", "Co"), salt=str(i)) for i in range(3)],
                 progress=lambda done, total, label: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
