"""Reviewing a card as read: the form's data, storing what the user changed, and the
review queue (kept with the contact, so it survives a restart). Rules: netcapture.review.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from netcapture.library.base import EventRef, LibraryBase
from netcapture.review import ReviewItem, low_confidence_fields, review_changes, review_values
from netcapture.store.contact_data import apply_user_changes
from netcapture.store.models import Contact, utcnow


class ReviewMixin(LibraryBase):
    """Check a reading against the card."""

    def review_item(self, contact_id: int) -> ReviewItem:
        """One card to review, as plain data: the form's values, the card image and its word
        boxes, which words each field came from, confidences and the fields that want a look."""
        contact = self.get_contact(contact_id)
        sides = sorted(contact.card_sides, key=lambda s: (s.side != "front", s.id))
        reading = (sides[0].reading if sides else None) or {}
        state = self.reading_state(contact_id)
        image = self.card_image_path(contact_id)
        if image is None or not image.exists():  # not read (yet): the stored photo stands in
            image = state.original if state.original and state.original.exists() else None
        corrected = set(contact.corrected_fields or [])
        return ReviewItem(contact_id=contact_id, image_path=image, words=list(reading.get("words") or []),
                          values=review_values(contact), confidence=dict(reading.get("confidence") or {}),
                          field_words={k: list(v) for k, v in (reading.get("field_words") or {}).items()},
                          corrected=corrected, low_confidence=low_confidence_fields(reading, corrected),
                          status=state.status, error=state.error)

    def apply_review(self, contact_id: int, values: dict[str, str]) -> Contact:
        """Store what the user changed on the review form (keys: review.REVIEW_FIELDS, lists
        comma-separated). Fields left as they were stay as read; changed ones become corrections."""
        def work(session: Session) -> None:
            contact = self._contact(session, contact_id)
            changes = review_changes(contact, values)
            if changes:
                apply_user_changes(contact, changes, self.config.region)
                contact.updated_at = utcnow()
            contact.review_pending = False  # what the user saw is confirmed

        self.db.run(work)
        return self.get_contact(contact_id)

    def confirm_review(self, contact_id: int) -> None:
        """The card is right as read: it leaves the review queue."""
        def work(session: Session) -> None:
            self._contact(session, contact_id).review_pending = False

        self.db.run(work)

    def review_queue(self, event: EventRef | None = None) -> list[int]:
        """Ids of cards waiting for review (fields read with low confidence, or a card that could
        not be read), oldest first. Stored with the contact, so the queue survives a restart."""
        with self.db.session(write=False) as session:
            query = self._contact_query(session, event, None, False, None, None, None)
            return list(session.scalars(query.where(Contact.review_pending.is_(True))
                                        .with_only_columns(Contact.id).order_by(Contact.created_at, Contact.id)))
