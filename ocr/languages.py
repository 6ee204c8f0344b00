"""Reading languages: which are installed, what they are called, which script each one reads, and
which to read a card with once its script is known.

A language is a Tesseract code ("eng", "chi_sim"); several are joined with "+" ("eng+deu"). The
user's choice (Settings, ``--lang``) decides the Latin-script reading; a card printed in another
script (Japanese, Chinese, Korean, Thai, Arabic...) is read a second time with that script's
installed languages, for the name in its own script (``name_native``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ocr.engine import OcrEngine, default_engine, tessdata_languages

# Tesseract data that reads no language of its own: orientation/script detection, maths.
NOT_LANGUAGES = frozenset({"osd", "equ"})


@dataclass(frozen=True)
class Language:
    code: str  # Tesseract's code, e.g. "chi_tra"
    name: str  # in English, for Settings and `--help`
    script: str  # the script as Tesseract's script detection names it
    regions: str = ""  # countries (ISO 3166) whose cards are printed in it, the main language first


# Languages the app names; any other installed code is still offered, under its code.
LANGUAGES = {lang.code: lang for lang in (
    Language("eng", "English", "Latin", "US GB AU NZ IE CA SG IN PH ZA NG KE GH"),
    Language("por", "Portuguese", "Latin", "BR PT AO MZ"),
    Language("spa", "Spanish", "Latin", "ES MX AR CO CL PE VE EC GT CU BO DO HN PY SV NI CR PA UY PR"),
    Language("fra", "French", "Latin", "FR BE LU MC SN CI CM MA TN DZ"),
    Language("deu", "German", "Latin", "DE AT CH LI"),
    Language("ita", "Italian", "Latin", "IT SM"),
    Language("nld", "Dutch", "Latin", "NL SR"),
    Language("vie", "Vietnamese", "Latin", "VN"),
    Language("pol", "Polish", "Latin", "PL"),
    Language("ces", "Czech", "Latin", "CZ"),
    Language("slk", "Slovak", "Latin", "SK CZ"),  # the same letters but ľ ĺ ŕ ô ä; Czech's own first
    Language("slv", "Slovenian", "Latin", "SI"),
    Language("srp_latn", "Serbian (Latin)", "Latin", "RS ME"),
    # Croatian data reads the č ć đ š ž of its neighbours too, where their own data isn't installed
    Language("hrv", "Croatian", "Latin", "HR BA RS ME SI"),
    Language("hun", "Hungarian", "Latin", "HU"),
    Language("ron", "Romanian", "Latin", "RO MD"),
    Language("tur", "Turkish", "Latin", "TR"),
    Language("swe", "Swedish", "Latin", "SE"),
    Language("dan", "Danish", "Latin", "DK"),
    Language("nor", "Norwegian", "Latin", "NO"),
    Language("fin", "Finnish", "Latin", "FI"),
    Language("ind", "Indonesian", "Latin", "ID"),
    Language("jpn", "Japanese", "Japanese", "JP"),
    Language("jpn_vert", "Japanese (vertical)", "Japanese"),
    Language("chi_sim", "Chinese (simplified)", "Han", "CN SG"),
    Language("chi_tra", "Chinese (traditional)", "Han", "TW HK MO"),
    Language("kor", "Korean", "Hangul", "KR"),
    Language("tha", "Thai", "Thai", "TH"),
    Language("ara", "Arabic", "Arabic", "SA AE OM QA KW BH EG JO LB IQ"),
    Language("heb", "Hebrew", "Hebrew", "IL"),
    Language("rus", "Russian", "Cyrillic", "RU BY KZ"),
    Language("ukr", "Ukrainian", "Cyrillic", "UA"),
    Language("ell", "Greek", "Greek", "GR CY"),
    Language("hin", "Hindi", "Devanagari"),
    # Tesseract's script models read every language of a script (tesseract-ocr-script-latn)
    Language("Latin", "Latin script, all languages", "Latin"),
)}

# Script detection (Tesseract OSD) names Han for Chinese and for kanji-only print, Japanese when kana
# are seen, Korean for Hangul mixed with Han: each maps to the languages that read it, best first.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "Japanese": ("jpn",),
    "Katakana": ("jpn",),
    "Hiragana": ("jpn",),
    "Han": ("chi_tra", "chi_sim", "jpn"),
    "Korean": ("kor",),
    "Hangul": ("kor",),
    "Thai": ("tha",),
    "Arabic": ("ara",),
    "Hebrew": ("heb",),
    "Cyrillic": ("rus", "ukr"),
    "Greek": ("ell",),
    "Devanagari": ("hin",),
}
MAX_LANGUAGES_PER_PASS = 2  # each language set in one pass costs about one more pass of time
NATIVE_SCRIPTS = frozenset(SCRIPT_LANGUAGES)  # scripts whose names get a `name_native`


def installed_languages(engine: OcrEngine | None = None) -> list[str]:
    """Reading languages installed on this machine, sorted (empty when Tesseract is missing)."""
    engine = engine or default_engine()
    return sorted(code for code in engine.languages() if code not in NOT_LANGUAGES)


def installed_summary() -> str:
    """The installed languages in one line for `--help` ("eng, jpn, chi_sim"), or how to get one.
    Read off Tesseract's data folder where it is found, so that help does not load the engine."""
    found = tessdata_languages()
    try:
        codes = sorted(found - NOT_LANGUAGES) if found else installed_languages()
    except Exception:  # noqa: BLE001 - help text must print whatever the engine's state
        codes = []
    return ", ".join(codes) if codes else "none installed (sudo apt-get install tesseract-ocr-eng)"


def language_label(code: str) -> str:
    """How Settings and `--help` show a code: "Japanese (jpn)"; an unknown code as itself."""
    lang = LANGUAGES.get(code)
    return f"{lang.name} ({code})" if lang else code


def script_languages(script: str | None, installed: frozenset[str] | set[str]) -> str | None:
    """The installed languages that read ``script`` ("jpn", "chi_tra+chi_sim"), None when the script
    is Latin, unknown, or none of its languages is installed."""
    codes = [code for code in SCRIPT_LANGUAGES.get(script or "", ()) if code in installed]
    return "+".join(codes[:MAX_LANGUAGES_PER_PASS]) or None


def native_codes(installed: frozenset[str] | set[str]) -> list[str]:
    """Every installed language that reads a non-Latin script, in SCRIPT_LANGUAGES order."""
    codes: list[str] = []
    for langs in SCRIPT_LANGUAGES.values():
        codes += [code for code in langs if code in installed and code not in codes]
    return codes


def card_language(country: str | None, installed: frozenset[str] | set[str]) -> str | None:
    """The installed Latin-script language a card from ``country`` ("ES") is printed in, first
    listed first ("CH" -> deu); None for an unknown country or when none of its languages is installed."""
    if not country:
        return None
    for lang in LANGUAGES.values():
        if lang.script == "Latin" and country.upper() in lang.regions.split() and lang.code in installed:
            return lang.code
    return None


def native_language(country: str | None, installed: frozenset[str] | set[str]) -> str | None:
    """The installed language of another script a card from ``country`` may print the name in
    ("SA" -> ara, "TW" -> chi_tra), None for a Latin-script country or when it isn't installed."""
    if not country:
        return None
    for lang in LANGUAGES.values():
        if lang.script != "Latin" and country.upper() in lang.regions.split() and lang.code in installed:
            return lang.code
    return None


def card_country(reading) -> str | None:
    """The country a card's own print points to (its "+CC" numbers, a country name, a ccTLD), not
    the phone region the user set: the evidence for the language it is printed in."""
    from ocr.fields import infer_region

    return infer_region(reading.text, [e.value for e in reading.emails], [w.value for w in reading.websites])


def native_code_script(code: str) -> str:
    """The Unicode script name of a language's letters, upper case as in character names ("ARABIC")."""
    lang = LANGUAGES.get(code)
    return {"Han": "CJK", "Hangul": "HANGUL"}.get(lang.script, lang.script.upper()) if lang else ""
