"""Search text: one case- and accent-folded string per contact, matched by substring.

SQLite indexes it with an FTS5 trigram table (``contact_search``, kept in step by triggers),
so any fragment of three or more characters is found without scanning every row; PostgreSQL
uses a pg_trgm GIN index when the extension is available. Both are created by migration 0002.

Lists are newest first, and migration 0003 indexes contacts in that order, on SQLite together
with search_text. SQLite picks its plan without knowing how many contacts a fragment matches, so
the search asks the trigram index first (a cheap, capped count) and writes the query to suit:

- a rare fragment (fewer than RARE contacts): restricted by the trigram index, so its few
  contacts are fetched by id and sorted (when only counting, up to COUNT_BY_INDEX);
- a common fragment, or one too short for trigrams: LIKE on search_text, which SQLite checks
  while walking the newest-first index, stopping once the page is full; counting such matches
  reads that narrow index, never the wide table rows.

Sorting every match of a common fragment (whole rows, before the first page) was what made
search slow; so was materialising tens of thousands of trigram matches only to test membership.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import Integer, Select, column, text
from sqlalchemy.orm import Session

FTS_TABLE = "contact_search"
NEWEST_FIRST_INDEX = "ix_contacts_newest_first"  # (created_at, id[, search_text]), migration 0003
TRIGRAM = 3  # the FTS5 trigram tokenizer needs at least this many characters
RARE = 1500  # a list of fewer matches than this is fetched through the trigram index and sorted
COUNT_BY_INDEX = 20_000  # fewer matches than this are counted through the trigram index


def normalise(value: str) -> str:
    """Lower-case, accents removed, whitespace collapsed: "  Zoë  MÜLLER" -> "zoe muller"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def build_search_text(names: Iterable[str], emails: Iterable[str], phones: Iterable[str]) -> str:
    """The string a contact is found by. Phone numbers are added with digits only too, so
    "030 1234" and "+49301234" both find the same person."""
    parts = [normalise(n) for n in names if n]
    parts += [normalise(e) for e in emails if e]
    for phone in phones:
        if phone:
            parts.append(normalise(phone))
            digits = "".join(ch for ch in phone if ch.isdigit())
            if digits:
                parts.append(digits)
    return " | ".join(p for p in parts if p)


def contact_search_text(contact) -> str:
    names = (contact.full_name, contact.prefix, contact.given_name, contact.middle_name,
             contact.family_name, contact.suffix, contact.company, contact.department, contact.title)
    phones = []
    for phone in contact.phones:
        phones += [phone.number, phone.e164 or ""]
    return build_search_text(names, [e.address for e in contact.emails], phones)


def escape_like(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_fts_present: dict[str, bool] = {}


def has_fts(session: Session) -> bool:
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    key = str(bind.url)
    if key not in _fts_present:
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:n"), {"n": FTS_TABLE}
        ).first()
        _fts_present[key] = found is not None
    return _fts_present[key]


def search_terms(fragment: str) -> list[str]:
    """Words to look for, all of which must match. A phone number typed with spaces or
    punctuation ("+49 30 1234") becomes its digits, which the search text also holds."""
    needle = normalise(fragment)
    if not needle:
        return []
    if not any(ch.isalpha() for ch in needle):
        digits = "".join(ch for ch in needle if ch.isdigit())
        if len(digits) >= TRIGRAM:
            return [digits]
    return needle.split()


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fewer_matches(session: Session, term: str, limit: int) -> bool:
    """Do fewer than ``limit`` contacts contain ``term``? Asked of the trigram index, which stops
    counting at ``limit``: a millisecond or two even for a fragment every contact has."""
    probe = text(f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :term LIMIT :n)")
    return session.scalar(probe, {"term": _fts_phrase(term), "n": limit}) < limit


def apply_search(query: Select, session: Session, fragment: str, contact_cls, counting: bool = False) -> Select:
    """Restrict ``query`` (over Contact) to contacts whose search text contains every word of
    ``fragment``, anywhere (a fragment of a name, company, email or phone number).

    On SQLite each word is looked up one of two ways (see the module docstring): a rare word by
    the trigram index (its few contacts are fetched by id and sorted), a common or short one by
    LIKE while walking the newest-first index (the page fills within the first rows walked).
    Pass ``counting`` when the query will only be counted: the trigram index then serves all but
    the most common words, as counting needs no order.
    """
    fts = has_fts(session)
    limit = COUNT_BY_INDEX if counting else RARE
    for number, term in enumerate(search_terms(fragment)):
        if fts and len(term) >= TRIGRAM and _fewer_matches(session, term, limit):
            matches = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :term{number}")
            matches = matches.bindparams(**{f"term{number}": _fts_phrase(term)}).columns(column("rowid", Integer))
            query = query.where(contact_cls.id.in_(matches))
        else:
            query = query.where(contact_cls.search_text.like(f"%{escape_like(term)}%", escape="\\"))
    return query
