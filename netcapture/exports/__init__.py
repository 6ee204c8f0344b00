"""Exports (vCard 3.0/4.0, CSV for Google and Outlook, iCalendar) and .vcf import.

Everything here works on the plain records of :mod:`netcapture.exports.records`.
"""
from netcapture.exports.records import (
    PHONE_KINDS,
    ContactRecord,
    FollowUpRecord,
    PhoneRecord,
    new_uid,
)

__all__ = ["PHONE_KINDS", "ContactRecord", "FollowUpRecord", "PhoneRecord", "new_uid"]
