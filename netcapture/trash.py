"""The Trash: contacts and events are deleted softly, so nothing is lost by a mis-click.

A trashed contact keeps everything (notes, follow-ups, card sides, events) and is left out of
lists, counts, searches, duplicates, exports and follow-ups until it is restored. A trashed
event is left out of the event list; its contacts stay. Emptying the Trash deletes for good.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from netcapture.store.values import display_name_of, utcnow

if TYPE_CHECKING:  # TrashedItem is shown before the database layer is loaded
    from sqlalchemy.orm import Session

    from netcapture.store.models import Contact, Event


@dataclass
class TrashedItem:
    kind: str  # "contact" or "event"
    id: int
    name: str
    deleted_at: datetime


def trash_contact(contact: Contact) -> None:
    if contact.deleted_at is None:
        contact.deleted_at = contact.updated_at = utcnow()


def restore_contact(contact: Contact) -> None:
    if contact.deleted_at is not None:
        contact.deleted_at = None
        contact.updated_at = utcnow()


def trash_event(event: Event) -> None:
    if event.deleted_at is None:
        event.deleted_at = utcnow()


def restore_event(event: Event) -> None:
    event.deleted_at = None


def trash_is_empty(session: Session) -> bool:
    from sqlalchemy import exists, select

    from netcapture.store.models import Contact

    return not session.scalar(select(exists().where(Contact.deleted_at.is_not(None))))


def trashed(session: Session) -> list[TrashedItem]:
    """Everything in the Trash, most recently deleted first."""
    from sqlalchemy import select

    from netcapture.store.models import Contact, Event

    items = [TrashedItem("contact", row.id, display_name_of(row.full_name, row.prefix, row.given_name,
                                                            row.middle_name, row.family_name, row.suffix,
                                                            row.company, lambda: ""), row.deleted_at)
             for row in session.execute(select(Contact.id, Contact.full_name, Contact.prefix, Contact.given_name,
                                               Contact.middle_name, Contact.family_name, Contact.suffix,
                                               Contact.company, Contact.deleted_at)
                                        .where(Contact.deleted_at.is_not(None)))]
    items += [TrashedItem("event", event_id, name, deleted_at) for event_id, name, deleted_at in session.execute(
        select(Event.id, Event.name, Event.deleted_at).where(Event.deleted_at.is_not(None)))]
    return sorted(items, key=lambda item: (item.deleted_at, item.id), reverse=True)


def empty_trash(session: Session) -> tuple[int, int]:
    """Delete what is in the Trash for good; returns (contacts, events) deleted. A contact's
    notes, follow-ups and card sides go with it; the stored photos stay (they are captures)."""
    from sqlalchemy import delete

    from netcapture.store.models import Contact, Event

    contacts = session.execute(delete(Contact).where(Contact.deleted_at.is_not(None))).rowcount
    events = session.execute(delete(Event).where(Event.deleted_at.is_not(None))).rowcount
    return contacts or 0, events or 0
