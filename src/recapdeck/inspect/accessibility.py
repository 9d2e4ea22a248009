"""PowerPoint's Accessibility Checker rules, read from the file: titles, reading order, alt
text, table headers and the contrast of text against what is really behind it."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from . import PROBLEM, WARNING, Finding
from .colors import RGB, Palette, contrast, fill_color, hex_of, palette_of, resolve
from .package import NS, R_ATTR, Package

MIN_CONTRAST = 4.5
"""WCAG AA for normal text, which the checks ask of all text."""
_P, _A = f"{{{NS['p']}}}", f"{{{NS['a']}}}"
_TITLES = ("title", "ctrTitle")
_BODY_TYPES = ("body", "obj", "subTitle", None)
_FILLS = ("solidFill", "gradFill", "blipFill", "noFill", "pattFill", "grpFill")


@dataclass(frozen=True)
class Box:
    """A shape's frame in EMU."""

    x: int
    y: int
    w: int
    h: int

    def contains(self, x: float, y: float) -> bool:
        """Whether the point lies inside this box."""
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h


@dataclass(frozen=True)
class Backdrop:
    """What a shape shows behind text: colours (solid, or a gradient's stops) or a picture."""

    box: Box
    colors: tuple[RGB, ...] = ()
    picture: bytes | None = None
    what: str = "the slide background"


def check_accessibility(package: Package) -> list[Finding]:
    """Accessibility findings for every slide of ``package``."""
    found: list[Finding] = []
    titles: dict[str, list[int]] = {}
    for number, slide in enumerate(package.slides(), 1):
        view = _SlideView.read(package, slide)
        if view is None:
            continue
        found += _title(view, number, titles)
        found += _alt_text(view, number)
        found += _tables(view, number)
        found += _contrast(view, number)
    for title, numbers in titles.items():
        if len(numbers) > 1:
            found.append(
                Finding(
                    WARNING,
                    "duplicate-title",
                    f"slides {', '.join(map(str, numbers))} share the title '{title}'; a screen "
                    "reader's list of slides cannot tell them apart",
                    "give each slide its own title, e.g. 'Title (2/3)'",
                    numbers[1],
                )
            )
    return found


class _SlideView:
    """A slide with its layout, master, palette and the shapes drawn beneath its own."""

    def __init__(
        self,
        package: Package,
        slide: str,
        root: etree._Element,
        chain: list[tuple[str, etree._Element]],
        palette: Palette,
        size: tuple[int, int],
    ) -> None:
        self.package = package
        self.slide = slide
        self.root = root
        self.chain = chain  # (part, root): slide, layout, master (those that exist)
        self.palette = palette
        self.size = size
        self.groups: dict[etree._Element, tuple[float, float, float, float]] = {}
        """Shapes inside groups -> (scale x, scale y, shift x, shift y) to slide coordinates."""
        self._shapes: dict[etree._Element, list[etree._Element]] = {}

    @classmethod
    def read(cls, package: Package, slide: str) -> _SlideView | None:
        root = package.xml(slide)
        if root is None:
            return None
        chain = [(slide, root)]
        layouts = package.related(slide, "slideLayout")
        if layouts and (layout_root := package.xml(layouts[0])) is not None:
            chain.append((layouts[0], layout_root))
            masters = package.related(layouts[0], "slideMaster")
            if masters and (master_root := package.xml(masters[0])) is not None:
                chain.append((masters[0], master_root))
        master_part, master = chain[-1] if len(chain) == 3 else (None, None)
        themes = package.related(master_part, "theme") if master_part else []
        palette = palette_of(package.xml(themes[0]) if themes else None)
        if master is not None:
            palette = palette.with_map(master.find("p:clrMap", NS))
        for _, element in reversed(chain[:-1] if master is not None else chain):
            palette = palette.with_map(element.find("p:clrMapOvr/a:overrideClrMapping", NS))
        pres = package.xml(package.presentation)
        size_el = pres.find("p:sldSz", NS) if pres is not None else None
        size = (
            (int(size_el.get("cx", "9144000")), int(size_el.get("cy", "6858000")))
            if size_el is not None
            else (9_144_000, 6_858_000)
        )
        return cls(package, slide, root, chain, palette, size)

    def shapes(self, root: etree._Element | None = None) -> list[etree._Element]:
        """The shapes of a spTree in drawing (and reading) order, groups opened."""
        root = root if root is not None else self.root
        if root in self._shapes:
            return self._shapes[root]
        tree = root.find("p:cSld/p:spTree", NS)
        out: list[etree._Element] = []

        def walk(parent: etree._Element, move: tuple[float, float, float, float]) -> None:
            for child in parent:
                tag = etree.QName(child).localname
                if tag == "grpSp":
                    walk(child, _compose(move, child.find("p:grpSpPr/a:xfrm", NS)))
                elif tag in ("sp", "pic", "graphicFrame", "cxnSp"):
                    out.append(child)
                    if move != (1.0, 1.0, 0.0, 0.0):
                        self.groups[child] = move
                elif tag == "AlternateContent":
                    choice = child[0] if len(child) else None
                    if choice is not None:
                        walk(choice, move)

        if tree is not None:
            walk(tree, (1.0, 1.0, 0.0, 0.0))
        self._shapes[root] = out
        return out

    def top_level(self) -> list[etree._Element]:
        """The slide's shapes as listed at the top of its tree (reading order)."""
        tree = self.root.find("p:cSld/p:spTree", NS)
        keep = ("sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart")
        return [c for c in tree if etree.QName(c).localname in keep] if tree is not None else []

    def inherited(self, shape: etree._Element) -> list[etree._Element]:
        """The layout's and master's placeholders ``shape`` inherits from, nearest first."""
        ph = shape.find("./*/p:nvPr/p:ph", NS)
        if ph is None:
            return []
        kind, idx = ph.get("type", "obj"), ph.get("idx")
        out = []
        for level, (_, root) in enumerate(self.chain[1:], 1):
            best = None
            for other in self.shapes(root):
                oph = other.find("./*/p:nvPr/p:ph", NS)
                if oph is None:
                    continue
                okind = oph.get("type", "obj")
                if level == 1 and idx is not None and oph.get("idx") == idx:
                    best = other
                    break
                if best is None and (okind == kind or {okind, kind} <= {"title", "ctrTitle"}):
                    best = other
                if best is None and level == 2 and kind in _BODY_TYPES and okind == "body":
                    best = other
            if best is not None:
                out.append(best)
        return out

    def box(self, shape: etree._Element) -> Box | None:
        """The shape's frame, from itself or the placeholders it inherits from."""
        for candidate in [shape, *self.inherited(shape)]:
            xfrm = candidate.find("p:spPr/a:xfrm", NS)
            if xfrm is None:
                xfrm = candidate.find("p:xfrm", NS)
            if xfrm is not None:
                off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
                if off is not None and ext is not None:
                    sx, sy, dx, dy = self.groups.get(shape, (1.0, 1.0, 0.0, 0.0))
                    return Box(
                        round(int(off.get("x", "0")) * sx + dx),
                        round(int(off.get("y", "0")) * sy + dy),
                        round(int(ext.get("cx", "0")) * sx),
                        round(int(ext.get("cy", "0")) * sy),
                    )
        return None

    def part_of(self, shape: etree._Element) -> str:
        root = shape.getroottree().getroot()
        return next((part for part, r in self.chain if r is root), self.slide)

    def picture(self, shape_or_fill: etree._Element, part: str) -> bytes | None:
        blip = shape_or_fill.find(".//a:blip", NS)
        if blip is None:
            return None
        rel = self.package.rels(part).get(blip.get(R_ATTR + "embed", ""))
        return self.package.blob(rel.target) if rel is not None and not rel.external else None

    def backdrop_of(self, shape: etree._Element, part: str) -> Backdrop | None:
        """What ``shape`` itself shows as its fill, or None when it is see-through."""
        box = self.box(shape)
        if box is None:
            return None
        name = self.name(shape)
        if etree.QName(shape).localname == "pic":
            return Backdrop(box, picture=self.picture(shape, part), what=f"the picture '{name}'")
        for candidate in [shape, *self.inherited(shape)]:
            sp_pr = candidate.find("p:spPr", NS)
            fill = (
                next((c for c in sp_pr if etree.QName(c).localname in _FILLS), None)
                if sp_pr is not None
                else None
            )
            if fill is not None:
                return self._fill_backdrop(fill, box, part, f"the shape '{name}'")
        ref = shape.find("p:style/a:fillRef", NS)
        if ref is not None and ref.get("idx", "0") not in ("0", "") and len(ref):
            color = resolve(ref[0], self.palette)
            if color:
                return Backdrop(box, (color,), what=f"the shape '{name}'")
        return None

    def _fill_backdrop(
        self, fill: etree._Element, box: Box, part: str, what: str
    ) -> Backdrop | None:
        tag = etree.QName(fill).localname
        if tag == "blipFill":
            return Backdrop(box, picture=self.picture(fill, part), what=what)
        colors = fill_color(fill, self.palette)
        return Backdrop(box, tuple(colors), what=what) if colors else None

    def background(self) -> Backdrop:
        """The slide's background: its own, else the layout's, else the master's."""
        whole = Box(0, 0, *self.size)
        for part, root in self.chain:
            bg = root.find("p:cSld/p:bg", NS)
            if bg is None:
                continue
            pr = bg.find("p:bgPr", NS)
            if pr is not None:
                fill = next((c for c in pr if etree.QName(c).localname in _FILLS), None)
                if fill is not None:
                    found = self._fill_backdrop(fill, whole, part, "the slide background")
                    if found is not None:
                        return found
            ref = bg.find("p:bgRef", NS)
            if ref is not None and len(ref):
                color = resolve(ref[0], self.palette)
                style = self._background_style(int(ref.get("idx", "0") or 0))
                if style is not None and etree.QName(style).localname in ("solidFill", "gradFill"):
                    hex_ph = hex_of(color)[1:] if color else None
                    colors = fill_color(style, self.palette, hex_ph)
                    if colors:
                        return Backdrop(whole, tuple(colors))
                if style is not None and etree.QName(style).localname == "blipFill":
                    theme = self._theme_part()
                    picture = self.picture(style, theme) if theme else None
                    return Backdrop(whole, picture=picture)
                if color:
                    return Backdrop(whole, (color,))
        white = resolve(
            etree.fromstring(f'<a:schemeClr xmlns:a="{NS["a"]}" val="bg1"/>'), self.palette
        )
        return Backdrop(whole, (white or (1.0, 1.0, 1.0),))

    def _theme_part(self) -> str | None:
        master = self.chain[-1][0] if len(self.chain) == 3 else None
        themes = self.package.related(master, "theme") if master else []
        return themes[0] if themes else None

    def _background_style(self, idx: int) -> etree._Element | None:
        if idx < 1001:
            return None
        theme_part = self._theme_part()
        theme = self.package.xml(theme_part) if theme_part else None
        styles = theme.find(".//a:fmtScheme/a:bgFillStyleLst", NS) if theme is not None else None
        if styles is None or len(styles) < idx - 1000:
            return None
        return styles[idx - 1001]

    def beneath(self) -> list[tuple[etree._Element, str]]:
        """Every shape that can be drawn under the slide's own, bottom first."""
        shows = [
            r.find("p:cSld", NS) is not None and r.get("showMasterSp", "1") not in ("0", "false")
            for _, r in self.chain
        ]
        out: list[tuple[etree._Element, str]] = []
        for level in range(len(self.chain) - 1, 0, -1):  # master first, then the layout
            if not all(shows[:level]):
                continue
            part, root = self.chain[level]
            for shape in self.shapes(root):
                if shape.find("./*/p:nvPr/p:ph", NS) is None:
                    out.append((shape, part))
        return out

    @staticmethod
    def name(shape: etree._Element) -> str:
        c_nv_pr = shape.find("./*/p:cNvPr", NS)
        return c_nv_pr.get("name", "") if c_nv_pr is not None else ""


def _compose(
    outer: tuple[float, float, float, float], xfrm: etree._Element | None
) -> tuple[float, float, float, float]:
    """The transform of a group's children: their own coordinates, then ``outer``."""
    if xfrm is None:
        return outer
    values = []
    for tag, a, b in (
        ("off", "x", "y"),
        ("ext", "cx", "cy"),
        ("chOff", "x", "y"),
        ("chExt", "cx", "cy"),
    ):
        element = xfrm.find(f"a:{tag}", NS)
        values.append(
            (int(element.get(a, "0")), int(element.get(b, "0"))) if element is not None else None
        )
    off, ext, ch_off, ch_ext = values
    if off is None or ext is None:
        return outer
    ch_off = ch_off or (0, 0)
    ch_ext = ch_ext if ch_ext and ch_ext[0] and ch_ext[1] else ext
    sx, sy = (ext[0] / ch_ext[0] if ch_ext[0] else 1.0), (ext[1] / ch_ext[1] if ch_ext[1] else 1.0)
    dx, dy = off[0] - ch_off[0] * sx, off[1] - ch_off[1] * sy
    osx, osy, odx, ody = outer
    return (sx * osx, sy * osy, dx * osx + odx, dy * osy + ody)


def _placeholder_type(shape: etree._Element) -> str | None:
    ph = shape.find("./*/p:nvPr/p:ph", NS)
    return None if ph is None else ph.get("type", "obj")


def _text(shape: etree._Element) -> str:
    body = shape.find("p:txBody", NS)
    return " ".join("".join(body.itertext()).split()) if body is not None else ""


def _title(view: _SlideView, number: int, titles: dict[str, list[int]]) -> list[Finding]:
    shapes = view.top_level()
    found = [s for s in view.shapes() if _placeholder_type(s) in _TITLES]
    if not found:
        return [
            Finding(
                PROBLEM,
                "missing-title",
                "the slide has no title placeholder; screen readers and the slide list in "
                "PowerPoint, Keynote and Google Slides have no name for it",
                "add a title (Home > Layout: one with a title, then type it); on a slide "
                "that shows only a picture, drag the title off the slide to hide it",
                number,
                view.slide,
            )
        ]
    title = found[0]
    text = _text(title)
    out = []
    if not text:
        out.append(
            Finding(
                PROBLEM,
                "empty-title",
                "the slide's title placeholder is empty",
                "type a title into it (drag it off the slide if it must not show)",
                number,
                view.slide,
            )
        )
    else:
        titles.setdefault(text, []).append(number)
    top = title
    while top.getparent() is not None and etree.QName(top.getparent()).localname == "grpSp":
        top = top.getparent()
    if shapes and shapes[0] is not top:
        out.append(
            Finding(
                WARNING,
                "title-not-first",
                f"the title comes after '{view.name(shapes[0])}' in reading order; a screen "
                "reader reads the slide in that order",
                "Home > Arrange > Selection Pane (or Review > Check Accessibility > Reading "
                "Order): move the title to the top of the reading order",
                number,
                view.slide,
            )
        )
    return out


def _decorative(shape: etree._Element) -> bool:
    flag = shape.find("./*/p:cNvPr/a:extLst/a:ext/adec:decorative", NS)
    return flag is not None and flag.get("val") in ("1", "true")


def _alt_text(view: _SlideView, number: int) -> list[Finding]:
    out = []
    for shape in view.shapes():
        tag = etree.QName(shape).localname
        c_nv_pr = shape.find("./*/p:cNvPr", NS)
        described = c_nv_pr is not None and (
            (c_nv_pr.get("descr") or "").strip() or (c_nv_pr.get("title") or "").strip()
        )
        if described or _decorative(shape):
            continue
        name = view.name(shape)
        if tag == "pic" or (tag == "graphicFrame" and shape.find(".//a:tbl", NS) is None):
            what = "picture" if tag == "pic" else "chart or diagram"
            out.append(
                Finding(
                    PROBLEM,
                    "missing-alt-text",
                    f"the {what} '{name}' has no alt text; a screen reader announces only its name",
                    "right-click it > View Alt Text: describe it, or tick Mark as decorative",
                    number,
                    view.slide,
                )
            )
        elif tag == "sp" and _placeholder_type(shape) is None and not _text(shape):
            out.append(
                Finding(
                    WARNING,
                    "shape-alt-text",
                    f"the shape '{name}' has neither text nor alt text",
                    "right-click it > View Alt Text: describe it, or tick Mark as decorative",
                    number,
                    view.slide,
                )
            )
    return out


def _tables(view: _SlideView, number: int) -> list[Finding]:
    out = []
    for table in view.root.iter(_A + "tbl"):
        pr = table.find("a:tblPr", NS)
        if pr is None or pr.get("firstRow") not in ("1", "true"):
            out.append(
                Finding(
                    PROBLEM,
                    "table-header",
                    "a table has no header row; a screen reader cannot say which column a "
                    "cell is in",
                    "Table Design > tick Header Row (and put the column names in the first row)",
                    number,
                    view.slide,
                )
            )
    return out


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
        view = _SlideView.read(package, slide)
        if view is not None:
            out += _low_contrast(view, number)
    return out


def _contrast(view: _SlideView, number: int) -> list[Finding]:
    out = []
    for spot in _low_contrast(view, number):
        short = spot.text if len(spot.text) <= 40 else spot.text[:37] + "..."
        behind = min(spot.behind, key=lambda c: contrast(spot.color, c))
        out.append(
            Finding(
                PROBLEM,
                "low-contrast",
                f"'{short}' in '{spot.shape_name}' is {hex_of(spot.color)} on {hex_of(behind)} "
                f"({spot.what}): {spot.ratio:.2f}:1, below {MIN_CONTRAST}:1",
                "darken the text or lighten what is behind it (or the reverse) until it "
                "reaches 4.5:1; in a recapdeck theme, change the colour in colors:",
                number,
                view.slide,
            )
        )
    return out


def _low_contrast(view: _SlideView, number: int) -> list[LowContrast]:
    out = []
    background = view.background()
    own = view.shapes()
    below = view.beneath()
    for index, shape in enumerate(own):
        body = shape.find("p:txBody", NS)
        if body is None or not _text(shape):
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
    view: _SlideView, box: Box, candidates: list[tuple[etree._Element, str]], background: Backdrop
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


def _text_color(view: _SlideView, shape: etree._Element, run: etree._Element, level: int) -> RGB:
    r_pr = run.find("a:rPr", NS)
    fill = r_pr.find("a:solidFill", NS) if r_pr is not None else None
    if fill is not None and len(fill) and (color := resolve(fill[0], view.palette)):
        return color
    if r_pr is not None and r_pr.find("a:hlinkClick", NS) is not None:
        link = view.palette.slot("hlink")
        if link:
            return tuple(int(link[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    lvl = f"a:lvl{level + 1}pPr/a:defRPr/a:solidFill"
    paragraph = run.getparent()
    p_fill = paragraph.find("a:pPr/a:defRPr/a:solidFill", NS)
    sources = [p_fill] if p_fill is not None else []
    for candidate in [shape, *view.inherited(shape)]:
        found = candidate.find(f"p:txBody/a:lstStyle/{lvl}", NS)
        if found is not None:
            sources.append(found)
    kind = _placeholder_type(shape)
    master = view.chain[-1][1] if len(view.chain) == 3 else None
    if kind is not None and master is not None:
        style = (
            "titleStyle"
            if kind in _TITLES
            else "bodyStyle"
            if kind in _BODY_TYPES
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


def count_rules(findings: list[Finding]) -> Counter[str]:
    """How many findings of each rule (for summaries)."""
    return Counter(f.rule for f in findings)
