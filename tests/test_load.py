"""The loader: every supported format, EXIF orientation, and a clear error for bad files."""
from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr.errors import DecompressionBombError, ImageDecodeError, UnsupportedFileError
from ocr.load import MAX_PIXELS, load_pages


def _marked_image(w: int = 120, h: int = 80) -> Image.Image:
    """A landscape image with a red block in its top-left corner, to check orientation."""
    arr = np.full((h, w, 3), 255, np.uint8)
    arr[:20, :30] = (255, 0, 0)  # RGB red
    return Image.fromarray(arr)


def _encode(img: Image.Image, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kwargs)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "TIFF", "BMP", "WEBP"])
def test_common_formats_decode_to_bgr(tmp_path, fmt):
    path = tmp_path / f"card.{fmt.lower()}"
    path.write_bytes(_encode(_marked_image(), fmt))
    (page,) = load_pages(path)
    assert page.image.shape == (80, 120, 3)
    b, g, r = page.image[5, 5]
    assert r > 200 and b < 60 and g < 60  # red stays red: channels are BGR


def test_heic_photo(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    heif = pillow_heif.from_pillow(_marked_image())
    path = tmp_path / "IMG_0001.HEIC"
    heif.save(str(path), quality=90)
    (page,) = load_pages(path)
    assert page.image.shape == (80, 120, 3)


def test_exif_orientation_is_honoured(tmp_path):
    img = _marked_image()
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display": phones store portrait shots like this
    path = tmp_path / "phone.jpg"
    path.write_bytes(_encode(img, "JPEG", exif=exif.tobytes()))
    (page,) = load_pages(path)
    assert page.image.shape == (120, 80, 3)
    b, g, r = page.image[5, -5]  # the red corner moved to the top right
    assert r > 200 and b < 60


def test_multi_frame_tiff_gives_every_frame(tmp_path):
    frames = [_marked_image(), _marked_image(60, 40)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    pages = load_pages(buf.getvalue())
    assert [p.image.shape[:2] for p in pages] == [(80, 120), (40, 60)]
    assert [p.page for p in pages] == [0, 1]


def test_pdf_every_page_rendered(tmp_path):
    pdf = io.BytesIO()
    _marked_image(300, 200).save(pdf, "PDF", save_all=True, append_images=[_marked_image(200, 300)],
                                 resolution=100)
    pages = load_pages(pdf.getvalue())
    assert len(pages) == 2
    h0, w0 = pages[0].image.shape[:2]
    h1, w1 = pages[1].image.shape[:2]
    assert w0 > h0 and h1 > w1  # landscape then portrait
    assert w0 == pytest.approx(300 * 3, rel=0.02)  # 100 dpi page rendered at 300 dpi


def test_empty_file(tmp_path):
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(UnsupportedFileError, match="empty"):
        load_pages(path)


def test_not_an_image(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("this is not a picture of a card\n" * 20)
    with pytest.raises(UnsupportedFileError, match="not an image"):
        load_pages(path)


def test_truncated_jpeg(tmp_path):
    arr = (np.random.default_rng(1).random((400, 600, 3)) * 255).astype(np.uint8)
    data = cv2.imencode(".jpg", arr)[1].tobytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ImageDecodeError, match="damaged"):
        load_pages(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UnsupportedFileError, match="not found"):
        load_pages(tmp_path / "nope.jpg")
    with pytest.raises(UnsupportedFileError, match="folder"):
        load_pages(tmp_path)


def test_decompression_bomb_refused_before_decoding(tmp_path):
    # A PNG whose header claims a huge size; only the header is read before refusing.
    side = int(MAX_PIXELS ** 0.5) + 1000
    img = Image.new("1", (side, side))
    path = tmp_path / "bomb.png"
    img.save(path, optimize=True)
    assert path.stat().st_size < 5_000_000
    with pytest.raises(DecompressionBombError, match="too large"):
        load_pages(path)


def test_damaged_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n%garbage that is not a pdf\n")
    with pytest.raises(ImageDecodeError, match="PDF"):
        load_pages(path)
