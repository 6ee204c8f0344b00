"""Conversions between Qt images and the NumPy arrays the reader works on (BGR, like OpenCV)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

if TYPE_CHECKING:  # NumPy loads with the first frame, not at the app's start-up
    import numpy as np


def qimage_to_bgr(image: QImage) -> np.ndarray:
    """Copy a QImage into a contiguous H x W x 3 BGR array."""
    import numpy as np

    rgb = image.convertToFormat(QImage.Format.Format_BGR888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    buffer = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def bgr_to_qimage(array: np.ndarray) -> QImage:
    """Wrap a BGR (or grey) array as a QImage that owns its own copy of the pixels."""
    import numpy as np

    if array.ndim == 2:
        array = np.ascontiguousarray(array)
        height, width = array.shape
        return QImage(array.data, width, height, array.strides[0], QImage.Format.Format_Grayscale8).copy()
    array = np.ascontiguousarray(array[:, :, :3])
    height, width = array.shape[:2]
    return QImage(array.data, width, height, array.strides[0], QImage.Format.Format_BGR888).copy()


def downscale(image: QImage, longest_side: int) -> tuple[QImage, float]:
    """A smaller copy for fast detection, and the factor to map its coordinates back."""
    longest = max(image.width(), image.height())
    if longest <= longest_side:
        return image, 1.0
    scale = longest_side / longest
    small = image.scaled(round(image.width() * scale), round(image.height() * scale))
    return small, image.width() / small.width()
