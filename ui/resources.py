"""Locates the files shipped in resources/ (icons, sounds, sample cards): in a source checkout, in a
PyInstaller build, and in a wheel / pipx install (where pyproject's data-files put them under
<prefix>/share/netcapture)."""
from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    installed = Path(sys.prefix) / "share" / "netcapture"
    return checkout if checkout.is_dir() or not installed.is_dir() else installed


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def app_icon_path() -> Path:
    return resource("icons", "netcapture.svg")


def shutter_sound_path() -> Path:
    return resource("sounds", "shutter.wav")
