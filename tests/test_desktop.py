"""Desktop integration: `netcapture --install-desktop` and "Open with NetCapture"."""
from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET

from netcapture.cli import main as cli_main
from netcapture.desktop import APP_ID, install_desktop
from ui.launch import opened_files


def test_install_desktop_writes_entry_metainfo_and_icon_named_after_the_app_id(tmp_path):
    paths = install_desktop(tmp_path, executable="/opt/net capture/bin/netcapture")
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        f"applications/{APP_ID}.desktop", f"metainfo/{APP_ID}.metainfo.xml",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg"]
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(paths[0], encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "/opt/net capture/bin/netcapture %F"  # files from "Open with"
    assert desktop["Icon"] == APP_ID
    mime = desktop["MimeType"].rstrip(";").split(";")
    assert {"image/jpeg", "image/png", "image/heic", "application/pdf"} <= set(mime)
    launchable = ET.parse(paths[1]).getroot().find("launchable")
    assert launchable.text == f"{APP_ID}.desktop" and ET.parse(paths[1]).getroot().findtext("id") == APP_ID
    assert paths[2].read_bytes().startswith(b"<")


def test_the_cli_flag_installs_for_the_user(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cli_main(["--install-desktop"]) == 0
    assert (tmp_path / "applications" / f"{APP_ID}.desktop").is_file()
    assert "Installed" in capsys.readouterr().out


def test_files_given_by_open_with_open_the_app_not_the_cli(tmp_path):
    card = tmp_path / "card.jpg"
    card.write_bytes(b"\xff\xd8\xff")
    assert opened_files([str(card)]) == [card]
    assert opened_files(["read", str(card)]) == []  # a command
    assert opened_files(["--version"]) == []
    assert opened_files([str(tmp_path / "missing.jpg")]) == []
