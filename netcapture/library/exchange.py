"""Export and import: contacts to vCard / CSV (or follow-ups to iCalendar) for the whole library,
an event or a selection, one file per contact, and importing contact files (a known UID updates
its contact, others are new; duplicates proposed). The formats are netcapture.exports's; the
ORM <-> record mapping is netcapture.exchange's.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from netcapture.dedupe import DuplicateSuggestion
from netcapture.exchange import (
    iter_contact_records,
    iter_followup_records,
    record_to_contact,
    write_contact_files,
    write_contacts,
    write_follow_ups,
)
from netcapture.library.base import EventRef, LibraryBase
from netcapture.store.bulk import insert_contacts
from netcapture.store.contact_data import storable
from netcapture.store.models import Contact, Event, utcnow

IMPORT_CHUNK = 500  # cards per bulk INSERT round (and per UID lookup) on import


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages for cards that could not be read
    warnings: list[str] = field(default_factory=list)  # something left out of a card that was read
    duplicates: list[DuplicateSuggestion] = field(default_factory=list)


class ExchangeMixin(LibraryBase):
    """Contacts out to files, and files in."""

    def export(self, fmt: str, stream: IO, event: EventRef | None = None, include_photo: bool = False) -> int:
        """Write contacts (or, for "ics", follow-ups: open ones, and done ones marked done so a
        calendar that imported an earlier export updates them) to ``stream``; returns how many."""
        event_id = self._event_id(event)
        if fmt == "ics":
            return write_follow_ups(iter_followup_records(self.db, event_id, include_done=True), stream)
        records = iter_contact_records(self.db, event_id, include_photo, self.config.cards_dir)
        return write_contacts(fmt, records, stream, include_photo)

    def export_selection(self, fmt: str, stream: IO, contact_ids: Iterable[int], include_photo: bool = False) -> int:
        """Write the chosen contacts (or, for "ics", their open follow-ups) to ``stream``."""
        wanted = list(dict.fromkeys(contact_ids))
        if fmt == "ics":
            with self.db.session(write=False) as session:
                uids = set(session.scalars(select(Contact.uid).where(Contact.id.in_(wanted))))
            return write_follow_ups((r for r in iter_followup_records(self.db, include_done=True)
                                     if r.contact_uid in uids), stream)

        records = iter_contact_records(self.db, include_photo=include_photo, cards_dir=self.config.cards_dir,
                                       contact_ids=wanted)
        return write_contacts(fmt, records, stream, include_photo)

    def export_per_contact(self, fmt: str, directory: str | os.PathLike[str], event: EventRef | None = None,
                           include_photo: bool = False) -> list[Path]:
        """One vCard file per contact in ``directory``."""
        records = iter_contact_records(self.db, self._event_id(event), include_photo, self.config.cards_dir)
        return write_contact_files(fmt, records, Path(directory), include_photo)

    def import_vcards(self, source: str | os.PathLike[str] | bytes | IO, event: EventRef | None = None,
                      progress: Callable[[int], None] | None = None) -> ImportResult:
        """Import a .vcf file. A card whose UID is known updates that contact; others are new.
        Everything is written in one transaction: a failure leaves no half-imported contacts.

        Cards go in by the thousand: new ones by bulk INSERTs (store.bulk), known ones through
        the ORM; the duplicate check is one indexed pass over the whole import at the end
        (dedupe.duplicates_among). ``progress`` hears the number of cards done so far."""
        from netcapture.dedupe import Probe, duplicates_among, probes_for
        from netcapture.exports.contact_import import (
            read_contacts as read_vcards,  # .vcf, or Google/Outlook CSV
        )

        result = ImportResult()
        event_id = self._event_id(event)
        region = self.config.region
        records = (storable(record, result.warnings.append)
                   for record in read_vcards(source, region=region, on_warning=result.warnings.append,
                                             on_error=lambda error: result.skipped.append(str(error))))

        def work(session: Session) -> None:
            result.created.clear()
            result.updated.clear()
            found_event = session.get(Event, event_id) if event_id else None
            probes: list[Probe] = []
            seen: set[str] = set()
            for chunk in _chunks(records, IMPORT_CHUNK):
                stored = set(session.scalars(select(Contact.uid).where(Contact.uid.in_({r.uid for r in chunk}))))
                new = []
                for record in chunk:
                    if record.uid not in stored and record.uid not in seen:
                        new.append(record)
                        seen.add(record.uid)
                ids = insert_contacts(session, new, [event_id] if event_id else [], region, self.config.cards_dir)
                result.created += ids
                probes += probes_for(session, ids)
                new_ids = {id(r) for r in new}
                for record in chunk:  # cards of contacts already stored, or twice in this file
                    if id(record) in new_ids:
                        continue
                    existing = session.scalar(select(Contact).where(Contact.uid == record.uid))
                    contact = record_to_contact(session, record, existing, region, self.config.cards_dir)
                    if found_event is not None and found_event not in contact.events:
                        contact.events.append(found_event)
                    contact.updated_at = utcnow()
                    session.flush()
                    result.updated.append(contact.id)
                if progress:
                    progress(len(result.created) + len(result.updated))
            created = set(result.created)
            result.duplicates = [d for found in duplicates_among(session, probes).values() for d in found
                                 if d.other_id not in created or d.keep_id not in created]

        self.db.run(work, retries=1)
        return result
