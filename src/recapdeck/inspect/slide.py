"""One slide as the checks see it: its layout and master, palette, frames and fills."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .colors import RGB, Palette, fill_color, hex_of, palette_of, resolve
from .package import NS, R_ATTR, Package

TITLE_TYPES = ("title", "ctrTitle")
BODY_TYPES = ("body", "obj", "subTitle", None)
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


class SlideView:
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
    def read(cls, package: Package, slide: str) -> SlideView | None:
        """The view of ``slide``, or None when its XML is missing or broken."""
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
                if best is None and level == 2 and kind in BODY_TYPES and okind == "body":
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
        """The part (slide, layout or master) ``shape`` belongs to."""
        root = shape.getroottree().getroot()
        return next((part for part, r in self.chain if r is root), self.slide)

    def picture(self, shape_or_fill: etree._Element, part: str) -> bytes | None:
        """The bytes of the picture a shape or fill shows (its ``a:blip``), if any."""
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
        """The shape's name (as the Selection Pane shows it)."""
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


def placeholder_type(shape: etree._Element) -> str | None:
    """The shape's placeholder type (``obj`` when unsaid), None when it is no placeholder."""
    ph = shape.find("./*/p:nvPr/p:ph", NS)
    return None if ph is None else ph.get("type", "obj")


def text_of(shape: etree._Element) -> str:
    """The shape's text, whitespace collapsed."""
    body = shape.find("p:txBody", NS)
    return " ".join("".join(body.itertext()).split()) if body is not None else ""


def is_decorative(shape: etree._Element) -> bool:
    """Whether the shape carries PowerPoint's decorative flag."""
    flag = shape.find("./*/p:cNvPr/a:extLst/a:ext/adec:decorative", NS)
    return flag is not None and flag.get("val") in ("1", "true")
