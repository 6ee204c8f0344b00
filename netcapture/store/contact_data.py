"""Filling and editing a contact's fields: from a card reading, from the user, from an import.

Two rules live here: a name is split into its parts with nameparser, and a field the user
corrected is never overwritten by a later reading (the reading itself stays on the card side).
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from netcapture.errors import InvalidInputError
from netcapture.store.models import CORRECTABLE_FIELDS, Contact, ContactEmail, ContactPhone, Relationship
from netcapture.store.search import contact_search_text
from ocr.reading import PHONE_KINDS, CardReading

NAME_PARTS = ("prefix", "given_name", "middle_name", "family_name", "suffix")
TEXT_FIELDS = ("full_name", *NAME_PARTS, "title", "department", "company")


def split_name(full_name: str) -> dict[str, str]:
    """"Dr. Anna Maria Schmidt PhD" -> prefix "Dr.", given "Anna", middle "Maria", family "Schmidt", suffix "PhD"."""
    from nameparser import HumanName  # ~0.1 s to import: not on the way to the app's first window

    name = HumanName(full_name.strip())
    return {"prefix": name.title, "given_name": name.first, "middle_name": name.middle,
            "family_name": name.last, "suffix": name.suffix}


# Longest values kept as database keys. PostgreSQL refuses an index entry over a third of a page
# (~2.7 KB), and one absurd imported value would roll back the whole import. 600 characters stay
# under it even in 4-byte UTF-8; real UIDs, e-mail addresses (RFC 5321: 254) and event names are shorter.
MAX_UID = 600
MAX_EMAIL_KEY = 320
MAX_EVENT_NAME = 200
# UIDs for imported contacts whose own UID is too long to be a key.
_LONG_UID_NAMESPACE = uuid.UUID("0b6a3f52-2c1e-4d7b-8a90-5e4f3d2c1b0a")


def storable(record, warn) -> object:
    """``record`` (an imported ContactRecord) with a UID or category too long to be a key shortened,
    telling ``warn``. A long UID becomes a name-based UUID of itself, so importing the same file
    again still finds the same contact."""
    if len(record.uid) > MAX_UID:
        short = f"urn:uuid:{uuid.uuid5(_LONG_UID_NAMESPACE, record.uid)}"
        warn(f"{record.display_name or 'A contact'}: its UID is {len(record.uid):,} characters long; "
             f"it was stored as {short}.")
        record.uid = short
    if any(len(c) > MAX_EVENT_NAME for c in record.categories):
        warn(f"{record.display_name or 'A contact'}: a category longer than {MAX_EVENT_NAME} characters "
             "was shortened to be an event name.")
        record.categories = [c[:MAX_EVENT_NAME].rstrip() for c in record.categories]
    return record


def record_texts(record) -> dict[str, str]:
    """An imported record's name and work fields, trimmed, as Contact column -> text ("" when absent).

    The name comes from its parts (N) when it has any, else split from the full name (FN). A company
    alone keeps no person's name: display_name falls back to the company.
    """
    parts = {"given_name": record.given, "family_name": record.family, "middle_name": record.additional,
             "prefix": record.prefix, "suffix": record.suffix}
    if record.full_name and not any(parts.values()):
        parts = split_name(record.full_name)
    texts = {"full_name": record.full_name, **parts, "title": record.title,
             "department": record.department, "company": record.company}
    return {key: (value or "").strip() for key, value in texts.items()}


def e164_of(number: str, region: str | None) -> str | None:
    """The number in E.164 form, or None when it cannot be understood as a valid number."""
    from ocr.phones import to_e164  # phonenumbers' metadata: loaded at the first number, not at start-up

    return to_e164(number, region)


# A phone as given to set_phones/unique_phones: (number, e164, kind, extension), or any object
# with those attributes (a ContactPhone, a reading's Phone, an import's PhoneRecord).
PhoneTuple = tuple[str, str | None, str, str | None]


def unique_emails(addresses: Iterable[str]) -> list[tuple[str, str]]:
    """(address, normalized) pairs, trimmed, the first of each address compared case-insensitively.
    The normalized key (for duplicates) is cut at MAX_EMAIL_KEY; the address is kept whole."""
    seen: set[str] = set()
    unique: list[tuple[str, str]] = []
    for address in addresses:
        address = address.strip()
        key = address.casefold()[:MAX_EMAIL_KEY]
        if address and key not in seen:
            seen.add(key)
            unique.append((address, key))
    return unique


def phone_tuple(phone) -> PhoneTuple:
    """(number, e164, kind, extension) of a phone object, a str, or a 2-, 3- or 4-tuple
    ((number, kind), (number, e164, kind), (number, e164, kind, extension))."""
    if isinstance(phone, str):
        return phone, None, "other", None
    if isinstance(phone, tuple | list):
        if len(phone) == 2:
            return phone[0], None, phone[1], None
        if len(phone) == 3:
            return phone[0], phone[1], phone[2], None
        return phone[0], phone[1], phone[2], phone[3]
    return phone.number, phone.e164, phone.kind, getattr(phone, "extension", None)


def unique_phones(phones: Iterable, region: str | None = None) -> list[PhoneTuple]:
    """(number, E.164, kind, extension), one per number and extension, E.164 worked out when
    missing, kinds checked. An extension still written in the number ("... x204") is split off."""
    unique: list[PhoneTuple] = []
    seen: set[str] = set()
    for phone in phones:
        number, e164, kind, extension = phone_tuple(phone)
        number = number.strip()
        if not extension:
            from ocr.phones import split_extension

            number, extension = split_extension(number)
        extension = "".join(ch for ch in extension or "" if ch.isdigit()) or None
        if not number:
            continue
        e164 = e164 or e164_of(number, region)
        key = (e164 or "".join(ch for ch in number if ch.isdigit())) + (f";ext={extension}" if extension else "")
        if key in seen:
            continue
        seen.add(key)
        unique.append((number, e164, kind if kind in PHONE_KINDS else "other", extension))
    return unique


def set_emails(contact: Contact, addresses: Iterable[str], kinds: dict[str, str] | None = None) -> None:
    """``kinds``: "work"/"home"/"other" by lower-cased address, for the addresses that bring one
    (an imported card); the others keep theirs, or are work addresses (read off a card)."""
    existing = {e.normalized: e for e in contact.emails}
    fresh: list[ContactEmail] = []
    for position, (address, key) in enumerate(unique_emails(addresses)):
        email = existing.get(key) or ContactEmail(address=address, normalized=key, kind="work")
        email.address, email.position = address, position
        if kinds and key in kinds:
            email.kind = kinds[key]
        fresh.append(email)
    contact.emails = fresh


def set_phones(contact: Contact, phones: Iterable, region: str | None = None) -> None:
    """``phones``: see phone_tuple (number as printed, E.164 or None, kind, extension). E.164 is
    worked out when missing."""
    contact.phones = [ContactPhone(number=number, e164=e164, kind=kind, extension=extension, position=position)
                      for position, (number, e164, kind, extension) in enumerate(unique_phones(phones, region))]


def refresh_search_text(contact: Contact) -> None:
    contact.search_text = contact_search_text(contact)


def apply_reading(contact: Contact, reading: CardReading, fill_only: bool = False) -> None:
    """Copy what was read onto ``contact``.

    Fields the user corrected are kept. With ``fill_only`` (a card's back side, or the same
    person's card read again) only empty fields are filled and new emails/phones are appended.
    """
    corrected = set(contact.corrected_fields or [])

    def may_set(field: str) -> bool:
        if field in corrected:
            return False
        return not fill_only or not getattr(contact, field)

    name = reading.text_value("name")
    if name and may_set("full_name"):
        contact.full_name = name.strip()
        parts = split_name(name)
        for part in NAME_PARTS:
            if part not in corrected and (not fill_only or not getattr(contact, part)):
                setattr(contact, part, parts[part])
    for field in ("title", "department", "company"):
        value = reading.text_value(field)
        if value and may_set(field):
            setattr(contact, field, value.strip())
    address = reading.text_value("address")
    if address and may_set("address"):
        contact.address = address.strip()

    emails = [f.value for f in reading.emails]
    phones = list(reading.phones)
    websites = [f.value.strip() for f in reading.websites if f.value.strip()]
    social = [f.value.strip() for f in reading.social if f.value.strip()]
    if fill_only:
        emails = [e.address for e in contact.emails] + emails
        phones = list(contact.phones) + phones
        websites = list(contact.websites or []) + websites
        social = list(contact.social or []) + social
    if "emails" not in corrected:
        set_emails(contact, emails)
    if "phones" not in corrected:
        set_phones(contact, phones, reading.region)
    if "websites" not in corrected:
        contact.websites = _unique(websites)
    if "social" not in corrected:
        contact.social = _unique(social)
    refresh_search_text(contact)


def apply_user_changes(contact: Contact, changes: dict, region: str | None = None) -> None:
    """Apply edits made by the user and remember them as corrections.

    Accepted keys: the text fields, ``address``, ``emails`` (list of str), ``phones`` (see
    phone_tuple), ``websites``, ``social``, ``relationship``.
    Setting ``full_name`` alone re-splits the name parts that were not given explicitly.
    """
    unknown = set(changes) - set(CORRECTABLE_FIELDS) - {"relationship"}
    if unknown:
        raise InvalidInputError(f"Unknown contact field(s): {', '.join(sorted(unknown))}")
    corrected = set(contact.corrected_fields or [])
    if "relationship" in changes:
        contact.relationship = parse_relationship(changes["relationship"])
    if "full_name" in changes:
        contact.full_name = (changes["full_name"] or "").strip()
        corrected.add("full_name")
        for part, value in split_name(contact.full_name).items():
            if part not in changes:
                setattr(contact, part, value)
    for field in TEXT_FIELDS[1:]:
        if field in changes:
            setattr(contact, field, (changes[field] or "").strip())
            corrected.add(field)
    if "address" in changes:
        contact.address = (changes["address"] or "").strip() or None
        corrected.add("address")
    if "emails" in changes:
        set_emails(contact, changes["emails"])
        corrected.add("emails")
    if "phones" in changes:
        set_phones(contact, changes["phones"], region)
        corrected.add("phones")
    for field in ("websites", "social"):
        if field in changes:
            setattr(contact, field, _unique(v.strip() for v in changes[field] if v and v.strip()))
            corrected.add(field)
    contact.corrected_fields = sorted(corrected)
    refresh_search_text(contact)


def parse_relationship(value: str | Relationship) -> str:
    try:
        return Relationship(str(value).strip().lower().replace("_", " ")).value
    except ValueError:
        allowed = ", ".join(r.value for r in Relationship)
        raise InvalidInputError(f"Unknown relationship {value!r}; use one of: {allowed}") from None


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out
