"""Results per event, the live count at the capture station and the after-event review.
The rules (what counts as a real conversation, on time, worth going back) are netcapture.results's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from netcapture.errors import InvalidInputError
from netcapture.library.base import EventRef, LibraryBase
from netcapture.library.events import NEWEST_EVENTS_FIRST
from netcapture.results import (
    GO_AGAIN_ANSWERS,
    REVIEW_ANSWERS,
    REVIEW_QUESTIONS,
    EventResults,
    conversation_count,
    event_results,
    review_dict,
)
from netcapture.store.models import Event, EventReview, utcnow


@dataclass
class ConversationProgress:
    """The live count at an event: real conversations so far against the target range."""

    count: int
    target_min: int
    target_max: int
    ask: str = ""  # my ask for tonight, to keep in mind

    @property
    def label(self) -> str:
        target = f"{self.target_min}–{self.target_max}" if self.target_max != self.target_min else str(self.target_min)
        return f"{self.count} of {target} real conversations"

    @property
    def goal_met(self) -> bool:
        return self.count >= self.target_min


class EventResultsMixin(LibraryBase):
    """What an event brought, and the review written after it."""

    def event_results(self, event: EventRef, today: date | None = None) -> EventResults:
        """One event's results: contacts, real conversations against the target, by relationship,
        notes, follow-ups on time / late / open / overdue, outcomes, the review, worth going back."""
        with self.db.session(write=False) as session:
            return event_results(session, self._event(session, event), today or date.today())

    def all_event_results(self, today: date | None = None) -> list[EventResults]:
        """Every event's results (not those in the Trash), newest first: the overview and the report."""
        with self.db.session(write=False) as session:
            events = session.scalars(select(Event).where(Event.deleted_at.is_(None))
                                     .order_by(*NEWEST_EVENTS_FIRST)).all()
            return [event_results(session, e, today or date.today()) for e in events]

    def unfinished_contacts(self, event: EventRef) -> list[int]:
        """The event's contacts still without a written note or without a follow-up, to finish in
        one pass after the event (ids, in the order they were added)."""
        return self.event_results(event).unfinished

    def conversation_progress(self, event: EventRef | None = None) -> ConversationProgress | None:
        """The live count for the capture station ("3 of 5–8 real conversations") and the ask;
        None without an event (default: the current one)."""
        event_id = self._event_id_or_current(event)
        if event_id is None:
            return None
        with self.db.session(write=False) as session:
            found = session.get(Event, event_id)
            return ConversationProgress(conversation_count(session, event_id), found.target_min,
                                        found.target_max, found.ask)

    def save_event_review(self, event: EventRef, answers: dict[str, str] | None = None,
                          lines: dict[str, str] | None = None, go_again: str | None = None,
                          note: str | None = None) -> dict[str, Any]:
        """Store the after-event review (what is given changes): ``answers`` by question
        (results.REVIEW_QUESTIONS: quality, new_people, helped, good_use) yes / somewhat / no,
        an optional ``lines`` text for each, ``go_again`` yes / maybe / no and a ``note``."""
        names = {name for name, _q in REVIEW_QUESTIONS}
        answers = {k: (v or "").strip().lower() for k, v in (answers or {}).items()}
        lines = {k: (v or "").strip() for k, v in (lines or {}).items()}
        unknown = (set(answers) | set(lines)) - names
        if unknown:
            raise InvalidInputError(f"Unknown review question(s): {', '.join(sorted(unknown))}; "
                                    f"use {', '.join(sorted(names))}")
        for name, value in answers.items():
            if value and value not in REVIEW_ANSWERS:
                raise InvalidInputError(f"Answer {name} with yes, somewhat or no, not {value!r}.")
        go = (go_again or "").strip().lower()
        if go and go not in GO_AGAIN_ANSWERS:
            raise InvalidInputError(f"Go again? Answer yes, maybe or no, not {go_again!r}.")

        def work(session: Session) -> dict[str, Any]:
            found = self._event(session, event)
            review = session.get(EventReview, found.id)
            if review is None:
                review = EventReview(event_id=found.id)
                session.add(review)
            for name, value in answers.items():
                setattr(review, name, value)
            for name, value in lines.items():
                setattr(review, f"{name}_line", value)
            if go_again is not None:
                review.go_again = go
            if note is not None:
                review.note = note.strip()
            review.updated_at = utcnow()
            if found.review_offered_at is None:
                found.review_offered_at = utcnow()
            session.flush()
            return review_dict(review)

        return self.db.run(work)

    def event_review(self, event: EventRef) -> dict[str, Any] | None:
        with self.db.session(write=False) as session:
            return review_dict(session.get(EventReview, self._event(session, event).id))

    def events_to_review(self, today: date | None = None) -> list[Event]:
        """Events whose date has passed and whose review was never offered nor written: the app
        offers each once, the next time it opens (then call mark_review_offered)."""
        day = today or date.today()
        with self.db.session(write=False) as session:
            return list(session.scalars(
                select(Event).where(Event.deleted_at.is_(None), Event.date.is_not(None), Event.date < day,
                                    Event.review_offered_at.is_(None),
                                    ~exists().where(EventReview.event_id == Event.id))
                .order_by(Event.date, Event.id)))

    def mark_review_offered(self, event: EventRef) -> None:
        def work(session: Session) -> None:
            found = self._event(session, event)
            if found.review_offered_at is None:
                found.review_offered_at = utcnow()

        self.db.run(work)
