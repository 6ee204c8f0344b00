"""Plain records that the exporters write and the importer reads.

The store converts its ORM objects to and from these; nothing in
``netcapture.exports`` knows about SQLAlchemy, so the exporters can be tested
(and benchmarked) without a database.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

PHONE_KINDS = ("work", "mobile", "fax", "other")
DEFAULT_PHOTO_MIME = "image/jpeg"


def new_uid() -> str:
    """A fresh UID for a contact or follow-up; store it and reuse it on every export."""
    return f"urn:uuid:{uuid.uuid4()}"


def to_utc_seconds(moment: datetime) -> datetime:
    """``moment`` in UTC, to the whole second (the precision of vCard REV and iCalendar DTSTAMP).

    A naive datetime is taken to be UTC already.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


@dataclass
class PhoneRecord:
    number: str  # as printed on the card or typed by the user
    e164: str | None = None  # "+4930123456" when the number could be normalised
    kind: str = "other"  # one of PHONE_KINDS
    extension: str | None = None  # digits only: "204" of "+1 312 555 0101 ext. 204"

    def __post_init__(self) -> None:
        if self.kind not in PHONE_KINDS:
            raise ValueError(f"phone kind must be one of {', '.join(PHONE_KINDS)}, not {self.kind!r}")


@dataclass
class ContactRecord:
    """One contact as exported to vCard/CSV and as imported from a .vcf file.

    Text fields use "" for "not known", never None (except ``address``).
    """

    uid: str  # stable across exports: the same contact always gets the same UID
    rev: datetime | None = None  # last change, UTC; None only for imported cards without REV
    full_name: str = ""
    given: str = ""
    family: str = ""
    additional: str = ""  # middle names
    prefix: str = ""  # "Dr.", "Ms."
    suffix: str = ""  # "Jr.", "PhD"
    title: str = ""
    department: str = ""
    company: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[PhoneRecord] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    address: str | None = None  # free text as printed, lines separated by "\n"
    social: list[str] = field(default_factory=list)  # profile URLs or handles
    note: str = ""  # the user's notes as readable text
    categories: list[str] = field(default_factory=list)  # names of the events where we met
    photo: bytes | None = field(default=None, repr=False)  # the card image
    photo_mime: str = DEFAULT_PHOTO_MIME

    def __post_init__(self) -> None:
        if self.rev is not None:
            self.rev = to_utc_seconds(self.rev)

    @property
    def display_name(self) -> str:
        """The name to show: FN, else given + family, else company, else the first email."""
        if self.full_name.strip():
            return self.full_name.strip()
        parts = (self.prefix, self.given, self.additional, self.family, self.suffix)
        joined = " ".join(p.strip() for p in parts if p.strip())
        emails = [e.strip() for e in self.emails if e.strip()]
        return joined or self.company.strip() or (emails[0] if emails else "")


@dataclass
class FollowUpRecord:
    """A follow-up to do for a contact on a given day."""

    uid: str  # stable across exports, like ContactRecord.uid
    contact_uid: str
    contact_name: str
    due: date
    done: bool = False
    outcome: str = ""  # what came of it, once done
    summary: str = ""  # short title; "" means "Follow up with <contact_name>"
    description: str = ""  # longer text: what to do, context from the notes
    created: datetime | None = None  # UTC; used for DTSTAMP/CREATED when given
    contact_company: str = ""
    kind: str = "follow-up"  # or "intro for me" / "intro by me" (summary: whom)
    sequence: int = 0  # raised each time it moves or is done (iCalendar SEQUENCE)
    modified: datetime | None = None  # UTC, last change (iCalendar LAST-MODIFIED)

    def __post_init__(self) -> None:
        if self.created is not None:
            self.created = to_utc_seconds(self.created)
        if self.modified is not None:
            self.modified = to_utc_seconds(self.modified)
