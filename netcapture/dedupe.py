"""Who is the same person: duplicate suggestions and merging.

A pair is proposed when the two contacts share an email address (case-insensitive), a phone
number (same E.164), or have close names at close companies (rapidfuzz). A shared office number
(a switchboard) is not evidence on its own: it counts when it is a mobile, or when the names do
not tell two people apart. The user decides: a
merge keeps one contact with both contacts' events, notes, follow-ups and card sides; a
dismissed pair is not proposed again.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from netcapture.store.contact_data import refresh_search_text, set_emails, set_phones
from netcapture.store.models import (
    CardSide,
    Contact,
    ContactEmail,
    ContactPhone,
    DismissedDuplicate,
    FollowUp,
    Note,
    utcnow,
)
from netcapture.store.search import normalise

NAME_SIMILARITY = 88  # rapidfuzz token_sort_ratio, 0..100, of the folded full names
COMPANY_SIMILARITY = 85
NAME_CANDIDATES = 51  # closest names looked at per contact (one may be the contact itself)
SHARED_PHONE_NAME_SIMILARITY = 70  # token_set_ratio: "J. Smith" and "John Smith" may be one person


@dataclass(frozen=True)
class DuplicateSuggestion:
    """Two contacts that look like the same person; ``keep_id`` is the older one."""

    keep_id: int
    other_id: int
    reason: str  # for the user: "same email anna@example.com"
    score: float  # 0..1, how sure

    @property
    def pair(self) -> tuple[int, int]:
        return (min(self.keep_id, self.other_id), max(self.keep_id, self.other_id))


def _name_key(full_name: str, given: str, family: str) -> str:
    """The name compared for duplicates: given + family name, so "Dr." or "PhD" do not count."""
    return normalise(f"{given} {family}") or normalise(full_name)


def names_match(name_a: str, company_a: str, name_b: str, company_b: str) -> float | None:
    """Similarity (0..1) when both the names and the companies are close, else None."""
    if not (name_a and name_b and company_a and company_b):
        return None
    name_score = fuzz.token_sort_ratio(name_a, name_b)
    if name_score < NAME_SIMILARITY:
        return None
    company_score = fuzz.token_set_ratio(company_a, company_b)
    if company_score < COMPANY_SIMILARITY:
        return None
    return min(name_score, company_score) / 100


def shared_phone_counts(kind_a: str, kind_b: str, name_a: str, name_b: str) -> bool:
    """Whether one phone number on both contacts points to one person: a mobile does; an office
    number only when the (folded) names are missing or close."""
    if "mobile" in (kind_a, kind_b) or not (name_a and name_b):
        return True
    return fuzz.token_set_ratio(name_a, name_b) >= SHARED_PHONE_NAME_SIMILARITY


@dataclass(frozen=True)
class Probe:
    """What the duplicate check needs of one contact (from an ORM contact or an imported record)."""

    id: int
    emails: tuple[str, ...]  # normalised (case-folded) addresses
    phones: tuple[tuple[str, str], ...]  # (E.164, kind)
    name: str  # _name_key
    company: str  # normalised

    @classmethod
    def of(cls, contact: Contact) -> Probe:
        return cls(contact.id, tuple(e.normalized for e in contact.emails),
                   tuple((p.e164, p.kind) for p in contact.phones if p.e164),
                   _name_key(contact.full_name, contact.given_name, contact.family_name), normalise(contact.company))


def probes_for(session: Session, ids: list[int]) -> list[Probe]:
    """Probes of stored contacts, read by plain column queries (for contacts just bulk-inserted)."""
    probes = []
    for chunk in _chunked(ids):
        emails: dict[int, list[str]] = defaultdict(list)
        phones: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for cid, normalized in session.execute(
                select(ContactEmail.contact_id, ContactEmail.normalized).where(ContactEmail.contact_id.in_(chunk))):
            emails[cid].append(normalized)
        for cid, e164, kind in session.execute(
                select(ContactPhone.contact_id, ContactPhone.e164, ContactPhone.kind)
                .where(ContactPhone.contact_id.in_(chunk), ContactPhone.e164.is_not(None))):
            phones[cid].append((e164, kind))
        for cid, full, given, family, company in session.execute(
                select(Contact.id, Contact.full_name, Contact.given_name, Contact.family_name, Contact.company)
                .where(Contact.id.in_(chunk))):
            probes.append(Probe(cid, tuple(emails[cid]), tuple(phones[cid]), _name_key(full, given, family),
                                normalise(company)))
    return probes


def duplicates_of(session: Session, contact: Contact) -> list[DuplicateSuggestion]:
    """Existing contacts that look like ``contact`` (best first)."""
    return duplicates_among(session, [Probe.of(contact)]).get(contact.id, [])


_IN_CHUNK = 500  # values per IN (...): SQLite allows 999 parameters in a query


def duplicates_among(session: Session, probes: list[Probe]) -> dict[int, list[DuplicateSuggestion]]:
    """Stored contacts that look like each of ``probes`` (best first), by probe id.

    Indexed, not quadratic: shared emails and phones are looked up by the database (indexed
    columns, a few hundred values per query); similar names at similar companies are compared
    only within the contacts sharing a name word with the probe, read once for the whole batch.
    10,000 imported cards against 50,000 contacts take seconds instead of many minutes."""
    found: dict[int, dict[int, DuplicateSuggestion]] = {p.id: {} for p in probes}

    def propose(probe: Probe, other_id: int, reason: str, score: float) -> None:
        if other_id == probe.id:
            return
        keep, other = sorted((probe.id, other_id))
        current = found[probe.id].get(other_id)
        if current is None or current.score < score:
            found[probe.id][other_id] = DuplicateSuggestion(keep, other, reason, score)

    by_email: dict[str, list[Probe]] = defaultdict(list)
    by_phone: dict[str, list[tuple[Probe, str]]] = defaultdict(list)
    for probe in probes:
        for address in probe.emails:
            by_email[address].append(probe)
        for e164, kind in probe.phones:
            by_phone[e164].append((probe, kind))
    for chunk in _chunked(list(by_email)):
        for other_id, address, normalized in session.execute(
            select(ContactEmail.contact_id, ContactEmail.address, ContactEmail.normalized)
            .where(ContactEmail.normalized.in_(chunk))
        ):
            for probe in by_email[normalized]:
                propose(probe, other_id, f"same email {address}", 1.0)
    for chunk in _chunked(list(by_phone)):
        for other_id, e164, kind, full, given, family in session.execute(
            select(ContactPhone.contact_id, ContactPhone.e164, ContactPhone.kind, Contact.full_name,
                   Contact.given_name, Contact.family_name)
            .join(Contact, Contact.id == ContactPhone.contact_id).where(ContactPhone.e164.in_(chunk))
        ):
            other_name = _name_key(full, given, family)
            for probe, probe_kind in by_phone[e164]:
                if shared_phone_counts(probe_kind, kind, probe.name, other_name):
                    propose(probe, other_id, f"same phone {e164}", 0.95)

    named = [p for p in probes if p.name and p.company]
    if named:
        names_by_word, company_of = _name_blocks(session)
        closest: dict[str, list[int]] = {}  # imports repeat names: look each one up once
        for probe in named:
            if probe.name not in closest:
                words = _name_words(probe.name)
                if len(words) == 1:
                    candidates = names_by_word.get(next(iter(words)), {})
                else:
                    candidates = {}
                    for word in words:
                        candidates.update(names_by_word.get(word, {}))
                closest[probe.name] = [other_id for _match, _score, other_id in process.extract(
                    probe.name, candidates, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_SIMILARITY,
                    limit=NAME_CANDIDATES)]
            for other_id in closest[probe.name]:
                if other_id == probe.id:
                    continue
                score = names_match(probe.name, probe.company, names_of(other_id, names_by_word, probe.name),
                                    company_of[other_id])
                if score is not None:
                    propose(probe, other_id, "similar name and company", score * 0.9)

    all_found = [s for by_other in found.values() for s in by_other.values()]
    allowed = set(_without_dismissed(session, all_found))
    return {pid: sorted((s for s in by_other.values() if s in allowed), key=lambda s: -s.score)
            for pid, by_other in found.items()}


def _name_words(name: str) -> set[str]:
    """The words a name is filed under: two names 88% alike (token_sort_ratio) share one."""
    return {word for word in name.split() if len(word) > 1} or {name}


def _name_blocks(session: Session) -> tuple[dict[str, dict[int, str]], dict[int, str]]:
    """Every contact with a company: its name key under each word of its name, and its company."""
    names_by_word: dict[str, dict[int, str]] = defaultdict(dict)
    company_of: dict[int, str] = {}
    for cid, full, given, family, company in session.execute(
        select(Contact.id, Contact.full_name, Contact.given_name, Contact.family_name, Contact.company)
        .where(Contact.company != "")
    ):
        name = _name_key(full, given, family)
        if name:
            company_of[cid] = normalise(company)
            for word in _name_words(name):
                names_by_word[word][cid] = name
    return names_by_word, company_of


def names_of(cid: int, names_by_word: dict[str, dict[int, str]], probe_name: str) -> str:
    """The name key of a stored contact found through one of ``probe_name``'s words."""
    for word in _name_words(probe_name):
        name = names_by_word.get(word, {}).get(cid)
        if name is not None:
            return name
    raise KeyError(cid)


def _chunked(values: list) -> list[list]:
    return [values[i:i + _IN_CHUNK] for i in range(0, len(values), _IN_CHUNK)]


def all_duplicates(session: Session) -> list[DuplicateSuggestion]:
    """Every suggested pair in the library (best first).

    Shared emails and phones are found by the database; similar names are compared within
    groups of contacts whose folded family name starts with the same two letters, so the work
    stays close to linear in the number of contacts.
    """
    found: dict[tuple[int, int], DuplicateSuggestion] = {}

    def propose(a: int, b: int, reason: str, score: float) -> None:
        if a == b:
            return
        keep, other = sorted((a, b))
        current = found.get((keep, other))
        if current is None or current.score < score:
            found[(keep, other)] = DuplicateSuggestion(keep, other, reason, score)

    e1, e2 = ContactEmail.__table__.alias("e1"), ContactEmail.__table__.alias("e2")
    for a, b, address in session.execute(
        select(e1.c.contact_id, e2.c.contact_id, e1.c.address)
        .join(e2, and_(e1.c.normalized == e2.c.normalized, e1.c.contact_id < e2.c.contact_id))
    ):
        propose(a, b, f"same email {address}", 1.0)
    p1, p2 = ContactPhone.__table__.alias("p1"), ContactPhone.__table__.alias("p2")
    shared = session.execute(
        select(p1.c.contact_id, p2.c.contact_id, p1.c.e164, p1.c.kind, p2.c.kind)
        .join(p2, and_(p1.c.e164 == p2.c.e164, p1.c.contact_id < p2.c.contact_id))
        .where(p1.c.e164.is_not(None))
    ).all()
    if shared:
        ids = {i for row in shared for i in row[:2]}
        names = {cid: _name_key(full, given, family) for cid, full, given, family in session.execute(
            select(Contact.id, Contact.full_name, Contact.given_name, Contact.family_name).where(Contact.id.in_(ids)))}
        for a, b, e164, kind_a, kind_b in shared:
            if shared_phone_counts(kind_a, kind_b, names.get(a, ""), names.get(b, "")):
                propose(a, b, f"same phone {e164}", 0.95)

    groups: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for cid, full, given, family, company in session.execute(
        select(Contact.id, Contact.full_name, Contact.given_name, Contact.family_name, Contact.company)
        .where(Contact.company != "")
    ):
        name = _name_key(full, given, family)
        if not name:
            continue
        block = normalise(family)[:2] or name[:2]
        groups[block].append((cid, name, normalise(company)))
    for members in groups.values():
        for i, (a, name_a, company_a) in enumerate(members):
            for b, name_b, company_b in members[i + 1:]:
                score = names_match(name_a, company_a, name_b, company_b)
                if score is not None:
                    propose(a, b, "similar name and company", score * 0.9)
    return _without_dismissed(session, sorted(found.values(), key=lambda s: (-s.score, s.pair)))


def _without_dismissed(session: Session, suggestions: list[DuplicateSuggestion]) -> list[DuplicateSuggestion]:
    if not suggestions:
        return suggestions
    ids = {i for s in suggestions for i in s.pair}
    query = select(DismissedDuplicate.low_id, DismissedDuplicate.high_id)
    if len(ids) <= _IN_CHUNK:  # else read them all: a short table, and no limit on query parameters
        query = query.where(or_(DismissedDuplicate.low_id.in_(ids), DismissedDuplicate.high_id.in_(ids)))
    dismissed = {tuple(row) for row in session.execute(query)}
    return [s for s in suggestions if s.pair not in dismissed]


def dismiss(session: Session, a: int, b: int) -> None:
    low, high = sorted((a, b))
    if session.get(DismissedDuplicate, (low, high)) is None:
        session.add(DismissedDuplicate(low_id=low, high_id=high))


def merge(session: Session, keep: Contact, other: Contact) -> Contact:
    """Fold ``other`` into ``keep`` and delete ``other``.

    ``keep`` gains both contacts' events, all notes, follow-ups and card sides, every email,
    phone, website and profile; its own non-empty fields win, empty ones are filled from
    ``other``. Corrections made on either contact stay protected.
    """
    if keep.id == other.id:
        return keep
    for field in ("full_name", "prefix", "given_name", "middle_name", "family_name", "suffix",
                  "title", "department", "company", "address"):
        if not getattr(keep, field) and getattr(other, field):
            setattr(keep, field, getattr(other, field))
    set_emails(keep, [e.address for e in keep.emails] + [e.address for e in other.emails])
    set_phones(keep, [*keep.phones, *other.phones])
    keep.websites = list(dict.fromkeys([*(keep.websites or []), *(other.websites or [])]))
    keep.social = list(dict.fromkeys([*(keep.social or []), *(other.social or [])]))
    keep.corrected_fields = sorted(set(keep.corrected_fields or []) | set(other.corrected_fields or []))
    for event in other.events:
        if event not in keep.events:
            keep.events.append(event)
    session.flush()
    other_id = other.id
    for model in (Note, FollowUp, CardSide):
        for row in session.scalars(select(model).where(model.contact_id == other_id)):
            row.contact_id = keep.id
    for pair in session.scalars(select(DismissedDuplicate).where(
            or_(DismissedDuplicate.low_id == other_id, DismissedDuplicate.high_id == other_id))):
        session.delete(pair)
    keep.updated_at = utcnow()
    refresh_search_text(keep)
    session.flush()
    session.expire(other)  # forget its loaded collections: they now belong to ``keep``
    session.delete(other)
    session.flush()
    session.expire(keep, ["notes", "follow_ups", "card_sides", "events"])
    return keep
