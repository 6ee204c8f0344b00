"""The OCR engine behind a small interface. Tesseract (via pytesseract) is the default.

A fake engine for unit tests only has to implement ``recognize``.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from functools import lru_cache
from typing import Protocol

import numpy as np

from ocr.errors import EngineMissingError, LanguageMissingError, ReaderError
from ocr.reading import WordBox


class OcrEngine(Protocol):
    name: str

    def recognize(self, image: np.ndarray, lang: str = "eng", psm: int = 3) -> list[WordBox]:
        """Words with boxes (in ``image`` coordinates) and 0..1 confidences, in reading order."""
        ...


class TesseractEngine:
    name = "tesseract"

    def __init__(self, command: str | None = None):
        import pytesseract

        self._pt = pytesseract
        if command:
            pytesseract.pytesseract.tesseract_cmd = command
        # One thread per Tesseract process: cards are small, and batches use one process per core.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    @property
    def command(self) -> str:
        return self._pt.pytesseract.tesseract_cmd

    def check(self, lang: str = "eng") -> None:
        """Raise a user-facing error when Tesseract or its language data is missing."""
        version = tesseract_version(self._pt.pytesseract.tesseract_cmd)
        if version is None:
            raise EngineMissingError()
        available = tesseract_languages(self._pt.pytesseract.tesseract_cmd)
        missing = [code for code in lang.split("+") if code not in available]
        if missing:
            packages = " ".join(f"tesseract-ocr-{code.replace('_', '-').lower()}" for code in missing)
            raise LanguageMissingError(
                f"Tesseract has no data for language {', '.join(missing)!s}; "
                f"install it with: sudo apt-get install {packages}")

    def recognize(self, image: np.ndarray, lang: str = "eng", psm: int = 3) -> list[WordBox]:
        # BMP is written and read much faster than pytesseract's default PNG round trip.
        import cv2  # here, not at the top: `check` runs in the CLI's parent process, which stays light

        fd, path = tempfile.mkstemp(suffix=".bmp", prefix="netcapture-")
        os.close(fd)
        try:
            cv2.imwrite(path, image)
            try:
                data = self._pt.image_to_data(
                    path, lang=lang, config=f"--psm {psm} -c tessedit_do_invert=0",
                    output_type=self._pt.Output.DICT)
            except self._pt.TesseractNotFoundError:
                raise EngineMissingError() from None
            except self._pt.TesseractError as exc:
                raise ReaderError(f"Tesseract failed: {exc.message or exc}") from None
        finally:
            os.unlink(path)
        return _words_from_data(data)


def _words_from_data(data: dict) -> list[WordBox]:
    words: list[WordBox] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        line = line_ids.setdefault(key, len(line_ids))
        words.append(WordBox(text=text, left=int(data["left"][i]), top=int(data["top"][i]),
                             width=int(data["width"][i]), height=int(data["height"][i]),
                             conf=conf / 100.0, line=line))
    return words


@lru_cache(maxsize=4)
def tesseract_version(command: str) -> str | None:
    if not (shutil.which(command) or os.path.exists(command)):
        return None
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


@lru_cache(maxsize=4)
def tesseract_languages(command: str) -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return frozenset()


def default_engine() -> TesseractEngine:
    return TesseractEngine()
