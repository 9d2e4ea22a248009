"""render_handout(): the speaker-notes handout (Markdown or HTML) from the DeckPlan of the deck.

The look belongs to the theme: Jinja2 templates ``handout.md.j2`` and ``handout.html.j2`` (and
``handout.css``) are looked up in the theme's folder first, then in the themes it extends. A
template can extend its parent's version by prefixing the parent theme's name, e.g.
``{% extends "default/handout.html.j2" %}``, and override a single block.
"""

from __future__ import annotations

import importlib.util
import marshal
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import Any, cast

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from ..cache import ImageCache, code_fingerprint
from ..errors import Location, Problem, RecapdeckError
from ..language import run_language
from ..load.theme import Theme
from ..markup import Para, Run, encode_url, url_problem
from ..plan.fonts import METRIC_TWINS
from ..plan.model import DeckPlan, PicturePlan, SlidePlan
from ..plan.notes import date_text
from ..plan.timing import SlideTime, Timing, clock
from .fragments import FragmentStore, RecordingLoader
from .template_budget import (
    TEMPLATE_FAILURES,
    BudgetedSandbox,
    ThemeFileLoader,
    counted_range,
    failure_message,
    render_budgeted,
    width_capped,
)

FORMATS = ("md", "html")
TEMPLATES = {"md": "handout.md.j2", "html": "handout.html.j2"}
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
COMPILED_FOLDER = "templates"
"""The cache folder's sub-folder of compiled handout templates."""
COMPILED_LIMIT = 20_000_000
"""Bytes the compiled templates kept there may take."""


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


class CompiledTemplates(jinja2.BytecodeCache):
    """Handout templates compiled once and reused while their source text stays the same.

    Compiling the two handout templates is most of what a handout costs; watch mode rebuilds in
    the same process, and :func:`check_templates` and :func:`render_handout` each make their own
    environment. Keyed by template name and file, and checked against the source text that was
    just read (Jinja2's bytecode cache protocol), so an edited template is compiled again
    whatever its timestamps say, and a fresh environment per build finds a template newly added
    to a theme that overrides its parent's. The code depends on the environment's settings, so
    this cache is for the environments of :func:`handout_environment` only. Explicit and bounded:
    the caller keeps one (a build's :class:`recapdeck.pipeline.BuildContext` does) and passes it
    in; the least recently used entries go past ``limit``. With ``disk`` (the cache folder), the
    code outlasts the process too, keyed by the source text, recapdeck's code, Jinja2's version
    and Python's bytecode version, so a new ``recapdeck build`` does not compile again.
    """

    def __init__(self, *, limit: int = 64, disk: ImageCache | None = None) -> None:
        self.limit = limit
        self._code: OrderedDict[str, tuple[str, CodeType]] = OrderedDict()
        self._disk = (
            ImageCache(disk.folder, limit=COMPILED_LIMIT, entries=COMPILED_FOLDER)
            if disk is not None
            else None
        )

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give ``bucket`` the code compiled before from the same name, file and source."""
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            self._code.move_to_end(bucket.key)
            bucket.code = found[1]
            return
        if self._disk is None or (stored := self._disk.get(self._disk_key(bucket))) is None:
            return
        try:
            code = marshal.loads(stored[0])
        except (ValueError, EOFError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code
            self._keep(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code Jinja2 just compiled for ``bucket``."""
        if bucket.code is None:
            return
        self._keep(bucket)
        if self._disk is not None:
            self._disk.put(self._disk_key(bucket), marshal.dumps(bucket.code), "code")

    def clear(self) -> None:
        """Forget every compiled template (in memory)."""
        self._code.clear()

    def prune(self) -> None:
        """Bound the code kept in the cache folder (least recently used goes first)."""
        if self._disk is not None:
            self._disk.prune()

    def _keep(self, bucket: Bucket) -> None:
        assert bucket.code is not None
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        self._code.move_to_end(bucket.key)
        while len(self._code) > self.limit:
            self._code.popitem(last=False)

    @staticmethod
    def _disk_key(bucket: Bucket) -> str:
        magic = importlib.util.MAGIC_NUMBER.hex()
        return ImageCache.key(
            "handout-code", code_fingerprint(), jinja2.__version__, magic, bucket.key,
            bucket.checksum,
        )  # fmt: skip


def handout_environment(theme: Theme, compiled: CompiledTemplates | None = None) -> BudgetedSandbox:
    """A sandboxed Jinja2 environment over the theme's templates, autoescaping HTML.

    The sandbox matters because themes travel with outlines: a template from someone else's
    repository could otherwise reach Python internals (``cycler.__init__.__globals__``) and
    run commands during a CI build. With ``compiled``, templates whose source has not changed
    since they went into it are not compiled again.
    """
    loaders: list[jinja2.BaseLoader] = [ThemeFileLoader(str(f)) for f in theme.folders]
    by_name = {f.name: ThemeFileLoader(str(f)) for f in theme.folders}
    loaders.append(jinja2.PrefixLoader(by_name))
    env = BudgetedSandbox(
        loader=RecordingLoader(jinja2.ChoiceLoader(loaders)),
        autoescape=lambda name: bool(name) and name.endswith((".html.j2", ".html")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled,
    )
    env.filters.update(
        md_runs=md_runs,
        html_runs=html_runs,
        md_escape=md_escape,
        clock=clock,
        date_text=date_text,
        safe_url=safe_url,
        md_url=md_url,
    )
    for name in ("center", "indent", "wordwrap"):
        env.filters[name] = width_capped(env.filters[name])
    env.globals.pop("lipsum", None)  # up to any number of paragraphs of filler text
    env.globals["range"] = counted_range
    return env


def check_templates(
    theme: Theme, formats: Sequence[str] = FORMATS, compiled: CompiledTemplates | None = None
) -> None:
    """Compile the theme's handout templates, so syntax errors surface before any build."""
    env = handout_environment(theme, compiled)
    for fmt in formats:
        try:
            env.get_template(TEMPLATES[fmt])
        except (jinja2.TemplateError, *TEMPLATE_FAILURES) as exc:
            raise _template_error(exc, theme, TEMPLATES[fmt]) from None


def render_handout(
    plan: DeckPlan,
    theme: Theme,
    timing: Timing,
    *,
    fmt: str,
    thumbnails: Sequence[str] | None = None,
    images: Mapping[Path, str] | None = None,
    compiled: CompiledTemplates | None = None,
    fragments: FragmentStore | None = None,
) -> str:
    """Render the handout of ``plan`` as ``fmt`` ("md" or "html").

    ``thumbnails`` are data URIs of the rendered slides (one per slide) when the deck has been
    converted; ``images`` maps screenshot files to data URIs to show when it has not.
    ``compiled`` keeps compiled templates between calls (see :class:`CompiledTemplates`);
    ``fragments`` the blocks rendered by the last call, reused where their inputs are the same
    (see :mod:`.fragments`). :func:`render_handout_utf8` gives the same text as the bytes of
    the file.
    """
    text = _render(plan, theme, timing, fmt=fmt, thumbnails=thumbnails, images=images,
                   compiled=compiled, fragments=fragments)  # fmt: skip
    return cast(str, text)


def render_handout_utf8(plan: DeckPlan, theme: Theme, timing: Timing, **options: Any) -> bytes:
    """:func:`render_handout` (the same keyword options), encoded as UTF-8 as it is rendered:
    at 500 illustrated slides this takes half the memory of the text and its encoding."""
    return cast(bytes, _render(plan, theme, timing, encoding="utf-8", **options))


def _render(
    plan: DeckPlan,
    theme: Theme,
    timing: Timing,
    *,
    fmt: str,
    thumbnails: Sequence[str] | None = None,
    images: Mapping[Path, str] | None = None,
    compiled: CompiledTemplates | None = None,
    fragments: FragmentStore | None = None,
    encoding: str | None = None,
) -> str | bytes:
    env = handout_environment(theme, compiled)
    if thumbnails is not None and len(thumbnails) != len(plan.slides):
        raise RecapdeckError(
            f"the deck's PDF has {len(thumbnails)} pages but the deck has {len(plan.slides)} "
            "slides, so the handout cannot show a picture of each slide; LibreOffice did not "
            "convert the whole deck: build again, and check that the .pptx opens in LibreOffice "
            "Impress"
        )
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
        "language": plan.props.language,
        "lang_of": lambda text: _other_language(text, plan.props.language),
        "over_time": bool(plan.meta.duration and timing.minutes > plan.meta.duration),
    }
    name = TEMPLATES[fmt]
    session = None
    if fragments is not None:
        session = fragments.session(name, context, cast(RecordingLoader, env.loader))
        session.start(env, context)
        env.on_load = session.wrap
    try:
        text = render_budgeted(env, env.get_template(name), context, encoding=encoding)
        if session is not None:
            session.finish()
    except (jinja2.TemplateError, *TEMPLATE_FAILURES) as exc:
        raise _template_error(exc, theme, name) from None
    finally:
        env.on_load = None
        if session is not None:
            session.close()  # after a failure, nothing is kept
    return text


def _font_stack(theme: Theme) -> Markup:
    """CSS fallbacks after the theme's fonts: their metric twins, then generic sans-serif."""
    twins = [METRIC_TWINS.get(f.lower()) for f in (theme.fonts.body, theme.fonts.heading)]
    names = [f'"{t}"' for t in dict.fromkeys(t for t in twins if t)]
    return Markup(", ".join([*names, "sans-serif"]))


def _other_language(text: str, language: str) -> str:
    """The language ``text`` is mostly in when that is not the deck's, else ""."""
    found = run_language(text, language).lang
    return found if found != language else ""


def _entry(
    slide: SlidePlan, time: SlideTime, thumbnail: str | None, images: Mapping[Path, str]
) -> HandoutEntry:
    nodes: list[PointNode] = []
    for para in slide.content.points:
        if para.level and nodes:
            nodes[-1] = PointNode(nodes[-1].para, (*nodes[-1].children, para))
        else:
            nodes.append(PointNode(para))
    content = slide.content
    pictures = tuple(p for p in slide.pictures if p.is_screenshot)
    return HandoutEntry(slide, time, tuple(nodes), content.quote, content.attribution, pictures,
                        thumbnail, images)  # fmt: skip


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a well-formed http, https or mailto address; None otherwise (never
    a javascript: link, never one that would break out of the link around it)."""
    return url if url and _SAFE_LINK.match(url) and url_problem(url) is None else None


def md_url(url: str | None) -> str:
    """``url`` percent-encoded for ``<...>`` in Markdown; empty when it is not a safe link."""
    safe = safe_url(url)
    return encode_url(safe) if safe else ""


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
        url = md_url(run.link)
        if url:
            core = f"[{core}](<{url}>)"
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


def _template_error(exc: BaseException, theme: Theme, name: str) -> RecapdeckError:
    """Point a Jinja2 error (or what a template made Python raise) at the template file and
    line."""
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
    if not isinstance(exc, jinja2.TemplateError):
        message = failure_message(exc)
    return RecapdeckError(
        Problem(
            Location(path, line),
            f"handout template error: {message}; fix the template (theme '{theme.name}')",
        )
    )
