"""Which layout of a company template each slide kind uses, and the theme that says so.

Slide kinds are matched to layouts by the standard English names, then by layout type and
placeholder composition (so translated and renamed layouts work), then by a fallback that warns
what to add. :func:`describe` and :func:`theme_yaml` put the mapping into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..colors import contrast_ratio
from ..errors import BuildWarning, Location, Problem, RecapdeckError
from ..units import EMU_PER_INCH
from .read import KINDS, LayoutChoice, LayoutInfo, PlaceholderInfo, TemplateInfo

_NAMES = {
    "title": ("Title Slide",),
    "section": ("Section Header",),
    "content": ("Title and Content", "Title and Text"),
    "content_picture": ("Two Content",),
    "picture": ("Title Only",),
    "quote": ("Blank",),
    "closing": ("Title Slide",),
}
_TYPES = {
    "title": ("title",),
    "section": ("secHead",),
    "content": ("obj", "tx"),
    "content_picture": ("twoObj", "twoTxTwoObj", "objTx"),
    "picture": ("titleOnly",),
    "quote": ("blank", "titleOnly"),
    "closing": ("title", "secHead"),
}


def map_layouts(
    info: TemplateInfo, explicit: Mapping[str, Mapping[str, Any]], where: Location
) -> tuple[dict[str, LayoutChoice], list[BuildWarning]]:
    """Choose a layout for every slide kind: explicit, English name, type, composition, fallback.

    ``explicit`` maps a kind to ``{"layout": name, "title": idx, "body": idx, "picture": idx}``.
    """
    choices: dict[str, LayoutChoice] = {}
    warnings: list[BuildWarning] = []
    for kind in KINDS:
        wanted = explicit.get(kind)
        if wanted:
            layout = info.layout(str(wanted.get("layout", "")))
            if layout is None:
                names = ", ".join(f"'{x.name}'" for x in info.layouts)
                raise RecapdeckError(
                    Problem(
                        where,
                        f"layouts.{kind}: the template has no layout named "
                        f"'{wanted.get('layout')}'; its layouts are {names}",
                    )
                )
            choices[kind] = _assign(kind, layout, "explicit", wanted)
            continue
        choice, note = _automatic(kind, info)
        choices[kind] = choice
        if note:
            warnings.append(BuildWarning(where, note))
    return choices, warnings


def describe(info: TemplateInfo, choices: Mapping[str, LayoutChoice]) -> str:
    """The text `recapdeck template inspect` prints."""
    w, h = info.slide_width / EMU_PER_INCH, info.slide_height / EMU_PER_INCH
    ratio = "16:9" if abs(w / h - 16 / 9) < 0.01 else "4:3" if abs(w / h - 4 / 3) < 0.01 else ""
    lines = [
        f"template: {info.path}",
        f"slide size: {w:.3f} × {h:.3f} in {ratio}".rstrip(),
        f"theme fonts: headings '{info.fonts[0]}', body '{info.fonts[1]}'",
        "theme colours: " + ", ".join(f"{k} {v}" for k, v in info.colors.items()),
        f"sample slides: {info.sample_slides} (removed when building)",
    ]
    if info.macros_removed:
        lines.append("macros: present in the file; recapdeck ignores and drops them")
    for target in info.links_dropped:
        lines.append(f"external reference dropped (not a web link): {target}")
    masters = sorted({layout.master for layout in info.layouts})
    for m in masters:
        lines.append(f"master {m + 1}:")
        for layout in (x for x in info.layouts if x.master == m):
            lines.append(f"  layout '{layout.name}' (type {layout.type or 'none'})")
            for ph in layout.placeholders:
                x, y, pw, ph_h = (v / EMU_PER_INCH for v in ph.box)
                lines.append(
                    f"    idx {ph.idx:<3} {ph.type:<8} at {x:.2f}, {y:.2f} in, "
                    f"{pw:.2f} × {ph_h:.2f} in  '{ph.name}'"
                )
    lines.append("mapping:")
    for kind in KINDS:
        c = choices[kind]
        parts = [f"  {kind:<16} → '{c.layout.name}' ({c.how})"]
        for role in ("title", "subtitle", "body", "picture"):
            ph = getattr(c, role)
            if ph is not None:
                parts.append(f"{role} idx {ph.idx}")
        lines.append(", ".join(parts))
    return "\n".join(lines) + "\n"


def theme_yaml(name: str, info: TemplateInfo, choices: Mapping[str, LayoutChoice],
               template_ref: str) -> str:  # fmt: skip
    """A theme.yaml spelling out the mapping for the user to adjust."""
    lines = [
        f"# Theme '{name}' made by `recapdeck theme new` from {info.path.name}.",
        "# Each slide kind names the template layout it uses and which placeholder (by idx)",
        "# takes the title, the body text and the pictures. Edit the mapping to taste;",
        "# `recapdeck template inspect` lists every layout and placeholder.",
        f"name: {name}",
        f"template: {template_ref}",
        "layouts:",
    ]
    for kind in KINDS:
        c = choices[kind]
        lines.append(f"  {kind}:  # chosen by {c.how}")
        lines.append(f"    layout: {_yaml_str(c.layout.name)}")
        for role in ("title", "subtitle", "body", "picture"):
            ph = getattr(c, role)
            if ph is not None:
                lines.append(f"    {role}: {ph.idx}")
    lines += [
        "# Fonts and colours come from the template's theme; uncomment to override.",
        f"# fonts: {{heading: {_yaml_str(info.fonts[0])}, body: {_yaml_str(info.fonts[1])}}}",
        f"# colors: {{accent: '{info.colors.get('accent1', '#1F5FBF')}'}}",
        "",
    ]
    return "\n".join(lines)


def template_colors(scheme: Mapping[str, str]) -> dict[str, str]:
    """recapdeck's palette from a template's colour scheme, keeping text readable (WCAG AA)."""
    text = scheme.get("dk1", "#000000")
    background = scheme.get("lt1", "#FFFFFF")

    def readable(color: str | None, on: str, fallback: str) -> str:
        return color if color and contrast_ratio(color, on) >= 4.5 else fallback

    accent = scheme.get("accent1", "#1F5FBF")
    light_on_accent = contrast_ratio(background, accent) >= contrast_ratio(text, accent)
    # the NEW badge: the template's first accent white reads on, else its darkest text colour
    # (never a colour of recapdeck's own on a company's deck)
    ranked = [scheme.get(f"accent{n}") for n in (2, 6, 5, 4, 3, 1)]
    ranked += [scheme.get("dk2"), scheme.get("dk1"), "#000000"]
    new = next(c for c in ranked if c and contrast_ratio(c, "#FFFFFF") >= 4.5)
    surface = scheme.get("lt2", background)
    surface = surface if contrast_ratio(text, surface) >= 4.5 else background
    # links sit on the slide and on the cards' panels, where text reads too
    hlink = scheme.get("hlink", text)
    on_both = min(contrast_ratio(hlink, g) for g in (background, surface)) >= 4.5
    link = hlink if on_both else text
    return {
        "background": background,
        "surface": surface,
        "text": text,
        "muted": readable(scheme.get("dk2"), background, text),
        "accent": accent,
        "on_accent": background if light_on_accent else text,
        "new": new,
        "on_new": "#FFFFFF",
        "link": link,
    }


def _assign(kind: str, layout: LayoutInfo, how: str,
            wanted: Mapping[str, Any] | None = None) -> LayoutChoice:  # fmt: skip
    """Pick the placeholders of ``layout`` that take the title, subtitle, body and picture."""
    wanted = wanted or {}
    by_idx = {p.idx: p for p in layout.placeholders}

    def pick(role: str, default: PlaceholderInfo | None) -> PlaceholderInfo | None:
        if role in wanted and wanted[role] is not None:
            return by_idx.get(int(wanted[role]), default)
        return default

    titles = layout.of_type("ctrTitle", "title")
    subtitles = layout.of_type("subTitle")
    bodies = sorted(layout.of_type("body", "obj"), key=lambda p: (p.box[0], -p.area))
    pictures = layout.of_type("pic")
    title = titles[0] if titles else None
    if title is None and kind not in ("title", "closing", "quote"):
        title = heading_placeholder(layout)
        bodies = [b for b in bodies if b is not title]
        subtitles = [b for b in subtitles if b is not title]
    subtitle = subtitles[0] if subtitles else None
    body = None
    picture = None
    if kind in ("content", "content_picture", "section"):
        ranked = sorted(bodies, key=lambda p: -p.area)
        if kind == "content_picture" and len(bodies) >= 2:
            body, picture = bodies[0], bodies[1]  # left one takes text, right one the picture
        elif ranked:
            body = ranked[0]
        if kind == "content_picture" and picture is None and pictures:
            picture = pictures[0]
    if kind in ("title", "closing") and subtitle is None:
        subtitle = next(iter(sorted(bodies, key=lambda p: -p.area)), None)
    if kind == "picture":
        picture = pictures[0] if pictures else None
    return LayoutChoice(
        kind,
        layout,
        how,
        pick("title", title),
        pick("body", body),
        pick("picture", picture),
        pick("subtitle", subtitle),
    )


def heading_placeholder(layout: LayoutInfo) -> PlaceholderInfo | None:
    """For a layout without a title placeholder: a text placeholder above its main content,
    wider than tall, that serves as the title (custom layouts put a subtitle there)."""
    texts = [p for p in layout.placeholders if p.type in ("subTitle", "body", "obj")]
    if len(texts) < 2 or layout.of_type("title", "ctrTitle"):
        return None
    main = max(texts, key=lambda p: p.area)
    above = [
        p
        for p in texts
        if p is not main
        and p.box[1] + p.box[3] <= main.box[1] + main.box[3] // 10
        and p.box[2] >= 2 * p.box[3]
        and p.box[2] >= main.box[2] // 2
        and not p.vertical
    ]
    return max(above, key=lambda p: p.box[2]) if above else None


def _automatic(kind: str, info: TemplateInfo) -> tuple[LayoutChoice, str]:
    layouts = info.layouts
    for name in _NAMES[kind]:
        found = [x for x in layouts if x.name.strip().lower() == name.lower()]
        if found:
            return _assign(kind, found[0], "name"), ""
    for layout_type in _TYPES[kind]:
        found = [x for x in layouts if x.type == layout_type]
        if found:
            note = ""
            if len(found) > 1:
                names = ", ".join(f"'{x.name}'" for x in found)
                note = (
                    f"{kind} slides: layouts {names} are all of type '{layout_type}'; using "
                    f"'{found[0].name}'. Name one under layouts.{kind} in theme.yaml to "
                    "choose"
                )
            return _assign(kind, found[0], "type"), note
    composed = [x for x in layouts if _fits(kind, x, info.slide_height)]
    if composed:
        return _assign(kind, composed[0], "composition"), ""
    if kind == "content_picture":
        # no side-by-side layout: the content layout, its body shared by text and picture
        content = _automatic("content", info)[0]
        if content.how != "fallback":
            return _assign(kind, content.layout, "composition"), ""
    fallback = _fallback(kind, layouts, info.slide_height)
    need = {
        "title": "title slide layout (a centred title and a subtitle)",
        "section": "section header layout (a title and a line of text)",
        "content": "layout with a title and one content placeholder",
        "content_picture": "layout with a title and two content placeholders",
        "picture": "layout with only a title",
        "quote": "blank layout",
        "closing": "title slide layout",
    }[kind]
    note = (
        f"{kind} slides: the template has no {need}; using '{fallback.name}' and placing "
        "what is missing within its content area. Add such a layout to the template, or "
        f"name one under layouts.{kind} in theme.yaml"
    )
    return _assign(kind, fallback, "fallback"), note


def _fits(kind: str, layout: LayoutInfo, slide_height: int) -> bool:
    """Whether ``layout``'s placeholders suit ``kind`` (for renamed, translated, custom layouts)."""
    titles = layout.of_type("title", "ctrTitle")
    centred = layout.of_type("ctrTitle")
    subs = layout.of_type("subTitle")
    heading = titles[0] if titles else heading_placeholder(layout)
    content = [p for p in layout.content if p.type in ("body", "obj", "pic") and p is not heading]
    if any(p.vertical for p in (*titles, *content)):
        return False  # vertical-text layouts are for East Asian scripts, not for bullets
    if titles and content and not all(p.box[1] >= titles[0].box[1] for p in content):
        return False  # a title below its content is not a slide title
    if kind in ("title", "closing"):
        return bool(centred) or (bool(titles) and bool(subs))
    if kind == "section":
        return (
            bool(titles)
            and len(content) == 1
            and content[0].type == "body"
            and (content[0].area < titles[0].area * 1.5)
        )
    if kind == "quote":
        return not titles and not content
    if heading is None or (titles and titles[0].type == "ctrTitle"):
        return False
    if kind == "content":
        return (
            len(content) == 1
            and content[0].type in ("body", "obj")
            and content[0].area >= heading.area * 1.5
        )
    if heading.box[1] > slide_height // 5 and kind in ("content", "content_picture", "picture"):
        return False  # a title in the middle of the slide leaves no room for content under it
    if _art_under(layout, heading, slide_height) > 0.08:
        return False  # the layout draws its own art where content would go
    if kind == "content_picture":
        return len(content) == 2 and _side_by_side(*content)
    if kind == "picture":
        return not content and not subs
    return False


def _art_under(layout: LayoutInfo, heading: PlaceholderInfo | None, slide_height: int) -> float:
    """The share of the area under the heading (to the slide's bottom) that the layout's own
    art covers: a quiz layout's "TRUE or FALSE?", a sample chart, buttons."""
    top = heading.box[1] + heading.box[3] if heading is not None else 0
    width = max((p.box[0] + p.box[2] for p in layout.placeholders), default=0)
    zone = max(width, 1) * max(slide_height - top, 1)
    covered = 0
    for _x, y, w, h in layout.own_art:
        covered += w * max(0, min(y + h, slide_height) - max(y, top))
    return covered / zone


def _side_by_side(a: PlaceholderInfo, b: PlaceholderInfo) -> bool:
    """Whether two placeholders stand beside each other, much of a height, without overlap."""
    (ax, ay, aw, ah), (bx, by, bw, bh) = a.box, b.box
    shared = min(ay + ah, by + bh) - max(ay, by)
    apart = ax + aw <= bx or bx + bw <= ax
    return apart and shared >= 0.6 * min(ah, bh)


def _fallback(kind: str, layouts: tuple[LayoutInfo, ...], slide_height: int) -> LayoutInfo:
    def score(layout: LayoutInfo) -> tuple[int, int, int, int]:
        # a slide title and one content area is the most adaptable layout for any kind; a
        # section header's small text box is not a content area, and a layout with only a
        # title leaves the whole area under it, better than half of a two-column layout
        has_title = bool(layout.of_type("title")) or heading_placeholder(layout) is not None
        vertical = any(p.vertical for p in layout.placeholders)
        section_like = kind != "section" and _fits("section", layout, slide_height)
        count = len(layout.content) - (0 if layout.of_type("title") else 1)
        fit = 0 if count == 1 else 1 if count <= 0 else 2
        heading = next(iter(layout.of_type("title")), None) or heading_placeholder(layout)
        art = _art_under(layout, heading, slide_height) > 0.08
        low = heading is not None and heading.box[1] > slide_height // 5  # a title mid-slide
        unfit = section_like or layout.type == "secHead" or art or low
        return (int(vertical), 0 if has_title else 1, int(unfit and kind != "section"), fit)

    return sorted(layouts, key=score)[0]


def _yaml_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
