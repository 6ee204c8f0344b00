"""Exports (vCard 3.0/4.0, CSV for Google and Outlook, iCalendar) and .vcf import.

Everything here works on the plain records of :mod:`netcapture.exports.records`.
"""
from netcapture.exports.csv_export import CSV_LAYOUTS, write_csv
from netcapture.exports.errors import (
    ExportError,
    InvalidVCardError,
    NotAVCardFileError,
    UnknownFormatError,
    VCardImportError,
)
from netcapture.exports.ics import write_ics
from netcapture.exports.records import (
    PHONE_KINDS,
    ContactRecord,
    FollowUpRecord,
    PhoneRecord,
    new_uid,
)
from netcapture.exports.vcard import VCARD_VERSIONS, read_vcards, write_vcard_files, write_vcards

__all__ = [
    "CSV_LAYOUTS", "PHONE_KINDS", "VCARD_VERSIONS", "ContactRecord", "ExportError", "FollowUpRecord",
    "InvalidVCardError", "NotAVCardFileError", "PhoneRecord", "UnknownFormatError", "VCardImportError",
    "new_uid", "read_vcards", "write_csv", "write_ics", "write_vcard_files", "write_vcards",
]
