"""Reading options (OCR language, phone region) set through the Library reach the reader."""
from __future__ import annotations

import pytest

from netcapture.config import Config
from netcapture.errors import InvalidInputError
from netcapture.services import Library


@pytest.fixture
def library(tmp_path):
    lib = Library.open(Config.load(data_dir=tmp_path / "data", env={}))
    yield lib
    lib.close()


def test_region_and_language_apply_to_cards_read_from_now_on(library):
    assert "eng" in library.reading_languages()
    library.set_reading_options("eng", "jp")
    assert (library.config.lang, library.config.region) == ("eng", "JP")
    assert library.capture.config.region == "JP"


def test_unknown_region_or_language_is_refused_with_a_message(library):
    with pytest.raises(InvalidInputError, match="country code"):
        library.set_reading_options("eng", "XX")
    with pytest.raises(InvalidInputError, match="no data for klingon"):
        library.set_reading_options("klingon", None)
    assert (library.config.lang, library.config.region) == ("eng", None)  # nothing half-applied
