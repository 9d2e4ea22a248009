"""Accessible by default: every built deck passes PowerPoint's Accessibility Checker rules.

Read back from the written files by ``recapdeck.inspect`` (the checks ``recapdeck doctor`` and
``check --accessibility`` run): a real title placeholder on every slide, first in reading
order, alt text or the decorative flag on every picture, 4.5:1 contrast against what is really
behind the text, template backgrounds included. (The session-wide check in conftest.py also
runs doctor on every deck any test builds.)
"""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree
from pptx import Presentation
from typer.testing import CliRunner

from built_decks import SAMPLES
from recapdeck.cli import app
from recapdeck.inspect import PROBLEM, doctor
from recapdeck.inspect.colors import contrast

pytestmark = pytest.mark.slow  # builds and checks decks on every template

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}


@pytest.mark.parametrize("theme", ["default", "midnight"])
@pytest.mark.parametrize("name", ["sample", "example", "stress"])
def test_built_in_themes_have_no_finding_at_all(built_decks, theme, name):
    findings = doctor(built_decks[(theme, name)])
    assert [str(f) for f in findings] == []


def test_decks_on_real_templates_have_no_problem(shared_template_decks):
    found = {
        name: [str(f) for f in doctor(deck) if f.severity == PROBLEM]
        for name, deck in shared_template_decks.items()
    }
    assert found == {name: [] for name in shared_template_decks}


def _slides(deck):
    archive = zipfile.ZipFile(deck)
    prs = Presentation(deck)
    for slide in prs.slides:
        yield slide, etree.fromstring(archive.read(slide.part.partname.lstrip("/")))


def test_every_slide_has_a_title_placeholder_first_and_quotes_hide_it_above(built_decks):
    deck = built_decks[("default", "example")]
    hidden = 0
    for slide, root in _slides(deck):
        tree = root.find("p:cSld/p:spTree", NS)
        shapes = [c for c in tree if etree.QName(c).localname in ("sp", "pic", "grpSp")]
        ph = shapes[0].find("p:nvSpPr/p:nvPr/p:ph", NS)
        assert ph is not None and ph.get("type") in ("title", "ctrTitle")
        assert "".join(shapes[0].itertext()).strip()
        title = slide.shapes[0]
        if title.top + title.height <= 0:  # above the top edge: shown nowhere, listed everywhere
            hidden += 1
            assert slide.slide_layout.name == "Blank"
            assert title.text_frame.text.startswith("Quote")
    assert hidden >= 2  # the example deck's quote slides


def test_pictures_have_alt_text_and_accent_bars_are_decorative(built_decks):
    pictures = decorative = 0
    for _, root in _slides(built_decks[("default", "example")]):
        for pic in root.iter(f"{{{NS['p']}}}pic"):
            pictures += 1
            assert pic.find("p:nvPicPr/p:cNvPr", NS).get("descr", "").strip()
        for sp in root.iter(f"{{{NS['p']}}}sp"):
            if sp.find("p:nvSpPr/p:cNvPr", NS).get("name") == "Accent":
                flag = sp.find("p:nvSpPr/p:cNvPr/a:extLst/a:ext/adec:decorative", NS)
                assert flag is not None and flag.get("val") == "1"
                decorative += 1
    assert pictures >= 8 and decorative >= 10


def test_text_on_real_templates_reads_against_their_backgrounds_bands_and_pictures(tmp_path):
    """The templates' own title and footer colours fail 4.5:1 against their backgrounds and
    bands; built decks recolour that text. A dark template (its colour map puts light text on
    a dark background) keeps its light text, never black."""
    from built_decks import SHARED_TEMPLATES
    from recapdeck import build

    if not SHARED_TEMPLATES.is_dir():
        pytest.skip("no real templates")
    for name in ("mecanon-ufrj-montserrat.potx", "poi-custom-layouts-16x9.pptx"):
        template = SHARED_TEMPLATES / name
        before = [f for f in doctor(template) if f.rule == "low-contrast"]
        deck = build(SAMPLES["sample"], template=template, out_dir=tmp_path / name).pptx
        after = [f for f in doctor(deck) if f.rule == "low-contrast"]
        assert len(before) > 5 and after == [], name
    dark = SHARED_TEMPLATES / "office2007-quizshow-dark.potx"
    deck = build(SAMPLES["sample"], template=dark, out_dir=tmp_path / "dark").pptx
    slide = zipfile.ZipFile(deck).read("ppt/slides/slide3.xml").decode()
    assert '<a:srgbClr val="000000"/>' not in slide
    # the body keeps the template's own (light) text colour, and reads on its background
    assert [f for f in doctor(deck) if f.rule == "low-contrast"] == []


def test_contrast_ratio_is_wcag():
    assert round(contrast((0, 0, 0), (1, 1, 1)), 1) == 21.0
    assert round(contrast((0x77 / 255,) * 3, (1, 1, 1)), 2) == 4.48


def test_check_accessibility_builds_in_memory_and_reports(tmp_path):
    result = CliRunner().invoke(app, ["check", "--accessibility", str(SAMPLES["example"])])
    assert result.exit_code == 0, result.output
    assert "accessible" in result.output
    assert not list(tmp_path.iterdir())
