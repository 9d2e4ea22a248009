"""The ``recapdeck`` command line: parse arguments, call the library, print, set the exit code.

One module per command group, each adding its commands with ``register(app)``; the commands
import the library lazily, so that ``recapdeck --help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import build, draft, extract, info, inspect, serve, template

app = typer.Typer(
    name="recapdeck",
    help="Turn a keynote outline (YAML) and screenshots into a native PowerPoint deck.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


build.register(app)
info.register(app)
draft.register(app)
template.register(app)
inspect.register(app)
extract.register(app)
serve.register(app)


def main() -> None:
    """Entry point of the console script."""
    app()
