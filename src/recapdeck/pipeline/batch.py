"""build_many(): build several outlines in parallel processes, their PDFs in one LibreOffice run.

Each deck is prepared and rendered in a worker process (Python's own work does not share a core
between threads). Without PDFs each worker builds its deck as :func:`recapdeck.build` does.
With PDFs, the workers return their prepared decks; the parent converts them all in one
LibreOffice run (starting LibreOffice costs seconds), and each deck is then finished (handouts
with the slide thumbnails, handout PDF, one write) in a worker from what was prepared: no deck
is loaded or planned twice.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import Problem, RecapdeckError
from .deck import BuildResult, build, write_outputs
from .options import BuildContext, BuildOptions
from .stages import DeckPdf, Prepared, assemble, font_dirs, prepare, read_deck_pdf, render_deck
from .uptodate import UpToDate

Outcome = BuildResult | RecapdeckError
"""What one deck of a batch came to."""


@dataclass(frozen=True)
class _Rendered:
    """A deck prepared and rendered in a worker, waiting for its PDF."""

    outline: Path
    prepared: Prepared
    deck: bytes


def default_jobs() -> int:
    """How many decks are built at once unless told: one per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_many(
    outlines: Sequence[Path], options: BuildOptions, *, jobs: int | None = None
) -> Iterator[tuple[Path, Outcome]]:
    """Build every outline; yield each outline with its result or its error as it finishes.

    ``jobs`` decks are built at once in worker processes (default: one per core; 1 builds them
    here, one after the other). With ``options.pdf``, all decks are converted to PDF in one
    LibreOffice run.
    """
    jobs = max(1, min(jobs or default_jobs(), len(outlines)))
    with _executor(jobs) as pool:
        if not options.pdf:
            futures = {pool.submit(_build_one, o, options): o for o in outlines}
            for future in as_completed(futures):
                yield futures[future], _outcome(future.result())
            return
        yield from _build_with_pdfs(pool, outlines, options)


def _build_with_pdfs(
    pool: Executor, outlines: Sequence[Path], options: BuildOptions
) -> Iterator[tuple[Path, Outcome]]:
    from ..export.libreoffice import convert_to_pdf
    from ..export.scratch import owned_temporary_directory

    started = time.perf_counter()
    stale = []
    context = BuildContext.open(options.cache)
    for outline in outlines:  # a deck whose outputs are up to date needs no LibreOffice
        check = UpToDate.of(outline, options, context)
        done = check.unchanged() if check is not None else None
        if done is not None:
            yield outline, BuildResult.from_facts(*done, seconds=time.perf_counter() - started)
        else:
            stale.append(outline)
    rendered: dict[Path, _Rendered] = {}
    futures = {pool.submit(_render_one, o, options): o for o in stale}
    for future in as_completed(futures):
        outline, value = futures[future], future.result()
        if isinstance(value, list):
            yield outline, RecapdeckError(value)
        else:
            rendered[outline] = value
    if not rendered:
        return
    rendered = {o: rendered[o] for o in stale if o in rendered}  # the command line's order
    with owned_temporary_directory(prefix="recapdeck-batch-") as folder:
        for deck in rendered.values():
            (folder / f"{deck.prepared.stem}.pptx").write_bytes(deck.deck)
        dirs = [d for deck in rendered.values() for d in font_dirs(deck.prepared.theme)]
        substitutes = {
            k: v for deck in rendered.values() for k, v in deck.prepared.drawn_fonts.items()
        }
        converted: dict[Path, Path | list[Problem]] = {}
        try:
            pdfs = convert_to_pdf(
                [folder / f"{deck.prepared.stem}.pptx" for deck in rendered.values()],
                folder,
                font_dirs=list(dict.fromkeys(dirs)),
                substitutes=substitutes,
            )
            converted = dict(zip(rendered, pdfs, strict=True))
        except RecapdeckError as exc:
            converted = {outline: list(exc.problems) for outline in rendered}
        finishing: dict[Future[BuildResult | list[Problem]], Path] = {
            pool.submit(_finish_one, rendered[outline], options, converted[outline]): outline
            for outline in rendered
        }
        for finished in as_completed(finishing):
            outcome = _outcome(finished.result())
            if isinstance(outcome, BuildResult):
                outcome = replace(outcome, seconds=time.perf_counter() - started)
            yield finishing[finished], outcome


def _executor(jobs: int) -> Executor:
    if jobs == 1:
        return _InProcess()
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only for a batch

    return ProcessPoolExecutor(max_workers=jobs)


class _InProcess(Executor):
    """An executor that runs each call at once, here: no processes for a single job."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


# The workers return problems as plain lists: an exception's own attributes do not cross a
# process boundary reliably, a list of frozen dataclasses does.


def _outcome(value: BuildResult | list[Problem]) -> Outcome:
    return RecapdeckError(value) if isinstance(value, list) else value


def _build_one(outline: Path, options: BuildOptions) -> BuildResult | list[Problem]:
    try:
        return build(outline, options)
    except RecapdeckError as exc:
        return list(exc.problems)


def _render_one(outline: Path, options: BuildOptions) -> _Rendered | list[Problem]:
    """The deck prepared and rendered, for the parent to convert with all the others."""
    try:
        context = BuildContext.open(options.cache)
        context.start()
        prepared = prepare(outline, options, context)
        _, deck = render_deck(prepared, context)
        context.finish()
    except RecapdeckError as exc:
        return list(exc.problems)
    return _Rendered(outline, prepared, deck)


def _finish_one(
    rendered: _Rendered, options: BuildOptions, pdf: Path | list[Problem]
) -> BuildResult | list[Problem]:
    """Write the deck, its PDF and its handouts, from what :func:`_render_one` prepared."""
    started = time.perf_counter()
    prepared = rendered.prepared
    context = BuildContext.open(options.cache)
    try:
        converted: DeckPdf | RecapdeckError = (
            RecapdeckError(pdf)
            if isinstance(pdf, list)
            else read_deck_pdf(pdf, prepared, thumbnails=bool(options.handout))
        )
        outputs = assemble(
            prepared, rendered.deck, options, context, pictures=None, converted=converted
        )
        result = write_outputs(prepared, outputs, options, context, started=started)
    except RecapdeckError as exc:
        return list(exc.problems)
    if (check := UpToDate.of(rendered.outline, options, context)) is not None:
        check.remember(prepared, result.outputs, result.facts(), result.warnings)
    return result
