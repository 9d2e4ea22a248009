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

from ..errors import Location, Problem, RecapdeckError

PathKey = tuple[str | int, ...]

_MAX_NODES = 200_000
_MAX_BYTES = 5_000_000
_MAX_DEPTH = 50
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
    problems: list[Problem] = field(default_factory=list)
    """Values that could not be read (``lenient`` parsing only): bad tags, impossible dates..."""
    unread: list[PathKey] = field(default_factory=list)
    """Where those values were: each is None in ``data``."""

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


def read_yaml(path: Path, *, what: str = "outline", lenient: bool = False) -> YamlDocument:
    """Read and compose ``path`` into a :class:`YamlDocument`; raise a located error if bad
    (see :func:`parse_yaml` for ``lenient``)."""
    text = read_text(path, what=f"{what} file", limit=_MAX_BYTES)
    return parse_yaml(text, path, what=what, lenient=lenient)


def read_text(path: Path, *, what: str, limit: int) -> str:
    """Read a UTF-8 text file (a BOM is fine), refusing folders, huge files, UTF-16 and other
    encodings with a located message that says what to do."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise RecapdeckError(
            Problem(Location(path), f"is a directory; give the path of the {what}")
        ) from None
    except FileNotFoundError:
        raise RecapdeckError(Problem(Location(path), f"no such {what}")) from None
    except OSError as exc:
        raise RecapdeckError(
            Problem(Location(path), f"cannot read the {what}: {exc.strerror}")
        ) from None
    if len(raw) > limit:
        raise RecapdeckError(
            Problem(Location(path), f"the file is {len(raw):,} bytes; the limit is {limit:,}")
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RecapdeckError(Problem(Location(path, 1), "is UTF-16 text; save the file as UTF-8"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RecapdeckError(
            Problem(
                Location(path, line),
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            )
        ) from None


def parse_yaml(
    text: str, path: Path, *, what: str = "outline", lenient: bool = False
) -> YamlDocument:
    """Compose YAML ``text`` (named ``path`` in messages) into a :class:`YamlDocument`.

    Broken YAML always raises. Values that cannot be read (a disallowed tag, a date that does
    not exist, a duplicate key) raise too, unless ``lenient``: then they are left out (None)
    and listed in the document's ``problems``, so the caller can report them together with
    what else it finds.
    """
    nodes = _compose_fast(text)
    try:
        if nodes is None:
            nodes = list(yaml.compose_all(text, Loader=_Loader))
    except _TooDeep as exc:
        raise RecapdeckError(
            Problem(
                Location(path, exc.line, exc.column),
                f"the document is nested more than {_MAX_DEPTH} levels deep; "
                "an outline needs far fewer — check the brackets and the indentation",
            )
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise RecapdeckError(_syntax_problem(exc, path, text)) from None
    except yaml.reader.ReaderError as exc:
        # Raised for characters YAML forbids (NUL and other control characters); no mark.
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise RecapdeckError(
            Problem(
                Location(path, line, column),
                f"the control character U+{exc.character:04X} is not allowed in YAML; "
                "delete it (it is often pasted in invisibly)",
            )
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything else
        raise RecapdeckError(Problem(Location(path), f"YAML error: {exc}")) from None
    except RecursionError:
        # PyYAML composes recursively; thousands of nested brackets exhaust the stack.
        raise RecapdeckError(
            Problem(
                Location(path),
                f"the document is nested too deeply; an outline needs at most {_MAX_DEPTH} levels",
            )
        ) from None
    if not nodes or nodes[0] is None or _is_empty(nodes[0]):
        raise RecapdeckError(Problem(Location(path, 1), f"the {what} file is empty"))
    if len(nodes) > 1:
        line = _separator_line(text, nodes[1].start_mark.line) if nodes[1] is not None else 0
        raise RecapdeckError(
            Problem(
                Location(path, line),
                f"holds several YAML documents (separated by '---'); put one {what} per file",
            )
        )
    doc = YamlDocument(path, None)
    builder = _Builder(doc)
    # Measure before building: aliases can make a small graph expand to billions of values.
    builder.measure(nodes[0])
    doc.data = builder.build(nodes[0], ())
    if builder.problems and not lenient:
        raise RecapdeckError(builder.problems)
    doc.problems, doc.unread = builder.problems, builder.unread
    return doc


def _compose_fast(text: str) -> list[yaml.Node | None] | None:
    """Compose with libyaml when PyYAML has it and the text cannot nest past ``_MAX_DEPTH``.

    libyaml composes about eight times faster than the pure-Python loader, but recursively in
    C with no depth limit of its own. Nesting can be no deeper than the flow brackets in the
    text plus the widest line (block nesting needs indentation), so a text under that bound is
    safe. Anything libyaml refuses goes to the pure-Python loader (returns None), whose
    messages the rest of this module knows.
    """
    if not yaml.__with_libyaml__:
        return None
    widest = max(map(len, text.splitlines()), default=0)
    if text.count("[") + text.count("{") + widest > 20 * _MAX_DEPTH:
        return None
    try:
        nodes: list[yaml.Node | None] = list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return None
    return None if any(_too_deep(node) for node in nodes) else nodes


def _too_deep(root: yaml.Node | None) -> bool:
    """Whether ``root`` nests past ``_MAX_DEPTH`` as written (an alias adds no depth)."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if node is None or id(node) in seen:
            continue
        if depth > _MAX_DEPTH:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)
    return False


class _TooDeep(Exception):
    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.line = line
        self.column = column


class _Loader(yaml.SafeLoader):
    """A SafeLoader that stops composing past ``_MAX_DEPTH`` levels of nesting.

    PyYAML composes recursively, so thousands of nested brackets would otherwise run into
    Python's recursion limit after a long time; this fails at once, with a position.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > _MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _TooDeep(mark.line + 1, mark.column + 1)
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1


def _is_empty(node: yaml.Node) -> bool:
    """True for the null document of a file holding only '---', comments or '~'."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.value in ("", "~", "null", "Null", "NULL")
    )


def _separator_line(text: str, start: int) -> int:
    """The 1-based line of the '---' before the node starting on 0-based line ``start``."""
    lines = text.splitlines()
    for index in range(min(start, len(lines) - 1), -1, -1):
        if lines[index].startswith("---"):
            return index + 1
    return start + 1


class _Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.count = 0
        self.problems: list[Problem] = []
        self.unread: list[PathKey] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.doc.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def measure(self, root: yaml.Node) -> None:
        """Raise if the node graph loops, nests too deeply or expands to too many values.

        Aliases share nodes, so each node's expanded size and height are computed once (a DAG
        walk), which takes time proportional to the file, not to its expansion.
        """
        seen: dict[int, tuple[int, int]] = {}  # id(node) -> (values, levels) when expanded
        active: set[int] = set()

        def walk(node: yaml.Node, depth: int) -> tuple[int, int]:
            key = id(node)
            if key in active:
                raise RecapdeckError(
                    Problem(
                        self._loc(node),
                        "an alias refers to the anchor that contains it, so the value never "
                        "ends; write the data out instead of using '*' here",
                    )
                )
            if key not in seen:
                total, height = 1, 1
                if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
                    active.add(key)
                    children: list[yaml.Node] = (
                        node.value
                        if isinstance(node, yaml.SequenceNode)
                        else [n for pair in node.value for n in pair]
                    )
                    for child in children:
                        size, levels = walk(child, depth + 1)
                        total += size
                        height = max(height, levels + 1)
                        if total > _MAX_NODES:
                            raise RecapdeckError(
                                Problem(
                                    self._loc(node),
                                    f"the document expands to more than {_MAX_NODES:,} values "
                                    "(anchors and aliases repeated many times?); simplify it",
                                )
                            )
                    active.discard(key)
                seen[key] = (total, height)
            if depth + seen[key][1] - 1 > _MAX_DEPTH:
                # Only aliases get here: the loader already stops deeper literal nesting.
                raise RecapdeckError(
                    Problem(
                        self._loc(node),
                        f"the document is nested more than {_MAX_DEPTH} levels deep once its "
                        "aliases are expanded; write the data out more simply",
                    )
                )
            return seen[key]

        walk(root, 1)

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
                return None
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self._bad_tag(node, path)
            return None
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception as exc:
            # A value that looks like (or is tagged as) a date or number but is not one:
            # 2024-13-45, !!int abc, an integer with thousands of digits.
            self.problems.append(
                Problem(
                    self._loc(node),
                    f"'{_short(node.value)}' cannot be read as {_TAG_NAMES[node.tag]} "
                    f"({_reason(exc)}); fix the value, or quote it if it is meant as text",
                    dotted(path),
                )
            )
            self.unread.append(path)
            return None

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any] | None:
        if node.tag != "tag:yaml.org,2002:map":
            self._bad_tag(node, path)
            return None
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
        """Report a value with a tag outside plain YAML; it is left out (None)."""
        self.unread.append(path)
        self.problems.append(
            Problem(
                self._loc(node),
                f"the tag '{node.tag}' is not allowed; use plain YAML values "
                "(strings, numbers, lists, mappings)",
                dotted(path),
            )
        )


_TAG_NAMES = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError | AttributeError):
        return "not a valid value of that type"
    return _short(str(exc).split(";")[0], 80)


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
