"""Country names come from phonenumbers' region-name table alone: importing it the usual way loads the
whole geocoder too (~95 MB and ~0.5 CPU-s at every start of a reading process, which broke the
batch's 500 MB budget), so the table's file is loaded on its own. Same table, same names."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

NAMES_WITHOUT_GEOCODER = """
import sys
from ocr.gazetteers import country_names
names = country_names()
print(len(names), "phonenumbers.geodata" in sys.modules)
"""


def test_country_names_do_not_load_the_geocoder():
    out = subprocess.run([sys.executable, "-c", NAMES_WITHOUT_GEOCODER], capture_output=True, text=True,
                         cwd=REPO, timeout=120, check=True).stdout.split()
    assert int(out[0]) > 500 and out[1] == "False"


def test_the_region_names_are_phonenumbers_own():
    from phonenumbers.geodata.locale import LOCALE_DATA

    from ocr.gazetteers import _phonenumbers_region_names

    assert _phonenumbers_region_names() == LOCALE_DATA
