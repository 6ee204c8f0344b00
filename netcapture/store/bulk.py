"""Adding many new contacts at once: multi-row INSERTs instead of one ORM object at a time.

For moving a whole address book in (or filling a benchmark database): the ORM flushes each new
contact, email and phone with its own INSERT, which makes 50,000 contacts take over a minute.
Here every chunk of contacts is one multi-row INSERT ... RETURNING per table. The fields are
filled as ``exchange.record_to_contact`` fills a new contact, and the search text and the FTS
index (by its triggers) are kept in step. There is no duplicate check: use
``Library.import_vcards`` to merge cards into contacts that may already be there.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from netcapture.errors import InvalidInputError
from netcapture.exports.records import ContactRecord
from netcapture.store.contact_data import record_texts, unique_emails, unique_phones
from netcapture.store.files import store_photo
from netcapture.store.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    Event,
    Note,
    Relationship,
    contact_events,
    utcnow,
)
from netcapture.store.search import build_search_text

CHUNK = 1000  # contacts per INSERT round: bounded memory, few round trips


def insert_contacts(session: Session, records: Iterable[ContactRecord], event_ids: Iterable[int] = (),
                    region: str | None = None, cards_dir: Path | None = None) -> list[int]:
    """Insert ``records`` as new contacts met at ``event_ids`` and at the events named in their
    categories (created when new); returns the new ids in record order. With ``cards_dir`` the
    records' photos are kept (store.files.store_photo). A record's REV becomes the contact's
    last change, so exporting it again writes the same card.

    Runs in the caller's transaction. A UID that is already stored raises InvalidInputError.
    """
    event_ids = list(event_ids)
    events_by_name: dict[str, int] = {}
    new_ids: list[int] = []
    for chunk in _chunks(records, CHUNK):
        new_ids += _insert_chunk(session, chunk, event_ids, events_by_name, region, cards_dir)
    return new_ids


def _chunks(records: Iterable[ContactRecord], size: int) -> Iterator[list[ContactRecord]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _insert_chunk(session: Session, records: list[ContactRecord], event_ids: list[int],
                  events_by_name: dict[str, int], region: str | None, cards_dir: Path | None = None) -> list[int]:
    uids = [r.uid for r in records]
    if len(set(uids)) != len(uids):
        raise InvalidInputError("Two of the contacts to add have the same UID.")
    taken = session.scalars(select(Contact.uid).where(Contact.uid.in_(uids)).limit(1)).first()
    if taken is not None:
        raise InvalidInputError(f"A contact with UID {taken} is already stored; import the cards to update it.")

    now = utcnow()
    contact_rows, emails, phones = [], [], []
    for record in records:
        record_emails = unique_emails(record.emails)
        record_phones = unique_phones(record.phones, region)
        row = _contact_row(record, record_emails, record_phones, now)
        row["photo_sha256"] = store_photo(cards_dir, record.photo) if record.photo and cards_dir else None
        contact_rows.append(row)
        emails.append(record_emails)
        phones.append(record_phones)
    returned = session.execute(insert(Contact).returning(Contact.id, Contact.uid), contact_rows)
    id_of = {uid: contact_id for contact_id, uid in returned}
    ids = [id_of[uid] for uid in uids]

    email_rows = [{"contact_id": cid, "address": address, "normalized": key, "position": position,
                   "kind": _email_kinds(record).get(key, "work")}
                  for cid, found, record in zip(ids, emails, records, strict=True)
                  for position, (address, key) in enumerate(found)]
    phone_rows = [{"contact_id": cid, "number": number, "e164": e164, "kind": kind, "extension": extension,
                   "position": position}
                  for cid, found in zip(ids, phones, strict=True)
                  for position, (number, e164, kind, extension) in enumerate(found)]
    met_rows = []
    for cid, record in zip(ids, records, strict=True):
        met = dict.fromkeys(event_ids)
        met.update(dict.fromkeys(_event_id(session, name, events_by_name) for name in _names(record.categories)))
        met_rows += [{"contact_id": cid, "event_id": event_id, "met_at": now} for event_id in met]
    note_rows = [{"contact_id": cid, "text": record.note.strip(), "created_at": now, "updated_at": now}
                 for cid, record in zip(ids, records, strict=True) if record.note.strip()]
    # Core inserts (no RETURNING needed): the ORM would ask for every new primary key.
    for table, rows in ((ContactEmail.__table__, email_rows), (ContactPhone.__table__, phone_rows),
                        (contact_events, met_rows), (Note.__table__, note_rows)):
        if rows:
            session.execute(insert(table), rows)
    return ids


def _contact_row(record: ContactRecord, emails: list[tuple[str, str]],
                 phones: list[tuple[str, str | None, str, str | None]], now) -> dict:
    texts = record_texts(record)
    names = [texts[k] for k in ("full_name", "prefix", "given_name", "middle_name", "family_name", "suffix",
                                "company", "department", "title")]
    phone_texts = [text for number, e164, _kind, _ext in phones for text in (number, e164 or "")]
    return {
        **texts,
        "uid": record.uid,
        "address": (record.address or "").strip() or None,
        "address_parts": vars(record.address_parts) if record.address_parts and record.address else None,
        "birthday": record.birthday,
        "websites": list(dict.fromkeys(record.websites)),
        "social": list(dict.fromkeys(record.social)),
        "relationship": Relationship.OTHER.value,
        "corrected_fields": [],
        "created_at": now,
        "updated_at": record.rev.replace(tzinfo=None) if record.rev else now,
        "search_text": build_search_text(names, [address for address, _key in emails], phone_texts),
    }


def _email_kinds(record: ContactRecord) -> dict[str, str]:
    return {e.strip().casefold(): record.email_kind(i) for i, e in enumerate(record.emails)}


def _names(categories: Iterable[str]) -> list[str]:
    return [name.strip() for name in categories if name.strip()]


def _event_id(session: Session, name: str, cache: dict[str, int]) -> int:
    if name not in cache:
        event = session.scalar(select(Event).where(Event.name == name))
        if event is None:
            event = Event(name=name)
            session.add(event)
            session.flush()
        cache[name] = event.id
    return cache[name]
