"""Settings kept in the database (the settings table), shared by the GUI and the CLI."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the rules that keep their values here (follow-ups) load without the database layer
    from sqlalchemy.orm import Session


def get_setting(session: Session, key: str, default: str = "") -> str:
    from netcapture.store.models import Setting

    setting = session.get(Setting, key)
    return setting.value if setting is not None and setting.value != "" else default


def put_setting(session: Session, key: str, value: str) -> None:
    from netcapture.store.models import Setting

    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value
