"""What every command shares: option types, the per-outline loop, reporting, Ctrl-C."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from types import TracebackType

    from rich.status import Status

    from ..errors import RecapdeckError

OutlinesArg = Annotated[list[Path], typer.Argument(help="Outline YAML files.", show_default=False)]
ThemeOpt = Annotated[
    str | None,
    typer.Option("--theme", "-t", help="Theme name or folder; overrides 'theme:' in the outline."),
]
TemplateOpt = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="A company .pptx/.potx (or .pptm/.potm) to build on, instead of the theme's.",
    ),
]
OutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-outside-files",
        help="Let the outline use files outside its project folder (the nearest folder above "
        "it holding .git or pyproject.toml). Only for outlines you trust.",
    ),
]
AllowFromOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--allow-files-from",
        help="A folder outside the project whose files the outline and its theme may use "
        "(shared screenshots, a company theme); repeat for several. Narrower than "
        "--allow-outside-files.",
        show_default=False,
    ),
]


def outside_files(anywhere: bool, folders: list[Path] | None) -> bool | tuple[Path, ...]:
    """The ``allow_outside_files`` option from --allow-outside-files and --allow-files-from."""
    return True if anywhere else tuple(folders or ())


MissingOpt = Annotated[
    bool,
    typer.Option(help="Draw a labelled placeholder for a missing screenshot and warn."),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Build in full: process every screenshot afresh instead of reusing the image "
        "cache ($RECAPDECK_CACHE_DIR, else ~/.cache/recapdeck/images), and rebuild even when "
        "nothing changed since the last build; the outputs are the same.",
    ),
]


def err(text: str) -> None:
    """Print a line on standard error."""
    typer.echo(text, err=True)


def count(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural when n is not 1."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def run_each(
    outlines: Sequence[Path],
    doing: str,
    failed_word: str,
    action: Callable[[Path], tuple[str, Sequence[object]]],
    *,
    writes: bool = False,
) -> None:
    """Run ``action`` on each outline, reporting problems and warnings; exit 1 if any failed.

    With ``writes``, outlines whose outputs would collide are refused before any is built.
    Ctrl-C stops with one line and exit status 130 (what a shell reports for SIGINT; 143
    for SIGTERM, which is handled the same way).
    """
    from ..errors import RecapdeckError
    from ..writing import check_outline_names

    main = threading.current_thread() is threading.main_thread()  # signals reach only it
    previous = signal.signal(signal.SIGTERM, terminate) if main else None
    try:
        if writes:
            try:
                outlines = check_outline_names(outlines)
            except RecapdeckError as exc:
                err(f"nothing done ({report(exc)})")
                raise typer.Exit(1) from None
        failed = 0
        for outline in outlines:
            try:
                with Busy(f"{doing} {outline}"):
                    summary, warnings = action(outline)
            except RecapdeckError as exc:
                failed += 1
                count = report(exc)
                end = f"{failed_word} ({count})" if failed_word else count
                err(f"{outline}: {end}")
                continue
            for warning in warnings:
                err(f"warning: {warning}")
            typer.echo(summary)
    except KeyboardInterrupt as exc:
        err("interrupted: stopped at once; no half-written file or temporary file was left")
        raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None
    finally:
        if previous is not None:  # a cancelled CI job (SIGTERM) cleans up too
            signal.signal(signal.SIGTERM, previous)
    if failed:
        raise typer.Exit(1)


class Terminated(KeyboardInterrupt):
    """SIGTERM, unwound like Ctrl-C so that temporary files and LibreOffice are cleaned up."""


def terminate(signum: int, frame: object) -> None:
    raise Terminated


def report(exc: RecapdeckError) -> str:
    """Print each problem of ``exc``; return how many there were, in words."""
    for problem in exc.problems:
        err(f"error: {problem}")
    return count(len(exc.problems), "problem")


class Busy:
    """A spinner on a terminal, nothing otherwise (logs and CI stay plain)."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.status: Status | None = None

    def __enter__(self) -> None:
        if sys.stderr.isatty():
            from rich.console import Console

            self.status = Console(stderr=True).status(self.message)
            self.status.__enter__()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.status is not None:
            self.status.__exit__(kind, value, traceback)
