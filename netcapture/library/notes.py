"""Notes about a contact, and the memory prompt ("before the memory fades"): what they
need, how I can help, what I could ask, who they could introduce me to; the notes-missing tray.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from netcapture.errors import InvalidInputError, NotFoundError
from netcapture.followups import follow_up_rule, move
from netcapture.library.base import EventRef, LibraryBase
from netcapture.store.contact_data import apply_user_changes
from netcapture.store.models import Contact, FollowUp, FollowUpKind, Note, utcnow

UNCHANGED = object()  # an argument left as it is


@dataclass
class MemoryNotes:
    answers: dict[str, str]  # Note.TEXT_FIELDS -> text; empty while nothing is written
    relationship: str
    follow_up: date | None  # the open follow-up's due date


class NotesMixin(LibraryBase):
    """Notes written at an event, and the contacts still without one."""

    def save_note(self, contact_id: int, note_id: int | None = None, event: EventRef | None = None,
                  **texts: str) -> Note:
        """Create a note (``note_id`` None) or update one. ``texts``: need, can_help, can_ask,
        introductions, text. A new note is tied to ``event`` or the current event."""
        _check_note_fields(texts)
        event_id = self._event_id_or_current(event) if note_id is None else None

        def work(session: Session) -> Note:
            contact = self._contact(session, contact_id)
            if note_id is None:
                note = Note(contact=contact, event_id=event_id)
                session.add(note)
            else:
                note = session.get(Note, note_id)
                if note is None or note.contact_id != contact_id:
                    raise NotFoundError(f"There is no note {note_id} for contact {contact_id}.")
            for key, value in texts.items():
                setattr(note, key, value or "")
            note.updated_at = utcnow()
            contact.updated_at = utcnow()
            session.flush()
            return note

        return self.db.run(work)

    def memory_notes(self, contact_id: int, event: EventRef | None = None) -> MemoryNotes:
        """What the memory prompt shows: the note written at ``event`` (default: the current one),
        the relationship and the open follow-up's date, or the default date while nothing is written."""
        event_id = self._event_id_or_current(event)
        with self.db.session(write=False) as session:
            contact = self._contact(session, contact_id)
            note = _event_note(session, contact_id, event_id)
            follow_up = _open_follow_up(session, contact_id)
            answers = {f: getattr(note, f) for f in Note.TEXT_FIELDS} if note else {}
            due = follow_up.due if follow_up else (None if note else follow_up_rule(session).due(date.today()))
            return MemoryNotes(answers, contact.relationship, due)

    def save_memory_notes(self, contact_id: int, event: EventRef | None = None,
                          answers: dict[str, str] | None = None, relationship: str | None = None,
                          follow_up: date | None | object = UNCHANGED) -> None:
        """Save the memory prompt as the user types (called again and again). ``answers`` (any of
        Note.TEXT_FIELDS) go to the contact's note for ``event``, created with the first written
        answer; ``follow_up`` moves the open follow-up (creating it) or, None, removes it."""
        answers = {k: (v or "").strip() for k, v in (answers or {}).items()}
        _check_note_fields(answers)
        event_id = self._event_id_or_current(event)

        def work(session: Session) -> None:
            contact = self._contact(session, contact_id)
            note = _event_note(session, contact_id, event_id)
            if note is None and any(answers.values()):
                note = Note(contact=contact, event_id=event_id)
                session.add(note)
            if note is not None and answers:
                for key, value in answers.items():
                    setattr(note, key, value)
                note.updated_at = contact.updated_at = utcnow()
            if relationship:
                apply_user_changes(contact, {"relationship": relationship}, self.config.region)
            if follow_up is not UNCHANGED:
                current = _open_follow_up(session, contact_id)
                if follow_up is None and current is not None:
                    session.delete(current)
                elif follow_up is not None and current is None:
                    session.add(FollowUp(contact=contact, due=follow_up, event_id=event_id, updated_at=utcnow()))
                elif follow_up is not None:
                    move(current, follow_up)

        self.db.run(work)

    def contacts_missing_notes(self, event: EventRef | None = None,
                               captured_before: datetime | None = None) -> list[int]:
        """Ids of contacts without a written note, oldest first (the "notes missing" tray); with
        ``captured_before`` (UTC), only those captured earlier: a reminder leaves the newest alone."""
        with self.db.session(write=False) as session:
            query = self._contact_query(session, event, None, True, None, None, None)
            if captured_before is not None:
                query = query.where(Contact.created_at <= captured_before)
            return list(session.scalars(query.with_only_columns(Contact.id)
                                        .order_by(Contact.created_at, Contact.id)))


def _event_note(session: Session, contact_id: int, event_id: int | None) -> Note | None:
    """The note written about a contact at an event: the one the memory prompt edits."""
    at_event = Note.event_id == event_id if event_id is not None else Note.event_id.is_(None)
    return session.scalar(select(Note).where(Note.contact_id == contact_id, at_event)
                          .order_by(Note.id.desc()).limit(1))


def _open_follow_up(session: Session, contact_id: int) -> FollowUp | None:
    """The contact's next open follow-up (not an introduction): the one the memory prompt moves."""
    return session.scalar(select(FollowUp).where(FollowUp.contact_id == contact_id, FollowUp.done.is_(False),
                                                 FollowUp.kind == FollowUpKind.FOLLOW_UP.value)
                          .order_by(FollowUp.due, FollowUp.id).limit(1))


def _check_note_fields(names) -> None:
    unknown = set(names) - set(Note.TEXT_FIELDS)
    if unknown:
        raise InvalidInputError(f"Unknown note field(s): {', '.join(sorted(unknown))}")
