"""Contacts back from the Google and Outlook CSV layouts that :mod:`csv_export` writes.

The layout is told by the header. What Outlook has no column for (a fourth phone of a kind, a
second web page, profiles) was written to Notes as "Mobile: ..." lines after a blank line: those
lines are read back into their fields. The UID rides in Google's "Custom Field" labelled
``UID_LABEL`` / Outlook's "User 1"; a row without one gets a UID derived from its content, so
importing the same file twice updates instead of duplicating.
"""
from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterator

from netcapture.exports.csv_export import (
    GOOGLE_SEPARATOR,
    OUTLOOK_CATEGORY_SEPARATOR,
    OUTLOOK_SEMICOLON,
    UID_LABEL,
)
from netcapture.exports.errors import NotAVCardFileError
from netcapture.exports.records import AddressParts, ContactRecord, PhoneRecord
from netcapture.exports.vcard_import import parse_birthday
from ocr.phones import split_extension, to_e164

_NAMESPACE = uuid.UUID("2f0c4b1e-8f7a-4c55-9a3d-6b1e0d7c9a21")
_GOOGLE_PHONE_KINDS = {"mobile": "mobile", "work": "work", "work fax": "fax", "home fax": "fax", "fax": "fax",
                       "home": "home", "main": "work", "other": "other"}
_OUTLOOK_PHONE_KINDS = {"Business Phone": "work", "Business Phone 2": "work", "Company Main Phone": "work",
                        "Mobile Phone": "mobile", "Business Fax": "fax", "Other Fax": "fax", "Home Fax": "fax",
                        "Home Phone": "home", "Home Phone 2": "home", "Other Phone": "other",
                        "Primary Phone": "other", "Callback": "other"}
_LEFTOVER = re.compile(r"^(E-mail|Work|Mobile|Fax|Home|Phone|Web|Profile): (.+)$")
_LEFTOVER_PHONE_KINDS = {"Work": "work", "Mobile": "mobile", "Fax": "fax", "Home": "home", "Phone": "other"}


def is_contacts_csv(head: str) -> bool:
    """Whether ``head`` (the start of a file) is a CSV header in a layout we read."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return "," in first and ("Organization Name" in first or "Business Street" in first
                             or "E-mail Address" in first)


def read_csv_contacts(text: str, region: str | None = None, where: str = "This file") -> Iterator[ContactRecord]:
    """One record per row of a Google or Outlook CSV file."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = reader.fieldnames or []
    if "Organization Name" in header:
        row_reader = _google
    elif "Business Street" in header or "E-mail Address" in header:
        row_reader = _outlook
    else:
        raise NotAVCardFileError(where, "it is neither a vCard file nor a Google or Outlook CSV file")
    for row in reader:
        row = {key: (value or "").strip() for key, value in row.items() if key}
        record = row_reader(row, region)
        if record.display_name or record.phones:
            yield record


def _phone(value: str, kind: str, region: str | None) -> PhoneRecord:
    number, extension = split_extension(value)
    return PhoneRecord(number=number, e164=to_e164(number, region), kind=kind, extension=extension)


def _uid(row: dict[str, str], given: str) -> str:
    if given:
        return given
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, repr(sorted(row.items())))}"


def _finish(record: ContactRecord) -> ContactRecord:
    parts = (record.prefix, record.given, record.additional, record.family, record.suffix)
    record.full_name = record.full_name or " ".join(p for p in parts if p)
    if not record.full_name and record.company:
        record.kind = "org"
    return record


def _google(row: dict[str, str], region: str | None) -> ContactRecord:
    uid = next((row.get(f"Custom Field {i} - Value", "") for i in range(1, 10)
                if row.get(f"Custom Field {i} - Label") == UID_LABEL), "")
    record = ContactRecord(
        uid=_uid(row, uid), given=row.get("First Name", ""), additional=row.get("Middle Name", ""),
        family=row.get("Last Name", ""), prefix=row.get("Name Prefix", ""), suffix=row.get("Name Suffix", ""),
        company=row.get("Organization Name", ""), title=row.get("Organization Title", ""),
        department=row.get("Organization Department", ""), note=row.get("Notes", ""),
        birthday=parse_birthday(row.get("Birthday", "")))
    if not (record.given or record.family):
        record.full_name = row.get("File As", "")
    record.categories = [c for c in _values(row.get("Labels", "")) if not c.startswith("* ")]
    for i in range(1, 100):
        label, value = row.get(f"E-mail {i} - Label"), row.get(f"E-mail {i} - Value")
        if label is None and value is None:
            break
        for address in _values(value or ""):
            record.emails.append(address)
            record.email_kinds.append({"work": "work", "home": "home"}.get((label or "").lower(), "other"))
    for i in range(1, 100):
        label, value = row.get(f"Phone {i} - Label"), row.get(f"Phone {i} - Value")
        if label is None and value is None:
            break
        kind = _GOOGLE_PHONE_KINDS.get((label or "").lower(), "other")
        record.phones += [_phone(v, kind, region) for v in _values(value or "")]
    for i in range(1, 100):
        label, value = row.get(f"Website {i} - Label"), row.get(f"Website {i} - Value")
        if label is None and value is None:
            break
        (record.social if label == "Profile" else record.websites).extend(_values(value or ""))
    if row.get("Address 1 - Formatted") or row.get("Address 1 - Street"):
        parts = AddressParts(street=row.get("Address 1 - Street", ""), locality=row.get("Address 1 - City", ""),
                             region=row.get("Address 1 - Region", ""),
                             postcode=row.get("Address 1 - Postal Code", ""),
                             country=row.get("Address 1 - Country", ""), po_box=row.get("Address 1 - PO Box", ""),
                             extended=row.get("Address 1 - Extended Address", ""))
        record.address = row.get("Address 1 - Formatted") or parts.street
        record.address_parts = None if parts.is_empty() else parts
    return _finish(record)


def _outlook(row: dict[str, str], region: str | None) -> ContactRecord:
    record = ContactRecord(
        uid=_uid(row, row.get("User 1", "")), prefix=row.get("Title", ""), given=row.get("First Name", ""),
        additional=row.get("Middle Name", ""), family=row.get("Last Name", ""), suffix=row.get("Suffix", ""),
        company=row.get("Company", ""), department=row.get("Department", ""), title=row.get("Job Title", ""),
        birthday=parse_birthday(row.get("Birthday", "")))
    record.categories = [c.strip().replace(OUTLOOK_SEMICOLON, ";")
                         for c in row.get("Categories", "").split(OUTLOOK_CATEGORY_SEPARATOR) if c.strip()]
    for prefix in ("E-mail", "E-mail 2", "E-mail 3"):
        if row.get(f"{prefix} Address"):
            record.emails.append(row[f"{prefix} Address"])
            record.email_kinds.append("work")
    for column, kind in _OUTLOOK_PHONE_KINDS.items():
        if row.get(column):
            record.phones.append(_phone(row[column], kind, region))
    if row.get("Web Page"):
        record.websites.append(row["Web Page"])
    notes, leftovers = _split_notes(row.get("Notes", ""))
    record.note = notes
    for name, value in leftovers:
        if name == "E-mail":
            record.emails.append(value)
            record.email_kinds.append("work")
        elif name == "Web":
            record.websites.append(value)
        elif name == "Profile":
            record.social.append(value)
        else:
            record.phones.append(_phone(value, _LEFTOVER_PHONE_KINDS[name], region))
    street = [row.get(c, "") for c in ("Business Street", "Business Street 2", "Business Street 3")]
    parts = AddressParts(street="\n".join(s for s in street if s), locality=row.get("Business City", ""),
                         region=row.get("Business State", ""), postcode=row.get("Business Postal Code", ""),
                         country=row.get("Business Country/Region", ""),
                         po_box=row.get("Business Address PO Box", ""))
    if not parts.is_empty():
        from netcapture.exports.addresses import printed_address

        record.address = printed_address(parts)
        record.address_parts = parts
    return _finish(record)


def _values(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(GOOGLE_SEPARATOR.strip()) if v.strip()]


def _split_notes(notes: str) -> tuple[str, list[tuple[str, str]]]:
    """The user's notes, and the "Mobile: ..." lines the export put after them."""
    head, _, last = notes.rpartition("\n\n")
    lines = last.split("\n")
    matches = [_LEFTOVER.match(line) for line in lines]
    if last and all(matches):
        return head, [(m.group(1), m.group(2)) for m in matches if m]
    return notes, []
