"""The deck's project folder: where an outline's files may come from unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_MARKERS = (".git", "pyproject.toml")
"""What marks a deck's project folder (see :func:`project_root`)."""


def project_root(outline_file: Path) -> Path:
    """The deck's project: the nearest folder above the outline holding ``.git`` or
    ``pyproject.toml``, else the outline's own folder (symbolic links resolved)."""
    start = lexical_path(outline_file).parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return Path(os.path.realpath(folder))
    return Path(os.path.realpath(start))


def lexical_path(path: Path) -> Path:
    """Make ``path`` absolute and drop ``..`` and ``.`` (lexically: symlinks stay as written).

    Messages then show ``/talks/assets`` rather than ``/talks/decks/../assets``, and one file
    named in two ways is probed and embedded once.
    """
    return Path(os.path.normpath(path.absolute()))
