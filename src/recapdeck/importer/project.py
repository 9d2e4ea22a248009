"""Where a draft meets the rest of recapdeck: the outline model, the deck's project folder.

The only importer module that reads :mod:`recapdeck.outline`, so that the importer's other
modules stay plain text processing.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import Location, Problem, RecapdeckError
from ..outline import Outline, project_root


def validate(text: str, out: Path) -> None:
    """Make sure the draft is a valid outline; a failure here is a bug in the importer."""
    try:
        Outline.model_validate(yaml.safe_load(text))
    except (ValidationError, yaml.YAMLError) as exc:  # pragma: no cover - guards the importer
        raise RecapdeckError(
            Problem(
                Location(out),
                f"recapdeck import drafted an invalid outline (please report this bug): {exc}",
            )
        ) from None


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
