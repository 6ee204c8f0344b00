"""Round trip: a contact exported to vCard and read back equals what was stored.

Each export is read by three readers: our importer (read_vcards), vobject on its own, and the
strict RFC parser in tests/vcard_strict.py, which shares no code with either. The expected
values spell out, independently of the exporter, the few normalisations a vCard implies:
surrounding spaces are trimmed, CR/LF become "\\n", control characters are dropped, a phone
with a known E.164 form is carried in that form only.
"""
from __future__ import annotations

import base64
import re
import string
from datetime import UTC, datetime

import pytest
import vobject
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netcapture.exports.records import PHONE_KINDS, ContactRecord, PhoneRecord
from netcapture.exports.vcard import read_vcards, vcard_text
from tests import vcard_strict as strict

VERSIONS = ("3.0", "4.0")

# ---- strategies --------------------------------------------------------------------------------

# Any Unicode (no surrogates), with the characters vCard must escape drawn often.
_tricky = st.sampled_from([",", ";", "\\", "\n", "\r", ":", '"', "^", " ", "\t", "é", "李", "🙂", "\u2028"])
_chars = st.one_of(st.characters(exclude_categories=("Cs",)), _tricky)
short_text = st.text(_chars, max_size=25)
long_text = st.text(_chars, max_size=1200)
uids = st.one_of(st.uuids().map(lambda u: f"urn:uuid:{u}"),
                 st.text(string.ascii_letters + string.digits + "-_.@", min_size=1, max_size=40))
e164 = st.from_regex(r"\+[1-9][0-9]{7,13}", fullmatch=True)
local_numbers = st.from_regex(r"0[1-9][0-9 ()/-]{3,14}[0-9]", fullmatch=True)
extensions = st.one_of(st.none(), st.from_regex(r"[1-9][0-9]{0,4}", fullmatch=True))
phones = st.one_of(
    st.builds(PhoneRecord, number=local_numbers, e164=e164, kind=st.sampled_from(PHONE_KINDS), extension=extensions),
    st.builds(PhoneRecord, number=local_numbers, e164=st.none(), kind=st.sampled_from(PHONE_KINDS),
              extension=extensions),
)
birthdays = st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat() if d.year >= 1000 else ""),
                      st.dates().map(lambda d: d.strftime("--%m-%d")))
urls = st.from_regex(r"https://[a-z0-9]{1,12}\.(com|de|co\.uk)(/[A-Za-z0-9._~%=&?+-]{0,30})?", fullmatch=True)
handles = st.from_regex(r"@[A-Za-z0-9_]{1,15}", fullmatch=True)
revs = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1),
                    timezones=st.just(UTC))

records = st.builds(
    ContactRecord,
    uid=uids,
    rev=st.one_of(st.none(), revs),
    full_name=short_text, given=short_text, family=short_text, additional=short_text,
    prefix=short_text, suffix=short_text, title=short_text, department=short_text, company=short_text,
    emails=st.lists(short_text, max_size=3),
    email_kinds=st.lists(st.sampled_from(("work", "home", "other")), max_size=3),
    phones=st.lists(phones, max_size=4),
    birthday=birthdays,
    websites=st.lists(urls, max_size=3),
    address=st.one_of(st.none(), long_text.map(lambda t: t[:200])),
    social=st.lists(st.one_of(urls, handles), max_size=2),
    note=long_text,
    categories=st.lists(short_text, max_size=3),
    photo=st.one_of(st.none(), st.binary(min_size=1, max_size=400)),
)


# ---- what the export should carry, computed without the exporter's code -------------------------

def clean(value: str) -> str:
    value = re.sub(r"\r\n|[\r\u2028\u2029]", "\n", value)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", value)


def single(value: str) -> str:
    return clean(value).strip()


def expected_fields(record: ContactRecord, include_photo: bool) -> dict:
    names = [single(p) for p in (record.prefix, record.given, record.additional, record.family, record.suffix)]
    emails = [e for e in map(single, record.emails) if e]
    full_name = (single(record.full_name) or " ".join(n for n in names if n)
                 or single(record.company) or (emails[0] if emails else ""))
    address = single(record.address or "")
    return {
        "uid": record.uid,
        "rev": record.rev,
        "full_name": full_name,
        "name": [single(p) for p in (record.family, record.given, record.additional, record.prefix, record.suffix)],
        "company": single(record.company),
        "department": single(record.department),
        "title": single(record.title),
        "emails": emails,
        "email_kinds": [record.email_kind(i) for i, e in enumerate(record.emails) if single(e)],
        "phones": [(p.e164 or single(p.number), p.kind, p.extension) for p in record.phones
                   if p.e164 or single(p.number)],
        "birthday": record.birthday,
        "websites": list(record.websites),
        "address": address or None,
        "social": [s for s in map(single, record.social) if s],
        "note": clean(record.note) if clean(record.note).strip() else "",
        "categories": [c for c in map(single, record.categories) if c],
        "photo": record.photo if include_photo else None,
    }


def identifiable(record: ContactRecord) -> bool:
    """The importer skips (and reports) cards with nothing to know the person by."""
    return bool(expected_fields(record, False)["full_name"] or expected_fields(record, False)["phones"])


# ---- the three readers, each turned into the same shape -----------------------------------------

def fields_from_importer(record: ContactRecord) -> dict:
    return {
        # a company (or an address) on its own has no person's name: it shows as that
        "uid": record.uid, "rev": record.rev, "full_name": record.display_name,
        "name": [record.family, record.given, record.additional, record.prefix, record.suffix],
        "company": record.company, "department": record.department, "title": record.title,
        "emails": record.emails, "email_kinds": [record.email_kind(i) for i in range(len(record.emails))],
        "phones": [(p.e164 or p.number, p.kind, p.extension) for p in record.phones],
        "birthday": record.birthday,
        "websites": record.websites, "address": record.address, "social": record.social,
        "note": record.note, "categories": record.categories, "photo": record.photo,
    }


def _kind(type_values: set[str]) -> str:
    type_values = {t.lower() for t in type_values}
    if "fax" in type_values:
        return "fax"
    if "cell" in type_values:
        return "mobile"
    if "home" in type_values:
        return "home"
    return "work" if "work" in type_values else "other"


def _email_kind(type_values: set[str]) -> str:
    type_values = {t.lower() for t in type_values}
    return "work" if "work" in type_values else "home" if "home" in type_values else "other"


def _tel(value: str, kind: str, uri: bool) -> tuple[str, str, str | None]:
    """(number, kind, extension): a tel: URI's ;ext= (RFC 3966, separators dropped), else " x204"."""
    if uri:
        assert value.startswith("tel:+")
        number, _, extension = value[4:].partition(";ext=")
        return re.sub(r"[-.()]", "", number), kind, extension or None
    match = re.fullmatch(r"(.*?) x([0-9]+)", value)
    return (match.group(1), kind, match.group(2)) if match else (value, kind, None)


def _birthday(prop_value: str, omit_year: str | None) -> str:
    value = prop_value
    if re.fullmatch(r"\d{8}", value):
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    elif re.fullmatch(r"--\d{4}", value):
        value = f"--{value[2:4]}-{value[4:]}"
    if omit_year and value.startswith(omit_year + "-"):
        value = "-" + value[len(omit_year):]
    return value


def _address_agrees(parts: list[str], label: str) -> None:
    """ADR's seven parts hold only words of the printed address (LABEL)."""
    assert len(parts) == 7
    assert set(re.findall(r"\w+", " ".join(parts))) <= set(re.findall(r"\w+", label))


def _rev(value: str) -> datetime:
    for form in ("%Y%m%dT%H%M%SZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return datetime.strptime(value, form).replace(tzinfo=UTC)
        except ValueError:
            pass
    raise AssertionError(f"REV {value!r} is neither basic nor extended ISO 8601 UTC")


def fields_from_strict(card: strict.Card) -> dict:
    def texts(name: str) -> list[str]:
        return [strict.text(p) for p in card.all(name)]

    n = strict.structured(card.one("N")) if card.one("N") else [""] * 5
    org = strict.structured(card.one("ORG")) if card.one("ORG") else ["", ""]
    phones = []
    for tel in card.all("TEL"):
        uri = tel.params.get("VALUE") == ["uri"]
        phones.append(_tel(tel.value if uri else strict.text(tel), _kind(strict.types(tel)), uri))
    address = None
    adr = card.one("ADR")
    if adr is not None:
        if card.version == "4.0":
            address = strict.caret_decode(",".join(adr.params["LABEL"]))
        else:
            address = strict.text(card.one("LABEL"))
        _address_agrees(strict.structured(adr), address)
    bday = card.one("BDAY")
    photo = None
    if card.one("PHOTO") is not None:
        value = card.one("PHOTO").value
        if card.version == "4.0":
            header, payload = value.split(",", 1)
            assert header == "data:image/jpeg;base64"
        else:
            assert card.one("PHOTO").params == {"ENCODING": ["b"], "TYPE": ["JPEG"]}
            payload = value
        photo = base64.b64decode(payload, validate=True)
    rev = card.one("REV")
    return {
        "uid": strict.text(card.one("UID")), "rev": _rev(rev.value) if rev else None,
        "full_name": strict.text(card.one("FN")), "name": n,
        "company": org[0], "department": org[1] if len(org) > 1 else "",
        "title": texts("TITLE")[0] if card.all("TITLE") else "",
        "emails": texts("EMAIL"), "email_kinds": [_email_kind(strict.types(p)) for p in card.all("EMAIL")],
        "phones": phones,
        "birthday": _birthday(bday.value, (bday.params.get("X-APPLE-OMIT-YEAR") or [None])[0]) if bday else "",
        "websites": [p.value for p in card.all("URL")],  # URIs: not escaped
        "address": address,
        "social": [p.value if p.value.startswith("https://") else strict.text(p)
                   for p in card.all("X-SOCIALPROFILE")],
        "note": strict.text(card.one("NOTE")) if card.one("NOTE") else "",
        "categories": strict.text_list(card.one("CATEGORIES")) if card.one("CATEGORIES") else [],
        "photo": photo,
    }


def fields_from_vobject(card, version: str) -> dict:
    def values(name: str) -> list:
        return [line.value for line in card.contents.get(name, [])]

    def first(name: str, default=""):
        found = values(name)
        return found[0] if found else default

    n = first("n", None)
    org = first("org", ["", ""])
    phones = []
    for line in card.contents.get("tel", []):
        kinds = {t for value in line.params.get("TYPE", []) for t in value.split(",")}
        phones.append(_tel(line.value, _kind(kinds), line.params.get("VALUE") == ["uri"]))
    address = None
    if "adr" in card.contents:
        adr = card.adr
        address = (strict.caret_decode(",".join(adr.params["LABEL"])) if version == "4.0"
                   else card.label.value)
        a = adr.value
        _address_agrees([" ".join(v) if isinstance(v, list) else v for v in
                         (a.box, a.extended, a.street, a.city, a.region, a.code, a.country)], address)
    email_kinds = [_email_kind({t for v in line.params.get("TYPE", []) for t in v.split(",")})
                   for line in card.contents.get("email", [])]
    bday = card.contents.get("bday", [None])[0]
    categories = first("categories", [])
    return {
        "uid": first("uid"), "rev": _rev(first("rev")) if "rev" in card.contents else None,
        "full_name": first("fn"),
        "name": [n.family, n.given, n.additional, n.prefix, n.suffix] if n else [""] * 5,
        "company": org[0], "department": org[1] if len(org) > 1 else "",
        "title": first("title"), "emails": values("email"), "email_kinds": email_kinds, "phones": phones,
        "birthday": _birthday(bday.value, (bday.params.get("X-APPLE-OMIT-YEAR") or [None])[0]) if bday else "",
        "websites": values("url"), "address": address, "social": values("x-socialprofile"),
        "note": first("note"), "categories": categories if isinstance(categories, list) else [categories],
        # vobject reads a 4.0 data: URI as text and cuts it at its comma: photos are checked by
        # the other two readers there.
        "photo": first("photo", None) if version == "3.0" else None,
    }


# ---- the properties ----------------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=records, include_photo=st.booleans())
def test_export_reads_back_equal(version, record, include_photo):
    assume(identifiable(record))
    expected = expected_fields(record, include_photo)
    text = vcard_text(record, version, include_photo=include_photo)

    imported = list(read_vcards(text))
    assert len(imported) == 1
    assert fields_from_importer(imported[0]) == expected

    [card] = strict.parse(text)
    assert card.version == version
    assert fields_from_strict(card) == expected

    [component] = vobject.readComponents(text)
    from_vobject = fields_from_vobject(component, version)
    if version == "4.0":
        expected = {**expected, "photo": None}
    assert from_vobject == expected


@pytest.mark.parametrize("version", VERSIONS)
@settings(max_examples=15, deadline=None)
@given(batch=st.lists(records, min_size=2, max_size=5))
def test_many_cards_in_one_file_read_back_in_order(version, batch):
    batch = [r for r in batch if identifiable(r)]
    assume(batch)
    text = "".join(vcard_text(r, version) for r in batch)
    assert [fields_from_importer(r) for r in read_vcards(text)] == [expected_fields(r, False) for r in batch]
    assert [fields_from_strict(c) for c in strict.parse(text)] == [expected_fields(r, False) for r in batch]
