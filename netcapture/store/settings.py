"""Settings kept in the database (the settings table), shared by the GUI and the CLI."""
from __future__ import annotations

from sqlalchemy.orm import Session

from netcapture.store.models import Setting


def get_setting(session: Session, key: str, default: str = "") -> str:
    setting = session.get(Setting, key)
    return setting.value if setting is not None and setting.value != "" else default


def put_setting(session: Session, key: str, value: str) -> None:
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value
