"""The ``build``, ``check`` and ``preview`` commands, added to the app by :func:`register`."""

from __future__ import annotations

import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    AllowFromOpt,
    MissingOpt,
    NoCacheOpt,
    OutlinesArg,
    OutsideOpt,
    TemplateOpt,
    Terminated,
    ThemeOpt,
    count,
    err,
    outside_files,
    report,
    run_each,
    terminate,
)

if TYPE_CHECKING:
    from ..pipeline import BuildOptions, BuildResult


def register(app: typer.Typer) -> None:
    """Add the ``build``, ``check`` and ``preview`` commands to ``app``."""
    app.command("build")(build_command)
    app.command("check")(check_command)
    app.command("preview")(preview_command)


def build_command(
    outlines: OutlinesArg,
    theme: ThemeOpt = None,
    template: TemplateOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    allow_missing: MissingOpt = False,
    handout: Annotated[
        str, typer.Option(help="Handout formats to write, comma-separated: md, html.")
    ] = "md,html",
    no_handout: Annotated[bool, typer.Option("--no-handout", help="Write no handout.")] = False,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="Also write PDFs of the deck and the handout (LibreOffice)."),
    ] = False,
    allow_outside_files: OutsideOpt = False,
    allow_files_from: AllowFromOpt = None,
    no_cache: NoCacheOpt = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="With several outlines: how many to build at once, in parallel processes "
            "(default: the number of cores). All PDFs are made in one LibreOffice run.",
            show_default=False,
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Build, then rebuild whenever the outline, a screenshot or the theme changes, "
            "printing each rebuild's time; Ctrl-C stops.",
        ),
    ] = False,
) -> None:
    """Build each OUTLINE into OUT/<name>.pptx, with its handout (and PDFs with --pdf)."""
    from ..errors import RecapdeckError
    from ..pipeline import BuildOptions, build

    formats = [] if no_handout else [f.strip() for f in handout.split(",") if f.strip()]
    if watch and len(outlines) != 1:
        err("--watch takes one outline; start one watcher per deck")
        raise typer.Exit(2)
    try:
        options = BuildOptions(
            theme=theme,
            template=template,
            out_dir=out,
            strict=strict,
            allow_missing=allow_missing,
            allow_outside_files=outside_files(allow_outside_files, allow_files_from),
            handout=tuple(formats),
            pdf=pdf,
            cache=not no_cache,
        )
    except RecapdeckError as exc:
        err(f"nothing done ({report(exc)})")
        raise typer.Exit(1) from None
    if watch:
        _run_watch(outlines[0], options)
        return
    if len(outlines) > 1:
        _run_batch(outlines, options, jobs)
        return

    def one(outline: Path) -> tuple[str, Sequence[object]]:
        result = build(outline, options)
        return _summary(result), result.warnings

    run_each(outlines, "building", "not built", one, writes=True)


def _summary(result: BuildResult) -> str:
    extra = "".join(f", {p.name}" for p in (*result.handouts, *result.pdfs))
    return (
        f"{result.pptx}: {result.slides} slides, {result.pictures} pictures, "
        f"{result.bytes / 1_000_000:.1f} MB, talk ~{result.minutes} min, "
        f"{result.seconds:.1f} s, {count(len(result.warnings), 'warning')}{extra}"
        + (" (unchanged: nothing to rebuild)" if result.unchanged else "")
    )


def _run_watch(outline: Path, options: BuildOptions) -> None:
    """Rebuild ``outline`` on every change of its inputs until Ctrl-C; one line per build."""
    from ..errors import RecapdeckError
    from ..pipeline.watching import watch

    try:
        for n, round_ in enumerate(watch(outline, options)):
            outcome = round_.outcome
            if isinstance(outcome, RecapdeckError):
                err(f"{outline}: not built ({report(outcome)}); waiting for a change")
                continue
            for warning in outcome.warnings:
                err(f"warning: {warning}")
            what = "built" if n == 0 else "rebuilt"
            typer.echo(f"{what} in {outcome.seconds:.2f} s: {_summary(outcome)}")
            if n == 0:
                err(f"watching {outline}, its screenshots and its theme; Ctrl-C stops")
    except KeyboardInterrupt:
        err("stopped watching")


def _run_batch(outlines: Sequence[Path], options: BuildOptions, jobs: int | None) -> None:
    """Build several outlines at once, one line per deck as it finishes; exit 1 if any failed."""
    from ..errors import RecapdeckError
    from ..pipeline.batch import build_many, default_jobs
    from ..writing import check_outline_names

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, terminate) if main else None
    try:
        try:
            outlines = check_outline_names(outlines)
        except RecapdeckError as exc:
            err(f"nothing done ({report(exc)})")
            raise typer.Exit(1) from None
        workers = min(jobs or default_jobs(), len(outlines))
        pdfs = ", then their PDFs in one LibreOffice run" if options.pdf else ""
        err(f"building {len(outlines)} decks, {workers} at a time{pdfs}")
        failed = 0
        for outline, outcome in build_many(outlines, options, jobs=jobs):
            if isinstance(outcome, RecapdeckError):
                failed += 1
                err(f"{outline}: not built ({report(outcome)})")
                continue
            for warning in outcome.warnings:
                err(f"warning: {warning}")
            typer.echo(_summary(outcome))
    except KeyboardInterrupt as exc:
        err("interrupted: stopped at once; no half-written file or temporary file was left")
        raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if failed:
        raise typer.Exit(1)


def check_command(
    outlines: OutlinesArg,
    theme: ThemeOpt = None,
    template: TemplateOpt = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    allow_missing: Annotated[
        bool,
        typer.Option(help="Accept missing screenshots (as build --allow-missing does) and warn."),
    ] = False,
    allow_outside_files: OutsideOpt = False,
    allow_files_from: AllowFromOpt = None,
    accessibility: Annotated[
        bool,
        typer.Option(
            "--accessibility",
            help="Also build each deck in memory and check it as `recapdeck doctor` does: "
            "titles, reading order, alt text, contrast and the package; problems fail.",
        ),
    ] = False,
) -> None:
    """Validate each OUTLINE (and its theme and screenshots) without writing anything."""
    from ..pipeline import BuildOptions, prepare

    options = BuildOptions(
        theme=theme,
        template=template,
        strict=strict,
        allow_missing=allow_missing,
        allow_outside_files=outside_files(allow_outside_files, allow_files_from),
    )

    def one(outline: Path) -> tuple[str, Sequence[object]]:
        if accessibility:
            from .inspect import check_accessibility

            return check_accessibility(outline, options)
        prepared = prepare(outline, options)
        return f"{outline}: ok, {len(prepared.plan.slides)} slides", prepared.warnings

    run_each(outlines, "checking", "", one)


def preview_command(
    outlines: OutlinesArg,
    theme: ThemeOpt = None,
    template: TemplateOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    allow_missing: MissingOpt = False,
    allow_outside_files: OutsideOpt = False,
    allow_files_from: AllowFromOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write OUT/<name>-preview.png: every slide of each OUTLINE, numbered (LibreOffice)."""
    from ..pipeline import BuildOptions
    from ..pipeline import preview as preview_deck

    options = BuildOptions(
        theme=theme,
        template=template,
        out_dir=out,
        allow_missing=allow_missing,
        allow_outside_files=outside_files(allow_outside_files, allow_files_from),
        cache=not no_cache,
    )

    def one(outline: Path) -> tuple[str, Sequence[object]]:
        result = preview_deck(outline, options)
        return f"{result.png}: {result.slides} slides, {result.seconds:.1f} s", result.warnings

    run_each(outlines, "rendering", "no preview", one, writes=True)
