"""Both sample decks and the stress outline on every real template in ../shared/examples/templates
(PowerPoint for Windows and Mac, Google Slides, LibreOffice, ONLYOFFICE exports; 4:3, 16:9,
16:10; dark masters; several masters; fonts this machine lacks), checked on LibreOffice's
rendering as a user would see it:

- every character inside its box and the slide, no text over a picture or over the template's
  own art, no two text boxes overlapping (``layout_check.check_deck``);
- no more than 20% more slides than with the built-in theme;
- none of the template's sample slides left;
- every letter of the text recapdeck measured drawn in the font it measured with.

Each template is one test (the two cores share them out); its three decks go through one
LibreOffice run, as ``recapdeck build a.yaml b.yaml c.yaml --pdf`` does.
"""

from __future__ import annotations

import io
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation

from built_decks import SAMPLES, SHARED_TEMPLATES, stress_outline
from layout_check import check_deck, font_problems, measured_fonts
from recapdeck import BuildOptions, BuildResult, build
from recapdeck.pipeline.batch import build_many
from recapdeck.templates import read_template

TEMPLATES = sorted(SHARED_TEMPLATES.iterdir()) if SHARED_TEMPLATES.is_dir() else []
MAX_GROWTH = 1.2
"""A template deck may have at most 20% more slides than the built-in theme's."""

pytestmark = [
    pytest.mark.external,
    pytest.mark.slow,
    pytest.mark.skipif(not TEMPLATES, reason="../shared/examples/templates is absent"),
    pytest.mark.skipif(
        not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed"
    ),
]


@pytest.fixture(scope="module")
def outlines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {**SAMPLES, "stress": stress_outline(tmp_path_factory.mktemp("stress"))}


@pytest.fixture(scope="module")
def default_slides(outlines, tmp_path_factory) -> dict[str, int]:
    """Slides per outline with the built-in theme."""
    root = tmp_path_factory.mktemp("default")
    return {
        name: build(outline, out_dir=root / name, handout=[], cache=False).slides
        for name, outline in outlines.items()
    }


def _sample_texts(template: Path) -> set[str]:
    """The texts of the template's own sample slides (those a deck must not keep)."""
    texts = set()
    package = read_template(template).package  # a .potx or .potm read as a presentation
    for slide in Presentation(io.BytesIO(package)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts |= {p.text.strip() for p in shape.text_frame.paragraphs}
    return {t for t in texts if len(t) >= 12}


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_decks_on_a_real_template_keep_their_text_in_its_boxes_and_fonts(
    template: Path, outlines, default_slides, tmp_path
):
    options = BuildOptions(template=template, out_dir=tmp_path, pdf=True, handout=(), cache=False)
    results = dict(build_many(list(outlines.values()), options, jobs=1))
    problems = []
    samples = _sample_texts(template)
    for name, outline in outlines.items():
        outcome = results[outline]
        assert isinstance(outcome, BuildResult), f"{name}: {outcome}"
        deck = outcome.pptx
        pdf = deck.with_suffix(".pdf")
        problems += check_deck(deck, pdf)
        slides = outcome.slides
        if slides > default_slides[name] * MAX_GROWTH:
            problems.append(f"{name}: {slides} slides against {default_slides[name]}")
        left = {
            p.text.strip()
            for slide in Presentation(str(deck)).slides
            for shape in slide.shapes
            if shape.has_text_frame
            for p in shape.text_frame.paragraphs
        } & samples
        if left:
            problems.append(f"{name}: the template's sample text is still there: {left}")
        letters = [
            p
            for p in font_problems(deck, pdf, measured_fonts(outline, template=template))
            if unicodedata.category(p.split("'")[1][0]).startswith("L")
        ]
        problems += letters
    assert problems == [], "\n".join(problems[:20])
