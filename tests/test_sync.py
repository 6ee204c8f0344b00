"""CardDAV sync against a real Radicale server started by the tests on 127.0.0.1.

Create, update, a change made on the server (a phone), a conflict, a card deleted on the server,
a server that is down (clear message, nothing lost, done on the next run), never/once, dry run,
the CLI, the keyring, and a proof that nothing but sync opens a network connection.
"""
from __future__ import annotations

import io
import socket
import uuid

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from netcapture.cli import main
from netcapture.errors import NetCaptureError
from netcapture.store.models import SyncItem
from netcapture.sync import credentials
from netcapture.sync.carddav import CardDavClient, ServerUnreachableError, _start_url
from netcapture.sync.engine import load_settings, set_policy, setup, sync
from tests.radicale_server import PASSWORD, USER, RadicaleServer


class MemoryKeyring(KeyringBackend):
    """A keyring for the tests only: kept in memory, works without a desktop session."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = RadicaleServer(tmp_path_factory.mktemp("radicale")).start()
    yield server
    server.stop()


@pytest.fixture
def book(radicale, library, memory_keyring):
    """A fresh address book on the server, chosen in the library's sync settings."""
    name = f"book-{uuid.uuid4().hex[:8]}"
    radicale.make_address_book(name)
    setup(library.db, radicale.url, USER, PASSWORD, address_book=name)
    return load_settings(library.db).url


def server_cards(book_url: str) -> dict[str, str]:
    with CardDavClient(USER, PASSWORD) as client:
        etags = client.etags(book_url)
        return {href: text for href, (_etag, text) in client.fetch(book_url, list(etags)).items()}


def edit_on_server(book_url: str, href: str, change) -> None:
    with CardDavClient(USER, PASSWORD) as client:
        etag, text = client.fetch(book_url, [href])[href]
        client.put(href, change(text), etag=etag)


def item(library, contact_id: int) -> SyncItem | None:
    with library.db.session(write=False) as session:
        found = session.get(SyncItem, contact_id)
        if found is not None:
            session.expunge(found)
        return found


def test_setup_finds_the_address_book_and_keeps_the_password_in_the_keyring(book, memory_keyring, library):
    settings = load_settings(library.db)
    assert settings.url == book and settings.user == USER
    assert memory_keyring.passwords == {(credentials.SERVICE, f"{USER}@{book}"): PASSWORD}
    assert PASSWORD not in (library.config.data_dir / "netcapture.sqlite3").read_bytes().decode("latin-1")


def test_an_email_address_starts_discovery_at_its_domain():
    assert _start_url("mara@mail.example.org") == "https://mail.example.org/"
    assert _start_url("cloud.example.org/remote.php/dav") == "https://cloud.example.org/remote.php/dav"


def test_create_update_and_dry_run(book, library):
    lea = library.create_contact(full_name="Lea Sommer", company="Nordlicht Optik", emails=["lea@nordlicht.example"])
    library.create_contact(company="Ortega Logistics", emails=["hola@ortega.example"])
    preview = sync(library.db, dry_run=True)
    assert sorted(preview.created) == ["Lea Sommer", "Ortega Logistics"] and not server_cards(book)
    report = sync(library.db)
    assert sorted(report.created) == ["Lea Sommer", "Ortega Logistics"] and not report.conflicts
    cards = server_cards(book)
    assert len(cards) == 2 and any("FN:Lea Sommer" in c for c in cards.values())
    assert sync(library.db).created == []  # nothing new: nothing sent

    library.update_contact(lea.id, title="Head of Research")
    report = sync(library.db)
    assert report.updated == ["Lea Sommer"] and not report.created
    assert any("TITLE:Head of Research" in c for c in server_cards(book).values())


def test_a_change_on_the_phone_is_pulled_and_unknown_properties_are_kept(book, library):
    lea = library.create_contact(full_name="Lea Sommer", emails=["lea@nordlicht.example"])
    sync(library.db)
    href = item(library, lea.id).href
    edit_on_server(book, href, lambda text: text.replace(
        "END:VCARD", "TEL;TYPE=CELL:+4915123456789\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n"
                     "X-PHONETIC-FIRST-NAME:Leah\r\nEND:VCARD"))
    report = sync(library.db)
    assert report.pulled == ["Lea Sommer"] and not report.conflicts
    contact = library.get_contact(lea.id)
    assert [(p.e164, p.kind) for p in contact.phones] == [("+4915123456789", "mobile")]
    assert "phones" in contact.corrected_fields  # a later reading of the card keeps the phone's edit

    library.update_contact(lea.id, title="CTO")
    assert sync(library.db).updated == ["Lea Sommer"]
    [card] = server_cards(book).values()
    assert "TITLE:CTO" in card and "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ" in card and "X-PHONETIC-FIRST-NAME:Leah" in card


def test_a_conflict_is_reported_and_nothing_overwritten(book, library):
    lea = library.create_contact(full_name="Lea Sommer", title="Engineer")
    sync(library.db)
    href = item(library, lea.id).href
    edit_on_server(book, href, lambda text: text.replace("TITLE:Engineer", "TITLE:Phone title"))
    library.update_contact(lea.id, title="App title")
    report = sync(library.db)
    assert len(report.conflicts) == 1 and "Lea Sommer" in report.conflicts[0]
    assert not (report.updated or report.pulled)
    assert "TITLE:Phone title" in server_cards(book)[href] and library.get_contact(lea.id).title == "App title"
    settled = sync(library.db, take="here")
    assert settled.updated == ["Lea Sommer"] and "TITLE:App title" in server_cards(book)[href]


def test_a_card_deleted_on_the_server_is_not_created_again(book, library):
    lea = library.create_contact(full_name="Lea Sommer")
    sync(library.db)
    href = item(library, lea.id).href
    with CardDavClient(USER, PASSWORD) as client:
        client.request("DELETE", href)
    report = sync(library.db)
    assert report.deleted == ["Lea Sommer"] and not report.created
    assert item(library, lea.id).policy == "never"
    assert sync(library.db).created == [] and server_cards(book) == {}
    assert library.get_contact(lea.id).full_name == "Lea Sommer"  # kept here


def test_never_and_once(book, library):
    quiet = library.create_contact(full_name="Quiet Person")
    once = library.create_contact(full_name="Once Person")
    set_policy(library.db, quiet.id, "never")
    set_policy(library.db, once.id, "once")
    assert sync(library.db).created == ["Once Person"]
    library.update_contact(once.id, title="Changed later")
    assert sync(library.db).updated == []
    assert [c for c in server_cards(book).values() if "Quiet" in c] == []


def test_a_server_that_is_down_loses_nothing_and_the_next_sync_catches_up(tmp_path, library, memory_keyring):
    server = RadicaleServer(tmp_path / "own").start()
    try:
        server.make_address_book("contacts")
        setup(library.db, server.url, USER, PASSWORD)
        library.create_contact(full_name="Lea Sommer")
        server.stop()
        with pytest.raises(ServerUnreachableError, match="Cannot reach the CardDAV server at http://127.0.0.1:.*"
                                                         "Nothing was changed"):
            sync(library.db)
        with library.db.session(write=False) as session:
            assert session.query(SyncItem).count() == 0
        server.start()
        assert sync(library.db).created == ["Lea Sommer"]
    finally:
        server.stop()


def test_cli_setup_and_sync(radicale, config, memory_keyring, monkeypatch, capsys):
    name = f"cli-{uuid.uuid4().hex[:8]}"
    radicale.make_address_book(name)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    common = ["--data-dir", str(config.data_dir), "--database", config.database_url]
    assert main(["sync", "setup", radicale.url, "--user", USER, "--password-stdin", "--address-book", name,
                 *common]) == 0
    assert name in capsys.readouterr().out
    from netcapture.services import Library

    with Library.open(config) as library:
        library.create_contact(full_name="Ines Varga")
    assert main(["sync", "--dry-run", *common]) == 0
    assert "1 would be created: Ines Varga" in capsys.readouterr().out
    assert main(["sync", *common]) == 0
    out = capsys.readouterr().out
    assert "1 created: Ines Varga" in out and "0 conflict(s)" in out


def test_no_keyring_gives_a_clear_message(radicale, library):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        name = f"nokey-{uuid.uuid4().hex[:8]}"
        radicale.make_address_book(name)
        with pytest.raises(credentials.NoKeyringError, match="No system keyring is available"):
            setup(library.db, radicale.url, USER, PASSWORD, address_book=name)
        assert load_settings(library.db) is None
    finally:
        keyring.set_keyring(previous)


def test_wrong_password_is_a_clear_message(radicale, library, memory_keyring):
    with pytest.raises(NetCaptureError, match="did not accept the user name and password"):
        setup(library.db, radicale.url, USER, "wrong")


def test_nothing_but_sync_opens_a_network_connection(library, tmp_path, monkeypatch):
    """Capture, read, import and export run without a single connect()."""
    from tests.store_fakes import card, write_card_file

    def refuse(self, address):
        raise AssertionError(f"a network connection to {address} was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    scanned = library.scan([write_card_file(tmp_path / "a.json", card("Mara Quist", "Kestrel Labs",
                                                                      emails=["mara@kestrel.example"]))])
    assert scanned.contact_ids
    for fmt in ("vcard3", "vcard4", "csv-google", "csv-outlook"):
        out = io.BytesIO() if fmt.startswith("csv") else io.StringIO()
        library.export(fmt, out, include_photo=True)
    vcf = io.StringIO()
    library.export("vcard3", vcf)
    library.import_vcards(vcf.getvalue().encode())
    library.export_per_contact("vcard4", tmp_path / "each")
