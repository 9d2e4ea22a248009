"""What a company template's parts hold, read through python-pptx's XML layer."""

from __future__ import annotations

from typing import Any

from pptx.oxml.ns import qn

from .namespaces import P_NS


def has_notes_master(prs: Any) -> bool:
    """Whether the presentation relates to a notes master."""
    return any(rel.reltype.endswith("/notesMaster") for rel in prs.part.rels.values())


def drop_slides(prs: Any) -> None:
    """Remove every slide, completely.

    Dropping a slide's relationship from the presentation makes the slide part, its notes and
    its pictures unreachable, and python-pptx only saves reachable parts: nothing is left over.
    """
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def placeholder_type_and_idx(placeholder: Any) -> tuple[str, str]:
    """A layout placeholder's ``type`` (``obj`` when it has none) and ``idx`` as written."""
    element = placeholder._element.ph
    if element is None:
        return "obj", "0"
    return element.get("type", "obj"), element.get("idx", "0")


def is_vertical(placeholder: Any) -> bool:
    """Whether the placeholder's text runs vertically (``bodyPr/@vert``)."""
    body_pr = placeholder._element.find(qn("p:txBody") + "/" + qn("a:bodyPr"))
    return body_pr is not None and body_pr.get("vert", "horz") not in ("horz", "")


def layout_type(layout: Any) -> str:
    """The layout's ``type`` attribute ("" when it has none, as custom layouts often do)."""
    return str(layout._element.get("type", ""))


def theme_xml(prs: Any) -> bytes | None:
    """The first slide master's theme part, or None when it has none."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return bytes(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except KeyError:
        return None


def color_map(prs: Any) -> dict[str, str] | None:
    """The first slide master's colour map (``bg1`` → ``lt1``...), or None without one."""
    clr_map = prs.slide_master._element.find(f"{{{P_NS}}}clrMap")
    return dict(clr_map.attrib) if clr_map is not None else None


def master_theme_root(master: Any) -> Any | None:
    """The root element of a slide master's own theme part (masters may each have one)."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        blob = master.part.part_related_by(RT.THEME).blob
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(blob, parser)
    except (KeyError, etree.XMLSyntaxError):
        return None


def placeholder_styles(prs: Any, layout: Any, fonts: Any) -> dict[int, Any]:
    """The resolved text style of each of ``layout``'s placeholders, by position in
    ``layout.placeholders``, its master's theme ``fonts`` given (see
    :mod:`recapdeck.oxml.styles`)."""
    from .styles import resolve_style

    master = layout.slide_master
    default = prs._element.find(f"{{{P_NS}}}defaultTextStyle")
    styles = {}
    for n, ph in enumerate(layout.placeholders):
        kind, _ = placeholder_type_and_idx(ph)
        styles[n] = resolve_style(kind, ph._element, master._element, default, fonts)
    return styles


def art_boxes(layout: Any, width: int, height: int) -> list[tuple[tuple[int, int, int, int], bool]]:
    """Boxes (EMU) of what a layout and its master draw themselves on every slide besides
    placeholders and backgrounds: logos, buttons, pictures, text. Shapes that cover most of
    the slide (a background picture or band behind everything) are left out, and so is a
    master's art when the layout hides it (``showMasterSp="0"``). Each box comes with whether
    the layout itself draws it (True) or its master does, on every slide."""
    boxes = []
    parts = [layout]
    if layout._element.get("showMasterSp", "1") not in ("0", "false"):
        parts.append(layout.slide_master)
    for part in parts:
        for shape in part.shapes:
            if shape.is_placeholder:
                continue
            try:
                box = tuple(int(v or 0) for v in (shape.left, shape.top, shape.width, shape.height))
            except (TypeError, ValueError):
                continue
            x, y, w, h = box
            if w <= 0 or h <= 0 or w * h >= 0.5 * width * height:
                continue
            if x >= width or y >= height or x + w <= 0 or y + h <= 0:
                continue
            boxes.append(((x, y, w, h), part is layout))
    return boxes


def used_typefaces(prs: Any) -> list[str]:
    """Every Latin typeface the template's masters and layouts name (theme fonts resolved), in
    the order first met: the theme's headings and body fonts of each master come first."""
    from .styles import theme_fonts

    found: list[str] = []
    for master in prs.slide_masters:
        fonts = theme_fonts(master_theme_root(master))
        found += [f for f in (fonts.major.get("latin", ""), fonts.minor.get("latin", "")) if f]
        for part in (master, *master.slide_layouts):
            for latin in part._element.iter(qn("a:latin")):
                face = fonts.resolve(latin.get("typeface", ""))
                if face and not face.startswith("+"):
                    found.append(face)
    return [f for f in dict.fromkeys(found) if 0 < len(f) <= 100 and f.isprintable()]
