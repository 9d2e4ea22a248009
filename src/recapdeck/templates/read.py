"""Company PowerPoint templates: read a .pptx/.potx/.pptm/.potm safely into plain data.

Reading happens at load time and yields :class:`TemplateInfo`; :mod:`.mapping` maps
recapdeck's slide kinds onto its layouts, and the renderer opens the cleaned package again with
:func:`open_template`. python-pptx is imported late, inside the functions, to keep start-up fast.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Location, Problem, RecapdeckError


def qn(tag: str) -> str:
    """A namespaced tag name (python-pptx's, imported late to keep start-up fast)."""
    from pptx.oxml.ns import qn as _qn

    return str(_qn(tag))


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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = "not found" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise RecapdeckError(Problem(location, f"template '{path}': {message}")) from None
    try:
        package, macros = _clean_package(raw)
        from pptx import Presentation

        prs = Presentation(io.BytesIO(package))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RecapdeckError(
            Problem(
                location,
                f"'{path.name}' is not a readable PowerPoint file ({exc}); open "
                "it in PowerPoint and save it again as .pptx or .potx",
            )
        ) from None
    except Exception as exc:  # python-pptx raises many kinds on damaged packages
        raise RecapdeckError(
            Problem(
                location,
                f"'{path.name}' could not be read as a PowerPoint template "
                f"({type(exc).__name__}: {exc}); save it again from PowerPoint",
            )
        ) from None
    layouts = []
    for m, master in enumerate(prs.slide_masters):
        for layout in master.slide_layouts:
            layouts.append(_layout_info(layout, m))
    colors, fonts = _theme_of(prs)
    notes_master = any(rel.reltype.endswith("/notesMaster") for rel in prs.part.rels.values())
    return TemplateInfo(
        path=path,
        package=package,
        slide_width=int(prs.slide_width or 12_192_000),
        slide_height=int(prs.slide_height or 6_858_000),
        layouts=tuple(layouts),
        colors=colors,
        fonts=fonts,
        sample_slides=len(prs.slides),
        macros_removed=macros,
        notes_master=notes_master,
    )


def open_template(info: TemplateInfo) -> Any:
    """A python-pptx Presentation of the template with its sample slides removed completely.

    Dropping a slide's relationship from the presentation makes the slide part, its notes and
    its pictures unreachable, and python-pptx only saves reachable parts: nothing is left over.
    """
    from pptx import Presentation

    prs = Presentation(io.BytesIO(info.package))
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)
    return prs


def _clean_package(raw: bytes) -> tuple[bytes, bool]:
    """Give the package a presentation content type and drop any VBA project."""
    source = zipfile.ZipFile(io.BytesIO(raw))
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
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            if name in vba:
                continue
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = types.encode("utf-8")
            elif macros and name.endswith(".rels"):
                text = data.decode("utf-8")
                text = re.sub(r"<Relationship[^>]*vbaProject[^>]*/>", "", text)
                text = re.sub(r"<Relationship[^>]*vbaData[^>]*/>", "", text)
                data = text.encode("utf-8")
            target.writestr(name, data)
    return out.getvalue(), macros


def _layout_info(layout: Any, master: int) -> LayoutInfo:
    placeholders = []
    for ph in layout.placeholders:
        element = ph._element.ph
        ph_type = element.get("type", "obj") if element is not None else "obj"
        idx = int(element.get("idx", "0")) if element is not None else 0
        box = tuple(int(v or 0) for v in (ph.left, ph.top, ph.width, ph.height))
        body_pr = ph._element.find(qn("p:txBody") + "/" + qn("a:bodyPr"))
        vertical = body_pr is not None and body_pr.get("vert", "horz") not in ("horz", "")
        placeholders.append(
            PlaceholderInfo(idx, ph_type, ph.name, box, vertical)  # type: ignore[arg-type]
        )
    return LayoutInfo(layout.name, layout._element.get("type", ""), master, tuple(placeholders))


def _theme_of(prs: Any) -> tuple[dict[str, str], tuple[str, str]]:
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    try:
        root = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
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
    clr_map = prs.slide_master._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}clrMap"
    )
    if clr_map is not None:
        shown = {
            slot: colors.get(clr_map.get(role, slot), colors.get(slot))
            for slot, role in (("dk1", "tx1"), ("lt1", "bg1"), ("dk2", "tx2"), ("lt2", "bg2"))
        }
        colors.update({slot: value for slot, value in shown.items() if value})
    fonts = []
    for tag in ("majorFont", "minorFont"):
        latin = root.find(f".//a:fontScheme/a:{tag}/a:latin", ns)
        fonts.append((latin.get("typeface") if latin is not None else "") or "Calibri")
    return colors, (fonts[0], fonts[1])
