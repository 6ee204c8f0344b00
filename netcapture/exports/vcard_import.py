"""Import .vcf files (vCard 2.1, 3.0 and 4.0) from phones and other apps into ContactRecords.

The app's one vCard reader (:mod:`ocr.vcard`, shared with the QR decoder) cuts the file into
cards and content lines; the values are interpreted here. A broken card (no END:VCARD, a line
that is not vCard, binary data) is reported as an :class:`InvalidVCardError` naming its line,
given to ``on_error``, and the cards around it are read as usual.

The file is read in chunks and decoded line by line (UTF-8, else Windows-1252, what old Outlook
and phone exports without CHARSET use), so memory stays bounded however large the file or its
photos: a value over :data:`ocr.vcard.MAX_LINE` (a photo of about 6 MB) is left out with a
message to ``on_warning``.
"""
from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import io
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from os import PathLike
from pathlib import Path
from typing import IO

from nameparser import HumanName

from netcapture.exports.errors import InvalidVCardError, NotAVCardFileError
from netcapture.exports.records import DEFAULT_PHOTO_MIME, AddressParts, ContactRecord, PhoneRecord
from netcapture.exports.vcard_text import clean_text
from ocr import vcard
from ocr.phones import to_e164
from ocr.vcard import Card, Line

log = logging.getLogger(__name__)

# Namespace for UIDs given to cards that carry none: the same card imported twice gets the same UID.
_IMPORT_NAMESPACE = uuid.UUID("6f1d7c9e-3b0a-4f8e-9d55-0c2b7e1a4f60")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_SOCIAL_PROPERTIES = ("X-SOCIALPROFILE", "SOCIALPROFILE")
_CHUNK = 1 << 20
_SNIFF = 4096  # binary data this early means the file is not a vCard file at all
_SURROGATES = re.compile(r"[\udc80-\udcff]")

Source = str | bytes | PathLike | IO


def read_vcards(source: Source, *, region: str | None = None,
                on_error: Callable[[InvalidVCardError], object] | None = None,
                on_warning: Callable[[str], object] | None = None) -> Iterator[ContactRecord]:
    """Yield one ContactRecord per readable card in ``source``.

    ``source`` is the text of a .vcf file (str), its bytes, a path, or an open text or binary
    file. ``region`` ("DE", "US") lets numbers written without a country code get an E.164 form.
    A card that cannot be read is skipped and reported to ``on_error`` (logged if none is
    given); something left out of a card that was read (a photo too large) goes to
    ``on_warning``. A source without any vCard raises :class:`NotAVCardFileError`.
    """
    where = str(source) if isinstance(source, PathLike) else "This file"
    warn = on_warning or (lambda message: log.warning("%s", message))
    found_any = False
    for card in vcard.read_cards(_physical_lines(source, where)):
        found_any = True
        try:
            yield _CardReader(card, region, warn).record()
        except InvalidVCardError as error:
            if on_error is None:
                log.warning("%s", error)
            else:
                on_error(error)
    if not found_any:
        raise NotAVCardFileError(where, "it contains no BEGIN:VCARD")


def _physical_lines(source: Source, where: str) -> Iterator[str]:
    if isinstance(source, str):
        yield from vcard.split_lines([source])
        return
    if isinstance(source, bytes | bytearray):
        yield from _stream_lines(io.BytesIO(bytes(source)), where)
        return
    if isinstance(source, PathLike):
        try:
            handle = Path(source).open("rb")
        except OSError as error:
            raise NotAVCardFileError(where, error.strerror or str(error)) from error
        with handle:
            yield from _stream_lines(handle, where)
        return
    if isinstance(source, io.TextIOBase):
        yield from vcard.split_lines(iter(lambda: source.read(_CHUNK), ""))
        return
    yield from _stream_lines(source, where)


def _stream_lines(stream: IO[bytes], where: str) -> Iterator[str]:
    first = stream.read(_CHUNK)
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if first.startswith(bom):
            if codec == "utf-8":
                first = first[len(bom):]
                break
            decoder = codecs.getincrementaldecoder(codec)(errors="replace")
            chunks = (decoder.decode(c) for c in _chunks(first, stream))
            yield from vcard.split_lines(chunks)
            return
    if b"\x00" in first[:_SNIFF]:
        raise NotAVCardFileError(where, "it holds binary data")
    # UTF-8, keeping undecodable bytes as surrogates: a line holding any is decoded again as
    # Windows-1252, so one old-style line does not garble the UTF-8 lines around it.
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    for line in vcard.split_lines(decoder.decode(c) for c in _chunks(first, stream)):
        if _SURROGATES.search(line):
            line = line.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")
        yield line


def _chunks(first: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    yield first
    while chunk := stream.read(_CHUNK):
        yield chunk
    yield b""


class _CardReader:
    """Turns one card's content lines (values still escaped) into a ContactRecord."""

    def __init__(self, card: Card, region: str | None, warn: Callable[[str], object]):
        self.card = card
        self.legacy = card.version.startswith("2")  # vCard 2.1 escapes only ";"
        self.region = region
        self.warn = warn

    def invalid(self, reason: str) -> InvalidVCardError:
        name = self.first_text("FN") if self.card.lines else ""
        return InvalidVCardError(self.card.number, self.card.first_line, reason, name[:80])

    def text(self, line: Line) -> str:
        return clean_text(vcard.unescape_text(line.value, self.legacy))

    def texts(self, name: str) -> list[str]:
        return [t for t in (self.text(line).strip() for line in self.card.all(name)) if t]

    def first_text(self, name: str) -> str:
        return next(iter(self.texts(name)), "")

    def structured(self, line: Line) -> list[str]:
        return [clean_text(part).strip() for part in vcard.split_structured(line.value, self.legacy)]

    def record(self) -> ContactRecord:
        if self.card.error:
            raise self.invalid(self.card.error)
        record = ContactRecord(uid=self.first_text("UID") or self._derived_uid())
        record.rev = _parse_timestamp(self.first_text("REV"))
        org = self.card.first("ORG")
        if org is not None:
            parts = self.structured(org)
            record.company = parts[0]
            record.department = ", ".join(part for part in parts[1:] if part)
        record.title = self.first_text("TITLE")
        for line in self.card.all("EMAIL"):
            address = self.text(line).strip().removeprefix("mailto:")
            if address:
                record.emails.append(address)
                record.email_kinds.append(vcard.email_kind(line.types()))
        record.phones = [p for p in map(self._phone, self.card.all("TEL")) if p]
        record.websites = self.texts("URL")
        self._read_name(record)
        self._read_address(record)
        record.social = [s for name in _SOCIAL_PROPERTIES for s in map(self._social, self.card.all(name)) if s]
        record.note = "\n\n".join(t for t in (self.text(line) for line in self.card.all("NOTE")) if t.strip())
        record.categories = [c.strip() for line in self.card.all("CATEGORIES")
                             for c in vcard.split_text_list(line.value) if c.strip()]
        record.birthday = self._birthday()
        self._read_photo(record)
        if not (record.display_name or record.phones):
            raise self.invalid("it has no name, company, email address or phone number")
        return record

    def _derived_uid(self) -> str:
        digest = hashlib.sha256()
        for line in self.card.lines:
            digest.update(f"{line.name}:{line.value}\n".encode("utf-8", "surrogatepass"))
        return f"urn:uuid:{uuid.uuid5(_IMPORT_NAMESPACE, digest.hexdigest())}"

    def _read_name(self, record: ContactRecord) -> None:
        """Name parts from N; a company on its own (KIND:org, Apple's X-ABShowAs:COMPANY, or a
        formatted name that is just the company or the e-mail) gets no invented person's name."""
        formatted = self.first_text("FN")
        n_line = self.card.first("N")
        parts = (self.structured(n_line) + [""] * 5)[:5] if n_line is not None else [""] * 5
        kind = self.first_text("KIND").lower()
        show_as_company = self.first_text("X-ABSHOWAS").upper() == "COMPANY"
        not_a_person = formatted.casefold() in {"", record.company.casefold(), *(e.casefold() for e in record.emails)}
        if kind in ("org", "organization") or show_as_company or (not any(parts) and not_a_person):
            record.kind = "org" if record.company or kind in ("org", "organization") else "individual"
            return  # no person's name: N is empty or repeats the company
        record.full_name = formatted
        if n_line is not None:
            record.family, record.given, record.additional, record.prefix, record.suffix = parts
            record.full_name = formatted or " ".join(p for p in (parts[3], parts[1], parts[2], parts[0], parts[4]) if p)
        elif formatted:
            name = HumanName(formatted)
            record.given, record.family = name.first, name.last
            record.additional, record.prefix, record.suffix = name.middle, name.title, name.suffix

    def _phone(self, line: Line) -> PhoneRecord | None:
        value = self.text(line).strip()
        number, extension = vcard.split_tel(value)
        if not number:
            return None
        digits = "".join(ch for ch in number if ch.isdigit())
        if value[:5].lower() == "tel:+" and 7 <= len(digits) <= 15:
            number = e164 = f"+{digits}"  # RFC 3966: a global number is E.164 with visual separators
        else:
            e164 = self._e164(number)
        return PhoneRecord(number=number, e164=e164, kind=vcard.phone_kind(line.types()), extension=extension)

    def _e164(self, number: str) -> str | None:
        if _E164.match(number):
            return number
        return to_e164(number, self.region)  # the one E.164 rule: ocr.phones

    def _read_address(self, record: ContactRecord) -> None:
        """The printed address from LABEL (a parameter of ADR in 4.0, its own property in 3.0),
        else composed from ADR's parts; the parts themselves as ``address_parts``."""
        adr = self.card.first("ADR")
        label = ""
        if adr is not None and adr.param("LABEL"):
            label = clean_text(",".join(adr.params["LABEL"])).strip()
        if not label:
            label = self.first_text("LABEL")
        if adr is not None:
            box, extended, street, city, region, code, country = (self.structured(adr) + [""] * 7)[:7]
            parts = AddressParts(street=street, locality=city, region=region, postcode=code, country=country,
                                 po_box=box, extended=extended)
            if not parts.is_empty():
                record.address_parts = parts
                if not label:
                    town = ", ".join(p for p in (" ".join(p for p in (code, city) if p), region) if p)
                    label = "\n".join(p for p in (street, extended, f"PO Box {box}" if box else "", town, country)
                                      if p)
        record.address = label or None

    def _social(self, line: Line) -> str:
        value = self.text(line).strip()
        if value:
            return value
        user = line.param("X-USER")
        return user.strip() if user else ""

    def _birthday(self) -> str:
        line = self.card.first("BDAY")
        text = self.text(line).strip() if line is not None else ""
        if not text:
            return ""
        birthday = parse_birthday(text)
        omitted = line.param("X-APPLE-OMIT-YEAR")
        if omitted and birthday.startswith(omitted + "-"):
            birthday = "-" + birthday[len(omitted):]  # Apple's year 1604: no year known
        if not birthday:
            self.warn(f"Card {self.card.number} (line {self.card.first_line}): the birthday {text[:40]!r} "
                      f"is not a date and was left out.")
        return birthday

    def _read_photo(self, record: ContactRecord) -> None:
        for line in self.card.all("PHOTO"):
            if line.cut:
                self.warn(f"Card {self.card.number} (line {line.number}): the photo is larger than "
                          f"{vcard.MAX_LINE * 3 // 4 // 2**20} MB and was left out; the rest of the card was imported.")
                continue
            value = line.value.strip()
            encoding = {e.upper() for e in line.params.get("ENCODING", [])}
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
                    record.photo_mime = _photo_mime(line.types() | {t.upper() for t in line.params.get("MEDIATYPE", [])})
                    return
            except (binascii.Error, ValueError):
                self.warn(f"Card {self.card.number} (line {line.number}): the photo cannot be decoded "
                          f"and was left out.")
            # a photo given by URL is not fetched: importing must not go on the network


def parse_birthday(text: str) -> str:
    """"1984-05-17" or "--05-17" from the forms vCards use (19840517, 1984-05-17T00:00:00Z,
    --0517, --05-17); "" when it is not a date."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?", text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return ""
    match = re.fullmatch(r"--(\d{2})-?(\d{2})", text)
    if match:
        month, day = map(int, match.groups())
        try:
            date(2000, month, day)  # a leap year: 29 February is a birthday
        except ValueError:
            return ""
        return f"--{month:02d}-{day:02d}"
    return ""


def _photo_mime(types: Iterable[str]) -> str:
    upper = {t.upper().removeprefix("IMAGE/") for t in types}
    for subtype in ("JPEG", "PNG", "GIF", "HEIC", "WEBP", "BMP", "TIFF"):
        if subtype in upper:
            return f"image/{subtype.lower()}"
    return DEFAULT_PHOTO_MIME


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
