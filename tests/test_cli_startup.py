"""`netcapture --help` and `read --help` stay light: only the command being run is imported, and
neither loads the database layer, NumPy/OpenCV or Qt (the timing itself is in tests/bench/bench_startup)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netcapture.cli import COMMANDS, build_parser, chosen_command, command_summary

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "numpy", "cv2", "PySide6", "alembic", "phonenumbers", "pytesseract")

PROBE = """
import sys
from netcapture.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("LOADED", " ".join(sorted({m.split('.')[0] for m in sys.modules})))
"""


@pytest.mark.parametrize("engine", ["tesseract", "tesseract-cli"], ids=["in-process", "program"])
@pytest.mark.parametrize("args", [["--help"], ["read", "--help"]], ids=["help", "read-help"])
def test_help_loads_nothing_heavy(args, engine):
    # "program": where tesserocr is missing, the languages listed in `read --help` come from the
    # tesseract program itself, not through pytesseract (which loads NumPy)
    env = {**os.environ, "NETCAPTURE_ENGINE": engine}
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=REPO,
                         timeout=60, check=True, env=env).stdout
    loaded = set(out.rsplit("LOADED", 1)[1].split())
    assert not loaded & set(HEAVY), f"`netcapture {' '.join(args)}` imported {sorted(loaded & set(HEAVY))}"


def test_read_help_lists_the_languages_without_loading_tesseract():
    # the list comes from the data folder's file names: loading the library costs ~70 ms of a 0.3 s goal
    from ocr.engine import tessdata_languages

    if not tessdata_languages():
        pytest.skip("no Tesseract data folder where packages put it on this machine")
    out = subprocess.run([sys.executable, "-c", PROBE, "read", "--help"], capture_output=True, text=True,
                         cwd=REPO, timeout=60, check=True).stdout
    loaded = set(out.rsplit("LOADED", 1)[1].split())
    assert "tesserocr" not in loaded and "eng" in out.split("Installed:", 1)[1]


def test_the_data_folders_languages_are_the_engines_languages():
    from ocr.engine import default_engine, tessdata_languages

    engine_codes = default_engine().languages()
    if not engine_codes:
        pytest.skip("Tesseract is not installed")
    assert tessdata_languages() == engine_codes


def test_the_data_folder_is_taken_from_tessdata_prefix(tmp_path, monkeypatch):
    from ocr.engine import tessdata_languages
    from ocr.languages import installed_summary

    for name in ("eng.traineddata", "osd.traineddata", "vie.traineddata", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    assert tessdata_languages() == {"eng", "osd", "vie"}
    assert installed_summary() == "eng, vie"  # osd reads no language
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path / "missing"))
    assert tessdata_languages() is None


def test_help_lists_every_command_from_its_docstring():
    text = build_parser("").format_help()
    for name in COMMANDS:
        assert name in text
        assert command_summary(name) and not command_summary(name).startswith("`")
    assert "read business cards" in command_summary("read")


def test_the_command_is_found_after_global_options_and_their_values():
    assert chosen_command(["read", "x.jpg"]) == "read"
    assert chosen_command(["--database", "read", "scan", "a"]) == "scan"  # "read" is the option's value
    assert chosen_command(["--data-dir=/tmp", "contacts"]) == "contacts"
    assert chosen_command(["--help"]) is None
    assert chosen_command(["nonsense"]) is None


def test_every_command_still_registers_in_full():
    parser = build_parser()  # as the docs see it: every command imported and registered
    args = parser.parse_args(["read", "--json", "card.jpg"])
    assert args.func and args.paths == ["card.jpg"]


WINDOW_PROBE = """
import sys
from PySide6.QtCore import QSettings
from ui.app import create_application
app = create_application([])
from netcapture.config import Config
from netcapture.desk import Desk
from ui.main_window import MainWindow
config = Config.load(data_dir=sys.argv[1])
config.ensure_data_dir()
desk = Desk.open(config)
# before the window: its lookups queue then starts asking Tesseract (tesserocr, Pillow) off the GUI thread
print("LOADED", " ".join(sorted({m.split('.')[0] for m in sys.modules})), flush=True)
window = MainWindow(desk, QSettings(sys.argv[1] + "/settings.ini", QSettings.Format.IniFormat))
print("BUILT", " ".join(sorted(sys.modules)), flush=True)  # the window made, not yet painted
window.show()
app.processEvents()
window.lookups.wait()
"""


def test_the_first_window_opens_without_the_image_libraries(tmp_path):
    """NumPy, OpenCV, Pillow and tesserocr (~0.4 s together) load once a card or frame is read."""
    pytest.importorskip("PySide6")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", WINDOW_PROBE, str(tmp_path)], capture_output=True, text=True,
                         cwd=REPO, timeout=120, check=True, env=env).stdout
    loaded = set(out.split("LOADED", 1)[1].splitlines()[0].split())
    heavy = {"numpy", "cv2", "PIL", "pillow_heif", "tesserocr"}
    assert not loaded & heavy, f"the desktop app's start-up imported {sorted(loaded & heavy)}"


def test_the_first_window_is_built_without_libraries_it_needs_only_later(tmp_path):
    """nameparser and phonenumbers (~0.15 s together) load with the first name or number handled."""
    pytest.importorskip("PySide6")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", WINDOW_PROBE, str(tmp_path)], capture_output=True, text=True,
                         cwd=REPO, timeout=120, check=True, env=env).stdout
    built = set(out.split("BUILT", 1)[1].splitlines()[0].split())
    later = {"nameparser", "phonenumbers"}
    assert not built & later, f"the window was built with {sorted(built & later)} already loaded"
