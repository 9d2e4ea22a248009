"""Where a theme's files may come from: one rule for the theme folder, the themes it extends
and every file in them (logo, template, fonts, handout templates and their includes).

Each must resolve, symbolic links followed, inside the deck's project, the built-in themes or
a folder the caller allows; see :func:`recapdeck.load.theme.load_theme`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import Location, Problem, RecapdeckError
from .project import project_root


def builtin_themes_dir() -> Path:
    """The folder of the themes shipped with recapdeck (in the wheel or the source tree)."""
    package = Path(__file__).resolve().parents[1]  # recapdeck/
    packaged = package / "themes"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "themes"


def theme_file_roots(
    folder: Path, near: Path | None, allow_outside_files: bool | Sequence[Path] = False
) -> tuple[Path, ...] | None:
    """The folders a theme's files may come from (None: anywhere), see :func:`load_theme`."""
    if allow_outside_files is True:
        return None
    # without an outline, the project is that of the folder holding the theme (and its siblings)
    project = project_root(near / "outline.yaml" if near is not None else folder)
    extra = [] if allow_outside_files is False else list(allow_outside_files)
    folders = (project, builtin_themes_dir(), *extra)
    return tuple(dict.fromkeys(Path(os.path.realpath(f)) for f in folders))


def outside_roots(path: Path, roots: Sequence[Path] | None, what: str) -> str | None:
    """Why a theme may not use ``path`` (outside every root, links followed), or None."""
    if roots is None:
        return None
    real = Path(os.path.realpath(path))
    if any(real == root or root in real.parents for root in roots):
        return None
    link = f" (a symbolic link to {real})" if real != Path(os.path.abspath(path)) else ""
    return (
        f"{what}{link} is outside the deck's project folder {roots[0]}; a theme may only use "
        "files inside the project or the built-in themes. Copy it into the project, or, if you "
        "trust this theme, pass --allow-outside-files (allow_outside_files=True from Python)"
    )


MAX_THEME_ENTRIES = 5_000
"""Files and folders of a theme folder checked for links out; a theme holds a few dozen."""


def check_theme_folder(folder: Path, roots: Sequence[Path] | None) -> None:
    """Refuse a theme folder holding a symbolic link (theme.yaml, a template, a font, an
    include...) that leads outside the allowed folders: none of its files is read then."""
    if roots is None or Path(os.path.realpath(folder)).is_relative_to(
        Path(os.path.realpath(builtin_themes_dir()))
    ):
        return
    seen = 0
    problems = []
    for parent, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted([*dirs, *files]):
            seen += 1
            path = Path(parent) / name
            if path.is_symlink():
                rel = path.relative_to(folder).as_posix()
                if why := outside_roots(path, roots, f"'{rel}' in theme '{folder.name}'"):
                    problems.append(Problem(Location(path), why))
        if seen > MAX_THEME_ENTRIES:
            break
    if problems:
        raise RecapdeckError(problems)
