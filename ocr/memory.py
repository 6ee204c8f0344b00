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
import threading
from contextlib import contextmanager
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


class _HeavyPasses:
    """Keeps a text detection (PP-OCR's, ocr/rapid_engine.py) apart from every other heavy pass of the
    process. The detector's working memory (~80-200 MB, with its input's pixels) is the reader's
    largest, and a Tesseract whole-card pass holds ~100 MB more, a photo being decoded and located
    ~70 MB, a card's ink map and layout copies ~50: in a batch, a detection beside another thread's
    heavy pass made the process's peak. The other heavy passes still run side by side (``shared``);
    a detection waits for the running ones to end and holds new ones back (``alone``). Line re-reads
    are small and never wait. A shared pass must not hold another inside it (a detection waiting
    between the two would wait for the outer one)."""

    def __init__(self):
        self._changed = threading.Condition()
        self._shared = 0  # heavy passes running
        self._alone = False  # a detection running
        self._waiting = 0  # detections waiting: new heavy passes let them go first

    @contextmanager
    def shared(self):
        with self._changed:
            self._changed.wait_for(lambda: not self._alone and not self._waiting)
            self._shared += 1
        try:
            yield
        finally:
            with self._changed:
                self._shared -= 1
                self._changed.notify_all()

    @contextmanager
    def alone(self):
        with self._changed:
            self._waiting += 1
            self._changed.wait_for(lambda: not self._alone and not self._shared)
            self._waiting -= 1
            self._alone = True
        try:
            yield
        finally:
            with self._changed:
                self._alone = False
                self._changed.notify_all()


HEAVY = _HeavyPasses()
