"""The vCard 3.0 a synthetic card's QR code holds, and the QR code image itself."""
from __future__ import annotations

import cv2
import numpy as np
import vobject

from tests.synthetic.identity import CardTruth

_TEL_TYPES = {"work": ["WORK", "VOICE"], "mobile": ["CELL", "VOICE"], "fax": ["WORK", "FAX"]}


def vcard_text(truth: CardTruth) -> str:
    """vCard 3.0 of the card's truth, serialised by vobject (escaping and folding done right)."""
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(family=truth.family_name, given=truth.given_name,
                                             prefix=truth.prefix)
    card.add("fn").value = truth.name
    org = card.add("org")
    org.value = [truth.company] + ([truth.department] if truth.department else [])
    if truth.title:
        card.add("title").value = truth.title
    for phone in truth.phones:
        tel = card.add("tel")
        tel.value = phone["e164"]
        tel.type_param = _TEL_TYPES[phone["kind"]]
    for email in truth.emails:
        item = card.add("email")
        item.value = email
        item.type_param = "INTERNET"
    for site in truth.websites:
        card.add("url").value = site if "://" in site else f"https://{site}"
    if truth.address:
        a = truth.address
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(street=a.street, city=a.city, region=a.region, code=a.postcode,
                                          country=a.country)
        adr.type_param = "WORK"
    return card.serialize()


def qr_image(text: str, size: int) -> np.ndarray:
    """A black-on-white QR code (uint8, size x size) with its quiet zone, modules kept square.

    Level L keeps a whole vCard at the lowest version, so its modules stay as large as
    a card allows; the encoder gives no quiet zone, so four modules are added.
    """
    params = cv2.QRCodeEncoder.Params()
    params.correction_level = cv2.QRCodeEncoder_CORRECT_LEVEL_L
    code = cv2.QRCodeEncoder.create(params).encode(text)
    code = cv2.copyMakeBorder(code, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
    modules = code.shape[0]
    scale = max(1, size // modules)
    big = cv2.resize(code, (modules * scale, modules * scale), interpolation=cv2.INTER_NEAREST)
    canvas = np.full((size, size), 255, np.uint8)
    off = (size - big.shape[0]) // 2
    canvas[off:off + big.shape[0], off:off + big.shape[1]] = big
    return canvas
