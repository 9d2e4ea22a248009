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


A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
SIZES = {  # slide sizes of every kind, in EMU
    "4:3": (9_144_000, 6_858_000),
    "16:9 at 10 in": (9_144_000, 5_143_500),
    "16:9 at 13.33 in": (12_192_000, 6_858_000),
    "16:10": (9_144_000, 5_715_000),
    "A4": (10_692_000, 7_560_000),
    "Keynote 1920x1080 pt": (24_384_000, 13_716_000),
}


def _scaled(prs, width: int, height: int) -> None:
    """Give ``prs`` another slide size, every master and layout placeholder moved with it."""
    sx, sy = width / prs.slide_width, height / prs.slide_height
    shapes = list(prs.slide_master.placeholders)
    for layout in prs.slide_layouts:
        shapes += list(layout.placeholders)
    for ph in shapes:
        if ph._element.spPr.find(f"{{{A_NS}}}xfrm") is None:
            continue  # inherits its box from the master, which moves too
        left, top, w, h = ph.left, ph.top, ph.width, ph.height
        ph.left, ph.top, ph.width, ph.height = (
            int(left * sx),
            int(top * sy),
            int(w * sx),
            int(h * sy),
        )
    prs.slide_width, prs.slide_height = Emu(width), Emu(height)


def sized_template(path: Path, width: int, height: int) -> Path:
    """python-pptx's own template at another slide size (4:3, 16:10, A4, Keynote's 1920 pt)."""
    prs = Presentation()
    _scaled(prs, width, height)
    prs.save(path)
    return path


def styled_template(
    path: Path,
    *,
    title_font: str | None = None,
    body_font: str | None = None,
    caps_titles: bool = False,
    zero_insets: bool = False,
) -> Path:
    """A 16:9 template whose master sets its own typefaces (not the theme's), capital and
    bold titles, or placeholders without insets, as company masters do."""
    prs = Presentation()
    _scaled(prs, 12_192_000, 6_858_000)
    styles = prs.slide_master._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}txStyles"
    )
    for style, face in (("titleStyle", title_font), ("bodyStyle", body_font)):
        if face is None:
            continue
        for latin in styles.iter(f"{{{A_NS}}}latin"):
            if latin.getparent().getparent().getparent().tag.endswith(style):
                latin.set("typeface", face)
    if caps_titles:
        for r_pr in styles.iter(f"{{{A_NS}}}defRPr"):
            if r_pr.getparent().getparent().tag.endswith("titleStyle"):
                r_pr.set("cap", "all")
                r_pr.set("b", "1")
    if zero_insets:
        for ph in prs.slide_master.placeholders:
            body_pr = ph.text_frame._txBody.bodyPr
            for name in ("lIns", "tIns", "rIns", "bIns"):
                body_pr.set(name, "0")
    prs.save(path)
    return path


def libreoffice_style_template(path: Path) -> Path:
    """A master as LibreOffice saves one: no text styles; the outline style (34 pt margin,
    a Wingdings bullet hanging 25.5 pt) lives in the master placeholder's own paragraphs."""
    from pptx.oxml.ns import qn

    prs = Presentation()
    _scaled(prs, 9_144_000, 5_715_000)  # LibreOffice's 16:10
    master = prs.slide_master
    master._element.remove(master._element.find(qn("p:txStyles")))
    body = next(p for p in master.placeholders if p.placeholder_format.type == 2)
    for level, p in enumerate(body.text_frame.paragraphs):
        p_pr = p._p.get_or_add_pPr()
        p_pr.set("marL", str(432_000 * (level + 1)))
        p_pr.set("indent", "-324000")
        for tag, attrs in (("a:buFont", {"typeface": "Wingdings", "charset": "2"}),
                           ("a:buChar", {"char": "\uf0a7"})):  # fmt: skip
            element = p_pr.makeelement(qn(tag), attrs)
            p_pr.append(element)
        for run in p.runs:
            run.font.size = Emu(2000 * 127 if level == 0 else 1800 * 127)
    prs.save(path)
    return path


def with_art(source: Path, target: Path, layout_name: str, box: tuple[int, int, int, int]) -> Path:
    """Copy a template with a picture (a logo, a button) drawn by one layout at ``box``."""
    prs = Presentation(str(source))
    layout = next(x for x in prs.slide_layouts if x.name == layout_name)
    picture = io.BytesIO()
    Image.new("RGB", (200, 80), "#1F5FBF").save(picture, "PNG")
    # python-pptx has no add_picture on layouts; a slide's shape tree works alike
    from pptx.shapes.shapetree import SlideShapes

    SlideShapes(layout._element.cSld.spTree, layout).add_picture(picture, *box)
    prs.save(target)
    return target


def with_odd_placeholders(source: Path, target: Path) -> Path:
    """Copy a template whose content layout has a placeholder at idx 4294967295 (as some
    generators write) and another of negative width."""
    prs = Presentation(str(source))
    layout = next(x for x in prs.slide_layouts if x.name == "Title and Content")
    body = next(p for p in layout.placeholders if p.placeholder_format.idx == 1)
    body._element.ph.set("idx", "4294967295")
    date = next(p for p in layout.placeholders if p.placeholder_format.type == 16)
    ext = date._element.spPr.find(f"{{{A_NS}}}xfrm").find(f"{{{A_NS}}}ext")
    ext.set("cx", "-431800")
    prs.save(target)
    return target
