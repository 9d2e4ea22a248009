"""build(): load, plan, render and write one deck, deciding every output path.

Named builder.py, not build.py, so that the module never shadows the public `recapdeck.build`.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..cache import CacheStats, ImageCache, open_cache
from ..errors import BuildWarning, Location, Problem, RecapdeckError
from ..load.outline import Outline, project_root, read_outline, referenced_files, resolve_outline
from ..load.theme import Theme, builtin_themes_dir, load_theme
from ..plan.deck import DeckPlan, plan_deck
from ..plan.fit import Measurer
from ..plan.fonts import METRIC_TWINS, find_font, fonts_remembered
from ..plan.timing import Timing, estimate_timing
from ..writing import write_all, write_atomic
from . import uptodate

HANDOUT_FORMATS = ("md", "html")


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it noticed."""

    outline: Path
    pptx: Path
    handouts: tuple[Path, ...]
    pdfs: tuple[Path, ...]
    slides: int
    pictures: int
    bytes: int
    seconds: float
    minutes: int
    """Estimated talk length (see :mod:`recapdeck.plan.timing`)."""
    warnings: tuple[BuildWarning, ...]
    cache: CacheStats | None = None
    """What the image cache did (None with ``cache=False``)."""
    unchanged: bool = False
    """Nothing to do: the outputs on disk were already these (see :mod:`.uptodate`)."""

    @property
    def outputs(self) -> tuple[Path, ...]:
        """Every file the build wrote."""
        return (self.pptx, *self.handouts, *self.pdfs)


@dataclass(frozen=True)
class Prepared:
    """A validated outline with its theme, plan and run sheet: everything but the files."""

    outline: Outline
    theme: Theme
    plan: DeckPlan
    timing: Timing
    warnings: tuple[BuildWarning, ...]
    created: dt.datetime
    """The documents' date: SOURCE_DATE_EPOCH, else the event date, else 2000-01-01 (UTC)."""


def prepare(
    outline_path: Path | str,
    *,
    theme: str | Path | None = None,
    template: Path | str | None = None,
    allow_missing: bool = False,
    allow_outside_files: bool = False,
    strict: bool = False,
    handout: Sequence[str] = HANDOUT_FORMATS,
    cache: bool | Path | str | ImageCache = True,
) -> Prepared:
    """Load and check an outline and its theme and plan the deck; raise on any problem.

    Files the outline names must be inside its project or the theme's folders unless
    ``allow_outside_files`` (see :func:`recapdeck.load.outline.project_root`). ``cache`` names the
    cache folder (as for :func:`build`), where what was learnt about the fonts is kept.
    """
    when = document_time()  # a malformed SOURCE_DATE_EPOCH fails before any work
    outline = read_outline(outline_path)
    problems: list[Problem] = []
    chosen = None
    try:
        chosen = _load_theme(
            outline, theme, template=template, allow_outside_files=allow_outside_files
        )
    except RecapdeckError as exc:
        problems += exc.problems
    try:
        resolve_outline(
            outline,
            allow_missing=allow_missing,
            allow_outside_files=allow_outside_files,
            trusted=chosen.folders if chosen else (),
        )
    except RecapdeckError as exc:
        problems[:0] = exc.problems  # the outline's own problems first, in line order
    if problems or chosen is None:
        raise RecapdeckError(problems)
    if handout:
        from ..render.handout import check_templates

        check_templates(chosen, handout)
    image_cache = open_cache(cache)
    with fonts_remembered(image_cache.folder if image_cache is not None else None):
        measurer = make_measurer(chosen)
        plan = plan_deck(outline, chosen, measurer)
    created = when or _event_midnight(outline.event.date)
    plan = replace(plan, props=replace(plan.props, date=created.date()))
    timing = estimate_timing(plan)
    warnings = [*outline.warnings, *chosen.warnings]
    warnings += [
        BuildWarning(
            Location(chosen.folder / "theme.yaml"),
            f"font '{family}' (or its metric twin) is not installed; text is measured by "
            "estimate and may not fit exactly. Install it (Debian: fonts-crosextra-carlito "
            "for Calibri, fonts-liberation2 for Arial)",
        )
        for family in measurer.missing()
    ]
    warnings += plan.warnings
    if outline.duration and timing.minutes > outline.duration:
        warnings.append(
            BuildWarning(
                outline.key_location("duration"),
                f"the talk is estimated at {timing.minutes} min but the slot is "
                f"{outline.duration} min; trim notes or slides (see the run sheet in the handout)",
            )
        )
    if strict and warnings:
        raise RecapdeckError([w.as_problem() for w in warnings])
    return Prepared(outline, chosen, plan, timing, tuple(warnings), created)


SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
_NO_DATE = dt.date(2000, 1, 1)
"""The document date of an outline without an event date, when SOURCE_DATE_EPOCH is unset."""


def document_time() -> dt.datetime | None:
    """The time SOURCE_DATE_EPOCH sets (UTC), or None when it is unset.

    Reproducible-builds convention: when set, it is the date every output carries, whatever
    the outline says; a malformed value is an error rather than silently ignored.
    """
    value = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value:
        return None
    try:
        seconds = int(value)
        if seconds < 0:
            raise ValueError(value)
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise RecapdeckError(
            f"{SOURCE_DATE_EPOCH}={value!r} is not a whole number of seconds since "
            "1970-01-01 UTC; set it to e.g. the last commit's time ($(git log -1 --format=%ct)) "
            "or unset it"
        ) from None


def _event_midnight(date: dt.date | None) -> dt.datetime:
    return dt.datetime.combine(date or _NO_DATE, dt.time(0, 0), dt.UTC)


def _load_theme(
    outline: Outline,
    theme: str | Path | None,
    *,
    template: Path | str | None = None,
    allow_outside_files: bool,
) -> Theme:
    """The theme given explicitly, else the one the outline names (which must be trusted)."""
    near = outline.source.parent if outline.source else None
    if theme is None and "\x00" in (outline.theme or ""):
        # No file name holds a NUL byte; resolve_outline reports the character itself.
        raise RecapdeckError([])
    try:
        chosen = load_theme(
            theme or outline.theme, near=near, template=Path(template) if template else None
        )
    except RecapdeckError as exc:
        if theme is None and outline.theme:
            raise _at_theme_key(exc, outline) from None
        raise
    named = str(outline.theme or "")
    if theme is None and ("/" in named or "\\" in named or named.startswith(".")):
        # A theme folder named by path in the outline is a file the outline names.
        source = outline.source or Path.cwd() / "outline.yaml"
        allowed = [project_root(source), builtin_themes_dir().resolve()]
        inside = any(chosen.folder == r or r in chosen.folder.parents for r in allowed)
        if not inside and not allow_outside_files:
            where = outline.key_location("theme") or Location(source)
            raise RecapdeckError(
                Problem(
                    where,
                    f"the theme folder {chosen.folder} is outside the deck's project folder "
                    f"{allowed[0]}; copy the theme into the project, or, if you trust this "
                    "outline, pass --allow-outside-files (allow_outside_files=True from Python)",
                    "theme",
                )
            )
    return chosen


def make_measurer(theme: Theme) -> Measurer:
    """A text measurer with the theme's fonts (or their metric twins)."""
    families = {"heading": theme.fonts.heading, "body": theme.fonts.body, "mono": theme.fonts.mono}
    found = {}
    for role, family in families.items():
        found[role] = find_font(family, theme.folders)
    return Measurer(found)


def build(
    outline_path: Path | str,
    *,
    theme: str | Path | None = None,
    template: Path | str | None = None,
    out_dir: Path | str = "build",
    strict: bool = False,
    allow_missing: bool = False,
    allow_outside_files: bool = False,
    handout: Sequence[str] = HANDOUT_FORMATS,
    pdf: bool = False,
    cache: bool | Path | str | ImageCache = True,
) -> BuildResult:
    """Build the deck (and handouts, and PDFs) for one outline into ``out_dir``.

    Everything is rendered in memory first and written only when all of it succeeded, each file
    through a temporary name, so a failure never leaves a half-written file or clobbers the
    previous outputs. ``cache`` keeps processed screenshots between builds (see
    :mod:`recapdeck.cache`): True for the user cache folder, a path for another, False for none;
    the outputs are the same bytes either way.
    """
    started = time.perf_counter()
    handout = _check_formats(handout)
    image_cache = open_cache(cache)
    check = UpToDate.of(
        outline_path,
        image_cache,
        theme=theme,
        template=template,
        out_dir=out_dir,
        strict=strict,
        allow_missing=allow_missing,
        allow_outside_files=allow_outside_files,
        handout=handout,
        pdf=pdf,
    )
    if check is not None and (done := check.unchanged(started)) is not None:
        return done
    with _templates_compiled_once(handout):
        prepared = prepare(
            outline_path,
            theme=theme,
            template=template,
            allow_missing=allow_missing,
            allow_outside_files=allow_outside_files,
            strict=strict,
            handout=handout,
            cache=image_cache or False,
        )
        result = build_prepared(
            prepared,
            outline_path,
            out_dir=out_dir,
            handout=handout,
            pdf=pdf,
            cache=image_cache or False,
            started=started,
        )
    if check is not None:
        check.remember(prepared, result)
    return result


@dataclass(frozen=True)
class UpToDate:
    """Whether a build can be skipped, and its record once built (see :mod:`.uptodate`)."""

    outline: Path
    record: Path
    key: str

    @classmethod
    def of(
        cls,
        outline_path: Path | str,
        image_cache: ImageCache | None,
        *,
        theme: str | Path | None,
        template: Path | str | None,
        out_dir: Path | str,
        strict: bool,
        allow_missing: bool,
        allow_outside_files: bool,
        handout: Sequence[str],
        pdf: bool,
    ) -> UpToDate | None:
        """The check for this build, None without a cache (``--no-cache`` always builds)."""
        if image_cache is None:
            return None
        options = {
            "theme": str(theme) if theme is not None else None,
            "template": str(Path(template).absolute()) if template is not None else None,
            "out_dir": str(Path(out_dir).absolute()),
            "strict": strict,
            "allow_missing": allow_missing,
            "allow_outside_files": allow_outside_files,
            "handout": list(handout),
            "pdf": pdf,
        }
        outline = Path(outline_path)
        return cls(
            outline,
            uptodate.record_path(image_cache.folder, outline, Path(out_dir)),
            uptodate.build_key(outline, options),
        )

    def unchanged(self, started: float) -> BuildResult | None:
        """The last build's result when its outputs are still what building would write."""
        done = uptodate.still_fresh(self.record, self.key)
        return _unchanged(done, started) if done is not None else None

    def remember(self, prepared: Prepared, result: BuildResult) -> None:
        """Record what this build read and wrote, for the next one to compare."""
        theme = prepared.theme
        inputs = [
            self.outline,
            *uptodate.theme_files(theme.folders),
            *([theme.template.path] if theme.template is not None else []),
            *referenced_files(prepared.outline),
        ]
        uptodate.write_record(
            self.record, self.key, inputs, result.outputs, _facts(result), result.warnings
        )


def _facts(result: BuildResult) -> dict[str, Any]:
    """What a build that turns out unchanged reports again (see :func:`_unchanged`)."""
    return {
        "outline": str(result.outline),
        "pptx": str(result.pptx),
        "handouts": [str(p) for p in result.handouts],
        "pdfs": [str(p) for p in result.pdfs],
        "slides": result.slides,
        "pictures": result.pictures,
        "bytes": result.bytes,
        "minutes": result.minutes,
    }


def _unchanged(record: dict[str, Any], started: float) -> BuildResult:
    """The result of a build whose outputs are already what it would write."""
    facts = record["summary"]
    return BuildResult(
        outline=Path(facts["outline"]),
        pptx=Path(facts["pptx"]),
        handouts=tuple(Path(p) for p in facts["handouts"]),
        pdfs=tuple(Path(p) for p in facts["pdfs"]),
        slides=facts["slides"],
        pictures=facts["pictures"],
        bytes=facts["bytes"],
        seconds=time.perf_counter() - started,
        minutes=facts["minutes"],
        warnings=uptodate.warnings_from(record),
        unchanged=True,
    )


def _templates_compiled_once(handout: Sequence[str]) -> contextlib.AbstractContextManager[None]:
    """Compile each handout template once per build; nothing to do (or import) without one."""
    if not handout:
        return contextlib.nullcontext()
    from ..render.handout import templates_compiled_once

    return templates_compiled_once()


def build_prepared(
    prepared: Prepared,
    outline_path: Path | str,
    *,
    out_dir: Path | str,
    handout: Sequence[str],
    pdf: bool,
    cache: bool | Path | str | ImageCache,
    started: float,
) -> BuildResult:
    """The rest of :func:`build` once the outline is prepared: render, convert and write."""
    image_cache = open_cache(cache)
    pictures, deck = _render_deck(prepared, image_cache)
    converted: _DeckPdf | RecapdeckError | None = None
    if pdf:
        from ..export.libreoffice import preload_pdf_modules

        preload_pdf_modules()
        try:
            converted = _deck_pdf(
                deck, _stem(prepared, outline_path), prepared.theme, thumbnails=bool(handout)
            )
        except RecapdeckError as exc:
            converted = exc
    return _finish(
        prepared,
        outline_path,
        Path(out_dir),
        deck,
        handout,
        converted,
        pictures,
        image_cache,
        started,
    )


_DeckPdf = tuple[bytes, list[str] | None, list[BuildWarning]]
"""A deck's PDF (normalised), a thumbnail per slide (None: not needed) and warnings about its
fonts."""


def _stem(prepared: Prepared, outline_path: Path | str) -> str:
    return (prepared.outline.source or Path(outline_path)).stem


def _render_deck(
    prepared: Prepared, image_cache: ImageCache | None
) -> tuple[dict[Path, tuple[bytes, str]], bytes]:
    """The prepared pictures and the .pptx bytes of a prepared outline."""
    from ..render.pptx import render_deck

    return render_deck(prepared.plan, prepared.theme, cache=image_cache)


def _finish(
    prepared: Prepared,
    outline_path: Path | str,
    out: Path,
    deck: bytes,
    handout: Sequence[str],
    converted: _DeckPdf | RecapdeckError | None,
    pictures: dict[Path, tuple[bytes, str]] | None,
    image_cache: ImageCache | None,
    started: float,
) -> BuildResult:
    """Render the handouts (and the handout PDF) beside ``deck`` and write every output.

    ``converted`` is the deck's PDF when one was asked for (or why it failed); ``pictures``
    may be None when the caller did not keep them, and are then prepared again if needed.
    """
    source = prepared.outline.source or Path(outline_path)
    stem = source.stem
    warnings = list(prepared.warnings)
    files: dict[Path, bytes] = {out / f"{stem}.pptx": deck}
    thumbnails: list[str] | None = None
    pdf = converted is not None
    pdf_error = converted if isinstance(converted, RecapdeckError) else None
    if isinstance(converted, tuple):
        deck_pdf, thumbnails, font_warnings = converted
        files[out / f"{stem}.pdf"] = _dated_pdf(deck_pdf, prepared.created)
        warnings += font_warnings
    if pictures is None and thumbnails is None and "html" in handout:
        from ..render.pptx import prepare_pictures

        pictures = prepare_pictures(prepared.plan, cache=image_cache)
    handouts = _render_handouts(prepared, handout, thumbnails, pictures or {}, image_cache)
    for fmt, text in handouts.items():
        files[out / f"{stem}-handout.{fmt}"] = text.encode("utf-8")
    if pdf and handout and pdf_error is None:
        from ..export.libreoffice import html_to_pdf

        html = (
            handouts.get("html")
            or _render_handouts(prepared, ["html"], thumbnails, pictures or {}, image_cache)["html"]
        )
        try:
            files[out / f"{stem}-handout.pdf"] = html_to_pdf(html)
        except RecapdeckError as exc:
            pdf_error = exc
    if pdf_error is not None:
        files = {path: data for path, data in files.items() if path.suffix != ".pdf"}
    write_all(files)
    if image_cache is not None:
        image_cache.prune()
    if pdf_error is not None:
        written = ", ".join(p.name for p in files)
        raise RecapdeckError(
            [*pdf_error.problems, Problem(None, f"no PDFs were made; written to {out}: {written}")]
        )
    paths = list(files)
    return BuildResult(
        outline=source,
        pptx=paths[0],
        handouts=tuple(
            p for p in paths if p.name.startswith(f"{stem}-handout.") and p.suffix != ".pdf"
        ),
        pdfs=tuple(p for p in paths if p.suffix == ".pdf"),
        slides=len(prepared.plan.slides),
        pictures=sum(len(s.pictures) for s in prepared.plan.slides),
        bytes=len(deck),
        seconds=time.perf_counter() - started,
        minutes=prepared.timing.minutes,
        warnings=tuple(warnings),
        cache=image_cache.stats if image_cache is not None else None,
    )


def _dated_pdf(pdf: bytes, created: dt.datetime) -> bytes:
    """The deck PDF with LibreOffice's conversion time and random id replaced (see export)."""
    from ..export.libreoffice import normalise_pdf

    return normalise_pdf(pdf, created)


@dataclass(frozen=True)
class PreviewResult:
    """The contact sheet a preview wrote."""

    outline: Path
    png: Path
    slides: int
    seconds: float
    warnings: tuple[BuildWarning, ...]


def preview(
    outline_path: Path | str,
    *,
    theme: str | Path | None = None,
    template: Path | str | None = None,
    out_dir: Path | str = "build",
    allow_missing: bool = False,
    allow_outside_files: bool = False,
    strict: bool = False,
    columns: int = 4,
    cache: bool | Path | str | ImageCache = True,
) -> PreviewResult:
    """Render the deck with LibreOffice and write ``<stem>-preview.png``: every slide, numbered."""
    from ..export.libreoffice import contact_sheet, convert_to_pdf, pdf_page_images, png_bytes

    started = time.perf_counter()
    prepared = prepare(
        outline_path,
        theme=theme,
        template=template,
        allow_missing=allow_missing,
        allow_outside_files=allow_outside_files,
        strict=strict,
        handout=(),
        cache=cache,
    )
    source = prepared.outline.source or Path(outline_path)
    image_cache = open_cache(cache)
    _, deck = _render_deck(prepared, image_cache)
    if image_cache is not None:
        image_cache.prune()
    with tempfile.TemporaryDirectory(prefix="recapdeck-") as tmp:
        pptx = Path(tmp) / f"{source.stem}.pptx"
        pptx.write_bytes(deck)
        (pdf_path,) = convert_to_pdf([pptx], Path(tmp), font_dirs=_font_dirs(prepared.theme))
        pages = pdf_page_images(pdf_path, width=480)
    sheet = contact_sheet(pages, columns=columns, tile_width=480)
    target = Path(out_dir) / f"{source.stem}-preview.png"
    write_atomic(target, png_bytes(sheet))
    return PreviewResult(
        source, target, len(prepared.plan.slides), time.perf_counter() - started, prepared.warnings
    )


def _check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    from ..render.handout import FORMATS

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise RecapdeckError(
            f"unknown handout format '{unknown[0]}'; choose from {', '.join(FORMATS)}"
        )
    return tuple(dict.fromkeys(formats))


def _render_handouts(
    prepared: Prepared,
    formats: Sequence[str],
    thumbnails: list[str] | None,
    pictures: dict[Path, tuple[bytes, str]],
    cache: ImageCache | None,
) -> dict[str, str]:
    from ..render.handout import render_handout

    images = (
        _screenshot_uris(prepared.plan, pictures, cache)
        if thumbnails is None and "html" in formats
        else {}
    )
    return {
        fmt: render_handout(
            prepared.plan,
            prepared.theme,
            prepared.timing,
            fmt=fmt,
            thumbnails=thumbnails,
            images=images,
        )
        for fmt in formats
    }


HANDOUT_IMAGE_SIZE = (960, 540)


def _screenshot_uris(
    plan: DeckPlan, pictures: dict[Path, tuple[bytes, str]], cache: ImageCache | None
) -> dict[Path, str]:
    """Small copies of the screenshots for the HTML handout when there are no slide thumbnails.

    Each is made from the deck-sized image (``pictures``), not by decoding the original again,
    on a thread pool (Pillow works without holding the GIL).
    """
    from concurrent.futures import ThreadPoolExecutor

    wanted = list(
        dict.fromkeys(
            pic.image.path
            for slide in plan.slides
            for pic in slide.pictures
            if pic.image is not None and pic.is_screenshot
        )
    )
    if not wanted:
        return {}
    with ThreadPoolExecutor(max_workers=min(len(wanted), os.cpu_count() or 1)) as pool:
        done = pool.map(lambda path: _handout_image(*pictures[path], cache), wanted)
        return {
            path: f"data:image/{'jpeg' if ext == 'jpg' else 'png'};base64,"
            f"{base64.b64encode(data).decode()}"
            for path, (data, ext) in zip(wanted, done, strict=True)
        }


def _handout_image(deck_data: bytes, deck_ext: str, cache: ImageCache | None) -> tuple[bytes, str]:
    """The handout's copy of one deck image: itself when small enough, else shrunk (cached)."""
    import hashlib

    from ..load.images import IMAGE_SETTINGS, fits, image_library_versions, shrink_image

    width, height = HANDOUT_IMAGE_SIZE
    if fits(deck_data, width, height):
        return deck_data, deck_ext
    key = ""
    if cache is not None:
        key = cache.key(
            "handout",
            hashlib.sha256(deck_data).hexdigest(),
            deck_ext,
            f"{width}x{height}",
            IMAGE_SETTINGS,
            *image_library_versions(),
        )
        if (found := cache.get(key)) is not None:
            return found
    data, ext = shrink_image(deck_data, deck_ext, width, height)
    if cache is not None:
        cache.put(key, data, ext)
    return data, ext


def _deck_pdf(deck: bytes, stem: str, theme: Theme, *, thumbnails: bool) -> _DeckPdf:
    """Convert the deck with LibreOffice; return the PDF, a thumbnail per slide (when a
    handout needs them) and warnings about theme fonts that did not make it into the PDF."""
    from ..export.libreoffice import convert_to_pdf

    with tempfile.TemporaryDirectory(prefix="recapdeck-") as tmp:
        folder = Path(tmp)
        pptx = folder / f"{stem}.pptx"
        pptx.write_bytes(deck)
        (pdf_path,) = convert_to_pdf([pptx], folder, font_dirs=_font_dirs(theme))
        return _read_deck_pdf(pdf_path, theme, thumbnails=thumbnails)


def _read_deck_pdf(pdf_path: Path, theme: Theme, *, thumbnails: bool) -> _DeckPdf:
    """The PDF LibreOffice wrote, its slide thumbnails (if asked for) and warnings about its
    fonts."""
    from ..export.libreoffice import embedded_fonts, thumbnail_data_uris

    fonts = embedded_fonts(pdf_path)
    warnings = []
    for family in dict.fromkeys((theme.fonts.heading, theme.fonts.body)):
        accepted = {
            family.replace(" ", ""),
            METRIC_TWINS.get(family.lower(), "").replace(" ", ""),
        }
        if fonts is not None and not any(f.split("-")[0] in accepted for f in fonts):
            warnings.append(
                BuildWarning(
                    Location(theme.folder / "theme.yaml"),
                    f"the PDF does not use the theme font '{family}' (embedded: "
                    f"{', '.join(fonts) or 'none'}); install it or its metric twin so "
                    "LibreOffice can find it",
                )
            )
    pages = thumbnail_data_uris(pdf_path, width=480) if thumbnails else None
    return pdf_path.read_bytes(), pages, warnings


def _font_dirs(theme: Theme) -> list[Path]:
    return [f / "fonts" for f in theme.folders if (f / "fonts").is_dir()]


def _at_theme_key(exc: RecapdeckError, outline: Outline) -> RecapdeckError:
    """Point a theme error raised for ``theme:`` in the outline at that line."""
    first = exc.problems[0]
    if first.location is not None:
        return exc
    where = outline.key_location("theme") or Location(outline.source or Path("outline"))
    return RecapdeckError([Problem(where, first.message, "theme"), *exc.problems[1:]])
