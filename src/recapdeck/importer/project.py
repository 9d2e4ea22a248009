"""Where a draft meets the rest of recapdeck: the outline model, the deck's project folder.

The only importer module that reads :mod:`recapdeck.load.outline`, so that the importer's other
modules stay plain text processing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import Location, Problem, RecapdeckError
from ..load.outline import project_root, read_outline, resolve_outline


def check_problems(text: str, out: Path, assets: str | None = None) -> list[Problem]:
    """What ``recapdeck check --allow-missing`` refuses in a draft, by the same loader.

    The draft is checked as a file of the same name in a folder of its own, so nothing is
    written where the user will find it; its screenshots are not there yet, which the loader
    reports as warnings, and files outside the project are allowed (the importer says so in
    a comment of its own). ``assets`` is the draft's ``assets:`` value: that folder is made
    empty beside the checked copy, as the importer makes it beside the real one.
    """
    with tempfile.TemporaryDirectory(prefix="recapdeck-import-") as folder:
        ups = Path(assets).parts.count("..") if assets else 0
        path = Path(folder).joinpath(*(["d"] * ups), out.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if assets:
            (path.parent / assets).mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        try:
            outline = read_outline(path)
            resolve_outline(outline, allow_missing=True, allow_outside_files=True)
        except RecapdeckError as exc:
            return list(exc.problems)
    return []


def unrepaired(problems: list[Problem], out: Path) -> RecapdeckError:
    """The error for a draft the importer could not repair: a bug, reported with its causes."""
    return RecapdeckError(
        [
            Problem(
                Location(out),
                f"recapdeck import drafted an outline that check refuses (please report this "
                f"bug with the post): {problem.field or 'outline'}: {problem.message}",
            )
            for problem in problems
        ]
    )


def schema_path(out: Path) -> str | None:
    """The outline schema beside the deck's project (docs/outline.schema.json), if there."""
    for folder in (out.parent, *out.parent.parents):
        schema = folder / "docs" / "outline.schema.json"
        if schema.is_file():
            return Path(os.path.relpath(schema, out.parent)).as_posix()
        if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
            break
    return None


def inside_project(folder: Path, outline: Path) -> bool:
    """True when ``folder`` lies in the project of ``outline`` (where recapdeck reads files)."""
    root = project_root(outline)
    real = Path(os.path.realpath(folder))
    return real == root or root in real.parents


def outside_project(folder: Path, out: Path) -> str | None:
    """What to say when the assets folder lies outside the deck's project, else None."""
    if inside_project(folder, out):
        return None
    return (
        f"the assets folder {folder} is outside the deck's project ({project_root(out)}); "
        "recapdeck only reads files inside it: move the folder, or build with "
        "--allow-outside-files"
    )
