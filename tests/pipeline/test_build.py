"""End to end: build the sample decks and open the .pptx files to check what a user gets."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from conftest import DECKS, ROOT
from pptx_dump import dump_pptx
from recapdeck import build
from recapdeck.errors import RecapdeckError

SAMPLE_IMAGES = sorted(p.name for p in (ROOT / "assets" / "reinvent2024-desantis").iterdir())


def pictures(prs):
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                yield number, shape


def visible_aspect(shape) -> float:
    """The aspect ratio of the part of the image a picture shows (after cropping)."""
    w, h = Image.open(io.BytesIO(shape.image.blob)).size
    w *= 1 - shape.crop_left - shape.crop_right
    h *= 1 - shape.crop_top - shape.crop_bottom
    return w / h


def test_sample_deck_is_complete(built_sample):
    prs = Presentation(str(built_sample.pptx))
    assert built_sample.pptx.name == "reinvent2024-desantis.pptx"
    assert len(prs.slides) >= 18
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    for number, slide in enumerate(prs.slides, start=1):
        notes = slide.notes_slide.notes_text_frame.text
        assert len(notes.split()) >= 8, f"slide {number} has thin notes: {notes!r}"


def test_sample_deck_has_every_screenshot_undistorted_with_alt_text(built_sample):
    prs = Presentation(str(built_sample.pptx))
    found = list(pictures(prs))
    assert len(found) == 12
    names = sorted(shape.name.removeprefix("Screenshot ") for _, shape in found)
    assert names == SAMPLE_IMAGES
    for number, shape in found:
        alt = shape._element._nvXxPr.cNvPr.get("descr")
        assert alt and len(alt) > 15, (number, shape.name)
        frame = shape.width / shape.height
        assert frame == pytest.approx(visible_aspect(shape), rel=0.01), (number, shape.name)


def test_large_screenshots_are_downscaled_to_about_twice_their_size(built_sample):
    prs = Presentation(str(built_sample.pptx))
    for _, shape in pictures(prs):
        px_w, _ = Image.open(io.BytesIO(shape.image.blob)).size
        shown_px = shape.width / 12_700 * 2  # 144 px per inch on a 1920-px projector
        assert px_w <= shown_px * 2 + 2, shape.name


def test_sample_deck_slide_kinds_links_and_badges(built_sample):
    prs = Presentation(str(built_sample.pptx))
    titles = [s.shapes.title.text_frame.text if s.shapes.title else "" for s in prs.slides]
    for expected in ("Agenda", "Key takeaways", "What's new", "References", "Questions?"):
        assert any(t == expected or t.startswith(f"{expected} (") for t in titles), expected
    refs = prs.slides[titles.index("References")]
    links = [
        r.hyperlink.address
        for shape in refs.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
        if r.hyperlink.address
    ]
    assert "https://www.youtube.com/watch?v=vx36tyJ47ps" in links
    badges = [
        number
        for number, slide in enumerate(prs.slides, start=1)
        if any(shape.name == "New badge" for shape in slide.shapes)
    ]
    assert len(badges) >= 6  # five launches, some over two slides, plus "What's new" (1/2, 2/2)
    # titles are real title placeholders and body text is real, editable text
    assert all(s.shapes.title is not None for s in prs.slides if s.slide_layout.name != "Blank")


def test_inline_markdown_is_formatted_not_literal(built_sample):
    prs = Presentation(str(built_sample.pptx))
    texts = []
    bold = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for r in p.runs:
                        texts.append(r.text)
                        if r.font.bold and shape.name != "Title":
                            bold.append(r.text)
    assert not any("**" in t for t in texts)
    assert "roots" in bold


def test_document_properties(built_sample):
    props = Presentation(str(built_sample.pptx)).core_properties
    assert props.title.startswith("Peter DeSantis keynote")
    assert props.author == "Jane Doe"
    assert props.subject == "AWS re:Invent 2024"
    assert "Dave Brown" in props.keywords
    assert props.created.year == 2024 and props.modified == props.created
    assert props.last_modified_by == "Jane Doe"
    assert props.revision == 1


def test_example_deck_uses_every_feature(built_example):
    prs = Presentation(str(built_example.pptx))
    with zipfile.ZipFile(built_example.pptx) as z:
        media = [n for n in z.namelist() if n.startswith("ppt/media/")]
    assert not [m for m in media if m.endswith(".webp")]  # WebP converted
    shapes = list(pictures(prs))
    by_name: dict[str, list] = {}
    for _, shape in shapes:
        by_name.setdefault(shape.name, []).append(shape)
    # twice in the outline and once more as the cover's hero screenshot, embedded once
    assert len(by_name["Screenshot screenshots/platform-overview.png"]) == 3
    assert len(by_name["Screenshot nimbus-summit-logo.png"]) == 1  # the event's logo
    assert len(media) == len({s.image.sha1 for _, s in shapes})  # each file embedded once
    rotated = by_name["Screenshot screenshots/rotated-photo.jpg"][0]
    w, h = Image.open(io.BytesIO(rotated.image.blob)).size
    assert w > h  # EXIF orientation honoured: shown landscape
    assert any(s.crop_top or s.crop_bottom or s.crop_left or s.crop_right for _, s in shapes)
    photos = [s for _, s in shapes if s.name.startswith("Screenshot speakers/")]
    assert len({s.image.sha1 for s in photos}) == 3  # every speaker photo shown
    kinds = {slide.slide_layout.name for slide in prs.slides}
    assert {"Title Only", "Blank"} <= kinds  # quotes are title-less blank slides


def test_sample_golden_dump(built_sample, update_golden):
    golden = ROOT / "tests" / "golden" / "reinvent2024-desantis.txt"
    text = dump_pptx(built_sample.pptx)
    if update_golden or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail("golden file was missing and has been written; run the tests again")
    assert text == golden.read_text(encoding="utf-8"), (
        "the deck changed; inspect the diff and run pytest --update-golden if it is intended"
    )


def test_same_input_same_bytes(tmp_path, built_sample):
    again = build(DECKS / "reinvent2024-desantis.yaml", out_dir=tmp_path)
    assert again.pptx.read_bytes() == built_sample.pptx.read_bytes()


def test_failed_build_keeps_the_previous_deck(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    (tmp_path / ".git").mkdir()  # the project root: decks/ may use ../assets
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    outline = decks / "talk.yaml"
    source = (DECKS / "example-all-features.yaml").read_text(encoding="utf-8")
    outline.write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    first = build(outline, out_dir=out)
    before = first.pptx.read_bytes()
    outline.write_text(source.replace("speaker: lin", "speaker: lyn"), encoding="utf-8")
    with pytest.raises(RecapdeckError):
        build(outline, out_dir=out)
    assert first.pptx.read_bytes() == before
    names = sorted(p.name for p in out.iterdir())
    assert names == ["talk-handout.html", "talk-handout.md", "talk.pptx"]  # no temporary debris


def test_allow_missing_draws_a_labelled_placeholder(tmp_path):
    outline = tmp_path / "talk.yaml"
    outline.write_text(
        "title: T\nevent: {name: E}\nsegments:\n  - title: S\n    highlights:\n"
        "      - title: H\n        screenshots:\n          - {file: gone.png, alt: a chart}\n",
        encoding="utf-8",
    )
    with pytest.raises(RecapdeckError) as err:
        build(outline, out_dir=tmp_path)
    assert "gone.png" in str(err.value) and ":8:" in str(err.value)
    result = build(outline, out_dir=tmp_path, allow_missing=True)
    assert any("gone.png" in w.message for w in result.warnings)
    prs = Presentation(str(result.pptx))
    names = [shape.name for slide in prs.slides for shape in slide.shapes]
    assert "Missing screenshot gone.png" in names


def test_strict_turns_warnings_into_errors(tmp_path):
    outline = tmp_path / "talk.yaml"
    outline.write_text(
        "title: T\nevent: {name: E}\nsegments:\n  - title: S\n    highlights:\n"
        "      - title: H\n        screenshots:\n          - {file: gone.png, alt: a chart}\n",
        encoding="utf-8",
    )
    with pytest.raises(RecapdeckError):
        build(outline, out_dir=tmp_path, allow_missing=True, strict=True)
    assert not (tmp_path / "talk.pptx").exists()


@pytest.mark.slow
def test_a_theme_logo_sits_on_the_title_and_closing_slides_only(tmp_path):
    theme = tmp_path / "acme"
    theme.mkdir()
    logo = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    logo.paste((255, 255, 255, 255), (0, 0, 200, 200))
    logo.save(theme / "logo.png")
    (theme / "theme.yaml").write_text("extends: default\nlogo: logo.png\n")
    result = build(
        DECKS / "reinvent2024-desantis.yaml",
        theme=theme,
        out_dir=tmp_path / "out",
        allow_outside_files=True,
        cache=False,
    )
    prs = Presentation(result.pptx)
    found = {
        i: [s for s in slide.shapes if s.name == "Logo"] for i, slide in enumerate(prs.slides, 1)
    }
    assert [i for i, logos in found.items() if logos] == [1, len(prs.slides)]
    for i in (1, len(prs.slides)):
        (pic,) = found[i]
        assert pic.shape_type == MSO_SHAPE_TYPE.PICTURE
        assert abs(pic.width / pic.height - 3.0) < 0.01  # aspect kept
        assert pic.left + pic.width <= prs.slide_width and pic.top < prs.slide_height // 5
        c_nv_pr = pic._element._nvXxPr.cNvPr
        assert c_nv_pr.get("descr") == ""
        assert b"decorative" in etree.tostring(c_nv_pr)
    handout = result.handouts[0].read_text()
    assert "logo.png" not in handout and result.pictures == 14  # 12 screenshots + 2 logos


def test_a_damaged_theme_logo_is_named_in_the_error(tmp_path):
    theme = tmp_path / "acme"
    theme.mkdir()
    (theme / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    (theme / "theme.yaml").write_text("extends: default\nlogo: logo.png\n")
    with pytest.raises(RecapdeckError, match=r"logo\.png"):
        build(DECKS / "reinvent2024-desantis.yaml", theme=theme, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_sample_outputs_are_byte_identical_to_the_recorded_ones(
    built_sample, built_example, update_golden
):
    """The SHA-256 of each sample deck and handout, recorded in tests/golden/: a refactoring
    must leave every byte as it was (the text dump above says *what* changed when one does)."""
    golden = ROOT / "tests" / "golden" / "sample-outputs.sha256"
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}"
        for result in (built_sample, built_example)
        for path in (result.pptx, *result.handouts)
    ]
    text = "\n".join(lines) + "\n"
    if update_golden or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail("golden file was missing and has been written; run the tests again")
    assert text == golden.read_text(encoding="utf-8"), (
        "a sample output changed; if that is intended, run pytest --update-golden"
    )
