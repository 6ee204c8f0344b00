"""`netcapture read PATH...`: read business cards from photos, scans and PDFs and print them.

Exit status, the same as `scan`'s: 0 every file gave at least one card; 1 some file could not
be read, showed no card, or a folder held no card files (the other files are still read);
2 nothing could be done (Tesseract or a language missing, bad options); 130 stopped by Ctrl-C (the
cards printed before it are whole; the files not finished are named).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from ocr.errors import EngineMissingError, LanguageMissingError, ReaderError, ReadingStopped

SHOWN_UNREAD = 5  # files not read after Ctrl-C named in the message, at most


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "read", help="read business cards from images or PDFs and print the contacts found",
        description="Read every business card in the given photos, scans or PDFs (folders are "
        "searched for images). Nothing is stored: use `netcapture scan` to add cards to your contacts.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="image, PDF or folder")
    parser.add_argument("--json", action="store_true", help="print JSON Lines, one object per card")
    from ocr.languages import installed_summary

    parser.add_argument("--lang", default="eng",
                        help="language(s) every card is read with, e.g. eng or eng+por (default: eng); a card "
                        "from another country is also read where it matters in that country's language, when "
                        "installed (accents), and print in another script (Japanese, Chinese, Arabic...) for "
                        f"the name in its own script. Installed: {installed_summary()}")
    parser.add_argument("--region", default=None, type=str.upper,
                        help="two-letter country for phone numbers printed without +code (default: guessed from the card)")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="files read in parallel (default: one per CPU core)")
    parser.add_argument("--words", action="store_true", help="with --json: include word boxes and card corners")
    from ocr.engine import ENGINES

    parser.add_argument("--engine", choices=ENGINES, default=None,
                        help="OCR engine (default: $NETCAPTURE_ENGINE, else rapidocr-cascade where PP-OCR is installed, "
                        "else tesseract): rapidocr-cascade reads with Tesseract and has PP-OCR read the cards "
                        "whose Tesseract reading shows lost lines (no e-mail address); tesseract never uses PP-OCR "
                        "(fastest); rapidocr reads every card with PP-OCR (about twice the time a card); "
                        "rapidocr-second re-reads the lines Tesseract was unsure of, rapidocr-script the cards "
                        "Tesseract can't read")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from ocr.engine import choose_engine, default_engine

    if args.engine:  # before the reading threads share it
        choose_engine(args.engine)
    try:
        default_engine().check(args.lang)
    except (EngineMissingError, LanguageMissingError) as exc:
        print(f"netcapture: {exc}", file=sys.stderr)
        return 2
    paths, problems = expand_paths(args.paths)
    for path, reason in problems:
        print(f"netcapture: {path}: {reason}", file=sys.stderr)
    failed = len(problems)
    done: list[str] = []
    stopped: dict[str, int] = {}  # files stopped part-way: how many of their cards were printed
    try:
        for path, result in read_all(paths, args.lang, args.region, args.jobs, args.words):
            with _ctrl_c_held():  # a file's cards printed and the file counted as one step
                failed += _print_result(path, result, args.json)
                if getattr(result, "stopped", False):
                    if result:  # stopped before its first card: one of the files not read
                        stopped[path] = len(result)
                else:
                    done.append(path)
    except KeyboardInterrupt:
        # read_all has stopped its threads (each within one stage of the card it was reading) and
        # handed over the cards the files in flight gave before
        print(interrupted_message(paths, done, stopped), file=sys.stderr)
        return 130
    return 1 if failed else 0


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C pressed inside the block takes effect as it ends: between printing a file's cards and
    counting the file, it would name a file whose cards were printed among the files not read.
    (Blocking the signal would not do: any reading thread may take it, and Python still raises it
    in the main thread.)"""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield  # signals are only handled in the main thread; an ignored Ctrl-C stays ignored
        return
    pressed = []
    signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:
        raise KeyboardInterrupt


def interrupted_message(paths: list[str], done: list[str], stopped: dict[str, int]) -> str:
    """What Ctrl-C left: how many files were read (their cards printed whole), which were stopped
    part-way (a PDF: the cards before the stop printed), and which were not read."""
    from ocr.load import display_path

    unread = [display_path(p) for p in paths if p not in stopped and p not in done]
    shown = ", ".join(unread[:SHOWN_UNREAD]) + (f" and {len(unread) - SHOWN_UNREAD} more"
                                                 if len(unread) > SHOWN_UNREAD else "")
    parts = [f"netcapture: interrupted: {len(done)} of {len(paths)} files read, their cards printed above"]
    parts += [f"{display_path(p)} stopped after {n} card{'s' if n != 1 else ''} (printed above)"
              for p, n in stopped.items()]
    if unread:
        parts.append(f"not read: {shown}")
    return "; ".join(parts)


def _print_result(path: str, result: list[dict] | str, as_json: bool) -> int:
    """Print one file's cards (or why it gave none); 1 when it counts as failed."""
    from ocr.load import display_path

    shown = display_path(path)
    if isinstance(result, str):
        print(f"netcapture: {shown}: {result}", file=sys.stderr)
        return 1
    if not result and not getattr(result, "stopped", False):
        print(f"netcapture: {shown}: no card found", file=sys.stderr)
    for note in getattr(result, "notes", []):  # e.g. areas of print not read as cards
        print(f"netcapture: {shown}: {note}", file=sys.stderr)
    texts = []
    for card in result:
        card["source"] = display_path(card["source"])  # a name that is not UTF-8 still prints
        texts.append(json.dumps(card, ensure_ascii=False) if as_json else format_card(card))
    if texts:  # one write a file: Ctrl-C between writes would leave half a line or half a file behind
        sys.stdout.write("".join(text + "\n" for text in texts))
        sys.stdout.flush()
    return 0 if result or getattr(result, "stopped", False) else 1


def expand_paths(given: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files as given, folders expanded to the card files inside them: the same set `scan` reads
    (ocr.load.collect_card_files)."""
    from ocr.load import collect_card_files

    files, problems = collect_card_files(given)
    return [str(p) for p in files], problems


def read_all(paths: list[str], lang: str, region: str | None, jobs: int | None,
             with_words: bool) -> Iterator[tuple[str, list[dict] | str]]:
    """Yield (path, cards as dicts | error message) in the order given.

    Files are read by threads of this one process, not by worker processes: Tesseract, OpenCV and
    NumPy let go of the GIL while they work, so the threads keep every core busy, and they share the
    loaded language sets (a card in another script is re-read with 100+ MB of them) and the imports.

    When the caller stops early (Ctrl-C, or `read --json | head`), the files not started are dropped and
    the threads stop at the next stage of the card they are reading (ocr.iter_cards' ``stop``), so Ctrl-C
    is honoured within a fraction of a second instead of after every card in flight. On Ctrl-C the files
    in flight are handed over too, before KeyboardInterrupt is raised again: whole if they were done,
    else with the cards read before the stop (a long PDF's), the list marked ``stopped``."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    stop = threading.Event()
    # even one file is read by a thread of the pool: this one only waits, so Ctrl-C reaches it at
    # once, and the reader stops at its next stage with the cards read before (a long PDF's)
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="read")
    futures = [pool.submit(_read_one, (p, lang, region, with_words, stop)) for p in paths]
    given = 0
    try:
        for path, future in zip(paths, futures, strict=True):
            result = future.result()
            given += 1
            yield path, result
    except KeyboardInterrupt:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        for path, future in zip(paths[given:], futures[given:], strict=True):  # those in flight
            if future.done() and not future.cancelled() and future.exception() is None:
                yield path, future.result()  # whole, or the cards before the stop (.stopped)
        raise
    finally:
        stop.set()  # harmless once every file is read
        pool.shutdown(wait=True, cancel_futures=True)


def _read_one(item: tuple[str, str, str | None, bool, threading.Event]) -> list[dict] | str:
    """The cards as dicts (a CardReadings list, with the reader's notes), or an error message. Once
    ``stop`` is set: the cards read before it, the list marked ``stopped``."""
    path, lang, region, with_words, stop = item
    from ocr import iter_cards
    from ocr.reading import CardReadings

    readings = CardReadings()
    try:  # each card becomes plain data at once: its image is not kept (long PDFs stay small)
        for reading in iter_cards(path, lang=lang, region=region, notes=readings.notes, stop=stop):
            readings.append(reading.to_dict(with_words=with_words))
        return readings
    except ReadingStopped:
        readings.stopped = True  # the cards read before the stop, for read_all to hand over
        return readings
    except ReaderError as exc:
        return str(exc)
    except MemoryError:
        return "not enough memory to read this file"


def format_card(card: dict) -> str:
    conf = card.get("confidence", {})
    lines = [f"{card['source']}" + (f" (page {card['page'] + 1}, card {card['index'] + 1})"
                                    if card.get("page") or card.get("index") else "")]
    for key in ("name", "title", "department", "company", "address"):
        if card.get(key):
            lines.append(f"  {key.capitalize():<11} {card[key]}{_conf(conf.get(key))}")
    for email in card.get("emails", []):
        lines.append(f"  {'Email':<11} {email}")
    for phone in card.get("phones", []):
        e164 = f"  ({phone['e164']})" if phone.get("e164") and phone["e164"] != phone["number"] else ""
        lines.append(f"  {phone['kind'].capitalize():<11} {phone['number']}{e164}")
    for site in card.get("websites", []):
        lines.append(f"  {'Website':<11} {site}")
    for profile in card.get("social", []):
        lines.append(f"  {'Profile':<11} {profile}")
    return "\n".join(lines) + "\n"


def _conf(value: float | None) -> str:
    return f"  [{value:.0%} sure]" if value is not None and value < 0.6 else ""
