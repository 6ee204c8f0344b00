"""Fictional but valid phone numbers for the countries the generator covers, printed in local styles.

Numbers are drawn digit by digit from per-country templates and kept only when the
phonenumbers library calls them valid and of the wanted type, so every number on a
synthetic card parses exactly like a real one would.
"""
from __future__ import annotations

import numpy as np
import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

COUNTRIES = ("US", "GB", "DE", "FR", "JP", "AU")

# National significant number templates; "#" is a random digit. Where a country reserves
# numbers for fiction (US 555-01xx, UK Ofcom drama ranges, AU ACMA ranges) those are used.
_FIXED = {
    "US": ["21255501##", "41555501##", "31255501##", "61755501##", "20655501##"],
    "GB": ["2079460###", "1134960###", "1314960###", "1614960###"],
    "DE": ["30########", "89#######", "40########", "69########", "211#######"],
    "FR": ["1########", "4########", "3########", "5########"],
    "JP": ["3########", "6########", "52#######", "45#######", "92#######"],
    "AU": ["25550####", "35550####", "75550####", "85550####"],
}
_MOBILE = {
    "US": ["64655501##", "91755501##", "51055501##"],
    "GB": ["7700######", "7911######", "7400######"],
    "DE": ["151########", "160########", "170########", "176########"],
    "FR": ["6########", "7########"],
    "JP": ["90########", "80########", "70########"],
    "AU": ["491570###", "491571###", "491572###"],
}
_WANTED_TYPES = {
    "fixed": {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
    "mobile": {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
}


def random_number(rng: np.random.Generator, country: str, line: str = "fixed") -> phonenumbers.PhoneNumber:
    """A valid number of the given line type ("fixed" or "mobile") in `country`."""
    templates = (_MOBILE if line == "mobile" else _FIXED)[country]
    code = phonenumbers.country_code_for_region(country)
    for _ in range(200):
        template = templates[int(rng.integers(len(templates)))]
        digits = "".join(str(int(rng.integers(10))) if c == "#" else c for c in template)
        number = phonenumbers.PhoneNumber(country_code=code, national_number=int(digits))
        if (phonenumbers.is_valid_number(number) and phonenumbers.region_code_for_number(number) == country
                and phonenumbers.number_type(number) in _WANTED_TYPES[line]):
            return number
    raise RuntimeError(f"no valid {line} number found for {country}; the templates need updating")


def _international_variants(intl: str, national: str, country: str) -> list[str]:
    """Ways people print the international form, built from phonenumbers' own grouping."""
    plus_cc, _, rest = intl.partition(" ")
    groups = rest.replace("-", " ").split()
    variants = [intl, f"{plus_cc} {' '.join(groups)}", f"{plus_cc}-{'-'.join(groups)}"]
    if country in ("DE", "FR", "GB", "AU"):  # "+49 (0)30 1234567": the trunk zero kept in brackets
        variants.append(f"{plus_cc} (0){' '.join(groups)}")
    if country == "US":
        variants.append(f"{plus_cc}.{'.'.join(groups)}")
    if country == "JP":
        variants.append(f"{plus_cc} ({groups[0]}) {' '.join(groups[1:])}")
    return variants


def format_number(rng: np.random.Generator, number: phonenumbers.PhoneNumber, country: str,
                  international: bool) -> str:
    """Print a number the way a card from `country` would, national or international."""
    intl = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    if international:
        choices = _international_variants(intl, national, country)
    else:
        choices = [national]
        if country == "US":
            digits = str(number.national_number)
            choices += [f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"]
        elif country == "FR":
            choices.append(national.replace(" ", "."))
        elif country == "JP":
            area, *rest = national.split("-")
            choices.append(f"({area}){'-'.join(rest)}")
    return choices[int(rng.integers(len(choices)))]


def e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


# Printed labels by style; each maps a phone kind to what precedes the number.
PHONE_LABEL_STYLES: dict[str, dict[str, str]] = {
    "letter": {"work": "T:", "mobile": "M:", "fax": "F:"},
    "letter_dot": {"work": "T.", "mobile": "M.", "fax": "F."},
    "abbrev": {"work": "Tel.", "mobile": "Mob.", "fax": "Fax"},
    "word": {"work": "Phone", "mobile": "Mobile", "fax": "Fax"},
    "word_colon": {"work": "Phone:", "mobile": "Mobile:", "fax": "Fax:"},
    "upper": {"work": "TEL", "mobile": "MOBILE", "fax": "FAX"},
    "office_cell": {"work": "Office", "mobile": "Cell", "fax": "Fax"},
}
