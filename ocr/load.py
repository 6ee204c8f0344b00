"""Which files hold cards, and decoding them into upright BGR images, one per page.

The one owner of the supported file suffixes and of folder walking (``collect_card_files``):
`read`, `scan`, the GUI's import and hot folder all ask here.
JPEG, PNG, TIFF (every frame), BMP, WebP, GIF, JPEG 2000, HEIC/HEIF (pillow-heif) and PDF
(pypdfium2, every page). EXIF orientation is honoured; oversized images are refused before
decoding; PDF pages are rendered at a capped pixel count so a huge declared page stays small.
Only regular files are opened, and without blocking: a FIFO or device is refused with a reason.
"""
from __future__ import annotations

import io
import os
import stat
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ocr.errors import DecompressionBombError, ImageDecodeError, UnsupportedFileError

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

# 120 megapixels: bigger than any phone photo or 600 dpi A4 scan, small enough to decode safely.
MAX_PIXELS = 120_000_000
PDF_DPI = 300
# A PDF page is drawn at 300 dpi but at most this many pixels (A4 or Letter at 300 dpi is under
# 9 MP; A3 comes out at 250 dpi, plenty for card text): a page that declares 200x200 inches costs
# 36 MB of BGR, and the reader's working copies of it a few hundred MB, not gigabytes.
PDF_MAX_PIXELS = 12_000_000
ORIENTATION_TAG = 0x0112
PDF_MAX_PAGES = 200
# Bigger than any photo or scanned PDF of cards; read whole into memory, so bounded.
MAX_FILE_BYTES = 512 * 1024 * 1024

# Every suffix a folder scan picks up; a file named explicitly is always tried (its content decides).
CARD_FILE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif",
                                ".jp2", ".heic", ".heif", ".pdf"})
IMAGE_SUFFIXES = CARD_FILE_SUFFIXES  # the older name


@dataclass
class Page:
    image: np.ndarray  # BGR, uint8
    page: int  # 0-based page (PDF) or frame (TIFF) number


def is_supported_path(path: str | os.PathLike) -> bool:
    return Path(path).suffix.lower() in CARD_FILE_SUFFIXES


def display_path(path: str | os.PathLike) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 in a file name
    (kept by Python as surrogates) become U+FFFD instead of failing to encode later."""
    return os.fsencode(path).decode("utf-8", "replace")


def collect_card_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to read: files as given; folders searched recursively in a stable (sorted) order,
    hidden files and folders skipped, only the card suffixes; each file once.

    Returns the files and the problems found on the way as (path shown, reason): a folder that
    holds no card files, a FIFO or device in a folder (never opened: it could block forever).
    """
    found: list[Path] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError:
            is_dir = False
        if not is_dir:
            found.append(path)  # a missing, unreachable or odd file gets its own message when opened
            continue
        before = len(found) + len(problems)

        for root, dirs, files in os.walk(path, onerror=lambda exc, top=path: problems.append(
                (display_path(exc.filename or top), f"cannot be read ({exc.strerror or exc})"))):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or Path(name).suffix.lower() not in CARD_FILE_SUFFIXES:
                    continue
                file = Path(root) / name
                reason = _not_regular_reason(file)
                if reason:
                    problems.append((display_path(file), reason))
                else:
                    found.append(file)
        if len(found) + len(problems) == before:
            problems.append((display_path(path), "the folder holds no images or PDFs"))
    return list(dict.fromkeys(found)), problems


def _not_regular_reason(path: Path) -> str | None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "file not found (a broken link?)"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return None if stat.S_ISREG(mode) else _kind_reason(mode)


def _kind_reason(mode: int) -> str:
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file")
    return f"is {kind}, not a regular file; skipped"


def read_file(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file. Opened without blocking and checked before reading, so a
    FIFO, socket or device is refused at once (reading one could wait forever)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnsupportedFileError("file not found") from None
    except PermissionError:
        raise UnsupportedFileError("permission denied") from None
    except OSError as exc:
        raise UnsupportedFileError(f"cannot be read ({exc.strerror or exc})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnsupportedFileError("is a folder, not an image")
        raise UnsupportedFileError(_kind_reason(info.st_mode))
    if info.st_size > MAX_FILE_BYTES:
        os.close(fd)
        raise UnsupportedFileError(f"the file is larger than {MAX_FILE_BYTES >> 20} MB")
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise UnsupportedFileError(f"cannot be read ({exc.strerror or exc})") from None


def load_pages(source: str | os.PathLike | bytes) -> list[Page]:
    """Decode a file path or raw bytes into pages. Raises ReaderError subclasses."""
    return list(iter_pages(source))


def iter_pages(source: str | os.PathLike | bytes) -> Iterator[Page]:
    data = _read_bytes(source)
    if data[:5] == b"%PDF-":
        yield from _pdf_pages(data)
        return
    yield from _image_pages(data)


def _read_bytes(source: str | os.PathLike | bytes) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = read_file(source)
    if not data:
        raise UnsupportedFileError("the file is empty")
    return data


@lru_cache(maxsize=1)
def _pillow():
    """Pillow, with HEIC photos (iPhones) registered. Imported at the first decode, with OpenCV and
    NumPy: the file rules above serve the desktop app's start-up and `read --help` without them."""
    from PIL import Image

    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # pragma: no cover - optional at run time, required by pyproject
        pass
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


def _image_pages(data: bytes) -> Iterator[Page]:
    from PIL import UnidentifiedImageError

    Image = _pillow()  # noqa: N806 - the module's usual name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            _check_size(img.size)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DecompressionBombError(_bomb_message(None)) from None
    except UnidentifiedImageError:
        raise UnsupportedFileError("not an image or PDF this app can read") from None
    except OSError as exc:
        raise ImageDecodeError(f"the image is damaged ({exc})") from None

    if img.format in {"JPEG", "MPO"} and _jpeg_is_complete(data):
        fast = _decode_jpeg(data, img.size)
        if fast is not None:
            img.close()
            yield Page(fast, 0)
            return

    frames = getattr(img, "n_frames", 1) if img.format in {"TIFF", "MPO", "HEIF"} else 1
    if img.format == "MPO":
        frames = 1  # stereo/preview frames of one photo
    for index in range(frames):
        try:
            if frames > 1:
                img.seek(index)
                _check_size(img.size)
            page = Page(_to_bgr(img), index)
        except DecompressionBombError:
            raise
        except (OSError, SyntaxError, ValueError) as exc:
            raise ImageDecodeError(f"the image is damaged or truncated ({exc})") from None
        if frames == 1:
            img.close()  # the decoded pixels now live in the page alone
        yield page


def _jpeg_is_complete(data: bytes) -> bool:
    """Ends with the end-of-image marker. Truncated files (and files with trailers after it)
    take the slower Pillow path, which reports damage precisely."""
    return data.rstrip(b"\0").endswith(b"\xff\xd9")


def _decode_jpeg(data: bytes, size: tuple[int, int]) -> np.ndarray | None:
    """OpenCV decodes straight to BGR (and applies the EXIF orientation): about half the time
    of Pillow's decode plus the array copy, on a 12 MP photo."""
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None or {image.shape[1], image.shape[0]} != set(size):
        return None  # not what the header promised: let Pillow look at it
    return image


def _check_size(size: tuple[int, int]) -> None:
    w, h = size
    if w <= 0 or h <= 0:
        raise ImageDecodeError("the image has no pixels")
    if w * h > MAX_PIXELS:
        raise DecompressionBombError(_bomb_message((w, h)))


def _bomb_message(size: tuple[int, int] | None) -> str:
    dims = f" ({size[0]}x{size[1]} pixels)" if size else ""
    return (f"the image is too large to open safely{dims}; "
            f"the limit is {MAX_PIXELS // 1_000_000} megapixels")


def _to_bgr(img: Image.Image) -> np.ndarray:
    import cv2
    import numpy as np
    from PIL import ImageOps

    Image = _pillow()  # noqa: N806
    if img.getexif().get(ORIENTATION_TAG, 1) != 1:  # phones store rotation as an EXIF tag
        img = ImageOps.exif_transpose(img)
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float32)
        arr = (255 * (arr - arr.min()) / max(float(np.ptp(arr)), 1.0)).astype(np.uint8)
        return cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR)
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, img)
    if img.mode != "RGB":
        img = img.convert("RGB")
    pixels = np.array(img)  # one writable copy, turned to BGR in place: no third 36 MB buffer
    return cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR, dst=pixels)


def _pdf_pages(data: bytes) -> Iterator[Page]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        # Our own words: PDFium's last-error text can be stale ("Success", or the previous
        # file's "Incorrect password").
        if b"/Encrypt" in data:
            raise ImageDecodeError("the PDF is password-protected; save an unprotected copy") from None
        raise ImageDecodeError("the PDF is damaged and cannot be opened") from None
    try:
        count = len(pdf)
        if count == 0:
            raise UnsupportedFileError("the PDF has no pages")
        for index in range(min(count, PDF_MAX_PAGES)):
            yield Page(_render_pdf_page(pdf, index), index)
    finally:
        pdf.close()


def pdf_scale(width_pt: float, height_pt: float) -> float:
    """300 dpi, lowered so the page stays under PDF_MAX_PIXELS."""
    scale = PDF_DPI / 72
    area = max(width_pt, 1.0) * max(height_pt, 1.0)
    if area * scale * scale > PDF_MAX_PIXELS:
        scale = (PDF_MAX_PIXELS / area) ** 0.5 * 0.99
    return scale


def _render_pdf_page(pdf, index: int) -> np.ndarray:
    import pypdfium2 as pdfium

    page = pdf[index]
    try:
        w_pt, h_pt = page.get_size()
        try:
            # Drawn straight into a 3-channel BGR bitmap and copied once: no RGBA or PIL copies.
            bitmap = page.render(scale=pdf_scale(w_pt, h_pt), force_bitmap_format=pdfium.raw.FPDFBitmap_BGR)
        except pdfium.PdfiumError:
            raise ImageDecodeError(f"page {index + 1} of the PDF is damaged and cannot be drawn") from None
        try:
            import numpy as np

            return np.array(bitmap.to_numpy()[:, :, :3])
        finally:
            bitmap.close()
    finally:
        page.close()
