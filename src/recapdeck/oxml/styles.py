"""The text style a template placeholder really has, resolved the way PowerPoint resolves it.

A paragraph in a slide placeholder takes each property from the first place that sets it:
the layout placeholder's list style, then the master placeholder of the same type, then the
master's text styles (``titleStyle`` for titles, ``bodyStyle`` for every other placeholder),
then the presentation's ``defaultTextStyle``; ``+mj-lt``/``+mn-lt`` typefaces name the theme's
major and minor fonts. Masters saved by LibreOffice carry no text styles: LibreOffice keeps its
outline style in the master placeholder's own paragraphs, and reads it back from there, so
those paragraphs are a source too when the master has no ``txStyles``.

Nothing here is python-pptx's API; the functions read the parts' XML elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..text_style import LevelStyle, PlaceholderStyle
from .namespaces import A_NS, P_NS

_A = f"{{{A_NS}}}"
_P = f"{{{P_NS}}}"
LEVELS = 9
_EMU_PER_PT = 12_700
_DEFAULT_INSETS = (7.2, 3.6, 7.2, 3.6)
_TITLE_TYPES = ("title", "ctrTitle")
LIBREOFFICE_DEFAULT_FONT = "Liberation Sans"
"""What LibreOffice draws a subtitle (or any placeholder but a title or body) in when the master
has no text styles, as masters LibreOffice saves have not, and nothing nearer names a font: its
own default, not the presentation's default text style. Titles and bodies take the theme's
fonts, as in PowerPoint."""
_BULLETS = {"buNone": "", "buChar": "char", "buAutoNum": "number", "buBlip": "char"}


@dataclass(frozen=True)
class ThemeFonts:
    """The theme's major (headings) and minor (body) typefaces, per script slot."""

    major: dict[str, str]
    minor: dict[str, str]

    def resolve(self, typeface: str) -> str:
        """``typeface`` with ``+mj-lt``/``+mn-ea``... replaced by the theme's font."""
        match = re.fullmatch(r"\+(mj|mn)-(lt|ea|cs)", typeface)
        if not match:
            return typeface
        fonts = self.major if match.group(1) == "mj" else self.minor
        return fonts.get({"lt": "latin", "ea": "ea", "cs": "cs"}[match.group(2)], "")


def theme_fonts(theme_root: Any | None) -> ThemeFonts:
    """The font scheme of a theme part's root element (empty without one)."""
    major: dict[str, str] = {}
    minor: dict[str, str] = {}
    if theme_root is not None:
        for tag, target in (("majorFont", major), ("minorFont", minor)):
            font = theme_root.find(f".//{_A}fontScheme/{_A}{tag}")
            for slot in ("latin", "ea", "cs"):
                element = font.find(f"{_A}{slot}") if font is not None else None
                face = element.get("typeface", "") if element is not None else ""
                if _usable(face):
                    target[slot] = face
    return ThemeFonts(major, minor)


def _usable(face: str) -> bool:
    return 0 < len(face) <= 100 and not re.search(r"[\x00-\x1f\x7f-\x9f]", face)


def master_placeholder(master: Any, kind: str) -> Any | None:
    """The master's placeholder a layout placeholder of type ``kind`` inherits from."""
    wanted = (
        "title" if kind in _TITLE_TYPES else kind if kind in ("dt", "ftr", "sldNum") else "body"
    )
    for sp in master.iter(f"{_P}sp"):
        ph = sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
        if ph is not None and (ph.get("type") or "obj").replace("obj", "body") == wanted:
            return sp
    return None


def resolve_style(
    kind: str,
    layout_sp: Any | None,
    master: Any,
    default_text_style: Any | None,
    fonts: ThemeFonts,
) -> PlaceholderStyle:
    """The style of a placeholder of type ``kind`` on a layout (``layout_sp`` its element)."""
    master_sp = master_placeholder(master, kind)
    tx_styles = master.find(f"{_P}txStyles")
    style_tag = "titleStyle" if kind in _TITLE_TYPES else "bodyStyle"
    chain: list[Any] = [_list_style(layout_sp), _list_style(master_sp)]
    if tx_styles is not None:
        chain.append(tx_styles.find(f"{_P}{style_tag}"))
    else:
        chain.append(_paragraph_styles(master_sp))
    chain.append(default_text_style)
    libreoffice = tx_styles is None
    levels = tuple(_level(chain, n, kind, fonts, libreoffice) for n in range(1, LEVELS + 1))
    bodies = [_body_pr(sp) for sp in (layout_sp, master_sp)]
    names = ("lIns", "tIns", "rIns", "bIns")
    left, top, right, bottom = (
        _first_emu(bodies, name, default)
        for name, default in zip(names, _DEFAULT_INSETS, strict=True)
    )
    return PlaceholderStyle(
        levels,
        insets=(left, top, right, bottom),
        anchor=_first_attr(bodies, "anchor") or "t",
        columns=max(1, min(16, _int(_first_attr(bodies, "numCol"), 1))),
        vertical=(_first_attr(bodies, "vert") or "horz") != "horz",
        libreoffice=libreoffice,
    )


def _list_style(sp: Any | None) -> Any | None:
    return None if sp is None else sp.find(f"{_P}txBody/{_A}lstStyle")


def _body_pr(sp: Any | None) -> Any | None:
    return None if sp is None else sp.find(f"{_P}txBody/{_A}bodyPr")


def _paragraph_styles(sp: Any | None) -> Any | None:
    """A LibreOffice master placeholder's paragraphs as a list style: the paragraph
    properties (margins, indents, bullets) of the first paragraph of each level (``lvl``).

    Their runs' fonts are left out: LibreOffice does not read them back as the placeholder's
    font (it draws the theme's), and PowerPoint reads neither.
    """
    if sp is None:
        return None
    from lxml import etree

    style = etree.Element(f"{_A}lstStyle")
    seen: set[int] = set()
    for p in sp.iterfind(f"{_P}txBody/{_A}p"):
        p_pr = p.find(f"{_A}pPr")
        level = _int(p_pr.get("lvl") if p_pr is not None else None, 0)
        if level in seen or not 0 <= level < LEVELS:
            continue
        seen.add(level)
        lvl = etree.SubElement(style, f"{_A}lvl{level + 1}pPr")
        if p_pr is not None:
            for name, value in p_pr.attrib.items():
                if name != "lvl":
                    lvl.set(name, value)
            for child in p_pr:
                lvl.append(_copy(child))
    return style


def _copy(element: Any) -> Any:
    import copy

    return copy.deepcopy(element)


def _level(
    chain: Sequence[Any | None], n: int, kind: str, fonts: ThemeFonts, libreoffice: bool
) -> LevelStyle:
    """Level ``n`` (1-based) resolved through ``chain``, nearest first."""
    p_prs = [s.find(f"{_A}lvl{n}pPr") for s in chain if s is not None]
    p_prs = [p for p in p_prs if p is not None]
    r_prs = [r for r in (p.find(f"{_A}defRPr") for p in p_prs) if r is not None]
    typeface = ""
    # LibreOffice takes no font from the presentation's default text style
    named = (
        r_prs
        if not libreoffice
        else [r for r in r_prs if r.getparent().getparent() is not chain[-1]]
    )
    for r_pr in named:
        latin = r_pr.find(f"{_A}latin")
        if latin is not None and _usable(latin.get("typeface", "")):
            typeface = fonts.resolve(latin.get("typeface", ""))
            break
    if not typeface and libreoffice and kind not in (*_TITLE_TYPES, "body", "obj"):
        typeface = LIBREOFFICE_DEFAULT_FONT
    if not typeface:
        typeface = fonts.resolve("+mj-lt" if kind in _TITLE_TYPES else "+mn-lt")
    bullet = next((_BULLETS[t] for p in p_prs for t in _BULLETS if p.find(f"{_A}{t}") is not None),
                  "")  # fmt: skip
    char = next(
        (c.get("char", "") for c in (p.find(f"{_A}buChar") for p in p_prs) if c is not None), ""
    )
    bullet_font = next(
        (f.get("typeface", "") for f in (p.find(f"{_A}buFont") for p in p_prs) if f is not None), ""
    )
    size = _int(_first_attr(r_prs, "sz"), 1800) / 100
    return LevelStyle(
        typeface=typeface,
        size=size if 1 <= size <= 4000 else 18.0,
        bold=_flag(_first_attr(r_prs, "b")),
        italic=_flag(_first_attr(r_prs, "i")),
        caps=_first_attr(r_prs, "cap") == "all",
        margin=_int(_first_attr(p_prs, "marL"), 0) / _EMU_PER_PT,
        indent=_int(_first_attr(p_prs, "indent"), 0) / _EMU_PER_PT,
        bullet=bullet,
        bullet_char=char[:4] if bullet == "char" else "",
        bullet_font=bullet_font[:100],
        align=_first_attr(p_prs, "algn") or "",
    )


def _first_attr(elements: Iterable[Any | None], name: str) -> str | None:
    for element in elements:
        if element is not None and element.get(name) is not None:
            return str(element.get(name))
    return None


def _first_emu(elements: Iterable[Any | None], name: str, default: float) -> float:
    value = _first_attr(elements, name)
    number = _int(value, -1)
    return number / _EMU_PER_PT if 0 <= number <= 51_206_400 else default


def _int(value: str | None, default: int) -> int:
    if value is None or not re.fullmatch(r"-?\d{1,10}", value.strip()):
        return default
    return int(value)


def _flag(value: str | None) -> bool:
    return value in ("1", "true", "on")
