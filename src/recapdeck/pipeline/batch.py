"""build_many(): build several outlines in parallel processes, their PDFs in one LibreOffice run.

Each deck is loaded, planned and rendered in a worker process (Python's own work does not share
a core between threads). With ``pdf``, the workers first return their decks; the parent converts
them all in one LibreOffice run (starting LibreOffice costs seconds) and the workers then render
the handouts with the slide thumbnails and write every output of their deck at once, as
:func:`recapdeck.build` does.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..cache import open_cache
from ..errors import Problem, RecapdeckError
from .build import (
    BuildResult,
    UpToDate,
    _check_formats,
    _finish,
    _font_dirs,
    _read_deck_pdf,
    _render_deck,
    build,
    prepare,
)


@dataclass(frozen=True)
class BuildOptions:
    """The keyword options of :func:`recapdeck.build`, shared by every deck of a batch."""

    theme: str | Path | None = None
    template: Path | str | None = None
    out_dir: Path | str = "build"
    strict: bool = False
    allow_missing: bool = False
    allow_outside_files: bool = False
    handout: tuple[str, ...] = ("md", "html")
    pdf: bool = False
    cache: bool | Path | str = True


Outcome = BuildResult | RecapdeckError
"""What one deck of a batch came to."""


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
    options = replace(options, handout=_check_formats(options.handout))
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

    started = time.perf_counter()
    stale = []
    for outline in outlines:  # a deck whose outputs are up to date needs no LibreOffice
        check = _up_to_date(outline, options)
        done = check.unchanged(started) if check is not None else None
        if done is not None:
            yield outline, done
        else:
            stale.append(outline)
    decks: dict[Path, tuple[str, bytes, list[Path]]] = {}
    futures = {pool.submit(_render_one, o, options): o for o in stale}
    for future in as_completed(futures):
        outline, value = futures[future], future.result()
        if isinstance(value, list):
            yield outline, RecapdeckError(value)
        else:
            decks[outline] = value
    if not decks:
        return
    decks = {o: decks[o] for o in stale if o in decks}  # the command line's order
    with tempfile.TemporaryDirectory(prefix="recapdeck-batch-") as tmp:
        folder = Path(tmp)
        for stem, deck, _ in decks.values():
            (folder / f"{stem}.pptx").write_bytes(deck)
        font_dirs = list(dict.fromkeys(d for _, _, dirs in decks.values() for d in dirs))
        converted: dict[Path, Path | list[Problem]] = {}
        try:
            pdfs = convert_to_pdf(
                [folder / f"{stem}.pptx" for stem, _, _ in decks.values()],
                folder,
                font_dirs=font_dirs,
            )
            converted = dict(zip(decks, pdfs, strict=True))
        except RecapdeckError as exc:
            converted = dict.fromkeys(decks, exc.problems)
        finishing = {
            pool.submit(_finish_one, outline, options, decks[outline][1], converted[outline]): (
                outline
            )
            for outline in decks
        }
        for future in as_completed(finishing):
            outcome = _outcome(future.result())
            if isinstance(outcome, BuildResult):
                outcome = replace(outcome, seconds=time.perf_counter() - started)
            yield finishing[future], outcome


def _executor(jobs: int) -> Executor:
    if jobs == 1:
        return _InProcess()
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
        # PDFs are not made per deck: the batch converts every deck in one LibreOffice run
        return build(outline, **{**dataclasses.asdict(options), "pdf": False})
    except RecapdeckError as exc:
        return list(exc.problems)


def _prepare(outline: Path, options: BuildOptions) -> Any:
    return prepare(
        outline,
        theme=options.theme,
        template=options.template,
        allow_missing=options.allow_missing,
        allow_outside_files=options.allow_outside_files,
        strict=options.strict,
        handout=options.handout,
        cache=options.cache,
    )


def _render_one(
    outline: Path, options: BuildOptions
) -> tuple[str, bytes, list[Path]] | list[Problem]:
    """The deck's file stem, its .pptx bytes and its theme's font folders (for LibreOffice)."""
    try:
        prepared = _prepare(outline, options)
        _, deck = _render_deck(prepared, open_cache(options.cache))
    except RecapdeckError as exc:
        return list(exc.problems)
    stem = (prepared.outline.source or outline).stem
    return stem, deck, _font_dirs(prepared.theme)


def _finish_one(
    outline: Path, options: BuildOptions, deck: bytes, pdf: Path | list[Problem]
) -> BuildResult | list[Problem]:
    """Write the deck, its PDF and its handouts (planned again: plans stay in their process)."""
    started = time.perf_counter()
    try:
        prepared = _prepare(outline, options)
        converted = (
            RecapdeckError(pdf)
            if isinstance(pdf, list)
            else _read_deck_pdf(pdf, prepared.theme, thumbnails=bool(options.handout))
        )
        result = _finish(
            prepared,
            outline,
            Path(options.out_dir),
            deck,
            options.handout,
            converted,
            None,
            open_cache(options.cache),
            started,
        )
    except RecapdeckError as exc:
        return list(exc.problems)
    if (check := _up_to_date(outline, options)) is not None:
        check.remember(prepared, result)
    return result


def _up_to_date(outline: Path, options: BuildOptions) -> UpToDate | None:
    fields = dataclasses.asdict(options)
    cache = fields.pop("cache")
    return UpToDate.of(outline, open_cache(cache), **fields)
