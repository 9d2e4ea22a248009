"""The build's stages as functions over typed values: prepare, render, convert, assemble.

``prepare`` loads and checks the outline and its theme and plans the deck (:class:`Prepared`);
``render_deck`` writes the .pptx bytes; ``convert_deck`` turns them into a PDF with LibreOffice
(:class:`DeckPdf`); ``assemble`` renders the handouts (and the handout PDF) beside them and
returns every output as ``{path: bytes}`` for the one writer, :func:`recapdeck.writing.write_all`.
:mod:`recapdeck.pipeline.deck`, the batch and watch mode are compositions of these.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import ImageCache
from ..errors import BuildWarning, Location, Problem, RecapdeckError
from ..load.model import Outline
from ..load.outline import LoadedOutline, ReadOutline, project_root, read_outline, resolve_outline
from ..load.theme import Theme, builtin_themes_dir, load_theme
from ..plan import plan_deck
from ..plan.fit import Measurer
from ..plan.fonts import METRIC_TWINS, FontCache, FontFiles, ask_fontconfig_at_once, find_font
from ..plan.model import DeckPlan
from ..plan.timing import Timing, estimate_timing
from .options import BuildContext, BuildOptions

if TYPE_CHECKING:
    from ..export.handout_pdf import EarlyHandoutPdf
    from ..export.libreoffice import OfficeRun

Pictures = Mapping[Path, tuple[bytes, str]]
"""Each screenshot file's bytes as embedded in the deck, with their extension."""

HANDOUT_IMAGE_SIZE = (960, 540)
"""The largest size of a screenshot shown in the HTML handout when it has no slide thumbnails."""
THUMBNAIL_WIDTH = 480
"""Pixels across a slide thumbnail (handout, preview)."""
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
_NO_DATE = dt.date(2000, 1, 1)
"""The document date of an outline without an event date, when SOURCE_DATE_EPOCH is unset."""


@dataclass(frozen=True)
class Prepared:
    """A validated outline with its theme, plan and run sheet: everything but the files."""

    loaded: LoadedOutline
    theme: Theme
    plan: DeckPlan
    timing: Timing
    warnings: tuple[BuildWarning, ...]
    created: dt.datetime
    """The documents' date: SOURCE_DATE_EPOCH, else the event date, else 2000-01-01 (UTC)."""
    source: Path
    """The outline file."""
    drawn_fonts: Mapping[str, str] = field(default_factory=dict)
    """Typefaces the deck names that are not installed -> the family measured and drawn
    instead (the theme's ``font_substitutes`` and fontconfig's choices); the PDF export
    makes LibreOffice draw exactly these."""

    @property
    def outline(self) -> Outline:
        """The outline's content."""
        return self.loaded.outline

    @property
    def stem(self) -> str:
        """The name every output of this deck starts with."""
        return self.source.stem


@dataclass(frozen=True)
class DeckPdf:
    """A deck converted by LibreOffice: the PDF, a thumbnail per slide and font warnings."""

    data: bytes
    thumbnails: tuple[str, ...] | None
    """``data:`` URIs of the slides (None: no handout needs them)."""
    warnings: tuple[BuildWarning, ...] = ()


@dataclass(frozen=True)
class Outputs:
    """Every file one build writes, and what went wrong with its PDFs (if anything)."""

    files: dict[Path, bytes]
    warnings: tuple[BuildWarning, ...]
    pdf_problems: tuple[Problem, ...] = field(default=())


def prepare(
    outline_path: Path | str,
    options: BuildOptions | None = None,
    context: BuildContext | None = None,
    /,
    **changes: Any,
) -> Prepared:
    """Load and check an outline and its theme and plan the deck; raise on any problem.

    ``options`` (or keyword arguments changing the defaults) as for :func:`recapdeck.build`;
    without a ``context``, one is opened for this call. Files the outline names must be inside
    its project or the theme's folders unless ``options.allow_outside_files`` (see
    :func:`recapdeck.load.outline.project_root`).
    """
    options = replace(options or BuildOptions(), **changes)
    if context is None:
        context = BuildContext.open(options.cache)
        context.start()
        prepared = _prepare(outline_path, options, context)
        context.finish()
        return prepared
    return _prepare(outline_path, options, context)


def _prepare(outline_path: Path | str, options: BuildOptions, context: BuildContext) -> Prepared:
    when = document_time()  # a malformed SOURCE_DATE_EPOCH fails before any work
    read = read_outline(outline_path)
    problems: list[Problem] = []
    chosen = None
    loaded = None
    try:
        chosen = _load_theme(read, options)
    except RecapdeckError as exc:
        problems += exc.problems
    try:
        loaded = resolve_outline(
            read,
            allow_missing=options.allow_missing,
            allow_outside_files=options.allow_outside_files,
            trusted=chosen.folders if chosen else (),
            probes=context.probes,
        )
    except RecapdeckError as exc:
        problems[:0] = exc.problems  # the outline's own problems first, in line order
    if problems or chosen is None or loaded is None:
        raise RecapdeckError(problems)
    outline = loaded.outline
    if options.handout:
        from ..render.handout import check_templates

        check_templates(chosen, options.handout, context.templates)
    measurer = make_measurer(chosen, context.fonts)
    plan = plan_deck(loaded, chosen, measurer)
    created = when or _event_midnight(outline.event.date)
    plan = replace(plan, props=replace(plan.props, date=created.date()))
    timing = estimate_timing(plan)
    warnings = [*loaded.warnings, *chosen.warnings]
    warnings += [
        BuildWarning(
            Location(chosen.folder / "theme.yaml"),
            f"font '{family}' (or its metric twin) is not installed; text is measured by "
            "estimate and may not fit exactly. Install it (Debian: fonts-crosextra-carlito "
            "for Calibri, fonts-liberation2 for Arial)",
        )
        for family in measurer.missing()
    ]
    drawn = {**chosen.font_substitutes, **measurer.substituted()}
    warnings += [
        BuildWarning(theme_location(chosen), missing_font_message(family, instead))
        for family, instead in measurer.substituted().items()
        if family not in chosen.font_substitutes
    ]
    warnings += plan.warnings
    if outline.duration and timing.minutes > outline.duration:
        warnings.append(
            BuildWarning(
                loaded.key_location("duration"),
                f"the talk is estimated at {timing.minutes} min but the slot is "
                f"{outline.duration} min; trim notes or slides (see the run sheet in the handout)",
            )
        )
    if options.strict and warnings:
        raise RecapdeckError([w.as_problem() for w in warnings])
    return Prepared(loaded, chosen, plan, timing, tuple(warnings), created, read.source, drawn)


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


def make_measurer(theme: Theme, fonts: FontCache | None = None) -> Measurer:
    """A text measurer with the theme's fonts (or their metric twins), and for fonts that are
    not installed, the font that will be drawn instead."""
    cache = fonts if fonts is not None else FontCache()
    families = {"heading": theme.fonts.heading, "body": theme.fonts.body, "mono": theme.fonts.mono}
    ask_fontconfig_at_once(list(dict.fromkeys(families.values())), cache)

    def resolve(family: str) -> FontFiles:
        return find_font(family, theme.folders, cache, theme.font_substitutes)

    found = {role: resolve(family) for role, family in families.items()}
    return Measurer(found, cache, resolve)


def theme_location(theme: Theme) -> Location:
    """Where a theme's font problems are fixed: its template, else its theme.yaml."""
    return (
        Location(theme.template.path) if theme.template else Location(theme.folder / "theme.yaml")
    )


_FONT_PACKAGES = {
    "roboto": "fonts-roboto",
    "open sans": "fonts-open-sans",
    "lato": "fonts-lato",
    "montserrat": "fonts-montserrat",
    "noto sans": "fonts-noto-core",
    "noto serif": "fonts-noto-core",
    "source sans pro": "fonts-adobe-sourcesans3",
    "source sans 3": "fonts-adobe-sourcesans3",
    "ubuntu": "fonts-ubuntu",
    "dejavu sans": "fonts-dejavu-core",
    "liberation sans": "fonts-liberation2",
    "carlito": "fonts-crosextra-carlito",
    "caladea": "fonts-crosextra-caladea",
    "georgia": "ttf-mscorefonts-installer",
    "trebuchet ms": "ttf-mscorefonts-installer",
    "verdana": "ttf-mscorefonts-installer",
    "comic sans ms": "ttf-mscorefonts-installer",
    "impact": "ttf-mscorefonts-installer",
}
"""Debian packages of fonts company templates name (family, lower case, without weight)."""
_WEIGHTS = r"\s+(thin|extralight|extra light|light|regular|book|medium|semibold|semi bold|" \
    r"demibold|bold|extrabold|extra bold|black|heavy|italic)$"  # fmt: skip


def missing_font_message(family: str, instead: str) -> str:
    """The warning for a template font that is not installed, and how to get it."""
    base = family.lower()
    while (shorter := re.sub(_WEIGHTS, "", base)) != base:
        base = shorter
    package = _FONT_PACKAGES.get(base)
    how = (
        f"install it (Debian: apt-get install {package})"
        if package
        else ("install the font from your brand kit")
    )
    return (
        f"font '{family}' is not installed: LibreOffice draws it with '{instead}', and "
        f"recapdeck measures with that. To draw the real font, {how}; to choose the "
        f"stand-in yourself, add it to theme.yaml: font_substitutes: {{'{family}': 'Liberation "
        "Sans'}"
    )


def office_fonts(prepared: Prepared) -> dict[str, Any]:
    """What LibreOffice needs to draw the fonts recapdeck measured: the theme's font folders
    and the stand-ins for fonts that are not installed."""
    return {"font_dirs": font_dirs(prepared.theme), "substitutes": dict(prepared.drawn_fonts)}


def render_deck(prepared: Prepared, context: BuildContext) -> tuple[Pictures, bytes]:
    """The prepared pictures and the .pptx bytes of a prepared outline."""
    from ..render.pptx import render_deck as render

    return render(prepared.plan, prepared.theme, cache=context.images, slides=context.slides)


def convert_deck(
    deck: bytes,
    prepared: Prepared,
    *,
    thumbnails: bool,
    context: BuildContext | None = None,
    cores: int | None = None,
    office: OfficeRun | None = None,
) -> DeckPdf:
    """Convert the deck with LibreOffice (see :func:`read_deck_pdf` for what comes back);
    with a ``context``, a deck converted before is not converted again (see :func:`deck_pdf`,
    also for ``cores`` and ``office``)."""
    from ..export.scratch import owned_temporary_directory

    with owned_temporary_directory() as folder:
        pdf_path = deck_pdf(deck, prepared, folder, context, cores=cores, office=office)
        return read_deck_pdf(pdf_path, prepared, thumbnails=thumbnails, deck=deck, context=context)


def deck_pdf(
    deck: bytes,
    prepared: Prepared,
    folder: Path,
    context: BuildContext | None = None,
    *,
    cores: int | None = None,
    any_cut: bool = False,
    office: OfficeRun | None = None,
) -> Path:
    """LibreOffice's PDF of ``deck``, written into ``folder`` as ``<stem>.pdf``.

    Converted in parallel parts when the deck is big and ``cores`` (default: this machine's)
    allow (:mod:`recapdeck.export.parallel`); kept in the context's PDF cache under the deck's
    bytes, how it was cut, LibreOffice, the fonts and the code, so ``preview`` after ``build
    --pdf`` (or a build whose deck did not change) reuses it. With ``any_cut``, a PDF of the
    deck cut in any other way is reused too (its pages look the same; only the bytes differ).
    A deck converted in one piece is converted by ``office`` when given (see
    :func:`start_office`); the caller closes it.
    """
    from ..export.parallel import MAX_PARTS, convert_deck_to_pdf, part_ranges, slide_count

    pptx = folder / f"{prepared.stem}.pptx"
    target = folder / f"{prepared.stem}.pdf"
    dirs = font_dirs(prepared.theme)
    substitutes = dict(prepared.drawn_fonts)
    cores = cores if cores is not None else (os.cpu_count() or 1)
    cache = context.pdfs if context is not None else None
    key = ""
    if cache is not None:
        parts = len(part_ranges(slide_count(deck), cores))
        others = [n for n in range(1, MAX_PARTS + 1) if n != parts] if any_cut else []
        keys = _pdf_keys(deck, dirs, substitutes, [parts, *others])
        key = keys[0]
        for candidate in keys:
            if (found := cache.get(candidate)) is not None:
                target.write_bytes(found[0])
                return target
    pptx.write_bytes(deck)
    pdf_path = convert_deck_to_pdf(
        pptx,
        folder,
        font_dirs=dirs,
        substitutes=substitutes,
        profile_seed=_profile_seed(context),
        cores=cores,
        office=office,
    )
    if cache is not None:
        cache.put(key, pdf_path.read_bytes(), "pdf")
    return pdf_path


def start_office(
    prepared: Prepared, context: BuildContext | None = None, *, cores: int | None = None
) -> OfficeRun | None:
    """LibreOffice started for :func:`deck_pdf` before the deck is rendered, so that it loads
    meanwhile; None when the deck will be converted in parts (or LibreOffice cannot start:
    the conversion says why). The caller closes it."""
    from ..export.libreoffice import OfficeRun
    from ..export.parallel import part_ranges

    if len(part_ranges(len(prepared.plan.slides), cores or os.cpu_count() or 1)) > 1:
        return None
    try:
        office = OfficeRun(
            font_dirs=font_dirs(prepared.theme),
            substitutes=dict(prepared.drawn_fonts),
            profile_seed=_profile_seed(context),  # names the installed LibreOffice
        )
    except RecapdeckError:
        return None
    try:
        office.start()
    except RecapdeckError:
        office.close()
        return None
    return office


def _profile_seed(context: BuildContext | None) -> Path | None:
    """Where the cache keeps a LibreOffice profile to start from (None: no cache)."""
    if context is None or context.images is None:
        return None
    return context.images.folder / soffice_profile_name()


def soffice_profile_name() -> str:
    """The cache folder's sub-folder holding a LibreOffice profile to start from: one per
    LibreOffice install (its executable's path and times)."""
    from ..export.libreoffice import find_soffice
    from ..plan.fonts import file_stamp

    soffice = find_soffice().resolve()
    return f"soffice-profile-{ImageCache.key(str(soffice), str(file_stamp(soffice)))[:16]}"


def _pdf_keys(
    deck: bytes, dirs: Sequence[Path], substitutes: Mapping[str, str], parts: Sequence[int]
) -> list[str]:
    """What LibreOffice's PDF of ``deck`` depends on (the deck, LibreOffice, fonts and code),
    for each number of ``parts`` it may be converted in."""
    from ..cache import code_fingerprint

    common = ("deck-pdf", hashlib.sha256(deck).hexdigest(), *_drawn_with(dirs, substitutes))
    return [ImageCache.key(*common, str(n), code_fingerprint()) for n in parts]


def _drawn_with(dirs: Sequence[Path], substitutes: Mapping[str, str]) -> tuple[str, ...]:
    """What LibreOffice draws a deck with: its build, fontconfig's state, the font
    substitutions and the theme's own font files."""
    from ..export.libreoffice import find_soffice
    from ..plan.fonts import file_stamp, fontconfig_state

    soffice = find_soffice().resolve()
    fonts = [f"{f}:{file_stamp(f)}" for d in dirs for f in sorted(d.rglob("*")) if f.is_file()]
    return (
        f"{soffice}:{file_stamp(soffice)}",
        repr(fontconfig_state()),
        repr(sorted(substitutes.items())),
        *fonts,
    )


def start_handout_pdf(
    prepared: Prepared, options: BuildOptions, context: BuildContext
) -> EarlyHandoutPdf | None:
    """The handout PDF, printed on a background thread while LibreOffice converts the deck
    (see :mod:`recapdeck.export.handout_pdf`); None when the build makes no handout.

    Hand it to :func:`assemble` once its HTML is rendered (``wait_for_html``), and close it in
    every case."""
    if not options.handout:
        return None
    from ..export.handout_pdf import EarlyHandoutPdf, placeholder_uris
    from ..export.raster import page_image_size

    size = page_image_size(prepared.theme.slide_size, width=THUMBNAIL_WIDTH)
    placeholders = placeholder_uris(len(prepared.plan.slides), size)

    def render() -> str:  # on the printing thread: LibreOffice need not wait for it
        return render_handouts(prepared, ["html"], placeholders, {}, context)["html"].decode()

    return EarlyHandoutPdf(render, placeholders, size)


def read_deck_pdf(
    pdf_path: Path,
    prepared: Prepared,
    *,
    thumbnails: bool,
    deck: bytes | None = None,
    context: BuildContext | None = None,
) -> DeckPdf:
    """The PDF LibreOffice wrote (dated as the deck), its slide thumbnails (if asked for) and
    warnings about theme fonts that did not make it into it.

    With the ``deck`` and a ``context`` with a cache, a slide whose thumbnail was made before
    (the same slide, by :func:`recapdeck.oxml.slides.slide_keys`, drawn by the same
    LibreOffice with the same fonts) is not rendered again (see :func:`_thumbnail_store`).
    """
    from ..export.pdf import embedded_fonts, normalise_pdf
    from ..export.raster import thumbnail_data_uris

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="recapdeck-pdf") as pool:
        # pypdf and pdffonts beside pdfium rendering the thumbnails (which releases the GIL)
        normalised = pool.submit(lambda: normalise_pdf(pdf_path.read_bytes(), prepared.created))
        fonts_found = pool.submit(embedded_fonts, pdf_path)
        pages = None
        if thumbnails:
            known, made = _thumbnail_store(pdf_path, deck, prepared, context)
            uris = thumbnail_data_uris(pdf_path, width=THUMBNAIL_WIDTH, known=known, made=made)
            pages = tuple(uris)
        data = normalised.result()
        fonts = fonts_found.result()
    theme = prepared.theme
    warnings = []
    for family in dict.fromkeys((theme.fonts.heading, theme.fonts.body)):
        accepted = {
            family.replace(" ", ""),
            METRIC_TWINS.get(family.lower(), "").replace(" ", ""),
            prepared.drawn_fonts.get(family, "").replace(" ", ""),
        } - {""}
        if fonts is not None and not any(f.split("-")[0] in accepted for f in fonts):
            warnings.append(
                BuildWarning(
                    Location(theme.folder / "theme.yaml"),
                    f"the PDF does not use the theme font '{family}' (embedded: "
                    f"{', '.join(fonts) or 'none'}); install it or its metric twin so "
                    "LibreOffice can find it",
                )
            )
    return DeckPdf(data, pages, tuple(warnings))


def _thumbnail_store(
    pdf_path: Path, deck: bytes | None, prepared: Prepared, context: BuildContext | None
) -> tuple[list[bytes | None] | None, Callable[[int, bytes], object] | None]:
    """The thumbnails of this PDF's pages kept from earlier builds (None where there is none),
    and where to keep those made now: (None, None) without a deck or a cache.

    A slide's thumbnail is kept under its slide key (its XML and everything it shows; a
    slide-number field's text is in the slide's XML) with the thumbnail width and what
    LibreOffice draws with (its build, fontconfig's state, the font substitutions, the theme's
    fonts), so a rebuild after one edit renders the changed slides' pages only.
    """
    if deck is None or context is None or context.thumbnails is None:
        return None, None
    from ..export.raster import pdf_page_count
    from ..oxml.slides import Package, slide_keys

    keys = slide_keys(Package.read(deck), salt=f"thumbnail {THUMBNAIL_WIDTH}".encode())
    if len(keys) != pdf_page_count(pdf_path):
        return None, None  # the handout says what is wrong with such a PDF
    from ..cache import code_fingerprint

    drawn = _drawn_with(font_dirs(prepared.theme), dict(prepared.drawn_fonts))
    store = context.thumbnails
    keys = [ImageCache.key("thumbnail", key, *drawn, code_fingerprint()) for key in keys]
    known: list[bytes | None] = []
    for key in keys:
        found = store.get(key)
        known.append(found[0] if found is not None and found[1] == "png" else None)

    def made(index: int, png: bytes) -> None:
        store.put(keys[index], png, "png")

    return known, made


def font_dirs(theme: Theme) -> list[Path]:
    """The theme's own font folders, for LibreOffice to find its fonts."""
    return [f / "fonts" for f in theme.folders if (f / "fonts").is_dir()]


def assemble(
    prepared: Prepared,
    deck: bytes,
    options: BuildOptions,
    context: BuildContext,
    *,
    pictures: Pictures | None,
    converted: DeckPdf | RecapdeckError | None,
    early_handout: EarlyHandoutPdf | None = None,
) -> Outputs:
    """Every output of one build: the deck, its handouts and (when converted) the PDFs.

    ``converted`` is the deck's PDF when one was asked for, or why it failed; ``pictures`` may
    be None when the caller did not keep them, and are then prepared again if needed. When
    either PDF fails, neither is among the files and ``pdf_problems`` says why. The handout
    PDF is ``early_handout``'s (see :func:`start_handout_pdf`) when there is one.
    """
    out = options.out
    stem = prepared.stem
    warnings = list(prepared.warnings)
    files: dict[Path, bytes] = {out / f"{stem}.pptx": deck}
    problems: tuple[Problem, ...] = ()
    thumbnails = None
    if isinstance(converted, RecapdeckError):
        problems = converted.problems
    elif converted is not None:
        files[out / f"{stem}.pdf"] = converted.data
        thumbnails = converted.thumbnails
        warnings += converted.warnings
    formats = list(options.handout)
    if converted is not None and options.handout and "html" not in formats:
        formats.append("html")  # the handout PDF is printed from it, but not written
    if pictures is None and thumbnails is None and "html" in formats:
        from ..render.pptx import prepare_pictures

        pictures = prepare_pictures(prepared.plan, cache=context.images)
    handouts = render_handouts(prepared, formats, thumbnails, pictures or {}, context)
    for fmt in options.handout:
        files[out / f"{stem}-handout.{fmt}"] = handouts[fmt]
    if converted is not None and options.handout and not problems:
        from ..export.pdf import html_to_pdf

        try:
            html = handouts["html"].decode("utf-8")
            if early_handout is not None and thumbnails is not None:
                handout_pdf = early_handout.finish(html, thumbnails)
            else:
                handout_pdf = html_to_pdf(html)
            files[out / f"{stem}-handout.pdf"] = handout_pdf
        except RecapdeckError as exc:
            problems = exc.problems
    if problems:
        files = {path: data for path, data in files.items() if path.suffix != ".pdf"}
    return Outputs(files, tuple(warnings), problems)


def pdf_paths(prepared: Prepared, options: BuildOptions) -> list[Path]:
    """The PDFs a build of ``prepared`` with PDFs writes (stale ones are removed on failure)."""
    out = options.out
    paths = [out / f"{prepared.stem}.pdf"]
    if options.handout:
        paths.append(out / f"{prepared.stem}-handout.pdf")
    return paths


def render_handouts(
    prepared: Prepared,
    formats: Sequence[str],
    thumbnails: Sequence[str] | None,
    pictures: Pictures,
    context: BuildContext,
) -> dict[str, bytes]:
    """The handouts of ``prepared`` in ``formats``, as the UTF-8 of their files.

    ``pictures`` (the deck's) are let go of once the handout's smaller copies are made: a
    mutable mapping is emptied, since at 500 slides they are the largest thing a build holds
    while the handout is rendered.
    """
    from ..render.handout import render_handout_utf8

    images = (
        _screenshot_uris(prepared.plan, pictures, context.images)
        if thumbnails is None and "html" in formats
        else {}
    )
    if isinstance(pictures, MutableMapping):
        pictures.clear()
    return {
        fmt: render_handout_utf8(
            prepared.plan,
            prepared.theme,
            prepared.timing,
            fmt=fmt,
            thumbnails=thumbnails,
            images=images,
            compiled=context.templates,
            fragments=context.handouts,
        )
        for fmt in formats
    }


def _screenshot_uris(
    plan: DeckPlan, pictures: Pictures, cache: ImageCache | None
) -> dict[Path, str]:
    """Small copies of the screenshots for the HTML handout when there are no slide thumbnails.

    Each is made from the deck-sized image (``pictures``), not by decoding the original again,
    on a thread pool (Pillow works without holding the GIL).
    """
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


def _event_midnight(date: dt.date | None) -> dt.datetime:
    return dt.datetime.combine(date or _NO_DATE, dt.time(0, 0), dt.UTC)


def _load_theme(outline: ReadOutline, options: BuildOptions) -> Theme:
    """The theme given explicitly, else the one the outline names (which must be trusted)."""
    theme = options.theme
    near = outline.source.parent
    if theme is None and "\x00" in (outline.theme or ""):
        # No file name holds a NUL byte; resolve_outline reports the character itself.
        raise RecapdeckError([])
    template = Path(options.template) if options.template else None
    try:
        chosen = load_theme(
            theme or outline.theme,
            near=near,
            template=template,
            allow_outside_files=options.allow_outside_files,
        )
    except RecapdeckError as exc:
        if theme is None and outline.theme:
            raise _at_theme_key(exc, outline) from None
        raise
    named = str(outline.theme or "")
    if theme is None and ("/" in named or "\\" in named or named.startswith(".")):
        # A theme folder named by path in the outline is a file the outline names.
        source = outline.source
        allowed = [project_root(source), builtin_themes_dir().resolve()]
        if not isinstance(options.allow_outside_files, bool):
            allowed += [Path(f).resolve() for f in options.allow_outside_files]
        inside = any(chosen.folder == r or r in chosen.folder.parents for r in allowed)
        if not inside and options.allow_outside_files is not True:
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


def _at_theme_key(exc: RecapdeckError, outline: ReadOutline) -> RecapdeckError:
    """Point a theme error raised for ``theme:`` in the outline at that line."""
    first = exc.problems[0]
    if first.location is not None:
        return exc
    where = outline.key_location("theme") or Location(outline.source)
    return RecapdeckError([Problem(where, first.message, "theme"), *exc.problems[1:]])
