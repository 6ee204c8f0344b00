"""Text rules shared by the vCard and iCalendar writers and the .vcf importer.

RFC 6350 §3.4 / RFC 2426 §4 / RFC 5545 §3.3.11: in text values a backslash, comma, semicolon and
newline are escaped; everything else (any Unicode) is written as is. Control characters other
than tab and newline are not allowed in a content line at all, so they are dropped.
"""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (NEL would split lines for some readers).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029]")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def clean_text(value: str) -> str:
    """``value`` as it can be stored in a vCard: newlines as "\\n", no control characters."""
    return _CONTROL.sub("", _NEWLINES.sub("\n", value))


def tidy(value: str) -> str:
    """A single-line field (name, title, email...) as exported: cleaned, no surrounding spaces."""
    return clean_text(value).strip()


def escape_text(value: str) -> str:
    """Escape one text value (or one component of a structured value)."""
    return (
        clean_text(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def _unescape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char in "nN" else char  # "\\", "\,", "\;" and, leniently, "\:" (Apple)


def unescape_text(value: str) -> str:
    """Undo :func:`escape_text`; unknown escapes keep the escaped character (be liberal in what we read)."""
    if "\\" not in value:
        return value
    return _ESCAPED.sub(_unescape_one, value)


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


def split_structured(value: str) -> list[str]:
    """Components of a structured value such as N, ORG or ADR, unescaped.

    A component holding several comma-separated values (e.g. two middle names) is joined with
    a space, which is how a person would write them.
    """
    return [" ".join(unescape_text(v) for v in split_escaped(part, ",") if v)
            for part in split_escaped(value, ";")]


def split_text_list(value: str) -> list[str]:
    """A comma-separated text list such as CATEGORIES, unescaped, empty items dropped."""
    return [unescape_text(v) for v in split_escaped(value, ",") if v.strip()]


def caret_encode(value: str) -> str:
    """RFC 6868 encoding for parameter values: newline -> ^n, double quote -> ^', caret -> ^^."""
    return clean_text(value).replace("^", "^^").replace("\n", "^n").replace('"', "^'")


def caret_decode(value: str) -> str:
    return re.sub(r"\^([n'^])", lambda m: {"n": "\n", "'": '"', "^": "^"}[m.group(1)], value)


def fold_line(line: str, width: int = 75) -> str:
    """One content line folded to at most ``width`` octets per physical line, with its CRLF.

    RFC 6350 §3.2 / RFC 5545 §3.1 count octets, not characters, and a fold must not split a
    UTF-8 sequence. (vobject's folding counts characters first, so a 40-character line of
    Chinese text, 120 octets, is left unfolded.)
    """
    if len(line) * 4 <= width or len(line.encode("utf-8")) <= width:
        return line + "\r\n"
    pieces: list[str] = []
    start = used = 0
    limit = width
    for index, char in enumerate(line):
        size = 1 if char < "\x80" else len(char.encode("utf-8"))
        if used + size > limit:
            pieces.append(line[start:index])
            start, used, limit = index, 0, width - 1  # continuation lines begin with a space
        used += size
    pieces.append(line[start:])
    return "\r\n ".join(pieces) + "\r\n"


def refold(text: str, width: int = 75) -> str:
    """Unfold CRLF-separated content lines and fold them again by octets."""
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
    return "".join(fold_line(line, width) for line in lines if line)
