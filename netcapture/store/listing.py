"""One page of a contact list as light rows, for a table that pages as it scrolls.

A search-as-you-type table asks for a page on every key press; building full ORM contacts with
their collections for it cost more than finding them. Here the page is one column query (newest
first, so the newest-first index of migration 0003 serves it and it stops at the LIMIT) and
one small query per detail shown (first email, first phone, event names, notes, next follow-up)
over the ids of that page only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from netcapture.store.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    Event,
    FollowUp,
    Note,
    contact_events,
    display_name_of,
)


@dataclass(frozen=True)
class ContactSummary:
    id: int
    name: str  # as Contact.display_name
    company: str
    title: str
    email: str  # the first one, or ""
    phone: str  # the first one as printed, or ""
    events: list[str]  # where we met, in Contact.events order
    has_notes: bool  # at least one note with some text
    next_follow_up: date | None  # the earliest open follow-up
    relationship: str
    starred: bool = False  # a quality contact


_COLUMNS = (Contact.id, Contact.full_name, Contact.prefix, Contact.given_name, Contact.middle_name,
            Contact.family_name, Contact.suffix, Contact.company, Contact.title, Contact.relationship,
            Contact.starred)


def newest_first(contacts: Select) -> Select:
    """The order every contact list uses (and the newest-first index serves)."""
    return contacts.order_by(Contact.created_at.desc(), Contact.id.desc())


def contact_summaries(session: Session, contacts: Select, offset: int = 0,
                      limit: int | None = None) -> list[ContactSummary]:
    """The page ``offset``..``offset + limit`` of ``contacts`` (a ``select(Contact)`` with any
    filters, e.g. from ``search.apply_search``), newest first, as light rows."""
    page = newest_first(contacts.with_only_columns(*_COLUMNS)).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    rows = session.execute(page).all()
    if not rows:
        return []
    # One expanding parameter for the page's ids: the statements stay cached, and the ids are not
    # turned into 200 SQL literals one by one for each query.
    ids = {"ids": [row[0] for row in rows]}
    page_ids = bindparam("ids", expanding=True)
    emails = _first_of(session, select(ContactEmail.contact_id, ContactEmail.address)
                       .where(ContactEmail.contact_id.in_(page_ids))
                       .order_by(ContactEmail.position, ContactEmail.id), ids)
    phones = _first_of(session, select(ContactPhone.contact_id, ContactPhone.number)
                       .where(ContactPhone.contact_id.in_(page_ids))
                       .order_by(ContactPhone.position, ContactPhone.id), ids)
    events: dict[int, list[str]] = {}
    for contact_id, name in session.execute(
            select(contact_events.c.contact_id, Event.name).join(Event, Event.id == contact_events.c.event_id)
            .where(contact_events.c.contact_id.in_(page_ids)).order_by(Event.date, Event.id), ids):
        events.setdefault(contact_id, []).append(name)
    with_notes = set(session.scalars(select(Note.contact_id).where(Note.contact_id.in_(page_ids), Note.written()),
                                     ids))
    due = dict(session.execute(select(FollowUp.contact_id, func.min(FollowUp.due))
                               .where(FollowUp.contact_id.in_(page_ids), FollowUp.done.is_(False))
                               .group_by(FollowUp.contact_id), ids).all())
    summaries = []
    for cid, full_name, prefix, given, middle, family, suffix, company, title, relationship, starred in rows:
        email = emails.get(cid, "")
        summaries.append(ContactSummary(
            id=cid, name=display_name_of(full_name, prefix, given, middle, family, suffix, company, lambda e=email: e),
            company=company, title=title, email=email, phone=phones.get(cid, ""), events=events.get(cid, []),
            has_notes=cid in with_notes, next_follow_up=due.get(cid), relationship=relationship,
            starred=bool(starred)))
    return summaries


def _first_of(session: Session, pairs: Select, params: dict) -> dict[int, str]:
    """{contact id: its first value}, from (contact id, value) rows in order."""
    first: dict[int, str] = {}
    for contact_id, value in session.execute(pairs, params):
        first.setdefault(contact_id, value)
    return first
