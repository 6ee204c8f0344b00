"""Duplicates: suggested pairs, merging two contacts into one, and "these are different
people". The matching rules are netcapture.dedupe's.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from netcapture.dedupe import DuplicateSuggestion, all_duplicates, dismiss, duplicates_of, merge
from netcapture.library.base import LibraryBase
from netcapture.store.models import Contact
from netcapture.trash import trash_is_empty


class DuplicatesMixin(LibraryBase):
    """Find, merge and dismiss duplicate contacts."""

    def duplicates(self, contact_id: int | None = None) -> list[DuplicateSuggestion]:
        """Suggested duplicate pairs: of one contact, or of the whole library."""
        with self.db.session(write=False) as session:
            found = (all_duplicates(session) if contact_id is None
                     else duplicates_of(session, self._contact(session, contact_id)))
            if not found or trash_is_empty(session):
                return found
            ids = {i for d in found for i in d.pair}
            gone = set(session.scalars(select(Contact.id).where(Contact.id.in_(ids), ~Contact.live())))
            return [d for d in found if not gone & set(d.pair)]

    def merge(self, keep_id: int, other_id: int) -> Contact:
        """Merge ``other_id`` into ``keep_id``: both events, all notes and follow-ups are kept."""
        def work(session: Session) -> None:
            merge(session, self._contact(session, keep_id), self._contact(session, other_id))

        self.db.run(work, retries=1)
        return self.get_contact(keep_id)

    def dismiss_duplicate(self, a: int, b: int) -> None:
        """The two are different people: don't propose them again."""
        self.db.run(lambda s: dismiss(s, self._contact(s, a).id, self._contact(s, b).id))
