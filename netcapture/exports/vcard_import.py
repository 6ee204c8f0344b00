"""Import .vcf files (vCard 2.1, 3.0 and 4.0) from phones and other apps into ContactRecords.

vobject parses each card's lines (unfolding, parameters, vCard 2.1 quoted-printable and
charsets, groups); the values are interpreted here, because vobject's generic text handling
does not know which values are lists (CATEGORIES), URIs (URL, tel:, data:) or RFC 6868
parameters (LABEL in 4.0).

The file is cut into cards before vobject sees them, so one broken card is reported (as an
:class:`InvalidVCardError` given to ``on_error``) and skipped while the others are read.
"""
from __future__ import annotations

import base64
import binascii
import codecs
import io
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import IO

from nameparser import HumanName
from vobject.base import ContentLine, VObjectError, getLogicalLines, textLineToContentLine

from netcapture.exports.errors import InvalidVCardError, NotAVCardFileError
from netcapture.exports.records import DEFAULT_PHOTO_MIME, ContactRecord, PhoneRecord
from netcapture.exports.vcard_text import (
    caret_decode,
    clean_text,
    split_structured,
    split_text_list,
    unescape_text,
)
from ocr.phones import to_e164

log = logging.getLogger(__name__)

# Namespace for UIDs given to cards that carry none: the same card imported twice gets the same UID.
_IMPORT_NAMESPACE = uuid.UUID("6f1d7c9e-3b0a-4f8e-9d55-0c2b7e1a4f60")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_SOCIAL_PROPERTIES = {"X-SOCIALPROFILE", "SOCIALPROFILE"}

Source = str | bytes | PathLike | IO


def read_vcards(source: Source, *, region: str | None = None,
                on_error: Callable[[InvalidVCardError], object] | None = None) -> Iterator[ContactRecord]:
    """Yield one ContactRecord per readable card in ``source``.

    ``source`` is the text of a .vcf file (str), its bytes, a path, or an open text or binary
    file. ``region`` ("DE", "US") lets numbers written without a country code get an E.164 form.
    A card that cannot be read is skipped and reported to ``on_error`` (logged if none is
    given). A source without any vCard raises :class:`NotAVCardFileError`.
    """
    where = str(source) if isinstance(source, PathLike) else "This file"
    found_any = False
    for card_number, first_line, lines in _split_cards(_text_lines(source, where), where):
        found_any = True
        try:
            yield _read_card(lines, card_number, first_line, region)
        except InvalidVCardError as error:
            if on_error is None:
                log.warning("%s", error)
            else:
                on_error(error)
    if not found_any:
        raise NotAVCardFileError(where, "it contains no BEGIN:VCARD")


def _text_lines(source: Source, where: str) -> Iterable[str]:
    if isinstance(source, str):
        return io.StringIO(source)
    if isinstance(source, PathLike):
        try:
            return io.StringIO(_decode(Path(source).read_bytes(), where))
        except OSError as error:
            raise NotAVCardFileError(where, error.strerror or str(error)) from error
    if isinstance(source, bytes | bytearray):
        return io.StringIO(_decode(bytes(source), where))
    if isinstance(source, io.TextIOBase):
        return source  # read lazily, line by line
    return io.StringIO(_decode(source.read(), where))


def _decode(data: bytes, where: str) -> str:
    """Text of a .vcf file: UTF-8 or UTF-16 with a byte-order mark, UTF-8, else Windows-1252
    (what old Outlook and phone exports without CHARSET use)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data[:4096]:
        raise NotAVCardFileError(where, "it holds binary data")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _split_cards(lines: Iterable[str], where: str) -> Iterator[tuple[int, int, list[str]]]:
    """(card number, line number of BEGIN, the card's physical lines) for each card."""
    card_number = depth = first_line = 0
    current: list[str] = []
    line_number = 0
    for line_number, raw in enumerate(lines, 1):
        if "\x00" in raw:
            raise NotAVCardFileError(where, "it holds binary data")
        line = raw.rstrip("\r\n")
        marker = line.strip().upper()
        if marker == "BEGIN:VCARD":
            if depth == 0:
                card_number += 1
                first_line = line_number
                current = []
            depth += 1
        if depth:
            current.append(line)
            if marker == "END:VCARD":
                depth -= 1
                if depth == 0:
                    yield card_number, first_line, current
    if depth:  # the file ends inside a card: hand it on, the reader reports it
        yield card_number, first_line, current


def _read_card(lines: list[str], card_number: int, first_line: int, region: str | None) -> ContactRecord:
    def invalid(reason: str, name: str = "") -> InvalidVCardError:
        return InvalidVCardError(card_number, first_line, reason, name)

    if lines[-1].strip().upper() != "END:VCARD":
        raise invalid("it has no END:VCARD line (the file may be cut off)")
    version = next((line.split(":", 1)[1].strip() for line in lines
                    if line.upper().startswith("VERSION:")), "3.0")
    text = "\r\n".join(lines) + "\r\n"
    content: list[ContentLine] = []
    # Where each logical line starts in the file, to name the line of an error.
    starts = [first_line + i for i, line in enumerate(lines) if line[:1] not in (" ", "\t")]
    logical_index = 0
    # Line level only (unfolding, parameters, quoted-printable): a vobject component would hand
    # each value to a behaviour that keeps only the text before the first unescaped comma.
    try:
        for logical_index, (logical, number) in enumerate(  # noqa: B007 (read after an error)
                getLogicalLines(io.StringIO(text), allowQP=version == "2.1")):
            line = textLineToContentLine(logical, number)
            if line.name not in {"BEGIN", "END", "VERSION"}:
                content.append(line)
    except VObjectError as error:
        where = f"line {starts[logical_index]}" if logical_index < len(starts) else "a line"
        raise invalid(f"{where} is not a valid vCard line") from error
    except (ValueError, LookupError, UnicodeError) as error:  # bad quoted-printable or charset
        raise invalid(f"a value cannot be decoded ({error})") from error
    return _CardReader(content, version, region).record(text, invalid)


class _CardReader:
    """Turns one parsed vobject card (values still escaped) into a ContactRecord."""

    def __init__(self, content: list[ContentLine], version: str, region: str | None):
        self.content = content
        self.legacy = version.startswith("2")  # vCard 2.1 escapes only ";"
        self.region = region

    def lines(self, name: str) -> list[ContentLine]:
        lines = [line for line in self.content if line.name == name]
        return sorted(lines, key=lambda line: not _is_preferred(line))

    def text(self, line: ContentLine) -> str:
        value = line.value if isinstance(line.value, str) else ""
        if self.legacy:
            return clean_text(value.replace("\\;", ";"))
        return clean_text(unescape_text(value))

    def first_text(self, name: str) -> str:
        return next((t for t in (self.text(line).strip() for line in self.lines(name)) if t), "")

    def structured(self, line: ContentLine) -> list[str]:
        return [clean_text(part).strip() for part in split_structured(line.value)]

    def record(self, card_text: str, invalid: Callable[..., InvalidVCardError]) -> ContactRecord:
        record = ContactRecord(uid=self.first_text("UID") or _derived_uid(card_text))
        record.rev = _parse_timestamp(self.first_text("REV"))
        record.full_name = self.first_text("FN")
        self._read_name(record)
        org_lines = self.lines("ORG")
        if org_lines:
            org = self.structured(org_lines[0])
            record.company = org[0]
            record.department = ", ".join(part for part in org[1:] if part)
        record.title = self.first_text("TITLE")
        record.emails = [e for e in (self.text(line).strip() for line in self.lines("EMAIL")) if e]
        record.phones = [p for p in (self._phone(line) for line in self.lines("TEL")) if p]
        record.websites = [u for u in (self.text(line).strip() for line in self.lines("URL")) if u]
        record.address = self._address()
        record.social = [s for s in (self._social(line) for name in _SOCIAL_PROPERTIES
                                     for line in self.lines(name)) if s]
        record.note = "\n\n".join(t for t in map(self.text, self.lines("NOTE")) if t.strip())
        record.categories = [c.strip() for line in self.lines("CATEGORIES")
                             for c in split_text_list(line.value) if c.strip()]
        self._read_photo(record)
        if not (record.display_name or record.phones):
            raise invalid("it has no name, company, email address or phone number")
        if not record.full_name:
            record.full_name = record.display_name
        return record

    def _read_name(self, record: ContactRecord) -> None:
        n_lines = self.lines("N")
        if n_lines:  # present, even if empty: the writer chose not to split the name
            parts = (self.structured(n_lines[0]) + [""] * 5)[:5]
            record.family, record.given, record.additional, record.prefix, record.suffix = parts
            return
        show_as_company = self.first_text("X-ABSHOWAS").upper() == "COMPANY"
        org = self.lines("ORG")
        company = self.structured(org[0])[0] if org else ""
        if record.full_name and not show_as_company and record.full_name != company:
            name = HumanName(record.full_name)
            record.given, record.family = name.first, name.last
            record.additional, record.prefix, record.suffix = name.middle, name.title, name.suffix

    def _phone(self, line: ContentLine) -> PhoneRecord | None:
        number = self.text(line).strip()
        if number.lower().startswith("tel:"):
            number = number[4:].split(";", 1)[0]  # drop URI parameters such as ;ext=
        if not number:
            return None
        types = _types(line)
        if "FAX" in types:
            kind = "fax"
        elif "CELL" in types:
            kind = "mobile"
        elif "WORK" in types:
            kind = "work"
        else:
            kind = "other"
        return PhoneRecord(number=number, e164=self._e164(number), kind=kind)

    def _e164(self, number: str) -> str | None:
        if _E164.match(number):
            return number
        return to_e164(number, self.region)  # the one E.164 rule: ocr.phones

    def _address(self) -> str | None:
        adr_lines = self.lines("ADR")
        if adr_lines:
            label = adr_lines[0].params.get("LABEL")
            if label:
                text = caret_decode(",".join(label)).strip()
                if text:
                    return text
        labels = self.lines("LABEL")
        if labels:
            text = self.text(labels[0]).strip()
            if text:
                return text
        if adr_lines:
            box, extended, street, city, region, code, country = (
                self.structured(adr_lines[0]) + [""] * 7)[:7]
            town = " ".join(p for p in (code, city) if p)
            town = ", ".join(p for p in (town, region) if p)
            box = f"PO Box {box}" if box else ""
            text = "\n".join(p for p in (street, extended, box, town, country) if p)
            return text or None
        return None

    def _social(self, line: ContentLine) -> str:
        value = self.text(line).strip()
        if value:
            return value
        user = line.params.get("X-USER")
        return user[0].strip() if user else ""

    def _read_photo(self, record: ContactRecord) -> None:
        for line in self.lines("PHOTO"):
            value = line.value if isinstance(line.value, str) else ""
            encoding = {e.upper() for e in line.params.get("ENCODING", [])}
            encoding |= {p.upper() for p in line.singletonparams}
            try:
                if value.startswith("data:"):
                    header, _, payload = value.partition(",")
                    if not header.endswith(";base64"):
                        continue
                    record.photo = base64.b64decode(re.sub(r"\s", "", payload), validate=True)
                    record.photo_mime = header[5:].split(";")[0] or DEFAULT_PHOTO_MIME
                    return
                if encoding & {"B", "BASE64"}:
                    record.photo = base64.b64decode(re.sub(r"\s", "", value), validate=True)
                    record.photo_mime = _photo_mime(_types(line) - {"B", "BASE64"})
                    return
            except (binascii.Error, ValueError):
                log.warning("Ignoring an unreadable photo on the card of %s", record.display_name)
            # a photo given by URL is not fetched: importing must not go on the network


def _types(line: ContentLine) -> set[str]:
    """TYPE values of a line, upper case: "TYPE=WORK,VOICE", "TYPE=work;TYPE=fax" and 2.1's ";CELL"."""
    values = {t.strip().upper() for param in line.params.get("TYPE", []) for t in param.split(",")}
    return values | {p.upper() for p in line.singletonparams}


def _is_preferred(line: ContentLine) -> bool:
    return "PREF" in _types(line) or "PREF" in line.params


def _photo_mime(types: set[str]) -> str:
    for subtype in ("JPEG", "PNG", "GIF", "HEIC", "WEBP", "BMP", "TIFF"):
        if subtype in types:
            return f"image/{subtype.lower()}"
    return DEFAULT_PHOTO_MIME


def _derived_uid(card_text: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_IMPORT_NAMESPACE, card_text)}"


_TIMESTAMP_FORMATS = ("%Y%m%dT%H%M%S%z", "%Y-%m-%dT%H:%M:%S%z", "%Y%m%dT%H%M%S", "%Y-%m-%dT%H:%M:%S",
                      "%Y%m%d", "%Y-%m-%d")


def _parse_timestamp(text: str) -> datetime | None:
    """REV in any of the forms phones and apps write; None when it cannot be read."""
    text = re.sub(r"\.\d+", "", text.strip().replace("Z", "+0000"))
    for form in _TIMESTAMP_FORMATS:
        try:
            moment = datetime.strptime(text, form)
        except ValueError:
            continue
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None

