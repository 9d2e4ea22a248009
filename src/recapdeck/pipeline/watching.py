"""Watch mode: rebuild a deck whenever its outline, a screenshot or its theme changes.

:func:`rebuild` is one round (build, then say which files to watch); :func:`watch` repeats it
on every change that watchfiles reports. A rebuild after an edited bullet is quick because the
processed screenshots come from the image cache (see :mod:`recapdeck.cache`), and because the
watching process keeps one :class:`~recapdeck.pipeline.options.BuildContext` for all its rounds:
the compiled handout templates and fontconfig's answers with the fonts opened for measuring.
Each is checked against its files on every round, so an edited theme template or replaced font
file shows up in the next rebuild; the outputs are the same bytes a fresh ``recapdeck build``
writes.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RecapdeckError
from .deck import BuildResult, build_prepared
from .options import BuildContext, BuildOptions
from .stages import Prepared, prepare


@dataclass(frozen=True)
class Rebuild:
    """One round of watch mode: what the build came to and the files that feed the deck."""

    outcome: BuildResult | RecapdeckError
    inputs: frozenset[Path]
    """The outline, every screenshot and photo it names, and every file of its theme."""
    folders: frozenset[Path]
    """Theme folders: any file below them (templates, fonts, CSS) counts as an input."""
    context: BuildContext | None = field(default=None, repr=False, compare=False)
    """The caches, kept for the next round."""


def rebuild(outline: Path, options: BuildOptions, previous: Rebuild | None = None) -> Rebuild:
    """Build ``outline`` once; return the outcome and the files whose change calls for another.

    When the outline does not load, the files of ``previous`` stay watched, so fixing a typo
    in it (or putting back a screenshot) brings the next rebuild. The caches of ``previous``
    are used and handed on.
    """
    started = time.perf_counter()
    context = previous.context if previous is not None else None
    context = context or BuildContext.open(options.cache)
    context.start()
    try:
        prepared = prepare(outline, options, context)
    except RecapdeckError as exc:
        kept = (previous.inputs, previous.folders) if previous is not None else None
        inputs, folders = inputs_of(outline, options, None, kept)
        return Rebuild(exc, inputs, folders, context)
    inputs, folders = inputs_of(outline, options, prepared)
    try:
        outcome: BuildResult | RecapdeckError = build_prepared(
            prepared, options, context, started=started
        )
    except RecapdeckError as exc:
        outcome = exc
    return Rebuild(outcome, inputs, folders, context)


def inputs_of(
    outline: Path,
    options: BuildOptions,
    prepared: Prepared | None,
    previous: tuple[frozenset[Path], frozenset[Path]] | None = None,
) -> tuple[frozenset[Path], frozenset[Path]]:
    """The files and the folders whose change calls for a rebuild of ``outline``.

    The outline, every screenshot and photo the prepared deck uses, its template, and the
    theme folders (any file below them). Without ``prepared`` (the outline did not load) the
    files and folders of ``previous`` stay watched, so fixing a typo (or putting back a screenshot)
    brings the next rebuild. ``recapdeck serve`` watches the same files.
    """
    inputs: set[Path] = {outline.absolute()}
    if options.template is not None:
        inputs.add(Path(options.template).absolute())
    folders: set[Path] = set()
    if prepared is None:
        if previous is not None:
            inputs |= previous[0]
            folders |= previous[1]
        return frozenset(inputs), frozenset(folders)
    for slide in prepared.plan.slides:
        inputs.update(pic.image.path.absolute() for pic in slide.pictures if pic.image)
    if prepared.theme.template is not None:
        inputs.add(prepared.theme.template.path.absolute())
    folders = {Path(f).absolute() for f in prepared.theme.folders}
    return frozenset(inputs), frozenset(folders)


def concerns(change: Rebuild, path: Path) -> bool:
    """Whether a change to ``path`` should trigger a rebuild for the round ``change``."""
    return concerns_files(change.inputs, change.folders, path)


def concerns_files(inputs: frozenset[Path], folders: frozenset[Path], path: Path) -> bool:
    """Whether ``path`` is one of ``inputs`` or lies below one of ``folders``."""
    path = path.absolute()
    return path in inputs or any(path.is_relative_to(f) for f in folders)


def watch(
    outline: Path,
    options: BuildOptions,
    *,
    stop: threading.Event | None = None,
) -> Iterator[Rebuild]:
    """Build ``outline``, then again after every change to its inputs, until ``stop`` is set.

    Yields each round (the first is the initial build). Changes arriving together (an editor's
    save, a folder of screenshots copied in) bring one rebuild. One watcher runs for as long as
    the folders to watch stay the same, so a file saved while a rebuild runs brings the next
    one (a watcher started after the rebuild would not see it).
    """
    from watchfiles import watch as watch_files

    outline = outline.absolute()
    current = rebuild(outline, options)
    yield current

    def relevant(_kind: object, path: str) -> bool:
        return concerns(current, Path(path))  # the latest round: ``current`` is rebound below

    while not (stop and stop.is_set()):
        roots = _roots(current)
        with contextlib.closing(
            watch_files(*roots, watch_filter=relevant, stop_event=stop, yield_on_timeout=False)
        ) as changes:
            for _ in changes:
                current = rebuild(outline, options, current)
                yield current
                if _roots(current) != roots:
                    break  # a folder to add or drop: a new screenshot folder, another theme
            else:
                return  # stopped


def _roots(change: Rebuild) -> list[Path]:
    return watch_roots(change.inputs, change.folders)


def watch_roots(inputs: frozenset[Path], folders: frozenset[Path]) -> list[Path]:
    """The folders to watch: each input's folder (editors replace files by renaming) and the
    theme folders; none inside another."""
    wanted = sorted({p.parent for p in inputs} | set(folders))
    roots: list[Path] = []
    for folder in wanted:
        if folder.is_dir() and not any(folder.is_relative_to(r) for r in roots):
            roots.append(folder)
    return roots
