"""Contacts made and edited by hand: create, edit any field (a correction is never
overwritten by a later reading), undo an edit, add many at once, tie a contact to an event.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from netcapture.exports.records import ContactRecord
from netcapture.followups import open_default_follow_up
from netcapture.library.base import EventRef, LibraryBase
from netcapture.store.bulk import insert_contacts
from netcapture.store.contact_data import NAME_PARTS, TEXT_FIELDS, apply_user_changes
from netcapture.store.models import Contact, utcnow


@dataclass(frozen=True)
class ContactSnapshot:
    """A contact's editable fields as they were: taken before an edit, put back by Undo."""

    contact_id: int
    fields: dict[str, Any]  # full_name ... social, relationship, starred (as update_contact takes them)
    corrected: tuple[str, ...]  # which fields counted as the user's corrections


class ContactsMixin(LibraryBase):
    """Writing contacts; listing and search are in library.listing."""

    def create_contact(self, event: EventRef | None = None, **fields: Any) -> Contact:
        """A contact typed in by hand, for someone who had no card (every given field counts as the
        user's own). Like a captured card, it gets an open follow-up by the default rule."""
        def work(session: Session) -> int:
            contact = Contact()
            apply_user_changes(contact, fields, self.config.region)
            found = self._event(session, event) if event is not None else None
            if found is not None:
                contact.events.append(found)
            session.add(contact)
            open_default_follow_up(session, contact, found.id if found else None)
            session.flush()
            return contact.id

        return self.get_contact(self.db.run(work))

    def update_contact(self, contact_id: int, **changes: Any) -> Contact:
        """Edit any field: names, title, department, company, address, emails, phones ((number,
        kind) pairs), websites, social, relationship, starred. Corrected fields are never
        overwritten by a later reading of the card."""
        starred = changes.pop("starred", None)

        def work(session: Session) -> None:
            contact = self._contact(session, contact_id)
            apply_user_changes(contact, changes, self.config.region)
            if starred is not None:
                contact.starred = bool(starred)
            contact.updated_at = utcnow()

        self.db.run(work)
        return self.get_contact(contact_id)

    def contact_snapshot(self, contact_id: int) -> ContactSnapshot:
        """Every editable field of a contact, to undo an edit with restore_snapshot."""
        contact = self.get_contact(contact_id)
        fields: dict[str, Any] = {name: getattr(contact, name) for name in TEXT_FIELDS}
        fields.update(address=contact.address, emails=[e.address for e in contact.emails],
                      phones=[(p.number, p.e164, p.kind, p.extension) for p in contact.phones],
                      websites=list(contact.websites or []), social=list(contact.social or []),
                      relationship=contact.relationship, starred=contact.starred)
        return ContactSnapshot(contact_id, fields, tuple(contact.corrected_fields or ()))

    def restore_snapshot(self, snapshot: ContactSnapshot) -> Contact:
        """Undo: put a contact's fields back as the snapshot has them, corrections included."""
        fields = dict(snapshot.fields)
        starred = fields.pop("starred")
        parts = {name: fields.pop(name) for name in NAME_PARTS}

        def work(session: Session) -> None:
            contact = self._contact(session, snapshot.contact_id)
            apply_user_changes(contact, fields, self.config.region)
            for name, value in parts.items():  # as they were, not re-split from the full name
                setattr(contact, name, value)
            contact.starred = starred
            contact.corrected_fields = list(snapshot.corrected)
            contact.updated_at = utcnow()

        self.db.run(work)
        return self.get_contact(snapshot.contact_id)

    def add_contacts(self, records: Iterable[ContactRecord], event: EventRef | None = None) -> list[int]:
        """Add many new contacts at once (moving a whole address book in), met at ``event`` and at
        the events named in each record's categories; returns their ids. One transaction, bulk
        INSERTs, no duplicate proposals: use import_vcards to merge cards into existing contacts."""
        event_id = self._event_id(event)

        def work(session: Session) -> list[int]:
            return insert_contacts(session, records, [event_id] if event_id else [], self.config.region)

        return self.db.run(work, retries=1)

    def add_contact_to_event(self, contact_id: int, event: EventRef) -> None:
        def work(session: Session) -> None:
            contact, found = self._contact(session, contact_id), self._event(session, event)
            if found not in contact.events:
                contact.events.append(found)

        self.db.run(work)

    def remove_contact_from_event(self, contact_id: int, event: EventRef) -> None:
        def work(session: Session) -> None:
            contact, found = self._contact(session, contact_id), self._event(session, event)
            if found in contact.events:
                contact.events.remove(found)
                contact.updated_at = utcnow()

        self.db.run(work)
