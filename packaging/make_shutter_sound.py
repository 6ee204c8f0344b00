"""Generates resources/sounds/shutter.wav: a short two-click mechanical shutter sound.

Run once (the small WAV is committed): python packaging/make_shutter_sound.py
"""
from __future__ import annotations

import math
import random
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "shutter.wav"


def click(duration: float, pitch: float, decay: float, rng: random.Random) -> list[float]:
    """A burst of filtered noise plus a damped tone: what a small mechanical part sounds like."""
    samples, smooth = [], 0.0
    for i in range(int(RATE * duration)):
        t = i / RATE
        envelope = math.exp(-t * decay)
        smooth = 0.55 * smooth + 0.45 * rng.uniform(-1, 1)  # low-pass the noise: less hiss
        tone = math.sin(2 * math.pi * pitch * t)
        samples.append(envelope * (0.75 * smooth + 0.35 * tone))
    return samples


def main() -> None:
    rng = random.Random(7)  # fixed seed: the same file every time
    first = click(0.045, 2400, 90, rng)
    gap = [0.0] * int(RATE * 0.035)
    second = click(0.07, 1600, 60, rng)
    samples = first + gap + second
    peak = max(abs(s) for s in samples)
    frames = b"".join(struct.pack("<h", int(s / peak * 0.8 * 32767)) for s in samples)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
