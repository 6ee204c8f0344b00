"""The memory prompt's domain rules: notes saved as the user types, the follow-up and its default
date, the "notes missing" tray and what is due. Used by the desktop app; no Qt here.

Written by the ui helper because the app needed them before a notes service existed (see
/work/notes/ui_requests.md); the store helper may fold this into its services.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from netcapture.store.contact_data import parse_relationship
from netcapture.store.models import Contact, FollowUp, Note, Relationship, contact_events, utcnow

FOLLOW_UP_DELAY = timedelta(days=1)  # the default: follow up the next day
ANSWER_FIELDS = ("need", "can_help", "can_ask", "introductions", "text")
RELATIONSHIP_LABELS = {
    Relationship.PROSPECT: "Prospect",
    Relationship.REFERRAL_PARTNER: "Referral partner",
    Relationship.CONNECTOR: "Connector",
    Relationship.PEER: "Peer",
    Relationship.OTHER: "Other",
}


def default_follow_up_date(today: date | None = None) -> date:
    return (today or date.today()) + FOLLOW_UP_DELAY


def relationship_choices() -> list[tuple[str, str]]:
    """(stored value, label) for every relationship, prospects first."""
    return [(r.value, RELATIONSHIP_LABELS[r]) for r in Relationship]


def note_for(session: Session, contact_id: int, event_id: int | None) -> Note | None:
    """The note written about this contact at this event (the memory prompt edits that one)."""
    query = select(Note).where(Note.contact_id == contact_id).order_by(Note.id.desc()).limit(1)
    query = query.where(Note.event_id == event_id if event_id is not None else Note.event_id.is_(None))
    return session.scalar(query)


def save_answers(session: Session, contact_id: int, event_id: int | None, answers: dict[str, str]) -> Note | None:
    """Create or update the note with the prompt's answers; called repeatedly while typing.
    Nothing is created while every answer is still empty."""
    values = {k: (answers.get(k) or "").strip() for k in ANSWER_FIELDS if k in answers}
    note = note_for(session, contact_id, event_id)
    if note is None:
        if not any(values.values()):
            return None
        note = Note(contact_id=contact_id, event_id=event_id)
        session.add(note)
    for key, value in values.items():
        setattr(note, key, value)
    note.updated_at = utcnow()
    return note


def set_relationship(session: Session, contact_id: int, relationship: str) -> None:
    contact = session.get(Contact, contact_id)
    if contact is not None:
        contact.relationship = parse_relationship(relationship)


def open_follow_up(session: Session, contact_id: int) -> FollowUp | None:
    return session.scalar(select(FollowUp).where(FollowUp.contact_id == contact_id, FollowUp.done.is_(False))
                          .order_by(FollowUp.due, FollowUp.id).limit(1))


def set_follow_up(session: Session, contact_id: int, due: date | None, summary: str = "") -> FollowUp | None:
    """Set the date of the contact's open follow-up (creating it), or remove it when due is None."""
    follow_up = open_follow_up(session, contact_id)
    if due is None:
        if follow_up is not None:
            session.delete(follow_up)
        return None
    if follow_up is None:
        follow_up = FollowUp(contact_id=contact_id, due=due, summary=summary or "Follow up")
        session.add(follow_up)
    follow_up.due = due
    if summary:
        follow_up.summary = summary
    return follow_up


def mark_done(session: Session, follow_up_id: int, outcome: str = "") -> None:
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is not None:
        follow_up.done, follow_up.done_at, follow_up.outcome = True, utcnow(), outcome


def has_notes_clause():
    """SQL: the contact has at least one note with some text in it."""
    filled = or_(*[func.length(func.trim(getattr(Note, f))) > 0 for f in ANSWER_FIELDS])
    return exists().where(Note.contact_id == Contact.id, filled)


def missing_notes_count(session: Session, event_id: int | None) -> int:
    query = select(func.count(Contact.id)).where(~has_notes_clause())
    if event_id is not None:
        query = query.where(Contact.id.in_(
            select(contact_events.c.contact_id).where(contact_events.c.event_id == event_id)))
    return session.scalar(query) or 0


def missing_notes_ids(session: Session, event_id: int | None, older_than_minutes: float = 0) -> list[int]:
    """Contacts still without notes, oldest first; optionally only those captured a while ago
    (the gentle reminder leaves the card just captured alone)."""
    query = select(Contact.id).where(~has_notes_clause()).order_by(Contact.created_at, Contact.id)
    if event_id is not None:
        query = query.where(Contact.id.in_(
            select(contact_events.c.contact_id).where(contact_events.c.event_id == event_id)))
    if older_than_minutes:
        query = query.where(Contact.created_at <= utcnow() - timedelta(minutes=older_than_minutes))
    return list(session.scalars(query))


def due_follow_ups(session: Session, today: date | None = None) -> list[FollowUp]:
    """Open follow-ups due today or overdue, oldest first."""
    today = today or date.today()
    return list(session.scalars(select(FollowUp).where(FollowUp.done.is_(False), FollowUp.due <= today)
                                .order_by(FollowUp.due, FollowUp.id)))
