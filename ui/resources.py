"""Locates the files shipped in resources/ (icons, sounds, sample cards), also inside a PyInstaller build."""
from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def app_icon_path() -> Path:
    return resource("icons", "netcapture.svg")


def shutter_sound_path() -> Path:
    return resource("sounds", "shutter.wav")
