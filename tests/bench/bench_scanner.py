"""Cards found on synthetic scanner pages: pale cards on pale lids, 6-10 a page, touching,
turned, and multi-page PDFs at 150-600 dpi. Fresh seeds every run unless --seed is given.

A card counts as found when one located quad overlaps it with IoU >= 0.8. Locate time is printed
as wall time and as CPU time (all threads): on a loaded machine only the second compares.

    python -m tests.bench.bench_scanner [--pages N] [--seed S]
"""
from __future__ import annotations

import argparse
import sys
import time

import cv2
import numpy as np

MATCH_IOU = 0.8


def iou(a: np.ndarray, b: np.ndarray) -> float:
    pts = np.concatenate([a, b])
    w, h = int(pts[:, 0].max()) + 2, int(pts[:, 1].max()) + 2
    x0, y0 = max(0, int(pts[:, 0].min()) - 1), max(0, int(pts[:, 1].min()) - 1)
    ma = np.zeros((h - y0, w - x0), np.uint8)
    mb = np.zeros_like(ma)
    cv2.fillConvexPoly(ma, np.int32(np.round(a - [x0, y0])), 1)
    cv2.fillConvexPoly(mb, np.int32(np.round(b - [x0, y0])), 1)
    return float((ma & mb).sum()) / max(float((ma | mb).sum()), 1.0)


def found_cards(located, truths, scale: float = 1.0) -> int:
    """How many true cards one located quad matches (truth corners times `scale`)."""
    return sum(1 for t in truths
               if any(iou(c.corners, np.float32(t.corners) * scale) >= MATCH_IOU for c in located))


def main(argv: list[str] | None = None) -> int:
    from ocr.load import iter_pages
    from ocr.locate import locate_page
    from tests.synthetic.scanner import scanner_page, scanner_pdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--seed", type=int, default=None, help="default: fresh from the clock")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time()) % 100_000
    print(f"scanner-page benchmark, seeds from {seed}")
    total = found = pages_all = 0
    times, cpu = [], []
    for i in range(args.pages):
        scene = scanner_page(seed + i)
        t0, c0 = time.perf_counter(), time.process_time()
        result = locate_page(scene.image)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        hit = found_cards(result.cards, scene.cards)
        total += len(scene.cards)
        found += hit
        pages_all += hit == len(scene.cards)
        print(f"  page seed {seed + i}: {hit}/{len(scene.cards)} cards found, {len(result.cards)} located, "
              f"{result.unread_regions} unread areas of print, {times[-1]:.2f} s ({cpu[-1]:.2f} CPU-s)")
    print(f"  pages: {found}/{total} cards found, {pages_all}/{args.pages} pages complete, "
          f"locate {np.median(times):.2f} s a page, {np.median(cpu):.2f} CPU-s (medians; CPU time is what a busy "
          f"machine does not change)")
    for dpi, per_page in ((150, 4), (300, 8), (600, 10)):
        pdf, scenes = scanner_pdf(seed, pages=2, cards_per_page=per_page, dpi=dpi)
        hit = n = 0
        for page, scene in zip(iter_pages(pdf), scenes, strict=True):
            scale = page.image.shape[1] / scene.image.shape[1]  # the PDF page is rendered at its own dpi
            hit += found_cards(locate_page(page.image).cards, scene.cards, scale)
            n += len(scene.cards)
        print(f"  2-page PDF at {dpi} dpi, {per_page} cards a page: {hit}/{n} cards found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
