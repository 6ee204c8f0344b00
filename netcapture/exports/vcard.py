"""vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) export, one card at a time.

3.0 is the default: Google Contacts, Apple Contacts and Outlook all import it. Cards are
serialised by vobject (line folding at 75 octets without splitting UTF-8 sequences, CRLF line
ends, parameter quoting); the values are escaped here because vobject's default text handling
would also escape the commas inside URIs (URL, data: photos, tel: numbers), which must stay raw.

Reading .vcf files lives in :mod:`netcapture.exports.vcard_import`; ``read_vcards`` is
re-exported here for convenience.
"""
from __future__ import annotations

import base64
import io
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlsplit

from vobject.base import dquoteEscape

from netcapture import __version__
from netcapture.exports.errors import UnknownFormatError
from netcapture.exports.records import DEFAULT_PHOTO_MIME, ContactRecord, PhoneRecord
from netcapture.exports.streams import text_writer, whole_file
from netcapture.exports.vcard_import import read_vcards
from netcapture.exports.vcard_text import caret_encode, clean_text, escape_text, fold_line, tidy

__all__ = ["VCARD_VERSIONS", "read_vcards", "vcard_text", "write_vcard_files", "write_vcards"]

VCARD_VERSIONS = ("3.0", "4.0")
PRODID = f"-//NetCapture//NetCapture {__version__}//EN"
FOLD_WIDTH = 75  # octets per physical line, RFC 6350 §3.2

# TYPE parameter values per phone kind; the first one decides the kind when reading back.
_PHONE_TYPES = {
    "mobile": ("CELL",),
    "work": ("WORK", "VOICE"),
    "fax": ("WORK", "FAX"),
    "other": ("VOICE",),
}
_URI_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\"<>\\^`{|}]")
_MIME = re.compile(r"^[\w.+-]+/[\w.+-]+$")
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_SOCIAL_SERVICES = {
    "linkedin.com": "linkedin",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "facebook.com": "facebook",
    "instagram.com": "instagram",
    "github.com": "github",
    "xing.com": "xing",
    "youtube.com": "youtube",
    "mastodon.social": "mastodon",
}


def _check_version(version: str) -> None:
    if version not in VCARD_VERSIONS:
        raise UnknownFormatError("vCard version", version, VCARD_VERSIONS)


def write_vcards(records: Iterable[ContactRecord], stream: IO, version: str = "3.0",
                 include_photo: bool = False) -> int:
    """Write one vCard per record to ``stream``; returns how many were written.

    Records are consumed one at a time, so memory stays flat however many there are: pass a
    generator from the database. A text stream should be opened with ``newline=""`` and
    UTF-8 (vCard lines end in CRLF); a binary stream gets UTF-8 bytes.
    """
    _check_version(version)
    write = text_writer(stream)
    count = 0
    for record in records:
        write(vcard_text(record, version, include_photo))
        count += 1
    return count


def vcard_text(record: ContactRecord, version: str = "3.0", include_photo: bool = False) -> str:
    """One record as a complete vCard (BEGIN:VCARD ... END:VCARD, CRLF line ends)."""
    _check_version(version)
    v4 = version == "4.0"
    buffer = io.StringIO()
    buffer.write("BEGIN:VCARD\r\n")
    # Lines are not built as vobject ContentLines: those cost more than the rest of the export
    # together, and their text behaviour would decode and re-escape our values as plain text
    # (cutting URIs at their first comma). vobject quotes the parameters; folding is ours.
    for line in (_line("VERSION", version), *_content_lines(record, v4)):
        buffer.write(fold_line(line, FOLD_WIDTH))
    if include_photo and record.photo:
        # vobject folds character by character in Python, far too slow for a photo of a hundred
        # kilobytes: the ASCII photo line is folded here.
        buffer.write(_photo_line(record.photo, record.photo_mime, v4))
    buffer.write("END:VCARD\r\n")
    return buffer.getvalue()


def _line(name: str, value: str, params: dict[str, list[str]] | None = None) -> str:
    """One unfolded content line; ``value`` is escaped already, parameters are quoted here."""
    if not params:
        return f"{name}:{value}"
    quoted = "".join(f";{key}={','.join(map(dquoteEscape, values))}" for key, values in params.items())
    return f"{name}{quoted}:{value}"


def _types(values: Iterable[str], v4: bool) -> list[str]:
    return [v.lower() for v in values] if v4 else list(values)


def _content_lines(record: ContactRecord, v4: bool) -> Iterable[str]:
    yield _line("PRODID", escape_text(PRODID))
    if v4 and not _URI_SCHEME.match(record.uid):
        yield _line("UID", escape_text(record.uid), {"VALUE": ["text"]})
    else:
        yield _line("UID", escape_text(record.uid))
    if record.rev is not None:
        stamp = record.rev.strftime("%Y%m%dT%H%M%SZ" if v4 else "%Y-%m-%dT%H:%M:%SZ")
        yield _line("REV", stamp)
    yield _line("FN", escape_text(formatted_name(record)))
    yield _line("N", ";".join(escape_text(tidy(part)) for part in (
        record.family, record.given, record.additional, record.prefix, record.suffix)))
    company, department = tidy(record.company), tidy(record.department)
    if company or department:
        yield _line("ORG", escape_text(company) + (";" + escape_text(department) if department else ""))
    if tidy(record.title):
        yield _line("TITLE", escape_text(tidy(record.title)))
    for email in filter(None, map(tidy, record.emails)):
        yield _line("EMAIL", escape_text(email), {"TYPE": ["work"] if v4 else ["INTERNET", "WORK"]})
    for phone in record.phones:
        yield _phone_line(phone, v4)
    for url in filter(None, map(_safe_uri, record.websites)):
        yield _line("URL", url)
    if tidy(record.address or ""):
        yield from _address_lines(record.address, v4)
    for profile in filter(None, map(tidy, record.social)):
        yield _social_line(profile)
    if clean_text(record.note).strip():
        yield _line("NOTE", escape_text(record.note))
    categories = [c for c in map(tidy, record.categories) if c]
    if categories:
        yield _line("CATEGORIES", ",".join(map(escape_text, categories)))


def formatted_name(record: ContactRecord) -> str:
    """FN: the full name, else the name parts, else the company, else the first email."""
    parts = (record.prefix, record.given, record.additional, record.family, record.suffix)
    emails = [e for e in map(tidy, record.emails) if e]
    return (tidy(record.full_name) or " ".join(p for p in map(tidy, parts) if p)
            or tidy(record.company) or (emails[0] if emails else ""))


def _phone_line(phone: PhoneRecord, v4: bool) -> str:
    types = _types(_PHONE_TYPES[phone.kind], v4)
    if phone.e164:
        if v4:
            return _line("TEL", "tel:" + _safe_uri(phone.e164), {"VALUE": ["uri"], "TYPE": types})
        return _line("TEL", escape_text(phone.e164), {"TYPE": types})
    return _line("TEL", escape_text(phone.number), {"TYPE": types})


def _address_lines(address: str, v4: bool) -> Iterable[str]:
    """The printed address goes whole into ADR's street part (we do not guess which line is the
    city) and, as printed, into LABEL: a parameter of ADR in 4.0, its own property in 3.0."""
    text = clean_text(address).strip()
    adr = ";;" + escape_text(text) + ";;;;"
    if v4:
        yield _line("ADR", adr, {"TYPE": ["work"], "LABEL": [caret_encode(text)]})
    else:
        yield _line("ADR", adr, {"TYPE": ["WORK"]})
        yield _line("LABEL", escape_text(text), {"TYPE": ["WORK"]})


def _social_line(value: str) -> str:
    """Apple's X-SOCIALPROFILE (read by Apple Contacts and others), with the service as TYPE."""
    host = urlsplit(value if "//" in value else "//" + value).hostname or ""
    service = next((name for domain, name in _SOCIAL_SERVICES.items()
                    if host == domain or host.endswith("." + domain)), "")
    params = {"TYPE": [service]} if service else None
    if _URI_SCHEME.match(value) and "//" in value:
        return _line("X-SOCIALPROFILE", _safe_uri(value), params)
    return _line("X-SOCIALPROFILE", escape_text(value), params)


def _safe_uri(uri: str) -> str:
    """A URI value is written raw (no backslash escapes); characters a URI cannot hold are
    percent-encoded so the line stays well formed."""
    return _URI_UNSAFE.sub(lambda m: quote(m.group(), safe=""), clean_text(uri).strip())


def _photo_line(photo: bytes, mime: str, v4: bool) -> str:
    """The PHOTO content line, folded at 75 octets, with its CRLF."""
    data = base64.b64encode(photo).decode("ascii")
    if not _MIME.match(mime or ""):
        mime = DEFAULT_PHOTO_MIME
    if v4:
        line = f"PHOTO:data:{mime};base64,{data}"  # a URI: no escaping, the comma stays
    else:
        line = f"PHOTO;ENCODING=b;TYPE={mime.split('/')[-1].upper()}:{data}"
    width = FOLD_WIDTH - 1  # continuation lines start with one space
    chunks = [line[:FOLD_WIDTH]] + [line[i:i + width] for i in range(FOLD_WIDTH, len(line), width)]
    return "\r\n ".join(chunks) + "\r\n"


def safe_filename(name: str, max_length: int = 80) -> str:
    """A file name that works on Windows, macOS and Linux, made from a contact's name."""
    name = unicodedata.normalize("NFC", clean_text(name))
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\n\t]+', " ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if name.upper().split(".")[0] in _WINDOWS_RESERVED:
        name = "_" + name
    encoded = name.encode("utf-8")[:max_length]
    return encoded.decode("utf-8", errors="ignore").strip(" .") or "contact"


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def write_vcard_files(records: Iterable[ContactRecord], directory: str | Path, version: str = "3.0",
                      include_photo: bool = False) -> list[Path]:
    """Write one .vcf file per contact into ``directory`` (created if needed); returns the paths.

    Files are named after the contact ("Ann Lee.vcf"); two contacts with the same name get
    "Ann Lee (2).vcf". Existing files are never overwritten.
    """
    _check_version(version)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    taken = {p.name.casefold() for p in directory.iterdir()}
    written: list[Path] = []
    for record in records:
        stem = safe_filename(record.display_name or record.uid)
        candidate, number = f"{stem}.vcf", 1
        while candidate.casefold() in taken:  # casefold: macOS and Windows ignore case
            number += 1
            candidate = f"{stem} ({number}).vcf"
        taken.add(candidate.casefold())
        path = directory / candidate
        with whole_file(path, overwrite=False) as handle:  # a full disk leaves no empty file
            handle.write(vcard_text(record, version, include_photo))
        written.append(path)
    return written
