"""The service API of NetCapture: what the GUI and the CLI call.

    with Library.open() as library:                  # config from flags/env/defaults
        expo = library.create_event("Expo 2026", date=date(2026, 3, 4), goal="meet 5-8 people")
        library.set_current_event(expo.id)
        batch = library.scan(["~/cards"], event=expo.id, progress=print)
        for contact in library.list_contacts(search="acme", follow_up="overdue"): ...

Every method runs in its own transaction (all or nothing) and returns detached objects with
their emails, phones, events, notes and follow-ups loaded; change data through these methods,
not by setting attributes. Business rules (follow-up default date, duplicates, which fields a
reading may overwrite) live here and in the modules it calls, never in the UI.
Events may be given as an id, a name or an Event.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, selectinload

from netcapture.capture import (
    BatchResult,
    CancelCheck,
    CaptureResult,
    CaptureService,
    ProgressCallback,
    Reader,
    ResultCallback,
)
from netcapture.config import Config
from netcapture.dedupe import DuplicateSuggestion, all_duplicates, dismiss, duplicates_of, merge
from netcapture.errors import ContactNotFoundError, EventNotFoundError, InvalidInputError, NotFoundError
from netcapture.exchange import (
    iter_contact_records,
    iter_followup_records,
    record_to_contact,
    write_contact_files,
    write_contacts,
    write_follow_ups,
)
from netcapture.exports.formats import EXPORT_FORMATS, ExportFormat  # noqa: F401 (the CLI's and GUI's list)
from netcapture.exports.records import ContactRecord
from netcapture.followups import (
    DEFAULT_RULE,
    DUE_FILTERS,
    SECTIONS,
    FollowUpRow,
    FollowUpRule,
    MailDraft,
    check_intro_status,
    complete,
    draft_values,
    follow_up_row,
    follow_up_rule,
    mail_template,
    move,
    open_default_follow_up,
    parse_intro_kind,
    parse_outcome,
    render_draft,
    reopen,
    set_follow_up_rule,
    set_mail_template,
    snoozed_due,
    touch,
)
from netcapture.results import (
    GO_AGAIN_ANSWERS,
    REVIEW_ANSWERS,
    REVIEW_QUESTIONS,
    EventResults,
    conversation_count,
    event_results,
    review_dict,
)
from netcapture.review import ReviewItem, low_confidence_fields, review_changes, review_values
from netcapture.store.bulk import insert_contacts
from netcapture.store.contact_data import NAME_PARTS, TEXT_FIELDS, apply_user_changes
from netcapture.store.db import Database
from netcapture.store.listing import ContactSummary, contact_summaries, newest_first
from netcapture.store.models import (
    Capture,
    CardSide,
    Contact,
    Event,
    EventReview,
    FollowUp,
    FollowUpKind,
    Note,
    ReadStatus,
    contact_events,
    utcnow,
)
from netcapture.store.search import apply_search, count_matches
from netcapture.store.settings import get_setting, put_setting
from netcapture.trash import (
    TrashedItem,
    empty_trash,
    restore_contact,
    restore_event,
    trash_contact,
    trash_event,
    trash_is_empty,
    trashed,
)

EventRef = int | str | Event
CURRENT_EVENT_KEY = "current_event_id"
FOLLOW_UP_FILTERS = ("today", "overdue", "due")  # due today / before today / today or before


def reader_installed() -> bool:
    """Whether the OCR engine (Tesseract) is installed; the GUI says how to install it when not."""
    from ocr.engine import default_engine

    return default_engine().version() is not None


def default_follow_up_date(today: date | None = None) -> date:
    """The next day: the default rule's due date (followups.DEFAULT_RULE; the setting may differ,
    see Library.follow_up_rule) and what "tomorrow" means in a typed date."""
    return DEFAULT_RULE.due(today or date.today())


UNCHANGED = object()  # an argument left as it is


@dataclass
class MemoryNotes:
    answers: dict[str, str]  # Note.TEXT_FIELDS -> text; empty while nothing is written
    relationship: str
    follow_up: date | None  # the open follow-up's due date


@dataclass(frozen=True)
class ContactSnapshot:
    """A contact's editable fields as they were: taken before an edit, put back by Undo."""

    contact_id: int
    fields: dict[str, Any]  # full_name ... social, relationship, starred (as update_contact takes them)
    corrected: tuple[str, ...]  # which fields counted as the user's corrections


@dataclass
class ReadingState:
    status: str  # ReadStatus: "queued" (reading pending), "read" or "failed"
    error: str = ""  # why the reading failed, for the user
    original: Path | None = None  # the stored photo, to type the card in by hand


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


@dataclass
class EventSummary:
    event: Event
    contact_count: int


IMPORT_CHUNK = 500  # cards per bulk INSERT round (and per UID lookup) on import


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages for cards that could not be read
    duplicates: list[DuplicateSuggestion] = field(default_factory=list)


def _contact_options(with_readings: bool = True):
    card_sides = selectinload(Contact.card_sides)
    if not with_readings:  # a card's reading (every word box) is large; a list has no use for it
        card_sides = card_sides.options(defer(CardSide.reading), defer(CardSide.text))
    return (selectinload(Contact.emails), selectinload(Contact.phones), selectinload(Contact.events),
            selectinload(Contact.notes), selectinload(Contact.follow_ups), card_sides)


class Library:
    """One user's contacts, events and captures, opened from a Config."""

    def __init__(self, config: Config, db: Database, reader: Reader | None = None):
        self.config = config
        self.db = db
        self.capture = CaptureService(db, config, reader)

    @classmethod
    def open(cls, config: Config | None = None, reader: Reader | None = None, read_only: bool = False) -> Library:
        """Open (creating and migrating if needed) the database the config points at.
        ``read_only``: for listing and exporting; works on a read-only file or folder."""
        config = config or Config.load()
        return cls(config, Database.open(config, read_only=read_only), reader)

    @staticmethod
    def reading_language_choices() -> list[tuple[str, str]]:
        """(code, label) of each installed language, for Settings: ("jpn", "Japanese (jpn)")."""
        from ocr.languages import installed_languages, language_label

        return [(code, language_label(code)) for code in installed_languages()]

    def reading_languages(self) -> list[str]:
        """Tesseract languages installed on this machine (empty when Tesseract is missing)."""
        from ocr.languages import installed_languages

        return installed_languages()

    def set_reading_options(self, lang: str, region: str | None) -> None:
        """OCR language(s) and the phone region for numbers printed without +code, for cards
        read from now on. Raises InvalidInputError for an unknown region or language."""
        import phonenumbers

        region = (region or "").strip().upper() or None
        if region and region not in phonenumbers.SUPPORTED_REGIONS:
            raise InvalidInputError(f"{region!r} is not a country code phone numbers know (try JP, US, GB, DE…)")
        installed = self.reading_languages()
        missing = [code for code in lang.split("+") if installed and code not in installed]
        if not lang or missing:
            raise InvalidInputError(f"Tesseract has no data for {'+'.join(missing) or 'that language'}; "
                                    f"installed: {', '.join(installed)}")
        self.config = replace(self.config, lang=lang, region=region)
        self.capture.use_config(self.config)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- events -------------------------------------------------------------------------------
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

    def delete_event(self, event: EventRef) -> None:
        """Move an event to the Trash (restore_event brings it back). Its contacts stay."""
        def work(session: Session) -> None:
            found = self._event(session, event)
            trash_event(found)
            current = get_setting(session, CURRENT_EVENT_KEY)
            if current == str(found.id):
                put_setting(session, CURRENT_EVENT_KEY, "")

        self.db.run(work)

    # -- results, the live count and the after-event review (rules: netcapture.results) -------
    def event_results(self, event: EventRef, today: date | None = None) -> EventResults:
        """One event's results: contacts, real conversations against the target, by relationship,
        notes, follow-ups on time / late / open / overdue, outcomes, the review, worth going back."""
        with self.db.session(write=False) as session:
            return event_results(session, self._event(session, event), today or date.today())

    def all_event_results(self, today: date | None = None) -> list[EventResults]:
        """Every event's results (not those in the Trash), newest first: the overview and the report."""
        with self.db.session(write=False) as session:
            events = session.scalars(select(Event).where(Event.deleted_at.is_(None))
                                     .order_by(Event.date.desc().nulls_last(), Event.created_at.desc(),
                                               Event.id.desc())).all()
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

    def restore_event(self, event: EventRef) -> Event:
        def work(session: Session) -> Event:
            found = self._event(session, event, include_trashed=True)
            restore_event(found)
            return found

        return self.db.run(work)

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
                .order_by(Event.date.desc().nulls_last(), Event.created_at.desc(), Event.id.desc())).all()
            return [EventSummary(event, count) for event, count in rows]

    def current_event(self) -> Event | None:
        """The event new cards go to: kept in the database only (the GUI and CLI share it)."""
        with self.db.session(write=False) as session:
            value = get_setting(session, CURRENT_EVENT_KEY)
            event = session.get(Event, int(value)) if value else None
            return event if event is not None and event.deleted_at is None else None

    def set_current_event(self, event: EventRef | None) -> None:
        def work(session: Session) -> None:
            put_setting(session, CURRENT_EVENT_KEY, str(self._event(session, event).id) if event is not None else "")

        self.db.run(work)

    # -- capture ------------------------------------------------------------------------------
    def add_image(self, source: str | os.PathLike[str] | bytes, event: EventRef | None = None,
                  filename: str | None = None) -> CaptureResult:
        """Capture one photo, scan or PDF (see CaptureService). ``event`` defaults to the current one."""
        return self.capture.add_image(source, event_id=self._event_id_or_current(event), filename=filename)

    def capture_card(self, source: str | os.PathLike[str] | bytes, event: EventRef | None = None,
                     filename: str | None = None) -> CaptureResult:
        """At the shutter: store the photo and create its contact at once, "reading pending", so
        notes typed while it is read are never lost; read_capture() then fills the contact in."""
        return self.capture.add_pending(source, event_id=self._event_id_or_current(event), filename=filename)

    def read_capture(self, capture_id: int) -> CaptureResult:
        """Read a capture stored by capture_card (slow: call on a worker thread)."""
        return self.capture.read(capture_id)

    def reading_state(self, contact_id: int) -> ReadingState:
        """Whether the contact's card is still being read, was read, or could not be read."""
        with self.db.session(write=False) as session:
            row = session.execute(
                select(Capture.status, Capture.error, Capture.sha256, Capture.suffix)
                .join(CardSide, CardSide.capture_id == Capture.id)
                .where(CardSide.contact_id == contact_id).order_by(CardSide.side != "front", CardSide.id)
                .limit(1)).first()
        if row is None:  # typed in by hand or imported from a vCard
            return ReadingState(ReadStatus.READ.value)
        status, error, sha256, suffix = row
        return ReadingState(status, error, self.config.originals_dir / f"{sha256[:2]}/{sha256}{suffix}")

    def add_back_side(self, contact_id: int, source: str | os.PathLike[str] | bytes,
                      filename: str | None = None) -> CaptureResult:
        self.get_contact(contact_id)
        return self.capture.add_back_side(contact_id, source, filename=filename)

    def scan(self, paths: Sequence[str | os.PathLike[str]], event: EventRef | None = None,
             progress: ProgressCallback | None = None, cancel: CancelCheck | None = None,
             on_result: ResultCallback | None = None) -> BatchResult:
        """Capture files and folders, one guarded file at a time: the batch path of the CLI
        ``scan`` and of the GUI's import, samples, drag and drop and hot folder. An event given by
        a new name is created; ``cancel`` (e.g. a capture.CancelToken) stops between files;
        ``on_result`` hears each file's CaptureResult as it is filed."""
        if isinstance(event, str):
            event_id = self.get_or_create_event(event).id
        else:
            event_id = self._event_id_or_current(event)
        return self.capture.scan(paths, event_id=event_id, progress=progress, cancel=cancel, on_result=on_result)

    def resume_pending(self, progress: ProgressCallback | None = None, cancel: CancelCheck | None = None,
                       on_result: ResultCallback | None = None) -> BatchResult:
        """Read every capture left unread or failed (after a crash or a missing engine)."""
        return self.capture.resume(progress, cancel, on_result)

    def original_path(self, capture_id: int) -> Path:
        from netcapture.store.models import Capture

        with self.db.session(write=False) as session:
            capture = session.get(Capture, capture_id)
            if capture is None:
                raise NotFoundError(f"There is no capture with id {capture_id}.")
            return self.capture.original_path(capture)

    def card_image_path(self, contact_id: int, side: str = "front") -> Path | None:
        contact = self.get_contact(contact_id)
        for card in contact.card_sides:
            if card.side == side and card.image_name:
                return self.config.cards_dir / card.image_name
        return None

    # -- contacts -----------------------------------------------------------------------------
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
            return list(session.scalars(query.options(*_contact_options(with_readings=False))))

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

    def get_contact(self, contact_id: int) -> Contact:
        with self.db.session(write=False) as session:
            contact = session.scalar(select(Contact).where(Contact.id == contact_id).options(*_contact_options()))
            if contact is None:
                raise ContactNotFoundError(contact_id)
            return contact

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

    def review_item(self, contact_id: int) -> ReviewItem:
        """One card to review, as plain data: the form's values, the card image and its word
        boxes, which words each field came from, confidences and the fields that want a look."""
        contact = self.get_contact(contact_id)
        sides = sorted(contact.card_sides, key=lambda s: (s.side != "front", s.id))
        reading = (sides[0].reading if sides else None) or {}
        state = self.reading_state(contact_id)
        image = self.card_image_path(contact_id)
        if image is None or not image.exists():  # not read (yet): the stored photo stands in
            image = state.original if state.original and state.original.exists() else None
        corrected = set(contact.corrected_fields or [])
        return ReviewItem(contact_id=contact_id, image_path=image, words=list(reading.get("words") or []),
                          values=review_values(contact), confidence=dict(reading.get("confidence") or {}),
                          field_words={k: list(v) for k, v in (reading.get("field_words") or {}).items()},
                          corrected=corrected, low_confidence=low_confidence_fields(reading, corrected),
                          status=state.status, error=state.error)

    def apply_review(self, contact_id: int, values: dict[str, str]) -> Contact:
        """Store what the user changed on the review form (keys: review.REVIEW_FIELDS, lists
        comma-separated). Fields left as they were stay as read; changed ones become corrections."""
        def work(session: Session) -> None:
            contact = self._contact(session, contact_id)
            changes = review_changes(contact, values)
            if changes:
                apply_user_changes(contact, changes, self.config.region)
                contact.updated_at = utcnow()
            contact.review_pending = False  # what the user saw is confirmed

        self.db.run(work)
        return self.get_contact(contact_id)

    def confirm_review(self, contact_id: int) -> None:
        """The card is right as read: it leaves the review queue."""
        def work(session: Session) -> None:
            self._contact(session, contact_id).review_pending = False

        self.db.run(work)

    def review_queue(self, event: EventRef | None = None) -> list[int]:
        """Ids of cards waiting for review (fields read with low confidence, or a card that could
        not be read), oldest first. Stored with the contact, so the queue survives a restart."""
        with self.db.session(write=False) as session:
            query = self._contact_query(session, event, None, False, None, None, None)
            return list(session.scalars(query.where(Contact.review_pending.is_(True))
                                        .with_only_columns(Contact.id).order_by(Contact.created_at, Contact.id)))

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

    def delete_contact(self, contact_id: int) -> None:
        """Move a contact to the Trash: out of every list, count, search, export and follow-up,
        with everything kept until the Trash is emptied (restore_contact brings it back)."""
        self.db.run(lambda s: trash_contact(self._contact(s, contact_id)))

    def restore_contact(self, contact_id: int) -> Contact:
        self.db.run(lambda s: restore_contact(self._contact(s, contact_id)))
        return self.get_contact(contact_id)

    def trash(self) -> list[TrashedItem]:
        """Contacts and events in the Trash, most recently deleted first."""
        with self.db.session(write=False) as session:
            return trashed(session)

    def empty_trash(self) -> tuple[int, int]:
        """Delete the Trash's contacts and events for good; returns how many of each."""
        return self.db.run(empty_trash, retries=1)

    def remove_contact_from_event(self, contact_id: int, event: EventRef) -> None:
        def work(session: Session) -> None:
            contact, found = self._contact(session, contact_id), self._event(session, event)
            if found in contact.events:
                contact.events.remove(found)
                contact.updated_at = utcnow()

        self.db.run(work)

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

    # -- notes --------------------------------------------------------------------------------
    def save_note(self, contact_id: int, note_id: int | None = None, event: EventRef | None = None,
                  **texts: str) -> Note:
        """Create a note (``note_id`` None) or update one. ``texts``: need, can_help, can_ask,
        introductions, text. A new note is tied to ``event`` or the current event."""
        unknown = set(texts) - set(Note.TEXT_FIELDS)
        if unknown:
            raise InvalidInputError(f"Unknown note field(s): {', '.join(sorted(unknown))}")
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

    # -- follow-ups (the rules: netcapture.followups) -------------------------------------------
    def add_follow_up(self, contact_id: int, due: date | None = None, summary: str = "",
                      event: EventRef | None = None) -> FollowUp:
        """Plan a follow-up, due by the default rule (the next day) unless ``due`` is given."""
        def work(session: Session) -> FollowUp:
            contact = self._contact(session, contact_id)
            when = due or follow_up_rule(session).due(date.today()) or default_follow_up_date()
            follow_up = FollowUp(contact=contact, due=when, summary=summary, updated_at=utcnow(),
                                 event_id=self._event(session, event).id if event is not None else None)
            session.add(follow_up)
            session.flush()
            return follow_up

        return self.db.run(work)

    def update_follow_up(self, follow_up_id: int, due: date | None = None, summary: str | None = None,
                         done: bool | None = None, outcome: str | None = None) -> FollowUp:
        """Change a follow-up; moving it or marking it done (or not) raises its calendar SEQUENCE.
        ``outcome`` is an outcome key or label (followups.OUTCOMES), else the user's own words."""
        def work(session: Session) -> FollowUp:
            follow_up = self._follow_up(session, follow_up_id)
            if due is not None:
                move(follow_up, due)
            if summary is not None:
                follow_up.summary = summary.strip()
                follow_up.updated_at = utcnow()
            if done is True:
                kind, note = _outcome(outcome)
                complete(follow_up, kind, note)
            elif done is False:
                reopen(follow_up)
            elif outcome is not None:
                follow_up.outcome_kind, follow_up.outcome = _outcome(outcome)
            return follow_up

        return self.db.run(work)

    def complete_follow_up(self, follow_up_id: int, outcome: str = "", note: str | None = None) -> FollowUp:
        """Mark a follow-up done. ``outcome``: a key or label of followups.OUTCOMES (replied,
        meeting, introduced-them, introduced-me, no-answer, other); other words count as "other"
        with those words as the note. ``note``: what came of it, in the user's words."""
        def work(session: Session) -> FollowUp:
            follow_up = self._follow_up(session, follow_up_id)
            kind, words = _outcome(outcome)
            complete(follow_up, kind, note if note is not None else words)
            return follow_up

        return self.db.run(work)

    def reopen_follow_up(self, follow_up_id: int) -> FollowUp:
        return self.update_follow_up(follow_up_id, done=False)

    def snooze_follow_up(self, follow_up_id: int, days: int, today: date | None = None) -> FollowUp:
        """Put a follow-up off by ``days`` (from today when it is overdue)."""
        def work(session: Session) -> FollowUp:
            follow_up = self._follow_up(session, follow_up_id)
            move(follow_up, snoozed_due(follow_up, days, today or date.today()))
            return follow_up

        return self.db.run(work)

    def reschedule_follow_up(self, follow_up_id: int, due: date) -> FollowUp:
        return self.update_follow_up(follow_up_id, due=due)

    def delete_follow_up(self, follow_up_id: int) -> None:
        self.db.run(lambda s: s.delete(self._follow_up(s, follow_up_id)))

    def list_follow_ups(self, due_by: date | None = None, include_done: bool = False) -> list[FollowUp]:
        """Follow-ups of contacts not in the Trash, by due date (with their contact loaded)."""
        with self.db.session(write=False) as session:
            query = (select(FollowUp).join(Contact, Contact.id == FollowUp.contact_id).where(Contact.live())
                     .order_by(FollowUp.due, FollowUp.id).options(selectinload(FollowUp.contact)))
            if not include_done:
                query = query.where(FollowUp.done.is_(False))
            if due_by is not None:
                query = query.where(FollowUp.due <= due_by)
            return list(session.scalars(query))

    def follow_up_rows(self, due: str = "all", today: date | None = None, contact_id: int | None = None,
                       event: EventRef | None = None) -> list[FollowUpRow]:
        """Follow-ups as plain rows for the Follow-ups view and ``netcapture followups``. ``due``:
        overdue, today, upcoming, done, or all (every open one); done ones newest first."""
        if due not in DUE_FILTERS:
            raise InvalidInputError(f"Unknown follow-up filter {due!r}; use one of: {', '.join(DUE_FILTERS)}")
        day = today or date.today()
        with self.db.session(write=False) as session:
            query = (select(FollowUp).join(Contact, Contact.id == FollowUp.contact_id).where(Contact.live())
                     .options(selectinload(FollowUp.contact).selectinload(Contact.notes),
                              selectinload(FollowUp.contact).selectinload(Contact.events),
                              selectinload(FollowUp.contact).selectinload(Contact.emails)))
            query = query.where({"overdue": FollowUp.is_overdue(day),
                                 "today": and_(FollowUp.done.is_(False), FollowUp.due == day),
                                 "upcoming": and_(FollowUp.done.is_(False), FollowUp.due > day),
                                 "done": FollowUp.done.is_(True),
                                 "all": FollowUp.done.is_(False)}[due])
            if contact_id is not None:
                query = query.where(FollowUp.contact_id == contact_id)
            if event is not None:
                event_id = self._event(session, event).id
                query = query.where(FollowUp.contact_id.in_(
                    select(contact_events.c.contact_id).where(contact_events.c.event_id == event_id)))
            order = (FollowUp.done_at.desc(), FollowUp.id.desc()) if due == "done" else (FollowUp.due, FollowUp.id)
            return [follow_up_row(f, day) for f in session.scalars(query.order_by(*order))]

    def follow_up_sections(self, today: date | None = None, done_limit: int = 50) -> dict[str, list[FollowUpRow]]:
        """The Follow-ups view: {"overdue", "today", "upcoming", "done"} -> rows (the latest
        ``done_limit`` done ones)."""
        day = today or date.today()
        open_rows = self.follow_up_rows("all", day)
        sections = {name: [r for r in open_rows if r.section == name] for name in SECTIONS[:3]}
        sections["done"] = self.follow_up_rows("done", day)[:done_limit]
        return sections

    def follow_up_rule(self) -> FollowUpRule:
        """When a new contact's follow-up is due (a setting; the next day unless changed)."""
        with self.db.session(write=False) as session:
            return follow_up_rule(session)

    def set_follow_up_rule(self, rule: FollowUpRule | str) -> FollowUpRule:
        """"same-day", "next-day", "3" (days) or "none"; applies to contacts made from now on."""
        rule = rule if isinstance(rule, FollowUpRule) else FollowUpRule.parse(rule)
        self.db.run(lambda s: set_follow_up_rule(s, rule))
        return rule

    def add_introduction(self, contact_id: int, whom: str, direction: str = "for me", status: str = "asked",
                         due: date | None = None) -> FollowUp:
        """Track an introduction as a follow-up item of its own: "for me" (they could introduce me
        to ``whom``) or "by me" (I could introduce them to ``whom``), asked / promised / done."""
        whom = (whom or "").strip()
        if not whom:
            raise InvalidInputError("Say whom the introduction is to.")
        kind, state = parse_intro_kind(direction), check_intro_status(status)

        def work(session: Session) -> FollowUp:
            contact = self._contact(session, contact_id)
            when = due or follow_up_rule(session).due(date.today()) or default_follow_up_date()
            follow_up = FollowUp(contact=contact, due=when, summary=whom[:300], kind=kind, intro_status=state,
                                 updated_at=utcnow())
            session.add(follow_up)
            if state == "done":
                complete(follow_up, "introduced-them" if kind == FollowUpKind.INTRO_BY_ME.value else "introduced-me")
            session.flush()
            return follow_up

        return self.db.run(work)

    def set_introduction_status(self, follow_up_id: int, status: str) -> FollowUp:
        """asked -> promised -> done (done completes the item with the matching outcome)."""
        state = check_intro_status(status)

        def work(session: Session) -> FollowUp:
            follow_up = self._follow_up(session, follow_up_id)
            if follow_up.kind == FollowUpKind.FOLLOW_UP.value:
                raise InvalidInputError(f"Follow-up {follow_up_id} is not an introduction.")
            if state == "done":
                complete(follow_up, "introduced-them" if follow_up.kind == FollowUpKind.INTRO_BY_ME.value
                         else "introduced-me")
            else:
                reopen(follow_up)
                if follow_up.intro_status != state:
                    follow_up.intro_status = state
                    touch(follow_up)
            return follow_up

        return self.db.run(work)

    def follow_up_draft(self, follow_up_id: int) -> MailDraft:
        """The follow-up mail for the user's own mail client (MailDraft.url is a mailto: link):
        where you met, what they need, how you can help, what you could ask. Nothing is sent."""
        with self.db.session(write=False) as session:
            follow_up = self._follow_up(session, follow_up_id)
            contact = follow_up.contact
            event = session.get(Event, follow_up.event_id) if follow_up.event_id else None
            event = event or (contact.events[-1] if contact.events else None)
            values = draft_values(contact, list(contact.notes), event.name if event else "",
                                  event.date if event else None)
            to = contact.emails[0].address if contact.emails else ""
            return render_draft(mail_template(session), values, to)

    def mail_template(self) -> str:
        with self.db.session(write=False) as session:
            return mail_template(session)

    def set_mail_template(self, template: str | None) -> None:
        """The follow-up mail template ({first_name}, {at_event}, {need}, {can_help}, {can_ask},
        {introductions}, ...; a first line "Subject: ..." is the subject). None: the default."""
        self.db.run(lambda s: set_mail_template(s, template))

    # -- memory prompt ("before the memory fades") ---------------------------------------------
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
        unknown = set(answers) - set(Note.TEXT_FIELDS)
        if unknown:
            raise InvalidInputError(f"Unknown note field(s): {', '.join(sorted(unknown))}")
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

    # -- duplicates ---------------------------------------------------------------------------
    def duplicates(self, contact_id: int | None = None) -> list[DuplicateSuggestion]:
        """Suggested duplicate pairs: of one contact, or of the whole library."""
        with self.db.session(write=False) as session:
            found = (all_duplicates(session) if contact_id is None
                     else duplicates_of(session, self._contact(session, contact_id)))
            if not found or trash_is_empty(session):
                return found
            ids = {i for d in found for i in d.pair}
            gone = set(session.scalars(select(Contact.id).where(Contact.id.in_(ids), ~Contact.live())))
            return [d for d in found if not gone & set(d.pair)]

    def merge(self, keep_id: int, other_id: int) -> Contact:
        """Merge ``other_id`` into ``keep_id``: both events, all notes and follow-ups are kept."""
        def work(session: Session) -> None:
            merge(session, self._contact(session, keep_id), self._contact(session, other_id))

        self.db.run(work, retries=1)
        return self.get_contact(keep_id)

    def dismiss_duplicate(self, a: int, b: int) -> None:
        """The two are different people: don't propose them again."""
        self.db.run(lambda s: dismiss(s, self._contact(s, a).id, self._contact(s, b).id))

    # -- export and import --------------------------------------------------------------------
    def export(self, fmt: str, stream: IO, event: EventRef | None = None, include_photo: bool = False) -> int:
        """Write contacts (or, for "ics", follow-ups: open ones, and done ones marked done so a
        calendar that imported an earlier export updates them) to ``stream``; returns how many."""
        event_id = self._event_id(event)
        if fmt == "ics":
            return write_follow_ups(iter_followup_records(self.db, event_id, include_done=True), stream)
        records = iter_contact_records(self.db, event_id, include_photo, self.config.cards_dir)
        return write_contacts(fmt, records, stream, include_photo)

    def export_selection(self, fmt: str, stream: IO, contact_ids: Iterable[int], include_photo: bool = False) -> int:
        """Write the chosen contacts (or, for "ics", their open follow-ups) to ``stream``."""
        wanted = list(dict.fromkeys(contact_ids))
        if fmt == "ics":
            with self.db.session(write=False) as session:
                uids = set(session.scalars(select(Contact.uid).where(Contact.id.in_(wanted))))
            return write_follow_ups((r for r in iter_followup_records(self.db, include_done=True)
                                     if r.contact_uid in uids), stream)

        records = iter_contact_records(self.db, include_photo=include_photo, cards_dir=self.config.cards_dir,
                                       contact_ids=wanted)
        return write_contacts(fmt, records, stream, include_photo)

    def export_per_contact(self, fmt: str, directory: str | os.PathLike[str], event: EventRef | None = None,
                           include_photo: bool = False) -> list[Path]:
        """One vCard file per contact in ``directory``."""
        records = iter_contact_records(self.db, self._event_id(event), include_photo, self.config.cards_dir)
        return write_contact_files(fmt, records, Path(directory), include_photo)

    def import_vcards(self, source: str | os.PathLike[str] | bytes | IO, event: EventRef | None = None,
                      progress: Callable[[int], None] | None = None) -> ImportResult:
        """Import a .vcf file. A card whose UID is known updates that contact; others are new.
        Everything is written in one transaction: a failure leaves no half-imported contacts.

        Cards go in by the thousand: new ones by bulk INSERTs (store.bulk), known ones through
        the ORM; the duplicate check is one indexed pass over the whole import at the end
        (dedupe.duplicates_among). ``progress`` hears the number of cards done so far."""
        from netcapture.dedupe import Probe, duplicates_among, probes_for
        from netcapture.exports.vcard_import import read_vcards

        result = ImportResult()
        event_id = self._event_id(event)
        region = self.config.region
        records = read_vcards(source, region=region, on_error=lambda error: result.skipped.append(str(error)))

        def work(session: Session) -> None:
            result.created.clear()
            result.updated.clear()
            found_event = session.get(Event, event_id) if event_id else None
            probes: list[Probe] = []
            seen: set[str] = set()
            for chunk in _chunks(records, IMPORT_CHUNK):
                stored = set(session.scalars(select(Contact.uid).where(Contact.uid.in_({r.uid for r in chunk}))))
                new = []
                for record in chunk:
                    if record.uid not in stored and record.uid not in seen:
                        new.append(record)
                        seen.add(record.uid)
                ids = insert_contacts(session, new, [event_id] if event_id else [], region)
                result.created += ids
                probes += probes_for(session, ids)
                new_ids = {id(r) for r in new}
                for record in chunk:  # cards of contacts already stored, or twice in this file
                    if id(record) in new_ids:
                        continue
                    existing = session.scalar(select(Contact).where(Contact.uid == record.uid))
                    contact = record_to_contact(session, record, existing, region)
                    if found_event is not None and found_event not in contact.events:
                        contact.events.append(found_event)
                    contact.updated_at = utcnow()
                    session.flush()
                    result.updated.append(contact.id)
                if progress:
                    progress(len(result.created) + len(result.updated))
            created = set(result.created)
            result.duplicates = [d for found in duplicates_among(session, probes).values() for d in found
                                 if d.other_id not in created or d.keep_id not in created]

        self.db.run(work, retries=1)
        return result

    # -- helpers ------------------------------------------------------------------------------
    def _contact_query(self, session: Session, event, search, missing_notes, follow_up, relationship,
                       today, counting: bool = False) -> Select:
        query = select(Contact).where(Contact.live())
        if event is not None:
            event_id = self._event(session, event).id
            query = query.where(Contact.id.in_(
                select(contact_events.c.contact_id).where(contact_events.c.event_id == event_id)))
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


def _outcome(text: str | None) -> tuple[str, str]:
    """(outcome key, the user's words): a known key or label, else "other" with the words."""
    if not text or not text.strip():
        return "", ""
    try:
        return parse_outcome(text), ""
    except InvalidInputError:
        return "other", text.strip()


def _check_target(low: int, high: int) -> None:
    if not (isinstance(low, int) and isinstance(high, int)) or low < 1 or high < low or high > 999:
        raise InvalidInputError(f"The target of real conversations must be a range like 5-8 (low at least 1, "
                                f"high not below low), not {low}-{high}.")


def _required_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInputError("An event needs a name.")
    return name


def parse_date(text: str) -> date:
    """A date typed by a user: 2026-03-04, "today" or "tomorrow"."""
    value = text.strip().lower()
    if value == "today":
        return date.today()
    if value == "tomorrow":
        return default_follow_up_date()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInputError(f"Cannot understand the date {text!r}; write it as YYYY-MM-DD.") from None

