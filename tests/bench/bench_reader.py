"""Reader speed and memory on real card photos.

- per-card latency (p50, p95) for 12 MP photos of one card, read one after another in one process;
- batch throughput of `netcapture read --json` over the dev set with one reading thread per core;
- peak memory (largest process, and the whole process tree at once);
- a close-up with no card outline (the whole frame read) against the same card with its outline;
- the reader's time against one engine pass over the same already-cropped card (in-process, the
  model loaded: what the reader's own passes cost), and against one `tesseract` program run;
- what a one-line re-read costs (the second look at an address, a line in another script);
- where the reader's CPU time goes, stage by stage (CPU seconds, so the figures hold on a busy machine).

    python -m tests.bench.bench_reader [--photos DIR] [--rounds N] [--batch-rounds N] [--batch-only]

(--batch-rounds 10 --batch-only: the memory of a long batch, 100 cards, which a 20-card one understates.)
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import cv2

REPO = Path(__file__).resolve().parents[2]
# shared/ lies beside the checkout (CI, /work/main) or beside the folder of worktrees
DEFAULT_PHOTOS = next((p for p in (REPO.parent / "shared" / "cards" / "dev",
                                   REPO.parent.parent / "shared" / "cards" / "dev") if p.is_dir()),
                      REPO.parent / "shared" / "cards" / "dev")
TWELVE_MP = (4000, 3000)


def make_12mp_photos(photos: list[Path], out_dir: Path) -> list[Path]:
    """The dev photos (3120x3120) placed on a 4000x3000 frame: real cards in a 12 MP photo."""
    out = []
    for path in photos:
        image = cv2.imread(str(path))
        h, w = image.shape[:2]
        scale = TWELVE_MP[1] / h
        image = cv2.resize(image, (round(w * scale), TWELVE_MP[1]), interpolation=cv2.INTER_CUBIC)
        pad = TWELVE_MP[0] - image.shape[1]
        image = cv2.copyMakeBorder(image, 0, 0, pad // 2, pad - pad // 2, cv2.BORDER_REFLECT)
        target = out_dir / f"{path.stem}_12mp.jpg"
        cv2.imwrite(str(target), image, [cv2.IMWRITE_JPEG_QUALITY, 92])
        out.append(target)
    return out


def per_card_latency(paths: list[Path], rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each card read (the CPU figures hold on a busy machine too)."""
    from ocr import read_cards

    read_cards(paths[0])  # warm-up: imports, Tesseract's first start
    times, cpu = [], []
    for _ in range(rounds):
        for path in paths:
            t0, c0 = time.perf_counter(), time.process_time()
            read_cards(path)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    return times, cpu


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class TreeMemory:
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_total = 0  # proportional set size: shared pages counted once across the tree
        self.peak_single = 0  # resident set size of the largest single process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            tree = _tree(self.pid)
            sizes = [_rss(p) for p in tree]
            if sizes:
                self.peak_total = max(self.peak_total, sum(_pss(p) for p in tree))
                self.peak_single = max(self.peak_single, max(sizes))
            time.sleep(0.02)


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            children = []
        todo += [int(c) for c in children]
    return out


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def numbered_copies(photos: list[Path], rounds: int, out_dir: Path) -> list[Path]:
    """Each photo `rounds` times under its own name (links): `read` reads a path given twice once."""
    out = []
    for r in range(rounds):
        for path in photos:
            link = out_dir / f"{r}_{path.name}"
            link.symlink_to(path.resolve())
            out.append(link)
    return out


def batch_throughput(paths: list[Path]) -> tuple[float, int, float, float, float]:
    """Cards per minute, cards read, peak tree memory and peak single-process memory (bytes), and the
    CPU seconds per card of all its processes (the figure that holds on a busy machine)."""
    exe = Path(sys.executable).with_name("netcapture")
    cmd = [str(exe), "read", "--json", *map(str, paths)]
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as memory:
        out, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    cards = sum(1 for line in out.splitlines() if line.startswith("{"))
    if proc.returncode not in (0, 1):
        raise SystemExit(f"netcapture read failed: {err[-2000:]}")
    cpu = (_children_cpu() - cpu0) / max(cards, 1)
    return cards / elapsed * 60, cards, memory.peak_total, memory.peak_single, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and its workers, once waited for
    return usage.ru_utime + usage.ru_stime


def engine_floor_ratio(photos: list[Path]) -> tuple[float, float, float, float]:
    """Median reader time per card; median time of one in-process engine pass and of one `tesseract`
    program run over the already-cropped card (grey, as the reader's passes see it)."""
    from ocr import read_cards
    from ocr.engine import default_engine
    from ocr.load import load_pages
    from ocr.locate import locate_cards

    engine = default_engine()
    reader, warm, program = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for path in photos:
            crop = cv2.cvtColor(locate_cards(load_pages(path)[0].image)[0].image, cv2.COLOR_BGR2GRAY)
            engine.recognize(crop[:64])  # the language loaded once, as in a running reader
            t0 = time.perf_counter()
            engine.recognize(crop)
            warm.append(time.perf_counter() - t0)
            crop_path = Path(tmp) / "card.png"
            cv2.imwrite(str(crop_path), crop)
            t0 = time.perf_counter()
            subprocess.run(["tesseract", str(crop_path), "-", "--psm", "3"], capture_output=True, check=True)
            program.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            read_cards(path)
            reader.append(time.perf_counter() - t0)
    return statistics.median(reader), statistics.median(warm), statistics.median(program), engine.name


def line_reread(photos: list[Path], rounds: int = 20) -> tuple[float, float, str]:
    """Median wall and CPU time of a one-line re-read (psm 7) of a ~32 px high line, as the second look
    does (the widest word read surely: an e-mail address, ~470 px)."""
    from ocr.engine import default_engine
    from ocr.load import load_pages
    from ocr.locate import locate_cards
    from ocr.preprocess import ink_map, resize

    engine = default_engine()
    card = ink_map(locate_cards(load_pages(photos[0])[0].image)[0].image)
    words = engine.recognize(card)
    word = max(words, key=lambda w: (w.conf > 0.8, w.width))
    line = card[max(0, word.top - 10):word.bottom + 10, max(0, word.left - 6):word.right + 6]
    line = resize(line, 32 / max(word.height, 1))
    engine.recognize(line, psm=7)
    times, cpu = [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        engine.recognize(line, psm=7)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpu), engine.name


# The reader's stages, as ocr.pipeline calls them (module, function): each one's CPU time is counted
# without the stages and engine calls inside it. A name another version lacks is left out.
STAGES = (("ocr.pipeline", "locate_page"), ("ocr.pipeline", "ink_map"),
          ("ocr.pipeline", "estimate_rotation"), ("ocr.pipeline", "ocr_scale"),
          ("ocr.pipeline", "_flip_may_read_better"), ("ocr.pipeline", "_second_look"),
          ("ocr.fields", "extract_fields"), ("ocr.pipeline", "read_accents"), ("ocr.pipeline", "native_name"),
          ("ocr.qr", "decode_qr"), ("ocr.pipeline", "return_freed_memory"))


def stage_cpu(photos: list[Path]) -> tuple[float, dict[str, float]]:
    """CPU seconds per card of the whole reader and of each stage (engine calls apart: the whole-card
    passes, psm 3, and the one-line re-reads, psm 7 and others, by what asked for them: the upside-down
    check, the second look at addresses, the accents, the name in its own script), over the photos
    read once after a warm-up, in this one thread."""
    import importlib

    from ocr import read_cards
    from ocr.engine import default_engine

    spent: dict[str, float] = {}
    inner: list[float] = []  # CPU time of the stages running inside the current one

    def timed_call(label, function):
        def call(*args, **kwargs):
            t0 = time.process_time()
            inner.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                took, nested = time.process_time() - t0, inner.pop()
                spent[label] = spent.get(label, 0.0) + took - nested
                if inner:
                    inner[-1] += took
        return call

    patched = []
    for module_name, name in STAGES:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            patched.append((module, name, getattr(module, name)))
            setattr(module, name, timed_call(name, getattr(module, name)))
    engine = default_engine()
    recognize = engine.recognize

    def engine_call(image, lang="eng", psm=3):
        label = "engine: whole-card passes" if psm == 3 else f"engine: re-reads, {_asker()}"
        return timed_call(label, recognize)(image, lang=lang, psm=psm)

    engine.recognize = engine_call
    try:
        read_cards(photos[0])  # warm-up: imports, the languages loaded
        spent.clear()
        t0 = time.process_time()
        for path in photos:
            read_cards(path)
        total = time.process_time() - t0
    finally:
        del engine.recognize
        for module, name, function in patched:
            setattr(module, name, function)
    return total / len(photos), {label: t / len(photos) for label, t in spent.items()}


# Who asks for a one-line re-read: the first frame outside the engine (and the benchmark's wrappers)
# in one of these modules names it
ASKERS = {"ocr.pipeline": {"_flip_may_read_better": "upside-down check", "_second_look": "addresses"},
          "ocr.diacritics": "accents", "ocr.native_name": "own script"}


def _asker() -> str:
    frame = sys._getframe(2)
    while frame is not None:
        module, function = frame.f_globals.get("__name__", ""), frame.f_code.co_name
        names = ASKERS.get(module)
        if isinstance(names, str):
            return names
        if names and function in names:
            return names[function]
        frame = frame.f_back
    return "other"


def close_up_ratio(big: list[Path], out_dir: Path, rounds: int = 2) -> tuple[float, float, int]:
    """Median reader CPU per card for a close-up (the card's middle filling a 12 MP frame: no outline
    to find, the whole frame is read) and for the same card in ``big``, its 12 MP photo with its
    outline (make_12mp_photos), read in turns in this one process; and how many cards."""
    import numpy as np

    from ocr import read_cards
    from ocr.locate import locate_page

    pairs = []
    for path in big:
        image = cv2.imread(str(path))
        cards = [card for card in locate_page(image).cards if not card.whole_frame]
        if not cards:
            continue
        card = cards[0].image
        h, w = card.shape[:2]
        middle = card[h // 25:h - h // 25, w // 25:w - w // 25]  # the edges outside the picture
        scale = (12e6 / (middle.shape[0] * middle.shape[1])) ** 0.5
        close_up = out_dir / f"close_up_{path.name}"
        cv2.imwrite(str(close_up), cv2.resize(middle, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC),
                    [cv2.IMWRITE_JPEG_QUALITY, 92])
        pairs.append((path, close_up))
    if not pairs:
        return 0.0, 0.0, 0
    read_cards(pairs[0][0])  # warm-up
    outline, whole = [], []
    for _ in range(rounds):
        for photo, close_up in pairs:
            for spent, path in ((outline, photo), (whole, close_up)):
                t0 = time.process_time()
                read_cards(path)
                spent.append(time.process_time() - t0)
    return float(np.median(whole)), float(np.median(outline)), len(pairs)


def print_batch(photos: list[Path], rounds: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        rate, cards, tree, single, cpu = batch_throughput(numbered_copies(photos, rounds, Path(tmp)))
    cores = os.cpu_count() or 1
    print(f"  batch over the dev set: {rate:.0f} cards/min ({cards} cards; goal >= 120); CPU {cpu:.2f} s per card, "
          f"so {60 * cores / cpu:.0f} cards/min on {cores} idle cores")
    print(f"  peak memory: {single / 2**20:.0f} MB largest process (RSS), {tree / 2**20:.0f} MB whole "
          f"process tree (PSS: the CLI, its reading threads and any process it starts) (goal <= 500 MB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, default=DEFAULT_PHOTOS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-rounds", type=int, default=None, help="dev set copies in the batch (default: --rounds)")
    parser.add_argument("--batch-only", action="store_true", help="the batch's speed and memory alone")
    args = parser.parse_args(argv)
    photos = sorted(args.photos.glob("*.jpg"))
    if not photos:
        print(f"bench_reader: no photos in {args.photos}", file=sys.stderr)
        return 1
    print(f"reader benchmark on {len(photos)} photos, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    if args.batch_only:
        return print_batch(photos, args.batch_rounds or args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        big = make_12mp_photos(photos, Path(tmp))
        times, cpu = per_card_latency(big, args.rounds)
        print(f"  per card, 12 MP photo: p50 {percentile(times, 0.5):.2f} s, p95 {percentile(times, 0.95):.2f} s "
              f"(n={len(times)}; goal p50 <= 0.6 s, p95 <= 1.2 s); CPU p50 {percentile(cpu, 0.5):.2f} s, "
              f"p95 {percentile(cpu, 0.95):.2f} s")
        close_up, outline, n = close_up_ratio(big, Path(tmp), args.rounds)
    if n:
        print(f"  no outline (a close-up filling a 12 MP frame) vs the same card with its outline, median CPU "
              f"per card over {n} cards: {close_up:.2f} s vs {outline:.2f} s, {close_up / outline:.2f}x (goal <= 1.5x)")
    print_batch(photos, args.batch_rounds or args.rounds)
    reread, reread_cpu, name = line_reread(photos)
    print(f"  one-line re-read ({name}): {reread * 1000:.0f} ms, CPU {reread_cpu * 1000:.0f} ms (goal ~10 ms)")
    total, stages = stage_cpu(photos)
    print(f"  reader CPU per card, by stage (one thread, the dev photos): {total:.2f} s")
    for label, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        print(f"    {label:<38} {seconds:.3f} s")
    print(f"    {'the rest (decoding, field checks...)':<38} {total - sum(stages.values()):.3f} s")
    r, warm, program, name = engine_floor_ratio(photos)
    print(f"  reader {r:.2f} s per card vs one engine pass ({name}, in-process) {warm:.2f} s on the cropped "
          f"card: {r / warm:.2f}x (goal <= 1.3x); vs one `tesseract` program run {program:.2f} s: {r / program:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
