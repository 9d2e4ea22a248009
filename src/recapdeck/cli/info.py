"""The ``themes`` and ``schema`` commands, added to the app by :func:`register`."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the ``themes`` and ``schema`` commands to ``app``."""
    app.command("themes")(themes)
    app.command("schema")(schema)


def themes() -> None:
    """List the themes recapdeck can see: name, then where it comes from."""
    from ..load.theme import available_themes

    for name, folder, source in available_themes(Path.cwd()):
        typer.echo(f"{name}\t{source}\t{folder}")


def schema() -> None:
    """Print the JSON Schema of the outline format (for editors and the YAML language server)."""
    from ..load.outline import outline_json_schema

    typer.echo(json.dumps(outline_json_schema(), indent=2, ensure_ascii=False))
