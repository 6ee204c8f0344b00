"""Fictional people and companies: what a synthetic card says, known exactly.

`make_card_truth(rng)` draws a person, their company and its address from small word
lists; the email and website are derived from the name and the company so that they
agree with each other the way they do on a real card.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tests.synthetic import phones as phone_numbers

GIVEN_NAMES = {
    "US": ["Emily", "Jacob", "Olivia", "Marcus", "Sophia", "Daniel", "Grace", "Tyler", "Hannah", "Ethan"],
    "GB": ["Oliver", "Amelia", "Harry", "Isla", "George", "Poppy", "Charlotte", "Thomas", "Freya", "Alfie"],
    "DE": ["Lukas", "Anna", "Felix", "Lena", "Jonas", "Marie", "Tobias", "Katrin", "Stefan", "Julia"],
    "FR": ["Camille", "Louis", "Chloe", "Hugo", "Manon", "Antoine", "Claire", "Julien", "Elise", "Mathieu"],
    "JP": ["Haruto", "Yui", "Kenji", "Aiko", "Takumi", "Sakura", "Daiki", "Naomi", "Ryota", "Emi"],
    "AU": ["Jack", "Matilda", "Noah", "Chloe", "Lachlan", "Ruby", "Mitchell", "Zoe", "Hamish", "Isabelle"],
}
FAMILY_NAMES = {
    "US": ["Carter", "Hughes", "Bennett", "Morales", "Sullivan", "Reyes", "Coleman", "Fischer", "Brooks", "Patel"],
    "GB": ["Whitfield", "Ashworth", "Pemberton", "Holloway", "Kendrick", "Marsh", "Thornton", "Gallagher", "Okafor", "Reid"],
    "DE": ["Becker", "Hoffmann", "Schreiber", "Krause", "Vogel", "Lehmann", "Brandt", "Wagner", "Keller", "Neumann"],
    "FR": ["Moreau", "Lefebvre", "Girard", "Fontaine", "Chevalier", "Rousseau", "Lambert", "Mercier", "Dupont", "Garnier"],
    "JP": ["Tanaka", "Watanabe", "Kobayashi", "Nakamura", "Yamamoto", "Ishikawa", "Fujita", "Okada", "Morita", "Sasaki"],
    "AU": ["Mitchell", "Kennedy", "Walsh", "Harding", "Nguyen", "Campbell", "Fraser", "O'Brien", "Doyle", "Sinclair"],
}
TITLES = [
    "Sales Director", "Senior Software Engineer", "Head of Marketing", "Chief Executive Officer",
    "Account Manager", "Project Manager", "Managing Director", "Product Designer",
    "Business Development Manager", "Research Scientist", "Partner", "Senior Consultant",
    "Operations Manager", "Chief Technology Officer", "Financial Analyst", "Regional Sales Manager",
    "Customer Success Lead", "Data Scientist", "Marketing Coordinator", "General Manager",
]
DEPARTMENTS = [
    "Sales & Marketing", "Research and Development", "Customer Success", "Global Business Development",
    "Engineering", "Finance Division", "Human Resources", "Corporate Strategy", "International Sales",
    "Product Management", "Quality Assurance", "Legal Affairs",
]
STEM_HEADS = ["Blue", "North", "Silver", "Bright", "Clear", "Green", "Iron", "Red", "Sun", "Oak",
              "Stone", "River", "Cloud", "Pine", "Swift", "Gold", "Maple", "Crystal", "Harbor", "Summit"]
STEM_TAILS = ["wave", "field", "bridge", "stone", "light", "gate", "line", "point", "works", "path",
              "vale", "crest", "forge", "wind", "leaf", "port", "mark", "spring"]
INDUSTRIES = ["Analytics", "Systems", "Logistics", "Consulting", "Labs", "Robotics", "Design",
              "Foods", "Partners", "Software", "Energy", "Media", "Instruments", "Materials"]
COMPANY_SUFFIXES = {
    "US": ["Inc.", "LLC", "Corp."],
    "GB": ["Ltd.", "Ltd", "LLP"],
    "DE": ["GmbH", "AG", "GmbH & Co. KG"],
    "FR": ["SAS", "SARL", "S.A."],
    "JP": ["Co., Ltd.", "K.K.", "Inc."],
    "AU": ["Pty Ltd", "Pty. Ltd.", "Ltd"],
}
TLDS = {"US": [".com", ".io"], "GB": [".co.uk", ".com"], "DE": [".de", ".com"],
        "FR": [".fr", ".com"], "JP": [".co.jp", ".jp"], "AU": [".com.au", ".au"]}


@dataclass
class Address:
    lines: list[str]  # as printed, one string per printed line
    street: str
    city: str
    region: str
    postcode: str
    country: str

    @property
    def one_line(self) -> str:
        return ", ".join(self.lines)


@dataclass
class CardTruth:
    """What is printed on a synthetic card. `to_dict()` has the reader's JSON keys."""

    name: str
    title: str | None
    department: str | None
    company: str
    emails: list[str]
    phones: list[dict[str, str]]  # {"number": as printed, "kind": work|mobile|fax, "e164": ...}
    websites: list[str]
    address: Address | None
    country: str  # ISO region of the card, the region a reader should infer
    given_name: str
    family_name: str
    prefix: str = ""
    company_stem: str = ""  # the short name a logo wordmark may show
    domain: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "department": self.department,
            "company": self.company,
            "emails": list(self.emails),
            # (the number as dialled, its extension after it: the reader's "number", and real cards' labels)
            "phones": [{"number": p["number"] + (f" ext. {p['extension']}" if p.get("extension") else ""),
                        "kind": p["kind"]} for p in self.phones],
            "websites": list(self.websites),
            "address": self.address.one_line if self.address else None,
            # a partner's name printed under the owner's is as much the card's name (real labels' convention)
            **({"name_alt": [self.extra["second_person"]]} if self.extra.get("second_person") else {}),
        }


def _pick(rng: np.random.Generator, items):
    return items[int(rng.integers(len(items)))]


def _chance(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


def _postcode(rng: np.random.Generator, country: str) -> tuple[str, str, str]:
    """(city, region, postcode) for a country, with the postcode in its local shape."""
    d = lambda n: "".join(str(int(rng.integers(10))) for _ in range(n))  # noqa: E731
    if country == "US":
        city, region = _pick(rng, [("Portland", "OR"), ("Austin", "TX"), ("Denver", "CO"), ("Boston", "MA"),
                                   ("Seattle", "WA"), ("Chicago", "IL")])
        return city, region, "9" + d(4) if region in ("OR", "WA") else d(5)
    if country == "GB":
        city, area = _pick(rng, [("London", "EC1V"), ("Leeds", "LS1"), ("Manchester", "M1"), ("Bristol", "BS1"),
                                 ("Edinburgh", "EH2")])
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        return city, "", f"{area} {d(1)}{_pick(rng, letters)}{_pick(rng, letters)}"
    if country == "DE":
        city = _pick(rng, ["Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt", "Leipzig"])
        return city, "", d(5)
    if country == "FR":
        city = _pick(rng, ["Paris", "Lyon", "Lille", "Bordeaux", "Nantes", "Toulouse"])
        return city, "", _pick(rng, ["75", "69", "59", "33", "44", "31"]) + "0" + d(2)
    if country == "JP":
        city, ward = _pick(rng, [("Tokyo", "Chiyoda-ku"), ("Tokyo", "Minato-ku"), ("Osaka", "Kita-ku"),
                                 ("Tokyo", "Shibuya-ku"), ("Nagoya", "Naka-ku"), ("Fukuoka", "Chuo-ku")])
        return city, ward, f"{d(3)}-{d(4)}"
    city, region = _pick(rng, [("Sydney", "NSW"), ("Melbourne", "VIC"), ("Brisbane", "QLD"), ("Perth", "WA"),
                               ("Adelaide", "SA")])
    return city, region, d(4)


def make_address(rng: np.random.Generator, country: str) -> Address:
    city, region, postcode = _postcode(rng, country)
    num = str(int(rng.integers(1, 240)))
    if country == "US":
        street = f"{num} {_pick(rng, ['Quillfeather Drive', 'Brambleton Avenue', 'Tinderbox Street', 'Wrenfield Lane', 'Glimmerlake Blvd'])}"
        if _chance(rng, 0.4):
            street += f", Suite {int(rng.integers(1, 20)) * 100}"
        lines = [street, f"{city}, {region} {postcode}"]
        name = "USA"
    elif country == "GB":
        street = f"{num} {_pick(rng, ['Larkspur Road', 'Thistledown Lane', 'Copperbeech Street', 'Foxglove Lane', 'Nettlecombe Square'])}"
        lines = [street, f"{city} {postcode}"]
        name = "United Kingdom"
    elif country == "DE":
        street = f"{_pick(rng, ['Quellenbachstrasse', 'Mondsteinweg', 'Fliederhainallee', 'Am Funkelmarkt', 'Wolkenplatz'])} {num}"
        lines = [street, f"{postcode} {city}"]
        name = "Germany"
    elif country == "FR":
        street = f"{num} {_pick(rng, ['rue des Quatre-Lucioles', 'avenue du Petit-Nuage', 'boulevard des Plumes', 'rue de la Lune-Verte'])}"
        lines = [street, f"{postcode} {city}"]
        name = "France"
    elif country == "JP":
        block = f"{int(rng.integers(1, 9))}-{int(rng.integers(1, 30))}-{int(rng.integers(1, 20))}"
        street = f"{block} {_pick(rng, ['Hoshizora', 'Nishi-Kumoda', 'Kitasuna', 'Minamiyuki', 'Sakuragi'])}"
        if _chance(rng, 0.5):
            street = f"{_pick(rng, ['Sakura', 'Hikari', 'Aoba', 'Midori'])} Bldg. {int(rng.integers(2, 12))}F, {street}"
        lines = [street, f"{region}, {city} {postcode}"]
        name = "Japan"
    else:
        street = f"{num} {_pick(rng, ['Wattlebird Street', 'Bluegum Street', 'Lyrebird Street', 'Billabong Ridge Road'])}"
        if _chance(rng, 0.4):
            street = f"Level {int(rng.integers(2, 30))}, {street}"
        lines = [street, f"{city} {region} {postcode}"]
        name = "Australia"
    if _chance(rng, 0.5):
        lines.append(name)
    return Address(lines=lines, street=street, city=city, region=region, postcode=postcode, country=name)


def _email_local(rng: np.random.Generator, given: str, family: str) -> str:
    g, f = given.lower(), family.lower().replace("'", "")
    return _pick(rng, [f"{g}.{f}", f"{g[0]}.{f}", f"{g}", f"{g}{f[0]}", f"{g}_{f}", f"{g[0]}{f}"])


def make_card_truth(rng: np.random.Generator, country: str | None = None) -> CardTruth:
    """A fictional person's card: name, job, company, consistent email/website, valid phones."""
    country = country or _pick(rng, phone_numbers.COUNTRIES)
    given, family = _pick(rng, GIVEN_NAMES[country]), _pick(rng, FAMILY_NAMES[country])
    prefix = "Dr." if _chance(rng, 0.06) else ""
    name = " ".join(p for p in (prefix, given, family) if p)

    stem = _pick(rng, STEM_HEADS) + _pick(rng, STEM_TAILS)
    industry = _pick(rng, INDUSTRIES) if _chance(rng, 0.7) else ""
    company = " ".join(p for p in (stem, industry, _pick(rng, COMPANY_SUFFIXES[country])) if p)
    domain_name = stem.lower() + ("-" + industry.lower() if industry and _chance(rng, 0.3) else "")
    domain = domain_name + _pick(rng, TLDS[country])

    emails = [f"{_email_local(rng, given, family)}@{domain}"]
    if _chance(rng, 0.08):
        emails.append(f"{_pick(rng, ['info', 'sales', 'contact'])}@{domain}")
    websites = []
    if _chance(rng, 0.75):
        websites.append(_pick(rng, [f"www.{domain}", domain, f"https://{domain}", f"http://www.{domain}"]))

    international = _chance(rng, 0.5)
    phones = []
    wanted = [("work", "fixed")] if _chance(rng, 0.85) else []
    if _chance(rng, 0.6) or not wanted:
        wanted.append(("mobile", "mobile"))
    if _chance(rng, 0.35):
        wanted.append(("fax", "fixed"))
    for kind, line in wanted:
        number = phone_numbers.random_number(rng, country, line)
        printed = phone_numbers.format_number(rng, number, country, international)
        phones.append({"number": printed, "kind": kind, "e164": phone_numbers.e164(number)})

    return CardTruth(
        name=name,
        title=_pick(rng, TITLES) if _chance(rng, 0.9) else None,
        department=_pick(rng, DEPARTMENTS) if _chance(rng, 0.35) else None,
        company=company,
        emails=emails,
        phones=phones,
        websites=websites,
        address=make_address(rng, country) if _chance(rng, 0.8) else None,
        country=country,
        given_name=given,
        family_name=family,
        prefix=prefix,
        company_stem=stem,
        domain=domain,
    )
