"""Themes: the ``theme.yaml`` schema, the theme search path and :func:`load_theme`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from ..colors import contrast_ratio
from ..errors import BuildWarning, Location, Problem, RecapdeckError, suggest
from ..templates import LayoutChoice, TemplateInfo, map_layouts, read_template, template_colors
from ..units import emu_to_pt
from .images import ImageInfo, probe_image
from .schema import schema_problems
from .theme_files import builtin_themes_dir as builtin_themes_dir
from .theme_files import check_theme_folder, outside_roots, theme_file_roots
from .yaml_reader import read_yaml

DEFAULT_THEME = "default"
_HEX = r"^#[0-9A-Fa-f]{6}$"
Color = Annotated[str, Field(pattern=_HEX)]
_MAX_EXTENDS = 8


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _font_name(value: str) -> str:
    if bad := re.search(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", value):
        raise ValueError(
            f"the character U+{ord(bad.group()):04X} cannot be part of a font name (a control "
            "character, often pasted in invisibly); write the family name as the font menu "
            "shows it, e.g. 'Source Sans 3'"
        )
    if not value.strip():
        raise ValueError("a font name cannot be empty; e.g. 'Calibri'")
    return value


FontName = Annotated[str, Field(max_length=100), AfterValidator(_font_name)]


class Fonts(_Strict):
    """Typefaces by role. Use fonts every renderer has with the same metrics."""

    heading: FontName = "Calibri"
    body: FontName = "Calibri"
    mono: FontName = "Courier New"


class Colors(_Strict):
    """The palette, as #RRGGBB."""

    background: Color = "#FFFFFF"
    surface: Color = "#F1F5F9"
    text: Color = "#1E293B"
    muted: Color = "#475569"
    accent: Color = "#2563EB"
    on_accent: Color = "#FFFFFF"
    new: Color = "#B91C1C"
    on_new: Color = "#FFFFFF"
    link: Color = "#1D4ED8"


class Sizes(_Strict):
    """Font sizes in points: the normal size and the smallest readable one per role."""

    cover_title: float = Field(44, ge=8, le=120)
    title: float = Field(36, ge=8, le=96)
    title_min: float = Field(28, ge=14, le=96)
    body: float = Field(24, ge=8, le=72)
    body_min: float = Field(18, ge=14, le=72)
    body_max: float = Field(32, ge=8, le=96)
    """The largest size a slide with little text is set at (text grows to fill its box)."""
    quote: float = Field(32, ge=8, le=96)
    quote_min: float = Field(22, ge=14, le=96)
    caption: float = Field(14, ge=8, le=40)
    footer: float = Field(12, ge=6, le=30)
    section_title: float = Field(44, ge=8, le=120)

    @model_validator(mode="after")
    def _minimums_below_sizes(self) -> Sizes:
        if self.body_max < self.body:
            raise ValueError(
                f"body_max ({self.body_max:g}) is smaller than body ({self.body:g}); "
                "the largest size must not be below the normal size"
            )
        for normal, minimum in (
            ("title", "title_min"),
            ("body", "body_min"),
            ("quote", "quote_min"),
        ):
            if getattr(self, minimum) > getattr(self, normal):
                raise ValueError(
                    f"{minimum} ({getattr(self, minimum):g}) is larger than {normal} "
                    f"({getattr(self, normal):g}); the minimum must not exceed the normal size"
                )
        return self


class Margins(_Strict):
    """Slide margins in inches."""

    left: float = Field(0.6, ge=0, le=3)
    right: float = Field(0.6, ge=0, le=3)
    top: float = Field(0.45, ge=0, le=3)
    bottom: float = Field(0.55, ge=0, le=3)


class SlideKinds(_Strict):
    """Which optional slide kinds the theme produces."""

    agenda: bool = True
    takeaways: bool = True
    announcements: bool = True
    references: bool = True
    closing: bool = True
    footer: bool = True
    slide_numbers: bool = True


class Design(_Strict):
    """How the theme lays slides out: screenshots first, type placement, agenda progress."""

    picture_share: float = Field(0.62, ge=0.6, le=0.8)
    """The share of the slide width one screenshot takes beside a few words of bullets."""
    few_words: int = Field(40, ge=0, le=200)
    """At most this many words of bullets leave one screenshot the :attr:`picture_share`."""
    body_placement: Literal["top", "middle"] = "middle"
    """Where a slide's text block sits in the room under the title: at its top, or centred.
    One rule for the whole deck, so that titles and text never jump between slides."""
    section_agenda: bool = True
    """Section slides show the agenda with the current part highlighted."""


class LayoutMap(_Strict):
    """Which template layout a slide kind uses, and which placeholder idx takes what."""

    layout: str
    title: int | None = None
    subtitle: int | None = None
    body: int | None = None
    picture: int | None = None


class ThemeFile(_Strict):
    """The contents of a ``theme.yaml``."""

    name: str | None = None
    description: str | None = None
    extends: str | None = None
    template: str | None = None
    """A company .pptx/.potx (or macro-enabled .pptm/.potm) whose layouts the deck uses."""
    layouts: dict[
        Literal["title", "section", "content", "content_picture", "picture", "quote", "closing"],
        LayoutMap,
    ] = {}
    fonts: Fonts = Fonts()
    font_substitutes: dict[FontName, FontName] = Field(default_factory=dict, max_length=50)
    """Fonts a template names that this machine lacks, and the installed font to draw (and
    measure) each with instead; the PDF export makes LibreOffice use them too."""
    colors: Colors = Colors()
    sizes: Sizes = Sizes()
    margins: Margins = Margins()
    slides: SlideKinds = SlideKinds()
    design: Design = Design()
    logo: str | None = None
    closing_title: str = "Questions?"


@dataclass(frozen=True)
class Theme:
    """A loaded theme: its settings merged over those it extends, with files resolved."""

    name: str
    folders: tuple[Path, ...]
    """The theme's folder first, then those of the themes it extends."""
    description: str
    fonts: Fonts
    colors: Colors
    sizes: Sizes
    margins: Margins
    slides: SlideKinds
    logo: ImageInfo | None
    """Shown in the top right corner of the title and closing slides (not on templates: their
    masters carry their own)."""
    closing_title: str
    warnings: tuple[BuildWarning, ...] = ()
    template: TemplateInfo | None = None
    layouts: Mapping[str, LayoutChoice] = field(default_factory=dict)
    """The layout of each slide kind when a template is used."""
    design: Design = field(default_factory=Design)
    font_substitutes: Mapping[str, str] = field(default_factory=dict)
    """A missing font -> the installed one drawn instead (``font_substitutes:``)."""

    @property
    def slide_size(self) -> tuple[float, float]:
        """Width and height of the slides in points (the template's, else 16:9)."""
        if self.template is None:
            return 960.0, 540.0
        return emu_to_pt(self.template.slide_width), emu_to_pt(self.template.slide_height)

    @property
    def folder(self) -> Path:
        """The theme's own folder."""
        return self.folders[0]


def theme_search_path(near: Path | None = None) -> list[tuple[Path, str]]:
    """Folders holding themes, most specific first, each with a label of where it comes from."""
    builtin = builtin_themes_dir().resolve()
    candidates: list[tuple[Path, str]] = []
    if near is not None:
        candidates += [(near / "themes", "project"), (near.parent / "themes", "project")]
    candidates += [(Path.cwd() / "themes", "project"), (builtin, "built-in")]
    seen: set[Path] = set()
    result = []
    for folder, label in candidates:
        folder = folder.resolve()
        if folder in seen or not folder.is_dir():
            continue
        seen.add(folder)
        result.append((folder, "built-in" if folder == builtin else label))
    return result


def available_themes(near: Path | None = None) -> list[tuple[str, Path, str]]:
    """Every theme visible from ``near``: (name, folder, source), the first of a name winning."""
    found: dict[str, tuple[str, Path, str]] = {}
    for folder, label in theme_search_path(near):
        for child in sorted(folder.iterdir()):
            if (child / "theme.yaml").is_file() and child.name not in found:
                found[child.name] = (child.name, child, label)
    return list(found.values())


def load_theme(
    name_or_path: str | Path | None = None,
    *,
    near: Path | None = None,
    template: Path | None = None,
    allow_outside_files: bool | Sequence[Path] = False,
) -> Theme:
    """Load a theme by name (searched near the outline, then built in) or by folder path.

    ``template`` (a .pptx/.potx path) replaces the theme's own template for a one-off build.
    Every file the theme brings (its folders, those it extends, its logo, template, fonts and
    handout templates, symbolic links followed) must lie inside the project of ``near`` (of the
    theme folder when ``near`` is None) or the built-in themes; ``allow_outside_files`` lifts
    that (True) or names further folders that may be used.
    """
    named = str(name_or_path or DEFAULT_THEME)
    folder = _find_theme(named, near)
    if _looks_like_path(named) and allow_outside_files is not True:
        # A folder named by path was chosen by the caller (the build checks one an outline
        # names): its own project is trusted too, but nothing its files reach beyond that.
        own_project = theme_file_roots(folder, None)
        allow_outside_files = [*(own_project or ()), *(allow_outside_files or ())]
    roots = theme_file_roots(folder, near, allow_outside_files)
    if why := outside_roots(folder, roots, "the theme folder"):
        raise RecapdeckError(Problem(None, why))
    chain: list[tuple[Path, dict[str, Any]]] = []
    current: Path | None = folder
    while current is not None:
        if any(current == seen for seen, _ in chain):
            names = " → ".join(p.name for p, _ in chain)
            raise RecapdeckError(
                Problem(
                    Location(current / "theme.yaml"),
                    f"'extends' goes round in a circle: {names} → {current.name}; break the loop",
                )
            )
        if len(chain) >= _MAX_EXTENDS:
            raise RecapdeckError(Problem(Location(current / "theme.yaml"), "too many 'extends'"))
        check_theme_folder(current, roots)
        data, parent, where_extends = _read_theme_file(current, near)
        chain.append((current, data))
        if parent is not None and (why := outside_roots(parent, roots, f"'{data['extends']}'")):
            raise RecapdeckError(Problem(where_extends, why, "extends"))
        current = parent
    merged: dict[str, Any] = {}
    for _, data in reversed(chain):
        merged = _deep_merge(merged, data)
    merged.pop("extends", None)
    settings = ThemeFile.model_validate(merged)  # each file was validated on its own already
    logo_file = _resolve_file(chain, "logo", roots)
    logo = probe_image(logo_file) if logo_file is not None else None
    fonts, colors = settings.fonts, settings.colors
    info: TemplateInfo | None = None
    layouts: dict[str, LayoutChoice] = {}
    warnings: list[BuildWarning] = []
    declared = next((i for i, (_, data) in enumerate(chain) if data.get("template")), None)
    if template is not None or declared is not None:
        if template is not None:
            path, where, declared = template.absolute(), Location(template.absolute()), -1
        else:
            assert declared is not None
            folder_of, data = chain[declared]
            path = (folder_of / data["template"]).resolve()
            where = Location(folder_of / "theme.yaml")
            if why := outside_roots(folder_of / data["template"], roots, f"'{data['template']}'"):
                raise RecapdeckError(Problem(where, why, "template"))
        info = read_template(path, where)
        layouts, warnings = map_layouts(info, settings.model_dump()["layouts"], where)
        # the template's palette and fonts, unless the theme that names it overrides them
        own = [data for _, data in chain[: declared + 1]]
        heading, body = _drawn_typefaces(info, layouts)
        fonts = Fonts(
            **{
                "heading": heading,
                "body": body,
                "mono": settings.fonts.mono,
                **{k: v for d in reversed(own) for k, v in d.get("fonts", {}).items()},
            }
        )
        colors = Colors(
            **{
                **template_colors(info.colors),
                **{k: v for d in reversed(own) for k, v in d.get("colors", {}).items()},
            }
        )
        if info.links_dropped:
            shown = ", ".join(f"'{t[:80]}'" for t in info.links_dropped[:3])
            warnings.append(
                BuildWarning(
                    where,
                    f"'{path.name}' refers to files outside itself ({shown}); recapdeck dropped "
                    "those references (only http, https and mailto links are kept)",
                )
            )
        if info.macros_removed:
            warnings.append(
                BuildWarning(
                    where,
                    f"'{path.name}' contains macros; recapdeck ignored them "
                    "and the deck it writes has none",
                )
            )
    theme = Theme(
        name=chain[0][1].get("name") or folder.name,  # a theme's name is never inherited
        folders=tuple(p for p, _ in chain),
        description=chain[0][1].get("description") or "",
        fonts=fonts,
        colors=colors,
        sizes=settings.sizes,
        margins=settings.margins,
        slides=settings.slides,
        logo=logo,
        closing_title=settings.closing_title,
        warnings=tuple(warnings),
        template=info,
        layouts=layouts,
        design=settings.design,
        font_substitutes=dict(settings.font_substitutes),
    )
    return _with_contrast_warnings(theme)


def _drawn_typefaces(info: TemplateInfo, layouts: dict[str, LayoutChoice]) -> tuple[str, str]:
    """The typefaces the template's slide titles and body text are drawn in: those its content
    layout's placeholders resolve to (through the master's text styles and the theme's fonts),
    else the theme's major and minor fonts."""
    content = layouts.get("content")
    heading, body = info.fonts
    ordered = [content, *layouts.values()] if content is not None else list(layouts.values())
    title = next((c.title for c in ordered if c is not None and c.title is not None), None)
    text = next((c.body for c in ordered if c is not None and c.body is not None), None)
    if title is not None and title.style.level(0).typeface:
        heading = title.style.level(0).typeface
    if text is not None and text.style.level(0).typeface:
        body = text.style.level(0).typeface
    return heading, body


def text_color_pairs(theme: Theme) -> list[tuple[str, str, str, float]]:
    """Every (what, text colour, background, required ratio) the slides use."""
    c = theme.colors
    return [
        ("body text", c.text, c.background, 4.5),
        ("muted text", c.muted, c.background, 4.5),
        ("links", c.link, c.background, 4.5),
        ("links on surface", c.link, c.surface, 4.5),
        ("text on surface", c.text, c.surface, 4.5),
        ("accent on surface", c.accent, c.surface, 3.0),
        ("muted on surface", c.muted, c.surface, 4.5),
        ("titles", c.text, c.background, 3.0),
        ("text on accent", c.on_accent, c.accent, 4.5),
        ("new badge", c.on_new, c.new, 4.5),
        ("accent text", c.accent, c.background, 3.0),
    ]


def _with_contrast_warnings(theme: Theme) -> Theme:
    warnings = [
        BuildWarning(
            Location(theme.folder / "theme.yaml"),
            f"{what}: {fg} on {bg} has contrast {ratio:.2f}:1, below the {need}:1 that WCAG AA "
            "asks; pick a darker or lighter colour",
        )
        for what, fg, bg, need in text_color_pairs(theme)
        if (ratio := contrast_ratio(fg, bg)) < need
    ]
    if not warnings:
        return theme
    return replace(theme, warnings=(*theme.warnings, *warnings))


def _looks_like_path(name: str) -> bool:
    return "/" in name or "\\" in name or name.startswith(".")


def _find_theme(name: str, near: Path | None) -> Path:
    if _looks_like_path(name):
        folder = (near / name if near and not Path(name).is_absolute() else Path(name)).resolve()
        if (folder / "theme.yaml").is_file():
            return folder
        raise RecapdeckError(
            Problem(
                Location(folder),
                "no theme.yaml in this folder; a theme is a folder holding a theme.yaml",
            )
        )
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise RecapdeckError(Problem(None, f"'{name}' is not a theme name or folder"))
    themes = available_themes(near)
    for theme_name, folder, _ in themes:
        if theme_name == name:
            return folder
    known = [t[0] for t in themes]
    raise RecapdeckError(
        Problem(
            None,
            f"unknown theme '{name}'{suggest(name, known)}; available themes: "
            f"{', '.join(known) or 'none'} (or give the path of a theme folder)",
        )
    )


def _read_theme_file(
    folder: Path, near: Path | None
) -> tuple[dict[str, Any], Path | None, Location | None]:
    doc = read_yaml(folder / "theme.yaml", what="theme")
    if not isinstance(doc.data, dict):
        raise RecapdeckError(
            Problem(doc.where(()), "a theme.yaml must be a mapping of keys such as 'colors:'")
        )
    try:
        ThemeFile.model_validate(doc.data)
    except ValidationError as exc:
        raise RecapdeckError(schema_problems(exc, doc, ThemeFile)) from None
    parent = doc.data.get("extends")
    if not parent:
        return doc.data, None, None
    where = doc.where(("extends",))
    base = folder.parent
    if "/" in parent or parent.startswith("."):
        return doc.data, _find_theme(str((folder / parent).resolve()), None), where
    sibling = base / parent
    if (sibling / "theme.yaml").is_file() and sibling.resolve() != folder.resolve():
        return doc.data, sibling, where
    try:
        return doc.data, _find_theme(parent, near), where
    except RecapdeckError as exc:
        raise RecapdeckError(
            Problem(doc.where(("extends",)), exc.problems[0].message, "extends")
        ) from None


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _resolve_file(
    chain: list[tuple[Path, dict[str, Any]]], key: str, roots: Sequence[Path] | None
) -> Path | None:
    """Resolve a file setting against the folder of the theme that set it."""
    for folder, data in chain:
        if data.get(key):
            if why := outside_roots(folder / data[key], roots, f"'{data[key]}'"):
                raise RecapdeckError(Problem(Location(folder / "theme.yaml"), why, key))
            path: Path = (folder / data[key]).resolve()
            if not path.is_file():
                raise RecapdeckError(
                    Problem(
                        Location(folder / "theme.yaml"),
                        f"{key}: '{data[key]}' not found in {folder}",
                        key,
                    )
                )
            return path
    return None
