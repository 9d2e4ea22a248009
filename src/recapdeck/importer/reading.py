"""Read a Markdown post: front matter (YAML, TOML, JSON, Franklin) and body; located errors."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Location, Problem, RecapdeckError
from ..load.yaml_reader import read_text

MAX_POST_BYTES = 5_000_000


@dataclass(frozen=True)
class Post:
    """A Markdown post split into its front matter and body."""

    path: Path
    front: dict[str, Any]
    body: str
    body_line: int
    """The line of the file the body starts on (1 without front matter)."""


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
    if fence.startswith("{"):
        return _json_front_matter(text)
    if fence.startswith("@def "):
        return _franklin_front_matter(lines)
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


def _json_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """A JSON object at the top of the post (Node generators such as blake, Metalsmith)."""
    try:
        data, end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return {}, text, 1  # a paragraph that happens to start with "{"
    if not isinstance(data, dict):
        return {}, text, 1
    line = text[:end].count("\n") + 1
    body = text[end:].split("\n", 1)[1] if "\n" in text[end:] else ""
    return {str(k): v for k, v in data.items()}, body, line + 1


_FRANKLIN_DEF = re.compile(r"@def\s+(\w+)\s*=\s*(.*)")
_JULIA_DATE = re.compile(r"Date\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)")


def _franklin_front_matter(lines: list[str]) -> tuple[dict[str, Any], str, int]:
    """Franklin.jl's ``@def key = value`` lines, then an optional ``+++`` block of Julia code
    (page variables, not TOML), which is skipped."""
    data: dict[str, Any] = {}
    i = 0
    while i < len(lines) and (lines[i].startswith("@def ") or not lines[i].strip()):
        match = _FRANKLIN_DEF.match(lines[i])
        if match:
            data[match.group(1)] = _julia_value(match.group(2).strip())
        i += 1
    if i < len(lines) and lines[i].rstrip() == "+++":
        end = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip() == "+++"), None)
        if end is not None:
            i = end + 1
    if "date" not in data and "published" in data:
        data["date"] = data["published"]
    return data, "\n".join(lines[i:]), i + 1


def _julia_value(text: str) -> Any:
    date = _JULIA_DATE.fullmatch(text)
    if date:
        year, month, day = (int(g) for g in date.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    for quote in ('"""', '"'):
        if text.startswith(quote) and text.endswith(quote) and len(text) >= 2 * len(quote):
            return text[len(quote) : -len(quote)]
    return text


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
