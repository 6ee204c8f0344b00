"""Where each printed line of a card goes: blocks of text fitted into regions per layout.

The layout is computed without drawing, so tests can check that every line lies
inside the card and that no two lines overlap (a card whose text collides could not
be read, and its truth would be a lie).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tests.synthetic.fonts import load_font
from tests.synthetic.identity import CardTruth
from tests.synthetic.phones import PHONE_LABEL_STYLES
from tests.synthetic.style import RGB, CardStyle

Box = tuple[int, int, int, int]  # x0, y0, x1, y1

# Text sizes as a fraction of the card's short side.
NAME_SIZE, COMPANY_SIZE, TITLE_SIZE, BODY_SIZE = 0.085, 0.062, 0.05, 0.046
LEADING = 1.22


@dataclass
class TextLine:
    text: str
    role: str  # name, title, department, company, address, phone, email, website, wordmark
    variant: str  # font variant
    size: float  # fraction of the short side, before fitting
    colour: RGB
    font_px: int = 0
    origin: tuple[int, int] = (0, 0)  # left/top anchor ("la") where the text is drawn
    box: Box = (0, 0, 0, 0)  # ink bounding box on the card


@dataclass
class CardLayout:
    width: int
    height: int
    lines: list[TextLine] = field(default_factory=list)
    logo_box: Box | None = None
    qr_box: Box | None = None
    panel_box: Box | None = None  # a filled colour panel behind the logo column


def _measure(line: TextLine, family: str, px: int) -> tuple[int, int, int]:
    """(ink width, line advance height, ink offset from the left anchor)."""
    font = load_font(family, line.variant, px)
    left, _, right, _ = font.getbbox(line.text, anchor="la")
    ascent, descent = font.getmetrics()
    return right - left, int((ascent + descent) * LEADING), left


def _fit_stack(blocks: list[list[TextLine]], region: Box, align: str, valign: str,
               family: str, unit: float, scale: float) -> None:
    """Place blocks of lines in the region, shrinking the type until everything fits."""
    x0, y0, x1, y1 = region
    avail_w, avail_h = x1 - x0, y1 - y0
    blocks = [b for b in blocks if b]
    # A line too wide for the region (a long email, two phones on one line) shrinks on its
    # own first, so it does not drag the whole card down to small print with it.
    for b in blocks:
        for line in b:
            w = _measure(line, family, round(line.size * unit * scale))[0]
            if w > avail_w:
                line.size *= avail_w / w * 0.98
    factor = 1.0
    for _ in range(40):
        metrics = [[(line, *_measure(line, family, round(line.size * unit * scale * factor))) for line in b]
                   for b in blocks]
        gap = round(BODY_SIZE * unit * scale * factor * 0.9)
        widest = max((w for b in metrics for _, w, _, _ in b), default=0)
        heights = [sum(h for _, _, h, _ in b) for b in metrics]
        total = sum(heights) + gap * (len(blocks) - 1)
        if widest <= avail_w and total <= avail_h:
            break
        factor *= 0.94
    spare = avail_h - total
    if valign == "spread" and len(blocks) > 1:
        gap += spare // (len(blocks) - 1)
        y = y0
    elif valign == "center":
        y = y0 + spare // 2
    elif valign == "bottom":
        y = y0 + spare
    else:
        y = y0
    for block in metrics:
        for line, w, h, ink_left in block:
            line.font_px = round(line.size * unit * scale * factor)
            if align == "center":
                x = x0 + (avail_w - w) // 2
            elif align == "right":
                x = x1 - w
            else:
                x = x0
            line.origin = (x - ink_left, y)
            font = load_font(family, line.variant, line.font_px)
            bx0, by0, bx1, by1 = font.getbbox(line.text, anchor="la")
            line.box = (line.origin[0] + bx0, y + by0, line.origin[0] + bx1, y + by1)
            y += h
        y += gap


def _phone_lines(truth: CardTruth, style: CardStyle, colour: RGB) -> list[TextLine]:
    labels = truth.extra.get("phone_labels") or PHONE_LABEL_STYLES[style.phone_labels]
    texts = [f"{labels[p['kind']]} {p.get('printed', p['number'])}" for p in truth.phones]
    # Two numbers to a line only where the text runs the card's full width.
    wide = style.layout in ("left", "centered", "logo_left") and not style.qr
    if style.phones_on_one_line and wide and len(texts) > 1:
        texts = ["   ".join(texts[i:i + 2]) for i in range(0, len(texts), 2)]
    return [TextLine(t, "phone", style.body_variant, BODY_SIZE, colour) for t in texts]


def _blocks(truth: CardTruth, style: CardStyle) -> dict[str, list[TextLine]]:
    text, accent = style.text_colour, style.accent_colour
    printed = truth.extra.get("printed_name", truth.name)  # a degree after the name is printed, not read
    name = printed.upper() if style.name_upper else printed
    parts = truth.extra.get("name_lines") or [name]  # the given name above the family name
    shop = bool(truth.extra.get("shop_layout"))  # the shop's name the largest print, its people smaller
    name_size = TITLE_SIZE * 1.1 if shop else NAME_SIZE
    identity = [TextLine(p.upper() if style.name_upper else p, "name", style.name_variant, name_size,
                         accent if style.accent_name else text) for p in parts]
    partner = truth.extra.get("second_person")
    partner = partner and TextLine(partner.upper() if style.name_upper else partner, "name", style.name_variant,
                                   name_size * (1.0 if shop else 0.85), accent if style.accent_name else text)
    if partner and not truth.extra.get("second_person_below_title"):
        identity.append(partner)
    if truth.title:
        identity.append(TextLine(truth.title, "title", style.body_variant, TITLE_SIZE, text))
    if partner and truth.extra.get("second_person_below_title"):
        identity.append(partner)
    if truth.department:
        identity.append(TextLine(truth.department, "department", style.body_variant, BODY_SIZE, text))
    company_variant = "bolditalic" if style.body_variant == "italic" else "bold"
    company = [TextLine(truth.company, "company", company_variant, NAME_SIZE * 1.2 if shop else COMPANY_SIZE, accent)]
    if truth.extra.get("founded"):  # "Since 1921" under the firm's name: a tagline, no field
        company.append(TextLine(truth.extra["founded"], "tagline", style.body_variant, BODY_SIZE, accent))
    if truth.extra.get("trade"):  # "Dealers in: Office Chairs, LED Panels": what a shop sells, no field
        company.append(TextLine(truth.extra["trade"], "tagline", style.body_variant, BODY_SIZE, text))
    address = [TextLine(a, "address", style.body_variant, BODY_SIZE, text)
               for a in (truth.address.lines if truth.address else [])]
    if address and truth.extra.get("office_heading"):  # "Head Office:" over the address
        address.insert(0, TextLine(truth.extra["office_heading"], "address", style.body_variant, BODY_SIZE, text))
    contact = _phone_lines(truth, style, text)
    contact += [TextLine(f"{style.email_label} {e}".strip(), "email", style.body_variant, BODY_SIZE, text)
                for e in truth.emails]
    contact += [TextLine(f"{style.web_label} {w}".strip(), "website", style.body_variant, BODY_SIZE, text)
                for w in truth.websites]
    if truth.extra.get("link_service"):  # the short link a QR code points through, printed beside it
        contact.append(TextLine(truth.extra["link_service"], "link", style.body_variant, BODY_SIZE, text))
    return {"identity": identity, "company": company, "address": address, "contact": contact}


def layout_card(truth: CardTruth, style: CardStyle) -> CardLayout:
    """Compute where every line, the logo and the QR code go on the card."""
    W, H = style.size_px
    unit = min(W, H)
    m = round(0.075 * unit)
    gap = round(0.04 * unit)
    logo = round(0.2 * unit) if style.logo else 0
    qr = round(0.42 * unit) if style.qr else 0
    b = _blocks(truth, style)
    # the company under the name and title, or last, under the contacts (many cards print it so)
    place = truth.extra.get("company_place")
    if truth.extra.get("shop_layout"):  # the people's names over the shop's
        b["identity"], b["company"] = b["identity"] + b["company"], []
    elif place in ("below", "bottom"):
        key = "identity" if place == "below" else "contact"
        b[key], b["company"] = b[key] + b["company"], []
    out = CardLayout(W, H)
    fit = lambda blocks, region, align, valign: _fit_stack(  # noqa: E731
        blocks, region, align, valign, style.family, unit, style.text_scale)
    qr_bottom_right = (W - m - qr, H - m - qr, W - m, H - m)

    if style.layout in ("left", "centered", "right"):
        align = {"left": "left", "centered": "center", "right": "right"}[style.layout]
        x0 = round(0.36 * W) if style.layout == "right" else m
        x1 = W - m
        top = m
        upper = [b["company"], b["identity"]]
        if logo:
            lx = {"left": m, "centered": (W - logo) // 2, "right": m}[style.layout]
            out.logo_box = (lx, m, lx + logo, m + logo)
            if style.layout == "left":  # the company name sits beside its logo, as letterheads do
                fit([b["company"]], (m + logo + gap // 2, m, W - m, m + logo), "left", "center")
                upper = [b["identity"]]
            if style.layout != "right":
                top = m + logo + gap // 2
        if qr:
            if style.layout == "right":
                out.qr_box = (m, H - m - qr, m + qr, H - m)
            else:
                out.qr_box = qr_bottom_right
                x1 = W - m - qr - gap  # the lower block is centred in the space left of the code
        if qr and style.layout != "right":
            # Only the lower block shares its rows with the code; the name keeps the full width.
            natural = sum(_measure(line, style.family, round(line.size * unit * style.text_scale))[1]
                          for block in upper for line in block) + gap * (len(upper) - 1)
            split = top + min(natural, round(0.55 * (H - m - top)))
            fit(upper, (m, top, W - m, split), align, "spread")
            fit([b["address"] + b["contact"]], (x0, split + gap // 2, x1, H - m), align, "bottom")
        else:
            fit(upper + [b["address"] + b["contact"]], (x0, top, x1, H - m), align, "spread")

    elif style.layout == "logo_left":
        col = round(0.36 * W)
        if style.panel:
            out.panel_box = (0, 0, col, H)
        if logo:
            ly = m if qr else (H - logo) // 2 - (gap if style.wordmark else 0)
            out.logo_box = ((col - logo) // 2, ly, (col + logo) // 2, ly + logo)
        if style.wordmark:
            colour = style.background if style.panel else style.accent_colour
            mark = TextLine(truth.company_stem, "wordmark", "bold", COMPANY_SIZE, colour)
            y = (out.logo_box[3] + gap // 2) if out.logo_box else m
            fit([[mark]], (m // 2, y, col - m // 2, y + round(0.12 * unit)), "center", "top")
            out.lines.append(mark)
        if qr:
            out.qr_box = ((col - qr) // 2, H - m - qr, (col + qr) // 2, H - m)
        fit([b["company"], b["identity"], b["address"] + b["contact"]], (col + m, m, W - m, H - m), "left", "spread")

    elif style.layout == "two_column":
        mid = W // 2
        left_bottom = H - m - (qr + gap if qr else 0)
        top = m
        if logo and not qr:  # with a code in the left column there is no room for a logo too
            out.logo_box = (m, m, m + logo, m + logo)
            top = m + logo + gap // 2
        if qr:
            out.qr_box = (m, H - m - qr, m + qr, H - m)
        fit([b["company"], b["identity"]], (m, top, mid - gap // 2, left_bottom), "left", "top")
        fit([b["address"], b["contact"]], (mid + gap // 2, m, W - m, H - m), "left", "bottom")

    elif style.layout == "name_bottom":
        right_bottom = round(0.6 * H)
        if qr:  # the code takes the logo's corner, clear of the name below it
            out.qr_box = (m, m, m + qr, m + qr)
        elif logo:
            out.logo_box = (m, m, m + logo, m + logo)
        fit([b["company"], b["address"] + b["contact"]], (round(0.4 * W), m, W - m, right_bottom), "left", "top")
        fit([b["identity"]], (m, max(right_bottom, m + qr) + gap, W - m, H - m), "left", "bottom")

    elif style.layout == "portrait":
        align = "center" if style.align == "center" else "left"
        top = m
        if logo:
            lx = (W - logo) // 2 if align == "center" else m
            out.logo_box = (lx, m, lx + logo, m + logo)
            top = m + logo + gap
        bottom = H - m
        if qr:
            out.qr_box = ((W - qr) // 2, H - m - qr, (W + qr) // 2, H - m)
            bottom = H - m - qr - gap
        fit([b["company"], b["identity"], b["address"] + b["contact"]], (m, top, W - m, bottom), align, "spread")
    else:
        raise ValueError(f"unknown layout {style.layout!r}")

    out.lines += [line for key in ("company", "identity", "address", "contact") for line in b[key]]
    return out
