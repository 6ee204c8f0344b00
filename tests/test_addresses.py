"""Printed addresses split into ADR parts by country rules (fictional addresses, 18 countries)."""
from __future__ import annotations

import pytest

from netcapture.exports.addresses import printed_address, split_address
from netcapture.exports.records import AddressParts

CASES = [  # printed address -> (street, locality, region, postcode, country)
    ("350 Maple Avenue\nSpringfield, IL 62704\nUSA", ("350 Maple Avenue", "Springfield", "IL", "62704", "USA")),
    ("1 Harbor Street, Oakport CA 94105, USA", ("1 Harbor Street", "Oakport", "CA", "94105", "USA")),
    ("12 Lakeshore Rd\nToronto, ON M5H 1J9\nCanada", ("12 Lakeshore Rd", "Toronto", "ON", "M5H 1J9", "Canada")),
    ("4 Kestrel Lane\nLondon NW1 6XE\nUnited Kingdom", ("4 Kestrel Lane", "London", "", "NW1 6XE", "United Kingdom")),
    ("Lichtweg 4\n10115 Berlin\nGermany", ("Lichtweg 4", "Berlin", "", "10115", "Germany")),
    ("Rue des Lilas 9, 75011 Paris, France", ("Rue des Lilas 9", "Paris", "", "75011", "France")),
    ("Keizersgracht 123\n1015 CJ Amsterdam\nNederland", ("Keizersgracht 123", "Amsterdam", "", "1015 CJ", "Nederland")),
    ("Via dei Fiori 10\n00186 Roma RM\nItalia", ("Via dei Fiori 10", "Roma", "RM", "00186", "Italia")),
    ("Calle Mayor 5, 28013 Madrid, España", ("Calle Mayor 5", "Madrid", "", "28013", "España")),
    ("Seeweg 1\n8001 Zürich\nSchweiz", ("Seeweg 1", "Zürich", "", "8001", "Schweiz")),
    ("Ringstraße 3\n1010 Wien\nÖsterreich", ("Ringstraße 3", "Wien", "", "1010", "Österreich")),
    ("Level 5, 100 Wattle Street\nSydney NSW 2000\nAustralia",
     ("Level 5, 100 Wattle Street", "Sydney", "NSW", "2000", "Australia")),
    ("1-2-3 Sakura-dori, Chiyoda-ku, Tokyo 100-0005, Japan",
     ("1-2-3 Sakura-dori, Chiyoda-ku", "Tokyo", "", "100-0005", "Japan")),
    ("〒100-0005 東京都千代田区丸の内1-1-1", ("丸の内1-1-1", "千代田区", "東京都", "100-0005", "")),
    ("12 Lotus Road\nBengaluru, Karnataka 560001\nIndia", ("12 Lotus Road", "Bengaluru", "Karnataka", "560001", "India")),
    ("Avenida das Flores 1000\n01310-100 São Paulo - SP\nBrasil",
     ("Avenida das Flores 1000", "São Paulo", "SP", "01310-100", "Brasil")),
    ("Tallvägen 5\n111 51 Stockholm\nSweden", ("Tallvägen 5", "Stockholm", "", "111 51", "Sweden")),
    ("ul. Lipowa 1\n00-950 Warszawa\nPolska", ("ul. Lipowa 1", "Warszawa", "", "00-950", "Polska")),
    ("7 Orchid Place\nSingapore 048616", ("7 Orchid Place", "Singapore", "", "048616", "")),
    ("Av. de la Luz 222\n06600 Ciudad de México, CDMX\nMexico",
     ("Av. de la Luz 222", "Ciudad de México", "CDMX", "06600", "Mexico")),
]


@pytest.mark.parametrize("printed,expected", CASES, ids=[c[1][4] or c[1][1] for c in CASES])
def test_country_rules_split_the_printed_address(printed, expected):
    parts = split_address(printed)
    assert (parts.street, parts.locality, parts.region, parts.postcode, parts.country) == expected


def test_the_phone_region_decides_when_no_country_is_printed():
    assert split_address("Lichtweg 4\n10115 Berlin", "DE").locality == "Berlin"
    assert split_address("4 Kestrel Lane\nOxford OX1 2JD", "GB").postcode == "OX1 2JD"


def test_what_no_rule_explains_stays_in_the_street():
    assert split_address("Unit 3, Harbour Road") == AddressParts(street="Unit 3, Harbour Road")
    assert split_address("") == AddressParts()


def test_printed_address_from_parts():
    assert printed_address(AddressParts(street="Lichtweg 4", locality="Berlin", postcode="10115",
                                        country="Germany")) == "Lichtweg 4\n10115 Berlin\nGermany"
    assert printed_address(AddressParts(street="350 Maple Avenue", locality="Springfield", region="IL",
                                        postcode="62704", country="USA")) == (
        "350 Maple Avenue\nSpringfield, IL 62704\nUSA")
