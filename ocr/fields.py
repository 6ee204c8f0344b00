"""Turn the OCR words of one flattened, upright card into contact fields.

The order of work:
1. group words into lines (cut a line where a wide gap shows two columns);
2. take out what has a strict shape — e-mails, websites, social handles, phones —
   and mask it so the rest of the line can be judged on its own;
3. judge every remaining line: plausible text or logo noise, and how much it
   looks like a company, a job title, a department, an address or a person's name;
4. choose one line per field, then cross-check the fields against each other
   (e-mail local part vs name, e-mail domain vs website vs company) to pick
   between candidates and repair OCR slips.
"""
from __future__ import annotations

import functools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import phonenumbers
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from . import contacts, gazetteers, line_roles, phones
from .lexicon import (
    ADDRESS_WORDS,
    COUNTRY_REGIONS,
    DEPARTMENT_NOUNS,
    FAMILY_FIRM_RE,
    FREE_MAIL_DOMAINS,
    FUNCTION_WORDS,
    HONORIFICS,
    JP_ADDRESS_SUFFIX_RE,
    NAME_PARTICLES,
    NON_NAME_WORDS,
    ORG_PHRASES_VI,
    POSTNOMINALS,
    REGION_WORDS,
    STREET_SUFFIX_RE,
    STRONG_COMPANY_SUFFIX_RE,
    TITLE_ABBREVIATIONS,
    TITLE_MODIFIERS,
    TITLE_NOUNS,
    US_STATES,
    WEAK_COMPANY_SUFFIX_RE,
    is_known_tld,
    is_org_word,
    tld_region,
)
from .reading import CardReading, Field, Phone, WordBox

# ---------------------------------------------------------------- lines


@dataclass
class _Line:
    order: int  # position in reading order
    words: list[int]  # indices into the card's WordBoxes
    tokens: list[str]
    confs: list[float]
    height: float
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    mask: list[bool] = field(default_factory=list)
    had_contact: bool = False

    def __post_init__(self) -> None:
        pos = 0
        for tok in self.tokens:
            self.spans.append((pos, pos + len(tok)))
            pos += len(tok) + 1
        self.text = " ".join(self.tokens)
        self.mask = [False] * len(self.text)

    def masked_text(self) -> str:
        return "".join(" " if m else c for c, m in zip(self.text, self.mask, strict=True))

    def take(self, start: int, end: int) -> list[int]:
        """Mask a character span; return the word indices it covers."""
        for i in range(max(0, start), min(end, len(self.mask))):
            self.mask[i] = True
        self.had_contact = True
        return [w for w, (a, b) in zip(self.words, self.spans, strict=True) if a < end and b > start]

    def conf_of(self, start: int, end: int) -> float:
        confs = [c for c, (a, b) in zip(self.confs, self.spans, strict=True) if a < end and b > start]
        return sum(confs) / len(confs) if confs else 0.0


def _build_lines(words: list[WordBox]) -> list[_Line]:
    by_line: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        if w.text.strip():
            by_line.setdefault(w.line, []).append(i)
    rows = _rejoin_rows(words, [idxs for _, idxs in sorted(by_line.items(), key=lambda kv: kv[0])])
    cut_rows: list[list[list[int]]] = []
    for idxs in rows:
        idxs.sort(key=lambda i: words[i].left)
        heights = [words[i].height for i in idxs]
        med_h = statistics.median(heights) if heights else 0
        # two columns printed side by side share a text line: cut at a wide gap
        groups: list[list[int]] = [[idxs[0]]]
        for k, (prev, cur) in enumerate(zip(idxs, idxs[1:], strict=False)):
            gap = words[cur].left - words[prev].right
            left_h = _print_height(words, groups[-1])
            right_h = _print_height(words, _run_from(words, idxs[k + 1:]))
            # a wide gap, or a smaller one where the print size changes: two columns. A dash or a bar
            # has no print size of its own ("General Manager - Operations"): only a wide gap cuts beside it
            sized = _has_letters(words[prev]) and _has_letters(words[cur])
            # a box with a descender ("Agarwal") stands a third taller than one without ("R.") in one type
            tall_by = 1.45 if _descends(words[prev]) != _descends(words[cur]) else 1.3
            size_change = sized and max(left_h, right_h) > tall_by * min(left_h, right_h)
            # print twice as tall is never the same run of text: a logo beside a company name. Unless the
            # words sit a word space apart at the same letter pitch and less than three times as tall:
            # at low resolution the engine's box of one word can be twice its neighbour's ("Gustavo Ribeiro",
            # "Zenilink S.A.", "02 1234 0041")
            ratio = max(left_h, right_h) / max(1.0, min(left_h, right_h))
            size_jump = sized and ratio > 2.0 and (
                ratio > 3.0 or gap > 1.0 * min(left_h, right_h) or not _same_pitch(words[prev], words[cur]))
            if med_h > 0 and (gap > 3.0 * med_h or size_jump
                              or (size_change and gap > 1.2 * min(left_h, right_h))):
                groups.append([])
            groups[-1].append(cur)
        cut_rows.append(groups)
    lines: list[_Line] = []
    for groups in _cut_at_column_edges(words, cut_rows):
        for g in groups:
            toks = [_combine_spacing_grave(_dotted_initials(_caps_l(words[i].text.strip()))) for i in g]
            hs = sorted(words[i].height for i in g if any(c.isalnum() for c in words[i].text))
            lines.append(_Line(order=len(lines), words=g, tokens=toks, confs=[_conf(words[i]) for i in g],
                               height=float(statistics.median(hs)) if hs else 0.0))
    return lines


def _cut_at_column_edges(words: list[WordBox], rows: list[list[list[int]]]) -> list[list[list[int]]]:
    """Cut a row where a word begins on the left edge of a column of print beside it.

    Two columns set close together (a name beside the address, in monospaced type whose word
    spaces are as wide as the gap) share a text line with no telling gap. What shows the second
    column is its edge: rows just above or below begin at the very x where a word in the middle
    of this row begins. Cuts expose new edges, so this runs until nothing changes (a few rounds)."""
    def band(groups: list[list[int]]) -> tuple[int, int, float]:
        ids = [i for g in groups for i in g]
        return (min(words[i].top for i in ids), max(words[i].bottom for i in ids),
                statistics.median(words[i].height for i in ids))

    bands = [band(groups) for groups in rows]
    for _ in range(3):
        starts = [(r, words[g[0]].left) for r, groups in enumerate(rows) for g in groups]
        changed = False
        for r, groups in enumerate(rows):
            top, bottom, row_h = bands[r]
            # left-aligned print lines up to a pixel or two; centred or right-aligned lines meet by chance
            tol = max(2.5, 0.12 * row_h)
            # the column goes on right above or below this row: no wider a gap than a line's height
            close = {r2 for r2 in (r - 1, r + 1) if 0 <= r2 < len(rows)
                     and max(bands[r2][0] - bottom, top - bands[r2][1]) <= 1.2 * max(row_h, bands[r2][2])}
            # the row's own column lines up with rows near it too: in a centred layout a word may meet a
            # neighbour's start by chance, but the row's first word then meets none
            row_x = words[groups[0][0]].left
            if not any(r2 != r and abs(r2 - r) <= 3 and abs(x2 - row_x) <= tol for r2, x2 in starts):
                continue
            new_groups: list[list[int]] = []
            for g in groups:
                cur = [g[0]]
                for w in g[1:]:
                    x = words[w].left
                    near = {r2 for r2, x2 in starts if r2 != r and abs(r2 - r) <= 3 and abs(x2 - x) <= tol}
                    if len(near) >= 2 and near & close:
                        new_groups.append(cur)
                        cur = []
                        changed = True
                    cur.append(w)
                new_groups.append(cur)
            rows[r] = new_groups
        if not changed:
            break
    return rows


def _descends(w: WordBox) -> bool:
    """A word with a letter that hangs below the line (its box reaches lower): g, j, p, q, y."""
    return bool(re.search(r"[gjpqyç,;]", w.text))


def _has_letters(w: WordBox) -> bool:
    return any(c.isalnum() for c in w.text)


def _print_height(words: list[WordBox], idxs: list[int]) -> float:
    """Median height of the words with letters or digits among ``idxs`` (of all, when none has)."""
    lettered = [words[i].height for i in idxs if _has_letters(words[i])]
    return statistics.median(lettered or [words[i].height for i in idxs])


def _combine_spacing_grave(tok: str) -> str:
    """ "Trâ`n" -> "Trần": a grave accent OCR printed as a backtick after its letter."""
    if "`" not in tok:
        return tok
    return unicodedata.normalize("NFC", re.sub(r"(?<=[^\W\d_])`(?=[^\W\d_]|$)", "\u0300", tok))


def _caps_l(tok: str) -> str:
    """ "AlKO" -> "AIKO": a small l among capitals is a capital I that OCR took for it (same length)."""
    if re.fullmatch(r"[A-Z]*l[A-Zl]*", tok) and sum(c.isupper() for c in tok) >= 2:
        return tok.replace("l", "I")
    return tok


def _dotted_initials(tok: str) -> str:
    """ "B.S:B.A." -> "B.S.B.A.": a dot between initials that OCR read as a colon (same length)."""
    if re.fullmatch(r"(?:[A-Z][.:]){2,6}", tok) and "." in tok:
        return tok.replace(":", ".")
    return tok


def _same_pitch(a: WordBox, b: WordBox) -> bool:
    """Two words printed in type of one size: their widths per letter within a third of each other."""
    pa, pb = a.width / max(1, len(a.text.strip())), b.width / max(1, len(b.text.strip()))
    return max(pa, pb) <= 1.35 * min(pa, pb)


def _run_from(words: list[WordBox], idxs: list[int]) -> list[int]:
    """The words from the first one on up to the next wide gap: the print beside a cut is judged by
    its own run, not by a column of smaller print further along the row."""
    run = [idxs[0]]
    for prev, cur in zip(idxs, idxs[1:], strict=False):
        if words[cur].left - words[prev].right > 1.5 * min(words[prev].height, words[cur].height):
            break
        run.append(cur)
    return run


def _rejoin_rows(words: list[WordBox], groups: list[list[int]]) -> list[list[int]]:
    """Join consecutive engine lines that sit on one printed row, close together (a given name and a family name read as two lines)."""
    out: list[list[int]] = []
    for g in groups:
        if out:
            prev = out[-1]
            a_top = min(words[i].top for i in prev)
            a_bot = max(words[i].bottom for i in prev)
            b_top = min(words[i].top for i in g)
            b_bot = max(words[i].bottom for i in g)
            overlap = min(a_bot, b_bot) - max(a_top, b_top)
            h = min(a_bot - a_top, b_bot - b_top)
            gap = min(words[i].left for i in g) - max(words[i].right for i in prev)
            if h > 0 and overlap >= 0.6 * h and 0 <= gap <= 3 * h:
                prev.extend(g)
                continue
        out.append(list(g))
    return out


def _conf(w: WordBox) -> float:
    c = w.conf if w.conf is not None else 0.0
    if c > 1.0:  # engines that report 0..100
        c /= 100.0
    return max(0.0, min(1.0, c))


# ---------------------------------------------------------------- plausibility

# words, acronyms and camel case as brands write it ("BlueWave", "KvC", "ParkHS"), not "XwQRRTBit"
_WORDLIKE_RE = re.compile(r"^(?:[A-Z]?[a-z]+(?:[A-Z]{1,2}[a-z]+)*[A-Z]{0,4}|[A-Z]+|[A-Z]{2,3}[a-z]+)$")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NEUTRAL_TOKENS = {"&", "|", "/", "-", "–", "—", "·", "•", ":", ",", "+"}


def _token_core(tok: str) -> str:
    return tok.strip(".,;:()[]{}\"'“”‘’!?*_~=|<>«»")


_VOWELLESS_ABBREVIATIONS = {
    "ltd", "bldg", "bld", "st", "rd", "dept", "mgr", "mrs", "llc", "llp", "plc", "gmbh", "mbh", "vp", "svp",
    "evp", "cfo", "cto", "ceo", "flr", "ste", "blvd", "pkwy", "hwy", "str", "dpt", "pty", "pte", "bhd", "sdn",
}


def _token_is_good(tok: str) -> bool:
    core = _token_core(tok)
    if not core:
        return False
    if _CJK_RE.search(core):
        return True
    # compounds OCR keeps as one token: "Co.,Ltd", "Sakura-2,2F,1-2-8", "ParkHS-building"
    parts = [p for p in re.split(r"[-,./&'’]+", core) if p]
    if not parts:
        return False
    compound = len(parts) > 1 or core != parts[0]
    return all(_part_is_good(p, compound) for p in parts)


def _ascii_fold(s: str) -> str:
    """ "Geschäftsführer" -> "Geschaftsfuhrer": lets ASCII patterns judge accented words."""
    s = s.replace("ß", "ss").replace("ẞ", "SS").replace("đ", "d").replace("Đ", "D")  # Vietnamese "Đức"
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


_SHORT_LOWER_WORDS = {"of", "to", "in", "at", "on", "by", "an", "as", "is", "it", "or", "be", "we", "my",
                      "no", "so", "up", "us", "do", "go", "he", "me", "de", "la", "le", "da", "du", "el",
                      "di", "und", "co", "jp", "ku"}
_SHORT_CAPS_WORDS = {"dr", "mr", "ms", "st", "rd", "hq", "hr", "pr", "vp", "gm", "md", "pc", "tv", "kk", "ny",
                     "sw", "nw", "ne", "se", "bv", "nv", "cv", "ct", "ln", "pl", "sq", "fl", "jr", "sr"}


def _part_is_good(part: str, compound: bool) -> bool:
    part = _ascii_fold(part)
    if any(c.isdigit() for c in part):
        # street and floor numbers: "2", "9F", "B1", "#305"
        return bool(re.fullmatch(r"#?\d+[A-Za-z]{0,2}|[A-Za-z]{1,3}\d+", part))
    if not _WORDLIKE_RE.match(part):
        return False
    letters = part
    if len(letters) == 1:
        return compound or letters in {"a", "A", "I"}
    if len(letters) == 2 and not compound:
        if letters.islower():
            return letters in _SHORT_LOWER_WORDS
        if not re.search(r"[aeiouyAEIOUY]", letters):
            return letters.lower() in _SHORT_CAPS_WORDS
    if len(letters) >= 3 and not re.search(r"[aeiouyAEIOUY]", letters):
        # acronyms ("IBM", "HQ") and abbreviations ("Ltd", "Bldg")
        return (letters.isupper() and len(letters) <= 5) or letters.lower() in _VOWELLESS_ABBREVIATIONS
    if len(letters) >= 4 and re.search(r"[bcdfghjklmnpqrstvwxz]{7,}", letters.lower()):
        return False
    return True


def plausibility(tokens: list[str]) -> float:
    """Share of a line's characters that sit in word-like tokens (logo noise scores low)."""
    good = total = 0
    # initials before a family name ("K. S. Nair", "R Agarwal") are letters of a name, not logo noise
    named = any(re.fullmatch(r"[A-Z][a-z]{2,}|[A-Z]{3,}", _token_core(t)) for t in tokens)
    for tok in tokens:
        if tok in _NEUTRAL_TOKENS:
            continue
        total += len(tok)
        if named and re.fullmatch(r"[A-Z]\.?", tok):
            good += len(tok)
        elif _token_is_good(tok):
            good += len(_token_core(tok))
    return good / total if total else 0.0


# ---------------------------------------------------------------- one line judged


@dataclass
class _Judged:
    line: _Line
    words: list[int]
    tokens: list[str]
    text: str
    conf: float
    plausible: float
    company: float = 0.0
    title: float = 0.0
    department: float = 0.0
    address: float = 0.0
    name: float = 0.0
    department_explicit: bool = False
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom
    title_hint: float = 0.0  # title words in any of the app's languages
    aside: bool = False  # a founding-year line or an address heading: never a name, title or company


_LEFTOVER_LABEL_RE = re.compile(
    r"^(?:e-?mail|mail|email|e|url|web|website|www|w|tel|telephone|telefon|tél|phone|ph|fax|mob|mobile|cell|"
    r"m|t|f|p|hp|office|direct|address|add|addr|adr|skype)[.:：]*$",
    re.IGNORECASE,
)
_JUNK_TOKEN_RE = re.compile(r"^(?:(?![&#])[\W_])+$")  # no letter or digit of any script ("Đỗ" is a word)
_SHORT_WORDS = {"of", "de", "&", "and", "to", "in", "at", "du", "la", "le", "da", "y", "e", "i"}


def _remainder(line: _Line) -> tuple[list[int], list[str], list[float]]:
    """Tokens of a line left once contacts are masked, minus labels and edge noise."""
    keep: list[int] = []
    for k, (a, b) in enumerate(line.spans):
        masked = sum(line.mask[a:b])
        if masked * 2 < (b - a):
            keep.append(k)
    toks = [line.tokens[k] for k in keep]
    if line.had_contact:
        keep = [k for k, t in zip(keep, toks, strict=True)
                if not (_LEFTOVER_LABEL_RE.match(t) or phones.is_label_only(t))]
        # what is left around a phone or e-mail is its parenthesised note: "(Japan)"
        keep = [k for k in keep if not re.fullmatch(r"\(.*\)", line.tokens[k])]
    # logo noise at either end of a line: "_ Jane Roe", "Director = - oe"
    while keep and _edge_junk(line.tokens[keep[0]], line.confs[keep[0]]):
        keep.pop(0)
    # a logo's strokes beside a line of print read as a word the engine has no faith in
    # ("omnibus The Law Office of ..." at confidence 0, the words after it at 0.9)
    while len(keep) >= 3 and _unread_beside_sure(line.confs[keep[0]], [line.confs[k] for k in keep[1:]]):
        keep.pop(0)
    while len(keep) >= 3 and _unread_beside_sure(line.confs[keep[-1]], [line.confs[k] for k in keep[:-1]]):
        keep.pop()
    while keep and _edge_junk(line.tokens[keep[-1]], line.confs[keep[-1]]):
        keep.pop()
    if keep:
        # a short lower-case scrap behind a junk token at the end ("= - oe")
        for k in range(len(keep) - 1, 0, -1):
            if _JUNK_TOKEN_RE.match(line.tokens[keep[k - 1]]) and keep[k] == keep[-1]:
                tail = _token_core(line.tokens[keep[k]])
                if len(tail) <= 2 and tail.islower() and tail not in _SHORT_WORDS:
                    keep = keep[: k - 1]
                break
        while keep and _edge_junk(line.tokens[keep[-1]], line.confs[keep[-1]]):
            keep.pop()
    tokens = [line.tokens[k] for k in keep]
    if tokens:  # a quote mark OCR saw in a speck before the first word or after the last: "‘Lotte Visser"
        tokens[0] = tokens[0].lstrip(_STRAY_QUOTES) or tokens[0]
        tokens[-1] = tokens[-1].rstrip("‘“`´") or tokens[-1]  # a closing one may end a word: "Dunkin’"
    return [line.words[k] for k in keep], tokens, [line.confs[k] for k in keep]


_STRAY_QUOTES = "‘’“”\"'`´"


UNREAD_CONF = 0.1  # a word read at this confidence or less is a guess at shapes, not print
SURE_LINE_CONF = 0.8


def _unread_beside_sure(conf: float, others: list[float]) -> bool:
    return conf <= UNREAD_CONF and statistics.median(others) >= SURE_LINE_CONF


def _edge_junk(tok: str, conf: float) -> bool:
    if _JUNK_TOKEN_RE.match(tok) and tok not in {"&"}:
        return True
    core = _token_core(tok)
    return len(core) == 1 and not core.isdigit() and conf < 0.6


def _clean_line_text(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"^[\s,;:|•·\-–—_]+|[\s,;:|•·\-–—_]+$", "", text)
    text = re.sub(r"[\s,;:]+$", "", text)
    return text


def _words_lower(tokens: list[str]) -> list[str]:
    return [_ascii_fold(_token_core(t)).lower() for t in tokens if _token_core(t)]


# a heading over an address, not a job: "Head Office", "Turin Branch Office:", "Headquarters"
_OFFICE_HEADING_RE = re.compile(r"(?i)^(?:\S+\s+){0,2}(?:office|branch|headquarters|hq)\s*:?$")
# the same, as a company can't be: a firm may be a "Law Office", never a "Branch Office" or "Office:"
# (English, Portuguese, Spanish, French, German, Italian, Dutch, Vietnamese), or any short line that ends
# in a colon with nothing after it ("Matriz:", "Văn phòng:", "Filiale di Lucca:")
_OFFICE_HEADINGS = (
    r"(?:(?:head|main|branch|regional|registered|regd\.?|corporate|liaison|representative|sales)"
    r"\s+office|branch|headquarters|hq|matriz|filial|sede|sucursal|oficina central|si[èe]ge social|agence|zentrale|"
    r"niederlassung|filiale|hoofdkantoor|vestiging|văn phòng|trụ sở(?: chính)?)")
_ADDRESS_HEADING_RE = re.compile(
    rf"(?i)^(?:\S+\s+){{0,2}}{_OFFICE_HEADINGS}\s*:?$"
    r"|^(?:[^\W\d_][\w.'’-]*\s+){0,3}[^\W\d_][\w.'’-]*\s*:$")
_NAMED_HEADING_RE = re.compile(rf"(?i)^{_OFFICE_HEADINGS}\s*:$")  # the heading alone, its colon kept
# the year a firm was founded, as a tagline: "Since 1921", "Est. 1990", "Seit 1920", "Desde 1985 (Ltda.)"
_FOUNDED_RE = re.compile(
    r"(?i)^(?:since|est\.?|estd\.?|established(?: in)?|founded(?: in)?|seit|gegr(?:\.|ündet)(?: \S+)?|desde|"
    r"depuis|dal|dall'|dal l'anno|sinds|fundad[ao](?: em| en)?|fond[ée]e?(?: en)?|fondata(?: nel)?)\s*"
    r"(?:1[6-9]\d\d|20[0-2]\d)\b")
# what a shop trades in, as a tagline: "Dealers in: Office Chairs, LED Panels", "Especialistas en ..."
_TRADE_HEAD_RE = re.compile(
    r"(?i)^(?:deals?\s+in|dealing\s+in|dealers?\s+(?:in|of)|specialists?\s+(?:in|of)|suppliers?\s+of|all\s+(?:types?|kinds?)\s+of|"
    r"manufacturers?\s+(?:of|&)|venta\s+de|venda\s+de|especialistas\s+e[nm]|distribuidores\s+de|trabalhamos\s+com)\b")
# a building named after the firm, in its address: "Acme Tower", "Blue Wave Building"
_BUILDING_END_RE = re.compile(r"(?i)\s+(?:building|bldg\.?|tower|towers|plaza)$")


# Words that join a job's parts in the app's languages ("Gerente de Negócios", "Leiter für Vertrieb").
_TITLE_JOINERS = {"of", "&", "and", "to", "for", "de", "da", "do", "das", "dos", "del", "della", "di", "des", "du",
                  "d", "e", "y", "et", "und", "fur", "van", "voor", "en", "la", "le", "el"}
# Business functions named in a title in the app's other languages (folded).
_FUNCTION_WORDS_INTL = {
    "vendas", "ventas", "ventes", "vendite", "vertrieb", "verkoop", "negocios", "affaires", "comercial",
    "commerciale", "projetos", "proyectos", "projets", "progetto", "progetti", "projekte", "operacoes",
    "operaciones", "operations", "operazioni", "financas", "finanzas", "finanze", "finanzen", "financier",
    "financeiro", "financiero", "compras", "achats", "einkauf", "acquisti", "inkoop", "logistica",
    "logistique", "logistik", "marketing", "tecnologia", "technologie", "informatica", "informatique",
    "recursos", "humanos", "ressources", "humaines", "personal", "rh", "rrhh", "cuentas", "contas",
    "clientes", "clients", "kunden", "exportacao", "exportacion", "export", "administrativo",
    "administrativa", "administratif", "administrativ", "amministrativo", "tecnico", "tecnica", "technique",
    "technischer", "kinh", "doanh", "tu", "van", "nhan", "su", "ke", "toan", "ban", "hang", "developpement",
    "desarrollo", "desenvolvimento", "sviluppo", "entwicklung", "reseaux", "redes",
}
# Vietnamese title syllables: a title only in pairs ("Giám Đốc"); alone they are in streets and names ("Sứ")
_VI_SYLLABLES = {"giam", "doc", "truong", "phong", "pho", "ky", "su", "chuyen", "vien", "quan", "ly", "nhan"}
_CHARGE_OF = {"charge", "chargee", "encargado", "encargada", "incaricato", "incaricata"}  # "Chargée de ..."


_COMPOUND_RE = re.compile(r"[a-z]{2,}(?:-[a-z]{2,})+")


def _unhyphenated(word: str) -> str:
    word = word.rstrip(",")
    joined = word.replace("-", "")
    return joined if "-" in word and (joined in TITLE_NOUNS or joined in gazetteers.TITLE_WORDS) else word


def _title_score(words_lc: list[str]) -> float:
    """How much a line reads as a job title, in any of the app's languages ("Gerente de Negócios")."""
    if not words_lc or len(words_lc) > 9:
        return 0.0
    # a compound title is read by its parts: "Sócio-Diretor", "Vice-President"; a word spelled with a
    # hyphen is the word: "Co-ordinator", "Co-owner"
    clean = [part for w in map(_unhyphenated, words_lc)
             for part in (w.split("-") if _COMPOUND_RE.fullmatch(w) else [w])]
    nouns = [w for w in clean if (w in TITLE_NOUNS and w not in TITLE_MODIFIERS)
             or (w in gazetteers.TITLE_WORDS and w not in gazetteers.TITLE_QUALIFIERS and w not in _VI_SYLLABLES)]
    abbrev = [w for w in clean if w in TITLE_ABBREVIATIONS]
    pairs = {" ".join(clean[i:i + 2]) for i in range(len(clean) - 1)}
    vi_title = bool(pairs & {"giam doc", "truong phong", "ky su", "chuyen vien"}) or any(
        a in _CHARGE_OF and b in {"de", "d", "des", "du", "di"} for a, b in zip(clean, clean[1:], strict=False))
    if not nouns and not abbrev and not vi_title and not ({"head", "chief", "lead"} & set(clean)):
        return 0.0
    if {"your", "our", "we", "you", "us", "with"} & set(clean):
        return 0.0  # a slogan ("Your partner for growth")
    if _OFFICE_HEADING_RE.search(" ".join(words_lc)):
        return 0.0
    known = sum(1 for w in clean if w in TITLE_NOUNS or w in gazetteers.TITLE_WORDS or w in FUNCTION_WORDS
                or w in _FUNCTION_WORDS_INTL or w in _TITLE_JOINERS)
    share = known / len(clean)
    return 0.5 + 0.4 * share


def _department_score(words_lc: list[str], text: str) -> tuple[float, bool]:
    if not words_lc or len(words_lc) > 8:
        return 0.0, False
    if set(words_lc) & {"department", "dept", "division", "div", "section", "bureau", "unit", "team"} or re.search(
        r"[部課室]$", text
    ):
        return 0.85, True
    if all(w in FUNCTION_WORDS or w in DEPARTMENT_NOUNS or w in REGION_WORDS for w in words_lc) and any(
        w in FUNCTION_WORDS and w not in {"and", "&", "of", "the", "new"} for w in words_lc
    ):
        return 0.6, False
    return 0.0, False


_POSTCODE_PATTERNS = [
    (re.compile(r"(?<![\d-])\d{3}-\d{4}(?![\d-])"), 0.5),  # Japan
    (re.compile(r"〒"), 0.7),
    (re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"), 0.6),  # US state + ZIP
    (re.compile(r"\b(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)\s+\d{4}\b"), 0.6),  # Australian state + postcode
    (re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"), 0.5),  # Canada: "M5V 2T6"
    (re.compile(r"(?<![\d-])\d{5}-\d{3}(?![\d-])"), 0.5),  # Brazil's CEP: "01310-100"
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"), 0.5),  # UK
    (re.compile(r"\b(?:[A-Z]-)?\d{4,5}\s+[A-ZÄÖÜ][a-zäöüß]+"), 0.35),  # "10115 Berlin", "D-80331 München"
    (re.compile(r"\b[A-Z][a-z]+,?\s+\d{4,6}\b"), 0.3),  # "Singapore 018989", "Tokyo 100"
]
_STREET_NUMBER_RE = re.compile(r"(?<![\w-])\d{1,5}(?:-\d{1,5}){1,3}(?![\d])|^\d{1,5}[A-Za-z]?\s+[A-Z]|\b\d+(?:F|FL|/F)\b|#\s?\d+")


def _address_score(tokens: list[str], text: str) -> float:
    score = 0.0
    for pat, weight in _POSTCODE_PATTERNS:
        if pat.search(text):
            score += weight
            break
    words_lc = _words_lower(tokens)
    hits = sum(1 for w in words_lc if w in ADDRESS_WORDS or w.rstrip(".,") in ADDRESS_WORDS)
    score += min(0.8, 0.4 * hits)
    if JP_ADDRESS_SUFFIX_RE.search(text):
        score += 0.5
    if _country_in(text):
        score += 0.4
    if STREET_SUFFIX_RE.search(text):
        score += 0.5
    if _STREET_NUMBER_RE.search(text):
        score += 0.3
    if words_lc and words_lc[0] in {"duong", "pho", "phuong"} and re.search(r"\d", text) and len(words_lc) <= 6:
        score += 0.4  # "Đường Hoa Sứ 337": a Vietnamese street ("Dương" the surname has no number after it)
    if len(words_lc) > 1 and words_lc[-1] in US_STATES and tokens[-1].isupper() and "," in text:
        score += 0.3
    return score


def _country_in(text: str) -> str | None:
    """Region of a country named in the text: the hand list (with "USA", "UK" in capitals), then the
    names of every country in the app's Latin-script languages."""
    long_re, short_re, names = _country_patterns()
    m = short_re.search(text)
    if m:
        return COUNTRY_REGIONS[m.group(0).lower()]
    m = long_re.search(gazetteers.fold(text))
    return names[m.group(1)] if m else None


@functools.cache
def _country_patterns() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """A pattern for the long names (on folded text), one for "US", "UK", "UAE", and name -> region."""
    names = {gazetteers.fold(n): r for n, r in COUNTRY_REGIONS.items() if len(n) > 3}
    for n, r in gazetteers.country_names().items():
        names.setdefault(n, r)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    short = "|".join(re.escape(n.upper()) for n in COUNTRY_REGIONS if len(n) <= 3)
    return (re.compile(rf"(?<![a-z])({alternation})(?![a-z])"),
            re.compile(rf"(?<![A-Za-z.])(?:{short})(?![A-Za-z])"), names)


_NAME_TOKEN_RE = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]{2,}(?:[-'’][A-Z]+)*|[A-Z]['’][A-Z][a-z]+|[A-Z]['’][A-Z]{2,}"
    r"|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|[A-Z]\.?)$"
)


SPELLED_NAME = 0.9  # how well the e-mail must spell a line for it to be the name, whatever its case...
SPELLED_KNOWN_NAME = 0.75  # ...and when the line starts with a known first name


def _name_spelled_by_email(usable, emails: list[str], company) -> tuple[_Judged | None, str]:
    """A line whose words the e-mail spells, though OCR lost a capital ("Oliver whitfield"
    with oliver_whitfield@...) or glued other print to them ("Oliver Whitfield 42d office:", a
    heading beside it): the name, with its capitals restored."""
    for j in usable:
        if j is company or j.title >= 0.5 or j.address >= 0.5 or j.company >= 0.7:
            continue
        for tokens, idxs in _spans(j):
            fixed = [t[:1].upper() + t[1:] if t[:1].islower() else t for t in tokens]
            words = _name_words(fixed) or _short_name_spelled_out(fixed, emails)
            # (a known first name needs less: "arjun narasimha rao" for arjunrao@, the middle name unspelled,
            # the first and last words spelled)
            known = bool(words) and gazetteers.fold(words[0]) in gazetteers.first_names() \
                and _every_word_in_an_email([words[0], words[-1]], emails)
            if not words or name_email_match(words, emails) < (SPELLED_KNOWN_NAME if known else SPELLED_NAME):
                continue
            if len(tokens) < len(j.tokens):
                if not _every_word_in_an_email(words, emails):
                    continue  # "Mill Lane, Eastbury" out of an address line, for shop.eastbury@
                j = replace(j, tokens=list(tokens), words=list(idxs), text=" ".join(tokens))
            return j, " ".join(fixed)
    return None, ""


def _short_name_spelled_out(tokens: list[str], emails: list[str]) -> list[str] | None:
    """ "Li Xu", "Wu Fan": a name too short for _name_words to trust as print, when an e-mail's local part
    is those very words and nothing else (li.xu@, xu_li@)."""
    if not 2 <= len(tokens) <= 3 or not all(_NAME_TOKEN_RE.match(t) and len(t) >= 2 for t in tokens):
        return None
    words = sorted(gazetteers.fold(t) for t in tokens)
    return tokens if any(sorted(_local_tokens(e)) == words for e in emails) else None


def _every_word_in_an_email(words: list[str], emails: list[str]) -> bool:
    locals_ = ["".join(_local_tokens(e)) for e in emails]
    return any(all(gazetteers.fold(w.rstrip(".")) in local for w in words) for local in locals_)


def _name_words(tokens: list[str]) -> list[str] | None:
    """The words of a person's name if the line looks like one, else None."""
    toks = [_ascii_fold(t.strip(",")) for t in tokens if t.strip(",")]
    while toks and toks[0].lower() in HONORIFICS:
        toks = toks[1:]
    while toks and toks[-1].lower().strip(",") in POSTNOMINALS:
        toks = toks[:-1]
    if not 2 <= len(toks) <= 4:
        return None
    toks = _capital_i(toks)
    if toks[0][:1].isupper():  # a capital that looks like its small letter, read small: "Anouk visser"
        toks = [t[0].upper() + t[1:] if t.islower() and t[0] in _CAPITAL_LIKE_SMALL and len(t) >= 3 else t
                for t in toks]
    if _country_in(" ".join(toks)):
        return None  # "Việt Nam", "Costa Rica": a country line has a name's shape
    real = initials = 0
    for k, t in enumerate(toks):
        if t.lower() in NAME_PARTICLES:
            if k == 0 and t[:1].isupper() and len(t) >= 2:
                real += 1  # a name that starts with one: "Van Dijk", "Lê Văn Hùng"
            continue
        if not _NAME_TOKEN_RE.match(t):
            return None
        low = t.lower().rstrip(".")
        if len(low) >= 2 and low in NON_NAME_WORDS or low in TITLE_NOUNS or low in ADDRESS_WORDS \
                or low in COUNTRY_REGIONS or low in DEPARTMENT_NOUNS:
            return None
        letters = t.rstrip(".")
        if len(letters) >= 2:
            if not re.search(r"[aeiouyAEIOUY]", letters):
                return None
            real += 1
        elif t in ("A", "I") or low in DEPARTMENT_NOUNS:
            return None  # "A Division": an article, not an initial
        else:
            initials += 1
    letters = sum(len(t.rstrip(".")) for t in toks)
    longest = max(len(t.rstrip(".")) for t in toks)
    # initials before a family name count for a given name: "R Agarwal", "K. S. Prasad"; a short family
    # name once the initials are dotted or two: "S. Rao", "K S Rao"
    marked = initials >= 2 or any(len(t) == 2 and t.endswith(".") for t in toks)
    if real < 2 and not (real == 1 and initials and (longest >= 4 or longest == 3 and marked)):
        return None
    if letters < (4 if real == 1 and marked else 5) or longest < 3:
        return None  # "Ee Ra": too short to trust as a name
    return toks


_CAPITAL_LIKE_SMALL = "cosuvwxz"  # letters whose capital is their small letter larger


def _capital_i(tokens: list[str]) -> list[str]:
    """A capital I read as a small l at the start of a name word ("Priya lyer"), beside capitalised words."""
    if not any(t[:1].isupper() for t in tokens):
        return tokens
    names = gazetteers.first_names()
    return ["I" + t[1:] if re.fullmatch(r"l[a-z]{2,}", t) and gazetteers.fold(t) not in names else t for t in tokens]


# ---------------------------------------------------------------- cross-checks


def _local_tokens(email: str) -> list[str]:
    local = email.split("@", 1)[0].lower()
    return [t for t in re.split(r"[._\-+0-9]+", local) if t]


def name_email_match(name_words: list[str], emails: list[str]) -> float:
    """0..1: how well an e-mail local part spells this name ("jane.roe", "j.roe", "roe")."""
    words = [w.lower().rstrip(".") for w in name_words if w.lower() not in HONORIFICS]
    best = 0.0
    for email in emails:
        toks = _local_tokens(email)
        if not toks:
            continue
        local = "".join(toks)
        score = 0.0
        for t in toks:
            if len(t) == 1:
                if any(w.startswith(t) for w in words):
                    score += 0.25
                continue
            s = max((fuzz.ratio(t, w) / 100 for w in words), default=0.0)
            if any(len(t) >= 3 and w.startswith(t) for w in words):
                s = max(s, 0.8)
            if s >= 0.75:
                score += s
        if len(toks) == 1 and len(local) >= 5:
            # "jsmith", "smithj", "smit" — glued initial + surname, or a cut surname
            for w in words:
                if len(w) >= 3 and (w in local or (len(local) >= 4 and w.startswith(local))):
                    score = max(score, 0.8)
        best = max(best, min(1.0, score))
    return best


def strip_legal_suffixes(company: str) -> str:
    """The name part of a company line: "Blue Wave Co.,Ltd." -> "Blue Wave"."""
    text = company
    while True:
        shorter = STRONG_COMPANY_SUFFIX_RE.sub(" ", text).rstrip(" ,.&")
        shorter = WEAK_COMPANY_SUFFIX_RE.sub(" ", shorter).rstrip(" ,.&")
        if shorter == text:
            return text
        text = shorter


def _company_variants(company: str) -> list[str]:
    text = strip_legal_suffixes(company)
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in text.split()]
    words = [w for w in words if w and w not in {"the", "and", "co"}]
    if not words:
        return []
    out = {"".join(words), words[0], "".join(w[0] for w in words)}
    # initials with the legal form's: "zicl" for "Zeniwave Industrial Co., Ltd."
    every = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in re.split(r"[\s,.]+", company)]
    out.add("".join(w[0] for w in every if w))
    if len(words) >= 2:
        out.add(words[0][0] + "".join(words[1:]))  # "bwave" for "Blue Wave"
        out.add("".join(w[0] for w in words[:-1]) + words[-1])
        out.add(words[0] + words[1])
    return [v for v in out if len(v) >= 2]


def domain_company_match(domain_label: str, company: str) -> float:
    label = re.sub(r"[^a-z0-9]", "", domain_label.lower())
    if len(label) < 2:
        return 0.0
    best = 0.0
    for v in _company_variants(company):
        best = max(best, fuzz.ratio(label, v) / 100)
        if len(label) >= 4 and len(v) >= 4 and (label in v or v in label):
            best = max(best, 0.85)
    if best < 0.85 and _spelled_in_pieces(label, company):
        best = 0.85
    return best


def _spelled_in_pieces(label: str, company: str) -> bool:
    """The domain joins words of the name in another order: "roelaw" for "The Law Office of Dana Roe".
    Two or three pieces of at least three letters, each the start of a word (or words run together) of
    the name, none of them reused."""
    if len(label) < 6:
        return False
    letters, starts = "", set()
    for word in re.findall(r"[a-z0-9]+", company.lower()):
        starts.add(len(letters))
        letters += word

    def cover(rest: str, used: list[tuple[int, int]], pieces: int) -> bool:
        if not rest:
            return True
        if pieces == 0:
            return False
        for size in range(len(rest), 2, -1):
            piece, at = rest[:size], -1
            while (at := letters.find(piece, at + 1)) >= 0:
                span = (at, at + size)
                if at in starts and all(span[1] <= a or span[0] >= b for a, b in used) \
                        and cover(rest[size:], [*used, span], pieces - 1):
                    return True
        return False

    return cover(label, [], 3)


_CONFUSABLE = {frozenset(p) for p in [("c", "e"), ("o", "0"), ("l", "1"), ("i", "l"), ("i", "1"), ("n", "h"),
                                      ("u", "v"), ("c", "o"), ("a", "o"), ("s", "5"), ("b", "h"), ("e", "o"),
                                      ("g", "q"), ("t", "f"), ("r", "n"), ("m", "n"), ("p", "o")]}


def _one_confusable_slip(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b:
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diffs) == 1 and frozenset(diffs[0]) in _CONFUSABLE


# ---------------------------------------------------------------- the whole card


def judge_card(words: list[WordBox], region: str | None = None) -> tuple[CardReading, list[_Judged]]:
    """Contacts taken out and every other line judged: the reading so far and the judged lines."""
    reading = CardReading(source="")
    reading.words = list(words)
    lines = _build_lines(words)
    reading.text = "\n".join(line.text for line in lines)
    if not lines:
        reading.region = region
        return reading, []

    hint = region or infer_region(reading.text, [], [])
    _take_emails_websites_social(lines, reading, hint)
    reading.region = region or infer_region(reading.text, [e.value for e in reading.emails],
                                            [w.value for w in reading.websites])
    _take_phones(lines, reading)
    judged = _judge_lines(lines)
    for j in judged:
        boxes = [reading.words[i] for i in j.words]
        if boxes:
            j.box = (min(w.left for w in boxes), min(w.top for w in boxes),
                     max(w.right for w in boxes), max(w.bottom for w in boxes))
        share, named = line_roles.title_words(j.tokens)
        j.title_hint = max(j.title, share if named else 0.0)
    _repair_domains(reading, judged)
    owners = _owner_labels(reading)
    emails = [e.value for e in reading.emails]
    firms = " ".join(j.text for j in judged if j.company >= 0.7)
    for j in judged:
        if (owners or firms) and len(j.tokens) >= 3 and _is_usable(j) and j.company == 0:
            kept = _without_brand(j.tokens, owners, emails, firms)
            if kept is not j.tokens:  # "NovaQuill Kenji Morimoto": judged as the name it holds
                cut = 1 if kept == j.tokens[1:] else 0
                j.words = j.words[cut:cut + len(kept)] if len(j.words) == len(j.tokens) else j.words
                j.tokens, j.text, j.name = kept, _clean_line_text(kept), 1.0
    return reading, judged


def extract_fields(words: list[WordBox], region: str | None = None) -> CardReading:
    """Read name, title, company, contacts and address from the words of one card."""
    reading, judged = judge_card(words, region)
    if judged:
        _choose_text_fields(judged, reading)
    if reading.company is not None:
        reading.company = replace(reading.company, value=_firm_capital_i(reading.company.value))
    return reading


def _firm_capital_i(company: str) -> str:
    """ "lyer & Sons" -> "Iyer & Sons", "Acme lntel" -> "Acme Intel": a firm's word that starts with a small l and
    a consonant, which no word does ("labs", "luna" stay), beside capitalised words, starts with a capital I."""
    words = company.split()
    if not any(w[:1].isupper() for w in words):
        return company
    return " ".join("I" + w[1:] if re.fullmatch(r"l[b-df-hj-km-np-tv-z][a-z]+", w) else w for w in words)


def extract_fields_from_text(text: str, region: str | None = None) -> CardReading:
    """Same as extract_fields for plain text (one card, one text line per line)."""
    return extract_fields(words_from_text(text), region=region)


def words_from_text(text: str, conf: float = 0.9) -> list[WordBox]:
    """Synthetic word boxes laid out like printed text: equal height, reading order kept."""
    out: list[WordBox] = []
    line_no = 0
    top = 10
    for raw in text.splitlines():
        if not raw.strip():
            top += 20
            continue
        left = 10
        for m in re.finditer(r"\S+", raw):
            left_px = 10 + m.start() * 12
            out.append(WordBox(m.group(0), left_px, top, len(m.group(0)) * 12, 24, conf, line_no))
            left = left_px
        del left
        line_no += 1
        top += 40
    return out


def infer_region(text: str, emails: list[str], websites: list[str]) -> str | None:
    """Phone region printed on the card: "+CC" prefixes, then a country name, then a ccTLD."""
    regions = phones.country_regions(text)
    if regions:
        return Counter(regions).most_common(1)[0][0]
    country = _country_in(text)
    if country:
        return country
    for address in list(emails) + list(websites):
        host = address.split("@")[-1]
        host = re.sub(r"^[a-z]+://", "", host).split("/")[0]
        region = tld_region(host.rsplit(".", 1)[-1])
        if region:
            return region
    return None


def _take_emails_websites_social(lines: list[_Line], reading: CardReading, region: str | None) -> None:
    seen: set[str] = set()
    card_words = {t.lower().strip(".,:;") for line in lines for t in line.tokens}
    # a family name with its particle, as a mail writes it in one word: "de Vries" -> "devries"
    card_words |= {(a + b).lower() for line in lines for a, b in zip(line.tokens, line.tokens[1:], strict=False)
                   if a.lower() in NAME_PARTICLES and b[:1].isupper() and b.isalpha()}
    card_labels = _labels_of(card_words)
    for line in lines:
        text = contacts.restore_at_signs(line.masked_text(), card_labels)
        _take_emails_in(line, text, card_words, reading, seen, region)
    _take_emails_across_lines(lines, reading, seen, region)
    if not reading.emails:
        _take_emails_with_small_at_signs(lines, card_words, reading, seen, region)
    _emails_at_website_hosts(lines, reading, seen, region)
    for line in lines:
        for hit in contacts.find_social_handles(line.masked_text()):
            conf = line.conf_of(hit.start, hit.end)
            idx = line.take(hit.start, hit.end)
            if hit.value.lower() not in seen:
                seen.add(hit.value.lower())
                reading.social.append(Field(hit.value, round(conf * hit.quality, 3), idx))
        for hit in contacts.find_websites(line.masked_text(), region):
            conf = line.conf_of(hit.start, hit.end)
            idx = line.take(hit.start, hit.end)
            key = re.sub(r"^[a-z]+://", "", hit.value.lower()).removeprefix("www.").rstrip("/")
            if key in seen or contacts.is_link_service(hit.value):
                continue  # a short link or QR-code service is not the company's site
            seen.add(key)
            target = reading.social if contacts.social_platform(hit.value) else reading.websites
            target.append(Field(hit.value, round(conf * hit.quality, 3), idx))
    _websites_from_email_domains(lines, reading, seen)
    _take_websites_across_lines(lines, reading, seen)


def _labels_of(words) -> set[str]:
    return {gazetteers.fold(p) for w in words for p in re.split(r"[^\w]+|_", w) if len(p) >= 3}


def _take_emails_in(line: _Line, text: str, card_words: set[str], reading: CardReading, seen: set[str],
                    region: str | None) -> None:
    hits = contacts.find_emails(text, region)
    spaced = contacts.find_spaced_emails(text, card_words, region)
    if spaced and (not hits or _longer_spelling(spaced[0].value, hits[0].value)):
        hits = spaced  # OCR put spaces into the address and the plain finder cut it short
    for hit in hits:
        conf = line.conf_of(hit.start, hit.end)
        idx = line.take(hit.start, hit.end)
        key = hit.value.lower()
        if key not in seen:
            seen.add(key)
            reading.emails.append(Field(hit.value, round(conf * hit.quality, 3), idx))


def _take_emails_with_small_at_signs(lines: list[_Line], card_words: set[str], reading: CardReading,
                                     seen: set[str], region: str | None) -> None:
    """On a card with no address found, an "@" read as a small "g" or "f" ("ana.souzagrioton.com.br"):
    the host after it is named on another line."""
    for line in lines:
        text = line.masked_text()
        others = [other for other in lines if other is not line]
        other_words = {t.lower().strip(".,:;") for other in others for t in other.tokens}
        other_text = "".join(t.lower() for other in others for t in other.tokens)
        restored = contacts.restore_small_at_sign(text, _labels_of(other_words), other_text)
        if restored != text:
            _take_emails_in(line, restored, card_words, reading, seen, region)


_LEFT_AT_RE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._%+'-]*)\s?@")
_MAIL_LABEL_RE = re.compile(r"(?i)(?:^|\s)(?:e-?mail|mail|correo|courriel|e)\s?:|\be-?mail\b")
_MAIL_WORDS = {"email", "e-mail", "mail", "correo", "courriel", "web", "url", "site"}


def _website_hosts(line: _Line, region: str | None) -> list[str]:
    out = []
    for hit in contacts.find_websites(line.masked_text(), region):
        if contacts.is_link_service(hit.value) or contacts.social_platform(hit.value):
            continue
        out.append(re.sub(r"^[a-z]+://", "", hit.value.lower()).split("/")[0].removeprefix("www."))
    return out


def _host_spelled_at(text: str, start: int, host: str) -> int | None:
    """End of the text from ``start`` that spells ``host`` ignoring spaces, dots and stray marks, with
    one letter misread (in a long host) or the last letter lost at the end of the line; None if it doesn't."""
    want, got, end = host.replace(".", ""), "", start
    for i in range(start, len(text)):
        if len(got) == len(want) or text[i:i + 2] == "  ":
            break
        if text[i].isalnum():
            got += text[i].lower()
            end = i + 1
    if end < len(text) and text[end].isalnum():
        return None  # the text goes on: another host ("ana@acme.community")
    if len(got) == len(want):
        slips = sum(a != b for a, b in zip(got, want, strict=True))
        return end if slips == 0 or (slips == 1 and len(want) >= 6) else None
    lost_last = len(got) == len(want) - 1 and want.startswith(got) and not text[end:].strip()
    return end if lost_last and len(got) >= 3 else None


def _emails_at_website_hosts(lines: list[_Line], reading: CardReading, seen: set[str], region: str | None) -> None:
    """An address the finders missed whose host is a website the card prints: after an "@", the host
    with a dot lost, a space put in, one letter misread or the last one cut off ("ana@acmecom" / "ana@ac
    me.com" / "ana@acme.co" beside "www.acme.com"); on a card with no address found, also with its "@"
    lost ("anaacme.com") or read as a space after an e-mail label ("E-mail: ana acme.com"), where the
    host must be printed on another line."""
    sites = [(i, h) for i, line in enumerate(lines) for h in _website_hosts(line, region)]
    if not sites:
        return
    no_address = not reading.emails
    for i, line in enumerate(lines):
        text = contacts.normalise_at_signs(line.masked_text())
        hit = _address_left_at(text, [h for _, h in sites])
        if hit is None and no_address:
            hit = _address_without_at(text, [h for j, h in sites if j != i])
        if hit is None:
            continue
        start, end, local, host = hit
        local = local.strip(".'-")
        value = f"{local}@{host}"
        if len(local) < 2 or value.lower() in seen:
            continue
        seen.add(value.lower())
        conf = line.conf_of(start, end) * 0.8
        reading.emails.append(Field(value, round(conf, 3), line.take(start, end)))


def _address_left_at(text: str, hosts: list[str]) -> tuple[int, int, str, str] | None:
    for m in _LEFT_AT_RE.finditer(text):
        for host in hosts:
            end = _host_spelled_at(text, m.end(), host)
            if end is not None:
                return m.start(1), end, m.group(1), host
    return None


def _address_without_at(text: str, hosts: list[str]) -> tuple[int, int, str, str] | None:
    for host in hosts:
        spelled = re.escape(host).replace(r"\.", r"\s?\.\s?")
        pattern = rf"(?<![\w.@/:-])([A-Za-z0-9][A-Za-z0-9._%+'-]*[A-Za-z0-9_])( ?)(?:{spelled})(?![\w-])"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            local, gap = m.group(1), m.group(2)
            if re.match(r"(?i)(?:www\d?|https?)\b", local) or local.lower() in _MAIL_WORDS:
                continue
            if gap and not _MAIL_LABEL_RE.search(text[:m.start()]):
                continue  # a word before a website, not an address whose "@" became a space
            return m.start(1), m.end(), local, host
    return None


_SITE_HEAD_RE = re.compile(r"(?i)((?:https?://)?www\.[a-z0-9-]+(?:\.[a-z0-9-]+)*\.|https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*\.)\s*$")
_SITE_TAIL_RE = re.compile(r"(?i)^\s*([a-z]{2,6}(?:\.[a-z]{2,3})?(?:/[\w\-./]*)?)(?=\s|$)")


def _take_websites_across_lines(lines: list[_Line], reading: CardReading, seen: set[str]) -> None:
    """A website broken by a line end after a dot ("www.pinoton." / "fr"): the halves make an address."""
    for line, nxt in zip(lines, lines[1:], strict=False):
        head = _SITE_HEAD_RE.search(line.masked_text())
        tail = _SITE_TAIL_RE.match(nxt.masked_text())
        if not head or not tail:
            continue
        hits = contacts.find_websites(head.group(1) + tail.group(1), reading.region)
        if len(hits) != 1:
            continue
        key = re.sub(r"^[a-z]+://", "", hits[0].value.lower()).removeprefix("www.").rstrip("/")
        if key in seen or not is_known_tld(key.split("/")[0].rsplit(".", 1)[-1]):
            continue
        conf = min(line.conf_of(head.start(1), head.end(1)), nxt.conf_of(tail.start(1), tail.end(1)))
        idx = line.take(head.start(1), head.end(1)) + nxt.take(tail.start(1), tail.end(1))
        seen.add(key)
        reading.websites.append(Field(hits[0].value, round(conf * 0.8, 3), idx))


_EMAIL_HEAD_RE = re.compile(r"([A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*[.-]?)\s*$")
_EMAIL_TAIL_RE = re.compile(r"^\s*([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?=\s|$)")


def _take_emails_across_lines(lines: list[_Line], reading: CardReading, seen: set[str], region: str | None) -> None:
    """A long address broken by a line end ("ravi.menon@dunecargo." / "com"): the halves make an address with a
    real ending, the first half alone has none."""
    for line, nxt in zip(lines, lines[1:], strict=False):
        head = _EMAIL_HEAD_RE.search(contacts.normalise_at_signs(line.masked_text()))
        tail = _EMAIL_TAIL_RE.match(nxt.masked_text())
        if not head or not tail or contacts.find_emails(head.group(1), region):
            continue
        if re.match(r"(?i)www\b|https?\b", tail.group(1)):
            continue  # the next line is the website, not the rest of the address
        glue = "" if head.group(1).endswith((".", "-")) or tail.group(1).startswith((".", "-")) else "."
        hits = contacts.find_emails(head.group(1) + glue + tail.group(1), region)
        if len(hits) != 1 or hits[0].value.lower() in seen:
            continue
        conf = min(line.conf_of(head.start(1), head.end(1)), nxt.conf_of(tail.start(1), tail.end(1)))
        idx = line.take(head.start(1), head.end(1)) + nxt.take(tail.start(1), tail.end(1))
        seen.add(hits[0].value.lower())
        reading.emails.append(Field(hits[0].value, round(conf * 0.8, 3), idx))


def _starts_with_a_name_word(local: str, words: list[str]) -> bool:
    return any(local.lower().startswith(w[:3]) for w in words)


def _drop_icon_letter(reading: CardReading, name_words: list[str]) -> None:
    """An e-mail icon read as a capital glued to the address ("Qjane.roe@...", "Ojroe@..."): drop the
    letter when the rest spells the card's name and the whole does not. A capital "I" before the family
    name is the given name's initial "l" ("Iroe@" on Lena Roe's card), not an icon."""
    initials = {gazetteers.fold(_token_core(w))[:1] for w in name_words if _token_core(w)}
    for e in reading.emails:
        local, _, domain = e.value.partition("@")
        if not re.fullmatch(r"[A-Z][a-z0-9._%+'-]{2,}", local):
            continue
        if local[0] == "I" and "l" in initials and "i" not in initials:
            e.value = f"l{local[1:]}@{domain}"
            continue
        words = [gazetteers.fold(_token_core(w)) for w in name_words if len(_token_core(w)) >= 3]
        if local[0].lower() in {w[:1] for w in words}:
            continue  # an initial before the family name: "JRoe@"
        if _starts_with_a_name_word(local[1:], words) and not _starts_with_a_name_word(local, words):
            e.value = f"{local[1:]}@{domain}"


_AT_READ_AS = "ae"  # what "@" is read as at low resolution, between a name and the domain


def _addresses_read_as_sites(reading: CardReading, name_words: list[str]) -> None:
    """An e-mail address whose "@" OCR read as a small letter, taken for a bare website: "roeaquenwal.in"
    on Jane Roe's card is roe@quenwal.in, and "jane roeaquenwal.in" jane.roe@quenwal.in (the dot lost
    too, a space left). Only a site with no "www." or scheme whose name starts with a name word."""
    words = [gazetteers.fold(_token_core(w)) for w in name_words if len(_token_core(w)) >= 3]
    kept: list[Field] = []
    for site in reading.websites:
        label, _, tld = site.value.partition(".")
        cut = next((len(w) for w in words if label.lower().startswith(w) and len(label) >= len(w) + 4
                    and label[len(w)] in _AT_READ_AS), 0)
        # ...or whose name ends in the card's own domain after the letter the "@" became: "salesaroeco.in"
        # beside jane@roeco.in is sales@roeco.in, whoever's address it is
        own = 0 if cut else next((len(label) - len(h) - 1 for h in _other_host_labels(reading, site)
                                  if len(h) >= 3 and label.lower().endswith(h) and len(label) >= len(h) + 4
                                  and label[-len(h) - 1] in _AT_READ_AS), 0)
        if not (cut or own) or re.match(r"(?i)https?:|www\.", site.value) or "/" in site.value or not site.words:
            kept.append(site)
            continue
        cut = cut or own
        local, at_words, domain = label[:cut], list(site.words), label[cut + 1:]
        first = min(site.words)
        before = reading.words[first - 1] if first > 0 else None
        if before is not None and before.line == reading.words[first].line \
                and gazetteers.fold(_token_core(before.text)) in words:
            local, at_words = f"{_token_core(before.text).lower()}.{local}", [first - 1, *at_words]
        elif not _spelled_elsewhere(domain, reading, site):
            kept.append(site)  # "roeassociates.com": the firm a Roe founded, unless its rest is the card's domain
            continue
        address = f"{local}@{domain}.{tld}"
        if all(e.value.lower() != address.lower() for e in reading.emails):
            reading.emails.append(Field(address, round(site.confidence * 0.8, 3), at_words))
    reading.websites = kept


def _spelled_elsewhere(label: str, reading: CardReading, site: Field) -> bool:
    """Whether another address or site of the card, or its company, has ``label`` for its name."""
    named = label.lower() in _other_host_labels(reading, site)
    return named or bool(reading.company and label.lower() in _company_variants(reading.company.value))


def _other_host_labels(reading: CardReading, site: Field) -> list[str]:
    """The names (registrable labels) of the card's other addresses' and sites' hosts."""
    hosts = [e.value.partition("@")[2] for e in reading.emails] + [w.value for w in reading.websites if w is not site]
    return [contacts.registrable_label(re.sub(r"^[a-z]+://", "", h.lower()).split("/")[0]) for h in hosts]


def _name_slips_in_local_parts(reading: CardReading) -> None:
    """A word of the name misread by one letter in the smaller type of the address ("mthomton@" on
    M. Thornton's card: "rn" read as "m"; "whitfeld" for Whitfield): the name's spelling, when the
    name was read surer than the address."""
    name = reading.name
    if name is None or not name.words or not reading.words:
        return
    name_conf = min(reading.words[i].conf for i in name.words if i < len(reading.words))
    words = {gazetteers.fold(_token_core(w)) for w in name.value.split()}
    words = {w for w in words if len(w) >= 5 and w.isalpha() and w.isascii()}
    for e in reading.emails:
        local, _, domain = e.value.partition("@")
        confs = [reading.words[i].conf for i in e.words if i < len(reading.words)]
        if not confs or min(confs) >= name_conf or any(w in local.lower() for w in words):
            continue
        for w in words:
            fixed = _one_slip_from(local, w)
            if fixed is not None:
                e.value = f"{fixed}@{domain}"
                break


def _one_slip_from(local: str, word: str) -> str | None:
    """``local`` with the run that is one letter away from ``word`` spelled as ``word`` (or None)."""
    low = local.lower()
    for size in (len(word) - 1, len(word), len(word) + 1):
        for start in range(len(low) - size + 1):
            run, end = low[start:start + size], start + size
            slip = Levenshtein.distance(run, word) == 1 or run.replace("rn", "m") == word.replace("rn", "m")
            edge = end == len(low) or not low[end].isalpha()  # (the run ends the local part or a word of it)
            if run.isalpha() and slip and run[0] == word[0] and edge:
                return local[:start] + word + local[end:]
    return None


_DIGIT_FOR = {"S": "5", "O": "0", "I": "1", "B": "8", "Z": "2", "l": "1", "i": "1"}


def _digits_in_local_parts(reading: CardReading, name_words: list[str]) -> None:
    """Digits OCR read as letters in an address's local part: a capital among small letters right beside a
    digit ("wagnerS6" -> "wagner56"), or "i"/"l" before the final digits right after the card's name
    ("silvai4" -> "silva14")."""
    words = [gazetteers.fold(_token_core(w)) for w in name_words if len(_token_core(w)) >= 3]
    for e in reading.emails:
        local, _, domain = e.value.partition("@")
        if not re.search(r"\d", local):
            continue
        fixed = re.sub(r"(?<=[a-z0-9])[SOIBZ](?=\d)|(?<=\d)[SOIBZ](?=\d|$)",
                       lambda m: _DIGIT_FOR[m.group(0)], local) if not re.search(r"[A-Z]{2}", local) else local
        m = re.search(r"[il](\d+)$", fixed)
        if m and any(fixed[:m.start()].lower().endswith(w) for w in words):
            fixed = fixed[:m.start()] + "1" + m.group(1)
        if fixed != local:
            e.value = f"{fixed}@{domain}"


def _longer_spelling(candidate: str, found: str) -> bool:
    """The spaced reading extends the plain one ("charlotte@x" against "lotte@x")."""
    c_local, _, c_domain = candidate.partition("@")
    f_local, _, f_domain = found.partition("@")
    return (c_local.endswith(f_local) and c_domain.endswith(f_domain)
            and len(candidate) > len(found))


# "http://", or "https:" whose slashes OCR read as a letter or lost ("https: Hacme.de"), or "www."
_URL_LIKE_RE = re.compile(r"(?i)(?:https?\s*:\s*(?:/\s*/\s*|[/\\|]?\s*)|www\s*\.\s*)[\w.\-\s]{3,60}")


def _websites_from_email_domains(lines: list[_Line], reading: CardReading, seen: set[str]) -> None:
    """A printed URL the finder rejected ("http://www.acme.neip": a dot lost, so no valid
    ending) is the e-mail's domain when it spells the same letters but for one slip."""
    domains = {e.value.split("@", 1)[1].lower() for e in reading.emails}
    if not domains:
        return
    for line in lines:
        text = line.masked_text()
        for m in _URL_LIKE_RE.finditer(text):
            raw = re.sub(r"\s+", "", m.group(0)).lower()
            host = re.sub(r"^https?:/*", "", raw).removeprefix("www.").split("/")[0].strip(".")
            squashed = host.replace(".", "")
            for domain in sorted(domains):
                flat = domain.replace(".", "")
                if domain in seen or abs(len(flat) - len(squashed)) > 1:
                    continue
                if fuzz.ratio(flat, squashed) >= 85:
                    printed_www = "www." in raw
                    scheme = "https://" if raw.startswith("https") else "http://" if raw.startswith("http") else ""
                    value = scheme + ("www." if printed_www else "") + domain
                    conf = line.conf_of(m.start(), m.end()) * 0.8
                    reading.websites.append(Field(value, round(conf, 3), line.take(m.start(), m.end())))
                    seen.add(domain)
                    break


def _take_phones(lines: list[_Line], reading: CardReading) -> None:
    seen: set[str] = set()
    inherited: str | None = None
    for line in lines:
        text = line.masked_text()
        hits = phones.find_phones(text, reading.region, inherited_kind=inherited)
        inherited = phones.label_kind(text) if phones.is_label_only(text) else None
        for hit in hits:
            conf = line.conf_of(hit.start, hit.end)
            idx = line.take(hit.start, hit.end)
            key = hit.e164 or phones.digits_of(hit.number).lstrip("0")
            if key in seen:
                continue
            seen.add(key)
            quality = (0.95 if hit.labelled else 0.85) if hit.valid else (0.65 if hit.labelled else 0.45)
            reading.phones.append(Phone(hit.number, hit.e164, hit.kind, round(conf * quality, 3), idx,
                                        extension=hit.extension))
        if hits:
            # mask the labels too, so "TEL" / "FAX" do not linger as text
            text = line.masked_text()
            letters = [(m.start(), m.end()) for m in re.finditer(r"(?i)(?<![A-Za-z])[mtfp][.:：]?(?![A-Za-z])", text)]
            for start, end in phones.label_spans(text) + letters:
                if any(h.start - 14 <= start <= h.start for h in hits):
                    line.take(start, end)
    _take_phones_across_lines(lines, reading, seen)


_RUN_AT_END_RE = re.compile(r"(\+\s?\d[\d\s\-.()]*\d)\s*$")
_RUN_AT_START_RE = re.compile(r"^\s*(\d[\d\s\-.]*\d)(?=\s*$|\s+\D)")


def _take_phones_across_lines(lines: list[_Line], reading: CardReading, seen: set[str]) -> None:
    """A number broken by a line end ("+966 50 555" / "0123"): the two halves make one valid number,
    neither half is one."""
    for line, nxt in zip(lines, lines[1:], strict=False):
        head = _RUN_AT_END_RE.search(line.masked_text())
        tail = _RUN_AT_START_RE.match(nxt.masked_text())
        if not head or not tail or len(phones.digits_of(head.group(1))) < 5:
            continue
        if phones.parse(head.group(1), None)[1]:
            continue
        joined = f"{head.group(1).strip()} {tail.group(1).strip()}"
        e164, valid, ntype = phones.parse(joined, None)
        if not valid or len(phones.digits_of(joined)) > 15 or e164 in seen:
            continue
        kind = phones.label_kind(line.masked_text()[:head.start(1)])
        if kind is None:
            kind = "mobile" if ntype == phonenumbers.PhoneNumberType.MOBILE else "work"
        conf = min(line.conf_of(head.start(1), head.end(1)), nxt.conf_of(tail.start(1), tail.end(1)))
        idx = line.take(head.start(1), head.end(1)) + nxt.take(tail.start(1), tail.end(1))
        seen.add(e164)
        reading.phones.append(Phone(joined, e164, kind, round(conf * 0.8, 3), idx))


def _is_usable(j: _Judged) -> bool:
    # Tesseract gives 0 to some words it read right; clean-looking text may pass on less, and a known first
    # name alone on its line ("Sophia" over "Carter", read at 0) on none
    return j.plausible >= 0.6 and (j.conf >= 0.3 or (j.plausible >= 0.85 and j.conf >= 0.15)
                                   or j.plausible >= 0.95 and _lone_first_name(j.tokens))


def _lone_first_name(tokens: list[str]) -> bool:
    core = _token_core(tokens[0]) if len(tokens) == 1 else ""
    return len(core) >= 4 and core[:1].isupper() and gazetteers.fold(core) in gazetteers.first_names()


def _judge_lines(lines: list[_Line]) -> list[_Judged]:
    judged: list[_Judged] = []
    for line in lines:
        words, tokens, confs = _remainder(line)
        parts = [(words, tokens, confs)]
        cut = _heading_at_end(tokens) if len(words) == len(tokens) else 0
        if cut:  # "Công ty TNHH Oaklink Thương Mại" with the next column's "Trụ sở chính:" read onto its row
            parts = [(words[:cut], tokens[:cut], confs[:cut]), (words[cut:], tokens[cut:], confs[cut:])]
        for k, (w, t, c) in enumerate(parts):
            for part in _split_name_and_title(w, t, c) if k == 0 else [(w, t, c)]:
                j = _judge_part(line, *part)
                if j is not None:
                    judged.append(j)
    return judged


_SEPARATORS = {"|", "·", "•", "-", "–", "—", "/", ","}


def _heading_at_end(tokens: list[str]) -> int:
    """Where an office heading ending in a colon starts at the end of a longer line ("... Trụ sở chính:",
    "... Head Office:"), the print of another column beside it; 0 when there is none."""
    if len(tokens) < 3 or not tokens[-1].endswith(":"):
        return 0
    for k in range(max(1, len(tokens) - 3), len(tokens)):
        if _NAMED_HEADING_RE.search(" ".join(tokens[k:])) and len(tokens[:k]) >= 2:
            return k
    return 0


def _split_name_and_title(words: list[int], tokens: list[str], confs: list[float]) -> list[tuple]:
    """ "Jane Roe, CEO" / "Jane Roe | Director" -> the name part and the title part."""
    for k in range(1, min(len(tokens), 6)):
        if tokens[k] in _SEPARATORS:
            left, right = k, k + 1
        elif tokens[k - 1].endswith(",") and len(tokens[k - 1]) > 1:
            left, right = k, k
        else:
            continue
        head, tail = tokens[:left], tokens[right:]
        if tail and _name_words(head) and _title_score(_words_lower(tail)) > 0:
            return [(words[:left], head, confs[:left]), (words[right:], tail, confs[right:])]
    return [(words, tokens, confs)]


def _rejoin_title_words(tokens: list[str], confs: list[float]) -> tuple[list[str], list[float]]:
    """A job word OCR broke with a space ("Di rector", "Mana ger"): joined again when the halves make a
    title word and the second half is none (or the first is a joiner that can't start a title)."""
    nouns = TITLE_NOUNS | gazetteers.TITLE_WORDS
    toks, cfs = list(tokens), list(confs)
    k = 0
    while k + 1 < len(toks):
        a, b = _token_core(toks[k]), _token_core(toks[k + 1])
        joined = gazetteers.fold(a + b)
        fa, fb = gazetteers.fold(a), gazetteers.fold(b)
        if (a.isalpha() and b.isalpha() and joined in nouns and len(joined) >= 6 and fa not in nouns
                and (fb not in nouns or (k == 0 and fa in _TITLE_JOINERS))):
            toks[k:k + 2] = [toks[k] + toks[k + 1]]
            cfs[k:k + 2] = [(cfs[k] + cfs[k + 1]) / 2]
        k += 1
    return toks, cfs


def _trade_line(tokens: list[str], text: str) -> bool:
    """What a shop trades in: a line led by "Dealers in", "Specialists in"..., or a list of three or more
    goods ("Granite, LED Panels, Office Chairs"), no firm's legal form, place or job among them."""
    if _TRADE_HEAD_RE.match(text):
        return True
    items = [item.split() for item in text.split(",")]
    return (len(items) >= 3 and all(1 <= len(item) <= 4 for item in items) and any(len(item) >= 2 for item in items)
            and not re.search(r"\d", text) and not gazetteers.legal_form_in(text) and not _country_in(text)
            and line_roles.title_words(tokens)[0] == 0)


def _judge_part(line: _Line, words: list[int], tokens: list[str], confs: list[float]) -> _Judged | None:
    if not tokens:
        return None
    tokens, confs = _rejoin_title_words(tokens, confs)
    text = _clean_line_text(tokens)
    if not text or not re.search(r"[A-Za-z\u3040-\u9fff]", text):
        return None
    j = _Judged(line, words, tokens, text, sum(confs) / len(confs), plausibility(tokens))
    if not _is_usable(j):
        return j  # kept for the record, scores stay zero
    if _FOUNDED_RE.match(text) or _ADDRESS_HEADING_RE.search(" ".join(tokens)) or _trade_line(tokens, text):
        # "Since 1979 (L.L.C)", "Turin Branch Office:", "Dealers in: Office Chairs": a founding line, an address
        # heading or what a shop sells, whatever organisation words it holds
        j.address = _address_score(tokens, text)
        j.aside = True
        return j
    wl = _words_lower(tokens)
    if not _has_proper_word(strip_legal_suffixes(text)):
        pass  # "4 co.,ltd.", "ater kK", "A CO., ltd.": a suffix with no name in front of it
    elif STRONG_COMPANY_SUFFIX_RE.search(text):
        j.company = 0.9
    elif WEAK_COMPANY_SUFFIX_RE.search(text) and len(wl) >= 2 or FAMILY_FIRM_RE.search(text):
        j.company = 0.7
    elif len(wl) >= 2 and gazetteers.legal_form_in(text):
        j.company = 0.7  # a legal form of another country (cleanco's list): "Ltda.", "S.L.", "Oy", "TNHH"
    elif len(wl) <= 6 and any(" ".join(wl[i:i + 2]) in ORG_PHRASES_VI for i in range(len(wl) - 1)):
        j.company = 0.7
    elif any(is_org_word(w) for w in wl) and len(wl) <= 6 and not {"your", "our", "we"} & set(wl):
        j.company = 0.35
    j.title = _title_score(wl)
    j.department, j.department_explicit = _department_score(wl, text)
    j.address = _address_score(tokens, text)
    if j.address >= 0.5:
        j.title = min(j.title, 0.2)
    if not line.had_contact or len(tokens) >= 2:
        j.name = 1.0 if _name_words(tokens) else 0.0
    return j


def _has_proper_word(text: str) -> bool:
    """True if some word is capitalised or written in CJK ("Acme", "ACME", "株式会社")."""
    return any(re.match(r"^[A-Z0-9][A-Za-z0-9]*[A-Za-z]", _ascii_fold(_token_core(t))) or _CJK_RE.search(t)
               for t in text.split() if len(_token_core(t)) >= 2)


def _domains(reading: CardReading) -> list[str]:
    out = [e.value.split("@", 1)[1] for e in reading.emails]
    for w in reading.websites:
        out.append(re.sub(r"^[a-z]+://", "", w.value.lower()).split("/")[0].removeprefix("www."))
    return out


def _owner_labels(reading: CardReading) -> list[str]:
    labels = []
    for d in _domains(reading):
        label = contacts.registrable_label(d)
        if gazetteers.is_free_mail(d) or label in FREE_MAIL_DOMAINS:
            continue
        if label not in labels:
            labels.append(label)
    return labels


LEANING_COMPANY = 0.3  # the model's company probability of a line taken when nothing surer names the firm
_OFFICE_MAILBOXES = {"info", "sales", "contact", "contacto", "contato", "office", "admin", "ventas", "vendas",
                     "kontakt", "vendite", "enquiries", "enquiry", "support", "hello", "mail", "service", "booking"}


def _free_mail_owners(reading: CardReading) -> list[str]:
    """Local parts of free-mail addresses that may be a business's own name: "mayfairtiles" of
    mayfairtiles.london@gmail.com (its first piece, and the whole without digits), not "info"."""
    out: list[str] = []
    for e in reading.emails:
        local, _, domain = e.value.lower().partition("@")
        if not (gazetteers.is_free_mail(domain) or contacts.registrable_label(domain) in FREE_MAIL_DOMAINS):
            continue
        pieces = [p for p in re.split(r"[._+\-]+|\d+", local) if p]
        for cand in (pieces[:1], pieces):
            label = "".join(cand)
            if len(label) >= 5 and cand[0] not in _OFFICE_MAILBOXES and label not in out:
                out.append(label)
    return out


def _repair_domains(reading: CardReading, judged: list[_Judged]) -> None:
    """Make e-mail domains, websites and the company agree where OCR slipped on one of them."""
    items: list[tuple[Field, str]] = [(e, e.value.split("@", 1)[1]) for e in reading.emails]
    for w in reading.websites:
        items.append((w, re.sub(r"^[a-z]+://", "", w.value.lower()).split("/")[0].removeprefix("www.")))
    hosts = [h for _, h in items]
    counts = Counter(hosts)
    region = (reading.region or "").lower()

    def rank(host: str, conf: float) -> tuple:
        tld = host.rsplit(".", 1)[-1]
        mixed = bool(re.search(r"[a-z][0-9]|[0-9][a-z]", host))
        return (counts[host], tld == region or (region == "gb" and tld == "uk"), not mixed, conf)

    for i, (fa, ha) in enumerate(items):
        for fb, hb in items[i + 1:]:
            if ha == hb:
                continue
            if hb.startswith(ha + ".") or ha.startswith(hb + "."):
                # one was cut short at a dot: "acme.ne" for "acme.ne.jp"
                good, bad, bad_field = (ha, hb, fb) if len(ha) > len(hb) else (hb, ha, fa)
            elif fuzz.ratio(ha, hb) < 80 or abs(len(ha) - len(hb)) > 2 or _other_country_domain(ha, hb):
                continue
            elif rank(ha, fa.confidence) >= rank(hb, fb.confidence):
                good, bad, bad_field = ha, hb, fb
            else:
                good, bad, bad_field = hb, ha, fa
            bad_field.value = bad_field.value.replace(bad, good, 1)
            fa.confidence = fb.confidence = min(1.0, max(fa.confidence, fb.confidence) + 0.05)

    # the domain's owner label against the company's name: "kve" vs "KvC" (c read as e)
    company_tokens = {
        _token_core(t).lower(): t for j in judged if j.company >= 0.7 for t in j.tokens if len(_token_core(t)) >= 2
    }
    for f in reading.emails + reading.websites:
        host = f.value.split("@", 1)[1] if "@" in f.value else f.value
        label = contacts.registrable_label(re.sub(r"^[a-z]+://", "", host).split("/")[0])
        for tok in company_tokens:
            if _one_confusable_slip(label, tok) and not re.search(r"\d", tok):
                f.value = re.sub(rf"(?<![a-z0-9]){re.escape(label)}(?=\.)", tok, f.value, count=1)
                break


def _other_country_domain(a: str, b: str) -> bool:
    """ "acme.com" and "acme.es": one firm's two real domains, not an OCR slip ("acme.co" or "acme.cam"
    for "acme.com" is one)."""
    tld_a, tld_b = a.rpartition(".")[2], b.rpartition(".")[2]
    if contacts.registrable_label(a) != contacts.registrable_label(b) or tld_a == tld_b:
        return False
    if tld_a.startswith(tld_b) or tld_b.startswith(tld_a):
        return False
    if len(tld_a) == len(tld_b) and sum(x != y for x, y in zip(tld_a, tld_b, strict=True)) == 1:
        return False  # one letter slipped: ".jo" for ".jp"
    return is_known_tld(tld_a) and is_known_tld(tld_b)


def card_context(usable: list[_Judged], reading: CardReading) -> line_roles.CardContext:
    boxes = [j.box for j in usable] or [(0, 0, 1, 1)]
    return line_roles.CardContext(
        median_height=_median_height(usable), max_height=max((j.line.height for j in usable), default=0.0),
        lines=max((j.line.order for j in usable), default=0) + 1,
        top=min(b[1] for b in boxes), bottom=max(b[3] for b in boxes),
        left=min(b[0] for b in boxes), right=max(b[2] for b in boxes),
        emails=[e.value for e in reading.emails], owners=_owner_labels(reading),
        free_mail=any(gazetteers.is_free_mail(e.value.split("@", 1)[1]) for e in reading.emails))


def line_evidence(judged: list[_Judged], reading: CardReading) -> tuple[list[_Judged], list[list[float]]]:
    """The usable lines of a card and their line_roles features (also what the trainer sees)."""
    usable = [j for j in judged if _is_usable(j)]
    ctx = card_context(usable, reading)
    rows = []
    for k, j in enumerate(usable):
        prev = usable[k - 1] if k > 0 else None
        nxt = usable[k + 1] if k + 1 < len(usable) else None
        name_words = _name_words(_strip_degree(j.tokens)) or [_token_core(t) for t in j.tokens]
        match = name_email_match(name_words, ctx.emails)
        dom = max((domain_company_match(o, j.text) for o in ctx.owners), default=0.0)
        rows.append(line_roles.features(j, prev, nxt, ctx, match, dom))
    return usable, rows


_DEGREES = {p.replace(".", "") for p in POSTNOMINALS}


def _undoubled_initial(name: Field) -> Field:
    """ "Sschreiber" -> "Schreiber", "GGRECO" -> "GRECO": at low resolution OCR reads a name's first capital
    twice. Only consonants no name begins with twice (not "Ll", "Ff", nor vowels: "Aalto", "Eekhout")."""
    def fix(tok: str) -> str:
        core = tok.lstrip("(")
        if (len(core) >= 4 and core[0] in "BCDGHJKMNPQRSTVWXYZ" and core[1].upper() == core[0]
                and (core[1:].islower() or core.isupper())):
            return tok.replace(core, core[1:].capitalize() if core[1:].islower() else core[1:], 1)
        return tok

    value = " ".join(fix(t) for t in name.value.split())
    return name if value == name.value else Field(value, name.confidence, name.words, name.source)


def _without_degree(name: Field) -> Field:
    """The name without a degree printed after it, whichever way it was found (one line, two lines, the
    e-mail's spelling): "Ana Lima, B.Tech" -> "Ana Lima"."""
    tokens = name.value.split()
    kept = _strip_degree(tokens)
    if kept == tokens:
        return name
    words = name.words[:len(name.words) - (len(tokens) - len(kept))] if len(name.words) == len(tokens) else name.words
    return Field(" ".join(kept), name.confidence, words, name.source)


def _strip_degree(tokens: list[str]) -> list[str]:
    """ "Jane Roe, MBA" -> "Jane Roe": degrees printed after a name are not part of it."""
    toks = list(tokens)

    def degree(tok: str) -> bool:
        tok = re.sub(r"(?<=[A-Za-z])[:;,](?=[A-Za-z])", ".", tok)  # a dot OCR read as a colon: "B.S:B.A."
        return _ascii_fold(tok).lower().strip(",.").replace(".", "") in _DEGREES \
            or bool(re.fullmatch(r"(?:[A-Z]\.){2,5}|[A-Z][a-z]?\.?-?[A-Z][a-z]*\.?", tok))

    if len(toks) > 3 and toks[-1].startswith("-") and toks[-2].endswith("."):
        toks[-2:] = [toks[-2] + toks[-1]]  # "Dipl. -Ing.": a space OCR put before the hyphen
    while len(toks) > 2 and (degree(toks[-1]) and (toks[-2].endswith(",") or
                                                   _ascii_fold(toks[-1]).lower().strip(",.").replace(".", "")
                                                   in _DEGREES)):
        toks.pop()
    if toks and toks[-1].endswith(","):
        toks[-1] = toks[-1].rstrip(",")
    return toks


def _choose_text_fields(judged: list[_Judged], reading: CardReading) -> None:
    emails = [e.value for e in reading.emails]
    owners = _owner_labels(reading)
    usable, rows = line_evidence(judged, reading)
    vietnamese = _vietnamese_card(reading, usable)
    probs = line_roles.probabilities(rows)
    limits = line_roles.thresholds()

    # one line per role, one role per line: the surest (line, role) pairs first
    picked: dict[str, tuple[_Judged, float]] = {}
    used: set[int] = set()
    pairs = sorted(((probs[k, r], k, role) for k in range(len(usable))
                    for r, role in enumerate(line_roles.ROLES) if role != "other"), reverse=True)
    for p, k, role in pairs:
        if role in picked or k in used or p < limits[role] or usable[k].aside:
            continue
        if role == "title" and usable[k].company >= 0.35 and usable[k].title_hint == 0 and usable[k].department == 0:
            continue  # "Eastmere General Hospital" under the name: an organisation, no job word in it
        if role == "company" and _only_legal_form(usable[k].text):
            continue  # "A CO., ltd.": a legal form with no name in front of it
        if role == "company" and _partners_names(usable, set(), at=k) is not None \
                and _best_owner_match(owners, usable[k].text) < 0.85:
            continue  # "Yashvir Kanodia" over "Ojasvi Dhingra": a shop's two partners, not its name
        if role == "company" and (_leads_on(usable[k].tokens) or k and _leads_on(usable[k - 1].tokens)):
            continue  # "IN ASSOCIATION WITH" and the partner firm after it: not the card's own firm
        if role == "title" and _OFFICE_HEADING_RE.search(usable[k].text):
            continue
        if role == "company" and usable[k].title >= 0.5 and usable[k].company < 0.7:
            continue  # "Ocean Freight Sales Manager": a job, though it names a trade
        if role == "company" and _BUILDING_END_RE.search(usable[k].text) \
                and _best_owner_match(owners, _BUILDING_END_RE.sub("", usable[k].text)) < 0.85:
            continue  # "Sakura Tower": the building, unless its name is the firm's own ("Acme Tower", acme.com)
        picked[role] = (usable[k], float(p))
        used.add(k)

    company = picked.get("company", (None, 0.0))[0]
    if company is not None:
        p = picked["company"][1]
        reading.company = Field(_BUILDING_END_RE.sub("", company.text), round(company.conf * p, 3), company.words)
        fuller = _scrap_in_full(company, usable)
        if fuller is not None:
            reading.company = Field(fuller[0], reading.company.confidence, fuller[1])
        going_on = _company_going_on(company, usable, {id(j) for j, _ in picked.values()})
        if going_on is not None:
            reading.company = Field(f"{company.text} {going_on.text}", reading.company.confidence,
                                    company.words + going_on.words)
        joined = _company_joined_by_domain(company, usable, {id(j) for j, _ in picked.values()}, owners)
        if joined is not None:
            reading.company = Field(joined[0], reading.company.confidence, joined[1])

    med_h = _median_height(usable)
    name = picked.get("name", (None, 0.0))[0]
    if name is None:
        name, value = _name_spelled_by_email(usable, emails, company)
        if name is not None:
            reading.name = Field(value, round(name.conf * 0.8, 3), name.words)
    if name is None:
        name, second = _name_on_two_lines(usable, used, emails)
        if name is not None:
            name.tokens = name.tokens + second.tokens
            reading.name = Field(_fix_name_from_email(name, emails), round(name.conf * 0.7, 3),
                                 name.words + second.words)
            used.add(id(second))
    if name is None:
        # few lines to compare (a card with one text line): a person-shaped line whose first
        # word is a known first name
        picked_title = picked.get("title", (None, 0.0))[0]
        shaped = [(probs[k, 1], j) for k, j in enumerate(usable) if k not in used and _name_words(j.tokens)
                  and (gazetteers.fold(_token_core(_name_words(j.tokens)[0])) in gazetteers.first_names()
                       or _family_name_first(_name_words(j.tokens)) or _beside_title(usable, k, picked_title)
                       or vietnamese and _vietnamese_name(_name_words(j.tokens)))]
        if shaped:
            p, name = max(shaped, key=lambda pj: pj[0])
            name.tokens = _strip_degree(name.tokens)
            reading.name = Field(_fix_name_from_email(name, emails), round(name.conf * 0.5, 3), name.words)
    if name is None:
        partners = _partners_names(usable, used)
        if partners is not None:
            name = partners
            reading.name = Field(_fix_name_from_email(name, emails), round(name.conf * 0.5, 3), name.words)
    if name is None:
        name = _cjk_name(usable, med_h)
        if name is not None:
            reading.name = Field(name.text.replace(" ", " "), round(name.conf * 0.6, 3), name.words)
    elif reading.name is None:
        name.tokens = _strip_degree(_without_brand(name.tokens, owners, emails,
                                                   reading.company.value if reading.company else ""))
        part = _other_half_of_name(name, usable, {id(j) for role, (j, _) in picked.items() if role != "name"}, emails)
        words = list(name.words)
        if part is not None:
            before = part.line.order < name.line.order
            name.tokens = part.tokens + name.tokens if before else name.tokens + part.tokens
            words = part.words + words if before else words + part.words
        value = _fix_name_from_email(name, emails)
        reading.name = Field(value, round(name.conf * picked["name"][1], 3), words)

    if reading.name is not None:
        reading.name = _undoubled_initial(_without_degree(reading.name))
        if vietnamese:
            reading.name = replace(reading.name, value=_vietnamese_accents_back(reading.name.value))
        _drop_icon_letter(reading, reading.name.value.split())
        _digits_in_local_parts(reading, reading.name.value.split())
        _name_slips_in_local_parts(reading)
        _addresses_read_as_sites(reading, reading.name.value.split())
    taken = {id(x) for x in (company, name) if x is not None}
    title = picked.get("title", (None, 0.0))[0]
    beside = _title_beside_name(usable, probs[:, line_roles.ROLES.index("title")], limits["title"],
                                name if "name" in picked else None, title, taken)
    if beside is not None:
        title = beside
        picked["title"] = (beside, float(probs[usable.index(beside), line_roles.ROLES.index("title")]))
    if title is None and name is not None:
        # the model found no title: a line of title words near the name ("CEO" under it, "Jane Roe, CEO"
        # after it, or "Sales Manager" a few lines on, past a tagline or a logo scrap): the nearest one
        at = next((k for k, j in enumerate(usable) if j is name), -9)
        near = [(abs(k - at), -j.title, k) for k, j in enumerate(usable) if id(j) not in taken and abs(k - at) <= 3
                and (abs(k - at) <= 1 or not j.line.had_contact) and j.title >= 0.7 and j.company < 0.7 and not j.aside
                and j.address < 0.5 and not _OFFICE_HEADING_RE.search(j.text)]
        title = usable[min(near)[2]] if near else None
        if title is not None:
            picked["title"] = (title, 0.6)
    titles = [title] if title is not None and id(title) not in taken else []
    if title is not None and id(title) not in taken:
        title_text, dept_text = _split_title_department(title.text)
        if vietnamese:
            title_text = _giam_doc_written(title_text)
        reading.title = Field(title_text, round(title.conf * picked["title"][1], 3), title.words)
        taken.add(id(title))
        if dept_text:
            reading.department = Field(dept_text, round(title.conf * 0.7, 3), title.words)

    # department: named outright, or a business function next to the title or name
    if reading.department is None:
        anchors = [j.line.order for j in (name, *titles[:1]) if j is not None]
        if reading.title is not None:
            anchors += [j.line.order for j in usable if j.title >= 0.5 and id(j) in taken]
        dept: _Judged | None = None
        for j in usable:
            if id(j) in taken or j.department <= 0 or j.company >= 0.7 or j.address >= 0.5:
                continue
            near = any(abs(j.line.order - a) <= 2 for a in anchors)
            if j.department_explicit or near:
                if dept is None or (j.department, near) > (dept.department, True):
                    dept = j
        if dept is not None:
            taken.add(id(dept))
            field_ = Field(dept.text, round(dept.conf * dept.department, 3), dept.words)
            if reading.title is None and not dept.department_explicit and name is not None \
                    and abs(dept.line.order - name.line.order) == 1:
                reading.title = field_  # "Jane Roe" over "Marketing": with no title, the function is her role
            else:
                reading.department = field_

    _choose_address(usable, taken, reading)

    # no company picked: a line that spells the card's own domain is the firm as printed (a logo,
    # "ACME"), unless the e-mail spells it as a person's name
    # (a shop with a free-mail address often spells its own name there: "mayfairtiles@gmail.com" under
    # "MAYFAIR TILES"; that local part may find the printed line, never stand for the firm itself)
    spellers = owners + [o for o in _free_mail_owners(reading) if o not in owners]
    if reading.company is None and spellers:
        found = _company_spelled_by_domain(usable, taken, spellers, emails)
        if found is not None:
            text, words, conf = found
            reading.company = Field(text, round(conf * 0.7, 3), words)
    # a line with a legal form or an organisation's wording ("Bộ Công Thương", a ministry) the model was
    # unsure of is printed evidence, better than the domain
    if reading.company is None:
        formal = [j for j in usable if id(j) not in taken and j.address < 0.5 and not j.line.had_contact
                  and (j.company >= 0.9 or j.company >= 0.7 and any(len(_token_core(t)) >= 3 for t in j.tokens)
                       and (gazetteers.legal_form_in(j.text) or _vi_org_phrase(j.tokens)
                            or FAMILY_FIRM_RE.search(j.text)))]  # not scraps: "SY es Ca"
        if formal:
            best = max(formal, key=lambda j: (j.company, _best_owner_match(owners, j.text), j.line.height))
            above = _name_over_legal_form(best, usable, taken)
            if above is not None:  # "TAMIMONT" over "PVT. LTD.": the firm's name broken before its form
                reading.company = Field(f"{above.text} {best.text}", round(best.conf * 0.6, 3),
                                        above.words + best.words)
            elif not _only_legal_form(best.text):
                reading.company = Field(best.text, round(best.conf * 0.6, 3), best.words)
    # the line right over a founding year ("Pedrasol Industrial" over "Since 1918"): the firm it dates
    if reading.company is None:
        dated = _firm_over_founding_year(usable, taken)
        if dated is not None:
            reading.company = Field(dated.text, round(dated.conf * 0.6, 3), dated.words)
    # no legal form, no org word, no line that spells the domain: the brand printed in larger type than
    # the text around it ("Arcevia" over the name, the mail at silmont.com), rather than the domain. Only in
    # place of that guess: with no domain at all, large type alone is too weak (slogans, logo scraps)
    if reading.company is None and owners:
        body_h = statistics.median([w.height for w in reading.words if w.text.strip()] or [0])
        brand = _brand_line(usable, taken, body_h)
        if brand is not None:
            reading.company = Field(brand.text, round(brand.conf * 0.5, 3), brand.words)
    # the line the model leaned to as the company, though under its threshold ("Pinomark e.K." with the
    # mail at another brand's domain): printed evidence, better than a name made from the domain
    if reading.company is None:
        co = line_roles.ROLES.index("company")
        leaning = [(probs[k, co], j) for k, j in enumerate(usable)
                   if id(j) not in taken and probs[k, co] >= LEANING_COMPANY and probs[k, co] >= probs[k].max() - 0.2
                   and not j.aside and j.address < 0.5 and not j.line.had_contact and not _only_legal_form(j.text)
                   and not _leads_on(j.tokens) and not (k and _leads_on(usable[k - 1].tokens))]
        if leaning:
            p, best = max(leaning, key=lambda pj: pj[0])
            reading.company = Field(best.text, round(best.conf * p, 3), best.words)
    # no company line at all: the e-mail's own domain names the firm ("acme.co.jp" -> "Acme")
    if reading.company is None and owners:
        label = owners[0]
        pretty = label.upper() if len(label) <= 3 else label[:1].upper() + label[1:]
        src = next((e for e in reading.emails + reading.websites), None)
        reading.company = Field(pretty, 0.35, list(src.words) if src else [])


# The family names most Vietnamese carry, folded and as written: a name starts with one ("Ngô Văn Thảo")
VI_FAMILY_WRITTEN = {
    "nguyen": "Nguyễn", "tran": "Trần", "le": "Lê", "pham": "Phạm", "hoang": "Hoàng", "huynh": "Huỳnh",
    "phan": "Phan", "vu": "Vũ", "vo": "Võ", "dang": "Đặng", "bui": "Bùi", "do": "Đỗ", "ho": "Hồ", "ngo": "Ngô",
    "duong": "Dương", "ly": "Lý", "dinh": "Đinh", "truong": "Trương", "lam": "Lâm", "mai": "Mai", "dao": "Đào",
    "cao": "Cao", "to": "Tô", "ha": "Hà", "ta": "Tạ", "luong": "Lương", "luu": "Lưu", "vuong": "Vương",
    "trinh": "Trịnh", "doan": "Đoàn"}
VI_FAMILY_NAMES = set(VI_FAMILY_WRITTEN)
VI_MIDDLE_WRITTEN = {"van": "Văn", "thi": "Thị"}  # the middle names of most men's and women's names


def _vietnamese_name(words: list[str] | None) -> bool:
    """ "Ngo Van Thao" on a Vietnamese card: a common family name, then two or three one-syllable words."""
    if not words or not 3 <= len(words) <= 4:
        return False
    folded = [gazetteers.fold(w) for w in words]
    return folded[0] in VI_FAMILY_NAMES and all(w.isalpha() and len(w) <= 7 for w in folded)


def _vietnamese_accents_back(name: str) -> str:
    """ "Bui Đức Sơn" -> "Bùi Đức Sơn", "NGUYEN THỊ TUẦN" -> "NGUYỄN THỊ TUẦN": a name printed with its
    accents (another of its words holds one) whose family name, and middle Văn or Thị, the first pass read
    without them; they are few and written one way. A name printed plainly ("NGUYEN VAN AN") stays so."""
    words = name.split()
    start = 1 if words and words[0].lower().rstrip(".") in HONORIFICS else 0  # "Mr. Vu Văn Dũng"
    words, restored = words[start:], words[:start]
    accented = any(not w.isascii() for w in words[1:]) or "ñ" in words[0].lower() if words else False
    if not 2 <= len(words) <= 4 or not accented:
        return name
    for k, word in enumerate(words):
        table = VI_FAMILY_WRITTEN if k == 0 else VI_MIDDLE_WRITTEN if k == 1 and len(words) >= 3 else {}
        # (read without its accents, or with the tilde on the n: "Nguyêñ")
        plain = word.isascii() and word.isalpha() or "ñ" in word.lower()
        written = table.get(gazetteers.fold(word).replace("ñ", "n")) if plain else None
        restored.append(word if written is None else written.upper() if word.isupper() and len(word) > 1
                        else written if word[0].isupper() else written.lower())
    return " ".join(restored)


_GIAM_DOC = ("Phó", "Tổng", "Giám", "Đốc")  # (deputy, general) director: the title most Vietnamese cards carry


def _giam_doc_written(title: str) -> str:
    """ "Giám Đôé" -> "Giám Đốc": the words of "(Phó/Tổng) Giám Đốc" as written, where the first pass slipped
    on a letter or an accent of them (the title is common, its words few)."""
    words = title.split()
    if title.isascii():
        return title  # printed without accents ("GIAM DOC"): as printed
    folded = [gazetteers.fold(w) for w in words]
    for i in range(len(words) - 1):
        if folded[i] == "giam" and len(folded[i + 1]) == 3 and Levenshtein.distance(folded[i + 1], "doc") <= 1:
            span = range(i - 1 if i and folded[i - 1] in ("pho", "tong") else i, i + 2)
            for k in span:
                written = next(w for w in _GIAM_DOC if gazetteers.fold(w) == folded[k] or k == i + 1 and w == "Đốc")
                words[k] = written.upper() if words[k].isupper() else written.lower() if words[k].islower() else written
            return " ".join(words)
    return title


_VI_LETTERS_RE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


def _vietnamese_card(reading: CardReading, usable: list[_Judged]) -> bool:
    """A card from Vietnam: its region, letters only Vietnamese writes, or a firm's Vietnamese trade words."""
    return reading.region == "VN" or bool(_VI_LETTERS_RE.search(reading.text)) \
        or any(_vi_org_phrase(j.tokens) for j in usable)


def _family_name_first(words: list[str]) -> bool:
    """ "YAMAMOTO Haruto", "CHEN Wei Ling": the family name in capitals before the given name, as
    Japanese, Chinese and Korean cards romanise it; a shape no firm or slogan takes."""
    cores = [_token_core(w) for w in words if _token_core(w)]
    return (2 <= len(cores) <= 3 and len(cores[0]) >= 2 and cores[0].isupper()
            and all(c[:1].isupper() and c[1:].islower() and len(c) >= 2 for c in cores[1:]))


def _only_legal_form(text: str) -> bool:
    """ "PVT. LTD.", "Co., Ltd.", "GmbH & Co. KG": a legal form with no name in front of it."""
    return not _has_proper_word(strip_legal_suffixes(text)) or gazetteers._squash(text) in gazetteers.legal_forms()


def _name_over_legal_form(form: _Judged, usable: list[_Judged], taken: set[int]) -> _Judged | None:
    """The line right above a line that is only a legal form, in the same column: the firm's name, when
    it is a short line with no other role's evidence."""
    if not _only_legal_form(form.text):
        return None
    for j in usable:
        if j.line.order != form.line.order - 1:
            continue
        overlap = min(j.box[2], form.box[2]) - max(j.box[0], form.box[0])
        if id(j) in taken or j.line.had_contact or not 1 <= len(j.tokens) <= 3 or overlap <= 0 \
                or j.address >= 0.3 or j.title > 0 or j.title_hint > 0 or j.company > 0 or j.aside \
                or not _has_proper_word(j.text):
            return None
        return j
    return None


def _vi_org_phrase(tokens: list[str]) -> bool:
    wl = _words_lower(tokens)
    return any(" ".join(wl[i:i + 2]) in ORG_PHRASES_VI for i in range(len(wl) - 1))


def _brand_line(usable: list[_Judged], taken: set[int], body_h: float) -> _Judged | None:
    """The tallest line of one to three capitalised words, in type larger than the card's body text, that
    is no name, title, department, address, heading or contact: a firm printing its bare name."""
    def is_brand(j: _Judged) -> bool:
        cores = [_token_core(t) for t in j.tokens]
        return (id(j) not in taken and not j.aside and not j.line.had_contact and j.address < 0.3
                and j.title == 0 and j.title_hint == 0 and j.department == 0 and j.name == 0
                and 1 <= len(cores) <= 3 and all(len(c) >= 2 and c[:1].isupper() for c in cores)
                and sum(len(c) for c in cores) >= 5  # not a scrap of a logo: "NY", "Suis"
                and j.plausible >= 0.9 and j.conf >= 0.6 and body_h > 0 and j.line.height >= 1.15 * body_h
                and gazetteers.fold(cores[0]) not in gazetteers.first_names() and _country_in(j.text) is None)
    return max((j for j in usable if is_brand(j)), key=lambda j: j.line.height, default=None)


def _scrap_in_full(company: _Judged, usable: list[_Judged]) -> tuple[str, list[int]] | None:
    """A logo read as one cut-off word ("QTMLYO") whose letters another line prints in full, as words
    ("... C/O QTM LYON"): those words (the shortest run that covers every letter of the scrap)."""
    if len(company.tokens) != 1:
        return None
    scrap = re.sub(r"[^a-z0-9]", "", gazetteers.fold(company.tokens[0]))
    if len(scrap) < 4:
        return None
    for j in usable:
        if j is company:
            continue
        cores = [re.sub(r"[^a-z0-9]", "", gazetteers.fold(t)) for t in j.tokens]
        for a in range(len(cores)):
            run = ""
            for b in range(a, min(a + 4, len(cores))):
                run += cores[b]
                if not scrap.startswith(run) and not run.startswith(scrap):
                    break
                if run.startswith(scrap) and b > a and len(run) <= len(scrap) + 4:
                    return _clean_line_text(j.tokens[a:b + 1]), list(j.words[a:b + 1])
    return None


def _firm_over_founding_year(usable: list[_Judged], taken: set[int]) -> _Judged | None:
    """The line printed right over a founding-year tagline ("Since 1918", "Dal 2003"), when it is no
    name, title, address or contact line: a firm's name, which the year dates."""
    for above, year in zip(usable, usable[1:], strict=False):
        if year.line.order == above.line.order + 1 and _FOUNDED_RE.match(year.text) and id(above) not in taken \
                and not above.aside and above.address < 0.5 and not above.line.had_contact and above.title < 0.5 \
                and any(len(_token_core(t)) >= 3 for t in above.tokens):
            return above
    return None


def _partners_names(usable: list[_Judged], used: set[int], at: int | None = None) -> _Judged | None:
    """Two lines shaped as names, one under the other in the same type, that nothing else claims: the
    partners a shop's card names ("Prop." over two names, each with a mobile); the first is the card's.
    ``at``: only a pair that holds that line."""
    for k, (a, b) in enumerate(zip(usable, usable[1:], strict=False)):
        if k in used or k + 1 in used or b.line.order != a.line.order + 1 or at is not None and at not in (k, k + 1):
            continue
        heights = sorted((a.line.height, b.line.height))
        if heights[0] < 0.85 * heights[1]:
            continue
        if all(_name_words(j.tokens) and j.name >= 1.0 and j.company < 0.35 and j.title < 0.5
               and j.address < 0.5 and not j.aside for j in (a, b)):  # (a mobile may follow each name)
            return a
    return None


def _title_beside_name(usable: list[_Judged], title_p: Sequence[float], bar: float, name: _Judged | None,
                       title: _Judged | None, taken: set[int]) -> _Judged | None:
    """The line beside the name, when it too reads as a title and the title picked lies farther off: a
    person's title is printed next to their name; the other ("AUTHORISED DEALER" by the logo) is a
    badge or a slogan."""
    if name is None or title is None:
        return None
    at, picked_at = usable.index(name), usable.index(title)
    if abs(picked_at - at) <= 1:
        return None
    # (the rules' title score counts too: the model is unsure of a lone short title such as "CEO")
    beside = [k for k in (at + 1, at - 1) if 0 <= k < len(usable) and (title_p[k] >= bar or usable[k].title >= 0.7)
              and id(usable[k]) not in taken and not usable[k].aside and usable[k].title_hint > 0
              and usable[k].company < 0.7 and usable[k].address < 0.5]
    return usable[beside[0]] if beside else None


def _name_on_two_lines(usable: list[_Judged], used: set[int], emails: list[str]):
    """(given-name line, family-name line) of a name printed one word a line ("JANE" / "ROE", "Emma" /
    "de Jong"), when a first-name list or the e-mail vouches for it; else (None, None). A scrap OCR read
    between the two (an accent's mark read as "AN", at low confidence) does not part them, nor does a
    line of another column read between them ("SOFÍA" / "TORRES" left, the street right)."""
    for k, a in enumerate(usable):
        m = k + 1
        while m < len(usable) and _is_scrap(usable[m]):
            m += 1
        if m >= len(usable):
            break
        nexts = [m] if 1 <= usable[m].line.order - a.line.order <= 1 + (m - k - 1) else []
        below = _below_in_column(usable, k)
        if below is not None and below not in nexts:
            nexts.append(below)
        for m in nexts:
            b = usable[m]
            if k in used or m in used:
                continue
            if len(a.tokens) != 1 or not _family_tokens(b.tokens) or a.line.had_contact or b.line.had_contact:
                continue
            if not a.line.height or not 0.7 <= b.line.height / a.line.height <= 1.4:
                continue  # the same type (accents and descenders make ink heights differ a little)
            words = _name_words([a.tokens[0], *b.tokens])
            if not words and name_email_match([a.tokens[0], *b.tokens], emails) >= 0.9:
                # "chloé" / "rousseau", set in lower case: the e-mail vouches for the words
                words = _name_words([t[:1].upper() + t[1:] if t[:1].islower() else t for t in [a.tokens[0], *b.tokens]])
            if not words or a.title_hint > 0 or b.title_hint > 0 or a.company > 0 or b.company > 0:
                continue
            if gazetteers.fold(words[0]) in gazetteers.first_names() or name_email_match(words, emails) >= 0.75:
                return a, b
    return None, None


def _family_tokens(tokens: list[str]) -> bool:
    """One word, or a particle and a word ("de Jong", "van Dijk", "da Silva"): a family name's line."""
    return len(tokens) == 1 or len(tokens) == 2 and tokens[0].lower() in NAME_PARTICLES


def _below_in_column(usable: list[_Judged], k: int) -> int | None:
    """The line printed right under line k in its column (left edges within a letter height, at most a
    line's height of space between), when every line read between them lies beside k's column, not
    under it; else None."""
    a = usable[k]
    left, top, right, bottom = a.box
    h = a.line.height
    if not h or right <= left:
        return None
    for m in range(k + 1, len(usable)):
        b = usable[m]
        bl, bt, br, _ = b.box
        overlaps = min(right, br) - max(left, bl) > 0
        if overlaps and abs(bl - left) <= h and bottom - 0.3 * h <= bt <= bottom + 1.5 * h:
            return m
        if overlaps or bt > bottom + 1.5 * h:
            return None
    return None


def _without_brand(tokens: list[str], owners: list[str], emails: list[str], company: str = "") -> list[str]:
    """The firm's name read into the name's line ("NovaQuill Kenji Morimoto", a logo beside the name,
    as PP-OCR groups them): a first or last word written as a brand (an inner capital, or capitals beside
    a name that has none) that the domain or the company spells is not the person's, when the rest is a
    name a first-name list or the e-mail vouches for. "Anna Maria Rossi" of rossi.it keeps her name."""
    if len(tokens) < 3:
        return tokens
    firm = re.sub(r"[^a-z0-9]", "", gazetteers.fold(company))

    def is_firm(tok: str, rest: list[str]) -> bool:
        core = re.sub(r"[^a-z0-9]", "", gazetteers.fold(tok))
        if len(core) < 4 or core in gazetteers.first_names():
            return False
        # written as a brand, not as the name's words: "NovaQuill", or "ACME" beside "Jane Roe"
        styled = _brand_cased(_token_core(tok)) or (
            tok.isupper() and not all(t.isupper() for t in rest))
        return styled and (core in firm or any(
            fuzz.ratio(core, o) >= 85 or (len(o) >= 4 and (o in core or core in o)) for o in owners))

    def person(rest: list[str]) -> bool:
        return bool(_name_words(rest)) and (gazetteers.fold(_token_core(rest[0])) in gazetteers.first_names()
                                             or name_email_match([_token_core(t) for t in rest], emails) >= 0.5)
    if is_firm(tokens[0], tokens[1:]) and person(tokens[1:]):
        return tokens[1:]
    if is_firm(tokens[-1], tokens[:-1]) and person(tokens[:-1]):
        return tokens[:-1]
    return tokens


def _brand_cased(word: str) -> bool:
    """ "NovaQuill", "BlueWave": an inner capital, as brands write one word ("McKenzie", "LeBlanc" are names)."""
    m = re.fullmatch(r"([A-Z][a-z]+)[A-Z][A-Za-z]*", word)
    return bool(m) and m.group(1) not in {"Mc", "Mac", "De", "Di", "Da", "Del", "Le", "La", "Van", "Von", "Du", "Fitz"}


_CONNECTORS = {"of", "&", "and", "for", "de", "da", "do", "des", "du", "di", "del", "der", "und", "et", "y", "e"}


# a line that names another firm on the next ("IN ASSOCIATION WITH" / the partner, "A member of" / the
# group): the card's own firm is neither ("The Law Firm of" / its name goes on, see _company_going_on)
_ANOTHER_FIRM_NEXT_RE = re.compile(
    r"(?i)(?:\bin\s+(?:association|partnership|cooperation|collaboration|alliance)\s+with|\bassociated\s+with"
    r"|\b(?:member|part|division|subsidiary|affiliate)\s+of|\bpowered\s+by|\bin\s+association)\W*$")


def _leads_on(tokens: list[str]) -> bool:
    """A line that introduces another firm on the next line ("IN ASSOCIATION WITH", "A member of")."""
    return bool(_ANOTHER_FIRM_NEXT_RE.search(" ".join(tokens)))


def _company_going_on(company: _Judged, usable: list[_Judged], picked: set[int]) -> _Judged | None:
    """The next line, when the company's line stops on a connector ("The Law Firm of" / "Jane Qorvan")."""
    if not company.tokens or gazetteers.fold(_token_core(company.tokens[-1]) or company.tokens[-1]) not in _CONNECTORS:
        return None
    nxt = next((j for j in usable if j.line.order == company.line.order + 1), None)
    if nxt is None or id(nxt) in picked or nxt.line.had_contact or nxt.address >= 0.5 or nxt.aside:
        return None
    return nxt


def _beside_title(usable: list[_Judged], k: int, title: _Judged | None) -> bool:
    """ "K. S. Nair", "Sem Vos" right above or below a job title (the one picked, or a line of title
    words): a person's name, though its words are initials or no gazetteer holds them."""
    words = _name_words(usable[k].tokens) or []
    if not words or usable[k].company > 0 or usable[k].address >= 0.3:
        return False
    return any(0 <= m < len(usable) and (usable[m].title >= 0.7 or usable[m] is title) for m in (k - 1, k + 1))


def _is_scrap(j: _Judged) -> bool:
    return len(re.sub(r"\W", "", j.text)) <= 3 and j.conf < 0.5


def _email_spells_word(word: str, others: list[str], emails: list[str]) -> bool:
    """An e-mail's local part holds this word ("ethan_brooks" for "Ethan") or its initial glued to
    the other name word ("ocoleman" for "Olivia" over "Coleman")."""
    for email in emails:
        toks = _local_tokens(email)
        if len(word) >= 3 and word in toks:
            return True
        glued = "".join(toks)
        if any(glued in (word[:1] + o, o + word[:1], word + o, o + word) for o in others if len(o) >= 3):
            return True
    return False


def _other_half_of_name(name: _Judged, usable: list[_Judged], roles: set[int], emails: list[str]) -> _Judged | None:
    """The given name printed on its own line above the family name ("JANE" / "ROE", "daan" / "de vries"),
    or the family name below the given name: a one-word line right beside the name, in the same type,
    that a first-name list or the e-mail vouches for."""
    if len(name.tokens) > 3:
        return None
    alone = name_email_match([_token_core(t) for t in name.tokens], emails)
    for j in usable:
        step = j.line.order - name.line.order
        if abs(step) != 1 or id(j) in roles or j is name or len(j.tokens) != 1 or j.line.had_contact:
            continue
        word = _token_core(j.tokens[0])
        if not (word.isalpha() and len(word) >= 2) or j.title_hint > 0 or j.company > 0 or j.address > 0:
            continue
        if _brand_cased(word):
            continue  # "NovaQuill" over the name: a brand's one word, no half of a name
        if not name.line.height or not 0.7 <= j.line.height / name.line.height <= 1.4:
            continue
        folded = gazetteers.fold(word)
        if folded in NON_NAME_WORDS or folded in COUNTRY_REGIONS or folded in ADDRESS_WORDS:
            continue
        together = [word, *(_token_core(t) for t in name.tokens)] if step < 0 else \
            [*(_token_core(t) for t in name.tokens), word]
        given_above = step < 0 and folded in gazetteers.first_names() and \
            gazetteers.fold(_token_core(name.tokens[0])) not in gazetteers.first_names()
        if given_above or _email_spells_word(folded, [gazetteers.fold(_token_core(t)) for t in name.tokens], emails) or name_email_match(together, emails) > max(alone, 0.5):
            return j
    return None


def _spans(j: _Judged) -> list[tuple[list[str], list[int]]]:
    """The line and its shorter runs of words from either end (tokens, word indices)."""
    n = len(j.tokens)
    out = [(j.tokens, j.words)]
    out += [(j.tokens[:k], j.words[:k]) for k in range(1, n)]
    out += [(j.tokens[k:], j.words[k:]) for k in range(1, n)]
    return out


_PART_SEPARATORS = {"|", "—", "–", "•", "·", "-"}


def _separated_parts(j: _Judged) -> list[tuple[list[str], list[int]]]:
    """The runs of words between separators ("|", "—", "•") of a line that has any (tokens, words)."""
    parts: list[tuple[list[str], list[int]]] = [([], [])]
    for tok, w in zip(j.tokens, j.words, strict=False):
        if tok in _PART_SEPARATORS:
            parts.append(([], []))
        else:
            parts[-1][0].append(tok)
            parts[-1][1].append(w)
    return [p for p in parts if p[0]] if len(parts) > 1 else []


def _best_owner_match(owners: list[str], text: str) -> float:
    return max((domain_company_match(o, text) for o in owners), default=0.0)


def _brand_lines(usable: list[_Judged], skip: set[int]) -> list[tuple[_Judged, _Judged]]:
    """Adjacent pairs of short lines that may spell one brand together ("NOVA" over "Blue Services")."""
    ok = [j for j in usable if id(j) not in skip and not j.line.had_contact and j.address < 0.5
          and len(j.tokens) <= 4]
    return [(a, b) for a, b in zip(ok, ok[1:], strict=False) if b.line.order == a.line.order + 1]


def _company_joined_by_domain(company: _Judged, usable: list[_Judged], picked: set[int],
                              owners: list[str]) -> tuple[str, list[int]] | None:
    """The company line with the words of the line above or below that complete the name its domain
    spells: "Blue Services" under a logo "NOVA" when the site is novablueservices.com."""
    if not owners:
        return None
    now = _best_owner_match(owners, company.text)
    best: tuple[float, str, list[int]] | None = None
    for a, b in _brand_lines(usable, picked - {id(company)}):
        if company is a:
            joins = [(a.tokens + t, a.words + w) for t, w in _spans(b)]
        elif company is b:
            joins = [(t + b.tokens, w + b.words) for t, w in _spans(a)]
        else:
            continue
        for tokens, words in joins:
            text = _clean_line_text(tokens)
            score = _best_owner_match(owners, text)
            if score >= 0.9 and score > now + 0.05 and (best is None or score > best[0]):
                best = (score, text, words)
    return (best[1], best[2]) if best else None


_CARE_OF_RE = re.compile(r"(?i)\bc\s?/\s?o\b[.:]?\s*")


_HOST_PATH_RE = re.compile(r"\b[\w-]+\.[a-z]{2,6}/\S")  # a host and a path: a short link, a site's page
MAX_SPELLED_FIRM_WORDS = 8  # "The Law Firm of Dana Roe & Partners"; longer lines are sentences


def _company_spelled_by_domain(usable: list[_Judged], taken: set[int], owners: list[str],
                               emails: list[str]) -> tuple[str, list[int], float] | None:
    """No company line was found: a printed line (or two short lines together, or the organisation
    after "c/o") that spells the card's own domain names the firm, rather than the domain itself.
    A line the e-mail spells as a person's name is not the firm."""
    cands: list[tuple[float, float, str, list[int], float]] = []
    for j in usable:
        if id(j) in taken:
            continue
        care_of = _CARE_OF_RE.search(j.text)
        if care_of:
            # "Suite 4 C/O KLM PARIS": the host organisation, whose initials start the domain
            rest = j.text[care_of.end():].strip()
            head = re.sub(r"[^A-Za-z]", "", rest.split()[0]) if rest else ""
            if 3 <= len(head) <= 6 and head.isupper() and any(o.startswith(head.lower()) for o in owners):
                cands.append((0.9, j.line.height, rest, list(j.words), j.conf))
            continue
        if _HOST_PATH_RE.search(j.text):
            continue  # "qr.link/rub352": a link, whatever its letters spell
        if j.address >= 0.5 or len(j.tokens) > MAX_SPELLED_FIRM_WORDS or name_email_match(_name_words(j.tokens) or [], emails) >= 0.5:
            continue
        text = _BUILDING_END_RE.sub("", j.text)  # "Acme Building": the firm is Acme
        cands.append((_best_owner_match(owners, text), j.line.height, text, list(j.words), j.conf))
        # "ACME TILES — est. 1998", "ACME | Springvale, OR": of a line parted by a dash or bar, the part that
        # spells the domain as well as the whole line does, without the rest
        parts = [(_best_owner_match(owners, _clean_line_text(t)), _clean_line_text(t), w) for t, w in _separated_parts(j)]
        score, part, words = max(parts, key=lambda p: p[0], default=(0.0, "", []))
        if score >= cands[-1][0] > 0:
            cands[-1] = (score, j.line.height, part, words, j.conf)
    for a, b in _brand_lines(usable, taken):
        for t, w in _spans(a):
            text = _clean_line_text(t + b.tokens)
            score = _best_owner_match(owners, text)
            if score >= 0.95:  # two lines must spell the domain outright
                cands.append((score, max(a.line.height, b.line.height), text, w + b.words, min(a.conf, b.conf)))
    score, _, text, words, conf = max(cands, key=lambda c: (c[0], c[1]), default=(0.0, 0.0, "", [], 0.0))
    return (text, words, conf) if score >= 0.85 else None


_CJK_NAME_RE = re.compile(r"^[\u3400-\u9fff\u3040-\u30ff]{1,4}(?:[\s\u3000]?[\u3400-\u9fff\u3040-\u30ff]{1,4})?$")


def _cjk_name(usable: list[_Judged], med_h: float) -> _Judged | None:
    """A name printed only in Japanese/Chinese: a short line of kanji/kana in large print ("田村 美咲")."""
    picks = [j for j in usable
             if _CJK_NAME_RE.match(j.text) and 2 <= len(j.text.replace(" ", "")) <= 6 and j.company == 0
             and not STRONG_COMPANY_SUFFIX_RE.search(j.text) and med_h > 0 and j.line.height >= 1.15 * med_h]
    return max(picks, key=lambda j: j.line.height, default=None)


def _median_height(items: list[_Judged]) -> float:
    hs = [j.line.height for j in items if j.line.height > 0]
    return float(statistics.median(hs)) if hs else 0.0


def _split_title_department(text: str) -> tuple[str, str | None]:
    """ "Manager, Sales Department" -> ("Manager", "Sales Department")."""
    parts = [p.strip() for p in re.split(r"\s*[,|/•·]\s*|\s+-\s+", text) if p.strip()]
    if len(parts) < 2:
        return text, None
    for i, part in enumerate(parts):
        wl = _words_lower(part.split())
        score, explicit = _department_score(wl, part)
        if explicit and _title_score(wl) == 0:
            rest = [p for k, p in enumerate(parts) if k != i]
            if any(_title_score(_words_lower(p.split())) > 0 for p in rest):
                return ", ".join(rest), part
    return text, None


def _fix_name_from_email(name: _Judged, emails: list[str]) -> str:
    """Repair a one-letter OCR slip in a name word the e-mail spells out ("Whitfieid" + "whitfield")."""
    tokens = _capital_i(list(name.tokens))
    for email in emails:
        for t in _local_tokens(email):
            if len(t) < 3:
                continue
            for k, tok in enumerate(tokens):
                core = _token_core(tok)
                if core.lower() == t or core.lower() in HONORIFICS or not core.isalpha():
                    continue
                if len(core) != len(t) and not (len(t) >= 5 and _one_inner_letter_apart(core.lower(), t)):
                    continue  # a slip, or a letter OCR put in or left out inside the word ("Maitteo")
                if _ascii_fold(core).lower() == t:
                    continue  # the e-mail only lacks the accents: "Lucía" stays "Lucía"
                if fuzz.ratio(core.lower(), t) >= 80:
                    fixed = t.upper() if core.isupper() else (t.capitalize() if core[:1].isupper() else t)
                    tokens[k] = tok.replace(core, fixed)
    # a capital lost by OCR: "Oliver whitfield" when the other words are capitalised
    if any(t[:1].isupper() for t in tokens):
        spelled = {t for email in emails for t in _local_tokens(email)}
        tokens = [t[:1].upper() + t[1:] if t[:1].islower() and t.lower() in spelled else t for t in tokens]
    return _clean_line_text(tokens)


def _one_inner_letter_apart(a: str, b: str) -> bool:
    """One word is the other with one letter more, not at either end (an e-mail may cut a name short)."""
    long_, short = (a, b) if len(a) > len(b) else (b, a)
    return len(long_) == len(short) + 1 and any(long_[:i] + long_[i + 1:] == short for i in range(1, len(long_) - 1))


def _choose_address(usable: list[_Judged], taken: set[int], reading: CardReading) -> None:
    """The first block of consecutive address lines, joined with ", "."""
    by_order = {j.line.order: j for j in usable}
    start = None
    for j in usable:
        if id(j) in taken or j.line.had_contact and j.address < 0.8:
            continue
        if j.address >= 0.5 and j.company < 0.9:
            start = j
            break
    if start is None:
        return
    block = [start]
    # a line just above that continues into the address ("Sakura Park Building,")
    above = by_order.get(start.line.order - 1)
    if above is not None and id(above) not in taken and above.address >= 0.3 and above.name == 0 and above.title < 0.5:
        block.insert(0, above)
    order = start.line.order + 1
    while order in by_order:
        j = by_order[order]
        if id(j) in taken or j.line.had_contact or j.title >= 0.5:
            break
        if j.address >= 0.3 or (block[-1].text.endswith(",") and j.name == 0):
            block.append(j)
            order += 1
            continue
        break
    parts = [_strip_office_label(j.text) for j in block]
    value = ", ".join(p.strip(" ,") for p in parts if p.strip(" ,"))
    value = re.sub(r",\s*,", ",", value)
    words = [w for j in block for w in j.words]
    conf = sum(j.conf for j in block) / len(block)
    strength = min(1.0, 0.5 + max(j.address for j in block) / 2)
    reading.address = Field(value, round(conf * strength, 3), words)


def _strip_office_label(text: str) -> str:
    """Drop an office or field label in front of an address: "TOKYO : 2-7-7 ...", "Address: ..."."""
    m = re.match(r"^(?:[A-Z][A-Za-z ]{1,20}?|address|add|addr|adr)\s*[:：]\s*(?=\S)", text, re.IGNORECASE)
    if m and re.search(r"\d", text[m.end():]):
        return text[m.end():]
    return text
