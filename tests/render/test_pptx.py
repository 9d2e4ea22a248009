"""recapdeck.render.pptx: a DeckPlan made in memory, written, and read back with python-pptx."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from recapdeck.load.images import probe_image
from recapdeck.load.model import Outline
from recapdeck.load.outline import LoadedOutline
from recapdeck.load.theme import load_theme
from recapdeck.pipeline.stages import make_measurer
from recapdeck.plan import plan_deck
from recapdeck.render.pptx import render_deck
from recapdeck.units import EMU_PER_PT


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory):
    """A small deck: one highlight with a screenshot beside its bullets, and a quote."""
    folder = tmp_path_factory.mktemp("render")
    Image.new("RGB", (1600, 900), "#3366AA").save(folder / "chart.png")
    outline = Outline.model_validate(
        {
            "title": "Render test",
            "event": {"name": "TestConf"},
            "speakers": [{"id": "ada", "name": "Ada Quinn"}],
            "segments": [
                {
                    "title": "Part one",
                    "speaker": "ada",
                    "highlights": [
                        {
                            "title": "Faster storage",
                            "points": ["Twice the **throughput**", "Half the price"],
                            "screenshots": [{"file": "chart.png", "alt": "A blue chart"}],
                            "notes": "Say this aloud.",
                        }
                    ],
                    "quotes": [{"text": "Ship it.", "speaker": "ada"}],
                }
            ],
        }
    )
    loaded = LoadedOutline.in_memory(
        outline, images={"chart.png": probe_image(folder / "chart.png")}
    )
    theme = load_theme("default")
    plan = plan_deck(loaded, theme, make_measurer(theme))
    _, data = render_deck(plan, theme)
    return plan, Presentation(io.BytesIO(data))


def test_every_planned_slide_is_written_with_its_title_first(deck):
    plan, prs = deck
    assert len(prs.slides) == len(plan.slides)
    for slide_plan, slide in zip(plan.slides, prs.slides, strict=True):
        first = slide.shapes[0]
        assert first.is_placeholder
        assert first.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        assert first.text_frame.text == slide_plan.title


def test_notes_text_and_bold_runs_come_from_the_plan(deck):
    plan, prs = deck
    index = next(i for i, s in enumerate(plan.slides) if s.title == "Faster storage")
    slide = prs.slides[index]
    assert slide.notes_slide.notes_text_frame.text == "Say this aloud."
    body = [s for s in slide.shapes if s.has_text_frame and "throughput" in s.text_frame.text]
    runs = [r for p in body[0].text_frame.paragraphs for r in p.runs]
    assert [(r.text, r.font.bold) for r in runs][:2] == [("Twice the ", None), ("throughput", True)]


def test_the_screenshot_is_a_real_picture_where_the_plan_put_it(deck):
    plan, prs = deck
    index = next(i for i, s in enumerate(plan.slides) if s.title == "Faster storage")
    (planned,) = plan.slides[index].pictures
    pictures = [s for s in prs.slides[index].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    picture = pictures[0]
    assert (picture.left, picture.top, picture.width, picture.height) == (
        planned.box.x,
        planned.box.y,
        planned.box.w,
        planned.box.h,
    )
    assert picture._element.xpath(".//p:cNvPr/@descr") == ["A blue chart"]
    assert picture.width / EMU_PER_PT > 100
    with Image.open(io.BytesIO(picture.image.blob)) as image:
        assert abs(image.width / image.height - 16 / 9) < 0.01  # aspect kept
