"""Measured layout, verified on LibreOffice's rendering: no character leaves its box.

Builds the stress outline (tests/fixtures/stress.yaml) and both sample decks in every built-in
theme, converts them all in one LibreOffice run, and checks each PDF against the shapes read back
from the .pptx (see layout_check.py). Nothing here looks at the plan.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from conftest import DECKS, ROOT
from layout_check import check_deck, check_deck_counted
from recapdeck import build
from recapdeck.export.libreoffice import convert_to_pdf
from recapdeck.load.theme import builtin_themes_dir

pytestmark = [
    pytest.mark.external,
    pytest.mark.skipif(
        not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed"
    ),
]
THEMES = sorted(p.name for p in builtin_themes_dir().iterdir() if (p / "theme.yaml").is_file())
OUTLINES = {
    "stress": None,  # written into the temporary folder with its drawn assets
    "sample": DECKS / "reinvent2024-desantis.yaml",
    "example": DECKS / "example-all-features.yaml",
}


def _draw(path: Path, size: tuple[int, int], color: str) -> None:
    img = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(img)
    draw.rectangle(
        [size[0] // 10, size[1] // 10, size[0] * 9 // 10, size[1] * 9 // 10],
        outline="white",
        width=max(1, size[0] // 100),
    )
    img.save(path)


def stress_outline(folder: Path) -> Path:
    assets = folder / "stress-assets"
    assets.mkdir(parents=True)
    _draw(assets / "wide.png", (1920, 1080), "#2B4C7E")
    _draw(assets / "portrait.png", (1080, 1920), "#7E2B4C")
    _draw(assets / "tiny.png", (160, 90), "#4C7E2B")
    outline = folder / "stress.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "stress.yaml", outline)
    return outline


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every outline in every theme: build results and their PDFs, from one LibreOffice run."""
    root = tmp_path_factory.mktemp("layout")
    stress = stress_outline(root / "src")
    flat = root / "flat"
    flat.mkdir()
    results = {}
    for theme in THEMES:
        for name, outline in OUTLINES.items():
            result = build(outline or stress, out_dir=root / theme / name, theme=theme, handout=[])
            pptx = flat / f"{theme}-{name}.pptx"
            shutil.copy(result.pptx, pptx)
            results[(theme, name)] = (result, pptx)
    convert_to_pdf([p for _, p in results.values()], flat)
    return results


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", list(OUTLINES))
def test_every_character_stays_in_its_box(rendered, theme, name):
    _, pptx = rendered[(theme, name)]
    problems, checked = check_deck_counted(pptx, pptx.with_suffix(".pdf"))
    assert checked > 500  # the check really looked at the text
    assert problems == [], "\n".join(problems[:20])


def test_sample_deck_needs_no_shrinking_or_splitting(rendered):
    result, _ = rendered[("default", "sample")]
    overflow = [
        w
        for w in result.warnings
        if any(
            word in w.message for word in ("shrunk", "split", "too long", "blurry", "lines even")
        )
    ]
    assert overflow == []


def test_stress_outline_is_shrunk_split_and_reported(rendered):
    result, _ = rendered[("default", "stress")]
    messages = [w.message for w in result.warnings]
    assert any("split onto" in m for m in messages)
    assert any("shrunk" in m for m in messages)
    assert any("quote shrunk" in m for m in messages)
    assert any("quote too long" in m for m in messages)
    assert any("blurry" in m and "tiny.png" in m for m in messages)
    assert any("title 'This highlight title is exactly" in m and "shrunk" in m for m in messages)
    assert all(w.location is not None and w.location.line > 0 for w in result.warnings)


def test_checker_catches_text_outside_its_box(tmp_path):
    """The check itself must fail on a deck whose text overflows (renderer auto-fit off)."""
    from pptx import Presentation
    from pptx.util import Pt

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Pt(50), Pt(50), Pt(200), Pt(40))
    box.text_frame.word_wrap = True
    box.text_frame.text = "far too much text for this small box " * 12
    pptx = tmp_path / "overflow.pptx"
    prs.save(pptx)
    convert_to_pdf([pptx], tmp_path)
    problems = check_deck(pptx, tmp_path / "overflow.pdf")
    assert any("outside every text box" in p for p in problems)
