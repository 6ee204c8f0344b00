"""PDF memory benchmark (issue 11): peak memory of `netcapture read` on a 120-page PDF (goal
<= 500 MB; it grew ~9.5 MB a page, 1.3 GB in all) and on a tiny PDF declaring a 200x200-inch
page (it peaked at 3.0 GB). Each read runs in a child process; its peak RSS is ru_maxrss of the
children. Run: `python -m tests.bench.bench_pdf` (reading 120 pages takes a few minutes).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "samples" / "01-angled-on-wood.jpg"
PAGES = 120
GOAL_MB = 500
HUGE_PAGE_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                 b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                 b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]>>endobj\n"
                 b"trailer<</Root 1 0 R>>\n%%EOF\n")


def long_pdf(path: Path, pages: int = PAGES) -> Path:
    """``pages`` pages, each the photo of a (fictional) sample card, at 150 dpi."""
    page = Image.open(SAMPLE).convert("RGB")
    page.save(path, save_all=True, append_images=[page] * (pages - 1), resolution=150)
    return path


def peak_of_read(path: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, cards printed) of `netcapture read --json --jobs 1 PATH`."""
    started = time.perf_counter()
    # a middle process of its own, so ru_maxrss of its children is this read's alone
    done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "netcapture.cli", "read", "--json",
                           "--jobs", "1", str(path)], cwd=REPO, capture_output=True, text=True)
    took = time.perf_counter() - started
    peak = int(done.stderr.strip().splitlines()[-1])
    return took, peak, len(done.stdout.splitlines())


_MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        huge = Path(tmp) / "huge-page.pdf"
        huge.write_bytes(HUGE_PAGE_PDF)
        took, peak, _cards = peak_of_read(huge)
        print(f"PDF declaring a 200x200-inch page ({len(HUGE_PAGE_PDF)} bytes): peak {peak} MB, {took:.1f} s",
              flush=True)
        took, peak, cards = peak_of_read(long_pdf(Path(tmp) / "long.pdf"))
        print(f"{PAGES}-page PDF: peak {peak} MB (goal <= {GOAL_MB} MB), {cards} cards, {took:.0f} s", flush=True)
    return 0 if peak <= GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
