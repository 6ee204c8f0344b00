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

from netcapture.exports.formats import EXPORT_FORMATS, ExportFormat  # noqa: F401 (the CLI's and GUI's list)
from netcapture.followups import default_follow_up_date, parse_date  # noqa: F401 (the CLI's date rules)
from netcapture.library.base import CURRENT_EVENT_KEY, EventRef, LibraryBase  # noqa: F401
from netcapture.library.capturing import CapturingMixin, ReadingState  # noqa: F401
from netcapture.library.contacts import ContactsMixin, ContactSnapshot  # noqa: F401
from netcapture.library.duplicates import DuplicatesMixin
from netcapture.library.event_results import ConversationProgress, EventResultsMixin  # noqa: F401
from netcapture.library.events import EventsMixin, EventSummary  # noqa: F401
from netcapture.library.exchange import IMPORT_CHUNK, ExchangeMixin, ImportResult  # noqa: F401
from netcapture.library.followups import FollowUpsMixin
from netcapture.library.listing import FOLLOW_UP_FILTERS, ListingMixin  # noqa: F401
from netcapture.library.notes import UNCHANGED, MemoryNotes, NotesMixin  # noqa: F401
from netcapture.library.reading_options import ReadingOptionsMixin, reader_installed  # noqa: F401
from netcapture.library.review import ReviewMixin
from netcapture.library.trash import TrashMixin


class Library(ReadingOptionsMixin, EventsMixin, EventResultsMixin, CapturingMixin, ContactsMixin, ListingMixin,
              ReviewMixin, NotesMixin, FollowUpsMixin, DuplicatesMixin, TrashMixin, ExchangeMixin, LibraryBase):
    """One user's contacts, events and captures, opened from a Config (Library.open)."""
