"""The synthetic card generator itself: deterministic, truthful, and its geometry right."""
from __future__ import annotations

import itertools
import re

import cv2
import numpy as np
import phonenumbers
import pytest
import vobject
from phonenumbers import PhoneNumberType

from tests.synthetic import (
    LAYOUTS,
    make_card_truth,
    photo_scene,
    random_style,
    render_card,
    scan_page,
    synthetic_card,
    synthetic_sample,
    synthetic_scan,
    synthetic_scene,
    vcard_text,
)
from tests.synthetic.fonts import available_families
from tests.synthetic.layout import layout_card
from tests.synthetic.phones import PHONE_LABEL_STYLES
from tests.synthetic.style import contrast, luminance


def truths(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    return [make_card_truth(rng) for _ in range(n)]


def card_luma(image: np.ndarray) -> float:
    return float(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).mean())


# --- determinism -----------------------------------------------------------------------

def test_same_seed_gives_the_same_pixels_and_truth():
    a, b = synthetic_scene(11, "medium", frame=(800, 600)), synthetic_scene(11, "medium", frame=(800, 600))
    assert np.array_equal(a.image, b.image)
    assert a.cards[0].truth.to_dict() == b.cards[0].truth.to_dict()
    assert np.array_equal(a.cards[0].corners, b.cards[0].corners)


def test_different_seeds_give_different_cards():
    names = {synthetic_scene(seed, "easy", frame=(400, 300)).cards[0].truth.name for seed in range(6)}
    assert len(names) >= 4


def test_synthetic_sample_returns_image_and_truths():
    image, found = synthetic_sample(5, "hard")
    assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
    assert len(found) == 1 and found[0].name


def test_unknown_difficulty_or_variant_is_refused():
    with pytest.raises(ValueError, match="difficulty"):
        synthetic_scene(1, "impossible")
    with pytest.raises(ValueError, match="variant"):
        synthetic_scene(1, "easy", variant="nope")


# --- the truth -------------------------------------------------------------------------

def test_truth_has_the_readers_json_keys():
    d = truths(1)[0].to_dict()
    assert set(d) == {"name", "title", "department", "company", "emails", "phones", "websites", "address"}
    assert all(set(p) == {"number", "kind"} for p in d["phones"])


def test_email_website_and_company_agree():
    for t in truths(150):
        assert t.company.startswith(t.company_stem)
        assert t.domain.startswith(t.company_stem.lower())
        for email in t.emails:
            local, domain = email.split("@")
            assert domain == t.domain
            assert re.fullmatch(r"[a-z._]+", local)
        personal = t.emails[0].split("@")[0]
        assert t.given_name.lower()[0] == personal[0]  # every pattern starts with the given name or initial
        for site in t.websites:
            assert re.sub(r"^https?://|^www\.", "", site).removeprefix("www.") == t.domain


def test_phones_are_valid_for_phonenumbers_with_the_right_type():
    seen_countries = set()
    for t in truths(200, seed=3):
        seen_countries.add(t.country)
        assert t.phones, "every card carries at least one phone"
        for p in t.phones:
            number = phonenumbers.parse(p["number"], t.country)
            assert phonenumbers.is_valid_number(number), p
            assert phonenumbers.region_code_for_number(number) == t.country
            assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == p["e164"]
            kind = phonenumbers.number_type(number)
            if p["kind"] == "mobile":
                assert kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
            else:
                assert kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
    assert seen_countries == {"US", "GB", "DE", "FR", "JP", "AU"}


def test_international_and_national_formats_both_occur():
    printed = [p["number"] for t in truths(120, seed=4) for p in t.phones]
    assert any(n.startswith("+") for n in printed)
    assert any(not n.startswith("+") for n in printed)


def test_company_suffixes_cover_the_usual_forms():
    companies = " | ".join(t.company for t in truths(400, seed=5))
    for suffix in ("Inc.", "Ltd", "GmbH", "LLC", "Co., Ltd.", "K.K."):
        assert suffix in companies


def test_phone_labels_include_the_styles_people_print():
    labels = {label for style in PHONE_LABEL_STYLES.values() for label in style.values()}
    assert {"T:", "Tel.", "Phone", "M:", "Mobile", "F:", "Fax"} <= labels


# --- layout and rendering ----------------------------------------------------------------

def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_line_is_on_the_card_and_clear_of_the_others(layout):
    rng = np.random.default_rng(LAYOUTS.index(layout))
    for trial in range(12):
        truth = make_card_truth(rng)
        style = random_style(rng, layout=layout, qr=trial % 2 == 0, logo=trial % 3 != 0,
                             wordmark=trial % 4 == 0, text_scale=0.74 if trial % 5 == 0 else 1.0)
        lay = layout_card(truth, style)
        boxes = [line.box for line in lay.lines]
        for line in lay.lines:
            x0, y0, x1, y1 = line.box
            assert 0 <= x0 < x1 <= lay.width and 0 <= y0 < y1 <= lay.height, (layout, line.text)
            assert line.font_px >= 14, (layout, line.text, line.font_px)  # 3.4 pt at 300 dpi: still printable
        for a, b in itertools.combinations(boxes, 2):
            assert not _overlaps(a, b), (layout, a, b)
        for art in (lay.logo_box, lay.qr_box):
            if art:
                assert not any(_overlaps(art, box) for box in boxes), (layout, art)


def test_every_field_of_the_truth_is_printed():
    rng = np.random.default_rng(8)
    for layout in LAYOUTS:
        truth = make_card_truth(rng)
        style = random_style(rng, layout=layout, name_upper=False)
        printed = "\n".join(line.text for line in layout_card(truth, style).lines)
        values = [truth.name, truth.company, truth.title, truth.department, *truth.emails, *truth.websites,
                  *(p["number"] for p in truth.phones), *(truth.address.lines if truth.address else [])]
        for value in filter(None, values):
            assert value in printed, (layout, value)


def test_phone_lines_carry_the_label_of_their_kind():
    rng = np.random.default_rng(9)
    for labels in PHONE_LABEL_STYLES:
        truth = make_card_truth(rng)
        style = random_style(rng, phone_labels=labels, phones_on_one_line=False)
        phone_lines = [line.text for line in layout_card(truth, style).lines if line.role == "phone"]
        for line, phone in zip(phone_lines, truth.phones, strict=True):
            assert line == f"{PHONE_LABEL_STYLES[labels][phone['kind']]} {phone['number']}"


def test_card_is_rendered_at_print_resolution():
    rng = np.random.default_rng(10)
    truth = make_card_truth(rng)
    landscape = render_card(truth, random_style(rng, layout="left", size_mm=(85.0, 55.0)), rng)
    portrait = render_card(truth, random_style(rng, layout="portrait", size_mm=(85.0, 55.0)), rng)
    assert landscape.shape == (650, 1004, 3)
    assert portrait.shape == (1004, 650, 3)


def test_dark_cards_are_dark_and_light_cards_light():
    rng = np.random.default_rng(12)
    for _ in range(4):
        dark, _, style = synthetic_card(rng, "medium", scheme="dark", layout="left", panel=False)
        assert card_luma(dark) < 90
        assert luminance(style.text_colour) > 0.6
        light, _, _ = synthetic_card(rng, "medium", scheme="light", layout="left", panel=False)
        assert card_luma(light) > 180


def test_text_has_readable_contrast_in_every_scheme():
    rng = np.random.default_rng(13)
    for scheme in ("light", "dark", "coloured"):
        for _ in range(20):
            style = random_style(rng, scheme=scheme)
            assert contrast(style.text_colour, style.background) >= 4.5
            assert contrast(style.accent_colour, style.background) >= 4.5


def test_several_font_families_are_used():
    assert "DejaVu Sans" in available_families()
    rng = np.random.default_rng(14)
    families = {random_style(rng).family for _ in range(60)}
    assert len(families) >= min(4, len(available_families()))


def test_qr_code_holds_a_vcard_of_the_same_truth():
    rng = np.random.default_rng(15)
    card, truth, _ = synthetic_card(rng, "easy", qr=True, layout="left")
    # OpenCV's detector wants a few pixels per module: look at the card as a close-up photo would
    payload, _, _ = cv2.QRCodeDetector().detectAndDecode(cv2.resize(card, None, fx=2, fy=2))
    assert payload == vcard_text(truth)
    parsed = vobject.readOne(payload)
    assert parsed.version.value == "3.0"
    assert parsed.fn.value == truth.name
    assert parsed.org.value[0] == truth.company
    assert sorted(t.value for t in parsed.tel_list) == sorted(p["e164"] for p in truth.phones)
    assert [e.value for e in parsed.email_list] == truth.emails


# --- scenes ------------------------------------------------------------------------------

def _unwarp(image: np.ndarray, corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    m = cv2.getPerspectiveTransform(corners.astype(np.float32), dst)
    return cv2.warpPerspective(image, m, (w, h))


@pytest.mark.parametrize("quarter_turns", [0, 1, 2, 3])
def test_corners_map_back_to_the_upright_card(quarter_turns):
    rng = np.random.default_rng(20 + quarter_turns)
    card, _, _ = synthetic_card(rng, "easy", layout="name_bottom", scheme="light")
    scene = photo_scene(card, rng, tilt=20, quarter_turns=quarter_turns, card_fraction=0.7, noise=0,
                        lighting=0, jpeg_quality=None, shadow=0)
    assert scene.cards[0].quarter_turns == quarter_turns
    flat = _unwarp(scene.image, scene.cards[0].corners, (card.shape[1] // 2, card.shape[0] // 2))
    expected = cv2.resize(card, (card.shape[1] // 2, card.shape[0] // 2), interpolation=cv2.INTER_AREA)
    inner = (slice(8, -8), slice(8, -8))
    diff = np.abs(flat[inner].astype(int) - expected[inner].astype(int)).mean()
    assert diff < 12, diff
    # and a wrong orientation would not match: the test can tell turns apart
    turned = np.rot90(expected[inner], 2)
    assert np.abs(flat[inner].astype(int) - turned.astype(int)).mean() > diff + 5


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_corners_lie_inside_the_photo(difficulty):
    for seed in range(3):
        scene = synthetic_scene(seed, difficulty, frame=(800, 600))
        h, w = scene.image.shape[:2]
        c = scene.cards[0].corners
        assert c.shape == (4, 2)
        assert (c >= 0).all() and (c[:, 0] <= w).all() and (c[:, 1] <= h).all()
        assert cv2.contourArea(c.astype(np.float32)) > 0  # clockwise in image coordinates: TL, TR, BR, BL


def test_card_filling_the_frame_hides_its_edges_but_not_its_text():
    for seed in range(3):
        scene = synthetic_scene(seed, "medium", variant="fills_frame", frame=(800, 600))
        h, w = scene.image.shape[:2]
        quad = scene.cards[0].corners.astype(np.float32)
        for x, y in ((0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)):
            assert cv2.pointPolygonTest(quad, (float(x), float(y)), False) > 0
        # the card's text area (inside a 5% margin) is entirely in the picture
        dst = quad
        src = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32)
        m = cv2.getPerspectiveTransform(src, dst)
        inner = np.array([[[0.05, 0.07]], [[0.95, 0.07]], [[0.95, 0.93]], [[0.05, 0.93]]], np.float32)
        mapped = cv2.perspectiveTransform(inner, m)[:, 0]
        assert (mapped >= 0).all() and (mapped[:, 0] < w).all() and (mapped[:, 1] < h).all()


def test_small_card_in_a_large_photo():
    rng = np.random.default_rng(30)
    card, _, _ = synthetic_card(rng)
    scene = photo_scene(card, rng, frame=(2400, 1800), card_fraction=0.25, tilt=0, roll=0)
    c = scene.cards[0].corners
    assert scene.image.shape[:2] == (1800, 2400)
    width = c[:, 0].max() - c[:, 0].min()
    assert 0.22 * 2400 < width < 0.28 * 2400


def test_glare_brightens_and_blur_softens():
    rng_args = dict(tilt=0, roll=0, noise=0, lighting=0, jpeg_quality=None, card_fraction=0.7)
    card, _, _ = synthetic_card(np.random.default_rng(31), scheme="dark")
    plain = photo_scene(card, np.random.default_rng(1), **rng_args).image
    glare = photo_scene(card, np.random.default_rng(1), glare=0.6, **rng_args).image
    blurred = photo_scene(card, np.random.default_rng(1), blur=2.0, **rng_args).image
    assert card_luma(glare) > card_luma(plain) + 1
    sharpness = lambda im: cv2.Laplacian(cv2.cvtColor(im, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var()  # noqa: E731
    assert sharpness(blurred) < 0.5 * sharpness(plain)


def test_scan_page_holds_every_card_without_overlap():
    scene = synthetic_scan(40, n_cards=8, dpi=150)
    assert len(scene.cards) == 8 and all(c.truth for c in scene.cards)
    h, w = scene.image.shape[:2]
    assert (w, h) == (1240, 1754)
    masks = []
    for card in scene.cards:
        c = card.corners
        assert (c >= 0).all() and (c[:, 0] <= w).all() and (c[:, 1] <= h).all()
        mask = np.zeros((h, w), np.uint8)
        cv2.fillPoly(mask, [c.round().astype(np.int32)], 1)
        masks.append(mask)
    assert np.sum(masks, axis=0).max() == 1
    assert card_luma(scene.image) > 150  # a white page


def test_scan_page_refuses_too_many_cards():
    rng = np.random.default_rng(41)
    card, truth, _ = synthetic_card(rng)
    with pytest.raises(ValueError, match="do not fit"):
        scan_page([(card, truth)] * 12, rng, dpi=100)
