"""Contact photos small enough for every address book.

iCloud refuses a vCard over 256 KB and a photo over 224 KB; Google and Outlook shrink large
photos anyway. A photo is re-encoded as JPEG, scaled down step by step until it is under
:data:`MAX_PHOTO_BYTES`; one already small enough is kept as it is. Pillow does the work (it is
already how the app reads images).
"""
from __future__ import annotations

import io

MAX_PHOTO_BYTES = 200 * 1024
_START_SIDE = 1200  # pixels on the long side: a business card stays readable
_QUALITIES = (85, 75, 65)


def compact_photo(data: bytes) -> tuple[bytes, str] | None:
    """(bytes, MIME type) of a photo under MAX_PHOTO_BYTES, or None when ``data`` is no image."""
    mime = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else ""
    if len(data) <= MAX_PHOTO_BYTES and mime:
        return data, mime
    from PIL import Image, UnidentifiedImageError  # here: the desktop app starts without Pillow

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    side = min(_START_SIDE, max(picture.size))
    while side >= 64:
        scaled = picture.copy()
        scaled.thumbnail((side, side), Image.Resampling.LANCZOS)
        for quality in _QUALITIES:
            out = io.BytesIO()
            scaled.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= MAX_PHOTO_BYTES:
                return out.getvalue(), "image/jpeg"
        side = int(side * 0.75)
    return None
