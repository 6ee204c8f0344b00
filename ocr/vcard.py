"""The one vCard reader of the app: cards cut out of a text, content lines parsed, types mapped.

Used by :mod:`ocr.qr` (a vCard in a QR code) and :mod:`netcapture.exports.vcard_import` (.vcf
files from phones and other apps), so both read a card the same way and agree on what an
untyped phone is.

Syntax: RFC 6350 §3.3 / RFC 2426 §4 / vCard 2.1: ``[group "."] name *(";" param) ":" value``,
folded lines continue with a space or tab, 2.1 quoted-printable values with a soft "=" break.
Written here rather than taken from vobject because a file reader must (a) keep every card apart:
vobject nests a card that misses its END:VCARD around all the cards after it, (b) name the line of
each fault, and (c) keep memory bounded on a 10 MB photo line.

Values are handed on as written (escapes kept): which escapes apply depends on the property (a
text, a list, a structured value or a URI), see :func:`unescape_text`, :func:`split_structured`.
"""
from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .phones import split_extension

# A logical line longer than this (characters) is cut: a photo of about 6 MB in base64. The card
# is kept and the caller decides what a cut value means (a photo is dropped, with a message).
MAX_LINE = 8 * 1024 * 1024

# TYPE values -> phone kind, first match wins (a "HOME,FAX" line is a fax). A line with none of
# these (plain "TEL:", "VOICE", "PAGER") is "other": RFC 6350 gives no default place.
PHONE_KIND_BY_TYPE = (("FAX", "fax"), ("CELL", "mobile"), ("MOBILE", "mobile"), ("IPHONE", "mobile"),
                      ("HOME", "home"), ("WORK", "work"), ("MAIN", "work"))
EMAIL_KIND_BY_TYPE = (("WORK", "work"), ("HOME", "home"))
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_NAME = re.compile(r"^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)$")
_PARAM_KEY = re.compile(r"^[A-Za-z0-9-]+$")


class VCardLineError(ValueError):
    """A content line that does not follow the vCard syntax."""


@dataclass
class Line:
    """One content line: its name (upper case), parameters, raw value and where it starts."""

    name: str
    params: dict[str, list[str]]
    value: str  # as written: escapes kept (quoted-printable already decoded)
    number: int  # physical line number in the source where the content line starts
    group: str = ""
    cut: bool = False  # the value was longer than MAX_LINE and is empty here

    def types(self) -> set[str]:
        """TYPE values, upper case: "TYPE=WORK,VOICE", "TYPE=work;TYPE=fax" and 2.1's bare ";CELL"."""
        return {t.strip().upper() for value in self.params.get("TYPE", []) for t in value.split(",") if t.strip()}

    def param(self, key: str) -> str | None:
        values = self.params.get(key.upper())
        return values[0] if values else None

    @property
    def preferred(self) -> bool:
        return "PREF" in self.types() or "PREF" in self.params


@dataclass
class Card:
    """One card of a source: its content lines, or why it cannot be read."""

    number: int  # 1 for the first card of the source
    first_line: int  # line number of its BEGIN:VCARD
    version: str = "3.0"
    lines: list[Line] = field(default_factory=list)
    error: str | None = None  # set when the card is broken; its lines may be incomplete

    def all(self, name: str) -> list[Line]:
        """Lines named ``name``, the preferred ones (TYPE=PREF, PREF=1) first."""
        found = [line for line in self.lines if line.name == name]
        return sorted(found, key=lambda line: not line.preferred)

    def first(self, name: str) -> Line | None:
        found = self.all(name)
        return found[0] if found else None


class _CutLine(str):
    """A physical line that was longer than MAX_LINE: only its start is kept."""


def split_lines(chunks: Iterable[str], max_line: int = MAX_LINE) -> Iterator[str]:
    """Physical lines of a text given in chunks, split at CRLF, CR (old Mac files) or LF.

    Memory stays bounded by ``max_line`` whatever the input: a longer line is cut (yielded as a
    ``_CutLine``) and the rest of it skipped.
    """
    pending = ""
    cut = False
    cr_at_end = False
    for chunk in chunks:
        if not chunk:
            continue
        if cr_at_end and chunk.startswith("\n"):
            chunk = chunk[1:]  # the CRLF was split between two chunks
        cr_at_end = chunk.endswith("\r")
        parts = re.split(r"\r\n|\r|\n", chunk)
        for part in parts[:-1]:
            if cut:
                yield _CutLine(pending)
            elif len(pending) + len(part) > max_line:
                yield _CutLine((pending + part[:max_line])[:max_line])
            else:
                yield pending + part
            pending, cut = "", False
        tail = parts[-1]
        if not cut:
            pending += tail
            if len(pending) > max_line:
                pending, cut = pending[:max_line], True
    if pending or cut:
        yield _CutLine(pending) if cut else pending


def read_cards(physical_lines: Iterable[str], max_line: int = MAX_LINE) -> Iterator[Card]:
    """Every card (BEGIN:VCARD ... END:VCARD) in ``physical_lines``, in order.

    A card that is broken comes with ``error`` set, naming the line; the cards around it are
    read as usual. A BEGIN:VCARD inside a card starts a new card (the first one lacked its
    END:VCARD), except right after a vCard 2.1 ``AGENT:`` line, whose value is an embedded card.
    Text outside cards is ignored.
    """
    state = _Reader(max_line)
    for number, text in enumerate(physical_lines, 1):
        yield from state.physical(number, text)
    yield from state.finish()


class _Reader:
    """Unfolds physical lines into content lines and groups them into cards."""

    def __init__(self, max_line: int):
        self.max_line = max_line
        self.parts: list[str] = []  # the content line being unfolded
        self.size = 0
        self.start = 0  # its first physical line
        self.cut = False
        self.binary = False
        self.card: Card | None = None
        self.count = 0
        self.agent_depth = 0  # inside a 2.1 AGENT's embedded card: its lines are skipped

    def physical(self, number: int, text: str) -> Iterator[Card]:
        if text[:1] in (" ", "\t") and self.parts:
            self._append(text[1:], text)
            return
        if self.parts and self._soft_break():
            self.parts[-1] = self.parts[-1][:-1]  # quoted-printable "=" at the end: the value goes on
            self._append(text, text)
            return
        yield from self._complete()
        self.parts, self.size, self.start = [], 0, number
        self.cut = self.binary = False
        self._append(text, text)

    def finish(self) -> Iterator[Card]:
        yield from self._complete()
        if self.card is not None:
            card, self.card = self.card, None
            card.error = card.error or "it has no END:VCARD line (the file ends inside it)"
            yield card

    def _append(self, piece: str, physical: str) -> None:
        if "\x00" in piece:
            self.binary = True
        if self.cut:
            return
        if isinstance(physical, _CutLine) or self.size + len(piece) > self.max_line:
            self.cut = True
            piece = piece[:max(0, self.max_line - self.size)]  # keep the name and parameters
        self.parts.append(piece)
        self.size += len(piece)

    def _soft_break(self) -> bool:
        last = self.parts[-1]
        return last.endswith("=") and "QUOTED-PRINTABLE" in self.parts[0].split(":", 1)[0].upper()

    def _complete(self) -> Iterator[Card]:
        if not self.parts and not self.cut:
            return
        text = "".join(self.parts)
        marker = text.strip().upper()
        if self.agent_depth:
            self.agent_depth += {"BEGIN:VCARD": 1, "END:VCARD": -1}.get(marker, 0)
            return
        if marker == "BEGIN:VCARD":
            if self.card is not None:
                last = self.card.lines[-1] if self.card.lines else None
                if last is not None and last.name == "AGENT" and not last.value.strip():
                    self.agent_depth = 1
                    return
                broken, self.card = self.card, None
                broken.error = broken.error or (
                    f"it has no END:VCARD line before the next card begins on line {self.start}")
                yield broken
            self.count += 1
            self.card = Card(self.count, self.start)
            return
        if self.card is None:
            return  # text between cards
        if marker == "END:VCARD":
            card, self.card = self.card, None
            yield card
            return
        card = self.card
        if card.error:
            return
        if self.binary:
            card.error = f"line {self.start} holds binary data"
            return
        try:
            line = parse_line(text, self.start, card.version)
        except VCardLineError as error:
            card.error = f"line {self.start} is not a valid vCard line ({error})"
            return
        if self.cut:
            line.value, line.cut = "", True
        if line.name == "VERSION":
            card.version = line.value.strip() or card.version
        else:
            card.lines.append(line)


def parse_line(text: str, number: int = 0, version: str = "3.0") -> Line:
    """One unfolded content line. Parameter values lose their quotes; in 4.0 the RFC 6868 caret
    escapes (^n, ^', ^^) are decoded. A 2.1 quoted-printable value is decoded with its CHARSET."""
    end = 0
    while end < len(text) and text[end] not in ";:":
        end += 1
    match = _NAME.match(text[:end].strip())
    if not match:
        raise VCardLineError("no property name" if not text[:end].strip() else f"bad name {text[:end][:40]!r}")
    group, name = match.group(1) or "", match.group(2).upper()
    params: dict[str, list[str]] = {}
    pos = end
    while pos < len(text) and text[pos] == ";":
        pos += 1
        key_end = pos
        while key_end < len(text) and text[key_end] not in "=;:":
            key_end += 1
        key = text[pos:key_end].strip()
        if not key:
            pos = key_end
            continue  # ";;" or a trailing ";": nothing to keep
        if not _PARAM_KEY.match(key):
            raise VCardLineError(f"bad parameter {key[:40]!r}")
        if key_end >= len(text) or text[key_end] != "=":  # a bare 2.1 parameter: ";CELL", ";BASE64"
            upper = key.upper()
            params.setdefault("ENCODING" if upper in _ENCODINGS else "TYPE", []).append(upper)
            pos = key_end
            continue
        pos = key_end + 1
        values = params.setdefault(key.upper(), [])
        while True:
            value, pos = _param_value(text, pos)
            values.append(_caret_decode(value) if version.startswith("4") else value)
            if pos < len(text) and text[pos] == ",":
                pos += 1
                continue
            break
    if pos >= len(text) or text[pos] != ":":
        raise VCardLineError("no ':' before the value")
    value = text[pos + 1:]
    encoding = {e.upper() for e in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" in encoding:
        value = _quoted_printable(value, (params.get("CHARSET") or ["utf-8"])[0])
    return Line(name, params, value, number, group)


def _param_value(text: str, pos: int) -> tuple[str, int]:
    if text[pos:pos + 1] == '"':
        end = text.find('"', pos + 1)
        if end < 0:
            raise VCardLineError("a quoted parameter value is not closed")
        return text[pos + 1:end], end + 1
    end = pos
    while end < len(text) and text[end] not in ",;:":
        end += 1
    return text[pos:end], end


def _quoted_printable(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def _caret_decode(value: str) -> str:
    return re.sub(r"\^([n'^])", lambda m: {"n": "\n", "'": '"', "^": "^"}[m.group(1)], value)


# -- values ------------------------------------------------------------------------------------

_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unescape_text(value: str, legacy: bool = False) -> str:
    """A text value: "\\n" is a newline, "\\," "\\;" "\\\\" the character; an unknown escape keeps
    its character (Apple writes "\\:"). vCard 2.1 (``legacy``) escapes only ";"."""
    if legacy:
        return value.replace("\\;", ";")
    if "\\" not in value:
        return value
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_escaped(value: str, separator: str) -> list[str]:
    """Split ``value`` on unescaped ``separator`` characters; the parts stay escaped."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(char)
            current.append(next(chars, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def split_structured(value: str, legacy: bool = False) -> list[str]:
    """Components of a structured value (N, ADR, ORG), unescaped. A component holding several
    comma-separated values (two middle names) is joined with a space, as a person writes them."""
    if legacy:
        return [unescape_text(part, legacy=True) for part in split_escaped(value, ";")]
    return [" ".join(unescape_text(v) for v in split_escaped(part, ",") if v)
            for part in split_escaped(value, ";")]


def split_text_list(value: str) -> list[str]:
    """A comma-separated text list such as CATEGORIES, unescaped, empty items dropped."""
    return [unescape_text(v) for v in split_escaped(value, ",") if v.strip()]


def phone_kind(types: Iterable[str]) -> str:
    """The phone kind ("work", "mobile", "fax", "home", "other") for a TEL line's TYPE values."""
    upper = {t.upper() for t in types}
    return next((kind for key, kind in PHONE_KIND_BY_TYPE if key in upper), "other")


def email_kind(types: Iterable[str]) -> str:
    """"work", "home" or "other" for an EMAIL line's TYPE values."""
    upper = {t.upper() for t in types}
    return next((kind for key, kind in EMAIL_KIND_BY_TYPE if key in upper), "other")


def split_tel(value: str) -> tuple[str, str | None]:
    """(number, extension or None) of a TEL value: "tel:+1-312-555-0101;ext=204" (4.0),
    "+1 312 555 0101 x204" or "... ext. 204" (3.0, CSV). Other tel: URI parameters are dropped."""
    value = value.strip()
    if value[:4].lower() == "tel:":
        number, *params = value[4:].split(";")
        extension = next((p.split("=", 1)[1] for p in params if p.lower().startswith("ext=")), None)
        digits = "".join(ch for ch in extension or "" if ch.isdigit())
        return number.strip(), digits or None
    return split_extension(value)  # the one rule for a printed extension: ocr.phones


__all__ = ["MAX_LINE", "Card", "Line", "VCardLineError", "email_kind", "parse_line", "phone_kind",
           "read_cards", "split_escaped", "split_lines", "split_structured", "split_tel", "split_text_list",
           "unescape_text"]
