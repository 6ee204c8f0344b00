"""Card reading: image in, structured card readings out.

This package knows images and text only. It imports neither Qt nor SQLAlchemy,
so it is testable with plain pytest and reusable from the command line.
"""
from ocr.errors import (
    DecompressionBombError,
    EngineMissingError,
    ImageDecodeError,
    LanguageMissingError,
    ReaderError,
    UnsupportedFileError,
)
from ocr.reading import CardReading, Field, Phone, WordBox

__all__ = [
    "CardReading",
    "DecompressionBombError",
    "EngineMissingError",
    "Field",
    "ImageDecodeError",
    "LanguageMissingError",
    "Phone",
    "ReaderError",
    "UnsupportedFileError",
    "WordBox",
    "iter_cards",
    "read_cards",
]


def read_cards(source, **kwargs):
    """Read every business card in an image file, PDF or array. See ocr.pipeline.read_cards."""
    from ocr.pipeline import read_cards as _read_cards

    return _read_cards(source, **kwargs)


def iter_cards(source, **kwargs):
    """One card at a time, page by page (bounded memory on long PDFs). See ocr.pipeline.iter_cards."""
    from ocr.pipeline import iter_cards as _iter_cards

    return _iter_cards(source, **kwargs)
