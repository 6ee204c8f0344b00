#!/usr/bin/env python3
"""Render the sample card photos shipped in resources/samples/ ("Try with sample cards").

Every person, company, number and address on them is fictional, drawn by the test
suite's synthetic card generator (tests/synthetic); the photos are made, not taken.
The output is deterministic: re-running rewrites the same files.

    .venv/bin/python packaging/make_sample_cards.py [--out resources/samples]
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the generator lives with the tests; this script runs from a checkout

from tests.synthetic import make_card_truth, photo_scene, random_style, render_card  # noqa: E402

LONG_SIDE = 1600
MAX_BYTES = 250_000


@dataclass
class Sample:
    file: str
    seed: int
    country: str
    description: str
    style: dict = field(default_factory=dict)
    scene: dict = field(default_factory=dict)


SAMPLES = [
    Sample("01-angled-on-wood.jpg", 101, "US", "light card, angled on a wooden table",
           {"layout": "left", "scheme": "light", "logo": True, "qr": False},
           {"background": "wood", "tilt": 18.0, "roll": -9.0, "card_fraction": 0.62, "lighting": 0.25}),
    Sample("02-dark-card.jpg", 202, "DE", "dark card with light text on a grey desk",
           {"layout": "centered", "scheme": "dark", "qr": False, "family": "DejaVu Sans"},
           {"background": "grey", "tilt": 12.0, "roll": 6.0, "card_fraction": 0.6, "lighting": 0.2}),
    # OpenCV's QR detector is picky about module size and angle: this one is checked to decode.
    Sample("03-qr-code.jpg", 323, "JP", "card with a QR code holding its vCard",
           {"layout": "left", "scheme": "light", "qr": True},
           {"background": "grey", "tilt": 3.0, "roll": 3.0, "card_fraction": 0.9, "lighting": 0.15,
            "noise": 1.5}),
    Sample("04-portrait.jpg", 404, "AU", "portrait (vertical) card on a cloth",
           {"layout": "portrait", "scheme": "light", "align": "center", "qr": False},
           {"background": "fabric", "tilt": 14.0, "roll": -5.0, "card_fraction": 0.45, "lighting": 0.25}),
    Sample("05-coloured-glare.jpg", 505, "FR", "coloured card with a glossy highlight",
           {"layout": "logo_left", "scheme": "coloured", "panel": False, "qr": False},
           {"background": "dark", "tilt": 16.0, "roll": 11.0, "card_fraction": 0.6, "glare": 0.35,
            "lighting": 0.3}),
    Sample("06-sideways.jpg", 606, "GB", "card lying sideways, name at the bottom",
           {"layout": "name_bottom", "scheme": "light", "qr": False},
           {"background": "wood", "tilt": 10.0, "roll": 4.0, "quarter_turns": 1, "card_fraction": 0.5,
            "lighting": 0.2}),
]


def render_sample(sample: Sample) -> tuple[np.ndarray, dict]:
    rng = np.random.default_rng(sample.seed)
    truth = make_card_truth(rng, sample.country)
    style = random_style(rng, **sample.style)
    card = render_card(truth, style, rng)
    frame = (LONG_SIDE, LONG_SIDE * 3 // 4)
    scene = photo_scene(card, rng, truth=truth, frame=frame, jpeg_quality=None, **sample.scene)
    record = {"file": sample.file, "description": sample.description, **truth.to_dict(),
              "corners": scene.cards[0].corners.round(1).tolist()}
    return scene.image, record


def qr_decodes(image: np.ndarray) -> bool:
    """Whether OpenCV's QR detectors read the code, as the photo is or enlarged twice."""
    for scale in (1.0, 2.0):
        img = image if scale == 1.0 else cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
            if detector.detectAndDecode(img)[0]:
                return True
    return False


def encode_jpeg(image: np.ndarray) -> bytes:
    """The best quality that keeps the file under MAX_BYTES."""
    for quality in range(88, 50, -4):
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
        if ok and len(buf) <= MAX_BYTES:
            return buf.tobytes()
    raise RuntimeError(f"could not bring a sample under {MAX_BYTES} bytes")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "resources" / "samples", help="output folder")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    records = []
    for sample in SAMPLES:
        image, record = render_sample(sample)
        data = encode_jpeg(image)
        if sample.style.get("qr") and not qr_decodes(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)):
            raise RuntimeError(f"{sample.file}: OpenCV cannot decode the QR code; pick another seed")
        (args.out / sample.file).write_bytes(data)
        records.append(record)
        print(f"{sample.file}: {image.shape[1]}x{image.shape[0]}, {len(data) // 1024} KB - {sample.description}")
    (args.out / "samples.json").write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
