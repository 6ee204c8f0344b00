"""Contacts as CSV in the layouts that Google Contacts and Outlook import without any mapping.

Google: the layout Google Contacts itself exports as "Google CSV" since 2023 ("First Name",
"Middle Name", "Last Name", ..., "Organization Name", "Labels", "E-mail 1 - Label",
"E-mail 1 - Value", ...). Several values in one cell are separated by " ::: ", as Google does.
(The older "Name", "Given Name", "Family Name", "Group Membership" layout is still accepted by
Google's import, but is no longer what Google writes.)

Outlook: the column set of Outlook's "Comma Separated Values" export/import ("First Name",
"Last Name", "Company", "Job Title", "Business Street", "Business Phone", "Mobile Phone",
"Business Fax", "E-mail Address", "Categories", "Notes", "Web Page", ...). Outlook has one
column per kind of phone and one web page: numbers and links that find no column are added
to Notes so nothing is lost.

Rows are written one record at a time (memory stays flat). The file is UTF-8 with a byte order
mark: without one, Excel and Outlook read it in the Windows code page and garble accents.
The address goes into the structured columns (street, city, region, postcode, country) as
:mod:`netcapture.exports.addresses` splits it. A phone's extension follows it as " x204" (what
Google, Outlook and libphonenumber read back). Outlook separates categories with ";", so a ";"
inside an event's name is written as the full-width "；" (and read back as ";" by the app).
The contact's UID rides along (Google "Custom Field", Outlook "User 1") so the app's own
re-import updates the same contacts; :mod:`netcapture.exports.csv_import` reads both layouts.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO

from netcapture.exports.addresses import split_address
from netcapture.exports.errors import UnknownFormatError
from netcapture.exports.records import AddressParts, ContactRecord, PhoneRecord
from netcapture.exports.vcard_text import clean_text, tidy

CSV_LAYOUTS = ("google", "outlook")
GOOGLE_SEPARATOR = " ::: "
GOOGLE_EMAILS, GOOGLE_PHONES, GOOGLE_WEBSITES = 3, 4, 4
OUTLOOK_EMAILS = 3

GOOGLE_COLUMNS: tuple[str, ...] = (
    "First Name", "Middle Name", "Last Name",
    "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name",
    "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department",
    "Birthday", "Notes", "Labels",
    *(f"E-mail {i} - {part}" for i in range(1, GOOGLE_EMAILS + 1) for part in ("Label", "Value")),
    *(f"Phone {i} - {part}" for i in range(1, GOOGLE_PHONES + 1) for part in ("Label", "Value")),
    "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City",
    "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country",
    "Address 1 - Extended Address",
    *(f"Website {i} - {part}" for i in range(1, GOOGLE_WEBSITES + 1) for part in ("Label", "Value")),
    "Custom Field 1 - Label", "Custom Field 1 - Value",
)
UID_LABEL = "NetCapture UID"
OUTLOOK_CATEGORY_SEPARATOR, OUTLOOK_SEMICOLON = ";", "\uff1b"

OUTLOOK_COLUMNS: tuple[str, ...] = (
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department", "Job Title",
    "Business Street", "Business Street 2", "Business Street 3", "Business City", "Business State",
    "Business Postal Code", "Business Country/Region",
    "Home Street", "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region",
    "Other Street", "Other Street 2", "Other Street 3", "Other City", "Other State", "Other Postal Code",
    "Other Country/Region",
    "Assistant's Phone", "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone", "Other Fax",
    "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone", "Telex",
    "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server",
    "E-mail Address", "E-mail Type", "E-mail Display Name",
    "E-mail 2 Address", "E-mail 2 Type", "E-mail 2 Display Name",
    "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials", "Internet Free Busy",
    "Keywords", "Language", "Location", "Manager's Name", "Mileage", "Notes", "Office Location",
    "Organizational ID Number", "Other Address PO Box", "Priority", "Private", "Profession",
    "Referred By", "Sensitivity", "Spouse", "User 1", "User 2", "User 3", "User 4", "Web Page",
)

_GOOGLE_PHONE_LABELS = {"mobile": "Mobile", "work": "Work", "fax": "Work Fax", "home": "Home", "other": "Other"}
_GOOGLE_EMAIL_LABELS = {"work": "Work", "home": "Home", "other": "Other"}
# Outlook columns for each phone kind, tried in order.
_OUTLOOK_PHONE_COLUMNS = {
    "work": ("Business Phone", "Business Phone 2", "Company Main Phone"),
    "mobile": ("Mobile Phone", "Other Phone"),
    "fax": ("Business Fax", "Other Fax"),
    "home": ("Home Phone", "Home Phone 2"),
    "other": ("Other Phone", "Primary Phone", "Callback"),
}
_OUTLOOK_PHONE_NAMES = {"work": "Work", "mobile": "Mobile", "fax": "Fax", "home": "Home", "other": "Phone"}


def write_csv(records: Iterable[ContactRecord], stream: IO, layout: str = "google",
              bom: bool | None = None) -> int:
    """Write a header and one row per record; returns the number of rows.

    A binary stream gets UTF-8 bytes; a text stream should be opened with ``newline=""`` (the
    csv module writes CRLF row ends itself). ``bom`` (default: yes) starts the file with a
    UTF-8 byte order mark.
    """
    if layout not in CSV_LAYOUTS:
        raise UnknownFormatError("CSV layout", layout, CSV_LAYOUTS)
    columns, row_for = (GOOGLE_COLUMNS, google_row) if layout == "google" else (OUTLOOK_COLUMNS, outlook_row)
    text = stream if isinstance(stream, io.TextIOBase) else io.TextIOWrapper(
        stream, encoding="utf-8", newline="", write_through=True)
    try:
        write_bom = True if bom is None else bom
        if write_bom:
            text.write("\ufeff")
        writer = csv.DictWriter(text, fieldnames=columns, extrasaction="raise")
        writer.writeheader()
        count = 0
        for record in records:
            writer.writerow(row_for(record))
            count += 1
        return count
    finally:
        if text is not stream:
            text.flush()
            text.detach()  # leave the caller's binary stream open


def _phone_value(phone: PhoneRecord) -> str:
    extension = "".join(ch for ch in phone.extension or "" if ch.isdigit())
    number = tidy(phone.e164 or phone.number)
    return f"{number} x{extension}" if number and extension else number


def _address_columns(record: ContactRecord) -> AddressParts:
    return record.address_parts or split_address(_cell(record.address or ""))


def _cell(value: str) -> str:
    """A cell value: newlines kept (csv quotes them), control characters dropped."""
    return clean_text(value).strip()


def _fill(row: dict[str, str], slots: list[tuple[str, str]], items: list[tuple[str, str]]) -> None:
    """Put (label, value) items into numbered (label column, value column) slots; values that do
    not fit are added to the last slot with Google's " ::: " separator."""
    if not items:
        return
    for (label_column, value_column), (label, value) in zip(slots, items, strict=False):
        row[label_column], row[value_column] = label, value
    if len(items) > len(slots):
        label_column, value_column = slots[-1]
        row[value_column] = GOOGLE_SEPARATOR.join([row[value_column], *(v for _, v in items[len(slots):])])


def google_row(record: ContactRecord) -> dict[str, str]:
    row = dict.fromkeys(GOOGLE_COLUMNS, "")
    row.update({
        "First Name": _cell(record.given),
        "Middle Name": _cell(record.additional),
        "Last Name": _cell(record.family),
        "Name Prefix": _cell(record.prefix),
        "Name Suffix": _cell(record.suffix),
        "Organization Name": _cell(record.company),
        "Organization Title": _cell(record.title),
        "Organization Department": _cell(record.department),
        "Notes": clean_text(record.note).strip(),
        "Labels": GOOGLE_SEPARATOR.join(c for c in map(_cell, record.categories) if c),
        "Birthday": _cell(record.birthday),
        "Custom Field 1 - Label": UID_LABEL,
        "Custom Field 1 - Value": _cell(record.uid),
    })
    if not (row["First Name"] or row["Last Name"]) and record.full_name.strip():
        row["File As"] = _cell(record.full_name)  # a name we could not split: keep it visible
    _fill(row, [(f"E-mail {i} - Label", f"E-mail {i} - Value") for i in range(1, GOOGLE_EMAILS + 1)],
          [(_GOOGLE_EMAIL_LABELS[record.email_kind(i)], _cell(e)) for i, e in enumerate(record.emails) if _cell(e)])
    _fill(row, [(f"Phone {i} - Label", f"Phone {i} - Value") for i in range(1, GOOGLE_PHONES + 1)],
          [(_GOOGLE_PHONE_LABELS[p.kind], _phone_value(p)) for p in record.phones if _phone_value(p)])
    _fill(row, [(f"Website {i} - Label", f"Website {i} - Value") for i in range(1, GOOGLE_WEBSITES + 1)],
          [("Work", w) for w in map(_cell, record.websites) if w]
          + [("Profile", s) for s in map(_cell, record.social) if s])
    address = _cell(record.address or "")
    if address:
        parts = _address_columns(record)
        row.update({"Address 1 - Label": "Work", "Address 1 - Formatted": address,
                    "Address 1 - Street": parts.street, "Address 1 - City": parts.locality,
                    "Address 1 - PO Box": parts.po_box, "Address 1 - Region": parts.region,
                    "Address 1 - Postal Code": parts.postcode, "Address 1 - Country": parts.country,
                    "Address 1 - Extended Address": parts.extended})
    return row


def outlook_row(record: ContactRecord) -> dict[str, str]:
    row = dict.fromkeys(OUTLOOK_COLUMNS, "")
    row.update({
        "Title": _cell(record.prefix),
        "First Name": _cell(record.given),
        "Middle Name": _cell(record.additional),
        "Last Name": _cell(record.family),
        "Suffix": _cell(record.suffix),
        "Company": _cell(record.company),
        "Department": _cell(record.department),
        "Job Title": _cell(record.title),
        "Categories": OUTLOOK_CATEGORY_SEPARATOR.join(
            c.replace(";", OUTLOOK_SEMICOLON) for c in map(_cell, record.categories) if c),
        "Birthday": _cell(record.birthday),
        "User 1": _cell(record.uid),
    })
    if _cell(record.address or ""):
        parts = _address_columns(record)
        street = parts.street.split("\n")
        row.update({"Business Street": street[0], "Business Street 2": "\n".join(street[1:2]),
                    "Business Street 3": ", ".join(street[2:] + ([parts.extended] if parts.extended else [])),
                    "Business City": parts.locality, "Business State": parts.region,
                    "Business Postal Code": parts.postcode, "Business Country/Region": parts.country,
                    "Business Address PO Box": parts.po_box})
    leftovers: list[str] = []
    if not (row["First Name"] or row["Last Name"]) and record.full_name.strip():
        row["First Name"] = _cell(record.full_name)  # Outlook needs some name to file the contact under
    emails = [e for e in map(_cell, record.emails) if e]
    for index, email in enumerate(emails[:OUTLOOK_EMAILS], 1):
        prefix = "E-mail" if index == 1 else f"E-mail {index}"
        row[f"{prefix} Address"], row[f"{prefix} Type"] = email, "SMTP"
        row[f"{prefix} Display Name"] = f"{_cell(record.display_name)} ({email})"
    leftovers += [f"E-mail: {e}" for e in emails[OUTLOOK_EMAILS:]]
    for phone in record.phones:
        value = _phone_value(phone)
        if not value:
            continue
        column = next((c for c in _OUTLOOK_PHONE_COLUMNS[phone.kind] if not row[c]), None)
        if column:
            row[column] = value
        else:
            leftovers.append(f"{_OUTLOOK_PHONE_NAMES[phone.kind]}: {value}")
    links = [w for w in map(_cell, record.websites) if w]
    if links:
        row["Web Page"] = links[0]
    leftovers += [f"Web: {w}" for w in links[1:]]
    leftovers += [f"Profile: {s}" for s in map(_cell, record.social) if s]
    notes = clean_text(record.note).strip()
    row["Notes"] = "\n\n".join(part for part in (notes, "\n".join(leftovers)) if part)
    return row
