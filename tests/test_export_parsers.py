"""Every vCard export read by independent parsers: ical.js (Thunderbird, through node), and a real
Radicale server (its own vobject-based parsing on upload, the card read back). The importer,
vobject and the strict RFC parser read them in test_vcard_roundtrip / test_vcard_files."""
from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from netcapture.exports.records import ContactRecord, PhoneRecord
from netcapture.exports.vcard import vcard_filename, vcard_text
from netcapture.exports.vcard_import import read_vcards
from netcapture.sync.carddav import CardDavClient, card_url
from tests.radicale_server import PASSWORD, USER, RadicaleServer
from tests.test_csv_roundtrip import ACME, LEA

JS = Path(__file__).parent / "js"
PHOTO = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
ODD = ContactRecord(uid="odd-1", full_name="Zoë \"Zed\" O'Neil, Jr.", given="Zoë", family="O'Neil", suffix="Jr.",
                    company="Semi;Colon & Co", title="VP, Sales; EMEA", emails=["zoe@semi.example"],
                    phones=[PhoneRecord("+1 312 555 0101 ext. 204", "+13125550101", "work", "204")],
                    websites=["semi.example/a,b"], note="Line one\nLine two; with, punctuation \\ and ^",
                    categories=["Expo; Hall 2", "Drinks, Friday"], photo=PHOTO)
RECORDS = (LEA, ACME, ODD)


def ical_js(text: str, tmp_path: Path) -> list[dict[str, list]]:
    if shutil.which("node") is None or not (JS / "node_modules" / "ical.js").is_dir():
        pytest.skip("node or ical.js is not installed (make test installs ical.js with npm)")
    path = tmp_path / "cards.vcf"
    path.write_text(text, encoding="utf-8", newline="")
    out = subprocess.run(["node", str(JS / "parse_vcards.cjs"), str(path)], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    cards = []
    for props in json.loads(out):
        card: dict[str, list] = {}
        for prop in props:
            card.setdefault(prop["name"], []).append(prop["values"])
        cards.append(card)
    return cards


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_thunderbird_ical_js_reads_what_we_wrote(version, tmp_path):
    cards = ical_js("".join(vcard_text(r, version, include_photo=True) for r in RECORDS), tmp_path)
    assert len(cards) == 3
    lea, acme, odd = cards
    assert lea["note"] == [["Needs: a distributor; in Spain"]]  # no "\;" shown
    assert lea["categories"] == [["Photonics Expo; Berlin", "Meetup"]]
    assert lea["adr"][0][0][2:] == ["Lichtweg 4", "Berlin", "", "10115", "Germany"]
    assert lea["n"] == [[["Sommer", "Lea", "", "Dr.", ""]]]
    assert odd["note"] == [["Line one\nLine two; with, punctuation \\ and ^"]]
    assert odd["categories"] == [["Expo; Hall 2", "Drinks, Friday"]]
    assert odd["org"] == [["Semi;Colon & Co"]] and odd["title"] == [["VP, Sales; EMEA"]]
    assert odd["fn"] == [["Zoë \"Zed\" O'Neil, Jr."]] and odd["url"] == [["https://semi.example/a%2Cb"]]
    tel = odd["tel"][0][0]
    assert tel == ("tel:+1-312-555-0101;ext=204" if version == "4.0" else "+13125550101 x204")
    assert acme["fn"] == [["Ortega Logistics SL"]]
    assert (acme.get("kind") == [["org"]]) if version == "4.0" else (acme["x-abshowas"] == [["COMPANY"]])


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = RadicaleServer(tmp_path_factory.mktemp("radicale-parsers")).start()
    yield server
    server.stop()


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_radicale_accepts_every_card_and_gives_it_back_unchanged(radicale, version):
    book = radicale.make_address_book(f"parsers-{uuid.uuid4().hex[:8]}")
    with CardDavClient(USER, PASSWORD) as client:
        for record in RECORDS:
            client.put(card_url(book, vcard_filename(record.uid)), vcard_text(record, version, include_photo=True))
        stored = client.fetch(book, list(client.etags(book)))
    back = {r.uid: r for _etag, text in stored.values() for r in read_vcards(text)}
    for record in RECORDS:
        [direct] = read_vcards(vcard_text(record, version, include_photo=True))
        if version == "4.0" and record.photo:
            # Radicale stores cards as vobject writes them again, and vobject cuts a 4.0 "data:" URI
            # at its comma: a 4.0 photo does not survive Radicale (3.0's base64 PHOTO does).
            assert back[record.uid].photo != record.photo
            direct.photo = back[record.uid].photo = None
            direct.photo_mime = back[record.uid].photo_mime
        assert back[record.uid] == direct  # what went through the server reads as what we wrote
