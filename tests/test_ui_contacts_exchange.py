"""File ▸ Import Contacts, Export All Contacts and Export One File per Contact, through the menu
actions with the file dialogs answered by monkeypatch (the Library and database are real)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from netcapture.config import Config
from netcapture.desk import EXPORT_FORMATS, ContactQuery, Desk
from tests.ui_support import FakeReader
from ui.main_window import MainWindow

# Three fictional people; the second card has no END:VCARD, so it is skipped (it starts on line 7).
THREE_CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:0b7f3c1e-1111-4a8e-9c1d-000000000001\r\n"
    "FN:Greta Lindqvist\r\nEMAIL;TYPE=WORK:greta@lindqvist-design.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:0b7f3c1e-2222-4a8e-9c1d-000000000002\r\n"
    "FN:Tomasz Wierzbicki\r\nEMAIL:tomasz@wierzbicki.example\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:0b7f3c1e-3333-4a8e-9c1d-000000000003\r\n"
    "FN:Amara Nwosu\r\nTEL;TYPE=CELL:+44 20 7946 0123\r\nEND:VCARD\r\n"
)


@pytest.fixture
def window(qtbot, tmp_path):
    desk = Desk.open(Config.load(data_dir=tmp_path / "data", env={}), reader=FakeReader())
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(desk, settings, detector=None, use_camera=False)
    qtbot.addWidget(w)
    w.events.set_event(desk.create_event("Harbour breakfast", date(2026, 5, 6), "Pier 3", "meet 4 people"))
    yield w
    w.writes.wait()
    w.lookups.wait()
    desk.close()


def file_action(window, text):
    [action] = [a for a in window.menuBar().actions()[0].menu().actions() if a.text().replace("&", "") == text]
    return action


def answer_messages(monkeypatch):
    said = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _parent, title, text, *_a, k=kind: said.append((k, title, text))))
    return said


def import_three(qtbot, window, tmp_path, monkeypatch):
    source = tmp_path / "people.vcf"
    source.write_text(THREE_CARDS, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(source), "")))
    said = answer_messages(monkeypatch)
    file_action(window, "Import Contacts (vCard/CSV)…").trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    return said


def test_import_shows_added_and_the_malformed_card_with_its_line(qtbot, window, tmp_path, monkeypatch):
    [(kind, _title, text)] = import_three(qtbot, window, tmp_path, monkeypatch)
    assert kind == "warning"
    assert "2 contacts added, 0 updated" in text
    assert "Card 2" in text and "line 7" in text
    rows = window.desk.contact_rows(ContactQuery(), 0, 10)
    assert sorted(r.name for r in rows) == ["Amara Nwosu", "Greta Lindqvist"]

def test_export_all_to_vcard_reads_back(qtbot, window, tmp_path, monkeypatch):
    import_three(qtbot, window, tmp_path, monkeypatch)
    out = tmp_path / "all.vcf"
    label = EXPORT_FORMATS["vcard3"].label
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *_a, **_k: (label, True)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    file_action(window, "Export All Contacts…").trigger()
    qtbot.waitUntil(lambda: window.writes.pending() == 0 and out.exists(), timeout=10000)
    assert window.info_banner.topic == "export" and window.info_banner.button.text() == "Show in folder"
    assert "Exported 2 contacts to all.vcf" in window.info_banner.label.text()

    # read it back: a second library imports the export and finds the same two people
    again = Desk.open(Config.load(data_dir=tmp_path / "again", env={}), reader=FakeReader())
    try:
        result = again.import_contacts(out)
    finally:
        again.close()
    assert (result.added, result.updated, result.problems) == (2, 0, [])
    text = out.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 2
    assert "Greta Lindqvist" in text and "Amara Nwosu" in text and "Wierzbicki" not in text


def test_export_one_file_per_contact_twice_keeps_the_same_files(qtbot, window, tmp_path, monkeypatch):
    import_three(qtbot, window, tmp_path, monkeypatch)
    folder = tmp_path / "cards"
    folder.mkdir()
    monkeypatch.setattr(QInputDialog, "getItem",
                        staticmethod(lambda *_a, **_k: (EXPORT_FORMATS["vcard4"].label, True)))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(folder)))
    action = file_action(window, "Export One File per Contact…")
    action.trigger()
    qtbot.waitUntil(lambda: window.writes.pending() == 0 and len(list(folder.iterdir())) == 2, timeout=10000)
    first = sorted(p.name for p in folder.iterdir())
    window.info_banner.label.setText("")
    action.trigger()
    qtbot.waitUntil(lambda: "Exported 2 contacts" in window.info_banner.label.text(), timeout=10000)
    assert sorted(p.name for p in folder.iterdir()) == first  # replaced in place, no "(2)" copies
    assert all("0b7f3c1e" in name and name.endswith(".vcf") for name in first)  # named by UID
    assert window.info_banner.button.text() == "Show in folder"
    for path in folder.iterdir():
        assert path.read_text(encoding="utf-8").count("BEGIN:VCARD") == 1
