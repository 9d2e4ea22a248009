"""Inline Markdown in outline text (**bold**, *italic*, `code`, [text](url)) as styled runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from markdown_it import MarkdownIt

from .language import paragraph_is_rtl

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style; ``link`` is a URL or None."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph: runs, list level (0 or 1) and bullet style ("", "bullet" or "number")."""

    runs: tuple[Run, ...]
    level: int = 0
    bullet: str = ""

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return plain(self.runs)

    @property
    def rtl(self) -> bool:
        """True when most strongly directional letters are right-to-left (Arabic, Hebrew...)."""
        return paragraph_is_rtl(self.text)


def inline_parser() -> MarkdownIt:
    """A parser for the inline Markdown subset outlines may use; create one per build."""
    return MarkdownIt("zero").enable(["emphasis", "backticks", "link", "escape", "entity"])


def is_safe_link(url: str) -> bool:
    """True for the only link kinds recapdeck emits: http, https and mailto (any case),
    written as a single well-formed address (see :func:`url_problem`)."""
    return url_problem(url) is None


_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"'<>`\\]")
"""Whitespace, control characters, quotes, angle brackets, backquotes and backslashes: never
part of an address, and what breaks out of a Markdown or HTML link around it."""
_KEEP_IN_URL = "!#$%&()*+,-./:;=?@[]_~"
"""What :func:`encode_url` leaves as written besides letters and digits."""


def url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as a link, or None for a well-formed http, https or mailto
    address. Parsed strictly: one address, nothing around it."""
    if not url.lower().startswith(_SAFE_SCHEMES):
        return "use a full http://, https:// or mailto: address"
    if bad := _NOT_IN_URL.search(url):
        char = bad.group()
        shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
        return (
            f"the character {shown} cannot be part of an address (spaces, line breaks, quotes "
            "and angle brackets end it); write it percent-encoded, e.g. %20 for a space"
        )
    try:
        parts = urlsplit(url)
        _ = parts.port  # a malformed port raises
    except ValueError as exc:
        return f"it is not a well-formed address ({exc})"
    if parts.scheme.lower() in ("http", "https") and not parts.hostname:
        return "the address has no host name after '//'"
    if parts.scheme.lower() == "mailto" and "@" not in parts.path:
        return "a mailto: address needs a name@host after 'mailto:'"
    return None


def encode_url(url: str) -> str:
    """``url`` with everything but ASCII letters, digits and URL punctuation percent-encoded
    (existing %XX escapes kept), safe inside ``<...>`` in Markdown and in HTML attributes."""
    return quote(url, safe=_KEEP_IN_URL)


def link_checker() -> MarkdownIt:
    """A parser that reads every inline link, even those markdown-it would leave as text.

    markdown-it quietly refuses ``javascript:``, ``file:`` and ``data:`` links, so they would
    show as literal text; finding them lets the outline loader say where they are instead.
    """
    md = inline_parser()
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def unsafe_links(text: str, md: MarkdownIt) -> list[str]:
    """The targets of the inline links in ``text`` that are not http, https or mailto.

    ``md`` comes from :func:`link_checker`.
    """
    if "](" not in text:
        return []  # no inline link can be there; most text takes this path
    tokens = md.parseInline(text)
    children = tokens[0].children if tokens and tokens[0].children else []
    hrefs = [str(t.attrGet("href") or "") for t in children if t.type == "link_open"]
    return [href for href in hrefs if not is_safe_link(href)]


def parse_inline(text: str, md: MarkdownIt) -> tuple[Run, ...]:
    """Split ``text`` into runs; links with unsafe schemes stay plain text."""
    tokens = md.parseInline(text)
    children = tokens[0].children if tokens and tokens[0].children else []
    runs: list[Run] = []
    bold = italic = 0
    link: list[str | None] = []
    for token in children:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            link.append(href if is_safe_link(href) else None)
        elif kind == "link_close":
            link.pop()
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            content = " " if kind.endswith("break") else token.content
            if not content:
                continue
            _append(
                runs,
                Run(
                    content,
                    bold=bold > 0,
                    italic=italic > 0,
                    code=kind == "code_inline",
                    link=link[-1] if link else None,
                ),
            )
    return tuple(runs) or (Run(text),)


def plain(runs: tuple[Run, ...]) -> str:
    """The text of ``runs`` without styling."""
    return "".join(r.text for r in runs)


def _append(runs: list[Run], run: Run) -> None:
    """Merge a run into the previous one when the style is the same."""
    if runs:
        last = runs[-1]
        if (last.bold, last.italic, last.code, last.link) == (
            run.bold,
            run.italic,
            run.code,
            run.link,
        ):
            runs[-1] = Run(last.text + run.text, last.bold, last.italic, last.code, last.link)
            return
    runs.append(run)
