"""Decides when a card held under the camera is still enough to capture by itself.

Pure logic over the card outlines the detector reports; no Qt, so it is easy to test.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Quad = Sequence[tuple[float, float]]


def quad_shift(a: Quad, b: Quad) -> float:
    """Largest distance any corner moved between two outlines."""
    return max(math.dist(p, q) for p, q in zip(a, b, strict=True))


@dataclass
class StillnessTracker:
    """Fires once per card when its outline has stayed within `tolerance` (a fraction of the
    frame's diagonal) for `hold_seconds`. It re-arms only after the card leaves the frame or
    moves a lot, so one card is not captured twice."""

    hold_seconds: float = 0.5
    tolerance: float = 0.015
    rearm_after_missing: int = 3

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._anchor: Quad | None = None
        self._since: float | None = None
        self._fired = False
        self._missing = 0

    def update(self, quad: Quad | None, now: float, frame_size: tuple[int, int]) -> bool:
        """Feed the outline found in a frame (None when no card); True when it is time to capture."""
        if quad is None:
            self._missing += 1
            if self._missing >= self.rearm_after_missing:
                self._anchor, self._since, self._fired = None, None, False
            return False
        self._missing = 0
        limit = self.tolerance * math.hypot(*frame_size)
        if self._anchor is None or quad_shift(self._anchor, quad) > limit:
            if self._anchor is not None and quad_shift(self._anchor, quad) > 4 * limit:
                self._fired = False  # a different card, or the same one moved away and back
            self._anchor, self._since = list(quad), now
            return False
        if self._fired or self._since is None:
            return False
        if now - self._since >= self.hold_seconds:
            self._fired = True
            return True
        return False

    def progress(self, now: float) -> float:
        """0..1 of the hold time reached, for the outline's 'charging' animation."""
        if self._anchor is None or self._since is None or self._fired:
            return 0.0
        return min(1.0, (now - self._since) / self.hold_seconds)
