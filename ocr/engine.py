"""The OCR engine behind one small interface, so callers never reach for Tesseract functions directly.

Two implementations of Tesseract, the same library underneath:
- ``WarmTesseractEngine`` calls its C++ API in-process through ``tesserocr`` (compiled against the
  system Tesseract, so it reads exactly as the ``tesseract`` program does). A language set is
  loaded once and kept, shared by the threads: a one-line re-read then costs milliseconds instead
  of a process start plus a model load (~150 ms).
- ``TesseractEngine`` runs the ``tesseract`` program per call (pytesseract): the fallback where the
  binding isn't installed or can't be built.

``default_engine()`` picks the first that works.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from ocr.errors import EngineMissingError, LanguageMissingError, ReaderError
from ocr.reading import WordBox

if TYPE_CHECKING:  # NumPy is loaded by whoever hands over an image; `read --help` lists languages without it
    import numpy as np

# One thread per Tesseract: cards are small, and batches use one worker per core. Set before the
# library (and its OpenMP runtime) loads.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
               "left", "top", "width", "height", "conf", "text")
OSD_MIN_CONFIDENCE = 0.5  # Tesseract's script confidence under which no script is reported
LEPTONICA_SEVERITY_NONE = 6  # leptonica's L_SEVERITY_NONE: print no messages
# Languages loaded at once (each set costs 10-50 MB and 0.1-0.2 s to load). While cards are read, all
# they need stay loaded: a card in another script re-reads lines in that script's several languages,
# line after line, and a smaller cap would reload one set per line. Between cards (settle) only
# WARM_LANG_SETS stay, the card's own language always among them: English and the four a card in
# Japanese or Chinese is re-read with, which are loaded while such a card is read anyway (the threads
# share them), so keeping them raises the peak little and saves reloading them for every such card.
MAX_LANG_SETS = 8
WARM_LANG_SETS = 5


class OcrEngine(Protocol):
    name: str

    def recognize(self, image: np.ndarray, lang: str = "eng", psm: int = 3) -> list[WordBox]:
        """Words with boxes (in ``image`` coordinates) and 0..1 confidences, in reading order."""
        ...

    def check(self, lang: str = "eng") -> None:
        """Raise EngineMissingError / LanguageMissingError (user-facing) when ``lang`` can't be read."""
        ...

    def languages(self) -> frozenset[str]:
        """Language codes installed for this engine (Tesseract's: eng, jpn, chi_sim, osd...)."""
        ...

    def version(self) -> str | None:
        """The engine's version, None when it is not installed."""
        ...

    def detect_script(self, image: np.ndarray) -> str | None:
        """The main script of the print on an upright image ("Latin", "Han", "Japanese", "Hangul",
        "Arabic"...), None when unsure or not supported."""
        ...


class TesseractEngine:
    """Tesseract through its command-line program, one process per call (pytesseract).

    pytesseract (which loads NumPy) is imported for the first reading only: the version and the
    language list come from the program itself, so `read --help` stays light without tesserocr."""

    name = "tesseract-cli"

    def __init__(self, command: str | None = None):
        self._command = command or "tesseract"

    @property
    def command(self) -> str:
        return self._command

    @property
    def _pt(self):
        import pytesseract

        pytesseract.pytesseract.tesseract_cmd = self._command
        return pytesseract

    def version(self) -> str | None:
        return tesseract_version(self.command)

    def languages(self) -> frozenset[str]:
        return tesseract_languages(self.command) if self.version() else frozenset()

    def check(self, lang: str = "eng") -> None:
        if self.version() is None:
            raise EngineMissingError()
        check_languages(lang, self.languages())

    def recognize(self, image: np.ndarray, lang: str = "eng", psm: int = 3) -> list[WordBox]:
        with _bmp_file(image) as path:
            try:
                # the TSV as printed (image_to_data would round the confidences to whole percents)
                tsv = self._pt.image_to_data(
                    path, lang=lang, config=f"--psm {psm} -c tessedit_do_invert=0",
                    output_type=self._pt.Output.STRING)
            except self._pt.TesseractNotFoundError:
                raise EngineMissingError() from None
            except self._pt.TesseractError as exc:
                raise ReaderError(f"Tesseract failed: {exc.message or exc}") from None
        return words_from_data(parse_tsv(tsv))

    def detect_script(self, image: np.ndarray) -> str | None:
        if "osd" not in self.languages():
            return None
        with _bmp_file(image) as path:
            try:
                osd = self._pt.image_to_osd(path, config="--psm 0", output_type=self._pt.Output.DICT)
            except self._pt.TesseractError:
                return None  # too few characters to tell
        if float(osd.get("script_conf", 0)) < OSD_MIN_CONFIDENCE:
            return None
        return osd.get("script") or None


class WarmTesseractEngine:
    """Tesseract's C++ API in-process (tesserocr), its loaded language sets shared by the threads.

    An API object serves one call at a time. A whole-card pass takes an idle one for its language or
    loads another (two threads reading cards each get their own); a one-line re-read waits for a busy
    one rather than load a second set (it takes milliseconds): a card in another script is re-read
    line by line in that script's several languages, and each set costs 10-50 MB.
    """

    name = "tesseract"

    def __init__(self):
        import tesserocr  # ImportError when the binding isn't installed: default_engine falls back

        self._tr = tesserocr
        _quiet_leptonica()
        self._changed = threading.Condition()
        self._idle: dict[str, list] = {}  # loaded and free, per language
        self._busy: Counter = Counter()  # in use, per language
        self._recent: OrderedDict = OrderedDict()  # languages, least recently used first
        self._cards_using: Counter = Counter()  # how many cards used each language
        self._local = threading.local()  # the languages this thread's current card used

    def version(self) -> str | None:
        return self._tr.tesseract_version().split()[1]  # "tesseract 5.3.0\n leptonica-1.82.0 ..."

    def languages(self) -> frozenset[str]:
        return frozenset(self._data()[1])

    def check(self, lang: str = "eng") -> None:
        check_languages(lang, self.languages())

    def recognize(self, image: np.ndarray, lang: str = "eng", psm: int = 3) -> list[WordBox]:
        with self._lease(lang, share=psm == 7) as api:
            api.SetPageSegMode(psm)
            _set_image(api, image)
            return words_from_data(parse_tsv(api.GetTSVText(0)))

    def detect_script(self, image: np.ndarray) -> str | None:
        if "osd" not in self.languages():
            return None
        with self._lease("osd", share=True) as api:
            api.SetPageSegMode(self._tr.PSM.OSD_ONLY)
            _set_image(api, image)
            osd = api.DetectOrientationScript()  # None when there are too few characters to tell
        if not osd or osd["script_conf"] < OSD_MIN_CONFIDENCE:
            return None
        return osd["script_name"] or None

    def _data(self) -> tuple[str, list[str]]:
        return _tesserocr_languages(self._tr)

    @contextlib.contextmanager
    def _lease(self, lang: str, share: bool = False) -> Iterator:
        """An API object for ``lang``, this thread's alone until the block ends. ``share``: wait for a
        busy one instead of loading another."""
        self._local.__dict__.setdefault("card_langs", set()).add(lang)
        with self._changed:
            while share and not self._idle.get(lang) and self._busy[lang]:
                self._changed.wait()
            idle = self._idle.get(lang)
            api = idle.pop() if idle else None
            self._busy[lang] += 1
            self._recent[lang] = None
            self._recent.move_to_end(lang)
        try:
            if api is None:
                api = self._load(lang)  # outside the lock: 0.1-0.2 s
            yield api
        finally:
            with self._changed:
                self._busy[lang] -= 1
                if api is not None:
                    self._idle.setdefault(lang, []).append(api)
                self._drop_idle(MAX_LANG_SETS)
                self._changed.notify_all()

    def _load(self, lang: str):
        path, _ = self._data()
        try:
            api = self._tr.PyTessBaseAPI(path=path, lang=lang)
        except RuntimeError as exc:
            raise ReaderError(f"Tesseract could not load language {lang!r}: {exc}") from None
        # the same settings the tesseract program gets on its command line from TesseractEngine
        api.SetVariable("tessedit_do_invert", "0")
        # the program's diagnostics went to a pipe nobody reads; in-process they'd reach the terminal
        api.SetVariable("debug_file", os.devnull)
        return api

    def loaded(self) -> dict[str, int]:
        """API objects loaded per language (idle or in use)."""
        with self._changed:
            return {lang: len(self._idle.get(lang, ())) + self._busy[lang] for lang in self._recent
                    if self._idle.get(lang) or self._busy[lang]}

    def settle(self, keep: str = "eng") -> None:
        """Between cards: keep at most WARM_LANG_SETS languages loaded, ``keep`` (the language whole
        cards are read with) always among them, then those the most cards used (the first language a
        line in another script is tried with is used by nearly every such card; the others only by
        cards in their script), the most recently used first on a tie. Another language keeps one
        idle API object; ``keep`` one per thread that reads cards."""
        with self._changed:
            self._cards_using.update(self._local.__dict__.pop("card_langs", set()))
            self._drop_idle(WARM_LANG_SETS, keep)

    def _drop_idle(self, most: int, keep: str | None = None) -> None:
        """End idle API objects until at most ``most`` languages are loaded (the lock is held)."""
        loaded = [lang for lang in self._recent if self._idle.get(lang) or self._busy[lang]]
        if keep is None:  # while cards are read: the least recently used go first
            for lang in loaded[:max(0, len(loaded) - most)]:
                self._end_idle(lang, keep_one=False)
            return
        recency = {lang: i for i, lang in enumerate(loaded)}
        ranked = sorted((lang for lang in loaded if lang != keep),
                        key=lambda lang: (self._cards_using[lang], recency[lang]), reverse=True)
        room = most - (keep in loaded)
        for lang in ranked[room:]:
            self._end_idle(lang, keep_one=False)
        for lang in ranked[:room]:
            self._end_idle(lang, keep_one=True)

    def _end_idle(self, lang: str, keep_one: bool) -> None:
        idle = self._idle.get(lang, [])
        while len(idle) > (1 if keep_one else 0):
            idle.pop().End()


@lru_cache(maxsize=1)
def _quiet_leptonica() -> None:
    """Leptonica prints its internal complaints ("box outside rectangle") to stderr: in the tesseract
    program they went to a pipe nobody reads, in-process they'd reach the user's terminal."""
    import ctypes

    try:
        ctypes.CDLL(_leptonica_path()).setMsgSeverity(LEPTONICA_SEVERITY_NONE)
    except (OSError, AttributeError, TypeError):
        pass  # a build without it only makes noise


def _leptonica_path() -> str | None:
    """The leptonica tesserocr loaded, as /proc/self/maps shows it: ctypes.util.find_library would run
    ldconfig, then gcc and ld (0.1 s, and four processes at every start)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip()
                if os.path.basename(path).startswith(("liblept.so", "libleptonica.so")):
                    return path
    except OSError:
        pass  # not Linux
    import ctypes.util

    return ctypes.util.find_library("leptonica") or ctypes.util.find_library("lept")


@lru_cache(maxsize=1)
def _tesserocr_languages(tr) -> tuple[str, list[str]]:
    path, langs = tr.get_languages()
    return path, list(langs)


def _set_image(api, image: np.ndarray) -> None:
    """Hand the pixels over without an encode/decode round trip (Tesseract wants RGB, not BGR)."""
    import numpy as np

    if image.ndim == 3:
        import cv2

        image = cv2.cvtColor(image, cv2.COLOR_BGRA2RGB if image.shape[2] == 4 else cv2.COLOR_BGR2RGB)
    image = np.ascontiguousarray(image, dtype=np.uint8)
    height, width = image.shape[:2]
    depth = 1 if image.ndim == 2 else 3
    api.SetImageBytes(image.tobytes(), width, height, depth, width * depth)


class _bmp_file:
    """The image as a temporary BMP: written and read much faster than pytesseract's PNG round trip."""

    def __init__(self, image: np.ndarray):
        self.image = image

    def __enter__(self) -> str:
        import cv2  # here, not at the top: `check` runs in the CLI's parent process, which stays light

        fd, self.path = tempfile.mkstemp(suffix=".bmp", prefix="netcapture-")
        os.close(fd)
        cv2.imwrite(self.path, self.image)
        return self.path

    def __exit__(self, *exc) -> None:
        os.unlink(self.path)


def parse_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV (as the program prints it with `tsv`, without the header) as columns."""
    data: dict[str, list] = {column: [] for column in TSV_COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t", len(TSV_COLUMNS) - 1)
        if len(cells) < len(TSV_COLUMNS) or not cells[0].isdigit():
            continue
        for column, cell in zip(TSV_COLUMNS[:-1], cells[:-1], strict=True):
            data[column].append(float(cell) if column == "conf" else int(cell))
        data["text"].append(cells[-1])
    return data


def words_from_data(data: dict) -> list[WordBox]:
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


def check_languages(lang: str, installed: frozenset[str]) -> None:
    missing = [code for code in lang.split("+") if code not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code.replace('_', '-').lower()}" for code in missing)
        raise LanguageMissingError(
            f"Tesseract has no data for language {', '.join(missing)!s}; "
            f"install it with: sudo apt-get install {packages}")


@lru_cache(maxsize=4)
def tesseract_version(command: str) -> str | None:
    """"5.3.0" from `tesseract --version` ("tesseract 5.3.0" on its first line), None without the program."""
    if not (shutil.which(command) or os.path.exists(command)):
        return None
    words = _program_output(command, "--version").split()
    return words[1] if len(words) > 1 and words[0].lower() == "tesseract" else None


# Where Tesseract 4/5 packages keep their data (Debian/Ubuntu, Fedora, /usr/local builds, Homebrew);
# the library's compiled-in folder is one of these unless TESSDATA_PREFIX says otherwise
TESSDATA_FOLDERS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                    "/usr/share/tesseract/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                    "/opt/homebrew/share/tessdata")


def tessdata_languages() -> frozenset[str] | None:
    """The language codes in Tesseract's data folder, read off the folder's file names: for
    `read --help`, which would otherwise load the library (~70 ms) to list them. None when no such
    folder holds any data (ask the engine then)."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    folders = (prefix, os.path.join(prefix, "tessdata")) if prefix else TESSDATA_FOLDERS
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        codes = frozenset(name.removesuffix(".traineddata") for name in names if name.endswith(".traineddata"))
        if codes:
            return codes
    return None


@lru_cache(maxsize=4)
def tesseract_languages(command: str) -> frozenset[str]:
    """`tesseract --list-langs`: a heading line ("List of available languages in ..."), then one code a line."""
    lines = _program_output(command, "--list-langs").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip() and " " not in line.strip())


def _program_output(command: str, option: str) -> str:
    """What the program prints for an option (older versions print it on stderr)."""
    import subprocess

    try:
        done = subprocess.run([command, option], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.stdout.strip() else done.stderr


_default: OcrEngine | None = None
_default_lock = threading.Lock()


def default_engine() -> OcrEngine:
    """The process's engine (one, shared by its threads): NETCAPTURE_ENGINE's, else
    ``default_choice()``; its Tesseract is in-process when the binding is installed and finds its
    data, else the tesseract program."""
    global _default
    with _default_lock:
        if _default is None:
            from ocr.memory import keep_heap_small

            keep_heap_small()  # the process is about to read cards
            _default = _pick_engine()
        return _default


def choose_engine(name: str) -> None:
    """Make ``name`` (one of ENGINES) the process's engine from the next ``default_engine()`` on,
    even if one was picked already (where Tesseract's data folder isn't found, building the
    command line's help asks the engine for the installed languages)."""
    global _default
    with _default_lock:
        os.environ["NETCAPTURE_ENGINE"] = name  # worker processes and re-reads see the same choice
        _default = None


# NETCAPTURE_ENGINE / `read --engine`: in-process Tesseract (falls back to the program), the program,
# and PP-OCR four ways (ocr/rapid_engine.py: every card, a second opinion on unsure lines, the cards
# Tesseract can't read, the cards whose Tesseract reading lost lines)
ENGINES = ("tesseract", "tesseract-cli", "rapidocr", "rapidocr-second", "rapidocr-script", "rapidocr-cascade")
# The default where PP-OCR is installed: on cards from sources the reader was not developed on it
# reads far more of the contact lines (README, "OCR engines"), at PP-OCR's cost only on those cards
DEFAULT_ENGINE = "rapidocr-cascade"


def default_choice() -> str:
    """The engine read with when NETCAPTURE_ENGINE and --engine name none: the cascade where the
    PP-OCR wheel is installed, Tesseract alone (with no warning: nothing was asked for) where not."""
    from ocr.rapid_engine import installed

    return DEFAULT_ENGINE if installed() else "tesseract"


def _pick_engine() -> OcrEngine:
    choice = os.environ.get("NETCAPTURE_ENGINE") or default_choice()
    tesseract = _pick_tesseract(choice)
    if choice.startswith("rapidocr"):  # ocr/rapid_engine.py says when PP-OCR reads
        from ocr.rapid_engine import with_rapid

        return with_rapid(tesseract, choice)
    return tesseract


def _pick_tesseract(choice: str) -> OcrEngine:
    if choice != "tesseract-cli":
        try:
            warm = WarmTesseractEngine()
            if warm.languages():
                return warm
        except (ImportError, RuntimeError):
            pass  # not installed, or built against a library that isn't there any more
    return TesseractEngine()
