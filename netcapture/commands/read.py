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
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from ocr.errors import EngineMissingError, LanguageMissingError, ReaderError

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
                        help="OCR engine (default: $NETCAPTURE_ENGINE, else tesseract): rapidocr reads with PP-OCR "
                        "(about twice the time a card), rapidocr-second has it re-read the lines Tesseract was "
                        "unsure of, rapidocr-script the cards Tesseract can't read")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from ocr.engine import default_engine

    if args.engine:  # before the engine is made (the reading threads share it)
        os.environ["NETCAPTURE_ENGINE"] = args.engine
    try:
        default_engine().check(args.lang)
    except (EngineMissingError, LanguageMissingError) as exc:
        print(f"netcapture: {exc}", file=sys.stderr)
        return 2
    paths, problems = expand_paths(args.paths)
    for path, reason in problems:
        print(f"netcapture: {path}: {reason}", file=sys.stderr)
    failed = len(problems)
    done = 0
    try:
        for path, result in read_all(paths, args.lang, args.region, args.jobs, args.words):
            failed += _print_result(path, result, args.json)
            done += 1
    except KeyboardInterrupt:
        # read_all has stopped its threads (each within one stage of the card it was reading)
        print(interrupted_message(paths, done), file=sys.stderr)
        return 130
    return 1 if failed else 0


def interrupted_message(paths: list[str], done: int) -> str:
    """What Ctrl-C left: how many files were read (their cards printed whole), and which were not."""
    from ocr.load import display_path

    unread = [display_path(p) for p in paths[done:]]
    shown = ", ".join(unread[:SHOWN_UNREAD]) + (f" and {len(unread) - SHOWN_UNREAD} more"
                                                 if len(unread) > SHOWN_UNREAD else "")
    return (f"netcapture: interrupted: {done} of {len(paths)} files read, their cards printed above; "
            f"not read: {shown}")


def _print_result(path: str, result: list[dict] | str, as_json: bool) -> int:
    """Print one file's cards (or why it gave none); 1 when it counts as failed."""
    from ocr.load import display_path

    shown = display_path(path)
    if isinstance(result, str):
        print(f"netcapture: {shown}: {result}", file=sys.stderr)
        return 1
    if not result:
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
    return 0 if result else 1


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
    the threads drop the cards they are reading at their next stage (ocr.iter_cards' ``stop``), so
    Ctrl-C is honoured within a fraction of a second instead of after every card in flight."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    stop = threading.Event()
    work = [(p, lang, region, with_words, stop) for p in paths]
    if jobs == 1:  # read here: Ctrl-C interrupts this thread itself between two calls into C
        for item in work:
            yield item[0], _read_one(item)
        return
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="read")
    try:
        yield from zip(paths, pool.map(_read_one, work), strict=True)
    finally:
        stop.set()  # harmless once every file is read
        pool.shutdown(wait=True, cancel_futures=True)


def _read_one(item: tuple[str, str, str | None, bool, threading.Event]) -> list[dict] | str:
    """The cards as dicts (a CardReadings list, with the reader's notes), or an error message.
    Raises ReadingStopped once ``stop`` is set (nobody waits for the result then)."""
    path, lang, region, with_words, stop = item
    from ocr import iter_cards
    from ocr.reading import CardReadings

    try:  # each card becomes plain data at once: its image is not kept (long PDFs stay small)
        readings = CardReadings()
        readings.extend(r.to_dict(with_words=with_words)
                        for r in iter_cards(path, lang=lang, region=region, notes=readings.notes, stop=stop))
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
