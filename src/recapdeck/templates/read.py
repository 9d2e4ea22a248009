"""Company PowerPoint templates: read a .pptx/.potx/.pptm/.potm safely into plain data.

Reading happens at load time and yields :class:`TemplateInfo`; :mod:`.mapping` maps
recapdeck's slide kinds onto its layouts, and the renderer opens the cleaned package again with
:func:`open_template`. python-pptx is imported late, inside the functions, to keep start-up fast.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Location, Problem, RecapdeckError
from ..oxml.styles import ThemeFonts, theme_fonts
from ..oxml.template import (
    art_boxes,
    color_map,
    drop_slides,
    has_notes_master,
    is_vertical,
    layout_type,
    master_theme_root,
    placeholder_styles,
    placeholder_type_and_idx,
    theme_xml,
    used_typefaces,
)
from ..text_style import LevelStyle, PlaceholderStyle

KINDS = ("title", "section", "content", "content_picture", "picture", "quote", "closing")
"""The slide kinds a theme maps to layouts."""

_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_OTHER_MAINS = (
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
)
_SUFFIXES = (".pptx", ".potx", ".pptm", ".potm")
MAX_TEMPLATE_BYTES = 200_000_000
"""The largest template file read (company templates are a few MB; with pictures, tens)."""
MAX_PART_BYTES = 100_000_000
"""The largest part of a template unpacked (a 4 MB file can hold a 2 GiB part)."""
MAX_PACKAGE_BYTES = 400_000_000
"""All parts of a template together, unpacked."""
MAX_PARTS = 10_000
_LINK_SCHEMES = ("http:", "https:", "mailto:")
"""External relationships kept in a template: links; anything else (file:, UNC paths...) is
dropped, so a template cannot make the deck point at files on the machine that opens it."""
_FOOTER_TYPES = ("dt", "ftr", "sldNum")


# Standard English layout names and OOXML layout types per slide kind, in order of preference.
@dataclass(frozen=True)
class PlaceholderInfo:
    """A placeholder of a layout: its idx, OOXML type and box in EMU."""

    idx: int
    type: str
    name: str
    box: tuple[int, int, int, int]
    vertical: bool = False
    """Text runs top to bottom (vertical text layouts): never used for bullets."""
    style: PlaceholderStyle = field(default_factory=lambda: PlaceholderStyle((LevelStyle(),)))
    """The text style the placeholder gives its paragraphs, resolved through the master."""

    @property
    def area(self) -> int:
        """Width × height."""
        return self.box[2] * self.box[3]


@dataclass(frozen=True)
class LayoutInfo:
    """One slide layout: its name as written, its OOXML type, its master and placeholders."""

    name: str
    type: str
    master: int
    placeholders: tuple[PlaceholderInfo, ...]
    art: tuple[tuple[int, int, int, int], ...] = ()
    """Boxes (EMU) of the logos, buttons and pictures the layout and its master draw."""
    own_art: tuple[tuple[int, int, int, int], ...] = ()
    """Those the layout draws itself (the master's are on every layout alike)."""

    def of_type(self, *types: str) -> list[PlaceholderInfo]:
        """Placeholders of the given types, largest first."""
        found = [p for p in self.placeholders if p.type in types]
        return sorted(found, key=lambda p: -p.area)

    @property
    def content(self) -> list[PlaceholderInfo]:
        """Placeholders that take content (not title, footer, date or slide number)."""
        skip = ("title", "ctrTitle", "subTitle", *_FOOTER_TYPES)
        return [p for p in self.placeholders if p.type not in skip]


@dataclass(frozen=True)
class LayoutChoice:
    """The layout used for a slide kind and which placeholders take what."""

    kind: str
    layout: LayoutInfo
    how: str
    """explicit, name, type, composition or fallback."""
    title: PlaceholderInfo | None = None
    body: PlaceholderInfo | None = None
    picture: PlaceholderInfo | None = None
    subtitle: PlaceholderInfo | None = None


@dataclass(frozen=True)
class TemplateInfo:
    """What recapdeck knows about a template after reading it."""

    path: Path
    package: bytes = field(repr=False)
    """The package with macros removed and a presentation content type, sample slides kept."""
    slide_width: int
    slide_height: int
    layouts: tuple[LayoutInfo, ...]
    colors: Mapping[str, str]
    fonts: tuple[str, str]
    """Major (headings) and minor (body) Latin typefaces."""
    sample_slides: int
    macros_removed: bool
    notes_master: bool
    links_dropped: tuple[str, ...] = ()
    """Targets of external relationships that were not http, https or mailto, removed."""
    typefaces: tuple[str, ...] = ()
    """Every typeface the masters and layouts name (see ``template inspect``)."""
    left_out: tuple[str, ...] = ()
    """Placeholders no renderer can draw (a negative size), which recapdeck does not use."""

    def layout(self, name: str) -> LayoutInfo | None:
        """The first layout called ``name`` (names as written)."""
        return next((layout for layout in self.layouts if layout.name == name), None)


def read_template(path: Path, where: Location | None = None) -> TemplateInfo:
    """Read a PowerPoint template (or any deck) and describe it; raise a located error if bad."""
    location = where or Location(path)
    if path.suffix.lower() not in _SUFFIXES:
        raise RecapdeckError(
            Problem(
                location,
                f"'{path.name}' is not a PowerPoint template; use a .pptx, .potx, "
                ".pptm or .potm file",
            )
        )
    raw = _read_bounded(path, location)
    try:
        package, macros, dropped = _clean_package(raw)
        from pptx import Presentation

        prs = Presentation(io.BytesIO(package))
        info = _describe(prs, path, package, macros, dropped)
    except RecapdeckError:
        raise
    except _TooLarge as exc:
        raise RecapdeckError(
            Problem(location, f"'{path.name}' {exc}; save the template again without it")
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RecapdeckError(
            Problem(
                location,
                f"'{path.name}' is not a readable PowerPoint file ({_short(exc)}); open "
                "it in PowerPoint and save it again as .pptx or .potx",
            )
        ) from None
    except Exception as exc:  # python-pptx raises many kinds on damaged packages
        raise RecapdeckError(
            Problem(
                location,
                f"'{path.name}' could not be read as a PowerPoint template "
                f"({type(exc).__name__}: {_short(exc)}); save it again from PowerPoint",
            )
        ) from None
    if not info.layouts:
        raise RecapdeckError(
            Problem(
                location,
                f"'{path.name}' has no slide master with layouts, so it gives slides nothing "
                "to use; save it again from PowerPoint (View > Slide Master shows the layouts)",
            )
        )
    return info


class _TooLarge(Exception):
    """A template, or a part of it, is larger than recapdeck reads."""


def _short(exc: BaseException, limit: int = 200) -> str:
    text = str(exc)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_bounded(path: Path, location: Location) -> bytes:
    """The template's bytes: a regular file (a pipe would hang), at most MAX_TEMPLATE_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        message = "not found" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise RecapdeckError(Problem(location, f"template '{path}': {message}")) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise RecapdeckError(
                Problem(
                    location,
                    f"template '{path.name}' is not a regular file (a pipe, device or folder); "
                    "name a .pptx or .potx file",
                )
            )
        if st.st_size > MAX_TEMPLATE_BYTES:
            raise RecapdeckError(
                Problem(
                    location,
                    f"template '{path.name}' is {st.st_size / 1e6:.0f} MB; recapdeck reads "
                    f"templates up to {MAX_TEMPLATE_BYTES / 1e6:.0f} MB: remove the sample "
                    "slides' pictures",
                )
            )
        try:
            return f.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as exc:
            raise RecapdeckError(Problem(location, f"template '{path}': {exc.strerror}")) from None


def _describe(
    prs: Any, path: Path, package: bytes, macros: bool, dropped: tuple[str, ...]
) -> TemplateInfo:
    """What recapdeck needs from an opened template (python-pptx may raise on damage)."""
    if not len(prs.slide_masters):
        raise ValueError("no slide master")
    width, height = int(prs.slide_width or 12_192_000), int(prs.slide_height or 6_858_000)
    layouts = []
    left_out: list[str] = []
    for m, master in enumerate(prs.slide_masters):
        faces = theme_fonts(master_theme_root(master))  # read once for all its layouts
        for layout in master.slide_layouts:
            info = _layout_info(prs, layout, m, width, height, left_out, faces)
            layouts.append(_on_slide(info, width, height))
    colors, fonts = _theme_of(prs)
    notes_master = has_notes_master(prs)
    return TemplateInfo(
        path=path,
        package=package,
        slide_width=width,
        slide_height=height,
        layouts=tuple(layouts),
        colors=colors,
        fonts=fonts,
        sample_slides=len(prs.slides),
        macros_removed=macros,
        notes_master=notes_master,
        links_dropped=dropped,
        typefaces=tuple(used_typefaces(prs)),
        left_out=tuple(left_out),
    )


def open_template(info: TemplateInfo) -> Any:
    """A python-pptx Presentation of the template with its sample slides removed completely."""
    from pptx import Presentation

    prs = Presentation(io.BytesIO(info.package))
    drop_slides(prs)
    return prs


def _clean_package(raw: bytes) -> tuple[bytes, bool, tuple[str, ...]]:
    """Give the package a presentation content type and drop any VBA project and any
    external relationship that is not a link; unpack no part larger than MAX_PART_BYTES."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    members = source.infolist()
    if len(members) > MAX_PARTS:
        raise _TooLarge(f"holds {len(members):,} parts (at most {MAX_PARTS:,} are read)")
    for member in members:
        if member.file_size > MAX_PART_BYTES:
            raise _TooLarge(
                f"holds a part '{member.filename}' of {member.file_size:,} bytes unpacked "
                f"(at most {MAX_PART_BYTES:,} are read)"
            )
    if sum(m.file_size for m in members) > MAX_PACKAGE_BYTES:
        raise _TooLarge(f"unpacks to more than {MAX_PACKAGE_BYTES:,} bytes")
    names = source.namelist()
    if "[Content_Types].xml" not in names:
        raise ValueError("no [Content_Types].xml: not an Office file")
    types = source.read("[Content_Types].xml").decode("utf-8")
    for other in _OTHER_MAINS:
        types = types.replace(other, _MAIN)
    vba = [n for n in names if n.lower().endswith("vbaproject.bin") or "/vbadata" in n.lower()]
    macros = bool(vba)
    if macros:
        for name in vba:
            types = re.sub(rf'<Override[^>]*PartName="/{re.escape(name)}"[^>]*/>', "", types)
    dropped: list[str] = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            if name in vba:
                continue
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = types.encode("utf-8")
            elif name.endswith(".rels"):
                if macros:
                    text = data.decode("utf-8")
                    text = re.sub(r"<Relationship[^>]*vbaProject[^>]*/>", "", text)
                    text = re.sub(r"<Relationship[^>]*vbaData[^>]*/>", "", text)
                    data = text.encode("utf-8")
                data = _drop_external_files(data, dropped)
            target.writestr(name, data)
    return out.getvalue(), macros, tuple(dict.fromkeys(dropped))


def _drop_external_files(rels: bytes, dropped: list[str]) -> bytes:
    """A relationships part without external targets other than http, https and mailto links
    (their targets are added to ``dropped``); unchanged when it has none."""
    if b"External" not in rels:
        return rels
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(rels, parser)
    removed = False
    for rel in list(root):
        if rel.get("TargetMode") != "External":
            continue
        target = (rel.get("Target") or "").strip()
        if target.lower().startswith(_LINK_SCHEMES):
            continue
        root.remove(rel)
        dropped.append(target)
        removed = True
    if not removed:
        return rels
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


MAX_IDX = 4_294_967_295
"""The largest placeholder idx (an unsigned 32-bit number; PowerPoint writes this one too)."""


def _layout_info(
    prs: Any,
    layout: Any,
    master: int,
    width: int,
    height: int,
    left_out: list[str],
    fonts: ThemeFonts,
) -> LayoutInfo:
    placeholders = []
    styles = placeholder_styles(prs, layout, fonts)
    for n, ph in enumerate(layout.placeholders):
        ph_type, raw_idx = placeholder_type_and_idx(ph)
        if not re.fullmatch(r"\d{1,10}", raw_idx) or int(raw_idx) > MAX_IDX:
            raise ValueError(
                f"layout '{layout.name}', placeholder '{ph.name}': idx=\"{raw_idx[:20]}\" is "
                "not a whole number from 0 to 4294967295"
            )
        try:
            box = tuple(int(v or 0) for v in (ph.left, ph.top, ph.width, ph.height))
        except ValueError as exc:  # a size python-pptx refuses to read (cx="-431800")
            left_out.append(f"layout '{layout.name}', placeholder '{ph.name}': {exc}")
            continue
        if box[2] < 0 or box[3] < 0:
            left_out.append(
                f"layout '{layout.name}', placeholder '{ph.name}': its size is "
                f"{box[2]} × {box[3]} EMU"
            )
            continue
        vertical = is_vertical(ph) or styles[n].vertical
        placeholders.append(
            PlaceholderInfo(int(raw_idx), ph_type, ph.name, box, vertical, styles[n])  # type: ignore[arg-type]
        )
    art = art_boxes(layout, width, height)
    return LayoutInfo(
        layout.name,
        layout_type(layout),
        master,
        tuple(placeholders),
        tuple(box for box, _ in art),
        tuple(box for box, own in art if own),
    )


def _on_slide(layout: LayoutInfo, width: int, height: int) -> LayoutInfo:
    """``layout`` with each placeholder's box cut to the slide, and those wholly off it left
    out (a 4:3 template made from a 16:9 one keeps boxes reaching past the slide's edge)."""
    kept = []
    for ph in layout.placeholders:
        x, y, w, h = ph.box
        left, top = max(x, 0), max(y, 0)
        right, bottom = min(x + w, width), min(y + h, height)
        if (right <= left or bottom <= top) and (w and h):
            continue
        box = (left, top, max(right - left, 0), max(bottom - top, 0)) if w and h else ph.box
        kept.append(replace(ph, box=box))
    return replace(layout, placeholders=tuple(kept))


def _theme_of(prs: Any) -> tuple[dict[str, str], tuple[str, str]]:
    from lxml import etree

    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    try:
        xml = theme_xml(prs)
        if xml is None:
            return {}, ("Calibri", "Calibri")
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return {}, ("Calibri", "Calibri")
    colors: dict[str, str] = {}
    scheme = root.find(".//a:clrScheme", ns)
    for slot in scheme if scheme is not None else []:
        name = etree.QName(slot).localname
        for child in slot:
            value = child.get("val") if etree.QName(child).localname == "srgbClr" else None
            value = value or child.get("lastClr")
            if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                colors[name] = f"#{value.upper()}"
    # The master's colour map says which slots text and background really use: a dark template
    # maps its background (bg1) to dk1 and its text (tx1) to lt1. dk1/lt1/dk2/lt2 here are the
    # colours text, background, secondary text and secondary background show.
    clr_map = color_map(prs)
    if clr_map is not None:
        shown = {
            slot: colors.get(clr_map.get(role, slot), colors.get(slot))
            for slot, role in (("dk1", "tx1"), ("lt1", "bg1"), ("dk2", "tx2"), ("lt2", "bg2"))
        }
        colors.update({slot: value for slot, value in shown.items() if value})
    fonts = theme_fonts(root)
    return colors, (fonts.major.get("latin", "Calibri"), fonts.minor.get("latin", "Calibri"))
