"""The package: parts, relationships, the theme, the notes master, slides added at a flat cost,
and writing the .pptx in one pass."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from typing import IO, Any

from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement

from .namespaces import A_NS as _A_NS
from .namespaces import P_NS as _P_NS


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
    _set_xml(part, root)


def _set_xml(part: Any, root: Any) -> None:
    """Make ``root`` the XML of ``part`` (a part python-pptx keeps as bytes)."""
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def mend_link_colors(prs: Any, link: str, grounds: Sequence[str]) -> None:
    """Make a company template's hyperlinks readable: where a master's theme colours links
    (``hlink``, ``folHlink``) with too little contrast on any of ``grounds`` (the slide, the
    cards' panels), ``link`` instead.

    PowerPoint and LibreOffice draw a hyperlink in the theme's link colour whatever colour
    its run has, so a dark master with Office's blue links shows them at under 2:1. The rest
    of the company's theme stays as it is.
    """
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from ..colors import contrast_ratio

    ns = {"a": _A_NS}
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        root = etree.fromstring(part.blob)
        changed = False
        for name in ("hlink", "folHlink"):
            slot = root.find(f".//a:clrScheme/a:{name}", ns)
            if slot is None or not len(slot):
                continue
            value = slot[0].get("val") if slot[0].tag == qn("a:srgbClr") else slot[0].get("lastClr")
            if value and min(contrast_ratio(f"#{value}", g) for g in grounds) >= 4.5:
                continue
            for child in list(slot):
                slot.remove(child)
            etree.SubElement(slot, qn("a:srgbClr")).set("val", link.lstrip("#").upper())
            changed = True
        if changed:
            _set_xml(part, root)


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
    - shape ids used twice in a master or layout (PowerPoint renumbers, and may offer a repair);
    - shapes of negative size in a master or layout (the schema forbids them).
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
        zero_negative_sizes(master._element)
        for layout in master.slide_layouts:
            renumber_duplicate_ids(layout._element)
            zero_negative_sizes(layout._element)


def zero_negative_sizes(root: Any) -> None:
    """Give a shape of negative width or height (``cx="-431800"``, which no application draws
    and the schema forbids) a size of nothing, so the deck stays valid."""
    for ext in root.iter(qn("a:ext"), qn("p:ext")):
        for name in ("cx", "cy"):
            value = ext.get(name)
            if value is not None and value.lstrip().startswith("-"):
                ext.set(name, "0")


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


def four_digit_core_dates(properties: Any, when: dt.datetime) -> None:
    """Write the core properties' dates as W3CDTF wants them, with a four-digit year.

    python-pptx formats them with ``strftime("%Y")``, which gives ``1-01-01`` for the year 1
    on glibc: not a valid ``dcterms:created``, and Office refuses the file.
    """
    text = f"{when.year:04d}-{when:%m-%dT%H:%M:%S}Z"
    core = properties._element
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
        from pptx.oxml.slide import CT_Slide

        slide = self.add_part(layout, CT_Slide.new()).slide
        slide.shapes.clone_layout_placeholders(layout)
        return slide

    def add_part(self, layout: Any, element: Any) -> Any:
        """A new slide part holding ``element`` (a ``p:sld``) on ``layout``, after the others."""
        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.opc.packuri import PackURI
        from pptx.parts.slide import SlidePart

        self._count += 1
        partname = PackURI(f"/ppt/slides/slide{self._count}.xml")
        slide_part = SlidePart(partname, CT.PML_SLIDE, self._part.package, element)
        slide_part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        rid = self._part.rels._add_relationship(RT.SLIDE, slide_part)
        self._ids._add_sldId(id=self._next_id, rId=rid)
        self._next_id += 1
        return slide_part
