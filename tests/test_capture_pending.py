"""A contact exists from the shutter on (Library.capture_card): notes written while the card is
read land on it, the reading fills it in, and a failed reading keeps it with its notes and photo."""
from __future__ import annotations

from datetime import date, timedelta

from netcapture.store.models import ReadStatus
from tests.store_fakes import card, write_card_file


def test_contact_exists_before_the_reading(library, reader, tmp_path):
    event = library.create_event("Harbour mixer")
    photo = write_card_file(tmp_path / "shot.jpg", card("Nadia Rahimi", "Saltmarsh Labs", emails=["nadia@saltmarsh.example"]))
    stored = library.capture_card(photo, event.id)
    assert stored.status == ReadStatus.QUEUED.value and reader.calls == []
    (contact_id,) = stored.contact_ids
    assert library.reading_state(contact_id).status == ReadStatus.QUEUED.value
    assert [e.name for e in library.get_contact(contact_id).events] == ["Harbour mixer"]
    assert library.contacts_missing_notes(event.id) == [contact_id]

    library.save_memory_notes(contact_id, event.id, {"need": "a bookkeeper"}, "prospect", date(2030, 1, 2))
    read = library.read_capture(stored.capture_id)

    assert read.status == ReadStatus.READ.value and read.contact_ids == [contact_id]
    contact = library.get_contact(contact_id)
    assert (contact.full_name, contact.company, contact.relationship) == ("Nadia Rahimi", "Saltmarsh Labs", "prospect")
    assert [e.address for e in contact.emails] == ["nadia@saltmarsh.example"]
    assert [n.need for n in contact.notes] == ["a bookkeeper"]
    assert [f.due for f in contact.follow_ups] == [date(2030, 1, 2)]
    assert len(contact.card_sides) == 1 and contact.card_sides[0].reading["words"]
    assert library.reading_state(contact_id).status == ReadStatus.READ.value
    assert library.count_contacts() == 1 and library.contacts_missing_notes(event.id) == []


def test_failed_reading_keeps_the_contact_its_notes_and_the_photo(library, tmp_path):
    event = library.create_event("Harbour mixer")
    photo = tmp_path / "blurred.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    stored = library.capture_card(photo, event.id)
    (contact_id,) = stored.contact_ids
    library.save_memory_notes(contact_id, event.id, {"can_help": "intro to our printer"})

    read = library.read_capture(stored.capture_id)

    assert read.status == ReadStatus.FAILED.value and "cannot be decoded" in read.error
    assert read.contact_ids == [contact_id]
    state = library.reading_state(contact_id)
    assert state.status == ReadStatus.FAILED.value and "cannot be decoded" in state.error
    assert state.original.read_bytes() == photo.read_bytes()  # the photo, to type the card in by hand
    assert library.memory_notes(contact_id, event.id).answers["can_help"] == "intro to our printer"
    typed = library.update_contact(contact_id, full_name="Pavel Ilic", company="Quarry Hill Media")
    assert typed.display_name == "Pavel Ilic"


def test_a_failed_capture_is_filled_in_when_read_again(library, tmp_path):
    photo = write_card_file(tmp_path / "shot.jpg", card("Ines Moreau", "Larkspur Foods"))
    stored = library.capture_card(photo)
    (contact_id,) = stored.contact_ids
    # What a reading leaves when Tesseract was missing: the capture failed, the contact is empty.
    library.db.run(lambda s: library.capture._mark_failed(s, stored.capture_id, "engine missing"))
    library.update_contact(contact_id, title="Buyer")  # typed by hand meanwhile: kept

    again = library.resume_pending()

    assert again.contact_ids == [contact_id]
    contact = library.get_contact(contact_id)
    assert (contact.full_name, contact.title) == ("Ines Moreau", "Buyer")
    assert library.count_contacts() == 1


def test_the_same_photo_captured_twice_is_one_contact(library, tmp_path):
    photo = write_card_file(tmp_path / "shot.jpg", card("Ines Moreau", "Larkspur Foods"))
    first = library.capture_card(photo)
    assert library.capture_card(photo).contact_ids == first.contact_ids  # not read yet: same pending contact
    library.read_capture(first.capture_id)
    again = library.capture_card(photo)
    assert again.status == "skipped" and again.contact_ids == first.contact_ids
    assert library.count_contacts() == 1


def test_memory_notes_default_and_follow_up_moves(library):
    contact = library.create_contact(full_name="Ola Nordmann")
    assert library.memory_notes(contact.id).follow_up == date.today() + timedelta(days=1)
    library.save_memory_notes(contact.id, answers={"need": "  "})  # nothing written: no note yet
    assert library.get_contact(contact.id).notes == []
    library.save_memory_notes(contact.id, follow_up=date(2031, 5, 6))
    library.save_memory_notes(contact.id, follow_up=date(2031, 5, 7))
    assert [f.due for f in library.get_contact(contact.id).follow_ups] == [date(2031, 5, 7)]
    library.save_memory_notes(contact.id, answers={"text": "met at the coffee stand"}, follow_up=None)
    state = library.memory_notes(contact.id)
    assert state.follow_up is None and state.answers["text"] == "met at the coffee stand"
