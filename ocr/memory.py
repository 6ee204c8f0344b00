"""Handing freed memory back to the system between cards.

A card's working images (the 12 MP frame, its ink maps) and Tesseract's page results are freed after
each card, but glibc keeps freed heap pages for the process: a long batch then holds the high-water
mark of every card it read. ``malloc_trim`` returns them (a few milliseconds); elsewhere it is a no-op.

Between the trims, ``keep_heap_small`` sets how glibc holds memory while cards are read: blocks of
LARGE_BLOCK and more (a photo and its full-size copies, 2-4 a card) get pages of their own, handed back
when freed, and free memory over TRIM_FROM at the heap's top goes back at once. glibc's own moving
thresholds let a batch keep up to 64 MB free at each heap's top, with the photos split up by small
allocations between them: on the dev batch with the cascade the peak was 501-532 MB, 461-478 with these
(paired, 3 runs each), same readings, CPU a card within the runs' noise.
"""
from __future__ import annotations

import ctypes
from functools import lru_cache


def return_freed_memory() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
LARGE_BLOCK = 16 * 1024 * 1024  # bytes
TRIM_FROM = 4 * 1024 * 1024  # bytes


@lru_cache(maxsize=1)
def keep_heap_small() -> None:
    """Once per process, before cards are read (see the module's note)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_FROM)


@lru_cache(maxsize=1)
def _libc():
    try:
        return ctypes.CDLL(None)  # the C library the interpreter itself runs on
    except OSError:
        return None


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the interpreter itself runs on
    except (OSError, AttributeError):
        return None  # not glibc (macOS, Windows, musl): their allocators behave differently
