"""The ``recapdeck`` command line: parse arguments, call the library, print, set the exit code."""

from __future__ import annotations

import dataclasses
import json
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .cli_import import register as _register_import
from .cli_template import register as _register_template
from .extract.command import register as _register_extract

if TYPE_CHECKING:
    from .batch import BuildOptions
    from .builder import BuildResult
    from .errors import RecapdeckError

app = typer.Typer(
    name="recapdeck",
    help="Turn a keynote outline (YAML) and screenshots into a native PowerPoint deck.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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

NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Build in full: process every screenshot afresh instead of reusing the image "
        "cache ($RECAPDECK_CACHE_DIR, else ~/.cache/recapdeck/images), and rebuild even when "
        "nothing changed since the last build; the outputs are the same.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"recapdeck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Turn a keynote outline (YAML) and screenshots into a native PowerPoint deck."""


def _err(text: str) -> None:
    typer.echo(text, err=True)


@app.command()
def build(
    outlines: OutlinesArg,
    theme: ThemeOpt = None,
    template: TemplateOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    allow_missing: Annotated[
        bool,
        typer.Option(help="Draw a labelled placeholder for a missing screenshot and warn."),
    ] = False,
    handout: Annotated[
        str, typer.Option(help="Handout formats to write, comma-separated: md, html.")
    ] = "md,html",
    no_handout: Annotated[bool, typer.Option("--no-handout", help="Write no handout.")] = False,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="Also write PDFs of the deck and the handout (LibreOffice)."),
    ] = False,
    allow_outside_files: OutsideOpt = False,
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
    from .builder import build as build_deck

    formats = [] if no_handout else [f.strip() for f in handout.split(",") if f.strip()]
    if watch and len(outlines) != 1:
        _err("--watch takes one outline; start one watcher per deck")
        raise typer.Exit(2)
    from .batch import BuildOptions

    options = BuildOptions(
        theme=theme,
        template=template,
        out_dir=out,
        strict=strict,
        allow_missing=allow_missing,
        allow_outside_files=allow_outside_files,
        handout=tuple(formats),
        pdf=pdf,
        cache=not no_cache,
    )
    if watch:
        _run_watch(outlines[0], options)
        return
    if len(outlines) > 1:
        _run_batch(outlines, options, jobs)
        return

    def one(outline: Path) -> tuple[str, Sequence[object]]:
        result = build_deck(outline, **dataclasses.asdict(options))
        return _summary(result), result.warnings

    _run_each(outlines, "building", "not built", one, writes=True)


def _summary(result: BuildResult) -> str:
    extra = "".join(f", {p.name}" for p in (*result.handouts, *result.pdfs))
    return (
        f"{result.pptx}: {result.slides} slides, {result.pictures} pictures, "
        f"{result.bytes / 1_000_000:.1f} MB, talk ~{result.minutes} min, "
        f"{result.seconds:.1f} s, {_count(len(result.warnings), 'warning')}{extra}"
        + (" (unchanged: nothing to rebuild)" if result.unchanged else "")
    )


def _run_watch(outline: Path, options: BuildOptions) -> None:
    """Rebuild ``outline`` on every change of its inputs until Ctrl-C; one line per build."""
    from .errors import RecapdeckError
    from .watch import watch

    try:
        for n, round_ in enumerate(watch(outline, options)):
            outcome = round_.outcome
            if isinstance(outcome, RecapdeckError):
                _err(f"{outline}: not built ({_report(outcome)}); waiting for a change")
                continue
            for warning in outcome.warnings:
                _err(f"warning: {warning}")
            what = "built" if n == 0 else "rebuilt"
            typer.echo(f"{what} in {outcome.seconds:.2f} s: {_summary(outcome)}")
            if n == 0:
                _err(f"watching {outline}, its screenshots and its theme; Ctrl-C stops")
    except KeyboardInterrupt:
        _err("stopped watching")


def _run_batch(outlines: Sequence[Path], options: BuildOptions, jobs: int | None) -> None:
    """Build several outlines at once, one line per deck as it finishes; exit 1 if any failed."""
    from .batch import build_many, default_jobs
    from .errors import RecapdeckError
    from .writing import check_outline_names

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main else None
    try:
        try:
            outlines = check_outline_names(outlines)
        except RecapdeckError as exc:
            _err(f"nothing done ({_report(exc)})")
            raise typer.Exit(1) from None
        workers = min(jobs or default_jobs(), len(outlines))
        pdfs = ", then their PDFs in one LibreOffice run" if options.pdf else ""
        _err(f"building {len(outlines)} decks, {workers} at a time{pdfs}")
        failed = 0
        for outline, outcome in build_many(outlines, options, jobs=jobs):
            if isinstance(outcome, RecapdeckError):
                failed += 1
                _err(f"{outline}: not built ({_report(outcome)})")
                continue
            for warning in outcome.warnings:
                _err(f"warning: {warning}")
            typer.echo(_summary(outcome))
    except KeyboardInterrupt as exc:
        _err("interrupted: stopped at once; no half-written file or temporary file was left")
        raise typer.Exit(143 if isinstance(exc, _Terminated) else 130) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if failed:
        raise typer.Exit(1)


@app.command()
def check(
    outlines: OutlinesArg,
    theme: ThemeOpt = None,
    template: TemplateOpt = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    allow_missing: Annotated[
        bool,
        typer.Option(help="Accept missing screenshots (as build --allow-missing does) and warn."),
    ] = False,
    allow_outside_files: OutsideOpt = False,
) -> None:
    """Validate each OUTLINE (and its theme and screenshots) without writing anything."""
    from .builder import prepare

    def one(outline: Path) -> tuple[str, Sequence[object]]:
        prepared = prepare(
            outline,
            theme=theme,
            template=template,
            strict=strict,
            allow_missing=allow_missing,
            allow_outside_files=allow_outside_files,
        )
        return f"{outline}: ok, {len(prepared.plan.slides)} slides", prepared.warnings

    _run_each(outlines, "checking", "", one)


@app.command()
def preview(
    outlines: OutlinesArg,
    theme: ThemeOpt = None,
    template: TemplateOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    allow_missing: Annotated[
        bool,
        typer.Option(help="Draw a labelled placeholder for a missing screenshot and warn."),
    ] = False,
    allow_outside_files: OutsideOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write OUT/<name>-preview.png: every slide of each OUTLINE, numbered (LibreOffice)."""
    from .builder import preview as preview_deck

    def one(outline: Path) -> tuple[str, Sequence[object]]:
        result = preview_deck(
            outline,
            theme=theme,
            template=template,
            out_dir=out,
            allow_missing=allow_missing,
            allow_outside_files=allow_outside_files,
            cache=not no_cache,
        )
        return f"{result.png}: {result.slides} slides, {result.seconds:.1f} s", result.warnings

    _run_each(outlines, "rendering", "no preview", one, writes=True)


@app.command()
def themes() -> None:
    """List the themes recapdeck can see: name, then where it comes from."""
    from .theme import available_themes

    for name, folder, source in available_themes(Path.cwd()):
        typer.echo(f"{name}\t{source}\t{folder}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the outline format (for editors and the YAML language server)."""
    from .outline import outline_json_schema

    typer.echo(json.dumps(outline_json_schema(), indent=2, ensure_ascii=False))


_register_import(app)
_register_template(app)
_register_extract(app)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _run_each(
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
    from .errors import RecapdeckError
    from .writing import check_outline_names

    main = threading.current_thread() is threading.main_thread()  # signals reach only it
    previous = signal.signal(signal.SIGTERM, _terminate) if main else None
    try:
        if writes:
            try:
                outlines = check_outline_names(outlines)
            except RecapdeckError as exc:
                _err(f"nothing done ({_report(exc)})")
                raise typer.Exit(1) from None
        failed = 0
        for outline in outlines:
            try:
                with _busy(f"{doing} {outline}"):
                    summary, warnings = action(outline)
            except RecapdeckError as exc:
                failed += 1
                count = _report(exc)
                end = f"{failed_word} ({count})" if failed_word else count
                _err(f"{outline}: {end}")
                continue
            for warning in warnings:
                _err(f"warning: {warning}")
            typer.echo(summary)
    except KeyboardInterrupt as exc:
        _err("interrupted: stopped at once; no half-written file or temporary file was left")
        raise typer.Exit(143 if isinstance(exc, _Terminated) else 130) from None
    finally:
        if previous is not None:  # a cancelled CI job (SIGTERM) cleans up too
            signal.signal(signal.SIGTERM, previous)
    if failed:
        raise typer.Exit(1)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, unwound like Ctrl-C so that temporary files and LibreOffice are cleaned up."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def _report(exc: RecapdeckError) -> str:
    """Print each problem of ``exc``; return how many there were, in words."""
    for problem in exc.problems:
        _err(f"error: {problem}")
    return _count(len(exc.problems), "problem")


class _busy:
    """A spinner on a terminal, nothing otherwise (logs and CI stay plain)."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.status = None

    def __enter__(self) -> None:
        if sys.stderr.isatty():
            from rich.console import Console

            self.status = Console(stderr=True).status(self.message)
            self.status.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self.status is not None:
            self.status.__exit__(*exc)


def main() -> None:
    """Entry point of the console script."""
    app()
