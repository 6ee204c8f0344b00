"""The CardDAV password lives in the system keyring (GNOME Keyring, KWallet, macOS Keychain,
Windows Credential Locker) through the `keyring` library, never in a file of ours."""
from __future__ import annotations

from netcapture.errors import NetCaptureError

SERVICE = "NetCapture CardDAV"


class NoKeyringError(NetCaptureError):
    def __init__(self, detail: str = ""):
        super().__init__("No system keyring is available to keep the CardDAV password safely"
                         + (f" ({detail})" if detail else "") + ". Start your desktop's keyring (GNOME Keyring "
                         "or KWallet) and unlock it, then run `netcapture sync setup` again.")


def _backend():
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or type(backend).__name__ == "ChainerBackend" and not backend.backends:
        raise NoKeyringError("no backend found")
    return backend


def account(user: str, url: str) -> str:
    return f"{user}@{url}"


def store_password(user: str, url: str, password: str) -> None:
    from keyring.errors import KeyringError

    try:
        _backend().set_password(SERVICE, account(user, url), password)
    except KeyringError as error:
        raise NoKeyringError(str(error)) from None


def load_password(user: str, url: str) -> str:
    from keyring.errors import KeyringError

    try:
        password = _backend().get_password(SERVICE, account(user, url))
    except KeyringError as error:
        raise NoKeyringError(str(error)) from None
    if password is None:
        raise NetCaptureError(f"No CardDAV password for {user} is in the keyring: run `netcapture sync setup` again.")
    return password
