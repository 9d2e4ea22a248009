"""What a company template's placeholders really draw with, on fixtures made for each failure
class found in real templates (see tests/e2e/test_real_templates.py for the real ones):
text styles resolved through layout, master, text styles and theme fonts; LibreOffice masters;
fonts that are not installed; capital titles; zero insets; layout art; odd placeholders; every
slide size."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from built_decks import stress_outline
from conftest import DECKS
from layout_check import check_deck, font_problems, measured_fonts
from recapdeck import build
from recapdeck.errors import Location
from recapdeck.export.libreoffice import _soffice_env
from recapdeck.templates import map_layouts, read_template
from template_fixtures import (
    SIZES,
    libreoffice_style_template,
    make_template,
    sized_template,
    styled_template,
    with_art,
    with_odd_placeholders,
)

SAMPLE = DECKS / "reinvent2024-desantis.yaml"
MISSING_TITLE = "Recapdeck Display Heavy"
MISSING_BODY = "Recapdeck Text Sans"
needs_soffice = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed"
)
needs_fontconfig = pytest.mark.skipif(not shutil.which("fc-match"), reason="no fontconfig")


def content(template: Path):
    info = read_template(template)
    choices, _ = map_layouts(info, {}, Location(template))
    return info, choices["content"]


def fc_match(family: str) -> str:
    return subprocess.run(
        ["fc-match", "-f", "%{family[0]}", family], capture_output=True, text=True, check=True
    ).stdout


def slide_xml(deck: Path, number: int) -> str:
    return zipfile.ZipFile(deck).read(f"ppt/slides/slide{number}.xml").decode()


# -- styles resolved as PowerPoint resolves them ------------------------------------------------


def test_styles_come_from_the_master_text_styles_and_theme_fonts(tmp_path):
    _, choice = content(make_template(tmp_path / "corp.pptx", rename=False))
    title, body = choice.title.style.level(0), choice.body.style
    assert title.typeface == "Calibri"  # +mj-lt of python-pptx's theme
    assert title.size == 44 and not title.bold
    assert body.level(0).size == 32 and body.level(1).size == 28
    assert body.level(0).bullet == "char" and body.level(0).hanging
    assert (body.level(0).margin, body.level(0).indent) == (27.0, -27.0)


def test_a_master_with_its_own_typefaces_names_them(tmp_path):
    template = styled_template(tmp_path / "fonts.pptx", title_font=MISSING_TITLE,
                               body_font=MISSING_BODY)  # fmt: skip
    _, choice = content(template)
    assert choice.title.style.level(0).typeface == MISSING_TITLE
    assert choice.body.style.level(0).typeface == MISSING_BODY
    assert choice.body.style.level(3).typeface == MISSING_BODY


def test_a_libreoffice_master_keeps_its_outline_in_the_placeholder_paragraphs(tmp_path):
    _, choice = content(libreoffice_style_template(tmp_path / "lo.pptx"))
    level = choice.body.style.level(0)
    assert (round(level.margin, 1), round(level.indent, 1)) == (34.0, -25.5)
    assert level.symbol_bullet  # a Wingdings private character
    assert round(choice.body.style.level(1).margin) == 68
    assert level.typeface == "Calibri"  # the theme's minor font, as LibreOffice draws it


def test_bullets_keep_the_template_indents_and_get_a_drawable_bullet(tmp_path):
    template = libreoffice_style_template(tmp_path / "lo.pptx")
    deck = build(SAMPLE, template=template, out_dir=tmp_path / "out", handout=[]).pptx
    takeaways = slide_xml(deck, 3)
    assert "Key takeaways" in takeaways
    # no margin or indent of recapdeck's: LibreOffice shifted such text by 275 pt here
    body = takeaways[takeaways.index('idx="1"') :]
    assert "marL" not in body and "indent=" not in body
    assert '<a:buChar char="•"/>' in body  # the Wingdings glyph draws as nothing elsewhere


def test_placeholders_get_their_insets_written_out(tmp_path):
    template = styled_template(tmp_path / "zero.pptx", zero_insets=True)
    _, choice = content(template)
    assert choice.body.style.insets == (0.0, 0.0, 0.0, 0.0)
    deck = build(SAMPLE, template=template, out_dir=tmp_path / "out", handout=[]).pptx
    xml = slide_xml(deck, 3)
    assert 'lIns="91440" tIns="45720" rIns="91440" bIns="45720"' in xml


def test_capital_bold_titles_are_measured_as_capitals(tmp_path):
    """Titles that fit in lower case but not in capitals are set smaller only on the template
    whose title style draws capitals (and bold)."""
    outline = stress_outline(tmp_path / "src")

    def title_sizes(template: Path) -> list[float]:
        deck = build(outline, template=template, out_dir=tmp_path / template.stem, handout=[])
        return [
            s.shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt
            for s in Presentation(str(deck.pptx)).slides
            if s.shapes.title is not None and s.shapes.title.top >= 0
        ]

    plain = title_sizes(styled_template(tmp_path / "plain.pptx"))
    caps = title_sizes(styled_template(tmp_path / "caps.pptx", caps_titles=True))
    assert len(plain) == len(caps)
    assert any(c < p for c, p in zip(caps, plain, strict=True))
    assert all(c <= p for c, p in zip(caps, plain, strict=True))


# -- fonts that are not installed ---------------------------------------------------------------


@needs_fontconfig
def test_missing_template_fonts_are_measured_with_their_stand_in_and_reported_once(tmp_path):
    template = styled_template(tmp_path / "fonts.pptx", title_font=MISSING_TITLE,
                               body_font=MISSING_BODY)  # fmt: skip
    result = build(SAMPLE, template=template, out_dir=tmp_path / "out", handout=[])
    for family in (MISSING_TITLE, MISSING_BODY):
        said = [w for w in result.warnings if f"font '{family}' is not installed" in w.message]
        assert len(said) == 1, [w.message for w in result.warnings]
        assert f"LibreOffice draws it with '{fc_match(family)}'" in said[0].message
        assert "install the font from your brand kit" in said[0].message
        assert said[0].location.path == template
    measured = measured_fonts(SAMPLE, template=template)
    assert fc_match(MISSING_BODY) in measured


@needs_fontconfig
def test_font_substitutes_choose_the_stand_in(tmp_path):
    theme = tmp_path / "corp"
    theme.mkdir()
    styled_template(theme / "corp.pptx", title_font=MISSING_TITLE, body_font=MISSING_BODY)
    (theme / "theme.yaml").write_text(
        f"template: corp.pptx\nfont_substitutes:\n  {MISSING_TITLE}: Liberation Serif\n"
        f"  {MISSING_BODY}: Liberation Serif\n",
        "utf-8",
    )
    result = build(SAMPLE, theme=str(theme), out_dir=tmp_path / "out", handout=[])
    assert not [w for w in result.warnings if "is not installed" in w.message]
    assert set(measured_fonts(SAMPLE, theme=str(theme))) == {"Liberation Serif", "Liberation Mono"}


def test_libreoffice_is_told_to_draw_the_stand_ins(tmp_path):
    env = _soffice_env(tmp_path, [], {MISSING_BODY: "Liberation Serif"})
    conf = Path(env["FONTCONFIG_FILE"]).read_text("utf-8")
    assert f"<string>{MISSING_BODY}</string>" in conf and "Liberation Serif" in conf
    table = (tmp_path / "profile" / "user" / "registrymodifications.xcu").read_text("utf-8")
    assert f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{MISSING_BODY}</value>' in table
    assert "<value>Liberation Serif</value>" in table


def test_template_inspect_lists_the_fonts_and_whether_they_are_installed(tmp_path, capsys):
    from typer.testing import CliRunner

    from recapdeck.cli import app

    template = styled_template(tmp_path / "fonts.pptx", title_font=MISSING_TITLE,
                               body_font=MISSING_BODY)  # fmt: skip
    out = CliRunner().invoke(app, ["template", "inspect", str(template)]).output
    fonts = out[out.index("fonts:") :]
    assert "Calibri: installed" in fonts or "Calibri: NOT INSTALLED" in fonts
    assert f"{MISSING_TITLE}: NOT INSTALLED" in fonts
    assert f"{MISSING_BODY}: NOT INSTALLED" in fonts


# -- layouts: art, sections, odd placeholders -------------------------------------------------


def test_the_content_area_keeps_clear_of_a_layout_s_art(tmp_path):
    base = make_template(tmp_path / "base.pptx", rename=False, reorder=False)
    button = (8_300_000, 5_200_000, 3_000_000, 900_000)  # lower right of the body area
    template = with_art(base, tmp_path / "art.pptx", "Title and Content", button)
    _, choice = content(template)
    assert button in choice.layout.art
    deck = build(SAMPLE, template=template, out_dir=tmp_path / "out", handout=[]).pptx
    x, y, w, h = button
    for slide in Presentation(str(deck)).slides:
        if slide.slide_layout.name != "Title and Content":
            continue
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip() and shape.top >= 0:
                apart = (
                    shape.left + shape.width <= x
                    or shape.left >= x + w
                    or shape.top + shape.height <= y
                    or shape.top >= y + h
                )
                assert apart, f"{shape.name} lies over the layout's button"


def test_a_section_header_never_takes_content_slides(tmp_path):
    """A template without a title-and-content layout (seen in a German template): content
    goes on the title-only layout, under its title, not into a section header's text line."""
    template = make_template(tmp_path / "corp.pptx", rename=False, reorder=False)
    prs = Presentation(str(template))
    master = prs.slide_master
    ids = master._element.get_or_add_sldLayoutIdLst()
    for layout in list(prs.slide_layouts):
        if layout.name in ("Title and Content", "Two Content", "Comparison"):
            for item in list(ids):
                if master.part.related_part(item.rId) is layout.part:
                    ids.remove(item)
                    master.part.drop_rel(item.rId)
    prs.save(template)
    _, choice = content(template)
    assert choice.layout.name == "Title Only"
    deck = build(SAMPLE, template=template, out_dir=tmp_path / "out", handout=[])
    assert deck.slides <= 36  # the default theme's 30, plus at most 20%


def test_a_custom_layout_s_top_text_box_serves_as_its_title():
    from recapdeck.templates.mapping import heading_placeholder
    from recapdeck.templates.read import LayoutInfo, PlaceholderInfo

    top = PlaceholderInfo(1, "subTitle", "Subtitle 2", (731_520, 457_200, 10_744_200, 996_696))
    main = PlaceholderInfo(12, "obj", "Content 2", (722_376, 1_508_760, 10_735_056, 4_690_872))
    layout = LayoutInfo("章节页", "", 0, (top, main))
    assert heading_placeholder(layout) is top


def test_odd_placeholders_are_read_not_fatal(tmp_path):
    base = make_template(tmp_path / "base.pptx", rename=False, reorder=False)
    template = with_odd_placeholders(base, tmp_path / "odd.pptx")
    info = read_template(template)
    layout = info.layout("Title and Content")
    assert any(p.idx == 4_294_967_295 for p in layout.placeholders)
    assert any("Date Placeholder" in what for what in info.left_out)
    result = build(SAMPLE, template=template, out_dir=tmp_path / "out", handout=[])
    assert any("leaves that placeholder out" in w.message for w in result.warnings)


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_every_slide_size_keeps_every_shape_on_the_slide(tmp_path, size):
    width, height = SIZES[size]
    template = sized_template(tmp_path / "sized.pptx", width, height)
    deck = build(SAMPLE, template=template, out_dir=tmp_path / "out", handout=[])
    prs = Presentation(str(deck.pptx))
    assert (prs.slide_width, prs.slide_height) == (width, height)
    assert deck.slides <= 36
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.top < 0:  # the title kept above the slide for screen readers
                continue
            assert shape.left >= 0 and shape.left + shape.width <= width, (number, shape.name)
            assert shape.top + shape.height <= height, (number, shape.name)


# -- on LibreOffice's rendering -----------------------------------------------------------------


@pytest.mark.external
@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize(
    "kind", ["libreoffice", "fonts", "caps", "zero-insets", "art", "odd", *SIZES]
)
def test_fixture_decks_stay_in_their_boxes_in_libreoffice(tmp_path, kind):
    base = tmp_path / "base.pptx"
    makers = {
        "libreoffice": lambda p: libreoffice_style_template(p),
        "fonts": lambda p: styled_template(p, title_font=MISSING_TITLE, body_font=MISSING_BODY),
        "caps": lambda p: styled_template(p, caps_titles=True),
        "zero-insets": lambda p: styled_template(p, zero_insets=True),
        "art": lambda p: with_art(
            make_template(base, rename=False, reorder=False),
            p,
            "Title and Content",
            (8_300_000, 5_200_000, 3_000_000, 900_000),
        ),
        "odd": lambda p: with_odd_placeholders(make_template(base, rename=False, reorder=False), p),
        **{name: (lambda p, s=s: sized_template(p, *s)) for name, s in SIZES.items()},
    }
    template = makers[kind](tmp_path / "corp.pptx")
    result = build(SAMPLE, template=template, out_dir=tmp_path / "out", handout=[], pdf=True)
    pdf = result.pptx.with_suffix(".pdf")
    assert check_deck(result.pptx, pdf) == []
    letters = [
        p
        for p in font_problems(result.pptx, pdf, measured_fonts(SAMPLE, template=template))
        if p.split("'")[1].isalpha()
    ]
    assert letters == []
