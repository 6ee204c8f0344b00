"""The one place that decides where NetCapture keeps its data.

Precedence: explicit arguments (CLI flags, or the GUI's saved settings) > environment > defaults.

- data directory: ``--data-dir`` / ``NETCAPTURE_DATA_DIR`` / platformdirs' user data directory.
  It holds the SQLite database (unless another URL is given) and the card images.
- database URL: ``--database`` / ``NETCAPTURE_DATABASE_URL`` / ``sqlite:///<data dir>/netcapture.sqlite3``.
  Any SQLAlchemy URL works; PostgreSQL lets several laptops write to one event database.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from netcapture.errors import DataDirError

APP_NAME = "NetCapture"
DB_FILENAME = "netcapture.sqlite3"
ENV_DATA_DIR = "NETCAPTURE_DATA_DIR"
ENV_DATABASE_URL = "NETCAPTURE_DATABASE_URL"
ENV_LANG = "NETCAPTURE_LANG"
ENV_REGION = "NETCAPTURE_REGION"
DEFAULT_LOCK_TIMEOUT = 15.0  # seconds a writer waits for a busy SQLite database


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str
    lang: str = "eng"  # Tesseract language(s) for reading cards
    region: str | None = None  # default phone region (ISO 3166 code) for E.164
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT

    @classmethod
    def load(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        database_url: str | None = None,
        lang: str | None = None,
        region: str | None = None,
        lock_timeout: float | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Config:
        env = os.environ if env is None else env
        chosen_dir = data_dir or env.get(ENV_DATA_DIR) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
        resolved = Path(chosen_dir).expanduser().resolve()
        url = database_url or env.get(ENV_DATABASE_URL) or sqlite_url(resolved / DB_FILENAME)
        return cls(
            data_dir=resolved,
            database_url=url,
            lang=lang or env.get(ENV_LANG) or "eng",
            region=(region or env.get(ENV_REGION) or None),
            lock_timeout=DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout,
        )

    @property
    def originals_dir(self) -> Path:
        """Original photos and scans, stored by the SHA-256 of their content."""
        return self.data_dir / "originals"

    @property
    def cards_dir(self) -> Path:
        """Flattened, upright card images cut out of the originals."""
        return self.data_dir / "cards"

    def ensure_data_dir(self) -> None:
        """Create the data directory (owner-only) if missing, or explain why it cannot be."""
        try:
            for path in (self.data_dir, self.originals_dir, self.cards_dir):
                if not path.is_dir():
                    path.mkdir(mode=0o700, parents=True, exist_ok=True)
                    os.chmod(path, 0o700)
        except OSError as exc:
            raise DataDirError(
                f"Cannot create the data directory {self.data_dir}: {exc.strerror or exc}. "
                f"Choose another one with --data-dir or {ENV_DATA_DIR}."
            ) from exc
        if not os.access(self.data_dir, os.W_OK):
            raise DataDirError(
                f"The data directory {self.data_dir} is not writable. "
                f"Choose another one with --data-dir or {ENV_DATA_DIR}."
            )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
