"""``recapdeck import``: draft an outline from a Markdown keynote recap (Jekyll, Hugo, ...).

The post is read (front matter with PyYAML or tomllib, the body with markdown-it-py), mapped
onto an outline draft (``_import_map``), and written as tidy, commented YAML
(``_yaml_writer``). Every guess is marked with a ``# check:`` comment; the result always
validates as an outline and builds with ``--allow-missing`` while screenshots are missing.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import _yaml_writer as w
from ._import_draft import Draft
from ._import_map import draft_outline
from ._import_markdown import parse_body
from ._import_yaml import AssetIndex, outline_tree
from .errors import Location, Problem, RecapdeckError
from .load.yaml_reader import read_text

MAX_POST_BYTES = 5_000_000


@dataclass(frozen=True)
class Post:
    """A Markdown post split into its front matter and body."""

    path: Path
    front: dict[str, Any]
    body: str
    body_line: int
    """The line of the file the body starts on (1 without front matter)."""


@dataclass
class ImportResult:
    """The drafted outline text and what went into it."""

    text: str
    output: Path
    assets: Path | None
    segments: int = 0
    highlights: int = 0
    speakers: int = 0
    screenshots: int = 0
    missing: list[str] = field(default_factory=list)
    announcements: int = 0
    references: int = 0
    checks: int = 0


# --- reading --------------------------------------------------------------------------------


def read_post(path: Path | str) -> Post:
    """Read a Markdown post; raise RecapdeckError (with file and line) when it cannot be read."""
    path = Path(path)
    text = read_text(path, what="file", limit=MAX_POST_BYTES)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise RecapdeckError(Problem(Location(path, line), "holds a NUL byte; is it a text file?"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body, body_line = _split_front_matter(text, path)
    return Post(path, front, body, body_line)


class _FrontLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: "2024-12-08 10:00" and "2024-13-45" both load."""


_FrontLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    lines = text.split("\n")
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return {}, text, 1
    closers = ("---", "...") if fence == "---" else ("+++",)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    if end is None:
        raise RecapdeckError(
            Problem(
                Location(path, 1),
                f"the front matter opened by '{fence}' on line 1 is never closed; "
                f"end it with a line holding only '{fence}'",
            )
        )
    source = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    data = _toml(source, path, end) if fence == "+++" else _yaml(source, path)
    if _deeper_than(data, _MAX_FRONT_MATTER_DEPTH):
        raise RecapdeckError(
            Problem(
                Location(path, 2),
                f"the front matter nests lists or tables more than {_MAX_FRONT_MATTER_DEPTH} "
                "levels deep; a post's front matter needs two or three",
            )
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RecapdeckError(
            Problem(
                Location(path, 2),
                "the front matter must be 'key: value' lines (such as 'title: ...'), "
                f"not a {type(data).__name__}",
            )
        )
    return {str(k): v for k, v in data.items()}, body, end + 2


def _yaml(source: str, path: Path) -> Any:
    try:
        return yaml.load(source, Loader=_FrontLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        column = mark.column + 1 if mark else 0
        what = exc.problem or exc.context or "invalid YAML"
        raise RecapdeckError(
            Problem(Location(path, line, column), f"the front matter is not valid YAML: {what}")
        ) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise RecapdeckError(
            Problem(Location(path, 1), f"the front matter cannot be read: {exc}")
        ) from None


_MAX_FRONT_MATTER_DEPTH = 32


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and mappings in ``data`` nest more than ``limit`` levels (no recursion)."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def _toml(source: str, path: Path, last_line: int) -> Any:
    try:
        return tomllib.loads(source)
    except RecursionError:
        raise RecapdeckError(
            Problem(
                Location(path, 2),
                f"the front matter nests arrays or tables too deeply to read (more than "
                f"{_MAX_FRONT_MATTER_DEPTH} levels is never needed); flatten it",
            )
        ) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) + 1 if match else last_line
        raise RecapdeckError(
            Problem(Location(path, line), f"the front matter is not valid TOML: {exc}")
        ) from None


# --- importing ------------------------------------------------------------------------------


def default_output(post: Path, folder: Path | None = None) -> Path:
    """``decks/<name>.yaml`` for a post, its name without a leading date."""
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem)
    name = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "imported"
    return (folder or Path.cwd()) / "decks" / f"{name}.yaml"


def import_post(
    post_path: Path | str, *, output: Path | str | None = None, assets: Path | str | None = None
) -> ImportResult:
    """Draft an outline from a Markdown post; nothing is written (see :func:`write_import`).

    ``output`` is where the outline will be written (paths in it are relative to it);
    ``assets`` is the folder screenshots are looked up in by file name.
    """
    post = read_post(post_path)
    out = Path(output) if output is not None else default_output(post.path)
    out = Path(os.path.abspath(out))
    assets_dir = Path(os.path.abspath(assets)) if assets is not None else None
    blocks = parse_body(post.body, post.body_line)
    fallback = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.path.stem).replace("-", " ").strip()
    draft = draft_outline(post.front, blocks, fallback_title=fallback.capitalize() or "Keynote")
    files = AssetIndex(assets_dir, out)
    root = outline_tree(draft, files)
    header = _header(post, out, draft, files)
    text = w.render(root, header)
    _validate(text, out)
    shots = [h for s in draft.segments for h in s.highlights for _ in h.screenshots]
    return ImportResult(
        text=text,
        output=out,
        assets=assets_dir,
        segments=len(draft.segments),
        highlights=sum(len(s.highlights) for s in draft.segments),
        speakers=len(draft.speakers),
        screenshots=len(shots),
        missing=sorted(set(files.missing)),
        announcements=len(draft.announcements),
        references=len(draft.references),
        checks=sum(1 for line in text.splitlines() if line.lstrip().startswith("# check:")),
    )


def write_import(result: ImportResult, *, force: bool = False) -> list[Path]:
    """Write the drafted outline (and create its assets folder); return what was created.

    Refuses to replace an existing outline unless ``force``.
    """
    created: list[Path] = []
    if result.output.exists() and not force:
        raise RecapdeckError(
            Problem(
                Location(result.output),
                "already exists; choose another name with -o, or pass --force to replace it",
            )
        )
    try:
        if result.assets is not None and not result.assets.is_dir():
            result.assets.mkdir(parents=True)
            created.append(result.assets)
        result.output.parent.mkdir(parents=True, exist_ok=True)
        temporary = result.output.with_name(f".{result.output.name}.tmp")
        temporary.write_text(result.text, encoding="utf-8")
        os.replace(temporary, result.output)
    except OSError as exc:
        raise RecapdeckError(
            Problem(Location(Path(exc.filename or result.output)), f"cannot write: {exc.strerror}")
        ) from None
    created.append(result.output)
    return created


def _validate(text: str, out: Path) -> None:
    """Make sure the draft is a valid outline; a failure here is a bug in the importer."""
    from pydantic import ValidationError

    from .load.outline import Outline

    try:
        Outline.model_validate(yaml.safe_load(text))
    except (ValidationError, yaml.YAMLError) as exc:  # pragma: no cover - guards the importer
        raise RecapdeckError(
            Problem(
                Location(out),
                f"recapdeck import drafted an invalid outline (please report this bug): {exc}",
            )
        ) from None


def _header(post: Post, out: Path, draft: Draft, files: AssetIndex) -> list[str]:
    lines: list[str] = []
    schema = _schema_path(out)
    if schema:
        lines.append(f"yaml-language-server: $schema={schema}")
    lines.append(
        f"Drafted by `recapdeck import` from {post.path.name}. Comments marked 'check:' are the "
        "importer's guesses and to-dos: review each one, then delete the comment."
    )
    lines.append(f"Try it with: recapdeck check {_shown(out)} --allow-missing")
    if files.folder is not None:
        outside = _outside_project(files.folder, out)
        if outside:
            lines.append(f"check: {outside}")
    for notice in draft.notices:
        lines.append(f"note: {notice}")
    return lines


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _schema_path(out: Path) -> str | None:
    """The outline schema beside the deck's project (docs/outline.schema.json), if there."""
    for folder in (out.parent, *out.parent.parents):
        schema = folder / "docs" / "outline.schema.json"
        if schema.is_file():
            return Path(os.path.relpath(schema, out.parent)).as_posix()
        if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
            break
    return None


def _outside_project(folder: Path, out: Path) -> str | None:
    try:
        from .load.outline import project_root
    except ImportError:  # pragma: no cover - older outline module without project folders
        return None
    root = project_root(out)
    real = Path(os.path.realpath(folder))
    if real == root or root in real.parents:
        return None
    return (
        f"the assets folder {folder} is outside the deck's project ({root}); recapdeck only "
        "reads files inside it: move the folder, or build with --allow-outside-files"
    )
