"""A second, ORM-based contact -> record mapper, only for checking the fast column-query one.

``netcapture.exchange.iter_contact_records`` builds records straight from column queries;
the tests compare it with this plain reading of the loaded ORM objects.
"""
from __future__ import annotations

from pathlib import Path

from netcapture.exchange import note_text, person_name
from netcapture.exports.records import AddressParts, ContactRecord, PhoneRecord
from netcapture.store.models import Contact


def contact_to_record(contact: Contact, photo: bytes | None = None) -> ContactRecord:
    return ContactRecord(
        uid=contact.uid,
        rev=contact.updated_at,
        full_name=person_name(contact.full_name, contact.prefix, contact.given_name, contact.middle_name,
                              contact.family_name, contact.suffix),
        given=contact.given_name,
        family=contact.family_name,
        additional=contact.middle_name,
        prefix=contact.prefix,
        suffix=contact.suffix,
        title=contact.title,
        department=contact.department,
        company=contact.company,
        emails=[e.address for e in contact.emails],
        email_kinds=[e.kind for e in contact.emails],
        phones=[PhoneRecord(number=p.number, e164=p.e164, kind=p.kind, extension=p.extension)
                for p in contact.phones],
        websites=list(contact.websites or []),
        address=contact.address or None,
        address_parts=AddressParts(**contact.address_parts) if contact.address_parts else None,
        birthday=contact.birthday or "",
        social=list(contact.social or []),
        note=note_text(contact.notes),
        categories=[event.name for event in contact.events],
        photo=photo,
    )


def card_photo(contact: Contact, cards_dir: Path) -> bytes | None:
    """The flattened image of the contact's front card side, if there is one on disk."""
    for side in sorted(contact.card_sides, key=lambda s: (s.side != "front", s.id)):
        if side.image_name:
            path = cards_dir / side.image_name
            if path.exists():
                return path.read_bytes()
    return None
