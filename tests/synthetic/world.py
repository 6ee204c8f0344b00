"""Fictional cards from the app's locales: names, titles, companies and numbers the way each prints them.

`make_world_truth(rng, locale)` returns a CardTruth like `identity.make_card_truth`, for one of
LOCALES: English (US, GB, AU), Portuguese (BR), Spanish (ES, AR, MX), French, German, Italian, Dutch,
Hindi-English (India), Vietnamese, Chinese (romanised; CN, TW, HK) and Japanese (romanised).
What varies, per card: degrees after the name (", MBA"), all-caps / lower-case names, initials
("K. S. Prasad"), long South-Indian names, companies with and without a legal form, web-mail
addresses (the company is then never the mail provider), numbers with or without the country
code, dotted numbers, extensions, a given name on a line of its own above the family name, a business
function where the title goes, a QR-code service link that is not the website, the company under
the title or last on the card, phone labels in the locale's language, a founding-year line ("Seit 1920"),
an office heading over the address ("Filiale di Lucca:"), a website with a path. Every name, company,
street and number is invented.
"""
from __future__ import annotations

import zlib

import numpy as np
import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from tests.synthetic.identity import Address, CardTruth

# locale -> (regions, given names, family names, titles, legal forms, company words, streets, cities)
_L = {
    "en": (["US", "GB", "AU"],
           "Emily Jacob Olivia Marcus Sophia Daniel Grace Tyler Hannah Ethan Amelia Harry Isla Poppy Lachlan",
           "Carter Hughes Bennett Sullivan Coleman Brooks Whitfield Ashworth Pemberton Holloway Kendrick Thornton",
           ["Sales Director", "Senior Software Engineer", "Head of Marketing", "Chief Executive Officer",
            "Account Manager", "Project Manager", "Managing Director", "Financial Analyst", "Operations Manager",
            "Vice President, Business Development", "Partner", "Insurance Agent", "Broker Associate"],
           ["Inc.", "LLC", "Ltd", "Corp.", "Pty Ltd"],
           ["Insurance Services", "Realty", "Consulting Group", "Analytics", "Logistics", "Dental Care",
            "Catering", "Law Office", "Studios", "Freight"],
           ["Quillfeather Drive", "Brambleton Avenue", "Tinderbox Street", "Larkspur Road"],
           ["Springvale", "Millbrook", "Harrowgate", "Eastmere"]),
    "pt": (["BR"],
           "João Ana Pedro Mariana Lucas Beatriz Rafael Camila Thiago Larissa Gustavo Fernanda",
           "Silva Souza Oliveira Pereira Almeida Carvalho Ribeiro Rocha Barbosa Teixeira Moreira",
           ["Diretor Administrativo", "Gerente de Negócios", "Consultor de Marketing", "Diretora Comercial",
            "Gerente de Vendas", "Coordenadora de Projetos", "Engenheiro de Software", "Sócio-Diretor",
            "Analista Financeiro", "Representante Comercial"],
           ["Ltda.", "S.A.", "Ltda", "EIRELI", "ME"],
           ["Buffet", "Comércio de Alimentos", "Seguros", "Engenharia", "Consultoria", "Transportes",
            "Imóveis", "Tecnologia"],
           ["Rua das Andorinhas", "Avenida dos Ipês Dourados", "Rua Pedra Lisa", "Travessa do Sol Poente"],
           ["Vila Nova do Sul", "Campo Alegre", "Serra Dourada"]),
    "es": (["ES", "AR", "MX"],
           "Alejandro Lucía Javier Carmen Diego Sofía Pablo Valentina Martín Camila Andrés Paula",
           "García Fernández López Martínez Sánchez Romero Navarro Torres Domínguez Vázquez Ruiz",
           ["Director General", "Gerente Comercial", "Jefe de Ventas", "Consultora de Marketing",
            "Directora de Operaciones", "Ingeniero de Proyectos", "Asesor Financiero", "Socio Fundador",
            "Coordinadora de Logística", "Ejecutivo de Cuentas"],
           ["S.A.", "S.L.", "S.R.L.", "S.A. de C.V.", "S.A.S."],
           ["Consultores", "Seguros", "Logística", "Alimentos", "Ingeniería", "Inmobiliaria", "Asesores"],
           ["Calle de los Almendros Altos", "Avenida del Faro Azul", "Paseo de la Brisa"],
           ["Villaluz", "Monteclaro", "San Ulises"]),
    "fr": (["FR"],
           "Camille Louis Chloé Hugo Manon Antoine Claire Julien Élise Mathieu Inès Théo",
           "Moreau Lefebvre Girard Fontaine Chevalier Rousseau Lambert Mercier Garnier Faure",
           ["Directeur Général", "Responsable Commercial", "Chef de Projet", "Consultante Marketing",
            "Directrice des Opérations", "Ingénieur d'Études", "Chargée d'Affaires", "Gérant", "Associé"],
           ["SAS", "SARL", "S.A.", "EURL"],
           ["Conseil", "Assurances", "Transports", "Ingénierie", "Traiteur", "Immobilier"],
           ["rue des Quatre-Lucioles", "avenue du Petit-Nuage", "boulevard des Plumes"],
           ["Valmont-sur-Lys", "Belcour", "Saint-Aurèle"]),
    "de": (["DE"],
           "Lukas Anna Felix Lena Jonas Marie Tobias Katrin Stefan Julia Jürgen Sören",
           "Becker Hoffmann Schreiber Krause Vogel Lehmann Brandt Wagner Keller Neumann Müller Schäfer",
           ["Geschäftsführer", "Vertriebsleiter", "Leiterin Marketing", "Projektleiter", "Berater",
            "Key Account Manager", "Abteilungsleiter Einkauf", "Inhaber", "Referentin Personal"],
           ["GmbH", "AG", "GmbH & Co. KG", "e.K."],
           ["Maschinenbau", "Beratung", "Logistik", "Versicherungen", "Elektrotechnik", "Immobilien"],
           ["Quellenbachstraße", "Mondsteinweg", "Fliederhainallee", "Wolkenplatz"],
           ["Lindenau am See", "Bergfelden", "Altmühlheim"]),
    "it": (["IT"],
           "Marco Giulia Luca Francesca Alessandro Chiara Matteo Sara Davide Elena Lorenzo Martina",
           "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo",
           ["Direttore Commerciale", "Amministratore Delegato", "Responsabile Marketing", "Consulente",
            "Direttrice Tecnica", "Ingegnere di Progetto", "Titolare", "Responsabile Vendite"],
           ["S.r.l.", "S.p.A.", "S.n.c.", "S.a.s."],
           ["Consulenze", "Assicurazioni", "Trasporti", "Ingegneria", "Alimentari", "Immobiliare"],
           ["Via dei Mandorli Fioriti", "Viale della Luna Chiara", "Corso dei Gabbiani"],
           ["Vallebruna", "Montechiaro Alto", "San Lucio"]),
    "nl": (["NL"],
           "Daan Emma Sem Julia Lucas Sanne Bram Lotte Thijs Fleur Ruben Anouk",
           "de Jong de Vries van Dijk Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks",
           ["Directeur", "Accountmanager", "Projectleider", "Adviseur", "Bedrijfsleider", "Eigenaar",
            "Manager Verkoop", "Senior Consultant"],
           ["B.V.", "N.V.", "V.O.F."],
           ["Advies", "Verzekeringen", "Transport", "Installatietechniek", "Bouw"],
           ["Zonnebloemgracht", "Meeuwenlaan", "Kievitsdreef"],
           ["Waterhoven", "Lindendam", "Oosterveld"]),
    "hi": (["IN"],
           "Rahul Priya Amit Sneha Vikram Anjali Arjun Kavya Sanjay Lakshmi Ravi Deepa Venkata Srinivas",
           "Sharma Patel Gupta Reddy Iyer Nair Menon Krishnan Rao Joshi Agarwal Subramanian Venkataraman",
           ["Managing Director", "Sales Manager", "Business Development Executive", "Senior Consultant",
            "Proprietor", "Branch Manager", "Relationship Manager", "General Manager - Operations",
            "Director", "Chartered Accountant"],
           ["Pvt. Ltd.", "Private Limited", "LLP", "Ltd."],
           ["Infotech", "Enterprises", "Traders", "Exports", "Constructions", "Textiles", "Associates"],
           ["MG Road Cross", "Lotus Lane", "Gulmohar Marg", "Anand Nagar Main Road"],
           ["Navapur", "Shantigram", "Devnagar"]),
    "vi": (["VN"],
           "Hùng Lan Minh Thảo Tuấn Hương Dũng Ngọc Quang Trang Sơn Mai",
           "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô",
           ["Giám Đốc", "Trưởng Phòng Kinh Doanh", "Phó Giám Đốc", "Kỹ Sư", "Chuyên Viên Tư Vấn",
            "Sales Manager", "Director"],
           ["Co., Ltd.", "JSC"],
           ["Thương Mại", "Xây Dựng", "Công Nghệ", "Vận Tải", "Trading", "Logistics"],
           ["Đường Hoa Sứ", "Phố Lá Me", "Đường Sông Mây"],
           ["Bình An", "Thủy Tiên"]),
    "zh": (["CN", "TW", "HK"],
           "Wei Jing Lei Fang Jun Xiu Ming Yan Hao Li Chen Ying",
           "Zhang Wang Liu Chen Yang Huang Zhao Wu Zhou Xu Lin Lam",
           ["General Manager", "Sales Director", "Marketing Manager", "Chief Engineer", "Project Manager",
            "Director", "Account Manager"],
           ["Co., Ltd.", "Limited", "Ltd."],
           ["Trading", "Technology", "Electronics", "Industrial", "Logistics", "Holdings"],
           ["Lotus Garden Road", "Jade Pond Street", "Cloud Bridge Avenue"],
           ["Jinhai", "Fengyuan", "Baishui"]),
    "ja": (["JP"],
           "Haruto Yui Kenji Aiko Takumi Sakura Daiki Naomi Ryota Emi Shota Mio",
           "Tanaka Watanabe Kobayashi Nakamura Yamamoto Ishikawa Fujita Okada Morita Sasaki",
           ["General Manager", "Sales Manager", "Managing Director", "Senior Engineer", "Director",
            "Manager, Overseas Sales", "Representative Director", "Chief Researcher"],
           ["Co., Ltd.", "K.K.", "Inc.", "Corporation"],
           ["Trading", "Electric", "Systems", "Seiko", "Industries", "Engineering"],
           ["Hoshizora", "Nishi-Kumoda", "Kitasuna", "Minamiyuki"],
           ["Hinode-shi", "Sakuragi-cho"]),
}
LOCALES = tuple(_L)
_STEM_HEADS = ["Blu", "Nor", "Sil", "Bri", "Cla", "Ver", "Ira", "Rub", "Sol", "Oak", "Pedra", "Rio", "Nube",
               "Pino", "Vel", "Oro", "Arce", "Cris", "Port", "Cima", "Lumi", "Zeni", "Kora", "Tami", "Vanta"]
_STEM_TAILS = ["wave", "via", "ton", "mar", "lux", "terra", "nova", "forte", "link", "vale", "sol", "mont",
               "ria", "gate", "dal", "tech", "mark", "ora", "lis"]
DEGREES = ["MBA", "PhD", "B.S.B.A.", "CPA", "M.Sc.", "B.Tech", "CFA", "Dipl.-Ing."]
WEBMAIL = {"US": ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com"], "BR": ["gmail.com", "hotmail.com",
           "r7.com", "bol.com.br", "yahoo.com.br"], "IN": ["gmail.com", "yahoo.co.in", "rediffmail.com"],
           "CN": ["qq.com", "163.com"], "VN": ["gmail.com", "yahoo.com.vn"], "DE": ["gmx.de", "web.de"],
           "FR": ["orange.fr", "gmail.com"], "IT": ["libero.it", "gmail.com"]}
_TLD = {"US": ".com", "GB": ".co.uk", "AU": ".com.au", "BR": ".com.br", "ES": ".es", "AR": ".com.ar",
        "MX": ".com.mx", "FR": ".fr", "DE": ".de", "IT": ".it", "NL": ".nl", "IN": ".in", "VN": ".vn",
        "CN": ".cn", "TW": ".com.tw", "HK": ".com.hk", "JP": ".co.jp"}
_COUNTRY = {"US": "USA", "GB": "United Kingdom", "AU": "Australia", "BR": "Brasil", "ES": "España",
            "AR": "Argentina", "MX": "México", "FR": "France", "DE": "Deutschland", "IT": "Italia",
            "NL": "Nederland", "IN": "India", "VN": "Việt Nam", "CN": "China", "TW": "Taiwan",
            "HK": "Hong Kong", "JP": "Japan"}
INSTITUTIONS = {
    "en": ["University of {place}", "{place} Institute of Technology", "Ministry of Trade", "{stem} Bank",
           "{place} General Hospital"],
    "pt": ["Universidade de {place}", "Instituto {stem}", "Ministério da Economia", "Banco {stem}"],
    "es": ["Universidad de {place}", "Instituto {stem}", "Ministerio de Comercio", "Banco {stem}"],
    "fr": ["Université de {place}", "Institut {stem}", "Ministère de l'Économie", "Banque {stem}"],
    "de": ["Universität {place}", "Institut für Nachrichtentechnik", "Hochschule {place}", "Bundesministerium für Verkehr"],
    "it": ["Politecnico di {place}", "Università di {place}", "Istituto {stem}", "Banca {stem}"],
    "nl": ["Universiteit {place}", "Hogeschool {place}", "Ministerie van Financiën"],
    "hi": ["{stem} Bank", "Institute of {stem} Studies", "Ministry of Commerce", "{place} Medical College"],
    "vi": ["Trường Đại học {place}", "Ngân hàng {stem}", "Bộ Công Thương"],
    "zh": ["{place} University", "{stem} Bank", "Ministry of Commerce"],
    "ja": ["{place} University", "{stem} Institute", "Ministry of Economy"],
}
PREFIXES = {"en": ["Mr.", "Ms.", "Dr."], "pt": ["Dr.", "Eng.", "Dra."], "es": ["Lic.", "Ing.", "Dr."],
            "fr": ["M.", "Mme", "Dr"], "de": ["Dr.", "Dipl.-Ing.", "Prof. Dr."], "it": ["Dott.", "Ing.", "Avv."],
            "nl": ["Ir.", "Drs.", "Mr."], "hi": ["Prop.", "CA.", "Er.", "Mr.", "Dr."], "vi": ["Mr.", "Ms."],
            "zh": ["Mr.", "Ms."], "ja": ["Mr.", "Ms."]}
FAMILY_FIRMS = {"en": ["& Associates", "& Sons", "& Partners"], "pt": ["& Filhos", "& Associados"],
                "es": ["& Asociados", "e Hijos"], "fr": ["et Fils", "& Associés"], "de": ["& Partner", "& Söhne"],
                "it": ["& Figli", "& Associati"], "nl": ["& Zonen", "& Partners"], "hi": ["& Associates", "& Sons"],
                "vi": ["& Partners"], "zh": ["& Partners"], "ja": ["& Partners"]}
_EXT_LABELS = ["ext.", "Ext.", "x", "ramal", "Durchwahl", "int."]
# Phone labels as each locale prints them (the style's English labels are drawn otherwise)
LOCALE_PHONE_LABELS = {
    "pt": [{"work": "Fone:", "mobile": "Celular:", "fax": "Fax:"}, {"work": "Tel.", "mobile": "Cel.", "fax": "Fax"}],
    "es": [{"work": "Tel.", "mobile": "Móvil:", "fax": "Fax"}, {"work": "Teléfono:", "mobile": "Celular:", "fax": "Fax:"}],
    "fr": [{"work": "Tél.", "mobile": "Portable", "fax": "Fax"}, {"work": "Tél. :", "mobile": "Mob. :", "fax": "Fax :"}],
    "de": [{"work": "Tel.", "mobile": "Handy", "fax": "Fax"}, {"work": "Telefon:", "mobile": "Mobil:", "fax": "Telefax:"}],
    "it": [{"work": "Tel.", "mobile": "Cell.", "fax": "Fax"}, {"work": "Telefono:", "mobile": "Cellulare:", "fax": "Fax:"}],
    "nl": [{"work": "Tel.", "mobile": "Mob.", "fax": "Fax"}, {"work": "Telefoon:", "mobile": "Mobiel:", "fax": "Fax:"}],
    "vi": [{"work": "ĐT:", "mobile": "DĐ:", "fax": "Fax:"}, {"work": "Điện thoại:", "mobile": "Di động:", "fax": "Fax:"}],
    "hi": [{"work": "Ph:", "mobile": "Mob:", "fax": "Fax:"}, {"work": "Tel:", "mobile": "Cell:", "fax": "Fax:"}],
}
# A line under the company or above the name that is none of the fields: the year the firm was founded
FOUNDED = {"en": ["Since {y}", "Est. {y}", "Established {y}"], "pt": ["Desde {y}"], "es": ["Desde {y}"],
           "fr": ["Depuis {y}"], "de": ["Seit {y}"], "it": ["Dal {y}"], "nl": ["Sinds {y}"], "hi": ["Since {y}"],
           "vi": ["Since {y}"], "zh": ["Since {y}"], "ja": ["Since {y}", "Est. {y}"]}
# A heading over the address: the office, never the company
OFFICE_HEADINGS = {"en": ["Head Office:", "{city} Branch Office:"], "pt": ["Matriz:", "Filial {city}:"],
                   "es": ["Oficina Central:", "Sucursal {city}:"], "fr": ["Siège social :", "Agence de {city} :"],
                   "de": ["Zentrale:", "Niederlassung {city}:"], "it": ["Sede legale:", "Filiale di {city}:"],
                   "nl": ["Hoofdkantoor:", "Vestiging {city}:"], "hi": ["Head Office:", "Regd. Office:"],
                   "vi": ["Văn phòng:", "Trụ sở chính:"], "zh": ["Head Office:"], "ja": ["Head Office:"]}
# website paths printed after the domain: a language or a landing page
SITE_PATHS = ["/en", "/pt-br", "/contact", "/home", "/de", "/it"]
# a business function printed where the title goes: the person's role ("Marketing")
FUNCTION_TITLES = ["Marketing", "Sales", "Business Development", "Finance", "Logistics", "Customer Service"]
# QR-code link services and URL shorteners printed under a QR code: never the company's website
LINK_SERVICES = ["qrco.de", "me-qr.com", "bit.ly", "qr.link", "scan.page"]
# Shops print their partners' names, each with a mobile, and what they trade in, on the card: how often
SHOP_PARTNERS = {"hi": 0.25, "en": 0.05, "pt": 0.05, "es": 0.05}
SHOP_TRADE = {"hi": 0.3, "en": 0.06, "pt": 0.06, "es": 0.06}
TRADE_HEADS = {"hi": ["Dealing in:", "Dealers in", "All types of", "Specialist in"],
               "en": ["Specialists in", "Suppliers of", "Dealers in:"],
               "pt": ["Trabalhamos com", "Venda de", "Especialistas em"],
               "es": ["Venta de", "Especialistas en", "Distribuidores de"]}
TRADE_GOODS = {"hi": ["Teak Doors", "Steel Almirahs", "Office Chairs", "Phone Covers", "LED Panels",
                      "Modular Kitchens", "Sanitary Fittings", "Sarees & Suits", "Hardware Tools", "Gift Items"],
               "en": ["Garden Supplies", "Office Desks", "Power Tools", "Kitchen Fittings", "Party Rentals",
                      "Bathroom Tiles"],
               "pt": ["Peças Automotivas", "Materiais de Construção", "Móveis Planejados", "Acessórios",
                      "Ferragens"],
               "es": ["Repuestos", "Materiales Eléctricos", "Muebles de Oficina", "Herramientas", "Regalos"]}


def _pick(rng: np.random.Generator, items):
    return items[int(rng.integers(len(items)))]


def _chance(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


def _number(rng: np.random.Generator, region: str, mobile: bool) -> phonenumbers.PhoneNumber:
    """A valid fixed or mobile number: the library's example for the region, its last digits redrawn."""
    kind = PhoneNumberType.MOBILE if mobile else PhoneNumberType.FIXED_LINE
    example = phonenumbers.example_number_for_type(region, kind)
    digits = str(example.national_number)
    wanted = {kind, PhoneNumberType.FIXED_LINE_OR_MOBILE}
    for _ in range(100):
        tail = "".join(str(int(rng.integers(10))) for _ in range(4))
        # the leading zero of an Italian fixed line is part of the number ("02 ...")
        n = phonenumbers.PhoneNumber(country_code=example.country_code, national_number=int(digits[:-4] + tail),
                                     italian_leading_zero=example.italian_leading_zero)
        if phonenumbers.is_valid_number(n) and phonenumbers.number_type(n) in wanted:
            return n
    return example


def _print_number(rng: np.random.Generator, n: phonenumbers.PhoneNumber, international: bool) -> str:
    text = phonenumbers.format_number(n, PhoneNumberFormat.INTERNATIONAL if international
                                      else PhoneNumberFormat.NATIONAL)
    if international and _chance(rng, 0.3):
        text = text.replace(" ", "-", text.count(" ") - 1).replace("+", "+", 1)
    elif international and _chance(rng, 0.15):
        text = text.replace(" ", ".").replace("-", ".")  # "+54.11.5550.0123": dotted groups (fictional)
    return text


def _name(rng: np.random.Generator, locale: str, given: str, family: str) -> tuple[str, str]:
    """(printed name, the name a reader should report) with the locale's conventions."""
    if locale == "hi" and _chance(rng, 0.3):
        # initials before the family name ("K. S. Prasad") or a long South-Indian name
        if _chance(rng, 0.5):
            init = " ".join(f"{c}." if _chance(rng, 0.5) else c for c in _pick(rng, ["K S", "R", "V K", "S"]).split())
            return f"{init} {family}", f"{init} {family}"
        long_name = f"{given} {_pick(rng, ['Venkata', 'Lakshmi', 'Narasimha', 'Sai'])} {family}"
        return long_name, long_name
    if locale == "vi":
        middle = _pick(rng, ["Văn", "Thị", "Minh", "Đức"])
        return f"{family} {middle} {given}", f"{family} {middle} {given}"
    if locale in ("zh", "ja") and _chance(rng, 0.4):
        return f"{family.upper()} {given}", f"{family} {given}"
    return f"{given} {family}", f"{given} {family}"


def _address(rng: np.random.Generator, locale: str, region: str) -> Address:
    streets, cities = _L[locale][6], _L[locale][7]
    street, city = _pick(rng, streets), _pick(rng, cities)
    num = str(int(rng.integers(1, 400)))
    post = "".join(str(int(rng.integers(10))) for _ in range(5 if region not in ("NL", "AU") else 4))
    if region == "NL":
        post += " " + _pick(rng, ["AB", "KL", "RT"])
    if region in ("BR", "ES", "AR", "MX", "FR", "DE", "IT", "NL", "VN"):
        lines = [f"{street}, {num}" if region in ("BR", "ES", "AR", "MX", "IT") else f"{num} {street}"
                 if region == "FR" else f"{street} {num}", f"{post} {city}"]
    elif region == "IN":
        lines = [f"{num}, {street}", f"{city} - {post}{int(rng.integers(10))}"]
    elif region == "US" and _chance(rng, 0.4):  # "SPRINGVALE, MICHIGAN": a city line with no number
        lines = [f"{num} {street}", f"{city}, {_pick(rng, ['Michigan', 'Oregon', 'Texas', 'Ohio', 'Virginia'])}"]
        if _chance(rng, 0.6):
            lines[1] = lines[1].upper()
    else:
        lines = [f"{num} {street}", f"{city} {post}"]
    if _chance(rng, 0.5):
        lines.append(_COUNTRY[region])
    return Address(lines=lines, street=lines[0], city=city, region="", postcode=post, country=_COUNTRY[region])


def make_world_truth(rng: np.random.Generator, locale: str | None = None) -> CardTruth:
    """A fictional card from `locale` (one of LOCALES; drawn when None)."""
    locale = locale or _pick(rng, LOCALES)
    regions, givens, families, titles, forms, words, _, _ = _L[locale]
    region = _pick(rng, regions)
    if locale == "nl":
        families = "de-Jong de-Vries van-Dijk Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks"
    given, family = _pick(rng, givens.split()), _pick(rng, families.split()).replace("-", " ")
    printed, name = _name(rng, locale, given, family)
    case = rng.random()
    if case < 0.12:
        printed = name = printed.upper()
    elif case < 0.17 and locale not in ("vi",):
        printed = name = printed.lower()
    if _chance(rng, 0.1):
        printed = f"{printed}, {_pick(rng, DEGREES)}"  # the degree is printed, not part of the name
    elif _chance(rng, 0.15):
        prefix = _pick(rng, PREFIXES[locale])  # printed before the name, and read as part of it
        printed = name = f"{prefix} {printed}"

    stem = _pick(rng, _STEM_HEADS) + _pick(rng, _STEM_TAILS)
    word = _pick(rng, words) if _chance(rng, 0.75) else ""
    with_form = _chance(rng, 0.7)
    if locale == "vi" and with_form and _chance(rng, 0.5):
        company = f"Công ty TNHH {stem} {word}".strip()
    elif _chance(rng, 0.1):  # universities, institutes, ministries, banks, hospitals: no legal form
        place = _pick(rng, _L[locale][7])
        company = _pick(rng, INSTITUTIONS[locale]).format(place=place, stem=stem)
    elif _chance(rng, 0.12):  # a firm named after a family: "Okafor & Associates", "Rossi & Figli"
        founder = _pick(rng, families.split()).replace("-", " ")
        stem = founder.split()[-1]
        company = f"{founder} {_pick(rng, FAMILY_FIRMS[locale])}"
    else:
        company = " ".join(p for p in (stem, word, _pick(rng, forms) if with_form else "") if p)
    if _chance(rng, 0.25):
        company = company.upper()  # firms often print their name in capitals
    # a domain is ASCII even when the founder's name has accents ("Domínguez & Asociados": dominguez.com.ar)
    import unicodedata
    domain = "".join(c for c in unicodedata.normalize("NFKD", stem.lower()) if not unicodedata.combining(c))
    domain += _TLD[region]
    if _chance(rng, 0.2):  # a domain that does not spell the company: initials, or another brand
        initials = "".join(w[0] for w in company.split() if w[:1].isalpha()).lower()
        domain = (initials if len(initials) >= 2 and _chance(rng, 0.5) else
                  _pick(rng, _STEM_HEADS).lower() + _pick(rng, _STEM_TAILS)) + _TLD[region]
    g, f = given.lower(), family.lower().replace(" ", "")
    g = "".join(c for c in unicodedata.normalize("NFKD", g) if not unicodedata.combining(c)).replace("đ", "d")
    f = "".join(c for c in unicodedata.normalize("NFKD", f) if not unicodedata.combining(c)).replace("đ", "d")
    local = _pick(rng, [f"{g}.{f}", f"{g[0]}{f}", g, f"{g}_{f}", f"{g}{f}{int(rng.integers(10, 99))}"])
    if _chance(rng, 0.2):  # an office address that names nobody
        local = _pick(rng, ["info", "sales", "contato", "office", "ventas", "kontakt", "admin", "vendite"])
    webmail = _chance(rng, 0.2) and region in WEBMAIL
    if webmail and _chance(rng, 0.35):  # a shop's own name at a free-mail host: "tamiriaalimentos.lima@gmail.com"
        named = " ".join([stem] + ([word] if word and word.lower() in company.lower() else []))
        shop = "".join(c for c in unicodedata.normalize("NFKD", named.lower())
                       if c.isalnum() and not unicodedata.combining(c))
        town = "".join(c for c in unicodedata.normalize("NFKD", _pick(rng, _L[locale][7]).lower())
                       if c.isalpha() and not unicodedata.combining(c))
        local = _pick(rng, [shop, f"{shop}.{town}", f"{shop}{int(rng.integers(1, 99))}"])
    emails = [f"{local}@{_pick(rng, WEBMAIL[region]) if webmail else domain}"]
    if _chance(rng, 0.1):
        emails = []
    websites = [] if webmail and _chance(rng, 0.6) else (
        [_pick(rng, [f"www.{domain}", f"https://{domain}", f"www.{domain}"])] if _chance(rng, 0.7) else [])

    international = _chance(rng, 0.5)
    phones = []
    wanted = [("work", False)] if _chance(rng, 0.8) else []
    if _chance(rng, 0.6) or not wanted:
        wanted.append(("mobile", True))
    if _chance(rng, 0.25):
        wanted.append(("fax", False))
    for kind, mobile in wanted:
        n = _number(rng, region, mobile)
        phone = {"number": _print_number(rng, n, international), "kind": kind,
                 "e164": phonenumbers.format_number(n, PhoneNumberFormat.E164)}
        if kind == "work" and _chance(rng, 0.12):
            phone["extension"] = str(int(rng.integers(10, 9999)))
            phone["printed"] = f"{phone['number']} {_pick(rng, _EXT_LABELS)} {phone['extension']}"
        phones.append(phone)

    title = _pick(rng, titles) if _chance(rng, 0.9) else None
    if title and _chance(rng, 0.06):
        title = _pick(rng, FUNCTION_TITLES)
    truth = CardTruth(
        name=name, title=title, department=None,
        company=company, emails=emails, phones=phones, websites=websites,
        address=_address(rng, locale, region) if _chance(rng, 0.75) else None, country=region,
        given_name=given, family_name=family, company_stem=stem, domain=domain,
    )
    truth.extra.update(locale=locale, printed_name=printed, webmail=webmail)
    # the given name on a line of its own above the family name ("JANE" / "ROE")
    if printed.casefold() == f"{given} {family}".casefold() and locale not in ("vi", "zh", "ja") \
            and _chance(rng, 0.08):
        truth.extra["name_lines"] = printed.split(" ", 1)
    place = rng.random()
    if place < 0.35:
        truth.extra["company_place"] = "below" if place < 0.2 else "bottom"
    if _chance(rng, 0.1):
        truth.extra["link_service"] = f"{_pick(rng, LINK_SERVICES)}/{stem[:3].lower()}{int(rng.integers(100, 999))}"
    # drawn last, so the cards above stay those of earlier seeds
    if locale in LOCALE_PHONE_LABELS and _chance(rng, 0.5):
        truth.extra["phone_labels"] = _pick(rng, LOCALE_PHONE_LABELS[locale])
    if _chance(rng, 0.12):
        truth.extra["founded"] = _pick(rng, FOUNDED[locale]).format(y=int(rng.integers(1870, 2015)))
    if truth.address is not None and _chance(rng, 0.15):
        truth.extra["office_heading"] = _pick(rng, OFFICE_HEADINGS[locale]).format(city=truth.address.city)
    if truth.websites and _chance(rng, 0.1):
        truth.websites = [truth.websites[0].rstrip("/") + _pick(rng, SITE_PATHS)]
    # drawn from the card's own seed, not `rng`: the style drawn after the truth stays that of earlier seeds
    _as_shop(np.random.default_rng(zlib.crc32(f"{locale}|{truth.name}|{truth.company}|{domain}".encode())),
             truth, locale, international)
    return truth


def _as_shop(rng: np.random.Generator, truth: CardTruth, locale: str, international: bool) -> None:
    """A shop's card: a partner's name under the owner's (either is the card's name) with a mobile of
    their own, and a line of what the shop trades in ("Dealers in: Office Chairs, LED Panels")."""
    givens, families = _L[locale][1].split(), _L[locale][2].split()
    if _chance(rng, SHOP_PARTNERS.get(locale, 0.0)):
        partner = f"{_pick(rng, givens)} {_pick(rng, families).replace('-', ' ')}"
        if partner.split()[0].casefold() != truth.given_name.casefold():
            truth.extra["second_person"] = partner
            truth.extra["second_person_below_title"] = _chance(rng, 0.5)
            n = _number(rng, truth.country, True)
            truth.phones.append({"number": _print_number(rng, n, international), "kind": "mobile",
                                 "e164": phonenumbers.format_number(n, PhoneNumberFormat.E164)})
    if _chance(rng, SHOP_TRADE.get(locale, 0.0)):
        goods = rng.choice(TRADE_GOODS[locale], size=int(rng.integers(2, 4)), replace=False)
        truth.extra["trade"] = f"{_pick(rng, TRADE_HEADS[locale])} {', '.join(str(g) for g in goods)}"
    # the shop's name in the largest type, the people above it in smaller print
    if ("second_person" in truth.extra or "trade" in truth.extra) and _chance(rng, 0.6):
        truth.extra["shop_layout"] = True
        if _chance(rng, 0.5):  # many shops print no e-mail or website at all: nothing to match the name to
            truth.emails, truth.websites = [], []
