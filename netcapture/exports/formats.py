"""The export formats NetCapture writes, with the labels and file extensions people see.

The one list: the CLI's ``export --format`` choices, the GUI's export menu and file dialogs,
and the Library's export methods all read it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFormat:
    key: str  # as typed on the command line: --format vcard3
    label: str  # as shown in a menu
    extension: str  # file name extension, without the dot
    follow_ups: bool = False  # writes follow-ups (calendar entries), not contacts
    per_contact: bool = False  # can also be written as one file per contact


EXPORT_FORMATS: dict[str, ExportFormat] = {f.key: f for f in (
    ExportFormat("vcard3", "vCard 3.0 (Google, Apple, Outlook)", "vcf", per_contact=True),
    ExportFormat("vcard4", "vCard 4.0", "vcf", per_contact=True),
    ExportFormat("csv-google", "CSV for Google Contacts", "csv"),
    ExportFormat("csv-outlook", "CSV for Outlook", "csv"),
    ExportFormat("ics", "Follow-ups as calendar (.ics)", "ics", follow_ups=True),
)}
