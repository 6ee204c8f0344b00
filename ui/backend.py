"""The app's one doorway into the netcapture services.

Every view talks to this object, never to SQLAlchemy or the reader directly, so the widgets stay
free of business rules and tests can swap the reader. Methods are safe to call from worker
threads: each opens its own short session. Nothing here imports Qt.
"""
from __future__ import annotations

import html
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from netcapture import dedupe, memory_notes
from netcapture.capture import CaptureResult, CaptureService, Reader
from netcapture.config import Config
from netcapture.exchange import contact_to_record, iter_contact_records, iter_followup_records, note_text
from netcapture.store.contact_data import apply_user_changes
from netcapture.store.db import Database
from netcapture.store.models import CardSide, Contact, Event, FollowUp, contact_events
from netcapture.store.search import apply_search
from ui.contacts_model import ContactQuery, ContactRow

EXPORT_FORMATS = {
    "vcard3": ("vCard 3.0 (Google, Apple, Outlook)", "vcf"),
    "vcard4": ("vCard 4.0", "vcf"),
    "csv-google": ("CSV for Google Contacts", "csv"),
    "csv-outlook": ("CSV for Outlook", "csv"),
    "ics": ("Follow-ups as calendar (.ics)", "ics"),
}


@dataclass
class ReviewData:
    contact_id: int
    image_path: Path | None
    words: list[dict]
    values: dict[str, str]
    confidence: dict[str, float]
    field_words: dict[str, list[int]]
    corrected: set[str]


class Backend:
    def __init__(self, db: Database, config: Config, reader: Reader | None = None):
        self.db = db
        self.config = config
        self.capture = CaptureService(db, config, reader)

    @classmethod
    def open(cls, config: Config | None = None, reader: Reader | None = None) -> Backend:
        config = config or Config.load()
        config.ensure_data_dir()
        return cls(Database.open(config), config, reader)

    def close(self) -> None:
        self.db.close()

    @property
    def data_dir(self) -> Path:
        return self.config.data_dir

    # -- environment ---------------------------------------------------------------------------
    @staticmethod
    def tesseract_available() -> bool:
        return shutil.which("tesseract") is not None

    @staticmethod
    def sample_cards() -> list[Path]:
        from ui.resources import resource

        folder = resource("samples")
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir()
                      if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".pdf"))

    # -- events --------------------------------------------------------------------------------
    def list_events(self) -> list[tuple[int, str, date | None]]:
        with self.db.session(write=False) as s:
            rows = s.execute(select(Event.id, Event.name, Event.date)
                             .order_by(Event.date.desc().nulls_last(), Event.id.desc())).all()
        return [(r.id, r.name, r.date) for r in rows]

    def create_event(self, name: str, when: date | None = None, venue: str = "", goal: str = "") -> int:
        def work(s):
            existing = s.scalar(select(Event).where(Event.name == name))
            if existing is not None:
                return existing.id
            event = Event(name=name, date=when, venue=venue, goal=goal)
            s.add(event)
            s.flush()
            return event.id

        return self.db.run(work)

    def event_name(self, event_id: int | None) -> str:
        if event_id is None:
            return ""
        with self.db.session(write=False) as s:
            event = s.get(Event, event_id)
            return event.name if event else ""

    # -- capture -------------------------------------------------------------------------------
    def add_image(self, source: Path | bytes, event_id: int | None, filename: str | None = None) -> CaptureResult:
        """Store and read one image (slow: call on a worker thread)."""
        return self.capture.add_image(source, event_id=event_id, filename=filename)

    def add_back_side(self, contact_id: int, source: Path | bytes, filename: str | None = None) -> CaptureResult:
        return self.capture.add_back_side(contact_id, source, filename=filename)

    def import_files(self, paths: Iterable[Path], event_id: int | None,
                     progress: Callable[[int, int, str], None] | None = None,
                     cancelled: Callable[[], bool] = lambda: False) -> list[CaptureResult]:
        from netcapture.capture import find_card_files

        files = find_card_files(paths)
        results = []
        for done, path in enumerate(files):
            if cancelled():
                break
            if progress:
                progress(done, len(files), path.name)
            results.append(self.capture.add_image(path, event_id=event_id))
        if progress:
            progress(len(results), len(files), "")
        return results

    # -- contacts table ------------------------------------------------------------------------
    def _filtered(self, s, query: ContactQuery, today: date):
        stmt = select(Contact)
        if query.text:
            stmt = apply_search(stmt, s, query.text, Contact)
        if query.event_id is not None:
            stmt = stmt.where(Contact.id.in_(
                select(contact_events.c.contact_id).where(contact_events.c.event_id == query.event_id)))
        if query.notes_missing:
            stmt = stmt.where(~memory_notes.has_notes_clause())
        if query.follow_up:
            due = FollowUp.due < today if query.follow_up == "overdue" else FollowUp.due <= today
            stmt = stmt.where(Contact.id.in_(select(FollowUp.contact_id).where(FollowUp.done.is_(False), due)))
        return stmt

    def contact_rows(self, query: ContactQuery, offset: int, limit: int, today: date | None = None) -> list[ContactRow]:
        today = today or date.today()
        next_due = (select(func.min(FollowUp.due)).where(FollowUp.contact_id == Contact.id,
                                                         FollowUp.done.is_(False))
                    .correlate(Contact).scalar_subquery())
        with self.db.session(write=False) as s:
            stmt = self._filtered(s, query, today)
            stmt = (stmt.add_columns(memory_notes.has_notes_clause().label("has_notes"), next_due.label("next_due"))
                    .order_by(Contact.created_at.desc(), Contact.id.desc()).offset(offset).limit(limit)
                    .options(selectinload(Contact.emails), selectinload(Contact.phones),
                             selectinload(Contact.events)))
            rows = []
            for contact, has_notes, due in s.execute(stmt):
                rows.append(ContactRow(
                    id=contact.id, name=contact.display_name, company=contact.company, title=contact.title,
                    email=contact.emails[0].address if contact.emails else "",
                    phone=contact.phones[0].number if contact.phones else "",
                    events=", ".join(e.name for e in contact.events), has_notes=bool(has_notes),
                    follow_up=due, relationship=contact.relationship))
            return rows

    def count_contacts(self, query: ContactQuery, today: date | None = None) -> int:
        with self.db.session(write=False) as s:
            stmt = self._filtered(s, query, today or date.today())
            return s.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    # -- one contact ---------------------------------------------------------------------------
    def contact_name(self, contact_id: int) -> str:
        with self.db.session(write=False) as s:
            contact = s.get(Contact, contact_id)
            if contact is None:
                return ""
            return contact.display_name + (f" — {contact.company}" if contact.company and contact.full_name else "")

    def card_images(self, contact_id: int) -> tuple[Path | None, Path | None]:
        """The flattened front and back card images on disk (either may be missing)."""
        with self.db.session(write=False) as s:
            sides = s.scalars(select(CardSide).where(CardSide.contact_id == contact_id).order_by(CardSide.id)).all()
            found = {"front": None, "back": None}
            for side in sides:
                if side.image_name and found.get(side.side) is None:
                    path = self.config.cards_dir / side.image_name
                    if path.exists():
                        found[side.side] = path
            return found["front"], found["back"]

    def detail_html(self, contact_id: int, today: date | None = None) -> str:
        today = today or date.today()
        with self.db.session(write=False) as s:
            contact = s.get(Contact, contact_id, options=[selectinload(Contact.emails), selectinload(Contact.phones),
                                                          selectinload(Contact.events), selectinload(Contact.notes),
                                                          selectinload(Contact.follow_ups)])
            if contact is None:
                return ""
            return contact_html(contact, today)

    def review_data(self, contact_id: int) -> ReviewData | None:
        with self.db.session(write=False) as s:
            contact = s.get(Contact, contact_id, options=[selectinload(Contact.emails), selectinload(Contact.phones)])
            if contact is None:
                return None
            side = s.scalar(select(CardSide).where(CardSide.contact_id == contact_id)
                            .order_by((CardSide.side != "front"), CardSide.id).limit(1))
            reading = (side.reading if side else None) or {}
            image = self.config.cards_dir / side.image_name if side and side.image_name else None
            values = {
                "name": contact.full_name or contact.display_name if (contact.full_name or contact.given_name) else "",
                "title": contact.title, "department": contact.department, "company": contact.company,
                "emails": ", ".join(e.address for e in contact.emails),
                "phones": ", ".join(p.number for p in contact.phones),
                "websites": ", ".join(contact.websites or []), "address": contact.address or "",
            }
            words = reading.get("words") or []
            return ReviewData(
                contact_id=contact_id, image_path=image if image and image.exists() else None, words=words,
                values=values, confidence=dict(reading.get("confidence") or {}),
                field_words=_field_words(words, values), corrected=set(contact.corrected_fields or []))

    def save_review(self, contact_id: int, values: dict[str, str]) -> None:
        """Store what the user changed on the review screen; unchanged fields stay as read."""
        before = self.review_data(contact_id)
        if before is None:
            return
        changes: dict = {}
        for key, value in values.items():
            if value == before.values.get(key, ""):
                continue
            if key == "name":
                changes["full_name"] = value
            elif key in ("emails", "websites"):
                changes[key] = [v.strip() for v in value.split(",") if v.strip()]
            elif key == "phones":
                changes[key] = [(v.strip(), "other") for v in value.split(",") if v.strip()]
            else:
                changes[key] = value
        if not changes:
            return

        def work(s):
            contact = s.get(Contact, contact_id)
            if "phones" in changes:  # keep the printed kind of numbers that were already there
                kinds = {p.number: p.kind for p in contact.phones}
                changes["phones"] = [(n, kinds.get(n, k)) for n, k in changes["phones"]]
            apply_user_changes(contact, changes, self.config.region)

        self.db.run(work)

    # -- memory prompt -------------------------------------------------------------------------
    relationship_choices = staticmethod(memory_notes.relationship_choices)
    default_follow_up_date = staticmethod(memory_notes.default_follow_up_date)

    def prompt_state(self, contact_id: int, event_id: int | None) -> tuple[dict[str, str], str, date | None]:
        """The answers so far, the relationship and the open follow-up's date (the default when
        the contact has none yet and no answers were saved)."""
        with self.db.session(write=False) as s:
            contact = s.get(Contact, contact_id)
            note = memory_notes.note_for(s, contact_id, event_id)
            follow = memory_notes.open_follow_up(s, contact_id)
            answers = {k: getattr(note, k) for k in memory_notes.ANSWER_FIELDS} if note else {}
            due = follow.due if follow else (None if note else memory_notes.default_follow_up_date())
            return answers, contact.relationship if contact else "other", due

    def save_prompt(self, contact_id: int, event_id: int | None, values: dict) -> None:
        def work(s):
            memory_notes.save_answers(s, contact_id, event_id, values)
            if values.get("relationship"):
                memory_notes.set_relationship(s, contact_id, values["relationship"])
            if "follow_up" in values:
                memory_notes.set_follow_up(s, contact_id, values["follow_up"])

        self.db.run(work)

    def missing_notes_count(self, event_id: int | None) -> int:
        with self.db.session(write=False) as s:
            return memory_notes.missing_notes_count(s, event_id)

    def missing_notes_ids(self, event_id: int | None, older_than_minutes: float = 0) -> list[int]:
        with self.db.session(write=False) as s:
            return memory_notes.missing_notes_ids(s, event_id, older_than_minutes)

    # -- follow-ups ----------------------------------------------------------------------------
    def due_follow_ups(self, today: date | None = None) -> list[dict]:
        with self.db.session(write=False) as s:
            return [{"id": f.id, "contact_id": f.contact_id, "name": f.contact.display_name,
                     "company": f.contact.company, "due": f.due, "summary": f.summary}
                    for f in memory_notes.due_follow_ups(s, today)]

    def mark_follow_up_done(self, follow_up_id: int, outcome: str = "") -> None:
        self.db.run(lambda s: memory_notes.mark_done(s, follow_up_id, outcome))

    # -- duplicates ----------------------------------------------------------------------------
    def duplicate_suggestions(self) -> list[dict]:
        today = date.today()
        with self.db.session(write=False) as s:
            out = []
            for d in dedupe.all_duplicates(s):
                keep, other = s.get(Contact, d.keep_id), s.get(Contact, d.other_id)
                if keep is None or other is None:
                    continue
                out.append({"keep_id": d.keep_id, "other_id": d.other_id, "reason": d.reason,
                            "keep_name": keep.display_name, "other_name": other.display_name,
                            "keep_html": contact_html(keep, today), "other_html": contact_html(other, today)})
            return out

    def merge(self, keep_id: int, other_id: int) -> None:
        self.db.run(lambda s: dedupe.merge(s, s.get(Contact, keep_id), s.get(Contact, other_id)))

    def dismiss_duplicate(self, a: int, b: int) -> None:
        self.db.run(lambda s: dedupe.dismiss(s, a, b))

    # -- exports -------------------------------------------------------------------------------
    def export(self, fmt: str, path: Path, contact_ids: list[int] | None = None,
               event_id: int | None = None) -> int:
        """Write the chosen contacts (or an event's, or all) to ``path``; returns how many."""
        if fmt == "ics":
            from netcapture.exports import ics  # written by the exports helper

            records = iter_followup_records(self.db, event_id=event_id)
            if contact_ids is not None:
                wanted = set(contact_ids)
                uids = self._uids(wanted)
                records = (r for r in records if r.contact_uid in uids)
            with open(path, "w", encoding="utf-8", newline="") as stream:
                return ics.write_ics(records, stream)
        records = self._records(contact_ids) if contact_ids is not None else iter_contact_records(
            self.db, event_id=event_id)
        if fmt in ("vcard3", "vcard4"):
            from netcapture.exports.vcard import write_vcards

            with open(path, "w", encoding="utf-8", newline="") as stream:
                return write_vcards(records, stream, version="3.0" if fmt == "vcard3" else "4.0")
        if fmt in ("csv-google", "csv-outlook"):
            from netcapture.exports import csv_export  # written by the exports helper

            with open(path, "w", encoding="utf-8", newline="") as stream:
                return csv_export.write_csv(records, stream, layout=fmt.split("-", 1)[1])
        raise ValueError(f"Unknown export format {fmt!r}")

    def _uids(self, contact_ids: set[int]) -> set[str]:
        with self.db.session(write=False) as s:
            return set(s.scalars(select(Contact.uid).where(Contact.id.in_(contact_ids))))

    def _records(self, contact_ids: list[int]):
        for start in range(0, len(contact_ids), 500):
            chunk = contact_ids[start:start + 500]
            with self.db.session(write=False) as s:
                contacts = s.scalars(select(Contact).where(Contact.id.in_(chunk)).order_by(Contact.id).options(
                    selectinload(Contact.emails), selectinload(Contact.phones), selectinload(Contact.events),
                    selectinload(Contact.notes))).all()
                records = [contact_to_record(c) for c in contacts]
            yield from records


def _field_words(words: list[dict], values: dict[str, str]) -> dict[str, list[int]]:
    """Which recognised words make up each field's value (for highlighting on the card)."""
    folded = [str(w.get("text", "")).casefold().strip(".,;:()") for w in words]
    out: dict[str, list[int]] = {}
    for key, value in values.items():
        tokens = {t.casefold().strip(".,;:()") for t in value.replace(",", " ").split() if t}
        out[key] = [i for i, text in enumerate(folded) if text and text in tokens]
    return out


def contact_html(contact: Contact, today: date) -> str:
    e = html.escape
    lines = [f"<h2 style='margin-bottom:2px'>{e(contact.display_name)}</h2>"]
    role = ", ".join(x for x in (contact.title, contact.department, contact.company) if x)
    if role:
        lines.append(f"<div>{e(role)}</div>")
    lines.append(f"<div style='color:gray'>{e(contact.relationship.capitalize())}"
                 + (f" · met at {e(', '.join(ev.name for ev in contact.events))}" if contact.events else "")
                 + "</div><br>")
    for email in contact.emails:
        lines.append(f"<div>✉ <a href='mailto:{e(email.address)}'>{e(email.address)}</a></div>")
    for phone in contact.phones:
        lines.append(f"<div>☎ {e(phone.number)} <span style='color:gray'>({e(phone.kind)})</span></div>")
    for site in contact.websites or []:
        href = site if "://" in site else "https://" + site
        lines.append(f"<div>🌐 <a href='{e(href)}'>{e(site)}</a></div>")
    if contact.address:
        lines.append(f"<div>{e(contact.address).replace(chr(10), '<br>')}</div>")
    notes = note_text(contact.notes)
    lines.append("<h3>Notes</h3>")
    lines.append(f"<div>{e(notes).replace(chr(10), '<br>')}</div>" if notes
                 else "<div style='color:#d97706'>No notes yet.</div>")
    if contact.follow_ups:
        lines.append("<h3>Follow-ups</h3>")
        for f in contact.follow_ups:
            state = "done" + (f": {e(f.outcome)}" if f.outcome else "") if f.done else (
                "overdue" if f.due < today else "open")
            lines.append(f"<div>{f.due:%a %d %b %Y} — {e(f.summary or 'Follow up')} ({state})</div>")
    return "\n".join(lines)
