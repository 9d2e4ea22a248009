"""HTML inside a Markdown post: inline tags, ``<img>``/``<figure>`` pictures, blocks as text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .blocks import Image, Link, Other, tidy


@dataclass
class HtmlTag:
    name: str
    attrs: dict[str, str]
    closing: bool

    @classmethod
    def parse(cls, text: str) -> HtmlTag | None:
        reader = HtmlReader()
        reader.feed(text)
        reader.close()
        return reader.tags[0] if reader.tags else None


class HtmlReader(HTMLParser):
    """Collects tags, text, pictures (with figcaptions) and links from a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[HtmlTag] = []
        self.text: list[str] = []
        self.images: list[dict[str, str]] = []
        self.links: list[Link] = []
        self._href: str | None = None
        self._link_text: list[str] = []
        self._caption: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(HtmlTag(tag, values, False))
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "img":
            self.images.append(values)
        elif "iframe" in tag and (video := youtube_url(values.get("src", ""))):
            self.links.append(Link("Video (YouTube)", video))  # an embedded talk recording
        elif tag == "a":
            self._href, self._link_text = values.get("href", ""), []
        elif tag == "figcaption":
            self._caption = []
        elif tag in ("p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "figure"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(HtmlTag(tag, {}, True))
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._href is not None:
            text = tidy("".join(self._link_text))
            if text:
                self.links.append(Link(text, self._href))
            self._href = None
        elif tag == "figcaption" and self._caption is not None:
            if self.images:
                self.images[-1]["figcaption"] = tidy("".join(self._caption))
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._caption is not None:
            self._caption.append(data)
            return
        self.text.append(data)
        if self._href is not None:
            self._link_text.append(data)


_YOUTUBE_EMBED = re.compile(
    r"^(?:https?:)?//(?:www\.)?(?:youtube(?:-nocookie)?\.com/embed/|youtu\.be/)([\w-]{6,})"
    r"(?:\?(?:.*&)?t=(\d+)s?)?"
)


def youtube_url(src: str) -> str | None:
    """The watch page of an embedded YouTube player (``/embed/ID?t=973s``), if it is one."""
    match = _YOUTUBE_EMBED.match(src.strip())
    if not match:
        return None
    start = f"&t={match.group(2)}s" if match.group(2) else ""
    return f"https://www.youtube.com/watch?v={match.group(1)}{start}"


def html_image(attrs: dict[str, str], line: int) -> Image:
    src = attrs.get("src") or attrs.get("data-src") or ""
    caption = attrs.get("figcaption") or attrs.get("title") or ""
    return Image(src, tidy(attrs.get("alt", "")), tidy(caption), line)


def html_block(html: str, line: int) -> Other:
    reader = HtmlReader()
    reader.feed(html)
    reader.close()
    text = "\n".join(tidy(part) for part in "".join(reader.text).split("\n") if part.strip())
    images = tuple(html_image(a, line) for a in reader.images)
    return Other("html", text, line, images, tuple(reader.links))
