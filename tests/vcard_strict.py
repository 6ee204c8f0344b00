"""A small, strict vCard 3.0 (RFC 2426) / 4.0 (RFC 6350) parser for the tests.

Written from the RFCs, independently of vobject and of netcapture.exports, so round-trip tests
do not only check that our code agrees with itself. Strict where a lenient reader would hide a
bug in the writer: CRLF line ends only, physical lines of at most 75 octets, no control
characters, only the escapes the RFCs define, VERSION right after BEGIN, FN required, no bare
comma in a text value. A bare semicolon is accepted in a text value that is not structured
(RFC 6350 §3.4: only compound properties such as N and ADR must escape it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_OCTETS = 75
_NAME = re.compile(r"(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


class StrictVCardError(ValueError):
    pass


@dataclass
class Property:
    name: str
    params: dict[str, list[str]]
    value: str  # raw, still escaped


@dataclass
class Card:
    version: str
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def one(self, name: str) -> Property | None:
        found = self.all(name)
        if len(found) > 1:
            raise StrictVCardError(f"{name} appears {len(found)} times")
        return found[0] if found else None


def unfold(text: str) -> list[str]:
    if not text.endswith("\r\n"):
        raise StrictVCardError("the text does not end with CRLF")
    physical = text[:-2].split("\r\n")
    logical: list[str] = []
    for line in physical:
        if "\r" in line or "\n" in line:
            raise StrictVCardError(f"bare CR or LF in {line!r}")
        if len(line.encode("utf-8")) > MAX_OCTETS:
            raise StrictVCardError(f"line longer than {MAX_OCTETS} octets: {line!r}")
        if line[:1] in (" ", "\t"):
            if not logical:
                raise StrictVCardError("continuation line at the start")
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def _parse_param_value(text: str, pos: int) -> tuple[str, int]:
    if text[pos:pos + 1] == '"':
        end = text.find('"', pos + 1)
        if end < 0:
            raise StrictVCardError("unterminated quoted parameter value")
        return text[pos + 1:end], end + 1
    end = pos
    while end < len(text) and text[end] not in ',;:"':
        end += 1
    return text[pos:end], end


def parse_line(line: str) -> Property:
    match = _NAME.match(line)
    if not match:
        raise StrictVCardError(f"no property name in {line!r}")
    name, pos = match.group(1).upper(), match.end()
    params: dict[str, list[str]] = {}
    while pos < len(line) and line[pos] == ";":
        eq = line.find("=", pos)
        if eq < 0:
            raise StrictVCardError(f"parameter without '=' in {line!r}")
        key = line[pos + 1:eq].upper()
        if not re.fullmatch(r"[A-Z0-9-]+", key):
            raise StrictVCardError(f"bad parameter name {key!r}")
        pos = eq + 1
        values = []
        while True:
            value, pos = _parse_param_value(line, pos)
            values.append(value)
            if pos < len(line) and line[pos] == ",":
                pos += 1
                continue
            break
        params.setdefault(key, []).extend(values)
    if pos >= len(line) or line[pos] != ":":
        raise StrictVCardError(f"no ':' after the parameters in {line!r}")
    value = line[pos + 1:]
    if _CONTROL.search(value.replace("\t", "")):
        raise StrictVCardError(f"control character in the value of {name}")
    return Property(name, params, value)


def parse(text: str) -> list[Card]:
    cards: list[Card] = []
    current: Card | None = None
    expect_version = False
    for line in unfold(text):
        prop = parse_line(line)
        if prop.name == "BEGIN":
            if prop.value.upper() != "VCARD" or current is not None:
                raise StrictVCardError("BEGIN:VCARD expected")
            current, expect_version = Card(version=""), True
            continue
        if current is None:
            raise StrictVCardError(f"{prop.name} outside a card")
        if expect_version:
            if prop.name != "VERSION" or prop.value not in ("3.0", "4.0"):
                raise StrictVCardError("VERSION must follow BEGIN:VCARD")
            current.version, expect_version = prop.value, False
            continue
        if prop.name == "END":
            if prop.value.upper() != "VCARD":
                raise StrictVCardError("END:VCARD expected")
            if current.one("FN") is None:
                raise StrictVCardError("FN is required")
            if current.version == "3.0" and current.one("N") is None:
                raise StrictVCardError("N is required in vCard 3.0")
            cards.append(current)
            current = None
            continue
        current.properties.append(prop)
    if current is not None:
        raise StrictVCardError("card not closed")
    return cards


# ---- value types -------------------------------------------------------------------------------

def split(value: str, separator: str) -> list[str]:
    parts, current, i = [], "", 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            current += value[i:i + 2]
            i += 2
            continue
        if char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
        i += 1
    parts.append(current)
    return parts


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            nxt = value[i + 1:i + 2]
            if nxt in ("n", "N"):
                out.append("\n")
            elif nxt in ("\\", ",", ";"):
                out.append(nxt)
            else:
                raise StrictVCardError(f"undefined escape \\{nxt} in {value!r}")
            i += 2
            continue
        if char == ",":
            raise StrictVCardError(f"unescaped {char!r} in a text value {value!r}")
        out.append(char)
        i += 1
    return "".join(out)


def text(prop: Property) -> str:
    return unescape(prop.value)


def text_list(prop: Property) -> list[str]:
    return [unescape(v) for v in split(prop.value, ",")]


def structured(prop: Property) -> list[str]:
    """Components of N, ADR, ORG; each component may itself be a comma list (kept joined by ',')."""
    return [",".join(unescape(v) for v in split(part, ",")) for part in split(prop.value, ";")]


def caret_decode(value: str) -> str:
    """RFC 6868."""
    return re.sub(r"\^([n'^])", lambda m: {"n": "\n", "'": '"', "^": "^"}[m.group(1)], value)


def types(prop: Property) -> set[str]:
    return {t.lower() for value in prop.params.get("TYPE", []) for t in value.split(",")}
