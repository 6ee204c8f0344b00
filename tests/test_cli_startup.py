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
