"""`netcapture --install-desktop`: the app in the user's application menu (freedesktop.org).

Installs, for the current user only, the .desktop file named after the app ID (so GNOME/KDE
match the window, the AppStream metainfo and the icon to each other), the AppStream metainfo,
and the icon; "Open with NetCapture" on images and PDFs then starts the app with those files.
The files ship in the wheel as data (share/netcapture/) and in a source checkout in packaging/
and resources/.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from netcapture.errors import NetCaptureError

APP_ID = "io.netcapture.NetCapture"


def shipped_file(*candidates: Path) -> Path:
    for path in candidates:
        if path.is_file():
            return path
    raise NetCaptureError(f"{candidates[0].name} is missing from this installation.")


def _sources() -> dict[str, Path]:
    checkout = Path(__file__).resolve().parent.parent
    installed = Path(sys.prefix) / "share" / "netcapture"
    bundle = Path(getattr(sys, "_MEIPASS", checkout))
    return {
        "desktop": shipped_file(checkout / "packaging" / f"{APP_ID}.desktop", installed / f"{APP_ID}.desktop",
                                bundle / "packaging" / f"{APP_ID}.desktop"),
        "metainfo": shipped_file(checkout / "packaging" / f"{APP_ID}.metainfo.xml",
                                 installed / f"{APP_ID}.metainfo.xml", bundle / "packaging" / f"{APP_ID}.metainfo.xml"),
        "icon": shipped_file(checkout / "resources" / "icons" / "netcapture.svg", installed / "icons" / "netcapture.svg",
                             bundle / "resources" / "icons" / "netcapture.svg"),
    }


def install_desktop(data_home: Path | None = None, executable: str | None = None) -> list[Path]:
    """Copy the desktop entry, metainfo and icon into ``data_home`` (default $XDG_DATA_HOME or
    ~/.local/share); returns the files written. The entry runs ``executable`` (default: the
    `netcapture` found next to this Python, as pipx installs it, else on the PATH)."""
    home = data_home or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    sources = _sources()
    command = executable or _netcapture_command()
    targets = {
        "desktop": home / "applications" / f"{APP_ID}.desktop",
        "metainfo": home / "metainfo" / f"{APP_ID}.metainfo.xml",
        "icon": home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    }
    for key, target in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if key == "desktop":
            text = sources[key].read_text(encoding="utf-8").replace("Exec=netcapture ", f"Exec={command} ")
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(sources[key], target)
    for tool, arg in (("update-desktop-database", targets["desktop"].parent),
                      ("gtk-update-icon-cache", home / "icons" / "hicolor")):
        if shutil.which(tool):  # refresh the menus' caches when the desktop has the tools
            subprocess.run([tool, "-q", str(arg)], check=False, capture_output=True)
    return list(targets.values())


def _netcapture_command() -> str:
    beside = Path(sys.executable).parent / "netcapture"
    if beside.is_file():
        return _quote(str(beside))
    found = shutil.which("netcapture")
    return _quote(found) if found else "netcapture"


def _quote(path: str) -> str:
    return f'"{path}"' if " " in path else path
