"""Reviewing a read card: the form's values, what the user changed, and which fields need a look.

The review form shows a contact as a few plain strings (lists comma-separated). The rules for
turning that form back into changes live here, so the GUI and the tests share them:
only fields whose text differs from what is stored are changes (an untouched field stays as
read, and is not marked as corrected); list fields are split on commas; a phone number that
was there before keeps its kind ("mobile", "fax") and extension, a new one is "other".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netcapture.store.models import Contact

# The review form's fields, in the order it shows them.
REVIEW_FIELDS = ("name", "title", "department", "company", "emails", "phones", "websites", "address")
LIST_FIELDS = ("emails", "phones", "websites")  # entered comma-separated
# A field read with less confidence than this waits for the user to confirm it (the review queue).
LOW_CONFIDENCE = 0.75


@dataclass
class ReviewItem:
    """One card to review, as plain data for a view."""

    contact_id: int
    image_path: Path | None  # the flattened card (or, when unread, the stored photo)
    words: list[dict]  # the reading's word boxes: text, left, top, width, height, conf, line
    values: dict[str, str]  # REVIEW_FIELDS -> text as the form shows it
    confidence: dict[str, float]  # reading field -> confidence (0..1)
    field_words: dict[str, list[int]]  # REVIEW_FIELDS key -> indices into ``words``
    corrected: set[str] = field(default_factory=set)  # fields the user already corrected
    low_confidence: list[str] = field(default_factory=list)  # fields to look at, in form order
    status: str = "read"  # ReadStatus of the card's capture
    error: str = ""  # why reading failed


def review_values(contact: Contact) -> dict[str, str]:
    """The contact as the review form shows it."""
    return {
        "name": contact.full_name or (contact.display_name if contact.given_name else ""),
        "title": contact.title, "department": contact.department, "company": contact.company,
        "emails": ", ".join(e.address for e in contact.emails),
        "phones": ", ".join(p.number for p in contact.phones),
        "websites": ", ".join(contact.websites or []), "address": contact.address or "",
    }


def review_changes(contact: Contact, values: dict[str, str]) -> dict[str, Any]:
    """The form's ``values`` as changes for ``apply_user_changes``: only what differs from the
    stored contact. Unknown keys raise nothing here; apply_user_changes names them."""
    before = review_values(contact)
    changes: dict[str, Any] = {}
    for key, value in values.items():
        value = value or ""
        if value.strip() == before.get(key, "").strip():
            continue
        items = [v.strip() for v in value.split(",") if v.strip()] if key in LIST_FIELDS else None
        if key == "name":
            changes["full_name"] = value
        elif key == "phones":  # a number that was there keeps its kind and extension
            known = {p.number: (p.kind, p.extension) for p in contact.phones}
            changes["phones"] = [(number, None, *known.get(number, ("other", None))) for number in items]
        elif items is not None:
            changes[key] = items
        else:
            changes[key] = value
    return changes


def low_confidence_fields(reading: dict[str, Any], corrected: set[str] | list[str] = ()) -> list[str]:
    """Review fields read with low confidence and not corrected since, in form order."""
    confidence = reading.get("confidence") or {}
    done = {("name" if f == "full_name" else f) for f in corrected}
    return [key for key in REVIEW_FIELDS
            if key not in done and confidence.get(key, 1.0) < LOW_CONFIDENCE]
