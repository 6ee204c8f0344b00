"""Listing, counting and searching contacts: the one filter (event, search text, notes
missing, follow-up due, relationship) behind the contacts table, the CLI and the queues.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from netcapture.errors import InvalidInputError, NotFoundError
from netcapture.filters import FOLLOW_UP_FILTERS
from netcapture.library.base import EventRef, LibraryBase, contact_options
from netcapture.store.listing import ContactSummary, contact_summaries, newest_first
from netcapture.store.models import Contact, FollowUp, Note, contacts_met_at
from netcapture.store.search import apply_search, count_matches
from netcapture.trash import trash_is_empty


class ListingMixin(LibraryBase):
    """Contacts found: lists, light table rows, counts, a contact named on the command line."""

    def list_contacts(self, event: EventRef | None = None, search: str | None = None,
                      missing_notes: bool = False, follow_up: str | None = None,
                      relationship: str | None = None, limit: int | None = None, offset: int = 0,
                      today: date | None = None) -> list[Contact]:
        """Contacts, newest first. ``search``: a fragment of any name, company, email or phone;
        ``missing_notes``: only those without a written note; ``follow_up``: "today", "overdue"
        or "due" (today or overdue) for open follow-ups. Card sides come without their readings
        (get_contact has them); for a table, contact_summaries is much lighter."""
        with self.db.session(write=False) as session:
            query = self._contact_query(session, event, search, missing_notes, follow_up, relationship, today)
            query = newest_first(query).offset(offset)
            if limit is not None:
                query = query.limit(limit)
            return list(session.scalars(query.options(*contact_options(with_readings=False))))

    def contact_summaries(self, event: EventRef | None = None, search: str | None = None,
                          missing_notes: bool = False, follow_up: str | None = None,
                          relationship: str | None = None, limit: int | None = None, offset: int = 0,
                          today: date | None = None) -> list[ContactSummary]:
        """Like list_contacts, as light rows for a table (name, company, title, first email and
        phone, events, notes written, next follow-up): the fast path for search as you type."""
        with self.db.session(write=False) as session:
            query = self._contact_query(session, event, search, missing_notes, follow_up, relationship, today)
            return contact_summaries(session, query, offset, limit)

    def display_names(self, contact_ids: Iterable[int]) -> dict[int, str]:
        """{id: the name to show} for these contacts (those that exist)."""
        ids = list(contact_ids)
        if not ids:
            return {}
        with self.db.session(write=False) as session:
            return {row.id: row.name for row in contact_summaries(session, select(Contact).where(Contact.id.in_(ids)))}

    def count_contacts(self, event: EventRef | None = None, search: str | None = None,
                       missing_notes: bool = False, follow_up: str | None = None,
                       relationship: str | None = None, today: date | None = None) -> int:
        with self.db.session(write=False) as session:
            if search and event is None and not (missing_notes or follow_up or relationship):
                counted = count_matches(session, search)  # the trigram index alone, when it can
                if counted is not None:
                    if trash_is_empty(session):
                        return counted
                    # the index holds trashed contacts too: take away the (few) that match
                    trashed_ids = select(Contact.id).where(Contact.deleted_at.is_not(None))
                    in_trash = apply_search(trashed_ids, session, search, Contact, counting=True)
                    return counted - session.scalar(select(func.count()).select_from(in_trash.subquery()))
            query = self._contact_query(session, event, search, missing_notes, follow_up, relationship, today,
                                        counting=True)
            return session.scalar(select(func.count()).select_from(query.subquery()))

    def find_contact(self, ref: str | int) -> Contact:
        """A contact named on the command line: its id, or a search fragment matching exactly one
        contact (else InvalidInputError listing the candidates)."""
        text = str(ref).strip()
        if text.isdigit():
            return self.get_contact(int(text))
        found = self.list_contacts(search=text, limit=6)
        if len(found) == 1:
            return self.get_contact(found[0].id)
        if not found:
            raise NotFoundError(f"No contact matches {text!r}.")
        names = "; ".join(f"{c.id}: {c.display_name}" for c in found[:5])
        raise InvalidInputError(f"{text!r} matches more than one contact ({names}); give the id instead.")

    def _contact_query(self, session: Session, event, search, missing_notes, follow_up, relationship,
                       today, counting: bool = False) -> Select:
        query = select(Contact).where(Contact.live())
        if event is not None:
            event_id = self._event(session, event).id
            query = query.where(Contact.id.in_(contacts_met_at(event_id)))
        if search:
            query = apply_search(query, session, search, Contact, counting=counting)
        if missing_notes:
            query = query.where(~exists().where(Note.contact_id == Contact.id, Note.written()))
        if follow_up:
            if follow_up not in FOLLOW_UP_FILTERS:
                raise InvalidInputError(f"Unknown follow-up filter {follow_up!r}; use one of: "
                                        f"{', '.join(FOLLOW_UP_FILTERS)}")
            day = today or date.today()
            due = {"today": FollowUp.due == day, "overdue": FollowUp.is_overdue(day), "due": FollowUp.due <= day}
            query = query.where(exists().where(FollowUp.contact_id == Contact.id, FollowUp.done.is_(False),
                                               due[follow_up]))
        if relationship:
            from netcapture.store.contact_data import parse_relationship

            query = query.where(Contact.relationship == parse_relationship(relationship))
        return query
