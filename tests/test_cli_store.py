"""The storage commands end to end: scan, events, contacts, export, import (with the fake reader)."""
from __future__ import annotations

import json

import pytest

from netcapture import capture, cli
from tests.store_fakes import card, fake_read, write_card_file


@pytest.fixture
def run(config, monkeypatch, capsys):
    monkeypatch.setattr(capture, "default_reader", lambda _config: fake_read)
    monkeypatch.delenv("NETCAPTURE_DATABASE_URL", raising=False)

    def invoke(*argv: str) -> tuple[int, str, str]:
        status = cli.main(["--data-dir", str(config.data_dir), *argv])
        out, err = capsys.readouterr()
        return status, out, err

    return invoke


def test_help_for_every_storage_command(capsys):
    for command in ("scan", "events", "contacts", "export", "import"):
        with pytest.raises(SystemExit) as exit_info:
            cli.main([command, "--help"])
        assert exit_info.value.code == 0
        assert "--database" in capsys.readouterr().out


def test_scan_lists_failures_and_exits_1(run, tmp_path):
    folder = tmp_path / "cards"
    write_card_file(folder / "a.jpg", card("Anna Schmidt", "ACME", emails=["anna@acme.de"]))
    write_card_file(folder / "sub" / "b.png", card("Bo Chen", "Initech"), card("Cy Diaz", "Globex"))
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 not really")
    status, out, err = run("scan", str(folder), "--event", "Expo 2026")
    assert status == 1
    assert "2 file(s) read, 3 contact(s)" in out
    assert "broken.jpg: " in err and "cannot be decoded" in err
    assert "Reading" in err  # the progress bar

    (folder / "broken.jpg").unlink()
    status, out, _err = run("scan", str(folder), "--event", "Expo 2026")
    assert status == 0 and "2 already done" in out


def test_events_and_contacts_commands(run, tmp_path):
    assert run("events", "add", "Expo", "--date", "2026-03-04", "--goal", "meet 5-8 people", "--use")[0] == 0
    run("scan", str(write_card_file(tmp_path / "a.jpg", card("Anna Schmidt", "ACME", emails=["anna@acme.de"]))))
    run("scan", str(write_card_file(tmp_path / "b.jpg", card("Bo Chen", "Initech"))), "--event", "Meetup")
    status, out, _ = run("events")
    assert status == 0 and "* 2026-03-04  Expo  (1 contact)" in out and "Meetup  (1 contact)" in out
    status, out, _ = run("contacts", "--search", "schmi")
    assert "Anna Schmidt" in out and "Bo Chen" not in out
    status, out, _ = run("contacts", "--event", "Meetup", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Bo Chen"]
    status, _out, err = run("contacts", "--event", "Nowhere")
    assert status == 2 and "no event called 'Nowhere'" in err


def test_export_formats_and_import_round_trip(run, tmp_path, config):
    run("scan", str(write_card_file(tmp_path / "a.jpg", card(
        "Anna Schmidt", "ACME", emails=["anna@acme.de"], phones=[("030 1234567", "+49301234567", "work")]))),
        "--event", "Expo")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for fmt, name, marker in [("vcard3", "all.vcf", "VERSION:3.0"), ("vcard4", "all4.vcf", "VERSION:4.0"),
                              ("csv-google", "g.csv", "Anna"), ("csv-outlook", "o.csv", "Anna")]:
        status, _out, err = run("export", "--format", fmt, "--event", "Expo", "-o", str(out_dir / name))
        assert status == 0, err
        assert marker in (out_dir / name).read_text(encoding="utf-8-sig")
    assert "TEL;TYPE=WORK,VOICE:+49301234567" in (out_dir / "all.vcf").read_text()
    assert "CATEGORIES:Expo" in (out_dir / "all.vcf").read_text()

    from netcapture.services import Library

    with Library.open(config) as library:
        [contact] = library.list_contacts()
        library.add_follow_up(contact.id, summary="Send the proposal")
    assert run("export", "--format", "ics", "-o", str(out_dir / "f.ics"))[0] == 0
    ics = (out_dir / "f.ics").read_text()
    assert "BEGIN:VEVENT" in ics and "Send the proposal" in ics and "BEGIN:VALARM" in ics

    status, _out, _err = run("export", "--format", "vcard3", "--per-contact", str(out_dir / "each"))
    assert status == 0 and [p.suffix for p in (out_dir / "each").iterdir()] == [".vcf"]

    # Importing our own export updates the same contact (same UID) instead of duplicating it.
    status, out, _ = run("import", str(out_dir / "all.vcf"))
    assert status == 0 and "Imported 0 new contact(s), updated 1" in out
    phone = tmp_path / "phone.vcf"
    phone.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim Park\r\nN:Park;Kim;;;\r\nORG:Hooli\r\n"
                     "EMAIL:kim@hooli.com\r\nEND:VCARD\r\n", encoding="utf-8")
    status, out, _ = run("import", str(phone), "--event", "Expo")
    assert status == 0 and "Imported 1 new contact(s)" in out
    status, out, _ = run("contacts", "--event", "Expo", "--json")
    assert sorted(c["name"] for c in json.loads(out)) == ["Anna Schmidt", "Kim Park"]


def test_import_of_a_non_vcard_file_is_a_clear_error(run, tmp_path):
    bogus = tmp_path / "notes.vcf"
    bogus.write_text("just some text\n")
    status, _out, err = run("import", str(bogus))
    assert status == 2 and "is not a vCard" in err and "Traceback" not in err


def test_corrupt_database_gives_a_message_not_a_traceback(run, config):
    (config.data_dir / "netcapture.sqlite3").write_bytes(b"garbage" * 1000)
    (config.data_dir / "netcapture.sqlite3-wal").unlink(missing_ok=True)
    status, _out, err = run("events")
    assert status == 2 and "damaged" in err and "Traceback" not in err
