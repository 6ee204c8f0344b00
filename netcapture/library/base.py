"""What every area of the Library shares: the database, the config, the capture service,
and how one contact, event or follow-up is found (an event by id, name or object, or the
current one: kept in the database only, so the GUI and the CLI share it).
"""
from __future__ import annotations

from typing import Self

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload

from netcapture.capture import CaptureService, Reader
from netcapture.config import Config
from netcapture.errors import ContactNotFoundError, EventNotFoundError, NotFoundError
from netcapture.store.db import Database
from netcapture.store.models import CardSide, Contact, Event, FollowUp
from netcapture.store.settings import get_setting

EventRef = int | str | Event
CURRENT_EVENT_KEY = "current_event_id"


def contact_options(with_readings: bool = True) -> tuple:
    """How a contact is loaded: with its emails, phones, events, notes, follow-ups and card sides."""
    card_sides = selectinload(Contact.card_sides)
    if not with_readings:  # a card's reading (every word box) is large; a list has no use for it
        card_sides = card_sides.options(defer(CardSide.reading), defer(CardSide.text))
    return (selectinload(Contact.emails), selectinload(Contact.phones), selectinload(Contact.events),
            selectinload(Contact.notes), selectinload(Contact.follow_ups), card_sides)


class LibraryBase:
    """The state every area works on; each area (netcapture.library.*) subclasses it."""

    def __init__(self, config: Config, db: Database, reader: Reader | None = None):
        self.config = config
        self.db = db
        self.capture = CaptureService(db, config, reader)

    @classmethod
    def open(cls, config: Config | None = None, reader: Reader | None = None, read_only: bool = False) -> Self:
        """Open (creating and migrating if needed) the database the config points at.
        ``read_only``: for listing and exporting; works on a read-only file or folder."""
        config = config or Config.load()
        return cls(config, Database.open(config, read_only=read_only), reader)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def get_contact(self, contact_id: int) -> Contact:
        with self.db.session(write=False) as session:
            contact = session.scalar(select(Contact).where(Contact.id == contact_id).options(*contact_options()))
            if contact is None:
                raise ContactNotFoundError(contact_id)
            return contact

    def current_event(self) -> Event | None:
        """The event new cards go to: kept in the database only (the GUI and CLI share it)."""
        with self.db.session(write=False) as session:
            value = get_setting(session, CURRENT_EVENT_KEY)
            event = session.get(Event, int(value)) if value else None
            return event if event is not None and event.deleted_at is None else None

    @staticmethod
    def _contact(session: Session, contact_id: int) -> Contact:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise ContactNotFoundError(contact_id)
        return contact

    @staticmethod
    def _event(session: Session, event: EventRef, include_trashed: bool = False) -> Event:
        if isinstance(event, Event):
            event = event.id
        if isinstance(event, int):
            found = session.get(Event, event)
        else:
            found = session.scalar(select(Event).where(Event.name == str(event).strip()))
        if found is None or (found.deleted_at is not None and not include_trashed):
            raise EventNotFoundError(str(event))
        return found

    @staticmethod
    def _follow_up(session: Session, follow_up_id: int) -> FollowUp:
        follow_up = session.get(FollowUp, follow_up_id)
        if follow_up is None:
            raise NotFoundError(f"There is no follow-up with id {follow_up_id}.")
        return follow_up

    def _event_id(self, event: EventRef | None) -> int | None:
        if event is None:
            return None
        with self.db.session(write=False) as session:
            return self._event(session, event).id

    def _event_id_or_current(self, event: EventRef | None) -> int | None:
        if event is not None:
            return self._event_id(event)
        current = self.current_event()
        return current.id if current else None
