"""Text rules shared by the vCard and iCalendar writers (reading is :mod:`ocr.vcard`'s).

RFC 6350 §3.4 / RFC 2426 §4 / RFC 5545 §3.3.11: in text values a backslash, comma, semicolon and
newline are escaped; everything else (any Unicode) is written as is. Control characters other
than tab and newline are not allowed in a content line at all, so they are dropped.
"""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls (NEL would split lines for some readers).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029]")


def clean_text(value: str) -> str:
    """``value`` as it can be stored in a vCard: newlines as "\\n", no control characters."""
    return _CONTROL.sub("", _NEWLINES.sub("\n", value))


def tidy(value: str) -> str:
    """A single-line field (name, title, email...) as exported: cleaned, no surrounding spaces."""
    return clean_text(value).strip()


def escape_text(value: str, compound: bool = False) -> str:
    """Escape one text value, or (``compound``) one component of a structured value.

    Backslash, comma and newline are always escaped; a semicolon only inside N, ADR, ORG and the
    like, where it separates components: RFC 6350 §3.4 lets a plain text value carry it as is,
    and readers that follow that rule (ical.js in Thunderbird) would show a written "\\;".
    """
    value = clean_text(value).replace("\\", "\\\\")
    if compound:
        value = value.replace(";", "\\;")
    return value.replace(",", "\\,").replace("\n", "\\n")


def caret_encode(value: str) -> str:
    """RFC 6868 encoding for parameter values: newline -> ^n, double quote -> ^', caret -> ^^."""
    return clean_text(value).replace("^", "^^").replace("\n", "^n").replace('"', "^'")


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
