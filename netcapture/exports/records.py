"""Plain records that the exporters write and the importer reads.

The store converts its ORM objects to and from these; nothing in
``netcapture.exports`` knows about SQLAlchemy, so the exporters can be tested
(and benchmarked) without a database.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ocr.reading import PHONE_KINDS  # one list: what the reader, the store and the exports call a phone

EMAIL_KINDS = ("work", "home", "other")
CONTACT_KINDS = ("individual", "org")  # vCard 4.0 KIND: a person, or a company on its own
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
    extension: str | None = None  # digits dialled after the number ("204"), kept apart from it

    def __post_init__(self) -> None:
        if self.kind not in PHONE_KINDS:
            raise ValueError(f"phone kind must be one of {', '.join(PHONE_KINDS)}, not {self.kind!r}")


@dataclass
class AddressParts:
    """A postal address split into the fields of vCard ADR and the CSV address columns.

    ``street`` may hold several lines ("\n"); every part is "" when not known.
    """

    street: str = ""
    locality: str = ""  # city or town
    region: str = ""  # state, province, prefecture
    postcode: str = ""
    country: str = ""
    po_box: str = ""
    extended: str = ""  # suite, floor, building

    def is_empty(self) -> bool:
        return not any((self.street, self.locality, self.region, self.postcode, self.country, self.po_box,
                        self.extended))


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
    email_kinds: list[str] = field(default_factory=list)  # EMAIL_KINDS, by position; missing = "work"
    phones: list[PhoneRecord] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    address: str | None = None  # free text as printed, lines separated by "\n"
    address_parts: AddressParts | None = None  # the same address split; None: worked out on export
    kind: str = "individual"  # CONTACT_KINDS: "org" is a company with no person's name
    birthday: str = ""  # "1984-05-17", or "--05-17" when the year is not known
    social: list[str] = field(default_factory=list)  # profile URLs or handles
    note: str = ""  # the user's notes as readable text
    categories: list[str] = field(default_factory=list)  # names of the events where we met
    photo: bytes | None = field(default=None, repr=False)  # the card image
    photo_mime: str = DEFAULT_PHOTO_MIME

    def __post_init__(self) -> None:
        if self.rev is not None:
            self.rev = to_utc_seconds(self.rev)

    def email_kind(self, index: int) -> str:
        kind = self.email_kinds[index] if index < len(self.email_kinds) else "work"
        return kind if kind in EMAIL_KINDS else "other"

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
