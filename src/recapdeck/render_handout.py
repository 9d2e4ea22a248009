"""render_handout(): the speaker-notes handout (Markdown or HTML) from the DeckPlan of the deck.

The look belongs to the theme: Jinja2 templates ``handout.md.j2`` and ``handout.html.j2`` (and
``handout.css``) are looked up in the theme's folder first, then in the themes it extends. A
template can extend its parent's version by prefixing the parent theme's name, e.g.
``{% extends "default/handout.html.j2" %}``, and override a single block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from .deckplan import DeckPlan, PicturePlan, SlidePlan
from .errors import Location, Problem, RecapdeckError
from .fit import METRIC_TWINS
from .markup import Para, Run
from .notes import date_text
from .theme import Theme
from .timing import SlideTime, Timing, clock

FORMATS = ("md", "html")
TEMPLATES = {"md": "handout.md.j2", "html": "handout.html.j2"}
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


@dataclass(frozen=True)
class PointNode:
    """A bullet with its sub-bullets, as nested lists want them."""

    para: Para
    children: tuple[Para, ...] = ()


@dataclass(frozen=True)
class HandoutEntry:
    """One slide as the handout shows it."""

    slide: SlidePlan
    time: SlideTime
    points: tuple[PointNode, ...]
    quote: tuple[Para, ...]
    attribution: str
    pictures: tuple[PicturePlan, ...]
    thumbnail: str | None = None
    images: Mapping[Path, str] = field(default_factory=dict)


def handout_environment(theme: Theme) -> jinja2.Environment:
    """A sandboxed Jinja2 environment over the theme's templates, autoescaping HTML.

    The sandbox matters because themes travel with outlines: a template from someone else's
    repository could otherwise reach Python internals (``cycler.__init__.__globals__``) and
    run commands during a CI build.
    """
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(f)) for f in theme.folders]
    by_name = {f.name: jinja2.FileSystemLoader(str(f)) for f in theme.folders}
    loaders.append(jinja2.PrefixLoader(by_name))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=lambda name: bool(name) and name.endswith((".html.j2", ".html")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md_runs=md_runs,
        html_runs=html_runs,
        md_escape=md_escape,
        clock=clock,
        date_text=date_text,
        safe_url=safe_url,
    )
    return env


def check_templates(theme: Theme, formats: Sequence[str] = FORMATS) -> None:
    """Compile the theme's handout templates, so syntax errors surface before any build."""
    env = handout_environment(theme)
    for fmt in formats:
        try:
            env.get_template(TEMPLATES[fmt])
        except jinja2.TemplateError as exc:
            raise _template_error(exc, theme, TEMPLATES[fmt]) from None


def render_handout(
    plan: DeckPlan,
    theme: Theme,
    timing: Timing,
    *,
    fmt: str,
    thumbnails: Sequence[str] | None = None,
    images: Mapping[Path, str] | None = None,
) -> str:
    """Render the handout of ``plan`` as ``fmt`` ("md" or "html").

    ``thumbnails`` are data URIs of the rendered slides (one per slide) when the deck has been
    converted; ``images`` maps screenshot files to data URIs to show when it has not.
    """
    env = handout_environment(theme)
    entries = [
        _entry(slide, time, thumbnails[i] if thumbnails else None, images or {})
        for i, (slide, time) in enumerate(zip(plan.slides, timing.slides, strict=True))
    ]
    context: dict[str, Any] = {
        "meta": plan.meta,
        "entries": entries,
        "timing": timing,
        "colors": theme.colors,
        "fonts": theme.fonts,
        "font_stack": _font_stack(theme),
        "theme": theme.name,
        "over_time": bool(plan.meta.duration and timing.minutes > plan.meta.duration),
    }
    name = TEMPLATES[fmt]
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, theme, name) from None


def _font_stack(theme: Theme) -> Markup:
    """CSS fallbacks after the theme's fonts: their metric twins, then generic sans-serif."""
    twins = [METRIC_TWINS.get(f.lower()) for f in (theme.fonts.body, theme.fonts.heading)]
    names = [f'"{t}"' for t in dict.fromkeys(t for t in twins if t)]
    return Markup(", ".join([*names, "sans-serif"]))


def _entry(
    slide: SlidePlan, time: SlideTime, thumbnail: str | None, images: Mapping[Path, str]
) -> HandoutEntry:
    nodes: list[PointNode] = []
    for frame in slide.frames:
        if frame.role != "body":
            continue
        for para in frame.paras:
            if para.level and nodes:
                nodes[-1] = PointNode(nodes[-1].para, (*nodes[-1].children, para))
            else:
                nodes.append(PointNode(para))
    quote = tuple(p for f in slide.frames if f.role == "quote" for p in f.paras)
    attribution = " ".join(p.text for f in slide.frames if f.role == "attribution" for p in f.paras)
    pictures = tuple(p for p in slide.pictures if not p.oval)
    return HandoutEntry(slide, time, tuple(nodes), quote, attribution, pictures, thumbnail,
                        images)  # fmt: skip


def safe_url(url: str | None) -> str | None:
    """``url`` when it is http, https or mailto; None otherwise (never a javascript: link)."""
    return url if url and _SAFE_LINK.match(url) else None


def md_escape(text: str) -> str:
    """Text with Markdown's special characters escaped, so it shows as written."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


def md_runs(runs: Sequence[Run] | Para) -> str:
    """Styled runs as inline Markdown."""
    if isinstance(runs, Para):
        runs = runs.runs
    out = []
    for run in runs:
        text = md_escape(run.text)
        if not text.strip():
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        core = text.strip()
        if run.code:
            core = f"`{run.text.strip().replace('`', '')}`"
        if run.bold:
            core = f"**{core}**"
        if run.italic:
            core = f"*{core}*"
        url = safe_url(run.link)
        if url:
            core = f"[{core}](<{url.replace('>', '%3E')}>)"
        out.append(f"{lead}{core}{trail}")
    return "".join(out)


def html_runs(runs: Sequence[Run] | Para) -> Markup:
    """Styled runs as escaped inline HTML."""
    if isinstance(runs, Para):
        runs = runs.runs
    out = []
    for run in runs:
        html = escape(run.text)
        if run.code:
            html = Markup("<code>{}</code>").format(html)
        if run.bold:
            html = Markup("<strong>{}</strong>").format(html)
        if run.italic:
            html = Markup("<em>{}</em>").format(html)
        url = safe_url(run.link)
        if url:
            html = Markup('<a href="{}">{}</a>').format(url, html)
        out.append(html)
    return Markup("").join(out)


def _template_error(exc: jinja2.TemplateError, theme: Theme, name: str) -> RecapdeckError:
    """Point a Jinja2 error at the template file and line."""
    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None) or 0
    if not filename:
        tb = exc.__traceback__
        while tb is not None:
            frame_file = tb.tb_frame.f_code.co_filename
            if frame_file.endswith(".j2"):
                filename, line = frame_file, tb.tb_lineno
            tb = tb.tb_next
    path = Path(filename) if filename else theme.folder / name
    message = (getattr(exc, "message", None) or str(exc)).rstrip(".")
    return RecapdeckError(
        Problem(
            Location(path, line),
            f"handout template error: {message}; fix the template (theme '{theme.name}')",
        )
    )
