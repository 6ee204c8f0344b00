"""E-mail addresses, websites and social profiles in one line of card text.

OCR splits and garbles these in typical ways: spaces around dots and "@"
("info @ example. com", "www. example. jp"), "©" or "(@" read for "@",
labels glued on ("E-mail:foo@bar.jp"), ".corn" for ".com". Each finder
returns the cleaned value and the character span it came from, so the caller
can map it back to word boxes and mask it out of the line.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .gazetteers import fold, free_mail_domains, is_free_mail
from .lexicon import (
    FREE_MAIL_DOMAINS,
    GENERIC_TLDS,
    LINK_SERVICES,
    POSTNOMINALS,
    SOCIAL_DOMAINS,
    SOCIAL_LABELS,
    is_known_tld,
)


@dataclass
class TextHit:
    value: str
    start: int
    end: int
    quality: float  # 0..1: how cleanly the text matched its pattern


def normalise_at_signs(text: str) -> str:
    """Put "@" where OCR printed a look-alike; keeps every offset."""
    text = re.sub(r"\(@\)?|@\)", lambda m: " " * (len(m.group(0)) - 1) + "@", text)
    text = re.sub(r"[©®]", "@", text)
    # a backslash between an address's two halves: "sales2 \\acme-arg.com" (no card prints one)
    text = re.sub(r"(?<=[A-Za-z0-9]) ?\\(?=[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z])",
                  lambda m: " " * (len(m.group(0)) - 1) + "@", text)
    text = re.sub(r"[\(\[]at[\)\]]", " @  ", text, flags=re.IGNORECASE)
    text = text.replace("＠", "@")
    text = dot_before_tld(text)
    # an "l" read as a bar right after the "@": "alopez@|umiwave.com"
    text = re.sub(r"(?<=@)\|(?=[a-z0-9])", "l", text)
    return text


# a host's last dot read as a space or a hyphen: "ana@gmail-com", "ana Gkoraria com.br" ("co" alone is a
# word: "Smith and co"; only "co.uk" and the like)
_SPACED_TLD_RE = re.compile(r"(?<=[A-Za-z0-9]{3})(?: (?=(?:com|net|org|edu|gov)(?:\.[a-z]{2})?(?![\w.-])|co\.[a-z]{2}(?![\w.-]))"
                            r"|-(?=(?:com|net|org)(?![\w.-])))")  # ("tele-com.de" is a host)


# after an "@", any country's code: "arousseau@ portmont fr"
_SPACED_CCTLD_RE = re.compile(r"(?<=@)(\s?[A-Za-z0-9][A-Za-z0-9-]{1,62}) ([a-z]{2})(?![\w.@-])")


def dot_before_tld(text: str) -> str:
    """``text`` with a host's last dot put back where OCR read a space or a hyphen. Keeps every offset."""
    text = _SPACED_CCTLD_RE.sub(lambda m: f"{m.group(1)}.{m.group(2)}" if is_known_tld(m.group(2)) else m.group(0),
                                text)
    return _SPACED_TLD_RE.sub(".", text)


# "@" read as a capital Q, O or G between small letters, "Qg", or "(" ("anaQrioton.com.br", "ravi (acme.in")
_AT_LOOKALIKE_RE = re.compile(r"(?<=[a-z0-9_])(?: ?\( ?D?| ?[QOG]g?)(?=[a-z0-9])")  # (and "(D": "souza(Dacme.com")
_HOST_AFTER_RE = re.compile(r"[a-z0-9][a-z0-9-]*(?:\s?\.\s?[a-z0-9-]+)+")
# web-mail providers whose name vouches for an address (short or common words like "me", "mail" do not)
_FREE_MAIL_LABELS = {d for d in FREE_MAIL_DOMAINS if len(d) >= 4 and d != "mail"} | {"gmx", "aol", "qq"}


def restore_at_signs(text: str, card_labels: set[str]) -> str:
    """Put back an "@" that OCR read as "Q", "O", "G", "Qg" or "(" in an address with none: only where the
    domain after it names something printed elsewhere on the card (``card_labels``: the card's other words
    and the labels of its website hosts, lower case) or a web-mail provider, so a word that merely holds a
    capital O stays as it is. Keeps every offset."""
    if "@" in text:
        return text
    text = dot_before_tld(text)
    for m in _AT_LOOKALIKE_RE.finditer(text):
        # "Qg" is "@" itself, or "@" before a host that begins with g: the host decides
        for cut in sorted({m.end(), m.start() + 1 + (m.group(0)[:1] == " ")} if m.group(0).endswith("g")
                          else {m.end()}, reverse=True):
            host = _HOST_AFTER_RE.match(text, cut)
            if host is None:
                continue
            flat = re.sub(r"\s", "", host.group(0))
            label = registrable_label(flat)
            if is_known_tld(flat.rsplit(".", 1)[-1]) and (label in card_labels or label in _FREE_MAIL_LABELS):
                return text[:m.start()] + "@" + " " * (cut - m.start() - 1) + text[cut:]
    return text


# "@" read as a small "g" or "f" ("ana.souzagrioton.com.br"): letters words hold, so tried only on a card
# where no address was found, never inside a web address, and only for a host named on another line
_AT_SMALL_LOOKALIKE_RE = re.compile(r"(?<=[a-z0-9_])[gf](?=[a-z0-9])")
_WEB_HEAD_RE = re.compile(r"(?i)(?:www\d?|https?)\s?[.:]")


def restore_small_at_sign(text: str, other_labels: set[str], other_text: str) -> str:
    """Put back an "@" read as a small "g" or "f": the host after it is named on another line of the card
    (``other_labels``: those lines' words and host labels, lower case and folded) or is a web-mail
    provider's, the word before it holds a word of another line (the name, mostly), and the whole word is
    printed nowhere else (``other_text``: the other lines, lower case with no spaces), so "bigfarm.com"
    under "Big Farm" stays a website. Keeps every offset."""
    if "@" in text:
        return text
    for m in _AT_SMALL_LOOKALIKE_RE.finditer(text):
        start = max(text.rfind(" ", 0, m.start()), text.rfind(":", 0, m.start())) + 1
        local = text[start:m.start()]
        host = _HOST_AFTER_RE.match(text, m.end())
        if len(local) < 2 or _WEB_HEAD_RE.match(local) or host is None:
            continue
        flat = re.sub(r"\s", "", host.group(0))
        label = registrable_label(flat)
        if not is_known_tld(flat.rsplit(".", 1)[-1]) or len(label) < 2:
            continue
        if (local + m.group(0) + label).lower() in other_text:
            continue
        if not any(w in local.lower() for w in other_labels if len(w) >= 3 and w != label):
            continue  # an address's local part spells a word of the card: the name, mostly
        if label in other_labels or label in _FREE_MAIL_LABELS or is_free_mail(flat):
            return text[:m.start()] + "@" + text[m.end():]
    return text


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DOT = r"\s?[.,]\s?"
_EMAIL_RE = re.compile(
    r"(?P<local>[A-Za-z0-9_%+'-]+(?:\s?\.\s?[A-Za-z0-9_%+'-]+)*)\s*@\s*"
    # a short piece split off the domain's first label by wide (monospaced) letter spacing:
    # "patel@c Loudwave.com"
    r"(?P<domain>(?:[A-Za-z0-9]{1,3} (?=[A-Za-z]))?" + _LABEL + r"(?:" + _DOT + _LABEL + r")*"
    # the last dot read as a colon: "ana@acme:nl" (after the "@" only; a URL or a number may hold one)
    r"(?:" + _DOT + "|:)" + _LABEL + r")"
)
_URL_RE = re.compile(
    r"(?P<scheme>(?:https?|ftp)\s?[:;]\s?/\s?/\s?)?"
    r"(?P<host>(?:www\d?" + _DOT + r")?" + _LABEL + r"(?:" + _DOT + _LABEL + r")+)"
    r"(?P<path>/[^\s,;]*)?",
    re.IGNORECASE,
)
_TLD_SLIPS = {"corn": "com", "c0m": "com", "coin": "com", "con": "com",
              "nct": "net", "orq": "org", "0rg": "org"}
_EMAIL_LABEL_PREFIX_RE = re.compile(r"^(?:e-?mail|mail)[:.]?", re.IGNORECASE)


_TLD_CONFUSIONS = {"i": "jl", "j": "i", "l": "i", "o": "c", "c": "oe", "e": "c", "n": "m", "m": "n", "q": "g",
                   "g": "q", "0": "o", "1": "l"}


def repair_tld(tld: str, region: str | None = None) -> str | None:
    """A real TLD for one OCR slipped ("ip" -> "jp", "ijp" -> "jp", "corn" -> "com"), or None."""
    if tld in _TLD_SLIPS:
        return _TLD_SLIPS[tld]
    if len(tld) > 4:
        return None
    options: list[str] = []
    for i, ch in enumerate(tld):
        for alt in _TLD_CONFUSIONS.get(ch, ""):
            options.append(tld[:i] + alt + tld[i + 1:])
    if len(tld) == 3:
        options += [tld[:i] + tld[i + 1:] for i in range(3)]
    found = [o for o in options if is_known_tld(o)]
    if region and region.lower() in found:
        return region.lower()
    return found[0] if found else None


# the labels a country's registry puts before its code ("com.ar", "co.uk", "ne.jp"): never a name
_SECOND_LEVEL_LABELS = {"com", "co", "org", "net", "gov", "edu", "ac", "ne", "or", "go", "gob", "nic", "mil"}


def _clean_host(host: str, region: str | None = None) -> str | None:
    """Lower-case, de-spaced host with a real TLD at the end, or None."""
    host = re.sub(r"\s", "", host).replace(",", ".").replace(":", ".").strip(".").lower()
    labels = host.split(".")
    if len(labels) >= 3 and re.fullmatch(r"[a-z]?w{2,4}|ww[vxyu]|w[vxyu]w", labels[0]):
        labels[0] = "www"  # "ww.", "wwww.", "awww." (a stray letter from the label before it), "wwx."
    elif re.fullmatch(r"www[a-z0-9][a-z0-9-]{2,}", labels[0]):
        labels[:1] = ["www", labels[0][3:]]  # the dot after "www" lost: "wwwacme.com"
    if not is_known_tld(labels[-1]):
        fixed = repair_tld(labels[-1], region)
        if fixed:
            labels[-1] = fixed
    # text glued after the domain ("example.com.Tel") is not part of it
    while len(labels) > 2 and not is_known_tld(labels[-1]):
        labels.pop()
    if len(labels) < 2 or not labels[-1].isalpha() or not is_known_tld(labels[-1]):
        return None
    if len(labels) == 2 and labels[0] in _SECOND_LEVEL_LABELS:
        return None  # "com.ar", the end of an address broken over two lines: no name in it
    if len(labels) == 3 and labels[0] == "www" and labels[1] in _SECOND_LEVEL_LABELS:
        return None
    if not re.search(r"[a-z]", labels[0] if labels[0] != "www" else labels[1]) \
            and ".".join(labels) not in _NUMERIC_MAIL_HOSTS:
        return None
    return ".".join(labels)


def find_emails(text: str, region: str | None = None) -> list[TextHit]:
    text = normalise_at_signs(text)
    hits = []
    for m in _EMAIL_RE.finditer(text):
        local = re.sub(r"\s", "", m.group("local"))
        stripped = _EMAIL_LABEL_PREFIX_RE.sub("", local)
        if len(stripped) >= 2 and stripped != local:
            local = stripped
        local = local.strip(".'-")
        domain = _free_mail_spelling(_clean_host(m.group("domain"), region))
        if not local or not domain:
            continue
        spaced = bool(re.search(r"\s", m.group(0)))
        end = m.start("domain") + _span_of_host(m.group("domain"), domain)
        hits.append(TextHit(f"{local}@{domain}", m.start(), end, 0.85 if spaced else 1.0))
    return hits


# letters OCR takes for one another in a host name: a web-mail host read with one of them is that host
_HOST_CONFUSABLES = {frozenset(p) for p in [("1", "l"), ("1", "i"), ("l", "i"), ("0", "o"), ("c", "e"), ("n", "h"),
                                            ("v", "y"), ("q", "g")]}


def _free_mail_spelling(host: str | None) -> str | None:
    """ "gma1l.com" -> "gmail.com": a host one confusable letter away from a web-mail provider's is that
    provider's (no firm registers a look-alike of gmail.com for its staff's mail)."""
    if host is None or len(host) < 8 or is_free_mail(host):
        return host
    for known in _free_mail_hosts_of_length(len(host)):
        slips = [(a, b) for a, b in zip(host, known, strict=True) if a != b]
        if len(slips) == 1 and frozenset(slips[0]) in _HOST_CONFUSABLES:
            return known
    return host


@functools.cache
def _free_mail_hosts_of_length(n: int) -> tuple[str, ...]:
    """The big providers' hosts (gmail.com, yahoo.com.vn...): the long tail of the free-mail list holds
    names close to firms' own."""
    return tuple(sorted(d for d in free_mail_domains() if len(d) == n and d.split(".")[0] in FREE_MAIL_DOMAINS))


# mail providers whose name is a number ("cxu@163.com"): a host of digits is otherwise an OCR scrap
_NUMERIC_MAIL_HOSTS = {"163.com", "126.com", "139.com", "189.cn", "21cn.com", "263.net", "188.com", "yeah.net"}
_MAIL_LABEL_WORDS = {"mail", "email", "e-mail", "correo", "courriel", "contact", "contato", "at", "me", "to", "us"}
_SPACED_EMAIL_RE = re.compile(
    r"(?:(?P<pre>[A-Za-z0-9]+(?: ?[._-])?) )?(?P<local>[A-Za-z0-9._%+'-]+)\s*@\s*"
    r"(?P<domain>[A-Za-z0-9]+(?:\s*-\s*[A-Za-z0-9]+)*(?:\s?[.:]\s?[A-Za-z0-9]+(?:\s*-\s*[A-Za-z0-9]+)*)+)"
)


def find_spaced_emails(text: str, card_words: set[str], region: str | None = None) -> list[TextHit]:
    """E-mails that OCR broke with spaces ("char lotte@pinewave - foods.co.uk").

    Addresses hold no spaces, so spaces around a hyphen in the domain are always closed. A
    word split off the front of the local part is joined only when the joined word is
    printed elsewhere on the card (the name "Charlotte" vouches for "char lotte")."""
    text = normalise_at_signs(text)
    folded = {fold(w) for w in card_words}  # "tuan bui@" on Bùi Thị Tuấn's card
    hits = []
    for m in _SPACED_EMAIL_RE.finditer(text):
        local = m.group("local")
        start = m.start("local")
        pre = m.group("pre") or ""
        if len(pre) >= 2 and (pre[-1] in "._-" or local[0] in "._-") and pre[0].isalnum():
            # a space OCR put beside the separator: "davide _rossi@", "kenji_ tanaka@", "haruto _ sato@"
            local = pre.replace(" ", "") + local
            start = m.start("pre")
        elif pre and (pre + local).lower().strip(".") in card_words:
            local = pre + local
            start = m.start("pre")
        elif pre.isalnum() and local.isdigit() and len(pre) >= 3 and pre.lower() not in _MAIL_LABEL_WORDS:
            local = pre + local  # digits split off the end ("naomisasaki 13@"): an address has no space
            start = m.start("pre")
        elif len(pre) >= 2 and pre.isalpha() and local.isalpha() and pre.lower() in folded and local.lower() in folded \
                and pre.lower() not in _MAIL_LABEL_WORDS:
            # two words of the card ("poppy bennett@"): an underscore at the baseline, lost by OCR
            local = f"{pre}_{local}"
            start = m.start("pre")
        domain = _free_mail_spelling(_clean_host(re.sub(r"\s*-\s*", "-", m.group("domain")), region))
        local = _EMAIL_LABEL_PREFIX_RE.sub("", local).strip(".'-") or local
        if not domain or not local:
            continue
        hits.append(TextHit(f"{local}@{domain}", start, m.end(), 0.8))
    return hits


def _span_of_host(raw: str, host: str) -> int:
    """Length of the part of ``raw`` that spells ``host`` (text glued after it is left out)."""
    wanted = len(host.replace(".", ""))
    seen = 0
    for i, ch in enumerate(raw):
        if ch.isalnum() or ch == "-":
            seen += 1
            if seen >= wanted:
                return i + 1
    return len(raw)


def find_websites(text: str, region: str | None = None) -> list[TextHit]:
    """Websites and profile links; social ones are flagged by social_platform()."""
    hits = []
    for m in _URL_RE.finditer(text):
        raw_host = m.group("host")
        if m.start() > 0 and (text[m.start() - 1] == "@" or text[m.start() - 1].isalnum()):
            continue
        host = _clean_host(raw_host, region)
        if not host:
            continue
        scheme = m.group("scheme")
        spaced = bool(re.search(r"\s", m.group(0)))
        has_www = host.startswith("www")
        tld = host.rsplit(".", 1)[-1]
        if not (scheme or has_www):
            # a bare domain: only when it is unmistakable ("acme.com", "linkedin.com/in/x")
            if spaced:
                continue
            if not (tld in GENERIC_TLDS or m.group("path") or raw_host.islower()):
                continue
            if re.fullmatch(r"[A-Z][a-z]*\.[A-Za-z]+", raw_host) and tld not in GENERIC_TLDS:
                continue  # "Bld.7F", "St.Louis"
            if raw_host.lower() in POSTNOMINALS or raw_host.lower() + "." in POSTNOMINALS:
                continue  # "B.Com., C.A.": a degree after a name, not commerce's website
        path = (m.group("path") or "").rstrip(".,)")
        if path == "/":
            path = ""
        prefix = re.sub(r"\s", "", scheme).replace(";", ":").lower() if scheme else ""
        value = prefix + host + path
        end = m.start("host") + _span_of_host(raw_host, host) + (len(path) if m.group("path") else 0)
        quality = 1.0 if (scheme or has_www) and not spaced else 0.85
        hits.append(TextHit(value, m.start(), end, quality))
    return hits


def is_link_service(url: str) -> bool:
    """A URL shortener or QR-code service ("qrco.de/abc", "bit.ly/x", "me-qr.com/7"): the link a QR code
    points through, never the company's own website."""
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].removeprefix("www.")
    if any(host == d or host.endswith("." + d) for d in LINK_SERVICES):
        return True
    # QR-code services name themselves so: "qrco.de", "me-qr.com", "myqrcode.com", "qr.page"
    return bool(re.match(r"(?:[a-z]{0,6}-)?(?:my)?qr(?:co|code|codes|fy|link|page|io)?(?:-[a-z]+)?$",
                         registrable_label(host)))


def social_platform(url: str) -> str | None:
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].removeprefix("www.")
    for domain, name in SOCIAL_DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return None


_HANDLE_RE = re.compile(
    r"(?<![A-Za-z])(?P<label>" + "|".join(sorted(SOCIAL_LABELS, key=len, reverse=True)) + r")\s*[:：]\s*"
    r"(?P<handle>@?[A-Za-z0-9_][A-Za-z0-9_.\-/]{1,60})",
    re.IGNORECASE,
)
_BARE_HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}(?![\w@.])")


def find_social_handles(text: str) -> list[TextHit]:
    """"Twitter: @jane", "LinkedIn: janedoe", a lone "@jane"."""
    hits = []
    for m in _HANDLE_RE.finditer(text):
        platform = SOCIAL_LABELS[m.group("label").lower()]
        hits.append(TextHit(f"{platform}: {m.group('handle')}", m.start(), m.end(), 0.9))
    for m in _BARE_HANDLE_RE.finditer(text):
        if not any(h.start <= m.start() < h.end for h in hits):
            hits.append(TextHit(m.group(0), m.start(), m.end(), 0.7))
    return hits


def registrable_label(domain: str) -> str:
    """The part of a domain that names the owner: "jp.acme.com" -> "acme", "acme.ne.jp" -> "acme"."""
    labels = domain.lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and (len(labels[-2]) <= 3 or labels[-2] in {"gov", "com"}):
        return labels[-3]  # example.co.jp, example.com.au
    return labels[-2] if len(labels) >= 2 else labels[0]
