"""Events and their plans: create, find, edit, list, and the current event (the one new
cards go to). Trashing an event is in library.trash; its results in library.event_results.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netcapture.errors import InvalidInputError
from netcapture.library.base import CURRENT_EVENT_KEY, EventRef, LibraryBase
from netcapture.store.models import Event, contact_events
from netcapture.store.settings import put_setting
from netcapture.trash import restore_event

# Events newest first: by date (undated last), then the latest made.
NEWEST_EVENTS_FIRST = (Event.date.desc().nulls_last(), Event.created_at.desc(), Event.id.desc())


@dataclass
class EventSummary:
    event: Event
    contact_count: int


class EventsMixin(LibraryBase):
    """Events: name, date, venue and the plan (why, who I look for, my ask, the target)."""

    def create_event(self, name: str, date: date | None = None, venue: str = "", goal: str = "",
                     notes: str = "", why: str = "", looking_for: str = "", ask: str = "",
                     target_min: int = 5, target_max: int = 8) -> Event:
        """A new event with its plan: why I'm going, who I'm looking for, my ask for tonight and
        a target range of real conversations (5-8 unless given)."""
        name = _required_name(name)
        _check_target(target_min, target_max)

        def work(session: Session) -> Event:
            existing = session.scalar(select(Event).where(Event.name == name))
            if existing is not None:
                where = " in the Trash (restore it, or empty the Trash)" if existing.deleted_at else ""
                raise InvalidInputError(f"An event called {name!r} already exists{where}.")
            event = Event(name=name, date=date, venue=venue, goal=goal, notes=notes, why=why,
                          looking_for=looking_for, ask=ask, target_min=target_min, target_max=target_max)
            session.add(event)
            session.flush()
            return event

        return self.db.run(work)

    def get_or_create_event(self, name: str, **fields: Any) -> Event:
        """The event with this name, created (with ``fields``) when there is none; safe when two
        laptops create the same event at the same time."""
        name = _required_name(name)

        def work(session: Session) -> Event:
            event = session.scalar(select(Event).where(Event.name == name))
            if event is None:
                event = Event(name=name, **fields)
                session.add(event)
                session.flush()
            elif event.deleted_at is not None:  # capturing for a trashed event brings it back
                restore_event(event)
            return event

        return self.db.run(work)  # a unique-name race raises IntegrityError and is retried

    def update_event(self, event: EventRef, **fields: Any) -> Event:
        """Edit an event and its plan: name, date, venue, goal, notes, why, looking_for, ask,
        target_min, target_max."""
        allowed = {"name", "date", "venue", "goal", "notes", "why", "looking_for", "ask", "target_min",
                   "target_max"}
        if set(fields) - allowed:
            raise InvalidInputError(f"Unknown event field(s): {', '.join(sorted(set(fields) - allowed))}")
        if "name" in fields:
            fields["name"] = _required_name(fields["name"])

        def work(session: Session) -> Event:
            found = self._event(session, event)
            for key, value in fields.items():
                setattr(found, key, value)
            _check_target(found.target_min, found.target_max)
            try:
                session.flush()
            except IntegrityError:
                raise InvalidInputError(f"An event called {fields['name']!r} already exists.") from None
            return found

        return self.db.run(work, retries=1)

    def get_event(self, event: EventRef) -> Event:
        with self.db.session(write=False) as session:
            return self._event(session, event)

    def list_events(self) -> list[EventSummary]:
        """All events, newest first, with how many contacts were met at each."""
        with self.db.session(write=False) as session:
            counts = (select(contact_events.c.event_id, func.count().label("n"))
                      .group_by(contact_events.c.event_id).subquery())
            rows = session.execute(
                select(Event, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.event_id == Event.id)
                .where(Event.deleted_at.is_(None))
                .order_by(*NEWEST_EVENTS_FIRST)).all()
            return [EventSummary(event, count) for event, count in rows]

    def set_current_event(self, event: EventRef | None) -> None:
        def work(session: Session) -> None:
            put_setting(session, CURRENT_EVENT_KEY, str(self._event(session, event).id) if event is not None else "")

        self.db.run(work)


def _check_target(low: int, high: int) -> None:
    if not (isinstance(low, int) and isinstance(high, int)) or low < 1 or high < low or high > 999:
        raise InvalidInputError(f"The target of real conversations must be a range like 5-8 (low at least 1, "
                                f"high not below low), not {low}-{high}.")


def _required_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInputError("An event needs a name.")
    return name
