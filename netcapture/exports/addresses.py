"""A printed address split into street, city, region, postcode and country, by country rules.

Address books show and search ADR's parts (and Google's and Outlook's CSV have a column each),
while a card prints one block of text. This module turns the block into parts; the printed text
itself is always kept too (vCard LABEL), so a wrong guess loses nothing.

Rules, not a statistical parser: `usaddress` only knows the United States, and libpostal
(`postal`) needs a 2 GB model and a C library, far too heavy for a desktop app that reads a few
hundred cards. A card's address ends with the same few shapes per country ("10115 Berlin",
"Chicago, IL 60601", "London EC1A 1BB", "Sydney NSW 2000", "〒100-0005 東京都千代田区..."):
each country below says where its postcode stands and what it looks like. The country is the
last line or segment when it names one, else ``default_country`` (the user's phone region),
else the first rule whose shape matches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from netcapture.exports.records import AddressParts


@dataclass(frozen=True)
class _Rule:
    code: str  # postcode pattern
    code_first: bool  # "10115 Berlin" (True) or "Chicago IL 60601" (False)
    region: str = ""  # a region pattern written between the city and the postcode (or after the city)
    region_required: bool = False


_US_STATES = (r"A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|"
              r"T[NX]|UT|V[TA]|W[AVIY]|PR|GU|VI")
_RULES: dict[str, _Rule] = {
    "US": _Rule(r"\d{5}(?:-\d{4})?", False, _US_STATES, True),
    "CA": _Rule(r"[A-Z]\d[A-Z] ?\d[A-Z]\d", False, r"AB|BC|MB|N[BLTSU]|ON|PE|QC|SK|YT", True),
    "GB": _Rule(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", False),
    "IE": _Rule(r"[AC-FHKNPRTV-Y]\d{2}(?: ?[AC-FHKNPRTV-Y\d]{4})?", False, r"Co\.? [A-Z][a-z]+"),
    "AU": _Rule(r"\d{4}", False, r"NSW|VIC|QLD|SA|WA|TAS|NT|ACT", True),
    "NZ": _Rule(r"\d{4}", False),
    "IN": _Rule(r"\d{3} ?\d{3}", False, r"[A-Z][A-Za-z ]+"),
    "SG": _Rule(r"\d{6}", False),
    "JP": _Rule(r"\d{3}-\d{4}", False, r"[A-Z][a-z]+"),
    "BR": _Rule(r"\d{5}-?\d{3}", True, r"[A-Z]{2}"),
    "NL": _Rule(r"\d{4} ?[A-Z]{2}", True),
    "SE": _Rule(r"\d{3} ?\d{2}", True),
    "CZ": _Rule(r"\d{3} ?\d{2}", True),
    "PL": _Rule(r"\d{2}-\d{3}", True),
    "PT": _Rule(r"\d{4}-\d{3}", True),
    "DE": _Rule(r"\d{5}", True),
    "FR": _Rule(r"\d{5}", True),
    "ES": _Rule(r"\d{5}", True),
    "IT": _Rule(r"\d{5}", True, r"[A-Z]{2}"),
    "FI": _Rule(r"\d{5}", True),
    "MX": _Rule(r"\d{5}", True, r"[A-Z][A-Za-z. ]+"),
    "AT": _Rule(r"\d{4}", True),
    "CH": _Rule(r"\d{4}", True),
    "BE": _Rule(r"\d{4}", True),
    "DK": _Rule(r"\d{4}", True),
    "NO": _Rule(r"\d{4}", True),
    "LU": _Rule(r"\d{4}", True),
    "ZA": _Rule(r"\d{4}", False),
}
# Without a country named, rules whose shape is distinctive are tried first.
_GUESS_ORDER = ("US", "CA", "GB", "AU", "NL", "BR", "JP", "PL", "PT", "SE", "SG", "DE", "AT")

_COUNTRY_NAMES = {
    "US": "usa|u\\.s\\.a\\.|us|united states|united states of america|america",
    "CA": "canada", "GB": "uk|u\\.k\\.|united kingdom|great britain|england|scotland|wales|northern ireland",
    "IE": "ireland|éire|eire", "AU": "australia", "NZ": "new zealand|aotearoa", "IN": "india|bharat",
    "SG": "singapore", "JP": "japan|nippon|日本", "BR": "brazil|brasil", "NL": "netherlands|the netherlands|"
    "nederland|holland", "SE": "sweden|sverige", "CZ": "czech republic|czechia|česko|česká republika",
    "PL": "poland|polska", "PT": "portugal", "DE": "germany|deutschland", "FR": "france",
    "ES": "spain|españa|espana", "IT": "italy|italia", "FI": "finland|suomi", "MX": "mexico|méxico",
    "AT": "austria|österreich|oesterreich", "CH": "switzerland|schweiz|suisse|svizzera",
    "BE": "belgium|belgië|belgique|belgien", "DK": "denmark|danmark", "NO": "norway|norge",
    "LU": "luxembourg|luxemburg", "ZA": "south africa",
}
_COUNTRY = {name: code for code, names in _COUNTRY_NAMES.items() for name in names.split("|")}
_COUNTRY_RE = re.compile(r"^(?:" + "|".join(sorted(_COUNTRY, key=len, reverse=True)) + r")$", re.IGNORECASE)
_JP_NATIVE = re.compile(r"^〒?\s*(?P<code>\d{3}-?\d{4})?\s*(?P<region>東京都|北海道|(?:大阪|京都)府|\S{2,3}県)"
                        r"(?P<city>.+?[市区町村])(?P<street>.*)$")


def split_address(text: str, default_country: str | None = None) -> AddressParts:
    """The parts of a printed address; what no rule explains stays in ``street``."""
    text = (text or "").strip()
    if not text:
        return AddressParts()
    native = _japanese(text)
    if native:
        return native
    segments = _segments(text)
    country_name = ""
    if len(segments) > 1 and _COUNTRY_RE.match(segments[-1][0].strip(" .")):
        country_name = segments.pop()[0].strip()
        country = _COUNTRY[country_name.strip(" .").lower()]
        order = [country] if country in _RULES else []
    else:
        default = (default_country or "").upper()
        order = ([default] if default in _RULES else []) + [c for c in _GUESS_ORDER if c != default]
    for code in order:
        parts = _apply(_RULES[code], segments)
        if parts is not None:
            parts.country = country_name  # only what the card prints: a guessed country is not written
            return parts
    return AddressParts(street=_join(segments, 0, len(segments)), country=country_name)


def printed_address(parts: AddressParts) -> str:
    """A printed block for parts that came without one (an imported ADR without LABEL)."""
    rule = _RULES.get(_COUNTRY.get(parts.country.strip().lower(), parts.country.upper()))
    if rule is not None and not rule.code_first:
        town = " ".join(p for p in (parts.locality + ("," if parts.region and parts.locality else ""),
                                    parts.region, parts.postcode) if p)
    else:
        town = ", ".join(p for p in (" ".join(p for p in (parts.postcode, parts.locality) if p), parts.region) if p)
    box = f"PO Box {parts.po_box}" if parts.po_box else ""
    return "\n".join(p for p in (parts.street, parts.extended, box, town, parts.country) if p)


def _segments(text: str) -> list[tuple[str, str]]:
    """(segment, separator before it): lines, and the comma-separated pieces of each line."""
    out: list[tuple[str, str]] = []
    for line_number, line in enumerate(text.splitlines()):
        for index, piece in enumerate(line.split(",")):
            if piece.strip():
                out.append((piece.strip(), "\n" if index == 0 and line_number else ", " if out else ""))
    return out


def _join(segments: list[tuple[str, str]], start: int, end: int) -> str:
    return "".join((sep if i > start else "") + seg for i, (seg, sep) in enumerate(segments[start:end], start))


def _apply(rule: _Rule, segments: list[tuple[str, str]]) -> AddressParts | None:
    """Match the rule against the last segment, then the last two joined (", "-separated city
    and "ST 12345"); the segments before the match are the street."""
    # A region in words ("Bengaluru, Karnataka 560001") must not be taken for the city.
    for take in ((2, 1) if rule.region[:1] == "[" and not rule.region_required and " " in rule.region else (1, 2)):
        if len(segments) < take:
            break
        tail = ", ".join(seg for seg, _ in segments[-take:])
        found = _match_tail(rule, tail)
        if found is not None:
            city, region, code = found
            street = _join(segments, 0, len(segments) - take)
            return AddressParts(street=street, locality=city, region=region, postcode=code)
    return None


def _match_tail(rule: _Rule, tail: str) -> tuple[str, str, str] | None:
    region = rf"(?P<region>{rule.region})" if rule.region else "(?P<region>)"
    optional = "" if rule.region_required else "?"
    if rule.code_first:
        pattern = (rf"^(?:[A-Z]{{1,2}}-\s?)?(?P<code>{rule.code})\s+(?P<city>[^\d,][^,]*?)"
                   rf"(?:(?:\s*[-,]\s*|\s+\(?){region}\)?){optional}$")
    else:
        pattern = (rf"^(?P<city>[^,\d][^,]*?)(?:\s*,\s*|\s+)(?:{region}(?:\s*,\s*|\s+)){optional}"
                   rf"(?P<code>{rule.code})$")
    match = re.match(pattern, tail.strip())
    if not match or not match.group("city").strip():
        return None
    return match.group("city").strip(" ,-"), (match.group("region") or "").strip(), match.group("code")


def _japanese(text: str) -> AddressParts | None:
    """A Japanese address written in Japanese: postcode, prefecture, city, then the street."""
    flat = "".join(text.split())
    match = _JP_NATIVE.match(flat)
    if not match or not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", flat):
        return None
    return AddressParts(street=match.group("street"), locality=match.group("city"), region=match.group("region"),
                        postcode=match.group("code") or "")
