"""The ``recapdeck`` command line: parse arguments, call the library, print, set the exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__

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
) -> None:
    """Build each OUTLINE into OUT/<name>.pptx, with its handout (and PDFs with --pdf)."""
    from .builder import build as build_deck
    from .errors import RecapdeckError

    formats = [] if no_handout else [f.strip() for f in handout.split(",") if f.strip()]
    failed = 0
    for outline in outlines:
        try:
            with _busy(f"building {outline}"):
                result = build_deck(
                    outline,
                    theme=theme,
                    out_dir=out,
                    strict=strict,
                    allow_missing=allow_missing,
                    handout=formats,
                    pdf=pdf,
                )
        except RecapdeckError as exc:
            failed += 1
            for problem in exc.problems:
                _err(f"error: {problem}")
            _err(
                f"{outline}: not built ({len(exc.problems)} problem"
                f"{'s' if len(exc.problems) != 1 else ''})"
            )
            continue
        for warning in result.warnings:
            _err(f"warning: {warning}")
        extra = "".join(f", {p.name}" for p in (*result.handouts, *result.pdfs))
        typer.echo(
            f"{result.pptx}: {result.slides} slides, {result.pictures} pictures, "
            f"{result.bytes / 1_000_000:.1f} MB, talk ~{result.minutes} min, "
            f"{result.seconds:.1f} s, "
            f"{len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}{extra}"
        )
    if failed:
        raise typer.Exit(1)


@app.command()
def check(
    outlines: OutlinesArg,
    theme: ThemeOpt = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    allow_missing: Annotated[
        bool,
        typer.Option(help="Accept missing screenshots (as build --allow-missing does) and warn."),
    ] = False,
) -> None:
    """Validate each OUTLINE (and its theme and screenshots) without writing anything."""
    from .builder import prepare
    from .errors import RecapdeckError

    failed = 0
    for outline in outlines:
        try:
            prepared = prepare(outline, theme=theme, strict=strict, allow_missing=allow_missing)
        except RecapdeckError as exc:
            failed += 1
            for problem in exc.problems:
                _err(f"error: {problem}")
            _err(f"{outline}: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}")
            continue
        for warning in prepared.warnings:
            _err(f"warning: {warning}")
        typer.echo(f"{outline}: ok, {len(prepared.plan.slides)} slides")
    if failed:
        raise typer.Exit(1)


@app.command()
def preview(
    outlines: OutlinesArg,
    theme: ThemeOpt = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("build"),
    allow_missing: Annotated[
        bool,
        typer.Option(help="Draw a labelled placeholder for a missing screenshot and warn."),
    ] = False,
) -> None:
    """Write OUT/<name>-preview.png: every slide of each OUTLINE, numbered (LibreOffice)."""
    from .builder import preview as preview_deck
    from .errors import RecapdeckError

    failed = 0
    for outline in outlines:
        try:
            with _busy(f"rendering {outline}"):
                result = preview_deck(
                    outline, theme=theme, out_dir=out, allow_missing=allow_missing
                )
        except RecapdeckError as exc:
            failed += 1
            for problem in exc.problems:
                _err(f"error: {problem}")
            continue
        for warning in result.warnings:
            _err(f"warning: {warning}")
        typer.echo(f"{result.png}: {result.slides} slides, {result.seconds:.1f} s")
    if failed:
        raise typer.Exit(1)


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
