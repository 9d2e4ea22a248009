"""build() and preview(): the stages composed for one deck, every output path decided here.

Everything is rendered in memory first (:mod:`recapdeck.pipeline.stages`) and handed to the
one writer, :func:`recapdeck.writing.write_all`, which replaces the outputs together or not at
all. The batch (:mod:`.batch`) and watch mode (:mod:`.watching`) compose the same stages.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..cache import CacheStats
from ..errors import BuildWarning, Problem, RecapdeckError
from ..memory import LARGE_DECK, return_freed_memory
from ..writing import write_all, write_atomic
from .options import BuildContext, BuildOptions
from .stages import (
    THUMBNAIL_WIDTH,
    DeckPdf,
    Outputs,
    Pictures,
    Prepared,
    assemble,
    convert_deck,
    deck_pdf,
    pdf_paths,
    prepare,
    render_deck,
    start_handout_pdf,
    start_office,
)
from .uptodate import UpToDate


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
    """What the image cache did (None without a cache)."""
    unchanged: bool = False
    """Nothing to do: the outputs on disk were already these (see :mod:`.uptodate`)."""

    @property
    def outputs(self) -> tuple[Path, ...]:
        """Every file the build wrote."""
        return (self.pptx, *self.handouts, *self.pdfs)

    def facts(self) -> dict[str, Any]:
        """What a build that turns out unchanged reports again (see :meth:`from_facts`)."""
        return {
            "outline": str(self.outline),
            "pptx": str(self.pptx),
            "handouts": [str(p) for p in self.handouts],
            "pdfs": [str(p) for p in self.pdfs],
            "slides": self.slides,
            "pictures": self.pictures,
            "bytes": self.bytes,
            "minutes": self.minutes,
        }

    @classmethod
    def from_facts(
        cls, facts: dict[str, Any], warnings: tuple[BuildWarning, ...], seconds: float
    ) -> BuildResult:
        """The result of a build whose outputs are already what it would write."""
        return cls(
            outline=Path(facts["outline"]),
            pptx=Path(facts["pptx"]),
            handouts=tuple(Path(p) for p in facts["handouts"]),
            pdfs=tuple(Path(p) for p in facts["pdfs"]),
            slides=facts["slides"],
            pictures=facts["pictures"],
            bytes=facts["bytes"],
            seconds=seconds,
            minutes=facts["minutes"],
            warnings=warnings,
            unchanged=True,
        )


def build(
    outline_path: Path | str,
    options: BuildOptions | None = None,
    /,
    *,
    context: BuildContext | None = None,
    **changes: Any,
) -> BuildResult:
    """Build the deck (and handouts, and PDFs) for one outline.

    ``options`` (or keyword arguments changing the defaults, e.g. ``out_dir="build",
    pdf=True``; see :class:`BuildOptions`) say what to build; ``context`` carries caches
    from an earlier build (watch mode), else one is opened for this build. A build whose
    inputs and outputs are exactly as the last one left them writes nothing (see
    :mod:`.uptodate`). A failure never leaves a half-written file or clobbers the previous
    outputs.
    """
    started = time.perf_counter()
    options = replace(options or BuildOptions(), **changes)
    context = context or BuildContext.open(options.cache)
    check = UpToDate.of(outline_path, options, context)
    if check is not None and (done := check.unchanged()) is not None:
        return BuildResult.from_facts(*done, seconds=time.perf_counter() - started)
    context.start()
    prepared = prepare(outline_path, options, context)
    if len(prepared.plan.slides) >= LARGE_DECK:
        return_freed_memory()
    result = build_prepared(prepared, options, context, started=started)
    if check is not None:
        check.remember(prepared, result.outputs, result.facts(), result.warnings)
    return result


def build_prepared(
    prepared: Prepared, options: BuildOptions, context: BuildContext, *, started: float
) -> BuildResult:
    """The rest of :func:`build` once the outline is prepared: render, convert and write."""
    converted: DeckPdf | RecapdeckError | None = None
    early_handout = None
    office = None
    # With a handout, WeasyPrint prints it on a core of its own while LibreOffice converts the
    # deck; LibreOffice gets the others (on two cores, the deck is converted in one piece, as
    # a second LibreOffice would only compete with WeasyPrint).
    cores = max(1, (os.cpu_count() or 1) - 1) if options.handout else None
    try:
        if options.pdf:
            office = start_office(prepared, context, cores=cores)  # loads while we render
        pictures, deck = render_deck(prepared, context)
        if options.pdf:
            from ..export.pdf import preload_pdf_modules

            loading = preload_pdf_modules()
            early_handout = start_handout_pdf(prepared, options, context)
            try:
                converted = convert_deck(
                    deck,
                    prepared,
                    thumbnails=bool(options.handout),
                    context=context,
                    cores=cores,
                    office=office,
                )
            except RecapdeckError as exc:
                converted = exc
                # a failed conversion can end the run before the imports do; a library killed
                # halfway through its import leaves its temporary files behind
                loading.join(timeout=60)
            if early_handout is not None:
                early_handout.wait_for_html()  # the handouts are rendered one at a time
        outputs = assemble(
            prepared,
            deck,
            options,
            context,
            pictures=pictures,
            converted=converted,
            early_handout=early_handout,
        )
    finally:
        if office is not None:
            office.close()
        if early_handout is not None:
            early_handout.close()  # the same: WeasyPrint is not stopped halfway
    return write_outputs(prepared, outputs, options, context, started=started)


def write_outputs(
    prepared: Prepared,
    outputs: Outputs,
    options: BuildOptions,
    context: BuildContext,
    *,
    started: float,
) -> BuildResult:
    """Write every output of a build at once; raise when its PDFs failed.

    A failed PDF leaves no older PDF of the deck beside the new deck: the folder never holds
    files that disagree, and the message says what was written and what was removed.
    """
    write_all(outputs.files)
    context.finish()
    if outputs.pdf_problems:
        removed = []
        for stale in pdf_paths(prepared, options):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
                removed.append(stale.name)
        written = ", ".join(p.name for p in outputs.files)
        gone = f"; removed the older {', '.join(removed)}" if removed else ""
        raise RecapdeckError(
            [
                *outputs.pdf_problems,
                Problem(None, f"no PDFs were made; written to {options.out}: {written}{gone}"),
            ]
        )
    paths = list(outputs.files)
    stem = prepared.stem
    handout_names = {f"{stem}-handout.{fmt}" for fmt in options.handout}
    return BuildResult(
        outline=prepared.source,
        pptx=paths[0],
        handouts=tuple(p for p in paths if p.name in handout_names),
        pdfs=tuple(p for p in paths if p.suffix == ".pdf"),
        slides=len(prepared.plan.slides),
        pictures=sum(len(s.pictures) for s in prepared.plan.slides),
        bytes=len(outputs.files[paths[0]]),
        seconds=time.perf_counter() - started,
        minutes=prepared.timing.minutes,
        warnings=outputs.warnings,
        cache=context.images.stats if context.images is not None else None,
    )


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
    options: BuildOptions | None = None,
    /,
    *,
    columns: int = 4,
    context: BuildContext | None = None,
    **changes: Any,
) -> PreviewResult:
    """Render the deck with LibreOffice and write ``<stem>-preview.png``: every slide, numbered.

    Of ``options``, the handout and PDF settings do not apply.
    """
    from ..export.raster import contact_sheet, pdf_page_images, png_bytes
    from ..export.scratch import owned_temporary_directory

    started = time.perf_counter()
    options = replace(options or BuildOptions(), **changes, handout=(), pdf=False)
    context = context or BuildContext.open(options.cache)
    context.start()
    prepared = prepare(outline_path, options, context)
    _, deck = render_deck(prepared, context)
    try:
        with owned_temporary_directory() as tmp:
            # the build's, when it made one (however it was cut: only the pages are shown)
            pdf_path = deck_pdf(deck, prepared, tmp, context, any_cut=True)
            pages = pdf_page_images(pdf_path, width=THUMBNAIL_WIDTH)
    finally:
        context.finish()
    sheet = contact_sheet(pages, columns=columns, tile_width=THUMBNAIL_WIDTH)
    target = options.out / f"{prepared.stem}-preview.png"
    write_atomic(target, png_bytes(sheet))
    return PreviewResult(
        prepared.source,
        target,
        len(prepared.plan.slides),
        time.perf_counter() - started,
        prepared.warnings,
    )


__all__ = ["BuildResult", "Pictures", "PreviewResult", "build", "build_prepared", "preview"]
