"""The `recapdeck template inspect` and `recapdeck theme new` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the template commands to the main Typer app."""
    template_app = typer.Typer(help="Look inside a company PowerPoint template.")
    theme_app = typer.Typer(help="Make themes.")
    app.add_typer(template_app, name="template")
    app.add_typer(theme_app, name="theme")

    @template_app.command("inspect")
    def inspect(
        template: Annotated[Path, typer.Argument(help="A .pptx, .potx, .pptm or .potm file.")],
    ) -> None:
        """List masters, layouts, placeholders, fonts, colours and the layout mapping."""
        from ..errors import Location, RecapdeckError
        from ..templates import describe, map_layouts, read_template

        try:
            info = read_template(template)
            choices, warnings = map_layouts(info, {}, Location(template))
        except RecapdeckError as exc:
            for problem in exc.problems:
                typer.echo(f"error: {problem}", err=True)
            raise typer.Exit(1) from None
        typer.echo(describe(info, choices), nl=False)
        typer.echo(font_report(info.typefaces))
        for warning in warnings:
            typer.echo(f"gap: {warning.message}")

    def font_report(typefaces: tuple[str, ...]) -> str:
        """Each font the template names: installed, or what LibreOffice draws instead."""
        from ..pipeline.stages import missing_font_message
        from ..plan.fonts import FontCache, find_font

        cache = FontCache()
        lines = ["fonts:"]
        for family in typefaces:
            files = find_font(family, (), cache)
            if files.regular is None:
                lines.append(f"  {family}: not installed, and no stand-in found")
            elif files.drawn:
                advice = missing_font_message(family, files.drawn).split(": ", 1)[1]
                lines.append(f"  {family}: NOT INSTALLED: {advice}")
            else:
                lines.append(f"  {family}: installed ({files.regular.name})")
        return "\n".join(lines)

    @theme_app.command("new")
    def new(
        name: Annotated[str, typer.Argument(help="The theme's name (a folder under themes/).")],
        source: Annotated[
            Path, typer.Option("--from", help="The company template to build the theme on.")
        ],
        themes_dir: Annotated[Path, typer.Option("--dir", help="Where theme folders live.")] = Path(
            "themes"
        ),
    ) -> None:
        """Write themes/NAME/theme.yaml (and a copy of the template) with the mapping spelled
        out for you to adjust."""
        import re
        import shutil

        from ..errors import Location, RecapdeckError
        from ..templates import map_layouts, read_template, theme_yaml

        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name):
            typer.echo(
                f"error: '{name}' is not a theme name; start with a letter or digit and use "
                "letters, digits, -, _ and . (at most 64), e.g. acme-2025",
                err=True,
            )
            raise typer.Exit(1)
        folder = themes_dir / name
        if (folder / "theme.yaml").exists():
            typer.echo(
                f"error: {folder / 'theme.yaml'} exists already; choose another name "
                "or delete it first",
                err=True,
            )
            raise typer.Exit(1)
        try:
            info = read_template(source)
            choices, warnings = map_layouts(info, {}, Location(source))
        except RecapdeckError as exc:
            for problem in exc.problems:
                typer.echo(f"error: {problem}", err=True)
            raise typer.Exit(1) from None
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / source.name
        if not (copy.exists() and copy.resolve() == source.resolve()):  # --from the folder itself
            shutil.copyfile(source, copy)
        (folder / "theme.yaml").write_text(
            theme_yaml(name, info, choices, source.name), encoding="utf-8"
        )
        for warning in warnings:
            typer.echo(f"gap: {warning.message}", err=True)
        typer.echo(
            f"{folder / 'theme.yaml'}: theme '{name}' on {source.name}; build with --theme {name}"
        )
