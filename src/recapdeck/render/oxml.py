"""The raw DrawingML edits python-pptx has no API for. Every lxml touch lives here."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from typing import IO, Any

from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement

_P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # fixed: deterministic output


def set_bullet(paragraph: Any, kind: str, level: int, indent_emu: int, color: str) -> None:
    """Give ``paragraph`` a hanging bullet ("bullet") or number ("number"), or none ("")."""
    p_pr = paragraph._p.get_or_add_pPr()
    for tag in ("a:buClr", "a:buFont", "a:buChar", "a:buAutoNum", "a:buNone"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    if not kind:
        p_pr.set("marL", str(indent_emu * level))
        p_pr.set("indent", "0")
        p_pr.append(OxmlElement("a:buNone"))
        return
    p_pr.set("marL", str(indent_emu * (level + 1)))
    p_pr.set("indent", str(-indent_emu))
    clr = OxmlElement("a:buClr")
    srgb = OxmlElement("a:srgbClr")
    srgb.set("val", color.lstrip("#").upper())
    clr.append(srgb)
    p_pr.append(clr)
    if kind == "number":
        num = OxmlElement("a:buAutoNum")
        num.set("type", "arabicPeriod")
        p_pr.append(num)
    else:
        font = OxmlElement("a:buFont")
        font.set("typeface", "Arial")
        p_pr.append(font)
        char = OxmlElement("a:buChar")
        char.set("char", "•" if level == 0 else "–")
        p_pr.append(char)


def set_rtl(paragraph: Any) -> None:
    """Lay ``paragraph`` out right to left (Arabic, Hebrew), aligned to the right edge."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("rtl", "1")
    if p_pr.get("algn") in (None, "l"):
        p_pr.set("algn", "r")


def add_slide_number(
    paragraph: Any, number: int, size: float | None, color: str | None, font: str | None
) -> None:
    """Append a live slide-number field to ``paragraph``; unstyled parts follow the layout."""
    fld = OxmlElement("a:fld")
    fld.set("id", _SLIDE_NUMBER_FIELD_ID)
    fld.set("type", "slidenum")
    r_pr = OxmlElement("a:rPr")
    r_pr.set("lang", "en-US")
    if size is not None:
        r_pr.set("sz", str(round(size * 100)))
    if color is not None:
        fill = OxmlElement("a:solidFill")
        srgb = OxmlElement("a:srgbClr")
        srgb.set("val", color.lstrip("#").upper())
        fill.append(srgb)
        r_pr.append(fill)
    if font is not None:
        latin = OxmlElement("a:latin")
        latin.set("typeface", font)
        r_pr.append(latin)
    fld.append(r_pr)
    text = OxmlElement("a:t")
    text.text = str(number)
    fld.append(text)
    paragraph._p.append(fld)


def placeholder_type(placeholder: Any) -> str:
    """The OOXML type of a placeholder (``obj`` when the file leaves it out, as the spec says)."""
    ph = placeholder._element.ph
    return ph.get("type", "obj") if ph is not None else "obj"


def copy_footer_placeholder(slide: Any, layout_placeholder: Any) -> Any:
    """Copy a layout's date/footer/slide-number placeholder onto ``slide`` with its styling.

    python-pptx leaves these behind on new slides. A bare ``p:ph`` reference is not enough for
    every renderer (LibreOffice drew a template's footer in its default serif), so the copy
    carries the layout's body and list style, or the master's when the layout has none.
    """
    import copy

    sp = copy.deepcopy(layout_placeholder._element)
    kind = placeholder_type(layout_placeholder)
    master = slide.slide_layout.slide_master
    master_sp = next((m._element for m in master.placeholders if placeholder_type(m) == kind), None)
    tx_body = sp.find(qn("p:txBody"))
    if master_sp is not None and tx_body is not None:
        master_body = master_sp.find(qn("p:txBody"))
        for tag in ("a:bodyPr", "a:lstStyle"):
            mine = tx_body.find(qn(tag))
            theirs = master_body.find(qn(tag)) if master_body is not None else None
            if theirs is not None and (mine is None or (len(mine) == 0 and not mine.attrib)):
                replacement = copy.deepcopy(theirs)
                if mine is not None:
                    mine.addprevious(replacement)
                    tx_body.remove(mine)
                else:
                    tx_body.insert(0, replacement)
        if sp.find(qn("p:spPr")) is not None and len(sp.find(qn("p:spPr"))) == 0:
            master_pr = master_sp.find(qn("p:spPr"))
            if master_pr is not None:
                sp.replace(sp.find(qn("p:spPr")), copy.deepcopy(master_pr))
    for paragraph in tx_body.findall(qn("a:p")) if tx_body is not None else []:
        tx_body.remove(paragraph)
    if tx_body is not None:
        tx_body.append(OxmlElement("a:p"))
    _carry_relationships(sp, slide.slide_layout.part, slide.part)
    sp_tree = slide.shapes._spTree
    ids = [int(e.get("id")) for e in sp_tree.iter() if e.tag == qn("p:cNvPr") and e.get("id")]
    sp.find(qn("p:nvSpPr")).find(qn("p:cNvPr")).set("id", str(max(ids, default=1) + 1))
    sp_tree.append(sp)
    return slide.shapes[-1]


def set_text_color(shape: Any, color: str) -> None:
    """Give every run and field of ``shape`` the solid text colour ``color`` (#RRGGBB)."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls

    for r_pr in list(shape._element.iter(qn("a:rPr"))):
        fill = r_pr.get_or_change_to_solidFill()
        for old in list(fill):
            fill.remove(old)
        fill.append(parse_xml(f'<a:srgbClr {nsdecls("a")} val="{color.lstrip("#").upper()}"/>'))


def is_title_placeholder(shape: Any) -> bool:
    """Whether ``shape`` is a title (or centred title) placeholder."""
    ph = shape._element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    return ph is not None and ph.get("type") in ("title", "ctrTitle")


def make_title_placeholder(shape: Any) -> None:
    """Turn a text box into the slide's title placeholder, keeping its frame and text."""
    nv_sp_pr = shape._element.find(qn("p:nvSpPr"))
    c_nv_sp_pr = nv_sp_pr.find(qn("p:cNvSpPr"))
    c_nv_sp_pr.attrib.pop("txBox", None)
    if c_nv_sp_pr.find(qn("a:spLocks")) is None:
        c_nv_sp_pr.insert(0, OxmlElement("a:spLocks"))
    c_nv_sp_pr.find(qn("a:spLocks")).set("noGrp", "1")
    nv_pr = nv_sp_pr.find(qn("p:nvPr"))
    for old in nv_pr.findall(qn("p:ph")):
        nv_pr.remove(old)
    ph = OxmlElement("p:ph")
    ph.set("type", "title")
    nv_pr.insert(0, ph)


def put_first_in_reading_order(shape: Any) -> None:
    """Move ``shape`` to the front of its slide's shape tree: screen readers read it first."""
    element = shape._element
    tree = element.getparent()
    first = next((c for c in tree if c.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr"))), None)
    if first is not None and first is not element:
        first.addprevious(element)


def _carry_relationships(element: Any, source: Any, target: Any) -> None:
    """Point every ``r:`` reference in ``element`` (copied from ``source``) at ``target``'s own
    relationship to the same picture or address, adding the relationship where needed.

    A footer with a picture fill or a hyperlink otherwise names an rId the slide lacks, and
    PowerPoint offers to repair the file.
    """
    r_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    for node in element.iter():
        for name, value in list(node.attrib.items()):
            if not name.startswith(r_ns) or value not in source.rels:
                continue
            rel = source.rels[value]
            if rel.is_external:
                new = target.relate_to(rel.target_ref, rel.reltype, is_external=True)
            else:
                new = target.relate_to(rel.target_part, rel.reltype)
            node.set(name, new)


def set_alt_text(shape: Any, description: str) -> None:
    """Write ``description`` as the shape's alt text (what screen readers announce)."""
    shape._element._nvXxPr.cNvPr.set("descr", description)


_DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def mark_decorative(shape: Any) -> None:
    """Mark a shape "decorative" (PowerPoint's accessibility flag): screen readers skip it."""
    from lxml import etree

    c_nv_pr = shape._element._nvXxPr.cNvPr
    ext_lst = c_nv_pr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=_DECORATIVE_EXT)
    flag = etree.SubElement(ext, f"{{{_DECORATIVE_NS}}}decorative", nsmap={"adec": _DECORATIVE_NS})
    flag.set("val", "1")


def no_autofit(text_frame: Any) -> None:
    """Turn off every renderer-side fitting: recapdeck measured the text itself."""
    body_pr = text_frame._txBody.bodyPr
    for tag in ("a:spAutoFit", "a:normAutofit", "a:noAutofit"):
        for old in body_pr.findall(qn(tag)):
            body_pr.remove(old)
    body_pr.append(OxmlElement("a:noAutofit"))


def tag_languages(root: Any, tags: Callable[[str], tuple[str, str | None]]) -> None:
    """Set ``lang`` (and ``altLang``) on every run, field and paragraph end under ``root``.

    ``tags(text)`` gives the language of a run's text and an alternate one (or None), so that
    spell-checkers and screen readers pick the right language for each run; a paragraph's end
    takes the language of its last run, or of no text.
    """
    for paragraph in root.iter(qn("a:p")):
        last = tags("")
        for run in paragraph:
            if run.tag not in (qn("a:r"), qn("a:fld")):
                continue
            last = tags(run.findtext(qn("a:t")) or "")
            r_pr = run.find(qn("a:rPr"))
            if r_pr is None:
                r_pr = OxmlElement("a:rPr")
                run.insert(0, r_pr)
            _set_tags(r_pr, last)
        end = paragraph.find(qn("a:endParaRPr"))
        if end is not None:
            _set_tags(end, last)


def _set_tags(r_pr: Any, tags: tuple[str, str | None]) -> None:
    lang, alt = tags
    r_pr.set("lang", lang)
    if alt:
        r_pr.set("altLang", alt)
    else:
        r_pr.attrib.pop("altLang", None)


def drop_thumbnail(prs: Any) -> None:
    """Remove the package's preview picture (``docProps/thumbnail.jpeg``).

    python-pptx's starting deck carries a blank 4:3 one and a company template a picture of
    itself; file browsers would show either as this deck. Without one they show the file's
    icon until PowerPoint or Keynote saves the deck and draws its own.
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    package = prs.part.package
    for rel in list(package._rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package._rels.pop(rel.rId)


def count_part_names(prs: Any) -> None:
    """Make adding a notes page or a picture cost the same on slide 500 as on slide 1.

    python-pptx finds a free part name, and an already embedded copy of a picture, by walking
    every part of the package each time: quadratic in the number of slides (a notes page took
    4 ms a slide at 100 slides, 10 ms at 500). These replacements, set on this one package,
    walk it once per kind of part and then keep count. Parts are only added while a deck is
    written, never removed, so a number handed out stays taken.
    """
    import re

    from pptx.opc.packuri import PackURI
    from pptx.parts.image import Image, ImagePart

    package = prs.part.package
    taken: dict[str, set[int]] = {}
    lowest: dict[str, int] = {}
    images = {part.sha1: part for part in package.iter_parts() if isinstance(part, ImagePart)}

    def number(prefix: str) -> int:
        if prefix not in taken:
            pattern = re.compile(re.escape(prefix) + r"(\d+)\.")
            names = (str(part.partname) for part in package.iter_parts())
            taken[prefix] = {int(m.group(1)) for name in names if (m := pattern.match(name))}
        n = lowest.get(prefix, 1)
        while n in taken[prefix]:
            n += 1
        taken[prefix].add(n)
        lowest[prefix] = n + 1
        return n

    def next_partname(template: str) -> PackURI:
        return PackURI(template % number(template[: template.index("%d")]))

    def next_image_partname(ext: str) -> PackURI:
        return PackURI(f"/ppt/media/image{number('/ppt/media/image')}.{ext}")

    def get_or_add_image_part(image_file: Any) -> Any:
        image = Image.from_file(image_file)
        if (part := images.get(image.sha1)) is None:
            part = images[image.sha1] = ImagePart.new(package, image)
        return part

    package.next_partname = next_partname
    package.next_image_partname = next_image_partname
    package.get_or_add_image_part = get_or_add_image_part


_STORED_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})
"""Parts already compressed: deflating them again costs time and saves nothing."""


def write_package(prs: Any, target: IO[bytes]) -> None:
    """Save ``prs`` as a .pptx in one pass, the same parts in the same order as python-pptx.

    Entry times are fixed, so the same deck gives the same bytes; XML is deflated, pictures
    (PNG, JPEG, GIF) are stored as they are.
    """
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from pptx.opc.serialized import _ContentTypesItem

    package = prs.part.package
    parts = tuple(package.iter_parts())
    with zipfile.ZipFile(target, "w") as archive:

        def add(name: str, blob: bytes, stored: bool = False) -> None:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, blob)

        add(CONTENT_TYPES_URI.membername, serialize_part_xml(_ContentTypesItem.xml_for(parts)))
        add(PACKAGE_URI.rels_uri.membername, package._rels.xml)
        for part in parts:
            add(part.partname.membername, part.blob, part.content_type in _STORED_TYPES)
            if part._rels:
                add(part.partname.rels_uri.membername, part.rels.xml)


def apply_theme(prs: Any, colors: dict[str, str], heading_font: str, body_font: str) -> None:
    """Write the palette and fonts into the deck's theme part.

    New slides a user adds, hyperlinks (which PowerPoint and LibreOffice colour from the theme's
    ``hlink``, not from the run) and the built-in colour pickers then all follow the theme.
    """
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    scheme = root.find(".//a:clrScheme", ns)
    if scheme is not None:
        scheme.set("name", "recapdeck")
        for name, value in colors.items():
            slot = scheme.find(f"a:{name}", ns)
            if slot is None:
                continue
            for child in list(slot):
                slot.remove(child)
            etree.SubElement(slot, qn("a:srgbClr")).set("val", value.lstrip("#").upper())
    for tag, family in (("majorFont", heading_font), ("minorFont", body_font)):
        latin = root.find(f".//a:fontScheme/a:{tag}/a:latin", ns)
        if latin is not None:
            latin.set("typeface", family)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Slide sizes with a name in ST_SlideSizeType; any other size carries no type (PowerPoint
# itself writes none for its 13.333 x 7.5 in widescreen).
_SLIDE_SIZE_TYPES = {
    (9_144_000, 6_858_000): "screen4x3",
    (9_144_000, 5_715_000): "screen16x10",
    (9_144_000, 5_143_500): "screen16x9",
}


def fix_slide_size_type(prs: Any) -> None:
    """Make ``p:sldSz/@type`` name the size the deck really has, or leave it out.

    python-pptx's starting deck says ``screen4x3`` whatever the size; Keynote trusts the type.
    """
    sld_sz = prs.part._element.find(qn("p:sldSz"))
    if sld_sz is None:
        return
    size = (int(sld_sz.get("cx")), int(sld_sz.get("cy")))
    kind = _SLIDE_SIZE_TYPES.get(size)
    if kind is None:
        sld_sz.attrib.pop("type", None)
    else:
        sld_sz.set("type", kind)


_NOTES_MASTER_ID = "2147483649"  # fixed: ids of masters share one range with layouts


def wire_notes_master(prs: Any) -> None:
    """List the notes master in ``p:notesMasterIdLst`` and give it a slide image and a body.

    python-pptx relates its notes master to the presentation but never lists it; Keynote then
    reports the file as damaged or drops the notes. A notes master without a slide-image or a
    notes-body placeholder prints Notes Pages with no slide or no notes on them.
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.part
    master_part = part.notes_master_part  # created when the deck has no notes master yet
    r_id = part.relate_to(master_part, RT.NOTES_MASTER)
    root = part._element
    id_list = root.find(qn("p:notesMasterIdLst"))
    if id_list is None:
        id_list = OxmlElement("p:notesMasterIdLst")
        root.find(qn("p:sldMasterIdLst")).addnext(id_list)
    for old in list(id_list):
        id_list.remove(old)
    entry = OxmlElement("p:notesMasterId")
    entry.set(qn("r:id"), r_id)
    id_list.append(entry)
    _complete_notes_master(master_part._element, prs.slide_width, prs.slide_height)


def _complete_notes_master(master: Any, slide_w: int, slide_h: int) -> None:
    """Add the slide-image and notes-body placeholders a notes master lacks (portrait page)."""
    from pptx.oxml import parse_xml

    types = {ph.get("type") for ph in master.iter(qn("p:ph"))}
    sp_tree = master.find(qn("p:cSld")).find(qn("p:spTree"))
    ids = [int(e.get("id")) for e in sp_tree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    next_id = max(ids, default=1) + 1
    page_w, page_h = 6_858_000, 9_144_000
    image_w = page_w - 2 * 685_800
    image_h = round(image_w * slide_h / slide_w) if slide_w else 3_429_000
    wanted = []
    if "sldImg" not in types:
        wanted.append(("Slide Image Placeholder", "sldImg", 685_800, 685_800, image_w, image_h))
    if "body" not in types:
        top = 685_800 + image_h + 457_200
        wanted.append(("Notes Placeholder", "body", 685_800, top, image_w, page_h - top - 685_800))
    for name, kind, x, y, w, h in wanted:
        if kind == "sldImg":
            lock = '<a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/>'
            extra = (
                '<a:noFill/><a:ln w="12700"><a:solidFill><a:prstClr val="black"/>'
                "</a:solidFill></a:ln>"
            )
            body = ""
        else:
            lock = '<a:spLocks noGrp="1"/>'
            extra = ""
            body = (
                '<p:txBody><a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440"'
                ' bIns="45720"/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>'
            )
        idx = 2 if kind == "sldImg" else 3
        sp = parse_xml(
            f'<p:sp xmlns:p="{_P_NS}" xmlns:a="{_A_NS}">'
            f'<p:nvSpPr><p:cNvPr id="{next_id}" name="{name}"/><p:cNvSpPr>{lock}</p:cNvSpPr>'
            f'<p:nvPr><p:ph type="{kind}" idx="{idx}"/></p:nvPr></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{extra}</p:spPr>{body}</p:sp>'
        )
        next_id += 1
        anchor = sp_tree.find(qn("p:extLst"))
        if anchor is not None:
            anchor.addprevious(sp)
        else:
            sp_tree.append(sp)


def tidy_template_package(prs: Any) -> None:
    """Mend what company templates carry into every deck built on them.

    - a core-properties relationship of the wrong type (LibreOffice once wrote it in the
      ``officedocument`` namespace): python-pptx would add a second ``docProps/core.xml``;
    - SharePoint's custom XML data bindings (``customXml/``), which belong to the template's
      document library, not to a new deck;
    - shape ids used twice in a master or layout (PowerPoint renumbers, and may offer a repair).
    """
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    package = prs.part.package
    for rel in list(package._rels.values()):
        if rel.reltype != RT.CORE_PROPERTIES and rel.reltype.endswith("/metadata/core-properties"):
            package._rels.pop(rel.rId)
            package.relate_to(rel.target_part, RT.CORE_PROPERTIES)
    for part in package.iter_parts():
        for rel in list(part.rels.values()):
            if rel.reltype == RT.CUSTOM_XML:
                part.rels.pop(rel.rId)
    for master in prs.slide_masters:
        renumber_duplicate_ids(master._element)
        for layout in master.slide_layouts:
            renumber_duplicate_ids(layout._element)


def renumber_duplicate_ids(root: Any) -> None:
    """Give every second use of a ``p:cNvPr/@id`` in ``root`` a fresh number."""
    elements = [e for e in root.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    taken = {int(e.get("id")) for e in elements}
    seen: set[int] = set()
    for element in elements:
        number = int(element.get("id"))
        if number in seen:
            number = max(taken) + 1
            taken.add(number)
            element.set("id", str(number))
        seen.add(number)


def four_digit_core_dates(core: Any, when: dt.datetime) -> None:
    """Write the core properties' dates as W3CDTF wants them, with a four-digit year.

    python-pptx formats them with ``strftime("%Y")``, which gives ``1-01-01`` for the year 1
    on glibc: not a valid ``dcterms:created``, and Office refuses the file.
    """
    text = f"{when.year:04d}-{when:%m-%dT%H:%M:%S}Z"
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        element = core.find(qn(tag))
        if element is not None:
            element.text = text


class SlideAppender:
    """Adds slides to a presentation at a constant cost each.

    python-pptx's ``slides.add_slide`` looks through every relationship of the presentation
    (for one to reuse) and every slide id (for the largest) on each call, so a deck of n slides
    costs n² steps: 2,000 slides took longer to add than to fill. This does the same, but keeps
    the next part number and id as it goes.
    """

    def __init__(self, prs: Any) -> None:
        self._part = prs.part
        self._ids = prs.slides._sldIdLst
        used = [int(s.get("id")) for s in self._ids]
        self._next_id = max([255, *used]) + 1
        self._count = len(used)

    def __call__(self, layout: Any) -> Any:
        """A new slide on ``layout``, after the others, with the layout's placeholders."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.opc.packuri import PackURI
        from pptx.parts.slide import SlidePart

        self._count += 1
        partname = PackURI(f"/ppt/slides/slide{self._count}.xml")
        slide_part = SlidePart.new(partname, self._part.package, layout.part)
        rid = self._part.rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        self._ids._add_sldId(id=self._next_id, rId=rid)
        self._next_id += 1
        return slide
