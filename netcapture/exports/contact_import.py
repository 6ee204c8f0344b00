"""Any contacts file the app reads: vCard (2.1, 3.0, 4.0) or the Google / Outlook CSV layouts.

The first 4 KB tell which; vCard files are then streamed (:mod:`vcard_import`), CSV files are
read whole (:mod:`csv_import`).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path

from netcapture.exports.csv_import import is_contacts_csv, read_csv_contacts
from netcapture.exports.errors import InvalidVCardError, NotAVCardFileError
from netcapture.exports.records import ContactRecord
from netcapture.exports.vcard_import import Source, read_vcards

_HEAD = 4096


class _Rejoined(io.RawIOBase):
    """A binary stream whose first bytes were already read to look at them."""

    def __init__(self, head: bytes, rest):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.head:
            out, self.head = (self.head, b"") if size < 0 or size >= len(self.head) else (
                self.head[:size], self.head[size:])
            return out
        return self.rest.read(size)


def read_contacts(source: Source, *, region: str | None = None,
                  on_error: Callable[[InvalidVCardError], object] | None = None,
                  on_warning: Callable[[str], object] | None = None) -> Iterator[ContactRecord]:
    """Records from a .vcf or .csv file (a path, its bytes or text, or an open file)."""
    where = str(source) if isinstance(source, PathLike) else "This file"
    if isinstance(source, PathLike):
        try:
            with Path(source).open("rb") as handle:
                head = handle.read(_HEAD)
        except OSError as error:
            raise NotAVCardFileError(where, error.strerror or str(error)) from error
        if _is_csv(head):
            yield from read_csv_contacts(_decode(Path(source).read_bytes()), region, where)
            return
    elif isinstance(source, bytes | bytearray):
        if _is_csv(bytes(source[:_HEAD])):
            yield from read_csv_contacts(_decode(bytes(source)), region, where)
            return
    elif isinstance(source, str):
        if is_contacts_csv(source[:_HEAD]):
            yield from read_csv_contacts(source, region, where)
            return
    elif isinstance(source, io.TextIOBase):
        head_text = source.read(_HEAD)
        if is_contacts_csv(head_text):
            yield from read_csv_contacts(head_text + source.read(), region, where)
            return
        source = io.StringIO(head_text + source.read())
    else:
        head = source.read(_HEAD)
        if _is_csv(head):
            yield from read_csv_contacts(_decode(head + source.read()), region, where)
            return
        source = io.BufferedReader(_Rejoined(head, source))
    yield from read_vcards(source, region=region, on_error=on_error, on_warning=on_warning)


def _is_csv(head: bytes) -> bool:
    return is_contacts_csv(head.decode("utf-8", errors="ignore"))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
