"""Handing freed memory back to the system between cards.

A card's working images (the 12 MP frame, its ink maps) and Tesseract's page results are freed after
each card, but glibc keeps freed heap pages for the process: a long batch then holds the high-water
mark of every card it read. ``malloc_trim`` returns them (a few milliseconds); elsewhere it is a no-op.
"""
from __future__ import annotations

import ctypes
from functools import lru_cache


def return_freed_memory() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the interpreter itself runs on
    except (OSError, AttributeError):
        return None  # not glibc (macOS, Windows, musl): their allocators behave differently
