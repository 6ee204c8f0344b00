"""QR codes on cards: find and decode them, understand vCard / MECARD / URL payloads.

What a QR code holds is exact, so apply_qr() lets it win over OCR for the same
field and adds what OCR missed.
"""
from __future__ import annotations

import re
from itertools import combinations
from typing import Any

import cv2
import numpy as np
from rapidfuzz import fuzz

from . import vcard
from .contacts import is_link_service, registrable_label, social_platform
from .phones import digits_of, split_extension
from .phones import parse as parse_phone
from .reading import CardReading, Field, Phone

_MAX_SIDE = 1600  # the detector gets slow and no better on huge images
QR_MARGIN = 1.7  # finder widths around the finders' centres that the crop handed to the decoders keeps


def decode_qr(image: np.ndarray) -> str | None:
    """Text of the first QR code found in a BGR or grey image, or None."""
    if image is None or image.size == 0:
        return None
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    region = qr_region(gray)
    if region is None:
        return None  # most cards have no QR code: skip the decoders, which cost ~0.4 s a card
    # Only the code and its quiet zone go to the decoders: on the whole card they cost 0.6-0.8 s
    # when three finder-like rings in a logo lead them there for nothing, on the crop ~0.05 s.
    x0, y0, x1, y1 = region
    gray = gray[y0:y1, x0:x1]
    h, w = gray.shape[:2]
    base = min(1.0, _MAX_SIDE / max(h, w))
    detectors = [cv2.QRCodeDetector()]
    if hasattr(cv2, "QRCodeDetectorAruco"):
        detectors.append(cv2.QRCodeDetectorAruco())
    for scale in (base, base * 0.5, min(2.0, base * 2.0)):
        if min(h, w) * scale < 60:
            continue
        img = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA
                                                   if scale < 1 else cv2.INTER_CUBIC)
        for det in detectors:
            try:
                text, points, _ = det.detectAndDecode(img)
            except cv2.error:
                continue
            if text:
                return text
    return None


def qr_region(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) around the QR code the image seems to show, quiet zone included, or None.
    The code is seen by its three finder patterns: each a dark square ring around a light ring
    around a dark square (contours nested three deep), alike in size, and placed as the corners
    of an L, as on every QR code. Logos with rings (seals, badges) rarely pass all three."""
    h, w = gray.shape[:2]
    scale = min(1.0, 1200 / max(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    binary = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 7)
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return None
    hierarchy = hierarchy[0]
    finders: list[tuple[float, float, float]] = []  # centre x, centre y, side
    for i, contour in enumerate(contours):
        child = hierarchy[i][2]
        grandchild = hierarchy[child][2] if child >= 0 else -1
        if grandchild < 0:
            continue
        outer = cv2.contourArea(contour)
        inner = cv2.contourArea(contours[grandchild])
        if outer < 16 or inner <= 0:
            continue
        # the finder's centre square is 3x3 modules of its 7x7: an area ratio near 49/9
        if not 2.5 <= outer / inner <= 12:
            continue
        x, y, bw, bh = cv2.boundingRect(contour)
        if 0.6 <= bw / max(bh, 1) <= 1.6:
            finders.append((x + bw / 2, y + bh / 2, (bw + bh) / 2))
    corner = _forms_an_l(finders[:60])
    if corner is None:
        return None
    a, b, c = (np.float32(f[:2]) for f in corner)
    points = np.stack([a, b, c, b + c - a]) / scale  # the fourth corner completes the square
    # from a finder's centre: half its width to the code's edge, then a quiet zone of 4 modules
    # (4/7 of a finder) that the decoders look for, and as much again for a code seen at a slant
    margin = QR_MARGIN * max(f[2] for f in corner) / scale
    x0, y0 = np.floor(points.min(axis=0) - margin).astype(int)
    x1, y1 = np.ceil(points.max(axis=0) + margin).astype(int)
    return max(0, int(x0)), max(0, int(y0)), min(w, int(x1)), min(h, int(y1))


def _forms_an_l(finders: list[tuple[float, float, float]]) -> tuple[tuple[float, float, float], ...] | None:
    """Three finders placed as a QR code's, the one at the right angle first; None if no three are."""
    for a, b, c in combinations(finders, 3):
        sides = [a[2], b[2], c[2]]
        if max(sides) > 1.6 * min(sides):
            continue
        pairs = sorted(((np.hypot(p[0] - q[0], p[1] - q[1]), r) for p, q, r in ((a, b, c), (b, c, a), (a, c, b))),
                       key=lambda pair: pair[0])
        d = [length for length, _ in pairs]
        # two equal legs at least two finder widths long (21+ modules), a hypotenuse ~sqrt(2) longer
        if d[0] >= 1.8 * min(sides) and d[0] >= 0.75 * d[1] and 1.2 <= d[2] / d[1] <= 1.65:
            corner = pairs[2][1]  # the finder across from the hypotenuse
            return corner, *(f for f in (a, b, c) if f is not corner)
    return None


def _empty() -> dict[str, Any]:
    return {"kind": "text", "name": None, "title": None, "department": None, "company": None,
            "address": None, "emails": [], "phones": [], "websites": [], "social": [], "note": None}


def parse_qr_payload(payload: str) -> dict[str, Any]:
    """Contact data in a QR payload.

    Returns a dict with kind ("vcard", "mecard", "bizcard", "url", "email", "phone" or "text"),
    name, title, department, company, address (str|None), emails, websites, social (list of str),
    phones (list of {"number", "kind"}), note.
    """
    text = (payload or "").strip().lstrip("\ufeff")
    upper = text.upper()
    if upper.startswith("BEGIN:VCARD"):
        return _parse_vcard(text)
    if upper.startswith("MECARD:"):
        return _parse_mecard(text[7:])
    if upper.startswith("BIZCARD:"):
        return _parse_bizcard(text[8:])
    out = _empty()
    if re.match(r"(?i)^mailto:", text):
        out["kind"] = "email"
        out["emails"] = [text[7:].split("?")[0]]
    elif re.match(r"(?i)^tel:", text):
        out["kind"] = "phone"
        out["phones"] = [{"number": text[4:], "kind": "work"}]
    elif re.match(r"(?i)^(https?://|www\.)\S+$", text):
        out["kind"] = "url"
        (out["social"] if social_platform(text) else out["websites"]).append(text)
    else:
        out["note"] = text or None
    return out


def _parse_vcard(text: str) -> dict[str, Any]:
    """A vCard payload, read by the app's one vCard reader (:mod:`ocr.vcard`)."""
    out = _empty()
    out["kind"] = "vcard"
    card = next(vcard.read_cards(vcard.split_lines([text])), None)
    if card is None:
        return out
    legacy = card.version.startswith("2")
    for line in card.lines:
        name = line.name
        structured_or_uri = name in ("N", "ORG", "ADR", "TEL", "URL", "PHOTO")
        value = "" if structured_or_uri else vcard.unescape_text(line.value, legacy).strip()
        if name == "FN" and value:
            out["name"] = value
        elif name == "N" and not out["name"]:
            parts = vcard.split_structured(line.value, legacy) + [""] * 5
            family, given, middle, prefix, suffix = (p.strip() for p in parts[:5])
            out["name"] = " ".join(p for p in (prefix, given, middle, family, suffix) if p) or None
        elif name == "ORG":
            parts = [p.strip() for p in vcard.split_structured(line.value, legacy)]
            out["company"] = parts[0] or None
            if len(parts) > 1 and parts[1]:
                out["department"] = parts[1]
        elif name == "TITLE":
            out["title"] = value or None
        elif name == "EMAIL" and value:
            out["emails"].append(value.removeprefix("mailto:"))
        elif name == "TEL" and line.value.strip():
            number, extension = vcard.split_tel(vcard.unescape_text(line.value, legacy))
            phone = {"number": number, "kind": vcard.phone_kind(line.types())}
            if extension:
                phone["extension"] = extension
            out["phones"].append(phone)
        elif name == "URL" and line.value.strip():
            url = line.value.strip()
            (out["social"] if social_platform(url) else out["websites"]).append(url)
        elif name in ("X-SOCIALPROFILE", "IMPP") and value:
            out["social"].append(value)
        elif name == "ADR" and not out["address"]:
            parts = [p.strip() for p in vcard.split_structured(line.value, legacy)] + [""] * 7
            pobox, ext, street, city, region, code, country = parts[:7]
            locality = " ".join(p for p in (city, region, code) if p)
            out["address"] = ", ".join(p for p in (pobox, ext, street, locality, country) if p) or None
        elif name == "NOTE":
            out["note"] = value or None
    return out


def _mecard_fields(body: str) -> list[tuple[str, str]]:
    out = []
    for part in re.split(r"(?<!\\);", body):
        if ":" not in part:
            continue
        key, value = part.split(":", 1)
        value = re.sub(r"\\([\\;:,\"])", r"\1", value).strip()
        if value:
            out.append((key.strip().upper(), value))
    return out


def _parse_mecard(body: str) -> dict[str, Any]:
    out = _empty()
    out["kind"] = "mecard"
    for key, value in _mecard_fields(body):
        if key == "N":
            if "," in value:
                family, given = (p.strip() for p in value.split(",", 1))
                out["name"] = f"{given} {family}".strip()
            else:
                out["name"] = value
        elif key == "TEL":
            out["phones"].append({"number": value, "kind": "work"})
        elif key == "TEL-AV":
            out["phones"].append({"number": value, "kind": "mobile"})
        elif key == "EMAIL":
            out["emails"].append(value)
        elif key == "URL":
            (out["social"] if social_platform(value) else out["websites"]).append(value)
        elif key == "ADR":
            out["address"] = value
        elif key == "ORG":
            out["company"] = value
        elif key == "TITLE":
            out["title"] = value
        elif key == "NOTE":
            out["note"] = value
    return out


def _parse_bizcard(body: str) -> dict[str, Any]:
    out = _empty()
    out["kind"] = "bizcard"
    fields = dict(_mecard_fields(body))
    out["name"] = " ".join(p for p in (fields.get("N"), fields.get("X")) if p) or None
    out["title"] = fields.get("T")
    out["company"] = fields.get("C")
    out["address"] = fields.get("A")
    for key, kind in (("B", "work"), ("M", "mobile"), ("F", "fax")):
        if fields.get(key):
            out["phones"].append({"number": fields[key], "kind": kind})
    if fields.get("E"):
        out["emails"].append(fields["E"])
    return out


# ---------------------------------------------------------------- merging


# a path that is an opaque id: a UUID or a long run of letters and digits ("/53a1c0de-77b2-...", "/x7Qp...")
_OPAQUE_PATH_RE = re.compile(r"/(?:[0-9a-f]{8}-[0-9a-f]{4}-|(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}/?$)")


def _points_elsewhere(url: str, reading: CardReading) -> bool:
    """A QR code's link through a URL shortener or a digital-card service (a known one, or an opaque id
    on a host that no address on the card shares) is not the company's website; the payload stays in
    qr_payload."""
    if is_link_service(url):
        return True
    host = _site_key(url).split("/")[0]
    own = {registrable_label(e.value.split("@", 1)[1]) for e in reading.emails}
    own |= {registrable_label(_site_key(w.value).split("/")[0]) for w in reading.websites}
    return bool(_OPAQUE_PATH_RE.search(_site_key(url))) and registrable_label(host) not in own


def _site_key(url: str) -> str:
    return re.sub(r"^[a-z]+://", "", url.lower().strip()).removeprefix("www.").rstrip("/")


def _same_phone(a: str, b: str) -> bool:
    x = digits_of(re.sub(r"\(0\)", "", a)).lstrip("0")
    y = digits_of(re.sub(r"\(0\)", "", b)).lstrip("0")
    if not x or not y:
        return False
    short, long_ = sorted((x, y), key=len)
    return x == y or (len(short) >= 7 and long_.endswith(short) and len(long_) - len(short) <= 3)


def _merge_list(items: list[Field], values: list[str], key, similar) -> None:
    for value in values:
        qr_field = Field(value, 1.0, [], source="qr")
        match = next((i for i, f in enumerate(items) if key(f.value) == key(value)), None)
        if match is None:
            match = next((i for i, f in enumerate(items) if f.source != "qr" and similar(f.value, value)), None)
        if match is None:
            items.append(qr_field)
        else:
            qr_field.words = items[match].words
            items[match] = qr_field


def apply_qr(reading: CardReading, payload: str) -> None:
    """Merge what a QR code holds into ``reading``; QR data wins and fills gaps."""
    data = parse_qr_payload(payload)
    reading.qr_payload = payload
    for name in ("name", "title", "department", "company", "address"):
        value = data.get(name)
        if value:
            old = getattr(reading, name)
            setattr(reading, name, Field(value.strip(), 1.0, old.words if old else [], source="qr"))

    def close(a: str, b: str) -> bool:
        return fuzz.ratio(a.lower(), b.lower()) >= 85

    _merge_list(reading.emails, data["emails"], lambda v: v.lower().strip(), close)
    sites = [w for w in data["websites"] if not _points_elsewhere(w, reading)]
    _merge_list(reading.websites, sites, _site_key, lambda a, b: close(_site_key(a), _site_key(b)))
    _merge_list(reading.social, data["social"], _site_key, lambda a, b: close(_site_key(a), _site_key(b)))

    for p in data["phones"]:
        number, extension = split_extension(p["number"].strip())
        extension = p.get("extension") or extension
        e164, valid, _ = parse_phone(number, reading.region)
        match = next((i for i, old in enumerate(reading.phones)
                      if (e164 and old.e164 == e164) or _same_phone(old.number, number)), None)
        phone = Phone(number, e164 if valid else None, p["kind"], 1.0, [], source="qr", extension=extension)
        if match is not None:
            old = reading.phones[match]
            phone.words = old.words
            if p["kind"] == "other":
                phone.kind = old.kind  # a bare "TEL:" says less than the card's printed label
            reading.phones[match] = phone
        else:
            reading.phones.append(phone)


__all__ = ["decode_qr", "parse_qr_payload", "apply_qr"]
