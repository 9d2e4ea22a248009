"""The `recapdeck doctor` command: what applications and screen readers trip on in a .pptx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ..pipeline import BuildOptions


def register(app: typer.Typer) -> None:
    """Add the doctor command to the main Typer app."""

    @app.command()
    def doctor(
        decks: Annotated[
            list[Path],
            typer.Argument(help="PowerPoint files (.pptx, .potx...).", show_default=False),
        ],
        warnings: Annotated[
            bool, typer.Option("--warnings/--no-warnings", help="Also list the warnings.")
        ] = True,
    ) -> None:
        """Check any .pptx (built by recapdeck or edited by hand) for what PowerPoint, Keynote,
        Google Slides or a screen reader would trip on, slide by slide, with the fix.

        Exit status 1 when any deck has a problem (warnings alone exit 0).
        """
        from ..errors import RecapdeckError
        from ..inspect import PROBLEM
        from ..inspect import doctor as run_doctor

        failed = False
        for deck in decks:
            try:
                findings = run_doctor(deck)
            except RecapdeckError as exc:
                typer.echo(f"error: {exc}", err=True)
                failed = True
                continue
            shown = [f for f in findings if warnings or f.severity == PROBLEM]
            for finding in shown:
                typer.echo(f"{deck}: {finding}")
            problems = sum(f.severity == PROBLEM for f in findings)
            typer.echo(f"{deck}: {summary(problems, len(findings) - problems)}")
            failed |= problems > 0
        if failed:
            raise typer.Exit(1)


def summary(problems: int, warnings: int) -> str:
    """``ok`` or ``N problems, M warnings``, as the last line for a deck."""
    if not problems and not warnings:
        return "ok: nothing PowerPoint, Keynote, Google Slides or a screen reader trips on"
    plural = lambda n, word: f"{n} {word}{'s' if n != 1 else ''}"  # noqa: E731
    return f"{plural(problems, 'problem')}, {plural(warnings, 'warning')}"


def check_accessibility(outline: Path, options: BuildOptions) -> tuple[str, list[str]]:
    """`check --accessibility` for one outline: its summary line and warnings; problems raise."""
    from ..errors import Location, Problem, RecapdeckError
    from ..inspect import PROBLEM
    from ..inspect.built import inspect_outline

    findings, slides = inspect_outline(outline, options)
    problems = [f for f in findings if f.severity == PROBLEM]
    if problems:
        raise RecapdeckError(
            [Problem(Location(outline), f"accessibility: {f.describe()}") for f in problems]
        )
    warnings = [f"accessibility: {f.describe()}" for f in findings if f.severity != PROBLEM]
    return f"{outline}: ok, {slides} slides, accessible (titles, alt text, contrast)", warnings
