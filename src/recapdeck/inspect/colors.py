"""DrawingML colours resolved to RGB: theme scheme, colour maps and the usual transforms."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from lxml import etree

from .package import NS

RGB = tuple[float, float, float]
"""A colour as three channels from 0 to 1."""

_A = f"{{{NS['a']}}}"
_PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000",
           "blue": "0000FF", "gray": "808080", "yellow": "FFFF00"}  # fmt: skip
_DEFAULT_MAP = {
    "bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2",
    "accent1": "accent1", "accent2": "accent2", "accent3": "accent3", "accent4": "accent4",
    "accent5": "accent5", "accent6": "accent6", "hlink": "hlink", "folHlink": "folHlink",
}  # fmt: skip


@dataclass(frozen=True)
class Palette:
    """A theme's colour scheme seen through one colour map (master, or a slide's override)."""

    scheme: dict[str, str]
    """Scheme slot (dk1, lt1, accent1...) -> RRGGBB."""
    mapping: dict[str, str]
    """Logical name (bg1, tx1...) -> scheme slot."""

    def slot(self, name: str) -> str | None:
        """RRGGBB of a scheme colour name as text and shapes use it (``tx1``, ``accent2``...)."""
        return self.scheme.get(self.mapping.get(name, name))

    def with_map(self, element: etree._Element | None) -> Palette:
        """This palette under a ``p:clrMap`` or ``a:overrideClrMapping`` (None: unchanged)."""
        if element is None:
            return self
        mapping = dict(self.mapping)
        mapping.update({k: v for k, v in element.attrib.items() if k in _DEFAULT_MAP})
        return Palette(self.scheme, mapping)


def palette_of(theme: etree._Element | None) -> Palette:
    """The palette of a theme part (Office's default colours when there is none)."""
    scheme = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6",
              "accent1": "4472C4", "accent2": "ED7D31", "hlink": "0563C1"}  # fmt: skip
    found = theme.find(".//a:clrScheme", NS) if theme is not None else None
    for slot in found if found is not None else []:
        name = etree.QName(slot).localname
        value = _base(slot[0]) if len(slot) else None
        if value:
            scheme[name] = value
    return Palette(scheme, dict(_DEFAULT_MAP))


def _base(
    element: etree._Element, palette: Palette | None = None, ph: str | None = None
) -> str | None:
    tag = etree.QName(element).localname
    if tag == "srgbClr":
        value: str | None = element.get("val")
        return value
    if tag == "sysClr":
        system = {"window": "FFFFFF", "windowText": "000000"}
        return element.get("lastClr") or system.get(element.get("val", ""))
    if tag == "prstClr":
        return _PRESET.get(element.get("val", ""))
    if tag == "schemeClr" and palette is not None:
        name = element.get("val", "")
        if name == "phClr":
            return ph
        return palette.slot(name)
    if tag == "scrgbClr":
        return "".join(
            f"{round(min(100_000, int(element.get(c, '0'))) / 100_000 * 255):02X}"
            for c in ("r", "g", "b")
        )
    if tag == "hslClr":
        h = int(element.get("hue", "0")) / 21_600_000
        s = int(element.get("sat", "0")) / 100_000
        lum = int(element.get("lum", "0")) / 100_000
        r, g, b = colorsys.hls_to_rgb(h, lum, s)
        return f"{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"
    return None


def resolve(element: etree._Element | None, palette: Palette, ph: str | None = None) -> RGB | None:
    """The RGB of a colour element (``a:srgbClr``, ``a:schemeClr``...) with its transforms.

    ``ph`` is the colour ``phClr`` stands for (a style reference's own colour).
    """
    if element is None:
        return None
    value = _base(element, palette, ph)
    if not value or len(value) != 6:
        return None
    try:
        r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    for change in element:
        name = etree.QName(change).localname
        amount = int(change.get("val", "0") or 0) / 100_000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * amount if name == "lumMod" else lum + amount
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name == "tint":
            r, g, b = (1 - (1 - c) * amount for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * amount for c in (r, g, b))
    return (r, g, b)


def fill_color(fill: etree._Element, palette: Palette, ph: str | None = None) -> list[RGB] | None:
    """The colours a solid or gradient fill shows (a gradient: each stop); None for others."""
    tag = etree.QName(fill).localname
    if tag == "solidFill" and len(fill):
        found = resolve(fill[0], palette, ph)
        return [found] if found else None
    if tag == "gradFill":
        stops = [resolve(gs[0], palette, ph) for gs in fill.iterfind("a:gsLst/a:gs", NS) if len(gs)]
        return [s for s in stops if s] or None
    return None


def luminance(color: RGB) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hex_of(color: RGB) -> str:
    """``#RRGGBB`` of a colour."""
    return "#" + "".join(f"{round(c * 255):02X}" for c in color)
