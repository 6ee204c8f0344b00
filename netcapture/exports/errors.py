"""Errors the exporters and the .vcf importer report, each with a message written for a person."""
from __future__ import annotations

from netcapture.errors import ImportFormatError, NetCaptureError


class ExportError(NetCaptureError):
    """An export cannot be written as asked."""


class UnknownFormatError(ExportError, ValueError):
    """An export format, vCard version or CSV layout that we do not write."""

    def __init__(self, what: str, given: str, choices: tuple[str, ...]):
        super().__init__(f"Unknown {what} {given!r}: choose one of {', '.join(choices)}.")
        self.given = given
        self.choices = choices


class VCardImportError(ImportFormatError):
    """Base class for problems reading a .vcf file."""


class NotAVCardFileError(VCardImportError):
    """The whole file is not a vCard file (no BEGIN:VCARD, or binary data)."""

    def __init__(self, where: str, detail: str):
        super().__init__(f"{where} is not a vCard (.vcf) file: {detail}.")
        self.where = where


class InvalidVCardError(VCardImportError):
    """One card in a .vcf file cannot be read; the import skips it and goes on with the others."""

    def __init__(self, card_number: int, line_number: int, reason: str, name: str = ""):
        who = f" ({name})" if name else ""
        super().__init__(f"Card {card_number}{who} starting on line {line_number} was skipped: {reason}.")
        self.card_number = card_number
        self.line_number = line_number
        self.reason = reason
        self.name = name
