"""Writing export text to whatever stream the caller opened."""
from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO


def text_writer(stream: IO) -> Callable[[str], object]:
    """A function writing str: as is to a text stream, as UTF-8 to a binary one."""
    if isinstance(stream, io.TextIOBase):
        return stream.write
    return lambda text: stream.write(text.encode("utf-8"))
