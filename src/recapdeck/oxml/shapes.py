"""Shapes: placeholders, slide numbers, footers copied from layouts, titles, alt text."""

from __future__ import annotations

from typing import Any

from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement

_SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # fixed: deterministic output


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


def has_drawable_box(placeholder: Any) -> bool:
    """Whether a placeholder's own box, if it has one, is one a renderer draws: no negative
    or zero size (some generators write ``cx="-431800"``, which python-pptx refuses to read)."""
    xfrm = placeholder._element.spPr.find(qn("a:xfrm"))
    ext = xfrm.find(qn("a:ext")) if xfrm is not None else None
    if ext is None:
        return True
    try:
        return int(ext.get("cx", "1")) > 0 and int(ext.get("cy", "1")) > 0
    except ValueError:
        return False


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


def remove_shape(shape: Any) -> None:
    """Take ``shape`` off its slide (an empty placeholder would show "Click to add text")."""
    element = shape._element
    element.getparent().remove(element)


def slide_width(slide: Any) -> int:
    """The width of the presentation ``slide`` belongs to, in EMU."""
    return int(slide.part.package.presentation_part.presentation.slide_width)
