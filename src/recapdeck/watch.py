"""Watch mode: rebuild a deck whenever its outline, a screenshot or its theme changes.

:func:`rebuild` is one round (build, then say which files to watch); :func:`watch` repeats it
on every change that watchfiles reports. A rebuild after an edited bullet is quick because the
processed screenshots come from the image cache (see :mod:`recapdeck.cache`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .batch import BuildOptions
from .builder import BuildResult, _check_formats, build_prepared, prepare
from .errors import RecapdeckError


@dataclass(frozen=True)
class Rebuild:
    """One round of watch mode: what the build came to and the files that feed the deck."""

    outcome: BuildResult | RecapdeckError
    inputs: frozenset[Path]
    """The outline, every screenshot and photo it names, and every file of its theme."""
    folders: frozenset[Path]
    """Theme folders: any file below them (templates, fonts, CSS) counts as an input."""


def rebuild(outline: Path, options: BuildOptions, previous: Rebuild | None = None) -> Rebuild:
    """Build ``outline`` once; return the outcome and the files whose change calls for another.

    When the outline does not load, the files of ``previous`` stay watched, so fixing a typo
    in it (or putting back a screenshot) brings the next rebuild.
    """
    started = time.perf_counter()
    inputs: set[Path] = {outline.absolute()}
    if options.template is not None:
        inputs.add(Path(options.template).absolute())
    folders: set[Path] = set()
    try:
        handout = _check_formats(options.handout)
        prepared = prepare(
            outline,
            theme=options.theme,
            template=options.template,
            allow_missing=options.allow_missing,
            allow_outside_files=options.allow_outside_files,
            strict=options.strict,
            handout=handout,
        )
    except RecapdeckError as exc:
        if previous is not None:
            inputs |= previous.inputs
            folders |= previous.folders
        return Rebuild(exc, frozenset(inputs), frozenset(folders))
    for slide in prepared.plan.slides:
        inputs.update(pic.image.path.absolute() for pic in slide.pictures if pic.image)
    if prepared.theme.template is not None:
        inputs.add(Path(prepared.theme.template).absolute())
    folders = {Path(f).absolute() for f in prepared.theme.folders}
    try:
        outcome: BuildResult | RecapdeckError = build_prepared(
            prepared,
            outline,
            out_dir=options.out_dir,
            handout=handout,
            pdf=options.pdf,
            cache=options.cache,
            started=started,
        )
    except RecapdeckError as exc:
        outcome = exc
    return Rebuild(outcome, frozenset(inputs), frozenset(folders))


def concerns(change: Rebuild, path: Path) -> bool:
    """Whether a change to ``path`` should trigger a rebuild for the round ``change``."""
    path = path.absolute()
    return path in change.inputs or any(path.is_relative_to(f) for f in change.folders)


def watch(
    outline: Path,
    options: BuildOptions,
    *,
    stop: threading.Event | None = None,
) -> Iterator[Rebuild]:
    """Build ``outline``, then again after every change to its inputs, until ``stop`` is set.

    Yields each round (the first is the initial build). Changes arriving together (an editor's
    save, a folder of screenshots copied in) bring one rebuild.
    """
    from watchfiles import watch as watch_files

    outline = outline.absolute()
    current = rebuild(outline, options)
    yield current
    while not (stop and stop.is_set()):
        changes = watch_files(
            *_roots(current),
            watch_filter=partial(_relevant, current),
            stop_event=stop,
            yield_on_timeout=False,
        )
        if next(changes, None) is None:
            return  # stopped
        current = rebuild(outline, options, current)
        yield current


def _relevant(change: Rebuild, _kind: object, path: str) -> bool:
    return concerns(change, Path(path))


def _roots(change: Rebuild) -> list[Path]:
    """The folders to watch: each input's folder (editors replace files by renaming) and the
    theme folders; none inside another."""
    wanted = sorted({p.parent for p in change.inputs} | set(change.folders))
    roots: list[Path] = []
    for folder in wanted:
        if folder.is_dir() and not any(folder.is_relative_to(r) for r in roots):
            roots.append(folder)
    return roots
