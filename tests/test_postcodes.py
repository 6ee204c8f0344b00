"""Postcode shapes that mark a line as part of an address: the town line of an Australian or a
Canadian card stays in the address (it was cut off after the street)."""
from __future__ import annotations

from ocr.fields import extract_fields_from_text


def test_an_australian_town_line_stays_in_the_address():
    r = extract_fields_from_text("Isla Moreton\nProject Manager\nBrightwater Pty Ltd\nLevel 9, 40 Harbour Street\n"
                                 "Sydney NSW 2000\nMobile: +61 491 570 156\nisla@brightwater.example")
    assert r.address.value == "Level 9, 40 Harbour Street, Sydney NSW 2000"
    assert r.name.value == "Isla Moreton" and r.company.value == "Brightwater Pty Ltd"


def test_a_canadian_postcode_makes_an_address():
    r = extract_fields_from_text("Lucas Tremblay\nDirecteur\nNordique Inc.\n100 rue King Ouest\n"
                                 "Toronto ON M5X 1A9\nlucas@nordique.example")
    assert r.address.value == "100 rue King Ouest, Toronto ON M5X 1A9"


def test_a_brazilian_cep_ends_the_address():
    r = extract_fields_from_text("Ana Souza\nDiretora Comercial\nSolar Verde Ltda.\nAv. Paulista, 1000\n"
                                 "01310-100 São Paulo SP\nana@solarverde.example", region="BR")
    assert r.address.value == "Av. Paulista, 1000, 01310-100 São Paulo SP"
    assert r.phones == []  # a CEP is no phone number

