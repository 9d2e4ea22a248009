"""The ``serve`` command, added to the app by :func:`register`."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    AllowFromOpt,
    MissingOpt,
    NoCacheOpt,
    OutsideOpt,
    TemplateOpt,
    Terminated,
    ThemeOpt,
    err,
    outside_files,
    report,
    terminate,
)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to ``app``."""
    app.command("serve", help=_HELP)(serve_command)


_HELP = (
    "Show OUTLINE on a local page (127.0.0.1) as slide images with their notes, the warnings "
    "and the run sheet; the page updates itself when the outline, a screenshot or the theme "
    "is saved, re-rendering only the slides that changed through one LibreOffice kept running. "
    "Ctrl-C stops."
)


def serve_command(
    outline: Annotated[Path, typer.Argument(help="Outline YAML file.", show_default=False)],
    theme: ThemeOpt = None,
    template: TemplateOpt = None,
    port: Annotated[
        int,
        typer.Option(min=0, max=65535, help="Port on 127.0.0.1; 0 picks a free one."),
    ] = 0,
    allow_missing: MissingOpt = False,
    allow_outside_files: OutsideOpt = False,
    allow_files_from: AllowFromOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Serve the live page of OUTLINE until Ctrl-C (see _HELP)."""
    from ..errors import RecapdeckError
    from ..pipeline import BuildOptions
    from ..serve.watch import serve

    if not outline.is_file():
        err(f"error: {outline}: no such outline file; name an outline YAML file")
        raise typer.Exit(1)
    try:
        options = BuildOptions(
            theme=theme,
            template=template,
            allow_missing=allow_missing,
            allow_outside_files=outside_files(allow_outside_files, allow_files_from),
            cache=not no_cache,
        )
    except RecapdeckError as exc:
        err(f"nothing served ({report(exc)})")
        raise typer.Exit(1) from None

    def ready(url: str) -> None:
        typer.echo(f"serving {outline} at {url}", color=False)
        err("the page updates when the outline, a screenshot or the theme changes; Ctrl-C stops")

    previous = signal.signal(signal.SIGTERM, terminate)  # unwound like Ctrl-C: LibreOffice stops
    code = 0
    try:
        serve(outline, options, port=port, ready=ready)
    except RecapdeckError as exc:
        err(f"{outline}: not served ({report(exc)})")
        raise typer.Exit(1) from None
    except KeyboardInterrupt as exc:
        code = 143 if isinstance(exc, Terminated) else 0
    finally:
        signal.signal(signal.SIGTERM, previous)
    err("stopped serving; LibreOffice was closed")
    if code:
        raise typer.Exit(code)
