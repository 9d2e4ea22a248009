"""Inline Markdown in outline text (**bold**, *italic*, `code`, [text](url)) as styled runs."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt

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
        from .language import paragraph_is_rtl

        return paragraph_is_rtl(self.text)


def inline_parser() -> MarkdownIt:
    """A parser for the inline Markdown subset outlines may use; create one per build."""
    return MarkdownIt("zero").enable(["emphasis", "backticks", "link", "escape", "entity"])


def is_safe_link(url: str) -> bool:
    """True for the only link kinds recapdeck emits: http, https and mailto (any case)."""
    return url.lower().startswith(_SAFE_SCHEMES)


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
