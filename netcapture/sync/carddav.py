"""A small CardDAV client (RFC 6352 over WebDAV, RFC 4918): discovery, address books, cards.

HTTP is httpx: maintained, with per-request timeouts, connection pooling, redirects and any
method name (WebDAV needs PROPFIND and REPORT), in one small dependency. The XML is the
standard library's ElementTree. Only what sync needs is here: find the address books from a URL
or an e-mail address (RFC 6764: /.well-known/carddav, current-user-principal,
addressbook-home-set), list the cards with their ETags, fetch cards (addressbook-multiget), and
write a card with a precondition (If-None-Match: * to create, If-Match: ETag to update).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpx

from netcapture.errors import NetCaptureError

DAV, CARD, CS = "DAV:", "urn:ietf:params:xml:ns:carddav", "http://calendarserver.org/ns/"
_NS = {"d": DAV, "c": CARD}
TIMEOUT = httpx.Timeout(20.0, connect=10.0)


class CardDavError(NetCaptureError):
    """The CardDAV server refused or misunderstood a request."""


class ServerUnreachableError(CardDavError):
    """No answer from the server (down, offline, wrong name): nothing was changed."""

    def __init__(self, url: str, detail: str):
        super().__init__(f"Cannot reach the CardDAV server at {url} ({detail}). Nothing was changed; "
                         f"run the sync again when the server can be reached.")


class AuthenticationError(CardDavError):
    def __init__(self, url: str):
        super().__init__(f"The CardDAV server at {url} did not accept the user name and password "
                         f"(for Fastmail, iCloud and Nextcloud with two-factor login use an app password).")


class PreconditionFailed(CardDavError):
    """The card changed on the server (or already exists) since we last saw it."""


@dataclass(frozen=True)
class AddressBook:
    url: str
    name: str


class CardDavClient:
    def __init__(self, user: str, password: str, transport: httpx.BaseTransport | None = None):
        self.http = httpx.Client(auth=(user, password), timeout=TIMEOUT, follow_redirects=True,
                                 transport=transport, headers={"User-Agent": "NetCapture"})

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> CardDavClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- requests ------------------------------------------------------------------------------
    def request(self, method: str, url: str, body: str | None = None, headers: dict[str, str] | None = None,
                ok: tuple[int, ...] = (200, 201, 204, 207)) -> httpx.Response:
        content_type = {"Content-Type": "application/xml; charset=utf-8"} if body and method != "PUT" else {}
        try:
            response = self.http.request(method, url, content=body.encode("utf-8") if body else None,
                                         headers={**content_type, **(headers or {})})
        except (httpx.ConnectError, httpx.TimeoutException, httpx.RemoteProtocolError,
                httpx.UnsupportedProtocol) as error:
            raise ServerUnreachableError(_origin(url), str(error) or type(error).__name__) from None
        if response.status_code == 401:
            raise AuthenticationError(_origin(url))
        if response.status_code == 412:
            raise PreconditionFailed(f"{url} changed on the server")
        if response.status_code not in ok:
            raise CardDavError(f"The CardDAV server answered {response.status_code} {response.reason_phrase} "
                               f"to {method} {url}.")
        return response

    def propfind(self, url: str, props: list[str], depth: int = 0) -> list[tuple[str, ET.Element]]:
        """(href, prop element) for every resource in the multistatus answer."""
        body = ('<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
                f'xmlns:c="{CARD}"><d:prop>{"".join(f"<{p}/>" for p in props)}</d:prop></d:propfind>')
        response = self.request("PROPFIND", url, body, {"Depth": str(depth)})
        return _responses(response)

    # -- discovery -----------------------------------------------------------------------------
    def discover(self, url_or_email: str) -> list[AddressBook]:
        """The address books of the user, found from a server URL or an e-mail address."""
        start = _start_url(url_or_email)
        principal = self._principal(start)
        homes = [urljoin(principal, href) for _, prop in self.propfind(principal, ["c:addressbook-home-set"])
                 for href in _hrefs(prop, "c:addressbook-home-set")] or [principal]
        books: list[AddressBook] = []
        for home in homes:
            for href, prop in self.propfind(home, ["d:resourcetype", "d:displayname"], depth=1):
                if prop.find("d:resourcetype/c:addressbook", _NS) is not None:
                    url = urljoin(home, href)
                    name = (prop.findtext("d:displayname", "", _NS) or "").strip()
                    books.append(AddressBook(url, name or unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])))
        if not books and self._is_address_book(start):
            books.append(AddressBook(start, start))
        return books

    def _principal(self, start: str) -> str:
        candidates = [start]
        origin = _origin(start)
        if urlsplit(start).path in ("", "/"):
            candidates.insert(0, origin + "/.well-known/carddav")
        for url in candidates:
            try:
                found = self.propfind(url, ["d:current-user-principal"])
            except CardDavError as error:
                if isinstance(error, ServerUnreachableError | AuthenticationError):
                    raise
                continue
            for _, prop in found:
                for href in _hrefs(prop, "d:current-user-principal"):
                    return urljoin(url, href)
        return start

    def _is_address_book(self, url: str) -> bool:
        try:
            found = self.propfind(url, ["d:resourcetype"])
        except CardDavError:
            return False
        return any(prop.find("d:resourcetype/c:addressbook", _NS) is not None for _, prop in found)

    # -- cards ---------------------------------------------------------------------------------
    def etags(self, book_url: str) -> dict[str, str]:
        """href (absolute URL) -> ETag of every vCard in the address book."""
        out = {}
        for href, prop in self.propfind(book_url, ["d:getetag", "d:resourcetype"], depth=1):
            url = urljoin(book_url, href)
            etag = prop.findtext("d:getetag", "", _NS)
            if url.rstrip("/") != book_url.rstrip("/") and etag and prop.find("d:resourcetype/d:collection", _NS) is None:
                out[url] = etag
        return out

    def fetch(self, book_url: str, hrefs: list[str]) -> dict[str, tuple[str, str]]:
        """href -> (ETag, vCard text), many at a time (addressbook-multiget)."""
        out: dict[str, tuple[str, str]] = {}
        for start in range(0, len(hrefs), 100):
            chunk = hrefs[start:start + 100]
            body = ('<?xml version="1.0" encoding="utf-8"?><c:addressbook-multiget xmlns:d="DAV:" '
                    f'xmlns:c="{CARD}"><d:prop><d:getetag/><c:address-data/></d:prop>'
                    + "".join(f"<d:href>{_escape(urlsplit(h).path)}</d:href>" for h in chunk)
                    + "</c:addressbook-multiget>")
            for href, prop in _responses(self.request("REPORT", book_url, body, {"Depth": "1"})):
                data = prop.findtext("c:address-data", None, _NS)
                if data is not None:
                    out[urljoin(book_url, href)] = (prop.findtext("d:getetag", "", _NS), data)
        return out

    def put(self, url: str, card: str, etag: str | None = None) -> str | None:
        """Create (``etag`` None: only if nothing is there) or update (only if unchanged) a card;
        returns the new ETag when the server tells it."""
        headers = {"Content-Type": "text/vcard; charset=utf-8"}
        headers["If-Match" if etag else "If-None-Match"] = etag or "*"
        response = self.request("PUT", url, card, headers, ok=(200, 201, 204))
        return response.headers.get("ETag")


def card_url(book_url: str, name: str) -> str:
    return book_url.rstrip("/") + "/" + quote(name)


def _start_url(url_or_email: str) -> str:
    text = url_or_email.strip()
    if "://" not in text and "@" in text and "/" not in text:
        return "https://" + text.rsplit("@", 1)[1] + "/"
    if "://" not in text:
        text = "https://" + text
    return text if urlsplit(text).path else text + "/"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _responses(response: httpx.Response) -> list[tuple[str, ET.Element]]:
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as error:
        raise CardDavError(f"The CardDAV server sent an answer that is not XML ({error}).") from None
    out = []
    for item in root.findall("d:response", _NS):
        href = item.findtext("d:href", "", _NS).strip()
        for propstat in item.findall("d:propstat", _NS):
            status = propstat.findtext("d:status", "", _NS)
            prop = propstat.find("d:prop", _NS)
            if prop is not None and " 200 " in f"{status} ":
                out.append((href, prop))
    return out


def _hrefs(prop: ET.Element, path: str) -> list[str]:
    return [h.text.strip() for h in prop.findall(f"{path}/d:href", _NS) if h.text and h.text.strip()]
