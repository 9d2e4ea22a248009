"""The small tree a post's body is read into: blocks, inline pieces, pictures and links.

Also the text clean-up every part of the importer shares (invisible characters, odd spaces,
escaping literal text for the outline's inline Markdown).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..markup import is_safe_link as is_safe_link  # re-exported: the one link rule used here


@dataclass(frozen=True)
class Image:
    """A picture the post shows: its source as written, alt text and caption."""

    src: str
    alt: str = ""
    caption: str = ""
    line: int = 0

    @property
    def name(self) -> str:
        """The file name the source points at (query, fragment and folders dropped)."""
        path = unquote(urlsplit(self.src).path) if "://" in self.src else self.src
        return path.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Link:
    """A link in the post: its text and target."""

    text: str
    href: str


@dataclass(frozen=True)
class Piece:
    """A top-level stretch of inline content: ``kind`` is text, strong, em, code or link."""

    kind: str
    md: str
    plain: str


@dataclass(frozen=True)
class Inline:
    """Inline content as pieces of outline Markdown, plus what was taken out of it."""

    pieces: tuple[Piece, ...] = ()
    images: tuple[Image, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    """Template tags that were not understood, as written."""
    classes: tuple[str, ...] = ()
    """Classes from kramdown attribute lists (``prompt-tip``)."""
    videos: tuple[Link, ...] = ()

    @property
    def md(self) -> str:
        return tidy("".join(p.md for p in self.pieces))

    @property
    def plain(self) -> str:
        return tidy("".join(p.plain for p in self.pieces))


@dataclass(frozen=True)
class Heading:
    level: int
    inline: Inline
    line: int


@dataclass(frozen=True)
class Paragraph:
    inline: Inline
    line: int


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]
    line: int

    @property
    def head(self) -> Inline:
        """The item's first paragraph (empty when the item starts with something else)."""
        first = self.blocks[0] if self.blocks else None
        return first.inline if isinstance(first, Paragraph) else Inline()

    @property
    def rest(self) -> tuple[Block, ...]:
        first = self.blocks[0] if self.blocks else None
        return self.blocks[1:] if isinstance(first, Paragraph) else self.blocks


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]
    line: int


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    line: int
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Other:
    """A code block, table or HTML block: its text, and the pictures and links found in it."""

    kind: str
    text: str
    line: int
    images: tuple[Image, ...] = ()
    links: tuple[Link, ...] = ()


Block = Heading | Paragraph | ListBlock | Quote | Other


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u2060\ufeff\u00ad\u180e"), None)
DIRECTION_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
"""Invisible left-to-right/right-to-left marks: pasted into URLs and names, they break both."""
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u3000\u2000-\u200a]+")


def clean(text: str) -> str:
    """``text`` with zero-width characters removed and odd spaces made plain spaces."""
    text = DIRECTION_MARKS.sub("", text.translate(_INVISIBLE))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text))


def tidy(text: str) -> str:
    """Whitespace collapsed to single spaces and trimmed."""
    return " ".join(clean(text).split())


_ENTITY = re.compile(r"&(?=#?\w+;)")
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def escape_md(text: str) -> str:
    """Literal text made safe for the outline's inline Markdown."""
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    if "](" in text:
        text = text.replace("[", "\\[")
    return _ENTITY.sub("&amp;", text)
