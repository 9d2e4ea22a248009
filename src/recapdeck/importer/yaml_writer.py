"""Write tidy, commented YAML for people to edit: block style, wrapped text, minimal quoting.

PyYAML cannot write comments and picks its own quoting, so outlines that recapdeck drafts
(``recapdeck import``) are described as a small tree of :class:`Mapping`, :class:`Sequence`
and scalars, with comments attached to entries, and written here. PyYAML still decides
whether a string may stay plain, and every folded block scalar is read back before it is
used, so what is written always loads as the value it was given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

WIDTH = 96
"""Wrap text and comments to this many columns (the project's line length is 100)."""

Scalar = str | int | bool | dt.date


@dataclass
class Entry:
    """``key: value`` in a mapping, with comment lines above it and an optional blank line."""

    key: str
    value: Scalar | Mapping | Sequence
    comments: list[str] = field(default_factory=list)
    blank: bool = False


@dataclass
class Commented:
    """A commented-out line in a mapping, such as ``# duration: 30``: a hint, not a value."""

    text: str
    blank: bool = False


@dataclass
class Mapping:
    """A block mapping, written in the order given."""

    entries: list[Entry | Commented] = field(default_factory=list)

    def add(
        self,
        key: str,
        value: Scalar | Mapping | Sequence | None,
        *comments: str,
        blank: bool = False,
    ) -> None:
        """Append ``key: value`` unless value is None or an empty string, list or mapping."""
        if value is None or value == "":
            return
        if isinstance(value, Mapping | Sequence) and value.empty:
            return
        self.entries.append(Entry(key, value, [c for c in comments if c], blank))

    @property
    def empty(self) -> bool:
        return not any(isinstance(e, Entry) for e in self.entries)


@dataclass
class Item:
    """One ``- value`` of a sequence, with comment lines above it."""

    value: Scalar | Mapping | Sequence
    comments: list[str] = field(default_factory=list)
    blank: bool = False


@dataclass
class Sequence:
    """A block sequence."""

    items: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.items


def render(root: Mapping, header: list[str] | tuple[str, ...] = ()) -> str:
    """The YAML text of ``root``, preceded by ``header`` comment lines."""
    lines: list[str] = []
    for text in header:
        lines += _comment(text, 0)
    _mapping(root, 0, lines)
    return "\n".join(lines) + "\n"


def plain_data(value: Scalar | Mapping | Sequence) -> object:
    """The Python data ``value`` stands for (what ``yaml.safe_load`` of the text returns)."""
    if isinstance(value, Mapping):
        return {e.key: plain_data(e.value) for e in value.entries if isinstance(e, Entry)}
    if isinstance(value, Sequence):
        return [plain_data(i.value) for i in value.items]
    return value


# --- writing --------------------------------------------------------------------------------


def _mapping(mapping: Mapping, indent: int, lines: list[str], first_prefix: str = "") -> None:
    """Write ``mapping`` at ``indent``; a sequence item passes its dash as ``first_prefix``.

    With ``first_prefix`` the caller has already written the first entry's comments, and the
    first entry is an :class:`Entry`.
    """
    pad = " " * indent
    for n, entry in enumerate(mapping.entries):
        if entry.blank and n:
            lines.append("")
        if isinstance(entry, Commented):
            lines.append(f"{pad}# {entry.text}")
            continue
        if n == 0 and first_prefix:
            lead = first_prefix
        else:
            lead = pad
            for text in entry.comments:
                lines += _comment(text, indent)
        _value(entry.value, f"{lead}{_inline(entry.key)}:", indent, lines)


def _value(value: Scalar | Mapping | Sequence, head: str, indent: int, lines: list[str]) -> None:
    """Write ``value`` after ``head`` ("key:" or "- "), children indented below ``indent``."""
    if isinstance(value, Mapping):
        if value.empty:
            lines.append(head + " {}")
        else:
            lines.append(head)
            _mapping(value, indent + 2, lines)
    elif isinstance(value, Sequence):
        if value.empty:
            lines.append(head + " []")
        else:
            lines.append(head)
            _sequence(value, indent + 2, lines)
    else:
        lines += _scalar(value, head, indent + 2)


def _sequence(seq: Sequence, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for n, item in enumerate(seq.items):
        if item.blank and n:
            lines.append("")
        comments = list(item.comments)
        value = item.value
        if isinstance(value, Mapping):
            # Comments of the first key (and commented-out lines before it) go above the dash.
            entries = list(value.entries)
            while entries and isinstance(first := entries[0], Commented):
                comments.append(first.text)
                entries.pop(0)
            if entries and isinstance(first := entries[0], Entry):
                comments += first.comments
            value = Mapping(entries)
        for text in comments:
            lines += _comment(text, indent)
        if isinstance(value, Mapping) and not value.empty:
            _mapping(value, indent + 2, lines, first_prefix=pad + "- ")
        elif isinstance(value, Sequence) and not value.empty:
            lines.append(pad + "-")
            _sequence(value, indent + 2, lines)
        else:
            _value(value, pad + "-", indent, lines)


def _scalar(value: Scalar, head: str, indent: int) -> list[str]:
    """Lines for a scalar after ``head``; long text becomes a folded block at ``indent``."""
    if isinstance(value, bool):
        return [f"{head} {'true' if value else 'false'}"]
    if isinstance(value, int):
        return [f"{head} {value}"]
    if isinstance(value, dt.date):
        return [f"{head} {value.isoformat()}"]
    text = _inline(value)
    if "\n" not in value and len(head) + 1 + len(text) <= WIDTH:
        return [f"{head} {text}"]
    folded = _folded(value, indent)
    if folded is not None:
        return [f"{head} >-", *folded]
    literal = _literal(value, indent)
    if literal is not None:
        return [f"{head} |-", *literal]
    return [f"{head} {text}"]


def _inline(text: str) -> str:
    """``text`` as a one-line YAML scalar: plain when YAML allows it, else quoted."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    dumped = dumped.removesuffix("\n...\n").rstrip("\n")
    if "\n" not in dumped and not dumped.startswith(("'", '"')):
        return dumped
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_style='"').strip()


_SINGLE_SPACE = re.compile(r"(?<=\S) (?=\S)")


def _folded(text: str, indent: int) -> list[str] | None:
    """``text`` as the body of a ``>-`` block wrapped to WIDTH, or None if it cannot be one."""
    if not all(ch == "\n" or ch.isprintable() for ch in text) or "\t" in text:
        return None
    chunks = re.split(r"(\n+)", text)
    body: list[str] = []
    pad = " " * indent
    for chunk in chunks:
        if chunk.startswith("\n"):
            # In a folded block, n line breaks between two lines are written as n empty lines.
            body += [""] * len(chunk)
            continue
        if not chunk or chunk != chunk.strip(" "):
            return None
        body += [pad + line for line in _wrap(chunk, WIDTH - indent)]
    if not body or not body[0].strip() or not body[-1].strip():
        return None
    try:
        back = yaml.safe_load("k: >-\n" + "\n".join(body) + "\n")
    except yaml.YAMLError:  # pragma: no cover - defensive: the checks above should prevent it
        return None
    return body if back == {"k": text} else None


def _literal(text: str, indent: int) -> list[str] | None:
    """``text`` as the body of a ``|-`` block (kept line for line), or None if it cannot be one.

    Used for text whose lines start with spaces, such as code from a post.
    """
    if "\n" not in text or "\t" in text or not all(ch == "\n" or ch.isprintable() for ch in text):
        return None
    lines = text.split("\n")
    if not lines[0].strip() or lines[0] != lines[0].lstrip() or not lines[-1].strip():
        return None
    pad = " " * indent
    body = [pad + line.rstrip() if line.strip() else "" for line in lines]
    try:
        back = yaml.safe_load("k: |-\n" + "\n".join(body) + "\n")
    except yaml.YAMLError:  # pragma: no cover - defensive
        return None
    return body if back == {"k": text} else None


def _wrap(text: str, width: int) -> list[str]:
    """Break ``text`` at single spaces into lines of at most ``width`` (longer words stay)."""
    words = _SINGLE_SPACE.split(text)
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _comment(text: str, indent: int) -> list[str]:
    """``text`` as ``# ...`` comment lines at ``indent``, wrapped; continuation lines indented."""
    pad = " " * indent
    out: list[str] = []
    for n, line in enumerate(_wrap(" ".join(text.split()), WIDTH - indent - 2)):
        out.append(f"{pad}# {'  ' if n else ''}{line}")
    return out
