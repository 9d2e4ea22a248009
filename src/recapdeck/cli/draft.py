"""The ``recapdeck import`` and ``recapdeck new`` commands, added to the app by :func:`register`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the ``import`` and ``new`` commands to ``app``."""
    app.command("import")(import_command)
    app.command("new")(new_command)


def import_command(
    post: Annotated[Path, typer.Argument(help="The Markdown post (Jekyll, Hugo, ...).")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Outline to write; '-' prints it. Default: decks/<post name>.yaml.",
            show_default=False,
        ),
    ] = None,
    assets: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the screenshots (found by file name; created when missing).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing outline.")] = False,
    section: Annotated[
        str | None,
        typer.Option(
            help="Import only the part under the heading that contains this text "
            "(the keynote of a post that also covers breakout talks).",
            show_default=False,
        ),
    ] = None,
    duration: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=600,
            help="Minutes of your recap talk: the draft keeps about one slide per minute.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Draft an outline from a Markdown keynote recap; '# check:' comments mark the guesses."""
    from ..errors import RecapdeckError
    from ..importer import import_post, write_import

    to_stdout = output is not None and str(output) == "-"
    try:
        result = import_post(
            post,
            output=None if to_stdout else output,
            assets=assets,
            section=section,
            duration=duration,
        )
        if to_stdout:
            typer.echo(result.text, nl=False)
            return
        created = write_import(result, force=force)
    except RecapdeckError as exc:
        for problem in exc.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    shown = _shown(result.output)
    if result.assets is not None and result.assets in created:
        typer.echo(f"created {_shown(result.assets)}/ for the screenshots")
    missing = f" ({len(result.missing)} not downloaded yet)" if result.missing else ""
    counts = ", ".join(
        _count(n, noun)
        for n, noun in (
            (result.segments, "segment"),
            (result.highlights, "highlight"),
            (result.speakers, "speaker"),
            (result.screenshots, "screenshot"),
        )
    )
    launches = _count(result.announcements, "announcement")
    links = _count(result.references, "reference")
    typer.echo(
        f"{shown}: {counts}{missing}, {launches}, {links}; "
        f"{_count(result.checks, 'comment')} marked '# check:' to review"
    )
    typer.echo(f"next: edit {shown}, then run: recapdeck check {shown} --allow-missing")


def new_command(
    name: Annotated[str, typer.Argument(help="Name of the deck: decks/NAME.yaml.")],
    folder: Annotated[
        Path, typer.Option("--folder", help="Project folder that holds decks/ and assets/.")
    ] = Path("."),
) -> None:
    """Start a deck: decks/NAME.yaml with every field explained, and assets/NAME/."""
    from ..errors import RecapdeckError
    from ..importer import new_deck

    try:
        created = new_deck(name, folder=folder)
    except RecapdeckError as exc:
        for problem in exc.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    for path in created.files:
        typer.echo(f"created {_shown(path)}")
    if created.note:
        typer.echo(f"note: {created.note}")
    typer.echo(f"next: edit {_shown(created.outline)}, then run: recapdeck build "
               f"{_shown(created.outline)}")  # fmt: skip


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
