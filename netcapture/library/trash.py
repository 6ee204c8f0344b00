"""The Trash: deleting a contact or an event moves it there (out of every list, count,
search, export and follow-up), restore brings it back, emptying deletes for good. Rules: netcapture.trash.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from netcapture.library.base import CURRENT_EVENT_KEY, EventRef, LibraryBase
from netcapture.store.models import Contact, Event
from netcapture.store.settings import get_setting, put_setting
from netcapture.trash import (
    TrashedItem,
    empty_trash,
    restore_contact,
    restore_event,
    trash_contact,
    trash_event,
    trashed,
)


class TrashMixin(LibraryBase):
    """Delete, restore and empty: nothing is lost until the Trash is emptied."""

    def delete_contact(self, contact_id: int) -> None:
        """Move a contact to the Trash: out of every list, count, search, export and follow-up,
        with everything kept until the Trash is emptied (restore_contact brings it back)."""
        self.db.run(lambda s: trash_contact(self._contact(s, contact_id)))

    def restore_contact(self, contact_id: int) -> Contact:
        self.db.run(lambda s: restore_contact(self._contact(s, contact_id)))
        return self.get_contact(contact_id)

    def delete_event(self, event: EventRef) -> None:
        """Move an event to the Trash (restore_event brings it back). Its contacts stay."""
        def work(session: Session) -> None:
            found = self._event(session, event)
            trash_event(found)
            current = get_setting(session, CURRENT_EVENT_KEY)
            if current == str(found.id):
                put_setting(session, CURRENT_EVENT_KEY, "")

        self.db.run(work)

    def restore_event(self, event: EventRef) -> Event:
        def work(session: Session) -> Event:
            found = self._event(session, event, include_trashed=True)
            restore_event(found)
            return found

        return self.db.run(work)

    def trash(self) -> list[TrashedItem]:
        """Contacts and events in the Trash, most recently deleted first."""
        with self.db.session(write=False) as session:
            return trashed(session)

    def empty_trash(self) -> tuple[int, int]:
        """Delete the Trash's contacts and events for good; returns how many of each."""
        return self.db.run(empty_trash, retries=1)
