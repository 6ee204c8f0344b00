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


def test_the_app_opens_on_a_data_folder_or_database_given_without_a_command(tmp_path):
    from ui.launch import storage_options

    folder = str(tmp_path / "event-laptop")
    assert storage_options(["--data-dir", folder]) == {"data_dir": folder, "database_url": None}
    assert storage_options([f"--database=sqlite:///{folder}/x.db"]) == {
        "data_dir": None, "database_url": f"sqlite:///{folder}/x.db"}
    # anything else is the command line's: a command, help, a missing value, an unknown option
    assert storage_options(["--data-dir", folder, "contacts"]) is None
    assert storage_options(["--data-dir", folder, "--help"]) is None
    assert storage_options(["--data-dir"]) is None
    assert storage_options(["--data-dir", folder, "--frobnicate"]) is None
    assert storage_options([]) is None


def test_launch_hands_the_data_folder_to_the_app(tmp_path, monkeypatch):
    import ui.app
    import ui.launch

    opened = {}
    monkeypatch.setattr(ui.app, "main", lambda **kwargs: opened.update(kwargs) or 0)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert ui.launch.main(["--data-dir", str(tmp_path)]) == 0
    assert opened == {"open_files": None, "data_dir": str(tmp_path), "database_url": None}
