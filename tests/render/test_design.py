"""The design check: both sample decks in every built-in theme, read back from the .pptx.

Type is large enough to read from the back of a room, a screenshot beside a few words is the
star of its slide, a few short bullets are set large, and titles and margins stay put across
the slides of a kind. The slide kinds come from the plan; everything measured comes from the
written deck.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from conftest import DECKS
from recapdeck import build
from recapdeck.load.outline import load_outline
from recapdeck.load.theme import builtin_themes_dir, load_theme
from recapdeck.pipeline.stages import make_measurer
from recapdeck.plan import plan_deck
from recapdeck.units import EMU_PER_PT, inches_to_pt

pytestmark = pytest.mark.slow

THEMES = sorted(p.name for p in builtin_themes_dir().iterdir() if (p / "theme.yaml").is_file())
OUTLINES = {
    "sample": DECKS / "reinvent2024-desantis.yaml",
    "example": DECKS / "example-all-features.yaml",
}
BODY_MIN = 18.0
"""No text on a slide is smaller, but for captions, labels and the small print below."""
CAPTION_MIN = 14.0
SMALL_PRINT = ("Footer", "Slide number", "Credits text", "Title (hidden)")
"""Shapes exempt from the minimum: the footer line, the slide number, the credits, and the
title a quote slide carries above its top edge for screen readers (never drawn)."""
FEW_WORDS = 40
PICTURE_SHARE = 0.6
FULL_HEIGHT = 0.62
"""A picture this share of the slide height tall fills the room under a title."""
SHORT_BULLET_WORDS, SHORT_BULLETS, LARGE_TYPE = 12, 4, 28.0


@dataclass(frozen=True)
class Deck:
    """A built deck with the kind of each slide."""

    theme: str
    path: Path
    kinds: tuple[str, ...]


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[tuple[str, str], Deck]:
    root = tmp_path_factory.mktemp("design")
    built = {}
    for theme_name in THEMES:
        theme = load_theme(theme_name)
        for name, outline in OUTLINES.items():
            result = build(outline, out_dir=root / theme_name / name, theme=theme_name, handout=[])
            plan = plan_deck(load_outline(outline), theme, make_measurer(theme))
            kinds = tuple(str(s.kind) for s in plan.slides)
            built[(theme_name, name)] = Deck(theme_name, result.pptx, kinds)
    return built


def _pt(emu: int) -> float:
    return emu / EMU_PER_PT


def _sizes(shape) -> list[float]:
    return [
        run.font.size.pt
        for p in shape.text_frame.paragraphs
        for run in p.runs
        if run.text.strip() and run.font.size is not None
    ]


def _words(shapes) -> int:
    return sum(len(s.text_frame.text.split()) for s in shapes)


CASES = [(t, n) for t in THEMES for n in OUTLINES]


@pytest.mark.parametrize(("theme", "name"), CASES)
def test_no_text_is_too_small(decks, theme, name):
    deck = decks[(theme, name)]
    small = []
    for number, slide in enumerate(Presentation(str(deck.path)).slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.name in SMALL_PRINT:
                continue
            floor = (
                CAPTION_MIN
                if shape.name in ("Caption text",) or "badge" in shape.name
                else BODY_MIN
            )
            small += [(number, shape.name, size) for size in _sizes(shape) if size < floor]
    assert small == []


@pytest.mark.parametrize(("theme", "name"), CASES)
def test_one_screenshot_beside_few_words_takes_most_of_the_width(decks, theme, name):
    deck = decks[(theme, name)]
    prs = Presentation(str(deck.path))
    width = _pt(prs.slide_width)
    checked = 0
    for number, (slide, kind) in enumerate(zip(prs.slides, deck.kinds, strict=True), 1):
        if kind != "highlight":
            continue
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        body = [s for s in slide.shapes if s.name == "Body text"]
        if len(pictures) != 1 or _words(body) > FEW_WORDS:
            continue
        (pic,) = pictures
        if pic.height > pic.width and not (pic.crop_top or pic.crop_bottom):
            continue  # a portrait picture gets the side layout: full height
        checked += 1
        wide = _pt(pic.width) >= PICTURE_SHARE * width - 0.5
        # a squarer picture (4:3) reaches the content area's full height before 60% of the
        # width: it is as large as the slide allows
        tall = _pt(pic.height) >= FULL_HEIGHT * _pt(prs.slide_height)
        assert wide or tall, f"slide {number}: {_pt(pic.width):.0f} × {_pt(pic.height):.0f} pt"
    assert checked >= 3


@pytest.mark.parametrize(("theme", "name"), CASES)
def test_a_few_short_bullets_are_set_large(decks, theme, name):
    deck = decks[(theme, name)]
    prs = Presentation(str(deck.path))
    checked = 0
    for number, (slide, kind) in enumerate(zip(prs.slides, deck.kinds, strict=True), 1):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        body = [s for s in slide.shapes if s.name == "Body text"]
        if kind != "highlight" or pictures or len(body) != 1:
            continue
        paras = [p for p in body[0].text_frame.paragraphs if p.text.strip()]
        if len(paras) > SHORT_BULLETS or any(
            len(p.text.split()) > SHORT_BULLET_WORDS for p in paras
        ):
            continue
        checked += 1
        assert min(_sizes(body[0])) >= LARGE_TYPE, f"slide {number}"
    assert checked >= 1


@pytest.mark.parametrize(("theme", "name"), CASES)
def test_titles_and_margins_stay_put_across_slides_of_a_kind(decks, theme, name):
    deck = decks[(theme, name)]
    t = load_theme(theme)
    prs = Presentation(str(deck.path))
    width, height = _pt(prs.slide_width), _pt(prs.slide_height)
    left, right = inches_to_pt(t.margins.left), width - inches_to_pt(t.margins.right)
    top, bottom = inches_to_pt(t.margins.top), height - inches_to_pt(t.margins.top)
    titles: dict[str, set[tuple[int, int]]] = defaultdict(set)
    bodies: dict[str, set[int]] = defaultdict(set)
    outside = []
    for number, (slide, kind) in enumerate(zip(prs.slides, deck.kinds, strict=True), 1):
        for shape in slide.shapes:
            if shape.name == "Title":
                titles[kind].add((shape.left, shape.top))
            if shape.name == "Body text" and kind != "closing":
                bodies[kind].add(shape.left)
            if shape.name in (*SMALL_PRINT[:2], "Title (hidden)"):
                continue
            box = (_pt(shape.left), _pt(shape.top), _pt(shape.left + shape.width))
            low = _pt(shape.top + shape.height)
            if (
                box[0] < left - 0.5
                or box[2] > right + 0.5
                or box[1] < top - 0.5
                or low > bottom + 0.5
            ):
                outside.append((number, shape.name))
    assert outside == []
    assert {k: v for k, v in titles.items() if len(v) > 1} == {}
    assert {k: v for k, v in bodies.items() if len(v) > 1} == {}
