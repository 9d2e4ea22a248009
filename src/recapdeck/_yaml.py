"""Read YAML safely and remember where every value came from.

PyYAML's ``safe_load`` forgets positions, silently keeps the last of two duplicate keys and
expands aliases without limit. We compose the node graph ourselves and build plain data from
it, recording the line and column of every key and value by its path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, Problem, RecapdeckError

PathKey = tuple[str | int, ...]

_MAX_NODES = 200_000
_MAX_BYTES = 5_000_000
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class YamlDocument:
    """Plain data read from a YAML file plus the position of each value and key by path."""

    path: Path
    data: Any
    values: dict[PathKey, Location] = field(default_factory=dict)
    keys: dict[PathKey, Location] = field(default_factory=dict)

    def where(self, path: PathKey, *, key: bool = False) -> Location:
        """Return the best known location for ``path``: its key, its value or a parent's."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Location(self.path, 1, 1))


def read_yaml(path: Path, *, what: str = "outline") -> YamlDocument:
    """Read and compose ``path`` into a :class:`YamlDocument`; raise a located error if bad."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise RecapdeckError(
            Problem(Location(path), f"is a directory, not a YAML {what} file")
        ) from None
    except FileNotFoundError:
        raise RecapdeckError(Problem(Location(path), f"no such {what} file")) from None
    except OSError as exc:
        raise RecapdeckError(
            Problem(Location(path), f"cannot read the {what} file: {exc.strerror}")
        ) from None
    if len(raw) > _MAX_BYTES:
        raise RecapdeckError(
            Problem(Location(path), f"the file is {len(raw):,} bytes; the limit is {_MAX_BYTES:,}")
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RecapdeckError(
            Problem(
                Location(path, line),
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            )
        ) from None
    return parse_yaml(text, path, what=what)


def parse_yaml(text: str, path: Path, *, what: str = "outline") -> YamlDocument:
    """Compose YAML ``text`` (named ``path`` in messages) into a :class:`YamlDocument`."""
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        raise RecapdeckError(_syntax_problem(exc, path, text)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        raise RecapdeckError(Problem(Location(path), f"YAML error: {exc}")) from None
    if not nodes or nodes[0] is None:
        raise RecapdeckError(Problem(Location(path, 1), f"the {what} file is empty"))
    if len(nodes) > 1:
        second = nodes[1]
        line = second.start_mark.line + 1 if second is not None else 0
        raise RecapdeckError(
            Problem(
                Location(path, line),
                f"holds several YAML documents (separated by '---'); put one {what} per file",
            )
        )
    doc = YamlDocument(path, None)
    builder = _Builder(doc)
    doc.data = builder.build(nodes[0], ())
    if builder.problems:
        raise RecapdeckError(builder.problems)
    return doc


class _Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.count = 0
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.doc.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise RecapdeckError(
                Problem(
                    self._loc(node),
                    f"the document expands to more than {_MAX_NODES:,} values (anchors and "
                    "aliases repeated many times?); simplify it",
                )
            )
        self.doc.values[path] = self._loc(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._bad_tag(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self._bad_tag(node, path)
            return None
        return self.constructor.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        if node.tag != "tag:yaml.org,2002:map":
            self._bad_tag(node, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(
                        self._loc(key_node),
                        "merge keys ('<<') are not supported; write the fields out",
                        dotted(path),
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(self._loc(key_node), "a key must be a plain word", dotted(path))
                )
                continue
            key = str(key_node.value)
            sub = (*path, key)
            if key in result:
                first = self.doc.keys[sub]
                self.problems.append(
                    Problem(
                        self._loc(key_node),
                        f"duplicate key '{key}' (first at line {first.line}); "
                        "remove or rename one of them",
                        dotted(path),
                    )
                )
                continue
            self.doc.keys[sub] = self._loc(key_node)
            result[key] = self.build(value_node, sub)
        return result

    def _bad_tag(self, node: yaml.Node, path: PathKey) -> None:
        self.problems.append(
            Problem(
                self._loc(node),
                f"the tag '{node.tag}' is not allowed; use plain YAML values "
                "(strings, numbers, lists, mappings)",
                dotted(path),
            )
        )


def _syntax_problem(exc: yaml.MarkedYAMLError, path: Path, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    message = f"YAML syntax error: {exc.problem or exc.context}"
    if exc.context and exc.problem:
        message = f"YAML syntax error: {exc.problem} ({exc.context})"
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in source_line or "'\\t'" in message:
        message += "; YAML indents with spaces only — replace the tab with spaces"
    elif "mapping values are not allowed" in message:
        message += "; a value containing ': ' must be quoted, e.g. - \"Graviton: the journey\""
    elif "could not find expected ':'" in message or "expected <block end>" in message:
        message += "; check the indentation of this line against the one before"
    return Problem(Location(path, line, column), message)


def dotted(path: PathKey) -> str:
    """Format a data path as ``segments[2].quotes[0].speaker``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
