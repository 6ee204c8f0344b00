"""Card reading: image in, structured card readings out.

This package knows images and text only. It imports neither Qt nor SQLAlchemy,
so it is testable with plain pytest and reusable from the command line.
The names below load on first use (PEP 562): `from ocr.errors import ...` (the CLI's start-up)
must not pull in NumPy.
"""
from __future__ import annotations

import importlib

_SUBMODULE = {
    "DecompressionBombError": "errors", "EngineMissingError": "errors", "ImageDecodeError": "errors",
    "LanguageMissingError": "errors", "ReaderError": "errors", "ReadingStopped": "errors",
    "UnsupportedFileError": "errors",
    "CardReading": "reading", "Field": "reading", "Phone": "reading", "WordBox": "reading",
}

__all__ = sorted([*_SUBMODULE, "iter_cards", "read_cards"])


def read_cards(source, **kwargs):
    """Read every business card in an image file, PDF or array. See ocr.pipeline.read_cards."""
    from ocr.pipeline import read_cards as _read_cards

    return _read_cards(source, **kwargs)


def iter_cards(source, **kwargs):
    """One card at a time, page by page (bounded memory on long PDFs). See ocr.pipeline.iter_cards."""
    from ocr.pipeline import iter_cards as _iter_cards

    return _iter_cards(source, **kwargs)


def __getattr__(name: str):
    if name not in _SUBMODULE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_SUBMODULE[name]}"), name)
    globals()[name] = value
    return value
