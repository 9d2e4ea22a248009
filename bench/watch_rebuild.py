"""Time ``recapdeck build OUTLINE --watch``: the rebuild after one bullet of the outline changes.

    python bench/watch_rebuild.py                     # sample deck, 15 edits, through watchfiles
    python bench/watch_rebuild.py --runs 30 --direct  # call watch.rebuild() after each edit
    python bench/watch_rebuild.py --direct --profile  # pyinstrument profile of the rebuilds only
    python bench/watch_rebuild.py --direct --no-handout --outline /tmp/b/deck14.yaml \\
        --bullet "Some bullet of it" --report       # a generated outline; ends with the median
    PYTHONPATH=/tmp/old/src python bench/watch_rebuild.py --direct   # another version's source

The deck's project (``decks/``, ``assets/`` and ``themes/`` of the repository) is copied to a
temporary folder (with an empty ``pyproject.toml`` marking the project root), so nothing in the
checkout is touched and the copied ``themes/`` is the one the deck uses. A first build fills the
image cache (a temporary folder too) and the caches of the watching process, as
``recapdeck build --watch`` does; then one bullet of the outline is rewritten on disk ``--runs``
times, each time with a different text.

By default the edits go through :func:`recapdeck.pipeline.watching.watch` (watchfiles sees the
file change, then it rebuilds); with ``--direct`` each edit is followed by a call of
:func:`recapdeck.pipeline.watching.rebuild`, the same rebuild without the file watcher. Either way,
the figure reported is the one ``--watch`` prints ("rebuilt in N s"): from the start of the
rebuild to the outputs written, which excludes watchfiles' debounce before it. Each round checks
that the edited text reached the Markdown handout. Prints every time, then the median. On a
shared machine, compare versions in alternating runs: the load of other processes shows.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Generator
from functools import partial
from pathlib import Path

from recapdeck.errors import RecapdeckError
from recapdeck.pipeline import BuildOptions
from recapdeck.pipeline.watching import Rebuild, rebuild, watch

ROOT = Path(__file__).resolve().parents[1]
BULLET = "Deep roots are why AWS can ship big things quickly"
"""The bullet of the sample deck that is edited (any line of the outline holding it)."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outline", type=Path, default=ROOT / "decks/reinvent2024-desantis.yaml")
    parser.add_argument("--bullet", default=BULLET, help="text in the outline to edit each run")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--direct", action="store_true", help="call rebuild(), no watchfiles")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile")
    parser.add_argument("--no-handout", action="store_true", help="build the deck only")
    parser.add_argument("--report", action="store_true", help="end with the median alone")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="recapdeck-watch-bench-") as tmp:
        project = Path(tmp) / "project"
        for name in ("decks", "assets", "themes"):
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, project / name)
        (project / "pyproject.toml").write_text("")  # marks the project root (outline.py)
        source = args.outline.resolve()
        if source.is_relative_to(ROOT):
            outline = project / source.relative_to(ROOT)
        else:  # an outline of its own (bench/generate.py's): its folder, with its pictures
            shutil.copytree(source.parent, project / "own", ignore=_not_inputs)
            outline = project / "own" / source.name
        original = outline.read_text(encoding="utf-8")
        if args.bullet not in original:
            parser.error(f"{args.outline} does not contain {args.bullet!r}")
        handout = () if args.no_handout else ("md", "html")
        options = BuildOptions(
            out_dir=Path(tmp) / "out", cache=Path(tmp) / "cache", handout=handout
        )

        def edit(run: int) -> str:
            text = f"{args.bullet} (edit {run})"
            outline.write_text(original.replace(args.bullet, text), encoding="utf-8")
            return text

        rounds = _direct(outline, options) if args.direct else _watched(outline, options)
        first = next(rounds)(None)
        _check(first, None)
        print(f"first build: {_seconds(first):.3f} s ({'direct' if args.direct else 'watchfiles'})")
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
        times = []
        for run in range(1, args.runs + 1):
            step = next(rounds)
            if profiler is not None:
                profiler.start()
            done = step(partial(edit, run))
            if profiler is not None:
                profiler.stop()
            _check(done, f"{args.bullet} (edit {run})")
            times.append(_seconds(done))
            print(f"rebuild {run:2d}: {times[-1]:.3f} s")
        rounds.close()
        print(
            f"median rebuild of {outline.name} after editing one bullet: "
            f"{statistics.median(times):.3f} s over {len(times)} runs "
            f"(min {min(times):.3f}, max {max(times):.3f})"
        )
        if profiler is not None:
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.report:
            print(f"{statistics.median(times):.4f}")
    return 0


def _not_inputs(folder: str, names: list[str]) -> list[str]:
    """What copying a generated outline's folder leaves out: other outlines' outputs, and the
    ``.git`` that makes it a project of its own (the copy is part of the temporary one)."""
    return [
        n for n in names if n.endswith((".pptx", ".pdf", ".md")) or n.startswith(("out", ".git"))
    ]


_Step = Callable[[Callable[[], object] | None], Rebuild]
"""One round: given the edit to make (None for the first build), make it and return the rebuild."""


def _direct(outline: Path, options: BuildOptions) -> Generator[_Step, None, None]:
    previous: Rebuild | None = None

    def step(change: Callable[[], object] | None) -> Rebuild:
        nonlocal previous
        if change is not None:
            change()
        previous = rebuild(outline, options, previous)
        return previous

    while True:
        yield step


def _watched(outline: Path, options: BuildOptions) -> Generator[_Step, None, None]:
    stop = threading.Event()
    rounds = watch(outline, options, stop=stop)

    def step(change: Callable[[], object] | None) -> Rebuild:
        if change is None:
            return next(rounds)
        # watchfiles starts watching inside next(): make the change once it is listening
        timer = threading.Timer(0.3, change)
        guard = threading.Timer(60, stop.set)
        timer.start()
        guard.start()
        try:
            found = next(rounds, None)
        finally:
            guard.cancel()
            timer.join()
        if found is None:
            raise SystemExit("the change was not seen within 60 s")
        return found

    try:
        while True:
            yield step
    finally:
        stop.set()


def _check(done: Rebuild, text: str | None) -> None:
    """Stop with the error when the build failed or the edit did not reach the handout."""
    if isinstance(done.outcome, RecapdeckError):
        raise SystemExit(f"build failed: {done.outcome}")
    if text is None:
        return
    if done.outcome.handouts:
        handout = next(p for p in done.outcome.handouts if p.suffix == ".md")
        if text not in handout.read_text(encoding="utf-8"):
            raise SystemExit(f"the edit {text!r} is not in {handout}")
        return
    with zipfile.ZipFile(done.outcome.pptx) as deck:
        slides = [n for n in deck.namelist() if n.startswith("ppt/slides/slide")]
        if not any(text in deck.read(n).decode("utf-8") for n in slides):
            raise SystemExit(f"the edit {text!r} is not in {done.outcome.pptx}")


def _seconds(done: Rebuild) -> float:
    assert not isinstance(done.outcome, RecapdeckError)
    return done.outcome.seconds


if __name__ == "__main__":
    sys.exit(main())
