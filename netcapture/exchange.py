"""Between the store and the exporters: ORM contacts <-> plain ContactRecords, streamed.

``netcapture.exports`` knows nothing of the database; this module feeds it records in batches
(a fresh session per batch, so memory stays flat however many contacts there are) and turns
imported records back into contacts.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from netcapture.exports.photos import compact_photo
from netcapture.exports.records import (
    DEFAULT_PHOTO_MIME,
    AddressParts,
    ContactRecord,
    FollowUpRecord,
    PhoneRecord,
)
from netcapture.names import proper_parts, shown_name
from netcapture.store.contact_data import record_texts, set_emails, set_phones
from netcapture.store.db import Database
from netcapture.store.files import photo_path, store_photo
from netcapture.store.models import (
    CardSide,
    Contact,
    ContactEmail,
    ContactPhone,
    Event,
    FollowUp,
    Note,
    card_image_name,
    contact_events,
    contacts_met_at,
)
from netcapture.store.search import contact_search_text

BATCH_SIZE = 500


def note_text(notes: list[Note]) -> str:
    """The user's notes as readable text: one paragraph per note, a line per answered question."""
    paragraphs = []
    for note in notes:
        lines = []
        for field in Note.TEXT_FIELDS:
            value = (getattr(note, field) or "").strip()
            if value:
                lines.append(value if field == "text" else f"{Note.LABELS[field]}: {value}")
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def person_name(full_name: str, *parts: str) -> str:
    """The person's name of a contact, "" for a company or an address on its own (the vCard
    writer then marks it KIND:org and a re-import invents no name)."""
    return full_name or " ".join(p for p in parts if p)


def iter_contact_records(db: Database, event_id: int | None = None, include_photo: bool = False,
                         cards_dir: Path | None = None, batch_size: int = BATCH_SIZE,
                         contact_ids: Iterable[int] | None = None) -> Iterator[ContactRecord]:
    """Every contact (or those met at ``event_id``, or the chosen ``contact_ids``) as records, in
    id order, read in batches.

    Plain column queries, one per table and batch, straight into records: building ORM objects
    (with their six collections) cost three times what writing the vCards does.
    """
    chosen = sorted(set(contact_ids)) if contact_ids is not None else None
    last_id = 0
    while True:
        with db.session(write=False) as session:
            query = (select(*_RECORD_COLUMNS).where(Contact.id > last_id, Contact.live())  # not in the Trash
                     .order_by(Contact.id).limit(batch_size))
            if chosen is not None:  # a batch's worth of ids at a time: SQLite caps query parameters
                start = bisect.bisect_right(chosen, last_id)
                if start >= len(chosen):
                    return
                query = query.where(Contact.id.in_(chosen[start:start + batch_size]))
            if event_id is not None:
                query = query.where(Contact.id.in_(
                    contacts_met_at(event_id)))
            rows = session.execute(query).all()
            if not rows:
                return
            ids = [row.id for row in rows]
            related = _related_rows(session, ids, include_photo and cards_dir is not None)
        last_id = ids[-1]
        for row in rows:
            yield _row_to_record(row, related, cards_dir)


_RECORD_COLUMNS = (Contact.id, Contact.uid, Contact.updated_at, Contact.full_name, Contact.prefix,
                   Contact.given_name, Contact.middle_name, Contact.family_name, Contact.suffix, Contact.title,
                   Contact.department, Contact.company, Contact.address, Contact.websites, Contact.social,
                   Contact.address_parts, Contact.birthday, Contact.photo_sha256)


def _related_rows(session: Session, ids: list[int], with_cards: bool) -> dict[str, dict[int, list]]:
    """Emails, phones, event names, notes (and card sides) of the contacts ``ids``, by contact id,
    each in the order the Contact relationships use."""
    queries = {
        "emails": select(ContactEmail.contact_id, ContactEmail.address, ContactEmail.kind).where(ContactEmail.contact_id.in_(ids))
        .order_by(ContactEmail.position, ContactEmail.id),
        "phones": select(ContactPhone.contact_id, ContactPhone.number, ContactPhone.e164, ContactPhone.kind,
                         ContactPhone.extension)
        .where(ContactPhone.contact_id.in_(ids)).order_by(ContactPhone.position, ContactPhone.id),
        "events": select(contact_events.c.contact_id, Event.name).join(Event, Event.id == contact_events.c.event_id)
        .where(contact_events.c.contact_id.in_(ids)).order_by(Event.date, Event.id),
        "notes": select(Note.contact_id, *(getattr(Note, f) for f in Note.TEXT_FIELDS))
        .where(Note.contact_id.in_(ids)).order_by(Note.created_at, Note.id),
    }
    if with_cards:
        queries["cards"] = (select(CardSide.contact_id, CardSide.side, CardSide.image_sha256)
                            .where(CardSide.contact_id.in_(ids)).order_by(CardSide.id))
    related: dict[str, dict[int, list]] = {}
    for name, query in queries.items():
        by_contact: dict[int, list] = {}
        for row in session.execute(query):
            by_contact.setdefault(row.contact_id, []).append(row)
        related[name] = by_contact
    return related


def _row_to_record(row, related: dict[str, dict[int, list]], cards_dir: Path | None) -> ContactRecord:
    email_rows = related["emails"].get(row.id, ())
    photo, mime = None, DEFAULT_PHOTO_MIME
    if "cards" in related and cards_dir is not None:
        # the photo the contact came with (an imported card), else the card itself
        photo = photo_path(cards_dir, row.photo_sha256) if row.photo_sha256 else None
        photo = photo.read_bytes() if photo is not None and photo.exists() else None
        if photo is None:
            photo = _front_card_photo(related["cards"].get(row.id, ()), cards_dir)
        compact = compact_photo(photo) if photo else None
        photo, mime = compact if compact else (None, DEFAULT_PHOTO_MIME)
    # A name printed in capitals is exported in proper case (netcapture.names); the store keeps it as printed.
    # A company or an address on its own has no person's name (the writer marks it KIND:org).
    full_name = shown_name(person_name(row.full_name, row.prefix, row.given_name, row.middle_name,
                                       row.family_name, row.suffix), row.company)
    given, family, additional, prefix, suffix = proper_parts(
        full_name, row.given_name, row.family_name, row.middle_name, row.prefix, row.suffix)
    return ContactRecord(
        uid=row.uid,
        rev=row.updated_at,
        full_name=full_name,
        given=given,
        family=family,
        additional=additional,
        prefix=prefix,
        suffix=suffix,
        title=row.title,
        department=row.department,
        company=row.company,
        emails=[e.address for e in email_rows],
        email_kinds=[e.kind for e in email_rows],
        phones=[PhoneRecord(number=p.number, e164=p.e164, kind=p.kind, extension=p.extension)
                for p in related["phones"].get(row.id, ())],
        websites=list(row.websites or []),
        address=row.address or None,
        address_parts=AddressParts(**row.address_parts) if row.address_parts else None,
        birthday=row.birthday or "",
        social=list(row.social or []),
        note=note_text(related["notes"].get(row.id, [])),
        categories=[e.name for e in related["events"].get(row.id, ())],
        photo=photo,
        photo_mime=mime,
    )


def _front_card_photo(sides, cards_dir: Path) -> bytes | None:
    """The flattened image of the front card side (else the back), from (side, image_sha256) rows in id order."""
    for side in sorted(sides, key=lambda s: s.side != "front"):  # stable: keeps id order within a side
        name = card_image_name(side.image_sha256)
        if name:
            path = cards_dir / name
            if path.exists():
                return path.read_bytes()
    return None


def followup_to_record(follow_up: FollowUp) -> FollowUpRecord:
    contact = follow_up.contact
    description = note_text(contact.notes)
    details = [d for d in (contact.title, contact.company) if d]
    contact_lines = [", ".join(details)] if details else []
    contact_lines += [e.address for e in contact.emails] + [p.e164 or p.number for p in contact.phones]
    if contact_lines:
        description = "\n".join(contact_lines) + ("\n\n" + description if description else "")
    return FollowUpRecord(
        uid=follow_up.uid,
        contact_uid=contact.uid,
        contact_name=shown_name(contact.display_name, contact.company),
        due=follow_up.due,
        done=follow_up.done,
        outcome=follow_up.outcome,
        summary=follow_up.summary,
        description=description,
        created=follow_up.created_at,
        contact_company=contact.company,
        kind=follow_up.kind,
        sequence=follow_up.sequence or 0,
        modified=follow_up.updated_at or follow_up.created_at,
    )


def iter_followup_records(db: Database, event_id: int | None = None, include_done: bool = False,
                          due_by: date | None = None) -> Iterator[FollowUpRecord]:
    with db.session(write=False) as session:
        query = (select(FollowUp).order_by(FollowUp.due, FollowUp.id)
                 .options(selectinload(FollowUp.contact).selectinload(Contact.emails),
                          selectinload(FollowUp.contact).selectinload(Contact.phones),
                          selectinload(FollowUp.contact).selectinload(Contact.notes)))
        query = query.where(FollowUp.contact_id.in_(select(Contact.id).where(Contact.live())))  # not trashed
        if not include_done:
            query = query.where(FollowUp.done.is_(False))
        if due_by is not None:
            query = query.where(FollowUp.due <= due_by)
        if event_id is not None:
            query = query.where(FollowUp.contact_id.in_(
                contacts_met_at(event_id)))
        records = [followup_to_record(f) for f in session.scalars(query)]
    yield from records


def record_to_contact(session: Session, record: ContactRecord, contact: Contact | None = None,
                      region: str | None = None, cards_dir: Path | None = None) -> Contact:
    """A new contact from an imported record, or ``contact`` updated with it.

    On update the record's non-empty values win (it is the newer copy), except fields the user
    corrected here; emails, phones, websites and profiles are merged; the note is added once;
    categories become events (created when new).
    """
    if contact is None:
        contact = Contact(uid=record.uid)
        session.add(contact)
    corrected = set(contact.corrected_fields or [])
    for field, value in record_texts(record).items():
        if value and field not in corrected:
            setattr(contact, field, value)
    if record.address and "address" not in corrected:
        contact.address = record.address.strip()
        contact.address_parts = vars(record.address_parts) if record.address_parts else None
    if record.birthday:
        contact.birthday = record.birthday
    if record.photo and cards_dir is not None:
        contact.photo_sha256 = store_photo(cards_dir, record.photo) or contact.photo_sha256
    if "emails" not in corrected:
        kinds = {e.strip().casefold(): record.email_kind(i) for i, e in enumerate(record.emails)}
        set_emails(contact, [e.address for e in contact.emails] + list(record.emails), kinds)
    if "phones" not in corrected:
        set_phones(contact, [*contact.phones, *record.phones], region)
    if "websites" not in corrected:
        contact.websites = list(dict.fromkeys([*(contact.websites or []), *record.websites]))
    if "social" not in corrected:
        contact.social = list(dict.fromkeys([*(contact.social or []), *record.social]))
    note = record.note.strip()
    if note and note not in {note_text([n]) for n in contact.notes} and note != note_text(contact.notes):
        contact.notes.append(Note(text=note))
    for name in record.categories:
        name = name.strip()
        if not name:
            continue
        event = session.scalar(select(Event).where(Event.name == name))
        if event is None:
            event = Event(name=name)
            session.add(event)
        if event not in contact.events:
            contact.events.append(event)
    contact.search_text = contact_search_text(contact)
    return contact


# -- formats ---------------------------------------------------------------------------------
CONTACT_FORMATS = {"vcard3": "3.0", "vcard4": "4.0", "csv-google": "google", "csv-outlook": "outlook"}


def _check_contact_format(fmt: str) -> None:
    if fmt not in CONTACT_FORMATS:
        from netcapture.exports.errors import UnknownFormatError

        raise UnknownFormatError("export format", fmt, (*CONTACT_FORMATS, "ics"))


def write_contacts(fmt: str, records: Iterable[ContactRecord], stream: IO, include_photo: bool = False) -> int:
    """Write ``records`` in export format ``fmt`` (vcard3, vcard4, csv-google, csv-outlook)."""
    _check_contact_format(fmt)
    if fmt.startswith("vcard"):
        from netcapture.exports.vcard import write_vcards

        return write_vcards(records, stream, version=CONTACT_FORMATS[fmt], include_photo=include_photo)
    from netcapture.exports.csv_export import write_csv

    return write_csv(records, stream, CONTACT_FORMATS[fmt])


def write_contact_files(fmt: str, records: Iterable[ContactRecord], directory: Path,
                        include_photo: bool = False) -> list[Path]:
    """One file per contact; only vCard formats make sense there."""
    _check_contact_format(fmt)
    if not fmt.startswith("vcard"):
        from netcapture.errors import InvalidInputError

        raise InvalidInputError("One file per contact is only available for vCard (vcard3 or vcard4).")
    from netcapture.exports.vcard import write_vcard_files

    return write_vcard_files(records, directory, version=CONTACT_FORMATS[fmt], include_photo=include_photo)


def write_follow_ups(records: Iterable[FollowUpRecord], stream: IO) -> int:
    from netcapture.exports.ics import write_ics

    return write_ics(records, stream)
