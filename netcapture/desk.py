"""The desktop app's service: the Library's calls shaped for a GUI, answering in plain data.

Everything here returns dataclasses, tuples and paths (never ORM objects), so the Qt views can
show them without touching storage; `ui/` imports this module, not `netcapture.store` or `ocr`.
No Qt here either. Every method may block on the database or the reader: the GUI calls them on
its worker queues, never on the GUI thread. Each Library call opens its own short session, so
the methods are safe to call from worker threads.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from netcapture.cancel import CancelToken
from netcapture.config import Config
from netcapture.errors import ContactNotFoundError, InvalidInputError, StorageError
from netcapture.exports.formats import EXPORT_FORMATS, ExportFormat
from netcapture.followups import (
    INTRO_STATES,
    OUTCOMES,
    SNOOZES,
    TEMPLATE_FIELDS,
    FollowUpRow,
    FollowUpRule,
    default_follow_up_date,
)
from netcapture.names import shown_name
from netcapture.results import GO_AGAIN_ANSWERS, REVIEW_ANSWERS, REVIEW_QUESTIONS, WORTH_FORMULA, EventResults
from netcapture.review import LIST_FIELDS, LOW_CONFIDENCE, ReviewItem
from netcapture.store.values import NO_NAME, NOTE_QUESTIONS, NOTE_TEXT_FIELDS, ReadStatus, Relationship
from netcapture.trash import TrashedItem
from ocr.load import CARD_FILE_SUFFIXES
from ocr.reading import PHONE_KINDS

if TYPE_CHECKING:
    from netcapture.capture import BatchResult, CaptureResult, Reader
    from netcapture.services import ContactSnapshot, ConversationProgress, Library, MemoryNotes, ReadingState
    from netcapture.store.models import Contact

# Loaded with the database layer (SQLAlchemy, ~0.7 s of CPU), on first use: the first window
# is built and painted from the names above alone (see Desk.deferred).
_WITH_THE_DATABASE = {
    "BatchResult": "netcapture.capture", "CaptureResult": "netcapture.capture",
    "MemoryNotes": "netcapture.services", "ReadingState": "netcapture.services",
    "ConversationProgress": "netcapture.services",
}


def __getattr__(name: str):
    if name in _WITH_THE_DATABASE:
        import importlib

        return getattr(importlib.import_module(_WITH_THE_DATABASE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["INTRO_STATES", "OUTCOMES", "SNOOZES", "TEMPLATE_FIELDS", "FollowUpRow", "FollowUpRule", "TrashedItem", "PHONE_KINDS", "ContactEdits", "CARD_FILE_SUFFIXES", "EXPORT_FORMATS", "LIST_FIELDS", "LOW_CONFIDENCE", "NOTE_QUESTIONS", "NO_NAME", "RELATIONSHIPS",
           "BatchResult", "CancelToken", "CaptureResult", "ContactCard", "ContactQuery", "ContactRow", "Desk",
           "DuplicatePair", "EventInfo", "ExportFormat", "FollowUpItem", "MemoryNotes", "PromptData",
           "ReadStatus", "ReadingState", "ReviewItem", "EventPlan", "EventResults", "ConversationProgress",
           "REVIEW_QUESTIONS", "WORTH_FORMULA", "REVIEW_ANSWERS", "GO_AGAIN_ANSWERS"]

# (stored value, label) for every relationship, prospects first.
RELATIONSHIPS = [(r.value, r.value.capitalize()) for r in Relationship]
# The contacts view's follow-up filters, in the Library's terms.
FOLLOW_UP_FILTER = {"today": "due", "overdue": "overdue"}


@dataclass(frozen=True)
class ContactsImported:
    """What importing a contacts file did, for the GUI to tell."""
    path: Path
    contact_ids: list[int]
    added: int
    updated: int
    problems: list[str]  # the importer's own words: card and line number, and why


@dataclass(frozen=True)
class ContactQuery:
    text: str = ""
    event_id: int | None = None
    notes_missing: bool = False
    follow_up: str | None = None  # None, "today" (due today or overdue) or "overdue"


@dataclass
class ContactRow:
    id: int
    name: str
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    events: str = ""
    has_notes: bool = False
    follow_up: date | None = None
    relationship: str = ""
    starred: bool = False  # a quality contact
    extra: dict = field(default_factory=dict)


@dataclass
class EventInfo:
    id: int
    name: str
    date: date | None = None


@dataclass
class EventPlan:
    """An event and its plan, as the plan dialog edits it."""

    name: str
    date: date | None = None
    venue: str = ""
    why: str = ""  # why I'm going
    looking_for: str = ""  # who I'm looking for, and the signs that someone could lead to them
    ask: str = ""  # my ask for tonight
    target_min: int = 5
    target_max: int = 8
    id: int | None = None  # None: not created yet


@dataclass
class FollowUpItem:
    id: int
    contact_id: int
    name: str
    company: str
    due: date
    summary: str
    done: bool = False
    outcome: str = ""
    overdue: bool = False


@dataclass
class ContactCard:
    """One contact as the detail pane and the merge dialog show it."""

    id: int
    name: str  # the name to show (or what is happening to the card while there is none)
    title: str = ""
    department: str = ""
    company: str = ""
    relationship: str = ""
    events: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number, kind)
    websites: list[str] = field(default_factory=list)
    address: str = ""
    notes: str = ""
    follow_ups: list[FollowUpItem] = field(default_factory=list)
    reading_failed: str = ""  # why the card could not be read, when it could not
    front: Path | None = None
    back: Path | None = None
    printed_name: str = ""  # the name as printed when it is shown otherwise (ALL CAPS in proper case)
    full_name: str = ""  # the name as it can be edited ("" while none was read)
    answers: dict[str, str] = field(default_factory=dict)  # Note.TEXT_FIELDS -> text, of the note edited
    note_event_id: int | None = None  # the event of that note (the latest one written)

    def edits(self) -> ContactEdits:
        """The card as the editor's values (what an undo puts back)."""
        return ContactEdits(full_name=self.full_name, title=self.title, department=self.department,
                            company=self.company, emails=list(self.emails), phones=list(self.phones),
                            websites=list(self.websites), address=self.address, relationship=self.relationship,
                            answers=dict(self.answers), note_event_id=self.note_event_id,
                            follow_ups=[(f.id, f.due, f.done) for f in self.follow_ups])


@dataclass
class EditUndo:
    snapshot: ContactSnapshot  # the contact's fields and corrections before the edit
    before: ContactEdits  # the editor's values before (notes, follow-ups)


@dataclass
class ContactEdits:
    """What the contact editor holds: every field the user can change in place."""

    full_name: str = ""
    title: str = ""
    department: str = ""
    company: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number as written, kind)
    websites: list[str] = field(default_factory=list)
    address: str = ""
    relationship: str = ""
    answers: dict[str, str] = field(default_factory=dict)  # Note.TEXT_FIELDS -> text
    note_event_id: int | None = None
    follow_ups: list[tuple[int, date, bool]] = field(default_factory=list)  # (id, due, done)


@dataclass
class DuplicatePair:
    keep: ContactCard
    other: ContactCard
    reason: str


@dataclass
class PromptData:
    """What the memory prompt shows for an existing contact."""

    contact_id: int
    who: str
    notes: MemoryNotes
    front: Path | None
    name: str = ""  # the name as it can be edited ("" while none was read)


def tesseract_problem() -> str | None:
    """None when the reader's OCR engine is installed; else what to tell the user."""
    from netcapture.services import reader_installed
    from ocr.errors import tesseract_install_hint

    if reader_installed():
        return None

    return ("Tesseract OCR is not installed, so cards cannot be read yet. Captured photos are kept "
            f"and read once it is installed. Install it with:  {tesseract_install_hint()}")


def find_card_outline(frame) -> list[tuple[float, float]] | None:
    """The largest card the reader's locator finds in a BGR camera frame (for the live outline)."""
    from ocr.locate import find_card_quads

    quads = find_card_quads(frame, max_cards=1)
    if not quads:
        return None
    return [(float(x), float(y)) for x, y in quads[0]]


def card_files(paths: Iterable[Path]) -> list[Path]:
    """The card images and scans among files and folders (the reader's own list of file types)."""
    from netcapture.capture import find_card_files

    return find_card_files(paths)


class Desk:
    def __init__(self, library: Library):
        self._library: Library | None = library
        self._config = library.config
        self._lock = threading.Lock()
        self._allowed = threading.Event()
        self._allowed.set()
        self._opened_by = threading.get_ident()
        self._failure: Exception | None = None

    @classmethod
    def open(cls, config: Config | None = None, reader: Reader | None = None) -> Desk:
        from netcapture.services import Library

        config = config or Config.load()
        config.ensure_data_dir()
        return cls(Library.open(config, reader))

    @classmethod
    def deferred(cls, config: Config) -> Desk:
        """A desk whose database opens on first use, once ``allow_open()`` was called: the desktop
        app paints its first window before loading the database layer (SQLAlchemy and the store,
        ~0.7 s of CPU) and opening the database. Worker threads asking earlier wait for
        allow_open(); the thread that made the desk never waits (it would wait for itself)."""
        config.ensure_data_dir()
        desk = cls.__new__(cls)
        desk._library, desk._config, desk._failure = None, config, None
        desk._lock, desk._allowed = threading.Lock(), threading.Event()
        desk._opened_by = threading.get_ident()
        return desk

    def allow_open(self) -> None:
        self._allowed.set()

    @property
    def library(self) -> Library:
        library = self._library
        if library is None:
            library = self._open_library()
        return library

    def _open_library(self) -> Library:
        if threading.get_ident() != self._opened_by:
            self._allowed.wait()
        with self._lock:  # one opening; the other threads wait for it and share it (or its error)
            if self._failure is not None:
                raise self._failure
            if self._library is None:
                from netcapture.services import Library

                try:
                    self._library = Library.open(self._config)
                except Exception as exc:
                    self._failure = exc
                    raise
            return self._library

    def ensure_open(self) -> None:
        """Open the database now (on a worker), so that a database that cannot be used is told at start."""
        self.library  # noqa: B018 - opening is the point

    def close(self) -> None:
        with self._lock:
            if self._library is not None:
                self._library.close()
            elif self._failure is None:  # never opened: a worker still waiting fails instead of opening it
                self._failure = StorageError("NetCapture is closing: the database was not opened")
        self._allowed.set()

    @property
    def config(self) -> Config:
        library = self._library
        return library.config if library is not None else self._config  # the Library's changes to it

    @property
    def data_dir(self) -> Path:
        return self.config.data_dir

    tesseract_problem = staticmethod(tesseract_problem)

    # -- reading options -----------------------------------------------------------------------
    def reading_languages(self) -> list[str]:
        return self.library.reading_languages()

    def reading_lang(self) -> str:
        return self.config.lang

    def reading_region(self) -> str | None:
        return self.config.region

    def set_reading_options(self, lang: str, region: str | None) -> None:
        self.library.set_reading_options(lang, region)

    # -- events --------------------------------------------------------------------------------
    def list_events(self) -> list[EventInfo]:
        return [EventInfo(s.event.id, s.event.name, s.event.date) for s in self.library.list_events()]

    def create_event(self, name: str, when: date | None = None, venue: str = "", goal: str = "") -> int:
        return self.library.get_or_create_event(name, date=when, venue=venue, goal=goal).id

    def current_event_id(self) -> int | None:
        """The event new cards are filed under: kept in the database, the one place for it."""
        event = self.library.current_event()
        return event.id if event is not None else None

    def set_current_event(self, event_id: int | None) -> str:
        """Make ``event_id`` the current event; returns its name ("" for none)."""
        self.library.set_current_event(event_id)
        return self.event_name(event_id)

    def event_name(self, event_id: int | None) -> str:
        return self.library.get_event(event_id).name if event_id is not None else ""

    # -- the plan, the live count, the after-event review and results (rules: netcapture.results)
    def event_plan(self, event_id: int) -> EventPlan:
        e = self.library.get_event(event_id)
        return EventPlan(e.name, e.date, e.venue, e.why, e.looking_for, e.ask, e.target_min, e.target_max, e.id)

    def save_event_plan(self, plan: EventPlan) -> int:
        """Create the event (plan.id None) or change it; returns its id."""
        fields = dict(date=plan.date, venue=plan.venue, why=plan.why, looking_for=plan.looking_for, ask=plan.ask,
                      target_min=plan.target_min, target_max=plan.target_max)
        if plan.id is None:
            return self.library.create_event(plan.name, **fields).id
        return self.library.update_event(plan.id, name=plan.name, **fields).id

    def set_starred(self, contact_ids: Iterable[int], starred: bool) -> None:
        """Star (or unstar) contacts as quality contacts; the event results count them."""
        for contact_id in contact_ids:
            self.library.update_contact(contact_id, starred=starred)

    def contact_names(self, contact_ids: Iterable[int]) -> dict[int, str]:
        """{id: the name to show} for these contacts."""
        return {i: shown_name(n) for i, n in self.library.display_names(contact_ids).items()}

    def delete_event(self, event_id: int) -> None:
        """To the Trash; its contacts stay."""
        self.library.delete_event(event_id)

    def conversation_progress(self, event_id: int | None) -> ConversationProgress | None:
        return self.library.conversation_progress(event_id) if event_id is not None else None

    def event_results(self, event_id: int) -> EventResults:
        return self.library.event_results(event_id)

    def all_event_results(self) -> list[EventResults]:
        return self.library.all_event_results()

    def events_to_review(self) -> list[EventInfo]:
        """Past events whose review was never offered: each is offered once (mark_review_offered)."""
        return [EventInfo(e.id, e.name, e.date) for e in self.library.events_to_review()]

    def mark_review_offered(self, event_id: int) -> None:
        self.library.mark_review_offered(event_id)

    def event_review(self, event_id: int) -> dict | None:
        return self.library.event_review(event_id)

    def save_event_review(self, event_id: int, answers: dict[str, str], lines: dict[str, str], go_again: str,
                          note: str) -> dict:
        return self.library.save_event_review(event_id, answers, lines, go_again, note)

    def export_report(self, fmt: str, path: Path, event_id: int | None = None) -> int:
        """The events report (fmt "csv" or "html", a printable page with the chart) for one event or
        all; returns how many events it holds."""
        from netcapture.exports.report import report_html, write_report_csv

        results = [self.event_results(event_id)] if event_id is not None else self.all_event_results()
        rows = [r.to_dict() for r in results]
        with open(path, "w", encoding="utf-8", newline="") as stream:
            if fmt == "csv":
                write_report_csv(rows, stream)
            else:
                stream.write(report_html(rows, WORTH_FORMULA))
        return len(rows)

    # -- capture -------------------------------------------------------------------------------
    def capture_card(self, source: Path | bytes, event_id: int | None, filename: str | None = None) -> CaptureResult:
        """Store a camera frame and create its contact ("reading pending") at once."""
        return self.library.capture_card(source, event_id, filename=filename)

    def read_capture(self, capture_id: int) -> CaptureResult:
        return self.library.read_capture(capture_id)

    def add_image(self, source: Path | bytes, event_id: int | None, filename: str | None = None) -> CaptureResult:
        """Store and read one file (slow)."""
        return self.library.add_image(source, event_id, filename=filename)

    def add_back_side(self, contact_id: int, source: Path | bytes, filename: str | None = None) -> CaptureResult:
        return self.library.add_back_side(contact_id, source, filename=filename)

    def import_files(self, paths: Sequence[Path], event_id: int | None,
                     progress: Callable[[int, int, str], None] | None = None,
                     cancel: CancelToken | None = None) -> BatchResult:
        """The one guarded batch (as `netcapture scan`): a bad file is reported, the rest go on."""
        return self.library.scan(list(paths), event_id, progress=progress, cancel=cancel)

    def reading_state(self, contact_id: int) -> ReadingState:
        return self.library.reading_state(contact_id)

    # -- contacts table ------------------------------------------------------------------------
    @staticmethod
    def _filters(query: ContactQuery) -> dict:
        return {"event": query.event_id, "search": query.text or None, "missing_notes": query.notes_missing,
                "follow_up": FOLLOW_UP_FILTER.get(query.follow_up) if query.follow_up else None}

    def contact_rows(self, query: ContactQuery, offset: int, limit: int) -> list[ContactRow]:
        return [ContactRow(id=s.id, name=shown_name(s.name, s.company), company=s.company, title=s.title, email=s.email, phone=s.phone,
                           events=", ".join(s.events), has_notes=s.has_notes, follow_up=s.next_follow_up,
                           relationship=s.relationship, starred=s.starred)
                for s in self.library.contact_summaries(**self._filters(query), offset=offset, limit=limit)]

    def count_contacts(self, query: ContactQuery | None = None) -> int:
        return self.library.count_contacts(**self._filters(query or ContactQuery()))

    # -- one contact ---------------------------------------------------------------------------
    def contact_name(self, contact_id: int) -> str:
        """"Name — Company" for a heading, "" while nothing has been read."""
        return _who(self.library.get_contact(contact_id))

    def card_images(self, contact_id: int) -> tuple[Path | None, Path | None]:
        """The flattened front and back card images on disk (either may be missing); for a card
        that could not be read, the stored photo stands in for the front."""
        front, back = (self.library.card_image_path(contact_id, side) for side in ("front", "back"))
        front = front if front and front.exists() else None
        if front is None:
            state = self.library.reading_state(contact_id)
            front = state.original if state.original and state.original.exists() else None
        return front, (back if back and back.exists() else None)

    def contact_card(self, contact_id: int, today: date | None = None) -> ContactCard | None:
        """Everything the detail pane shows about one contact; None when it is gone."""
        try:
            contact = self.library.get_contact(contact_id)
        except ContactNotFoundError:
            return None
        front, back = self.card_images(contact_id)
        return _card(contact, today or date.today(), self.library.reading_state(contact_id), front, back)

    def review_item(self, contact_id: int) -> ReviewItem | None:
        """One card to review (None when the contact is gone)."""
        try:
            return self.library.review_item(contact_id)
        except ContactNotFoundError:
            return None

    def save_review(self, contact_id: int, values: dict[str, str]) -> None:
        """Store what the user changed on the review screen; unchanged fields stay as read."""
        self.library.apply_review(contact_id, values)

    def save_contact(self, contact_id: int, edits: ContactEdits) -> EditUndo | None:
        """Store what was changed in the contact editor (only what differs becomes a correction).
        Returns what undo_edit needs to put it back; None when nothing changed."""
        card = self.contact_card(contact_id)
        if card is None:
            raise ContactNotFoundError(contact_id)
        before = card.edits()
        changes = {key: getattr(edits, key) for key in ("full_name", "title", "department", "company", "emails",
                                                         "phones", "websites", "address", "relationship")
                   if getattr(edits, key) != getattr(before, key)}
        answers = {k: v for k, v in edits.answers.items() if v != before.answers.get(k, "")}
        moved = [(fid, due, done) for fid, due, done in edits.follow_ups
                 if (fid, due, done) not in before.follow_ups]
        if not (changes or answers or moved):
            return None
        undo = EditUndo(self.library.contact_snapshot(contact_id), before)
        relationship = changes.pop("relationship", None)
        if changes:
            self.library.update_contact(contact_id, **changes)
        if answers or relationship:
            self.library.save_memory_notes(contact_id, edits.note_event_id, answers, relationship)
        for fid, due, done in moved:
            self.library.update_follow_up(fid, due=due, done=done)
        return undo

    def undo_edit(self, contact_id: int, undo: EditUndo) -> None:
        """Ctrl+Z after an edit: the fields as they were (corrections included, by the Library's
        snapshot), then the notes and follow-up dates as they were."""
        self.library.restore_snapshot(undo.snapshot)
        self.save_contact(contact_id, undo.before)

    def delete_contact(self, contact_id: int) -> None:
        """To the Trash (restore_contact brings it back)."""
        self.library.delete_contact(contact_id)

    def restore_contact(self, contact_id: int) -> None:
        self.library.restore_contact(contact_id)

    def trash(self) -> list[TrashedItem]:
        return self.library.trash()

    def restore(self, item: TrashedItem) -> None:
        if item.kind == "event":
            self.library.restore_event(item.id)
        else:
            self.library.restore_contact(item.id)

    def empty_trash(self) -> tuple[int, int]:
        return self.library.empty_trash()

    def review_queue(self) -> list[int]:
        """Cards waiting for review (stored with the contact: the queue survives a restart)."""
        return self.library.review_queue()

    def add_contact(self, event_id: int | None, name: str, company: str = "", email: str = "",
                    phone: str = "") -> int:
        """Someone without a card, typed in by hand; met at ``event_id``."""
        fields = {"full_name": name, "company": company, "emails": [email] if email else [],
                  "phones": [(phone, "work")] if phone else []}
        return self.library.create_contact(event_id, **fields).id

    # -- memory prompt -------------------------------------------------------------------------
    default_follow_up_date = staticmethod(default_follow_up_date)

    def prompt_state(self, contact_id: int, event_id: int | None) -> MemoryNotes:
        return self.library.memory_notes(contact_id, event_id)

    def prompt_data(self, contact_id: int, event_id: int | None) -> PromptData:
        contact = self.library.get_contact(contact_id)
        front, _back = self.card_images(contact_id)
        name = contact.full_name or (contact.display_name if contact.given_name else "")
        return PromptData(contact_id, _who(contact) or "Card not read yet",
                          self.library.memory_notes(contact_id, event_id), front, name)

    def rename(self, contact_id: int, name: str) -> None:
        """The name as the user typed it (a correction the reader never overwrites)."""
        self.library.update_contact(contact_id, full_name=name.strip())

    def save_prompt(self, contact_id: int, event_id: int | None, values: dict) -> None:
        """values: answers by Note field, and optionally "relationship" and "follow_up"."""
        answers = {k: v for k, v in values.items() if k not in ("relationship", "follow_up")}
        extra = {"follow_up": values["follow_up"]} if "follow_up" in values else {}
        self.library.save_memory_notes(contact_id, event_id, answers, values.get("relationship"), **extra)

    def missing_notes_count(self, event_id: int | None) -> int:
        return self.library.count_contacts(event_id, missing_notes=True)

    def missing_notes_ids(self, event_id: int | None, older_than_minutes: float = 0) -> list[int]:
        before = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=older_than_minutes)
        return self.library.contacts_missing_notes(event_id, before if older_than_minutes else None)

    # -- follow-ups ----------------------------------------------------------------------------
    def follow_up_rule(self) -> FollowUpRule:
        """When a new contact's follow-up is due (the user's setting)."""
        return self.library.follow_up_rule()

    def follow_up_settings(self) -> tuple[str, str]:
        """(the rule as text, the mail template) for the Settings dialog."""
        return str(self.library.follow_up_rule()), self.library.mail_template()

    def set_follow_up_settings(self, rule: str, template: str | None) -> FollowUpRule:
        """Both checked by the Library (a bad template raises with the reason)."""
        if template is not None:
            self.library.set_mail_template(template or None)
        return self.library.set_follow_up_rule(rule)

    def follow_up_sections(self, today: date | None = None) -> dict[str, list[FollowUpRow]]:
        """The Follow-ups view: overdue, today, upcoming and (the latest) done, as plain rows."""
        return self.library.follow_up_sections(today or date.today())

    def complete_follow_up(self, follow_up_id: int, outcome: str = "", note: str = "") -> None:
        self.library.complete_follow_up(follow_up_id, outcome, note or None)

    def snooze_follow_up(self, follow_up_id: int, days: int) -> None:
        self.library.snooze_follow_up(follow_up_id, days)

    def reschedule_follow_up(self, follow_up_id: int, due: date) -> None:
        self.library.reschedule_follow_up(follow_up_id, due)

    def follow_up_mail(self, follow_up_id: int) -> str:
        """The mailto: link of the follow-up draft (built from the notes by the Library's template)."""
        return self.library.follow_up_draft(follow_up_id).url

    def add_introduction(self, contact_id: int, whom: str, direction: str = "for me",
                         status: str = "asked") -> int:
        """Track an introduction as an item of its own: direction "for me" (they introduce me to
        ``whom``) or "by me" (I introduce them to ``whom``); status one of INTRO_STATES."""
        return self.library.add_introduction(contact_id, whom, direction, status).id

    def set_introduction_status(self, follow_up_id: int, status: str) -> None:
        """asked -> promised -> done (done ticks the item off with the matching outcome)."""
        self.library.set_introduction_status(follow_up_id, status)

    def add_follow_up(self, contact_id: int) -> int:
        """A new open follow-up, due by the Library's default rule."""
        return self.library.add_follow_up(contact_id).id

    # -- duplicates ----------------------------------------------------------------------------
    def duplicate_pairs(self) -> list[DuplicatePair]:
        today = date.today()
        pairs = []
        for d in self.library.duplicates():
            keep, other = self.library.get_contact(d.keep_id), self.library.get_contact(d.other_id)
            pairs.append(DuplicatePair(_card(keep, today), _card(other, today), d.reason))
        return pairs

    def merge(self, keep_id: int, other_id: int) -> None:
        self.library.merge(keep_id, other_id)

    def dismiss_duplicate(self, a: int, b: int) -> None:
        self.library.dismiss_duplicate(a, b)

    # -- exports -------------------------------------------------------------------------------
    def export(self, fmt: str, path: Path, contact_ids: Sequence[int] | None = None,
               event_id: int | None = None) -> int:
        """Write the chosen contacts (or an event's, or all) to ``path``; returns how many."""
        with open(path, "w", encoding="utf-8", newline="") as stream:
            if contact_ids is not None:
                return self.library.export_selection(fmt, stream, contact_ids)
            return self.library.export(fmt, stream, event_id)

    def export_per_contact(self, fmt: str, directory: Path) -> list[Path]:
        """One vCard file per contact in ``directory``, named by UID and replaced in place."""
        return self.library.export_per_contact(fmt, directory)

    def import_contacts(self, path: Path, event_id: int | None = None,
                        progress: Callable[[int, int], None] | None = None) -> ContactsImported:
        """Contacts from a .vcf or the app's Google/Outlook CSV (as `netcapture import`): a known UID
        updates its contact, the rest are new; unreadable cards are listed as the importer words them
        (card and line number) and skipped. ``progress`` hears (cards done, cards in the file or 0)."""
        from ocr.errors import ReaderError
        from ocr.load import read_file

        try:  # a regular file only, opened without blocking (as the CLI)
            data = read_file(Path(path))
        except ReaderError as exc:
            raise InvalidInputError(f"Cannot open {path}: {exc}") from None
        total = data.upper().count(b"BEGIN:VCARD")
        result = self.library.import_vcards(data, event=event_id,
                                            progress=(lambda done: progress(min(done, total), total))
                                            if progress else None)
        return ContactsImported(Path(path), result.created + result.updated, len(result.created),
                                len(result.updated), result.skipped + result.warnings)


def _who(contact: Contact) -> str:
    if not (contact.full_name or contact.given_name or contact.company or contact.emails):
        return ""  # nothing read yet
    return shown_name(contact.display_name, contact.company) + (
        f" — {contact.company}" if contact.company and contact.full_name else "")


def _card(contact: Contact, today: date, reading: ReadingState | None = None,
          front: Path | None = None, back: Path | None = None) -> ContactCard:
    from netcapture.exchange import note_text

    name = shown_name(contact.display_name, contact.company)
    if reading is not None and reading.status != ReadStatus.READ.value and name == NO_NAME:
        name = "Card being read…" if reading.status == ReadStatus.QUEUED.value else "Card not read"
    failed = ""
    if reading is not None and reading.status == ReadStatus.FAILED.value:
        failed = reading.error or "unknown reason"
    follow_ups = [FollowUpItem(f.id, contact.id, name, contact.company, f.due, f.summary, f.done,
                               f.outcome or "", f.is_overdue(today)) for f in contact.follow_ups]
    notes = sorted(contact.notes, key=lambda n: (n.updated_at or n.created_at, n.id))
    latest = notes[-1] if notes else None
    answers = {f: (getattr(latest, f) or "") if latest else "" for f in NOTE_TEXT_FIELDS}
    note_event = latest.event_id if latest else (contact.events[-1].id if contact.events else None)
    return ContactCard(
        full_name=contact.full_name or (contact.display_name if contact.given_name else ""),
        answers=answers, note_event_id=note_event,
        id=contact.id, name=name, title=contact.title, department=contact.department, company=contact.company,
        relationship=contact.relationship, events=[e.name for e in contact.events],
        emails=[e.address for e in contact.emails], phones=[(_phone_text(p), p.kind) for p in contact.phones],
        websites=list(contact.websites or []), address=contact.address or "", notes=note_text(contact.notes),
        follow_ups=follow_ups, reading_failed=failed, front=front, back=back,
        printed_name=contact.display_name if name != contact.display_name and name not in (
            "Card being read…", "Card not read") else "")


def _phone_text(phone) -> str:
    """The number as the user edits it: an extension written after it ("... x204")."""
    extension = getattr(phone, "extension", None)
    return phone.number + (f" x{extension}" if extension else "")
