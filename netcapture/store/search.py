"""Search text: one case- and accent-folded string per contact, matched by substring.

SQLite indexes it with an FTS5 trigram table (``contact_search``, kept in step by triggers),
so any fragment of three or more characters is found without scanning every row; PostgreSQL
uses a pg_trgm GIN index when the extension is available. Both are created by migration 0002.

Lists are newest first, and migration 0003 indexes contacts in that order, on SQLite together
with search_text. SQLite picks its plan without knowing how many contacts a fragment matches, so
the search asks the trigram index first (a cheap, capped count) and writes the query to suit:

- a rare fragment (fewer than RARE contacts hold all its words): restricted by the trigram index,
  so its few contacts are fetched by id and sorted (when only counting, up to COUNT_BY_INDEX);
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
    return " | ".join(_not_contained(p for p in parts if p))


def _not_contained(parts: Iterable[str]) -> list[str]:
    """``parts`` without those found inside another ("anna" in "anna schmidt", "4930123" in
    "+4930123"): every fragment still matches, and the text to scan and index is much shorter."""
    unique = list(dict.fromkeys(parts))
    return [p for p in unique if not any(p != other and p in other for other in unique)]


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


def _fts_query(terms: list[str]) -> str:
    """An FTS5 query for rows holding every one of ``terms`` (each a quoted phrase)."""
    return " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _fewer_matches(session: Session, fts_query: str, limit: int) -> bool:
    """Do fewer than ``limit`` contacts match? Asked of the trigram index, which stops counting
    at ``limit``: a millisecond or two even for a fragment every contact has."""
    probe = text(f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q LIMIT :n)")
    return session.scalar(probe, {"q": fts_query, "n": limit}) < limit


def apply_search(query: Select, session: Session, fragment: str, contact_cls, counting: bool = False) -> Select:
    """Restrict ``query`` (over Contact) to contacts whose search text contains every word of
    ``fragment``, anywhere (a fragment of a name, company, email or phone number).

    On SQLite the words are looked up one of two ways (see the module docstring): when the
    contacts holding all the words of three letters or more are few, by the trigram index (they
    are fetched by id and sorted); otherwise by LIKE while walking the newest-first index (the
    page fills within the first rows walked). Words too short for trigrams always use LIKE.
    Pass ``counting`` when the query will only be counted: the trigram index then serves all but
    the most common words, as counting needs no order.
    """
    terms = search_terms(fragment)
    long_terms = [t for t in terms if len(t) >= TRIGRAM] if has_fts(session) else []
    if long_terms:
        fts_query = _fts_query(long_terms)
        if _fewer_matches(session, fts_query, COUNT_BY_INDEX if counting else RARE):
            matches = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query")
            matches = matches.bindparams(fts_query=fts_query).columns(column("rowid", Integer))
            query = query.where(contact_cls.id.in_(matches))
            terms = [t for t in terms if len(t) < TRIGRAM]
    for term in terms:
        query = query.where(contact_cls.search_text.like(f"%{escape_like(term)}%", escape="\\"))
    return query


def count_matches(session: Session, fragment: str) -> int | None:
    """How many contacts hold every word of ``fragment``, counted in the trigram index alone (its
    rows are the contacts' ids, kept in step by triggers), without touching the contacts table;
    None when the index cannot tell (no FTS5, or a word shorter than three letters)."""
    terms = search_terms(fragment)
    if not terms or not has_fts(session) or any(len(term) < TRIGRAM for term in terms):
        return None
    count = text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q")
    return session.scalar(count, {"q": _fts_query(terms)})
