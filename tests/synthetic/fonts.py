"""The TrueType fonts the synthetic cards are set in: DejaVu and Liberation, found on disk.

Families whose files are missing are left out, so the generator works on any machine
with at least DejaVu Sans (fonts-dejavu-core); the test set-up installs both.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

from PIL import ImageFont

# family -> (regular, bold, italic, bold italic) file names
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    "DejaVu Sans Condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf",
                              "DejaVuSansCondensed-Oblique.ttf", "DejaVuSansCondensed-BoldOblique.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    "DejaVu Sans Mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSansMono-Oblique.ttf",
                         "DejaVuSansMono-BoldOblique.ttf"),
    "Liberation Sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
                        "LiberationSans-BoldItalic.ttf"),
    "Liberation Serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                         "LiberationSerif-BoldItalic.ttf"),
    "Liberation Mono": ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf", "LiberationMono-Italic.ttf",
                        "LiberationMono-BoldItalic.ttf"),
}
VARIANTS = ("regular", "bold", "italic", "bolditalic")
_FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
              "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts", "C:/Windows/Fonts"]


class FontsMissingError(RuntimeError):
    """No usable font family is installed."""


@functools.cache
def _font_files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in _FONT_DIRS:
        root = Path(os.path.expanduser(folder))
        if root.is_dir():
            for path in sorted(root.rglob("*.ttf")):
                found.setdefault(path.name, path)
    return found


@functools.cache
def available_families() -> tuple[str, ...]:
    """Families with all four variants on disk, in a fixed order (so seeds stay reproducible)."""
    files = _font_files()
    families = tuple(f for f, names in FAMILIES.items() if all(n in files for n in names))
    if not families:
        raise FontsMissingError(
            "No DejaVu or Liberation fonts found; install them with "
            "`sudo apt-get install fonts-dejavu-core fonts-liberation2`.")
    return families


def font_path(family: str, variant: str = "regular") -> Path:
    if family not in available_families():
        family = available_families()[0]
    return _font_files()[FAMILIES[family][VARIANTS.index(variant)]]


@functools.lru_cache(maxsize=512)
def load_font(family: str, variant: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(family, variant)), max(6, int(size)))
