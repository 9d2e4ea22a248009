"""Company-style templates made with python-pptx (and raw XML where it has no API)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.util import Emu, Inches

POTX = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
PPTM = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"

RENAMES = {  # English name -> translated/renamed, as a company template might have
    "Title Slide": "Titelfolie",
    "Title and Content": "Título e conteúdo",
    "Section Header": "Kapitel",
    "Two Content": "Zwei Inhalte",
    "Title Only": "Nur Titel",
    "Blank": "Leer",
}


def _layouts(prs):
    return {layout.name: layout for layout in prs.slide_layouts}


def make_template(
    path: Path,
    *,
    wide: bool = True,
    rename: bool = True,
    reorder: bool = True,
    sample_slides: int = 1,
    drop_types: bool = False,
    body_idx: int | None = None,
    duplicate_content: bool = False,
) -> Path:
    """Write a template like a company's: translated layout names, a shuffled layout list,
    a sample slide with a picture, optionally 4:3, layouts without their type, a body
    placeholder at another idx, two content layouts."""
    prs = Presentation()
    if wide:
        prs.slide_width, prs.slide_height = Emu(12_192_000), Emu(6_858_000)
        scale = 12_192_000 / 9_144_000
        for layout in prs.slide_layouts:  # move the layouts' placeholders to the wide slide
            for ph in layout.placeholders:
                left, top, width, height = ph.left, ph.top, ph.width, ph.height
                ph.left, ph.top = int(left * scale), top
                ph.width, ph.height = int(width * scale), height
        for ph in prs.slide_master.placeholders:
            left, top, width, height = ph.left, ph.top, ph.width, ph.height
            ph.left, ph.top, ph.width, ph.height = (
                int(left * scale),
                top,
                int(width * scale),
                height,
            )
    layouts = _layouts(prs)
    if body_idx is not None:
        ph = [p for p in layouts["Title and Content"].placeholders if p.placeholder_format.idx == 1]
        ph[0]._element.ph.set("idx", str(body_idx))
        ph[0]._element.ph.set("type", "body")
    if duplicate_content:
        layouts["Title and Vertical Text"]._element.set("type", "obj")
        layouts["Title and Vertical Text"]._element.cSld.set("name", "Inhalt B")
    if drop_types:
        for layout in prs.slide_layouts:
            layout._element.attrib.pop("type", None)
    if rename:
        for english, other in RENAMES.items():
            layouts[english]._element.cSld.set("name", other)
    if reorder:
        id_list = prs.slide_master._element.get_or_add_sldLayoutIdLst()
        items = list(id_list)
        for item in items:
            id_list.remove(item)
        for item in reversed(items):
            id_list.append(item)
    for n in range(sample_slides):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.shapes.title.text = f"Sample slide {n + 1}: delete me"
        picture = io.BytesIO()
        Image.new("RGB", (640, 360), "#C0392B").save(picture, "PNG")
        slide.shapes.add_picture(picture, Inches(1), Inches(1), Inches(4))
        slide.notes_slide.notes_text_frame.text = "sample notes"
    prs.save(path)
    return path


def with_content_type(source: Path, target: Path, main: str, *, macro: bool = False) -> Path:
    """Copy a package with another main content type (.potx, .pptm), optionally with a VBA part."""
    src = zipfile.ZipFile(source)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                text = data.decode("utf-8").replace(PPTX, main)
                if macro:
                    text = text.replace(
                        "</Types>",
                        '<Override PartName="/ppt/vbaProject.bin" '
                        'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                    )
                data = text.encode("utf-8")
            elif macro and name == "ppt/_rels/presentation.xml.rels":
                data = (
                    data.decode("utf-8")
                    .replace(
                        "</Relationships>",
                        '<Relationship Id="rId999" Type="http://schemas.microsoft.com/office/2006/'
                        'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
                    )
                    .encode("utf-8")
                )
            out.writestr(name, data)
        if macro:
            out.writestr("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake VBA project")
    return target


def without_notes_master(source: Path, target: Path) -> Path:
    """Copy a package with its notes master (and every notes page) taken out."""
    import re

    src = zipfile.ZipFile(source)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            if name.startswith(("ppt/notesMasters/", "ppt/notesSlides/")):
                continue
            data = src.read(name)
            if name.endswith(".rels") or name in ("ppt/presentation.xml", "[Content_Types].xml"):
                text = data.decode("utf-8")
                text = re.sub(r"<Relationship [^>]*(notesMaster|notesSlide)[^>]*/>", "", text)
                text = re.sub(r"<p:notesMasterIdLst>.*?</p:notesMasterIdLst>", "", text)
                text = re.sub(r'<Override PartName="/ppt/notes[^"]*"[^>]*/>', "", text)
                data = text.encode("utf-8")
            out.writestr(name, data)
    return target
