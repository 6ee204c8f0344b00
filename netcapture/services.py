"""The service API of NetCapture: what the GUI and the CLI call.

    with Library.open() as library:                  # config from flags/env/defaults
        expo = library.create_event("Expo 2026", date=date(2026, 3, 4), goal="meet 5-8 people")
        library.set_current_event(expo.id)
        batch = library.scan(["~/cards"], event=expo.id, progress=print)
        for contact in library.list_contacts(search="acme", follow_up="overdue"): ...

Every method runs in its own transaction (all or nothing) and returns detached objects with
their emails, phones, events, notes and follow-ups loaded; change data through these methods,
not by setting attributes. Business rules (follow-up default date, duplicates, which fields a
reading may overwrite) live in the netcapture modules the areas call, never in the UI.
Events may be given as an id, a name or an Event.

``Library`` is one facade made of one small class per area, in netcapture/library/ (see
docs/architecture.md). They are mixins rather than separate services the facade holds and
forwards to: the CLI and the GUI call ``library.<method>`` on one object, the areas share the
database, the config and the same lookups (LibraryBase), and a few call one another (a review
shows the reading state of the capture area); composition would need a forwarding method for
each of the ~100 public methods, or a __getattr__ that hides the API from readers and tools.
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
from netcapture.exports.formats import EXPORT_FORMATS, ExportFormat  # noqa: F401 (the CLI's and GUI's list)
from netcapture.followups import default_follow_up_date, parse_date  # noqa: F401 (the CLI's date rules)
from netcapture.library.base import CURRENT_EVENT_KEY, EventRef, LibraryBase  # noqa: F401
from netcapture.library.capturing import CapturingMixin, ReadingState  # noqa: F401
from netcapture.library.contacts import ContactsMixin, ContactSnapshot  # noqa: F401
from netcapture.library.duplicates import DuplicatesMixin
from netcapture.library.event_results import ConversationProgress, EventResultsMixin  # noqa: F401
from netcapture.library.events import EventsMixin, EventSummary  # noqa: F401
from netcapture.library.followups import FollowUpsMixin
from netcapture.library.listing import FOLLOW_UP_FILTERS, ListingMixin  # noqa: F401
from netcapture.library.notes import UNCHANGED, MemoryNotes, NotesMixin  # noqa: F401
from netcapture.library.reading_options import ReadingOptionsMixin, reader_installed  # noqa: F401
from netcapture.library.review import ReviewMixin
from netcapture.library.trash import TrashMixin
from netcapture.store.bulk import insert_contacts
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


class Library(ReadingOptionsMixin, EventsMixin, EventResultsMixin, CapturingMixin, ContactsMixin, ListingMixin,
              ReviewMixin, NotesMixin, FollowUpsMixin, DuplicatesMixin, TrashMixin, LibraryBase):
    """One user's contacts, events and captures, opened from a Config (Library.open)."""

    # -- export and import --------------------------------------------------------------------
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
        records = read_vcards(source, region=region, on_error=lambda error: result.skipped.append(str(error)),
                              on_warning=result.warnings.append)

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
