"""Word lists that tell the lines of a business card apart.

Plain data only; the rules that use it live in ocr/fields.py and ocr/phones.py.
Every entry is lower case.
"""
from __future__ import annotations

import re

# Legal-form suffixes. Strong ones name a company wherever they stand on a line;
# weak ones ("Co", "Group") only as the line's last word.
STRONG_COMPANY_SUFFIX_RE = re.compile(
    r"(?<![A-Za-z])(?:"
    r"inc|incorporated|corp|corporation|ltd|limited|llc|l\.l\.c|llp|plc|gmbh|mbh|"
    r"k\.\s?k|pty|pte|sdn\.?\s*bhd|bhd|s\.\s?a|s\.\s?a\.\s?s|s\.\s?r\.\s?l|s\.\s?p\.\s?a|"
    r"b\.\s?v|n\.\s?v|sarl|株式会社|有限会社|合同会社|\(株\)"
    r")(?![A-Za-z])\.?",
    re.IGNORECASE,
)
WEAK_COMPANY_SUFFIX_RE = re.compile(
    r"(?<![A-Za-z])(?:co|company|group|holdings|lp|ag|kg|ug|sa|sas|spa|srl|bv|nv|ab|oy|as|a/s|aps|kk)"
    r"\.?\s*$",
    re.IGNORECASE,
)
# A firm named after its founders: "Kendrick & Partners", "Rossi & Figli", "Bos & Zonen".
FAMILY_FIRM_RE = re.compile(
    r"(?i)\S\s*(?:&|\+|\band\b|\be\b|\bet\b|\by\b)\s*(?:partners?|associates|associados|asociados|associati|"
    r"associés|associes|sons|söhne|sohne|soehne|figli|filhos|hijos|fils|zonen|co|cie|cia|company|partner)\.?$")
# Words that strongly suggest an organisation even without a legal suffix.
ORG_WORDS = {
    "consulting", "consultants", "solutions", "technologies", "technology", "systems", "software",
    "partners", "associates", "ventures", "capital", "labs", "laboratories", "laboratory", "studio",
    "studios", "agency", "industries", "international", "enterprises", "foundation", "institute",
    "university", "college", "bank", "insurance", "hospital", "clinic", "media", "networks", "services",
    "trading", "logistics", "pharma", "pharmaceuticals", "electronics", "engineering", "holdings",
    "group", "company", "corporation", "firm", "office", "bureau", "ministry", "embassy", "association",
    "society", "council", "school", "academy", "center", "centre", "gmbh", "inc", "ltd", "llc",
    "freight", "forwarding", "furniture", "gallery", "accountants", "exports", "traders",
    # the same kinds of organisation in the app's other languages (folded: no accents)
    "universidad", "universidade", "universita", "universite", "universitat", "politecnico", "instituto",
    "institut", "istituto", "hochschule", "faculdade", "facultad", "ministerio", "ministere", "ministero",
    "ministerium", "banco", "banca", "banque", "ospedale", "hopital", "seguros", "assurances",
    "assicurazioni", "comercio", "industria", "grupo", "gruppo", "groupe", "servicios", "servicos",
    "consultoria", "consultores", "logistica", "transportes", "trasporti", "ingenieria", "engenharia",
    "ministerie", "universiteit", "hogeschool", "gemeente", "stichting", "vereniging",
}
# German and Dutch write the kind of organisation as the end of a compound: "Bundesministerium",
# "Lindenau-Institut", "Sparkassenverband" ("bank" is left out: "Fairbank" is a family name)
ORG_COMPOUND_ENDS = ("ministerium", "institut", "hochschule", "gesellschaft", "verband", "versicherung",
                     "versicherungen", "akademie", "universitat", "ministerie", "vereniging",
                     # a trade as a compound's end: "Elektrotechnik", "Installatietechniek"
                     "technik", "techniek")


def is_org_word(word: str) -> bool:
    """A folded, lower-case word that names a kind of organisation, alone or as a compound's end."""
    return word in ORG_WORDS or any(word.endswith(end) and len(word) >= len(end) + 4 for end in ORG_COMPOUND_ENDS)


# Vietnamese firms name their trade in two syllables (folded): "Thương Mại" trading, "Vận Tải" transport.
# A ministry is "Bộ" and its field ("Bộ Công Thương", "Bộ Tài Chính"); "Bộ phận" is a department.
ORG_PHRASES_VI = {"thuong mai", "van tai", "xay dung", "cong nghe", "dich vu", "dau tu", "san xuat",
                  "ngan hang", "dai hoc", "bao hiem", "xuat nhap khau", "tu van"} | {
    f"bo {field}" for field in ("cong", "tai", "ngoai", "giao", "y", "noi", "tu", "ke", "nong", "khoa", "lao",
                                "van", "thong", "quoc", "xay", "ngan")}

# Job-title nouns and modifiers. A title line holds at least one noun.
TITLE_NOUNS = {
    "director", "manager", "president", "vice", "vp", "svp", "evp", "avp", "ceo", "cto", "cfo", "coo",
    "cio", "cmo", "cso", "cpo", "chro", "officer", "chief", "head", "lead", "leader", "engineer",
    "developer", "programmer", "architect", "designer", "consultant", "analyst", "specialist",
    "associate", "executive", "chairman", "chairwoman", "chair", "chairperson", "founder", "cofounder",
    "co-founder", "owner", "partner", "principal", "representative", "advisor", "adviser", "coordinator",
    "secretary", "assistant", "administrator", "supervisor", "superintendent", "professor", "lecturer",
    "researcher", "scientist", "attorney", "lawyer", "counsel", "solicitor", "barrister", "accountant",
    "auditor", "agent", "broker", "editor", "producer", "journalist", "reporter", "writer", "photographer",
    "artist", "intern", "trainee", "treasurer", "controller", "comptroller", "strategist",
    "evangelist", "technician", "physician", "doctor", "nurse", "pharmacist", "dentist",
    "surgeon", "therapist", "pastor", "planner", "buyer", "salesperson", "marketer", "recruiter",
    "trainer", "coach", "instructor", "teacher", "fellow", "member", "staff", "clerk", "ambassador",
    "commissioner", "minister", "governor", "mayor", "dean", "provost", "rector", "registrar",
    "mgr", "dir", "gm", "md", "sr", "jr", "senior", "junior", "deputy", "general", "managing",
    "assoc", "asst", "exec", "board", "expert", "operator", "inspector", "investigator",
    # occupations that are a card's title alone ("Personal Banker", "Chartered Surveyor", "Prop." of a shop)
    "banker", "underwriter", "actuary", "appraiser", "valuer", "surveyor", "foreman", "chemist", "geologist",
    "economist", "dietitian", "optometrist", "veterinarian", "paralegal", "notary", "realtor", "translator",
    "interpreter", "curator", "librarian", "correspondent", "captain", "pilot", "prop", "propr",
}
# Modifiers alone do not make a title ("Senior", "General"); a noun must be present.
TITLE_MODIFIERS = {"senior", "junior", "sr", "jr", "deputy", "general", "managing", "assoc", "asst",
                   "exec", "board", "vice", "chief", "head", "lead"}
TITLE_ABBREVIATIONS = {"ceo", "cto", "cfo", "coo", "cio", "cmo", "cso", "cpo", "chro", "vp", "svp",
                       "evp", "avp", "gm", "md", "mgr", "dir", "prop", "propr"}

# Words that name a department outright.
DEPARTMENT_NOUNS = {
    "department", "dept", "division", "div", "section", "unit", "team", "bureau", "office", "group",
    "branch", "lab", "laboratory", "center", "centre", "practice", "faculty", "school", "headquarters",
    "hq", "部", "課", "室",
}
# Business functions: a line made of these next to the title is a department.
FUNCTION_WORDS = {
    "business", "development", "sales", "marketing", "engineering", "finance", "financial",
    "operations", "human", "resources", "hr", "research", "r&d", "legal", "accounting", "procurement",
    "purchasing", "strategy", "strategic", "planning", "product", "products", "customer", "support",
    "service", "services", "international", "global", "corporate", "communications", "public",
    "relations", "pr", "technology", "it", "information", "systems", "administration", "general",
    "affairs", "quality", "assurance", "manufacturing", "production", "design", "creative", "digital",
    "solutions", "overseas", "domestic", "regional", "partnerships", "partnership", "alliances",
    "innovation", "data", "analytics", "security", "compliance", "risk", "investor", "supply", "chain",
    "logistics", "training", "consulting", "advisory", "audit", "tax", "treasury", "network",
    "infrastructure", "platform", "software", "hardware", "medical", "clinical", "education",
    "and", "&", "of", "the", "new",
}
# Areas that qualify a department ("Asia Pacific Sales") but are never one alone ("Japan").
REGION_WORDS = {"asia", "pacific", "europe", "emea", "apac", "americas", "japan", "north", "south", "east",
                "west", "latin", "america", "china", "africa", "middle", "nordic", "dach", "anz"}

# Words that never occur in a person's name on a card.
NON_NAME_WORDS = {
    "the", "and", "of", "for", "your", "our", "we", "with", "in", "to", "a", "an", "at", "by", "on",
    "is", "are", "be", "you", "my", "it", "from", "best", "better", "more", "welcome", "thank", "thanks",
    "tel", "fax", "phone", "mobile", "email", "e-mail", "mail", "web", "www", "http", "https", "url",
    "address", "japan", "street", "road", "avenue", "building", "floor", "suite",
    "management", "smart", "future", "world", "life", "quality", "value", "success",
    "innovation", "innovative", "excellence", "trust", "people", "together", "since", "official",
} | ORG_WORDS | (FUNCTION_WORDS - {"it"})

HONORIFICS = {"dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "sir",
              "mx", "mx.", "professor", "dipl.-ing.", "ing.", "eng.",
              # other languages' courtesy and professional titles; "Prop." (proprietor) and "CA."
              # (chartered accountant) on Indian cards
              "lic.", "dra.", "dott.", "avv.", "ir.", "drs.", "mme", "m.", "sra.", "srta.", "prop.", "ca.", "er."}
# Credentials printed after a name ("Jane Roe, PhD"); not part of the name itself.
POSTNOMINALS = {"phd", "ph.d", "ph.d.", "mba", "md", "m.d.", "cpa", "cfa", "pe", "p.e.", "esq", "esq.",
                "msc", "m.sc.", "bsc", "ma", "ba", "llm", "ll.m.", "pmp", "rn", "dds", "jd", "j.d.",
                "b.s.b.a.", "bba", "b.tech", "m.tech", "m.com", "b.com", "ll.b.", "mph", "b.s.", "m.s.", "b.sc.",
                "dipl.-ing.", "dipl.-kfm.", "dipl.-inf."}
NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le", "du", "dos",
                  "das", "bin", "binti", "al", "el", "ter", "ten", "y"}

ADDRESS_WORDS = {
    "street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard", "blvd", "blvd.",
    "lane", "ln", "drive", "way", "place", "pl", "square", "sq", "court", "ct", "highway", "hwy",
    "parkway", "pkwy", "suite", "ste", "ste.", "floor", "fl", "fl.", "flr", "level", "lvl", "unit",
    "room", "rm", "bldg", "bldg.", "bld", "bld.", "building", "tower", "plaza", "center", "centre",
    "house", "park", "estate", "industrial", "box", "p.o.", "po", "postfach", "strasse", "straße",
    "str.", "platz", "weg", "allee", "gasse", "ring", "damm", "rue", "avenida", "av.", "calle", "via",
    "piazza", "corso", "viale", "chome", "chōme", "cho", "machi", "ku", "shi", "gun", "ken", "prefecture",
    "city", "district", "county", "province", "state", "zip", "postcode", "〒",
}
# Japanese address suffixes glued to a place name: "Chiyoda-ku", "Osaka-shi", "Nishi-ku".
JP_ADDRESS_SUFFIX_RE = re.compile(r"[A-Za-z]-(?:ku|shi|cho|machi|gun|ken|chome|mura)\b", re.IGNORECASE)

# Street names with the street word glued on: "Friedrichstraße 123", "Kirchweg 4", "Hauptstr. 5".
STREET_SUFFIX_RE = re.compile(
    r"[A-Za-zÄÖÜäöüß]{3,}(?:straße|strasse|str\.|weg|platz|allee|gasse|damm|ufer|chaussee|laan|straat|gracht|"
    r"vej|gade|gatan|vägen|väg|veien)\s*\d",
    re.IGNORECASE,
)

US_STATES = {
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky",
    "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd",
    "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc",
}

# Country names (and common forms) -> ISO 3166 region code for phone parsing.
COUNTRY_REGIONS = {
    "japan": "JP", "nippon": "JP", "usa": "US", "u.s.a.": "US", "u.s.a": "US", "united states": "US",
    "united states of america": "US", "us": "US", "canada": "CA", "mexico": "MX", "brazil": "BR",
    "argentina": "AR", "chile": "CL", "colombia": "CO", "peru": "PE", "united kingdom": "GB", "uk": "GB",
    "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB", "ireland": "IE",
    "germany": "DE", "deutschland": "DE", "france": "FR", "italy": "IT", "italia": "IT", "spain": "ES",
    "españa": "ES", "portugal": "PT", "netherlands": "NL", "the netherlands": "NL", "holland": "NL",
    "belgium": "BE", "luxembourg": "LU", "switzerland": "CH", "schweiz": "CH", "suisse": "CH",
    "austria": "AT", "österreich": "AT", "denmark": "DK", "sweden": "SE", "norway": "NO", "finland": "FI",
    "iceland": "IS", "poland": "PL", "czech republic": "CZ", "czechia": "CZ", "slovakia": "SK",
    "hungary": "HU", "romania": "RO", "bulgaria": "BG", "greece": "GR", "turkey": "TR", "türkiye": "TR",
    "russia": "RU", "ukraine": "UA", "israel": "IL", "united arab emirates": "AE", "uae": "AE",
    "saudi arabia": "SA", "qatar": "QA", "egypt": "EG", "south africa": "ZA", "nigeria": "NG",
    "kenya": "KE", "india": "IN", "pakistan": "PK", "bangladesh": "BD", "sri lanka": "LK",
    "china": "CN", "p.r. china": "CN", "prc": "CN", "hong kong": "HK", "taiwan": "TW", "korea": "KR",
    "south korea": "KR", "republic of korea": "KR", "singapore": "SG", "malaysia": "MY",
    "thailand": "TH", "vietnam": "VN", "viet nam": "VN", "philippines": "PH", "indonesia": "ID",
    "australia": "AU", "new zealand": "NZ", "cambodia": "KH", "myanmar": "MM", "laos": "LA",
}

# Two-letter TLDs that are used worldwide as generic names, so they say nothing about the country.
GENERIC_CCTLDS = {"io", "co", "ai", "me", "tv", "ly", "fm", "gg", "so", "to", "cc", "ws", "am", "la",
                  "is", "it", "sh", "vc", "xyz", "ac"}
TLD_REGION_OVERRIDES = {"uk": "GB", "eu": None, "su": None}

GENERIC_TLDS = {
    "com", "net", "org", "info", "biz", "edu", "gov", "mil", "int", "name", "pro", "aero", "coop",
    "museum", "jobs", "mobi", "travel", "asia", "tel", "app", "dev", "tech", "online", "site", "store",
    "shop", "blog", "cloud", "design", "agency", "studio", "digital", "global", "group", "company",
    "solutions", "consulting", "email", "network", "systems", "media", "news", "team", "works", "world",
    "xyz", "law", "legal", "health", "bank", "finance", "capital", "ventures", "partners", "io", "ai",
}

FREE_MAIL_DOMAINS = {
    "gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "msn", "icloud", "me", "mac",
    "aol", "gmx", "web", "mail", "protonmail", "proton", "yandex", "qq", "163", "126", "naver", "daum",
    "docomo", "ezweb", "softbank", "i", "nifty", "biglobe", "ocn", "so-net", "zoho", "fastmail", "hey",
}

SOCIAL_DOMAINS = {
    "linkedin.com": "LinkedIn", "twitter.com": "Twitter", "x.com": "X", "facebook.com": "Facebook",
    "fb.com": "Facebook", "fb.me": "Facebook", "instagram.com": "Instagram", "github.com": "GitHub",
    "youtube.com": "YouTube", "youtu.be": "YouTube", "tiktok.com": "TikTok", "xing.com": "XING",
    "t.me": "Telegram", "wa.me": "WhatsApp", "medium.com": "Medium", "threads.net": "Threads",
    "bsky.app": "Bluesky", "line.me": "LINE", "weibo.com": "Weibo", "pinterest.com": "Pinterest",
}
# URL shorteners and QR-code link services: a card's QR code or short link points through them.
LINK_SERVICES = {
    "bit.ly", "tinyurl.com", "goo.gl", "ow.ly", "t.co", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly", "tiny.cc",
    "shorturl.at", "rb.gy", "s.id", "lnkd.in", "qrco.de", "me-qr.com", "qr.link", "qr.io", "qrfy.io", "l.ead.me",
    "ead.me", "uqr.me", "scan.page", "flowcode.com", "qr-code-generator.com", "qrcode-monkey.com", "linktr.ee",
    "beacons.ai", "bio.link", "taplink.cc", "hihello.me", "hihello.com", "popl.co", "blinq.me",
}
SOCIAL_LABELS = {
    "linkedin": "LinkedIn", "twitter": "Twitter", "x": "X", "instagram": "Instagram", "insta": "Instagram",
    "ig": "Instagram", "facebook": "Facebook", "fb": "Facebook", "github": "GitHub", "skype": "Skype",
    "wechat": "WeChat", "line": "LINE", "telegram": "Telegram", "tiktok": "TikTok", "threads": "Threads",
    "bluesky": "Bluesky", "mastodon": "Mastodon", "youtube": "YouTube", "xing": "XING",
}


def tld_region(tld: str) -> str | None:
    """Region a country-code TLD points to ("jp" -> "JP"), None for generic ones."""
    tld = tld.lower()
    if tld in TLD_REGION_OVERRIDES:
        return TLD_REGION_OVERRIDES[tld]
    if len(tld) != 2 or not tld.isalpha() or tld in GENERIC_CCTLDS:
        return None
    return tld.upper()


def is_known_tld(tld: str) -> bool:
    tld = tld.lower()
    return tld in GENERIC_TLDS or tld in COUNTRY_TLDS


def _country_tlds() -> frozenset[str]:
    import phonenumbers

    codes = {r.lower() for r in phonenumbers.SUPPORTED_REGIONS}
    return frozenset(codes | {"uk", "eu", "ac", "su", "io", "tv", "me", "ai", "co", "cc", "ws", "fm"})


COUNTRY_TLDS = _country_tlds()
