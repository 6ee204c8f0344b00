"""Phone numbers on one line of card text: find them, label them, normalise them.

Works on the plain text of a line; the caller maps character spans back to word boxes.
The one owner of E.164 conversion (``to_e164``): the reader, the store and the importers use it.
An extension printed after a number ("ext. 8410", "x204", "Ramal 12", "Durchwahl 12") is kept
apart from the number, as digits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

# Printed labels, longest first so "Mobile" wins over "M". Single letters only count
# when they sit right before the number (checked in _label_before).
_LABELS: list[tuple[str, str]] = [
    (r"tel\s*/\s*fax|phone\s*/\s*fax|fax\s*/\s*tel|t\s*/\s*f", "work"),
    (r"facsimile|telefax|fax|ファックス|ファクス|ファクシミリ|传真|傳真|แฟกซ์", "fax"),
    # mobile in English, Portuguese/Spanish ("Cel.", "Celular", "Móvil"), German ("Handy", "Mobil"),
    # Italian ("Cellulare"), French ("Portable"), Vietnamese ("Di động", "DĐ"), Thai, Chinese, Korean
    (r"mobile\s*phone|mobile|mobiel|mobil|m[óo]vil|mob|cellular|cellulare|celular|cel|cell\s*phone|cell|handphone|"
     r"hand\s*phone|handy|h\s*/\s*p|hp|portable|gsm|whats\s*app|di\s*[đd][ộo]ng|dđ|携帯電話|携帯|手机|手機|"
     r"มือถือ|휴대폰|핸드폰", "mobile"),
    # work in English, Portuguese ("Fone", "Telefone"), Spanish/Italian ("Teléfono", "Telefono"), German,
    # French, Nordic ("Tlf"), Vietnamese ("Điện thoại", "ĐT"), Thai, Chinese, Japanese, Korean
    (r"telephone|telefoon|telefone|tel[ée]fono|telefon|téléphone|tél|tel|fone|phone|ph|tlf|office|direct\s*line|direct|"
     r"dir|did|main|work|business|[đd]i[ệe]n\s*tho[ạa]i|đt|โทรศัพท์|โทร|电话|電話|전화|代表|直通", "work"),
    (r"home|toll[\s-]*free|free\s*dial|pager|private", "other"),
]
_SINGLE_LETTER_KINDS = {"t": "work", "p": "work", "o": "work", "d": "work", "w": "work", "b": "work",
                        "m": "mobile", "c": "mobile", "f": "fax", "h": "other"}

_LABEL_RE = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(f"(?P<k{i}>{pat})" for i, (pat, _) in enumerate(_LABELS)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_SINGLE_RE = re.compile(r"(?<![A-Za-z0-9])([TPODWBMCFH])\s*[.:：;]?\s*$", re.IGNORECASE)

# A run of characters that may form one or more phone numbers (on the de-slipped text).
_RUN_RE = re.compile(r"\+?\s?(?:\(\s?\+?\d[\d\s]{0,5}\)|\d)[\d\s\-.()/\u2010-\u2015\u2212]*[\d)]")
_DATE_RE = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))\s*$")
_SLIPS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1",
                        "!": "1", "S": "5", "B": "8", "Z": "2"})
_SLIP_CHARS = set("OoDQlI|i!SBZ")
_PHONE_PUNCT = set("+-()./ \u2010\u2011\u2012\u2013\u2014\u2015\u2212")


# An extension after the number. "x" only right before the digits or after a space ("x204",
# "x 204"); the words are English, Spanish/Portuguese, German, French, Italian, Japanese, Russian.
_EXTENSION_RE = re.compile(
    r"^\s*[,;/]?\s*\(?\s*(?:ext(?:ension|n)?|durchwahl|dw|ramal|anexo|interno|int|poste|nebenstelle|"
    r"内線|доб(?:авочный)?|x)\s*[.:：#=]?\s*[-–]?\s*(\d{1,6})\b\)?",
    re.IGNORECASE)


@dataclass
class PhoneHit:
    number: str  # as printed, OCR slips in digits repaired
    e164: str | None
    kind: str
    start: int  # character span in the line text (the extension included)
    end: int
    labelled: bool
    valid: bool
    extension: str | None = None  # digits only


def to_e164(number: str, region: str | None = None) -> str | None:
    """The number in E.164 form ("+4930123456"), or None when it is not a valid number.

    ``region`` ("DE", any case) is used for numbers written without their country code. An
    extension written after the number is not part of the E.164 form.
    """
    try:
        parsed = phonenumbers.parse(number, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def split_extension(text: str) -> tuple[str, str | None]:
    """"+1 312 555 0101 ext. 204" -> ("+1 312 555 0101", "204"); no extension -> (text, None)."""
    for m in re.finditer(r"\d", text):
        found = _EXTENSION_RE.match(text[m.end():])
        if found and found.end() == len(text) - m.end():
            return text[:m.end()].strip(), found.group(1)
    return text, None


def extension_after(text: str) -> tuple[str | None, int]:
    """The extension printed at the start of ``text`` (what follows a number) and its length."""
    m = _EXTENSION_RE.match(text)
    if not m:
        return None, 0
    return m.group(1), m.end()


def _label_kind(match: re.Match) -> str:
    for i, (_, kind) in enumerate(_LABELS):
        if match.group(f"k{i}"):
            return kind
    return "other"


def label_kind(text: str) -> str | None:
    """Kind of the last phone label in ``text`` (None if it holds none)."""
    found = None
    for m in _LABEL_RE.finditer(text):
        found = _label_kind(m)
    if found is None:
        m = _SINGLE_RE.search(text)
        if m:
            found = _SINGLE_LETTER_KINDS[m.group(1).lower()]
    return found


def label_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the phone labels in ``text`` ("Tel.", "Celular:", "Handy")."""
    return [(m.start(), m.end() + len(re.match(r"[.:：]?", text[m.end():]).group(0)))
            for m in _LABEL_RE.finditer(text)]


def is_label_only(text: str) -> bool:
    """True for a line that holds just a phone label ("Mobile:")."""
    stripped = text.strip(" :：.-")
    return bool(stripped) and bool(_LABEL_RE.fullmatch(stripped) or re.fullmatch(r"[TMF]", stripped, re.I))


def deslip(text: str) -> str:
    """Repair letters read for digits inside number-like tokens; keeps every offset."""
    out = []
    for token in re.split(r"(\s+)", text):
        core = token
        # a glued label ("TEL:+81-3...") does not count against the token
        m = re.match(r"^[A-Za-z\u3000-\u9fff]{1,12}[.:：]+", token)
        head = m.group(0) if m else ""
        core = token[len(head):]
        # a comma printed or read beside a dot in a dotted number: "+54.11.5550,.0199"
        core = re.sub(r"(?<=\d),(?=\.\d)|(?<=\d\.),(?=\d)", ".", core)
        digits = sum(c.isdigit() for c in core)
        slips = sum(c in _SLIP_CHARS for c in core)
        good = sum(c.isdigit() or c in _PHONE_PUNCT for c in core)
        if digits >= 2 and core and (good + slips) == len(core) and digits >= 2 * slips:
            core = core.translate(_SLIPS)
        out.append(head + core)
    return "".join(out)


def digits_of(s: str) -> str:
    return re.sub(r"\D", "", s)


def _clean_printed(s: str) -> str:
    s = re.sub(r"\s+", " ", s.strip())
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"\.{2,}", ".", s)
    s = re.sub(r"\s*\(\d{0,2}$", "", s)  # the start of a note glued on: "1401(4t)"
    while s.endswith(")") and s.count(")") > s.count("("):
        s = s[:-1].rstrip()
    while s.startswith("(") and s.count("(") > s.count(")"):
        s = s[1:].lstrip()
    return s.strip(" .-/")


def parse(number: str, region: str | None) -> tuple[str | None, bool, int | None]:
    """E.164 form (None if not determinable), validity, and phonenumbers' number type."""
    candidates = [number]
    d = digits_of(number)
    if not number.lstrip().startswith("+") and region:
        # a "+" lost by OCR: "81-3-5550-0142" on a Japanese card (fictional)
        cc = phonenumbers.country_code_for_region(region)
        if cc and d.startswith(str(cc)) and not d.startswith("0"):
            candidates.append("+" + number.strip())
    best: tuple[str | None, bool, int | None] = (None, False, None)
    for cand in candidates:
        try:
            parsed = phonenumbers.parse(cand, None if cand.lstrip().startswith("+") else region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return (phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), True,
                    phonenumbers.number_type(parsed))
        if best[0] is None and phonenumbers.is_possible_number(parsed):
            best = (phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), False,
                    phonenumbers.number_type(parsed))
    return best


def _trim_trailing_note(number: str) -> str:
    """Drop a short group after the number proper: "5550-0142 (4)", "5550-0142 12"."""
    return re.sub(r"\s*(?:\(\s*\d{1,2}\s*\)|\s\d{1,2})$", "", number).strip()


def _without_repeated_group(number: str) -> str:
    """ "+31 10 555 555 0142" -> "+31 10 555 0142": the same group of digits twice in a row, once."""
    return re.sub(r"(?<!\d)(\d{2,})[\s.\-]+\1(?!\d)", r"\1", number, count=1)


def _looks_possible(number: str, region: str | None) -> bool:
    e164, valid, _ = parse(number, region)
    repaired = _without_repeated_group(number)
    if valid or repaired != number and parse(repaired, region)[1]:
        return True
    if region or number.lstrip().startswith("+"):
        return False
    n = len(digits_of(number))
    return 8 <= n <= 13


def _split_run(run: str, offset: int, region: str | None) -> list[tuple[str, int, int]]:
    """Cut a run that holds several numbers side by side into single numbers."""
    run_digits = len(digits_of(run))
    if run_digits <= 13 and (run_digits <= 11 or _looks_possible(run, region)):
        return [(run, offset, offset + len(run))]
    chunks = [(m.group(0), m.start()) for m in re.finditer(r"[^\s/]+(?:\s+\(\d{1,4}\))?", run)]
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(chunks):
        best_j = None
        for j in range(i, len(chunks)):
            start = chunks[i][1]
            end = chunks[j][1] + len(chunks[j][0])
            piece = run[start:end]
            if len(digits_of(piece)) > 15:
                break
            if _looks_possible(piece, region):
                best_j = j
        if best_j is None:
            # "02-3456-7890 (41S) 070-...": a note between two numbers, not the first one's
            bare = re.sub(r"\s+\(\d{1,4}\)$", "", chunks[i][0])
            if bare != chunks[i][0] and _looks_possible(bare, region):
                out.append((bare, offset + chunks[i][1], offset + chunks[i][1] + len(bare)))
            i += 1
            continue
        start = chunks[i][1]
        end = chunks[best_j][1] + len(chunks[best_j][0])
        out.append((run[start:end], offset + start, offset + end))
        i = best_j + 1
    return out or [(run, offset, offset + len(run))]


def find_phones(text: str, region: str | None = None, inherited_kind: str | None = None) -> list[PhoneHit]:
    """Every phone number printed on one line of text.

    ``inherited_kind`` is the kind of a label that stood alone on the line above.
    """
    fixed = deslip(text)
    hits: list[PhoneHit] = []
    # "+968 2471135 | 24649910": a number with its country code that fails the length check, printed
    # beside a valid one, is the card's number as printed (a digit short in print or in reading)
    doubtful: list[PhoneHit] = []
    current_kind = inherited_kind
    prev_end = 0
    for m in _RUN_RE.finditer(fixed):
        raw = m.group(0)
        stray = re.match(r"\s*\d\s+(?=0\d)", raw)
        if stray and len(digits_of(raw)) >= 10:
            # a lone digit before a national number that starts with its trunk 0: "2 0431-5550199" (fictional)
            # (no numbering plan writes a digit, a space, then the trunk prefix)
            raw = " " * stray.end() + raw[stray.end():]
        start = m.start() + (len(raw) - len(raw.lstrip()))
        # a run glued to letters ("9F", "Sakura-2") is part of a word, not a number
        if start > 0 and fixed[start - 1].isalpha() and label_kind(fixed[max(0, start - 12):start]) is None:
            continue
        for piece, p_start, p_end in _split_run(raw.strip(), start, region):
            printed = _clean_printed(piece)
            n_digits = len(digits_of(printed))
            between = text[prev_end:p_start]
            kind = label_kind(between)
            if kind is None:
                # a label carries on to the next number: "TEL 03-1111-2222 / 03-1111-3333"
                kind = current_kind
            after = re.match(r"\s*\(\s*([A-Za-z]{2,})\s*\)", text[p_end:])
            if after and kind is None:
                kind = label_kind(after.group(1))  # "03-1111-2222 (Fax)"
            labelled = kind is not None
            prev_end = p_end
            if n_digits < 6 or n_digits > 17:
                continue
            if _DATE_RE.match(printed) and not labelled:
                continue
            e164, valid, ntype = parse(printed, region)
            if not valid and (region or printed.startswith("+")):
                # "(06)5550-0142 (4)": a note glued on after the number; "+31 10 555 555 0142": a group
                # OCR read twice
                for repaired in (_trim_trailing_note(printed), _without_repeated_group(printed)):
                    if repaired == printed:
                        continue
                    t_e164, t_valid, t_type = parse(repaired, region)
                    if t_valid:
                        printed, e164, valid, ntype = repaired, t_e164, t_valid, t_type
                        n_digits = len(digits_of(printed))
                        break
            if labelled and n_digits < 8 and not valid:
                continue  # "F 556-0017": a label letter before a postcode
            if labelled and not valid and region and not _LABEL_RE.search(between):
                continue  # only a stray letter before a number that can't be one: "B 7450-0002"
            if not labelled:
                if n_digits < 8:
                    continue  # postcodes, street numbers
                if (region or printed.startswith("+")) and not valid:
                    if _known_country_code(printed) and n_digits >= 9:
                        doubtful.append(PhoneHit(printed, None, "work", p_start, p_end, False, False))
                    continue
                if re.fullmatch(r"\d{3}-\d{4}", printed):
                    continue
            if kind is None:
                mobile_types = (phonenumbers.PhoneNumberType.MOBILE,)
                kind = "mobile" if valid and ntype in mobile_types else "work"
            if labelled:
                current_kind = kind
            extension, ext_len = extension_after(text[p_end:])
            if extension:
                p_end += ext_len
                prev_end = p_end
            hits.append(PhoneHit(printed, e164 if valid else None, kind, p_start, p_end, labelled, valid,
                                 extension))
    if doubtful and any(h.valid for h in hits):
        hits = sorted(hits + doubtful, key=lambda h: h.start)
    return hits


def _known_country_code(printed: str) -> bool:
    """ "+968 ...": a "+" and digits that start with a country code in use."""
    d = digits_of(printed)
    return printed.startswith("+") and any(
        phonenumbers.region_code_for_country_code(int(d[:n])) != "ZZ" for n in (1, 2, 3) if len(d) > n)


def country_regions(text: str) -> list[str]:
    """Regions of every valid "+CC ..." number printed in ``text``, in order.

    Only whole numbers that phonenumbers accepts count: a postcode mark read as "+"
    ("+ 435-0015" for "〒435-0015") must not make a Japanese card Austrian.
    """
    out = []
    fixed = deslip(text)
    for m in _RUN_RE.finditer(fixed):
        run = m.group(0).strip()
        if not run.startswith("+"):
            continue
        for piece, _, _ in _split_run(run, 0, None):
            try:
                parsed = phonenumbers.parse(_clean_printed(piece), None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                region = phonenumbers.region_code_for_number(parsed)
                if region and region != "ZZ":
                    out.append(region)
    return out
