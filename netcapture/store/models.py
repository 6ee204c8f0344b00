"""The contact store's tables, as typed SQLAlchemy 2 models.

The schema itself is created and evolved only by the Alembic migrations in
``netcapture/migrations`` (applied when a database is opened); keep the two in step.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm import relationship as orm_relationship  # "relationship" is also a Contact column

from netcapture.exports.records import new_uid
from netcapture.store.values import (  # noqa: F401 (re-exported: the store's values, defined without SQLAlchemy)
    NO_NAME,
    NOTE_QUESTIONS,
    NOTE_TEXT_FIELDS,
    FollowUpKind,
    NoteQuestion,
    ReadStatus,
    Relationship,
    Side,
    display_name_of,
    utcnow,
)


def card_image_name(image_sha256: str | None) -> str | None:
    """Where a flattened card image is stored under the cards directory (content-addressed)."""
    return f"{image_sha256[:2]}/{image_sha256}.jpg" if image_sha256 else None


# Fields of a contact the user may correct; a correction is never overwritten by a later reading.
CORRECTABLE_FIELDS = (
    "full_name", "prefix", "given_name", "middle_name", "family_name", "suffix",
    "title", "department", "company", "address", "emails", "phones", "websites", "social",
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


contact_events = Table(
    "contact_events",
    Base.metadata,
    Column("contact_id", ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("met_at", DateTime, nullable=False, default=utcnow),
)


def contacts_met_at(event_id: int) -> Select:
    """Ids of the contacts met at an event, as a subquery: ``Contact.id.in_(contacts_met_at(event_id))``."""
    return select(contact_events.c.contact_id).where(contact_events.c.event_id == event_id)


class Event(Base):
    """A networking evening, fair or meeting where cards were collected."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    date: Mapped[date | None] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300), default="")
    goal: Mapped[str] = mapped_column(Text, default="")  # e.g. "meet 5-8 quality people"
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)  # in the Trash since (revision 0005_follow_through)
    # The plan (revision 0006_event_plans): why I'm going, who I'm looking for (and the signs that
    # someone could lead to them), my ask for tonight, and a target of real conversations.
    why: Mapped[str] = mapped_column(Text, default="")
    looking_for: Mapped[str] = mapped_column(Text, default="")
    ask: Mapped[str] = mapped_column(Text, default="")
    target_min: Mapped[int] = mapped_column(Integer, default=5)
    target_max: Mapped[int] = mapped_column(Integer, default=8)
    review_offered_at: Mapped[datetime | None] = mapped_column(DateTime)  # the after-event review, offered once

    contacts: Mapped[list[Contact]] = orm_relationship(secondary=contact_events, back_populates="events",
                                                   passive_deletes=True)

    def __repr__(self) -> str:
        return f"Event(id={self.id}, name={self.name!r})"


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=new_uid)  # vCard UID, never changes
    full_name: Mapped[str] = mapped_column(String(300), default="")
    prefix: Mapped[str] = mapped_column(String(60), default="")
    given_name: Mapped[str] = mapped_column(String(150), default="")
    middle_name: Mapped[str] = mapped_column(String(150), default="")
    family_name: Mapped[str] = mapped_column(String(150), default="")
    suffix: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    department: Mapped[str] = mapped_column(String(300), default="")
    company: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str | None] = mapped_column(Text)
    # The address split (street, locality, region, postcode, country, po_box, extended) when an
    # imported card gave it so; None: split from ``address`` on export (revision 0005).
    address_parts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    birthday: Mapped[str] = mapped_column(String(10), default="")  # "1984-05-17" or "--05-17"
    photo_sha256: Mapped[str | None] = mapped_column(String(64))  # an imported photo, in photos/
    websites: Mapped[list[str]] = mapped_column(default=list)
    social: Mapped[list[str]] = mapped_column(default=list)
    relationship: Mapped[str] = mapped_column(String(32), default=Relationship.OTHER.value)
    corrected_fields: Mapped[list[str]] = mapped_column(default=list)  # see CORRECTABLE_FIELDS
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, index=True)
    # Case- and accent-folded name, company, emails, phones: what search matches (revision 0002).
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Revision 0005_follow_through: in the Trash since (None: not deleted); a card waiting for the user to
    # confirm fields read with low confidence (the stored review queue).
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    review_pending: Mapped[bool] = mapped_column(default=False)
    starred: Mapped[bool] = mapped_column(default=False)  # a quality contact, marked by the user

    emails: Mapped[list[ContactEmail]] = orm_relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactEmail.position",
        passive_deletes=True)
    phones: Mapped[list[ContactPhone]] = orm_relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactPhone.position",
        passive_deletes=True)
    events: Mapped[list[Event]] = orm_relationship(secondary=contact_events, back_populates="contacts",
                                               order_by="Event.date, Event.id", passive_deletes=True)
    card_sides: Mapped[list[CardSide]] = orm_relationship(back_populates="contact", order_by="CardSide.id",
                                                      passive_deletes=True)
    notes: Mapped[list[Note]] = orm_relationship(back_populates="contact", cascade="all, delete-orphan",
                                             order_by="Note.created_at, Note.id", passive_deletes=True)
    follow_ups: Mapped[list[FollowUp]] = orm_relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="FollowUp.due, FollowUp.id",
        passive_deletes=True)

    @classmethod
    def live(cls):
        """SQL: not in the Trash."""
        return cls.deleted_at.is_(None)

    @property
    def display_name(self) -> str:
        return display_name_of(self.full_name, self.prefix, self.given_name, self.middle_name, self.family_name,
                               self.suffix, self.company, lambda: self.emails[0].address if self.emails else "")

    def __repr__(self) -> str:
        return f"Contact(id={self.id}, name={self.display_name!r})"


class ContactEmail(Base):
    __tablename__ = "contact_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(320))
    normalized: Mapped[str] = mapped_column(String(320), index=True)  # lower-cased, for duplicates
    kind: Mapped[str] = mapped_column(String(16), default="work")  # exports.records.EMAIL_KINDS
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = orm_relationship(back_populates="emails")


class ContactPhone(Base):
    __tablename__ = "contact_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(80))  # as printed or typed
    e164: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="other")  # ocr.reading.PHONE_KINDS
    extension: Mapped[str | None] = mapped_column(String(16))  # digits only: "204" of "... ext. 204"
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = orm_relationship(back_populates="phones")


class Capture(Base):
    """One original file (photo, scan, PDF) as stored in the data directory, and its reading status.

    Stored by content: the same file added twice is one capture. Its row is committed before
    reading starts, so a capture survives a failed reading or a crash, and an interrupted batch
    resumes with the captures still ``queued`` or ``failed``.
    """

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(500), default="")  # name it had when added
    suffix: Mapped[str] = mapped_column(String(16), default="")  # ".jpg"; part of the stored name
    size: Mapped[int] = mapped_column(Integer, default=0)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    # When set, the card read from this capture is the back side of that contact.
    back_of_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=ReadStatus.QUEUED.value, index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)

    event: Mapped[Event | None] = orm_relationship()
    card_sides: Mapped[list[CardSide]] = orm_relationship(back_populates="capture", order_by="CardSide.id",
                                                      cascade="all, delete-orphan", passive_deletes=True)

    @property
    def stored_name(self) -> str:
        return f"{self.sha256[:2]}/{self.sha256}{self.suffix}"


class CardSide(Base):
    """One side of one card found in a capture, with what was read from it."""

    __tablename__ = "card_sides"
    __table_args__ = (UniqueConstraint("capture_id", "page", "card_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(8), default=Side.FRONT.value)
    page: Mapped[int] = mapped_column(Integer, default=0)
    card_index: Mapped[int] = mapped_column(Integer, default=0)
    image_sha256: Mapped[str | None] = mapped_column(String(64))  # flattened card image in cards/
    text: Mapped[str] = mapped_column(Text, default="")
    reading: Mapped[dict[str, Any]] = mapped_column(default=dict)  # CardReading.to_dict(with_words=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    capture: Mapped[Capture] = orm_relationship(back_populates="card_sides")
    contact: Mapped[Contact | None] = orm_relationship(back_populates="card_sides")

    @property
    def image_name(self) -> str | None:
        return card_image_name(self.image_sha256)


class Note(Base):
    """What the user learnt about a contact, usually written right after meeting them."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    need: Mapped[str] = mapped_column(Text, default="")  # what they need
    can_help: Mapped[str] = mapped_column(Text, default="")  # how I can help them
    can_ask: Mapped[str] = mapped_column(Text, default="")  # what I could ask them for
    introductions: Mapped[str] = mapped_column(Text, default="")  # who they could introduce me to
    text: Mapped[str] = mapped_column(Text, default="")  # anything else
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    contact: Mapped[Contact] = orm_relationship(back_populates="notes")
    event: Mapped[Event | None] = orm_relationship()

    TEXT_FIELDS = NOTE_TEXT_FIELDS
    QUESTIONS = tuple(q.field for q in NOTE_QUESTIONS)  # the four the memory prompt asks
    LABELS = {**{q.field: q.label for q in NOTE_QUESTIONS}, "text": "Notes"}

    @classmethod
    def written(cls):
        """SQL: this note has any written answer (what makes a contact a "real conversation")."""
        return or_(*(func.length(func.trim(getattr(cls, f))) > 0 for f in cls.TEXT_FIELDS))


class FollowUp(Base):
    """Something to do for a contact by a day: get back in touch, or an introduction."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=new_uid)  # iCalendar UID
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    due: Mapped[date] = mapped_column(Date, index=True)
    summary: Mapped[str] = mapped_column(String(300), default="")
    done: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(Text, default="")  # the user's words about what came of it
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Revision 0005_follow_through.
    kind: Mapped[str] = mapped_column(String(16), default=FollowUpKind.FOLLOW_UP.value)
    intro_status: Mapped[str] = mapped_column(String(16), default="")  # introductions: followups.INTRO_STATES
    outcome_kind: Mapped[str] = mapped_column(String(32), default="")  # once done: a key of followups.OUTCOMES
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE: +1 when moved or done
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)  # iCalendar LAST-MODIFIED

    contact: Mapped[Contact] = orm_relationship(back_populates="follow_ups")

    @hybrid_method
    def is_overdue(self, today: date) -> bool:
        """Open and due before ``today``: the one overdue rule (also usable in SQL queries)."""
        return not self.done and self.due < today

    @is_overdue.expression
    def is_overdue(cls, today: date):
        return and_(cls.done.is_(False), cls.due < today)


class EventReview(Base):
    """The after-event review: four questions answered yes / somewhat / no with an optional
    line, go again (yes / maybe / no) and a note (revision 0006_event_plans)."""

    __tablename__ = "event_reviews"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    quality: Mapped[str] = mapped_column(String(8), default="")  # quality professionals there?
    quality_line: Mapped[str] = mapped_column(Text, default="")
    new_people: Mapped[str] = mapped_column(String(8), default="")  # new, interesting people?
    new_people_line: Mapped[str] = mapped_column(Text, default="")
    helped: Mapped[str] = mapped_column(String(8), default="")  # could I help others there, or they me?
    helped_line: Mapped[str] = mapped_column(Text, default="")
    good_use: Mapped[str] = mapped_column(String(8), default="")  # a good use of my time?
    good_use_line: Mapped[str] = mapped_column(Text, default="")
    go_again: Mapped[str] = mapped_column(String(8), default="")  # yes / maybe / no
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class DismissedDuplicate(Base):
    """A pair the user said is not the same person, so it is not proposed again."""

    __tablename__ = "dismissed_duplicates"

    low_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    high_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)


class SyncItem(Base):
    """A contact's place in the CardDAV address book (netcapture.sync), and whether to sync it."""

    __tablename__ = "sync_items"

    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    policy: Mapped[str] = mapped_column(String(8), default="always")  # never, once, always
    href: Mapped[str | None] = mapped_column(String(1000))  # the card's URL path on the server
    etag: Mapped[str | None] = mapped_column(String(300))
    # The card as the server and the app last agreed on it: the base of a three-way comparison,
    # and the carrier of the properties the app does not know (PHOTO, X-*).
    synced_card: Mapped[str] = mapped_column(Text, default="")
    synced_at: Mapped[datetime | None] = mapped_column(DateTime)


class Setting(Base):
    """Small shared state such as the current event."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
