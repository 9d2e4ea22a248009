"""Writing the .pptx package: counted part names and the one-pass, fixed-time zip."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from recapdeck import oxml as _oxml


def _png(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, "PNG")
    return out.getvalue()


def _add(prs, notes: str, *pictures: bytes) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    for data in pictures:
        slide.shapes.add_picture(io.BytesIO(data), Inches(1), Inches(1))
    slide.notes_slide.notes_text_frame.text = notes


def _saved(prs) -> bytes:
    out = io.BytesIO()
    _oxml.write_package(prs, out)
    return out.getvalue()


def test_counted_names_embed_each_picture_once_and_never_collide():
    red, blue = _png((200, 0, 0)), _png((0, 0, 200))
    # A "template" that already holds a picture and a notes page, written the python-pptx way.
    base = Presentation()
    _add(base, "from the template", red)
    buffer = io.BytesIO()
    base.save(buffer)

    prs = Presentation(io.BytesIO(buffer.getvalue()))
    _oxml.count_part_names(prs)
    _add(prs, "one", red, blue)
    _add(prs, "two", blue, blue)
    _add(prs, "three")

    reopened = Presentation(io.BytesIO(_saved(prs)))
    assert [s.notes_slide.notes_text_frame.text for s in reopened.slides] == [
        "from the template",
        "one",
        "two",
        "three",
    ]
    names = zipfile.ZipFile(io.BytesIO(_saved(prs))).namelist()
    assert len(names) == len(set(names))
    media = sorted(n for n in names if n.startswith("ppt/media/"))
    assert media == ["ppt/media/image1.png", "ppt/media/image2.png"]  # red reused, blue once
    notes = sorted(n for n in names if n.startswith("ppt/notesSlides/notesSlide"))
    assert notes == [f"ppt/notesSlides/notesSlide{i}.xml" for i in (1, 2, 3, 4)]
    pictures = [shape for slide in reopened.slides for shape in slide.shapes]
    assert [len(p.image.blob) > 0 for p in pictures] == [True] * 5


def test_package_has_fixed_times_stored_pictures_and_deflated_xml():
    prs = Presentation()
    _oxml.count_part_names(prs)
    _add(prs, "notes", _png((10, 120, 60)))
    data = _saved(prs)
    assert data == _saved(prs)  # same deck, same bytes
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    for info in infos:
        stored = info.filename.endswith((".png", ".jpeg", ".jpg"))  # pictures, the thumbnail
        assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    content_types = archive.read("[Content_Types].xml").decode()
    assert 'Extension="png"' in content_types or "image/png" in content_types


def test_the_blank_starting_thumbnail_is_not_carried_into_the_deck():
    prs = Presentation()
    _oxml.drop_thumbnail(prs)
    _add(prs, "notes", _png((1, 2, 3)))
    data = _saved(prs)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [n for n in names if "thumbnail" in n]
    assert len(Presentation(io.BytesIO(data)).slides) == 1


def test_a_templates_unreadable_link_colour_is_replaced_and_a_readable_one_kept():
    """PowerPoint and LibreOffice draw links in the theme's hlink colour, not the run's."""
    prs = Presentation()
    _oxml.apply_theme(prs, {"hlink": "#0563C1", "folHlink": "#954F72"}, "Calibri", "Calibri")
    theme_part = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    )

    def slot(name: str) -> str:
        xml = theme_part.blob.decode()
        return xml.split(f"<a:{name}>", 1)[1].split('val="', 1)[1][:6]

    _oxml.mend_link_colors(prs, "#FFFFFF", ("#FFFFFF", "#F2F2F2"))  # light: readable
    assert (slot("hlink"), slot("folHlink")) == ("0563C1", "954F72")
    _oxml.mend_link_colors(prs, "#FFFFFF", ("#4D5D71", "#44546A"))  # a dark master
    assert (slot("hlink"), slot("folHlink")) == ("FFFFFF", "FFFFFF")
