"""Text contrast against what is really behind it: own fill, shapes beneath, background."""

from __future__ import annotations

import io
from dataclasses import dataclass

from lxml import etree

from .colors import RGB, contrast, resolve
from .package import NS, Package
from .slide import BODY_TYPES, TITLE_TYPES, Backdrop, Box, SlideView, placeholder_type, text_of

MIN_CONTRAST = 4.5
"""WCAG AA for normal text, which the checks ask of all text."""


@dataclass(frozen=True)
class LowContrast:
    """A shape whose text is below :data:`MIN_CONTRAST` against what is behind it."""

    slide: int
    shape_id: str
    shape_name: str
    text: str
    ratio: float
    color: RGB
    behind: tuple[RGB, ...]
    """Every colour behind the text (a gradient's stops, a picture's mean colour)."""
    what: str


def low_contrast(package: Package) -> list[LowContrast]:
    """Every shape of every slide whose text is below :data:`MIN_CONTRAST`."""
    out = []
    for number, slide in enumerate(package.slides(), 1):
        view = SlideView.read(package, slide)
        if view is not None:
            out += slide_low_contrast(view, number)
    return out


def slide_low_contrast(view: SlideView, number: int) -> list[LowContrast]:
    """The shapes of one slide (number ``number``) whose text is below the minimum."""
    out = []
    background = view.background()
    own = view.shapes()
    below = view.beneath()
    for index, shape in enumerate(own):
        body = shape.find("p:txBody", NS)
        if body is None or not text_of(shape):
            continue
        box = view.box(shape)
        if box is None:
            continue
        if (
            box.x + box.w <= 0
            or box.y + box.h <= 0
            or box.x >= view.size[0]
            or box.y >= view.size[1]
        ):
            continue  # off the slide: a hidden title shows nowhere
        backdrop = view.backdrop_of(shape, view.slide) or _behind(
            view, box, [*below, *((s, view.slide) for s in own[:index])], background
        )
        worst: tuple[float, str, RGB] | None = None
        behind_all = _backdrop_colors(backdrop, box)
        for paragraph in body.iterfind("a:p", NS):
            p_pr = paragraph.find("a:pPr", NS)
            level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
            for run in paragraph:
                if etree.QName(run).localname not in ("r", "fld"):
                    continue
                text = run.findtext("a:t", namespaces=NS) or ""
                if not text.strip():
                    continue
                color = _text_color(view, shape, run, level)
                for behind in behind_all:
                    ratio = contrast(color, behind)
                    if worst is None or ratio < worst[0]:
                        worst = (ratio, text.strip(), color)
        if worst is not None and worst[0] < MIN_CONTRAST - 0.005:
            ratio, text, color = worst
            c_nv_pr = shape.find("./*/p:cNvPr", NS)
            out.append(
                LowContrast(
                    number,
                    c_nv_pr.get("id", "") if c_nv_pr is not None else "",
                    view.name(shape),
                    text,
                    ratio,
                    color,
                    tuple(behind_all),
                    backdrop.what,
                )
            )
    return out


def _behind(
    view: SlideView, box: Box, candidates: list[tuple[etree._Element, str]], background: Backdrop
) -> Backdrop:
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    for shape, part in reversed(candidates):
        other = view.box(shape)
        if other is None or not other.contains(cx, cy):
            continue
        found = view.backdrop_of(shape, part)
        if found is not None:
            return found
    return background


def _backdrop_colors(backdrop: Backdrop, box: Box) -> list[RGB]:
    if backdrop.picture is None:
        return list(backdrop.colors) or [(1.0, 1.0, 1.0)]
    from PIL import Image, ImageStat

    try:
        with Image.open(io.BytesIO(backdrop.picture)) as image:
            frame = backdrop.box
            if frame.w <= 0 or frame.h <= 0:
                return [(1.0, 1.0, 1.0)]
            sx, sy = image.width / frame.w, image.height / frame.h
            left = max(0, round((box.x - frame.x) * sx))
            top = max(0, round((box.y - frame.y) * sy))
            right = min(image.width, round((box.x + box.w - frame.x) * sx))
            bottom = min(image.height, round((box.y + box.h - frame.y) * sy))
            if right <= left or bottom <= top:
                return [(1.0, 1.0, 1.0)]
            region = image.convert("RGB").crop((left, top, right, bottom))
            mean = ImageStat.Stat(region).mean
            return [(mean[0] / 255, mean[1] / 255, mean[2] / 255)]
    except Exception:  # a format Pillow cannot read (EMF...): nothing to judge by
        return []


def _link_in_run_color(click: etree._Element) -> bool:
    """Whether a hyperlink asks to be drawn in its run's colour (``<ahyp:hlinkClr val="tx">``
    in its extensions), not the theme's link colour."""
    return any(
        etree.QName(e).localname == "hlinkClr" and e.get("val") == "tx" for e in click.iter()
    )


def _text_color(view: SlideView, shape: etree._Element, run: etree._Element, level: int) -> RGB:
    r_pr = run.find("a:rPr", NS)
    click = r_pr.find("a:hlinkClick", NS) if r_pr is not None else None
    # PowerPoint and LibreOffice draw a link in the theme's link colour, whatever colour its
    # run has, unless the link says to use the run's (PowerPoint's hlinkClr extension)
    if click is not None and not _link_in_run_color(click):
        link = view.palette.slot("hlink")
        if link:
            return tuple(int(link[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    fill = r_pr.find("a:solidFill", NS) if r_pr is not None else None
    if fill is not None and len(fill) and (color := resolve(fill[0], view.palette)):
        return color
    lvl = f"a:lvl{level + 1}pPr/a:defRPr/a:solidFill"
    paragraph = run.getparent()
    p_fill = paragraph.find("a:pPr/a:defRPr/a:solidFill", NS)
    sources = [p_fill] if p_fill is not None else []
    for candidate in [shape, *view.inherited(shape)]:
        found = candidate.find(f"p:txBody/a:lstStyle/{lvl}", NS)
        if found is not None:
            sources.append(found)
    kind = placeholder_type(shape)
    master = view.chain[-1][1] if len(view.chain) == 3 else None
    if kind is not None and master is not None:
        style = (
            "titleStyle"
            if kind in TITLE_TYPES
            else "bodyStyle"
            if kind in BODY_TYPES
            else "otherStyle"
        )
        found = master.find(f"p:txStyles/p:{style}/{lvl}", NS)
        if found is not None:
            sources.append(found)
    elif kind is None:
        font_ref = shape.find("p:style/a:fontRef", NS)
        if font_ref is not None and len(font_ref):
            color = resolve(font_ref[0], view.palette)
            if color:
                return color
        pres = view.package.xml(view.package.presentation)
        found = pres.find(f"p:defaultTextStyle/{lvl}", NS) if pres is not None else None
        if found is not None:
            sources.append(found)
    for source in sources:
        if len(source) and (color := resolve(source[0], view.palette)):
            return color
    text = view.palette.slot("tx1") or "000000"
    return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
