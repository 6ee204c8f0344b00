"""Errors a user can cause, each with a message written for a person.

The CLI and the GUI show ``str(error)``; tests assert on the type.
"""
from __future__ import annotations

import platform


class ReaderError(Exception):
    """Base class for every error the reader reports to the user."""


class UnsupportedFileError(ReaderError):
    """The file is not an image or PDF we can read (or it is empty)."""


class ImageDecodeError(ReaderError):
    """The file looks like an image but cannot be decoded (truncated, corrupt)."""


class DecompressionBombError(ReaderError):
    """The image is so large that decoding it would exhaust memory."""


class EngineMissingError(ReaderError):
    """The OCR engine (Tesseract) is not installed or not runnable."""

    def __init__(self, detail: str = ""):
        super().__init__(f"Tesseract OCR is not installed{': ' + detail if detail else ''}. "
                         f"Install it with: {tesseract_install_hint()}")


class LanguageMissingError(ReaderError):
    """Tesseract is installed but has no data for the requested language."""


class ReadingStopped(Exception):
    """The caller asked the reader to stop (Ctrl-C in a batch): not a ReaderError, since nothing is
    wrong with the file; the cards handed over before it stay valid."""


def tesseract_install_hint(system: str | None = None) -> str:
    system = system or platform.system()
    if system == "Darwin":
        return "brew install tesseract"
    if system == "Windows":
        return "winget install UB-Mannheim.TesseractOCR"
    return "sudo apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd"
