"""Company templates: mapping layouts by name, type and composition; cleaning; footers; size."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import DECKS
from layout_check import check_deck
from recapdeck import build
from recapdeck.errors import Location, RecapdeckError
from recapdeck.load.theme import load_theme
from recapdeck.templates import describe, map_layouts, read_template, theme_yaml
from template_fixtures import POTX, PPTM, make_template, with_content_type

SAMPLE = DECKS / "reinvent2024-desantis.yaml"
needs_soffice = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed"
)


def theme_with(tmp_path: Path, template: Path, extra: str = "") -> Path:
    folder = tmp_path / "corp-theme"
    folder.mkdir(exist_ok=True)
    shutil.copy(template, folder / template.name)
    (folder / "theme.yaml").write_text(f"template: {template.name}\n{extra}", "utf-8")
    return folder


def mapping(template: Path, explicit=None):
    info = read_template(template)
    return info, *map_layouts(info, explicit or {}, Location(template))


def test_translated_and_reordered_layouts_are_found_by_type(tmp_path):
    template = make_template(tmp_path / "corp.pptx")
    info, choices, warnings = mapping(template)
    assert choices["title"].layout.name == "Titelfolie" and choices["title"].how == "type"
    assert choices["content"].layout.name == "Título e conteúdo"
    assert choices["section"].layout.name == "Kapitel"
    assert choices["content_picture"].layout.name == "Zwei Inhalte"
    assert choices["picture"].layout.name == "Nur Titel"
    assert choices["quote"].layout.name == "Leer"
    assert choices["content"].body is not None and choices["content"].body.idx == 1
    assert choices["title"].subtitle is not None
    assert warnings == []
    assert info.sample_slides == 1


def test_without_layout_types_the_composition_decides(tmp_path):
    template = make_template(tmp_path / "corp.pptx", drop_types=True, body_idx=10)
    _, choices, _ = mapping(template)
    assert choices["title"].layout.name == "Titelfolie"
    assert choices["title"].how == "composition"
    assert choices["content"].body.idx == 10  # the body placeholder at idx 10 is used
    assert choices["picture"].layout.name == "Nur Titel"
    assert choices["quote"].layout.name == "Leer"


def test_two_layouts_of_one_type_prefer_the_name_and_say_so(tmp_path):
    template = make_template(tmp_path / "corp.pptx", duplicate_content=True)
    _, choices, warnings = mapping(template)
    content = choices["content"]
    assert content.how == "type"
    assert any(
        "are all of type 'obj'" in w.message and "layouts.content" in w.message for w in warnings
    )
    english = make_template(tmp_path / "english.pptx", rename=False, duplicate_content=True)
    _, choices, warnings = mapping(english)
    assert choices["content"].layout.name == "Title and Content"
    assert choices["content"].how == "name"


def test_explicit_mapping_wins_and_bad_names_are_located(tmp_path):
    template = make_template(tmp_path / "corp.pptx")
    _, choices, _ = mapping(
        template, {"content": {"layout": "Zwei Inhalte", "title": 0, "body": 2}}
    )
    assert choices["content"].layout.name == "Zwei Inhalte"
    assert choices["content"].body.idx == 2 and choices["content"].how == "explicit"
    with pytest.raises(RecapdeckError, match=r"no layout named 'Nope'.*'Titelfolie'"):
        mapping(template, {"content": {"layout": "Nope"}})


def test_a_template_missing_a_layout_falls_back_with_advice(tmp_path):
    template = make_template(tmp_path / "slim.pptx", rename=False)
    prs = Presentation(str(template))
    master = prs.slide_master
    id_list = master._element.get_or_add_sldLayoutIdLst()
    for layout in list(prs.slide_layouts):
        if layout.name in (
            "Section Header",
            "Title Only",
            "Blank",
            "Two Content",
            "Comparison",
            "Content with Caption",
            "Picture with Caption",
        ):
            for item in list(id_list):
                if master.part.related_part(item.rId) is layout.part:
                    id_list.remove(item)
    prs.save(template)
    _, choices, warnings = mapping(template)
    assert choices["quote"].how == "fallback"
    messages = " ".join(w.message for w in warnings)
    assert "quote slides: the template has no blank layout; using 'Title and Content'" in messages
    assert "Add such a layout to the template, or name one under layouts.quote" in messages
    assert choices["picture"].layout.name == "Title and Content"


@pytest.mark.parametrize(
    ("suffix", "content_type", "macro"),
    [(".potx", POTX, False), (".pptm", PPTM, True)],
)
def test_potx_and_macro_enabled_files_are_read_without_macros(
    tmp_path, suffix, content_type, macro
):
    base = make_template(tmp_path / "base.pptx")
    template = with_content_type(base, tmp_path / f"corp{suffix}", content_type, macro=macro)
    info = read_template(template)
    assert info.macros_removed is macro
    theme = load_theme(str(theme_with(tmp_path, template)))
    assert any("macros" in w.message for w in theme.warnings) is macro
    result = build(SAMPLE, out_dir=tmp_path / "out", theme=str(theme.folder), handout=[])
    names = zipfile.ZipFile(result.pptx).namelist()
    assert not any("vba" in n.lower() for n in names)
    ctypes = zipfile.ZipFile(result.pptx).read("[Content_Types].xml").decode()
    assert "presentation.main+xml" in ctypes and "macroEnabled" not in ctypes


def test_sample_slides_leave_no_parts_behind(tmp_path):
    template = make_template(tmp_path / "corp.pptx", sample_slides=2)
    result = build(
        SAMPLE, out_dir=tmp_path / "out", theme=str(theme_with(tmp_path, template)), handout=[]
    )
    prs = Presentation(str(result.pptx))
    assert len(prs.slides) == result.slides
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert not any("delete me" in t for t in texts)
    with zipfile.ZipFile(result.pptx) as z:
        media = [n for n in z.namelist() if n.startswith("ppt/media/")]
        slides = [n for n in z.namelist() if n.startswith("ppt/slides/slide")]
        notes = [n for n in z.namelist() if n.startswith("ppt/notesSlides/notesSlide")]
    assert len(slides) == result.slides and len(notes) == result.slides
    assert len(media) == 12  # the sample's screenshots, none of the template's sample picture


def test_deck_uses_the_templates_layouts_fonts_and_footers(tmp_path):
    template = make_template(tmp_path / "corp.pptx")
    result = build(
        SAMPLE, out_dir=tmp_path / "out", theme=str(theme_with(tmp_path, template)), handout=[]
    )
    prs = Presentation(str(result.pptx))
    used = {s.slide_layout.name for s in prs.slides}
    assert {"Titelfolie", "Título e conteúdo", "Kapitel"} <= used
    content = next(s for s in prs.slides if s.slide_layout.name == "Título e conteúdo")
    kinds = {ph.placeholder_format.type for ph in content.placeholders}
    texts = {sh.name: sh.text_frame.text for sh in content.shapes if sh.has_text_frame}
    assert any(t == "AWS re:Invent 2024" for t in texts.values())  # footer placeholder filled
    xml = content._element.xml
    assert 'type="slidenum"' in xml and 'type="ftr"' in xml
    assert len(kinds) >= 3
    # nothing left reading "Click to add text": every placeholder on a slide has content
    for slide in prs.slides:
        for ph in slide.placeholders:
            assert ph.text_frame.text.strip() or ph.placeholder_format.type == 13, slide.slide_id


@pytest.mark.external
@needs_soffice
@pytest.mark.parametrize("wide", [True, False], ids=["16x9", "4x3"])
def test_template_decks_render_with_everything_in_its_box(tmp_path, wide):
    from recapdeck.export.libreoffice import convert_to_pdf

    template = make_template(tmp_path / "corp.pptx", wide=wide)
    result = build(
        SAMPLE, out_dir=tmp_path / "out", theme=str(theme_with(tmp_path, template)), handout=[]
    )
    prs = Presentation(str(result.pptx))
    assert (prs.slide_width, prs.slide_height) == (
        (12_192_000, 6_858_000) if wide else (9_144_000, 6_858_000)
    )
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= prs.slide_width, shape.name
            assert shape.top >= 0 and shape.top + shape.height <= prs.slide_height, shape.name
    (pdf,) = convert_to_pdf([result.pptx], tmp_path / "pdf")
    assert check_deck(result.pptx, pdf) == []


def test_inspect_and_theme_text(tmp_path):
    template = make_template(tmp_path / "corp.pptx", body_idx=10, drop_types=True)
    info, choices, _ = mapping(template)
    text = describe(info, choices)
    assert "layout 'Título e conteúdo'" in text
    assert "idx 10" in text and "body" in text
    assert "sample slides: 1" in text
    assert "content          → 'Título e conteúdo' (composition)" in text
    yaml_text = theme_yaml("corp", info, choices, "corp.pptx")
    folder = tmp_path / "themes" / "corp"
    folder.mkdir(parents=True)
    shutil.copy(template, folder / "corp.pptx")
    (folder / "theme.yaml").write_text(yaml_text, "utf-8")
    theme = load_theme("corp", near=tmp_path)
    assert theme.layouts["content"].how == "explicit"
    assert theme.layouts["content"].body.idx == 10


def test_not_a_powerpoint_file_is_a_located_error(tmp_path):
    bad = tmp_path / "corp.potx"
    bad.write_text("not a zip at all")
    with pytest.raises(RecapdeckError, match="not a readable PowerPoint file"):
        read_template(bad)
    with pytest.raises(RecapdeckError, match="not a PowerPoint template"):
        read_template(tmp_path / "corp.docx")
    folder = theme_with(tmp_path, bad)
    with pytest.raises(RecapdeckError) as err:
        load_theme(str(folder))
    assert err.value.problems[0].location.path == folder / "theme.yaml"


def test_a_template_without_a_notes_master_still_gets_notes(tmp_path):
    from template_fixtures import without_notes_master

    base = make_template(tmp_path / "base.pptx", sample_slides=0)
    template = without_notes_master(base, tmp_path / "bare.pptx")
    info = read_template(template)
    assert not info.notes_master
    result = build(
        SAMPLE, out_dir=tmp_path / "out", theme=str(theme_with(tmp_path, template)), handout=[]
    )
    prs = Presentation(str(result.pptx))
    assert all(s.notes_slide.notes_text_frame.text.strip() for s in prs.slides)


def _cli(*args, cwd):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "recapdeck", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.mark.slow
def test_cli_inspect_theme_new_and_template_flag(tmp_path):
    template = make_template(tmp_path / "corp.potx.pptx", drop_types=True)
    potx = with_content_type(template, tmp_path / "corp.potx", POTX)
    shown = _cli("template", "inspect", potx, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "layout 'Título e conteúdo' (type none)" in shown.stdout
    assert "content          → 'Título e conteúdo' (composition)" in shown.stdout
    made = _cli("theme", "new", "corp", "--from", potx, "--dir", tmp_path / "themes", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "themes" / "corp" / "theme.yaml").is_file()
    assert (tmp_path / "themes" / "corp" / "corp.potx").is_file()
    again = _cli("theme", "new", "corp", "--from", potx, "--dir", tmp_path / "themes", cwd=tmp_path)
    assert again.returncode == 1 and "exists already" in again.stderr
    built = _cli(
        "build",
        SAMPLE,
        "--template",
        potx,
        "--no-handout",
        "-o",
        tmp_path / "out",
        cwd=DECKS.parent,
    )
    assert built.returncode == 0, built.stderr
    prs = Presentation(str(tmp_path / "out" / "reinvent2024-desantis.pptx"))
    assert "Titelfolie" in {s.slide_layout.name for s in prs.slides}
    bad = _cli("template", "inspect", tmp_path / "nope.pptx", cwd=tmp_path)
    assert bad.returncode == 1 and "not found" in bad.stderr and "Traceback" not in bad.stderr
