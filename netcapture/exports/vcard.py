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
import hashlib
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlsplit

import phonenumbers
from vobject.base import dquoteEscape

from netcapture import __version__
from netcapture.exports.addresses import printed_address, split_address
from netcapture.exports.errors import UnknownFormatError
from netcapture.exports.records import DEFAULT_PHOTO_MIME, ContactRecord, PhoneRecord
from netcapture.exports.streams import text_writer, whole_file
from netcapture.exports.vcard_import import read_vcards
from netcapture.exports.vcard_text import caret_encode, clean_text, escape_text, fold_line, tidy

__all__ = ["VCARD_VERSIONS", "read_vcards", "vcard_filename", "vcard_text", "write_vcard_files", "write_vcards"]

VCARD_VERSIONS = ("3.0", "4.0")
PRODID = f"-//NetCapture//NetCapture {__version__}//EN"
FOLD_WIDTH = 75  # octets per physical line, RFC 6350 §3.2

# TYPE parameter values per phone kind; read back through ocr.vcard.PHONE_KIND_BY_TYPE.
_PHONE_TYPES = {
    "mobile": ("CELL",),
    "work": ("WORK", "VOICE"),
    "fax": ("WORK", "FAX"),
    "home": ("HOME", "VOICE"),
    "other": ("VOICE",),
}
_EMAIL_TYPES = {"work": ("WORK",), "home": ("HOME",), "other": ()}
# Characters a URI cannot hold, and the comma: vobject-based servers (Radicale) read an unescaped
# comma in URL as a list separator and keep only the first part; "%2C" means the same to a browser.
_URI_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\"<>\\^`{|},]")
_SCHEMED = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|(?:mailto|tel|urn|xmpp|sip|skype):)", re.IGNORECASE)
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
    company_only = is_company_only(record)
    if company_only:  # Apple Contacts and vCard 4.0 readers show it as a company, not a person
        yield _line("KIND", "org") if v4 else _line("X-ABSHOWAS", "COMPANY")
    yield _line("FN", escape_text(formatted_name(record)))
    name_parts = ("",) * 5 if company_only else (
        record.family, record.given, record.additional, record.prefix, record.suffix)
    yield _line("N", ";".join(escape_text(tidy(part), compound=True) for part in name_parts))
    company, department = tidy(record.company), tidy(record.department)
    if company or department:
        yield _line("ORG", escape_text(company, compound=True)
                    + (";" + escape_text(department, compound=True) if department else ""))
    if tidy(record.title):
        yield _line("TITLE", escape_text(tidy(record.title)))
    for index, email in enumerate(map(tidy, record.emails)):
        if email:
            types = _types(_EMAIL_TYPES[record.email_kind(index)], v4)
            yield _line("EMAIL", escape_text(email), {"TYPE": types if v4 else ["INTERNET", *types]} if
                        (types or not v4) else None)
    for phone in record.phones:
        yield _phone_line(phone, v4)
    for url in filter(None, map(_safe_uri, map(with_scheme, record.websites))):
        yield _line("URL", url)
    if tidy(record.address or "") or (record.address_parts and not record.address_parts.is_empty()):
        yield from _address_lines(record, v4)
    birthday = tidy(record.birthday)
    if birthday:
        yield _birthday_line(birthday, v4)
    for profile in filter(None, map(tidy, record.social)):
        yield _social_line(profile)
    if clean_text(record.note).strip():
        yield _line("NOTE", escape_text(record.note))
    categories = [c for c in map(tidy, record.categories) if c]
    if categories:
        yield _line("CATEGORIES", ",".join(map(escape_text, categories)))


def is_company_only(record: ContactRecord) -> bool:
    """A company with no person's name (KIND:org): nothing may invent one on the way back in."""
    person = tidy(record.full_name) or any(map(tidy, (record.prefix, record.given, record.additional,
                                                     record.family, record.suffix)))
    return bool(tidy(record.company)) and (record.kind == "org" or not person)


def with_scheme(url: str) -> str:
    """A web address as a URI: "goldgate.au" -> "https://goldgate.au" (strict vCard readers
    refuse a URL without a scheme); "mailto:", "http://" and other schemes are kept."""
    url = tidy(url)
    if not url or _SCHEMED.match(url):
        return url
    return "https://" + url


def formatted_name(record: ContactRecord) -> str:
    """FN: the full name, else the name parts, else the company, else the first email."""
    parts = (record.prefix, record.given, record.additional, record.family, record.suffix)
    emails = [e for e in map(tidy, record.emails) if e]
    return (tidy(record.full_name) or " ".join(p for p in map(tidy, parts) if p)
            or tidy(record.company) or (emails[0] if emails else ""))


def _phone_line(phone: PhoneRecord, v4: bool) -> str:
    """4.0: a tel: URI with the extension as its ;ext= parameter (RFC 3966), when the number is
    known in E.164; 3.0 and numbers we could not normalise: text, the extension after " x"."""
    types = _types(_PHONE_TYPES[phone.kind], v4)
    extension = "".join(ch for ch in phone.extension or "" if ch.isdigit())
    if phone.e164 and v4:
        uri = tel_uri(phone.e164, extension)
        return _line("TEL", _safe_uri(uri), {"VALUE": ["uri"], "TYPE": types})
    text = tidy(phone.e164 or phone.number) + (f" x{extension}" if extension else "")
    return _line("TEL", escape_text(text), {"TYPE": types})


def tel_uri(e164: str, extension: str = "") -> str:
    """"tel:+1-312-555-0101;ext=204": RFC 3966's global number with its visual separators."""
    number = "tel:" + e164
    try:
        formatted = phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.RFC3966)
    except phonenumbers.NumberParseException:
        formatted = ""
    if re.sub(r"\D", "", formatted) == re.sub(r"\D", "", e164):  # an unknown plan may lose digits: keep them
        number = formatted
    return number + (f";ext={extension}" if extension else "")


def _address_lines(record: ContactRecord, v4: bool) -> Iterable[str]:
    """ADR split into its parts (as imported, or worked out from the printed address by
    :mod:`netcapture.exports.addresses`) and the printed address as LABEL: a parameter of ADR in 4.0,
    its own property in 3.0."""
    text = clean_text(record.address or "").strip()
    parts = record.address_parts or split_address(text)
    adr = ";".join(escape_text(tidy(p) if i != 2 else clean_text(p).strip(), compound=True) for i, p in enumerate(
        (parts.po_box, parts.extended, parts.street, parts.locality, parts.region, parts.postcode, parts.country)))
    if not text:
        text = printed_address(parts)
    if v4:
        yield _line("ADR", adr, {"TYPE": ["work"], "LABEL": [caret_encode(text)]})
    else:
        yield _line("ADR", adr, {"TYPE": ["WORK"]})
        yield _line("LABEL", escape_text(text), {"TYPE": ["WORK"]})


def _birthday_line(birthday: str, v4: bool) -> str:
    """4.0: "19840517" or "--0517" (RFC 6350 dates are basic format); 3.0 has no date without a
    year, so Apple's convention: year 1604 marked by X-APPLE-OMIT-YEAR."""
    if v4:
        return _line("BDAY", birthday.replace("-", "") if not birthday.startswith("--")
                     else "--" + birthday[2:].replace("-", ""))
    if birthday.startswith("--"):
        return _line("BDAY", "1604" + birthday[1:], {"X-APPLE-OMIT-YEAR": ["1604"]})
    return _line("BDAY", birthday)


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


def vcard_filename(uid: str) -> str:
    """The file name of a contact's own .vcf: its UID (without "urn:uuid:") when that is a safe
    name on every system, else a hash of it. Stable, so a second export overwrites the first,
    as a folder sync tool (vdirsyncer, khard) and a CardDAV server expect."""
    stem = re.sub(r"^urn:uuid:", "", uid.strip(), flags=re.IGNORECASE)
    if not _SAFE_NAME.match(stem) or stem.upper().split(".")[0] in _WINDOWS_RESERVED:
        stem = hashlib.sha1(uid.encode("utf-8")).hexdigest()
    return f"{stem}.vcf"


_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def write_vcard_files(records: Iterable[ContactRecord], directory: str | Path, version: str = "3.0",
                      include_photo: bool = False) -> list[Path]:
    """Write one .vcf file per contact into ``directory`` (created if needed); returns the paths.

    Each file is named after the contact's UID (:func:`vcard_filename`) and replaced in place
    on the next export (written beside it, then renamed: a reader never sees half a card), so
    the folder is a valid vdirsyncer/khard "filesystem" storage with one card per file.
    """
    _check_version(version)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for record in records:
        path = directory / vcard_filename(record.uid)
        with whole_file(path) as handle:  # replaced in place, never half written (a full disk: no empty file)
            handle.write(vcard_text(record, version, include_photo))
        written.append(path)
    return written
