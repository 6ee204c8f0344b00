"""Exports (vCard 3.0/4.0, CSV for Google and Outlook, iCalendar) and .vcf import.

Everything here works on the plain records of :mod:`netcapture.exports.records`.
The names below are loaded on first use (PEP 562), so importing a light submodule such as
:mod:`netcapture.exports.formats` (the CLI's `--help`) doesn't load vobject and the writers.
"""
from __future__ import annotations

import importlib

_SUBMODULE = {
    "CSV_LAYOUTS": "csv_export", "write_csv": "csv_export",
    "ExportError": "errors", "InvalidVCardError": "errors", "NotAVCardFileError": "errors",
    "UnknownFormatError": "errors", "VCardImportError": "errors",
    "write_ics": "ics",
    "PHONE_KINDS": "records", "ContactRecord": "records", "FollowUpRecord": "records",
    "PhoneRecord": "records", "new_uid": "records",
    "VCARD_VERSIONS": "vcard", "read_vcards": "vcard", "write_vcard_files": "vcard", "write_vcards": "vcard",
}

__all__ = sorted(_SUBMODULE)


def __getattr__(name: str):
    if name not in _SUBMODULE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_SUBMODULE[name]}"), name)
    globals()[name] = value
    return value
