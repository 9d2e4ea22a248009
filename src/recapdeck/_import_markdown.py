"""Read the body of a Markdown post into a small tree of blocks (for ``recapdeck import``).

markdown-it-py does the parsing. Two inline rules are added for what static-site generators
put in Markdown: template tags (Jekyll's ``{% include ... %}``, Hugo's ``{{< figure ... >}}``)
and kramdown attribute lists (``{: .prompt-tip }``, Chirpy's callout marker). Inline content
is kept as outline-ready inline Markdown (bold, italic, code, safe links) split into top-level
pieces, so that the mapper can see bold lead-ins and ``New **X**`` marks; images, links and
unknown template tags are collected beside it.
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from .markup import is_safe_link

# --- data -----------------------------------------------------------------------------------


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


# --- text helpers ---------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u3000\u2000-\u200a]+")


def clean(text: str) -> str:
    """``text`` with zero-width characters removed and odd spaces made plain spaces."""
    text = text.translate(_INVISIBLE)
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


# --- the parser -----------------------------------------------------------------------------


def post_parser() -> MarkdownIt:
    """A CommonMark parser with tables, strikethrough, template tags and attribute lists."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.inline.ruler.before("emphasis", "template_tag", _template_tag)
    return md


_CLOSERS = (("{{<", ">}}"), ("{{%", "%}}"), ("{%", "%}"), ("{{", "}}"), ("{:", "}"))


def _template_tag(state: StateInline, silent: bool) -> bool:
    """Read ``{% ... %}``, ``{{< ... >}}``, ``{{ ... }}`` and ``{: ... }`` as one token."""
    src = state.src
    pos = state.pos
    if src[pos] != "{":
        return False
    for opener, closer in _CLOSERS:
        if src.startswith(opener, pos):
            end = src.find(closer, pos + len(opener))
            if end < 0:
                return False
            if not silent:
                token = state.push("ial" if opener == "{:" else "template_tag", "", 0)
                token.content = src[pos + len(opener) : end].strip()
                token.info = opener
            state.pos = end + len(closer)
            return True
    return False


def parse_body(text: str, first_line: int = 1) -> list[Block]:
    """The blocks of a Markdown body; ``first_line`` is the body's first line in the file."""
    md = post_parser()
    tree = SyntaxTreeNode(md.parse(_prepare(text)))
    return _blocks(tree.children, first_line - 1)


_LIQUID_URL = re.compile(
    r"\{\{-?\s*(?:site\.(?:baseurl|url)|\"[^\"]*\"\s*\|\s*(?:relative_url|absolute_url)"
    r"|'[^']*'\s*\|\s*(?:relative_url|absolute_url))\s*-?\}\}"
)
_HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"([^\"]+)\"\s*[>%]\}\}")


def _prepare(text: str) -> str:
    """Resolve the template expressions that only build URLs (``{{ site.baseurl }}``,
    ``{{ '/a.png' | relative_url }}``, ``{{< ref "x" >}}``) so that links and images around
    them parse; other template tags are read by the inline rule."""

    def liquid(match: re.Match[str]) -> str:
        quoted = re.search(r"[\"']([^\"']*)[\"']", match.group(0))
        return quoted.group(1) if quoted else ""

    text = _LIQUID_URL.sub(liquid, text.replace("\r\n", "\n").replace("\r", "\n"))
    return _HUGO_REF.sub(r"\1", text)


def _line(node: SyntaxTreeNode, offset: int) -> int:
    return (node.map[0] + 1 + offset) if node.map else 0


def _blocks(nodes: list[SyntaxTreeNode], offset: int) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        line = _line(node, offset)
        kind = node.type
        if kind == "heading":
            out.append(Heading(int(node.tag[1:]), _inline_of(node, line), line))
        elif kind == "paragraph":
            inline = _inline_of(node, line)
            if not inline.pieces and not inline.images and inline.classes and out:
                out[-1] = _with_classes(out[-1], inline.classes)  # {: .class } after a block
            elif inline.pieces or inline.images or inline.tags or inline.videos:
                out.append(Paragraph(inline, line))
        elif kind in ("bullet_list", "ordered_list"):
            items = tuple(
                ListItem(tuple(_blocks(item.children, offset)), _line(item, offset))
                for item in node.children
            )
            out.append(ListBlock(items, line))
        elif kind == "blockquote":
            inner = _blocks(node.children, offset)
            classes = tuple(c for b in inner if isinstance(b, Paragraph) for c in b.inline.classes)
            out.append(Quote(tuple(inner), line, classes))
        elif kind in ("fence", "code_block"):
            out.append(Other("code", node.content.rstrip("\n"), line))
        elif kind == "html_block":
            out.append(_html_block(node.content, line))
        elif kind == "table":
            out.append(_table(node, line))
        # "hr" is a rule between sections: it carries no content.
    return out


def _with_classes(block: Block, classes: tuple[str, ...]) -> Block:
    if isinstance(block, Quote):
        return Quote(block.blocks, block.line, block.classes + classes)
    return block


def _table(node: SyntaxTreeNode, line: int) -> Other:
    rows: list[str] = []
    images: list[Image] = []
    links: list[Link] = []
    for section in node.children:
        for row in section.children:
            cells = [_inline_of(cell, line) for cell in row.children]
            rows.append(" | ".join(c.plain for c in cells))
            for cell in cells:
                images += cell.images
                links += cell.links
    return Other("table", "\n".join(rows), line, tuple(images), tuple(links))


def _inline_of(node: SyntaxTreeNode, line: int) -> Inline:
    inline = next((c for c in node.children if c.type == "inline"), None)
    if inline is None or inline.token is None:
        return Inline()
    return _InlineReader(line).read(inline.token.children or [])


# --- inline content -------------------------------------------------------------------------

_STYLE_TAGS = {"b": "strong", "strong": "strong", "i": "em", "em": "em"}


class _InlineReader:
    """Turns markdown-it inline tokens into :class:`Inline`."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.images: list[Image] = []
        self.links: list[Link] = []
        self.tags: list[str] = []
        self.classes: list[str] = []
        self.videos: list[Link] = []

    def read(self, tokens: list[Token]) -> Inline:
        # A stack of open spans: (kind, href, [(md, plain)...]).
        stack: list[tuple[str, str, list[Piece]]] = [("root", "", [])]
        for token in tokens:
            kind = token.type
            if kind == "html_inline":
                kind, token = self._html_token(token)
            if kind in ("strong_open", "em_open", "s_open"):
                stack.append((kind[:-5], "", []))
            elif kind == "link_open":
                stack.append(("link", str(token.attrGet("href") or ""), []))
            elif kind in ("strong_close", "em_close", "s_close", "link_close"):
                if len(stack) > 1 and stack[-1][0] == kind[:-6]:
                    span, href, inner = stack.pop()
                    stack[-1][2].append(self._span(span, href, inner))
            elif kind == "text":
                text = clean(token.content)
                stack[-1][2].append(Piece("text", escape_md(text), text))
            elif kind == "code_inline":
                code = clean(token.content)
                fence = "``" if "`" in code else "`"
                stack[-1][2].append(Piece("code", f"{fence}{code}{fence}", code))
            elif kind in ("softbreak", "hardbreak", "br"):
                stack[-1][2].append(Piece("text", " ", " "))
            elif kind == "image":
                alt = tidy("".join(c.content for c in token.children or []))
                title = tidy(str(token.attrGet("title") or ""))
                self.images.append(Image(str(token.attrGet("src") or ""), alt, title, self.line))
            elif kind == "img":
                self.images.append(token.meta["image"])
            elif kind == "template_tag":
                self._template(token.content, token.info)
            elif kind == "ial":
                self.classes += [c[1:] for c in token.content.split() if c.startswith(".")]
        while len(stack) > 1:  # unclosed HTML spans: keep their content
            span, href, inner = stack.pop()
            stack[-1][2].append(self._span(span, href, inner))
        pieces = _merge(stack[0][2])
        words = [p for p in pieces if p.plain.strip()]
        if self.images and words and all(p.kind == "em" for p in words):
            # An image followed by an italic line: Chirpy's (and many themes') caption.
            last = self.images[-1]
            if not last.caption:
                caption = tidy(" ".join(p.plain for p in words))
                self.images[-1] = Image(last.src, last.alt, caption, last.line)
                pieces = ()
        return Inline(
            pieces,
            tuple(self.images),
            tuple(self.links),
            tuple(self.tags),
            tuple(dict.fromkeys(self.classes)),
            tuple(self.videos),
        )

    def _span(self, kind: str, href: str, inner: list[Piece]) -> Piece:
        md = "".join(p.md for p in inner)
        plain = "".join(p.plain for p in inner)
        if kind == "link":
            if plain.strip():
                self.links.append(Link(tidy(plain), href))
            if is_safe_link(href) and md.strip():
                return Piece("link", f"[{md.strip()}]({href.replace(')', '%29')})", plain)
            return Piece("text", md, plain)
        if not md.strip() or kind == "s":
            return Piece("text", md, plain)
        mark = "**" if kind == "strong" else "*"
        # Emphasis must hug its text: move edge spaces outside the markers.
        lead = md[: len(md) - len(md.lstrip())]
        trail = md[len(md.rstrip()) :]
        return Piece(kind, f"{lead}{mark}{md.strip()}{mark}{trail}", plain)

    def _html_token(self, token: Token) -> tuple[str, Token]:
        """Map an inline HTML tag onto the token kinds above."""
        tag = _HtmlTag.parse(token.content)
        if tag is None:
            return "ignored", token
        if tag.name == "a":
            if tag.closing:
                return "link_close", token
            link = Token("link_open", "a", 1)
            link.attrSet("href", tag.attrs.get("href", ""))
            return "link_open", link
        if tag.name in _STYLE_TAGS:
            return f"{_STYLE_TAGS[tag.name]}_{'close' if tag.closing else 'open'}", token
        if tag.name == "br":
            return "br", token
        if tag.name == "img" and not tag.closing:
            image = Token("img", "img", 0)
            image.meta = {"image": _html_image(tag.attrs, self.line)}
            return "img", image
        return "ignored", token

    def _template(self, content: str, opener: str) -> None:
        """Read a template tag: image includes and figures become images, videos links."""
        name, args, positional = _tag_args(content)
        if not name or name.startswith(("/", "end", "raw", "comment")):
            return  # closing tags and raw/comment markers hold no content of their own
        if name == "include" and positional:
            name, positional = positional[0], positional[1:]
        base = name.rsplit("/", 1)[-1].removesuffix(".html").lower()
        src = next(
            (args[k] for k in ("src", "url", "file", "image", "img", "path", "image_path")
             if args.get(k)),
            next((p for p in positional if _IMAGE_EXT.search(p)), ""),
        )  # fmt: skip
        if src and (_IMAGE_EXT.search(src) or base in _IMAGE_TAGS):
            alt = args.get("alt") or (
                positional[1] if len(positional) > 1 and base == "img" else ""
            )
            caption = args.get("caption") or args.get("title") or args.get("description") or ""
            self.images.append(Image(src, tidy(alt), tidy(caption), self.line))
            return
        if "youtube" in base:
            video = args.get("id") or (positional[0] if positional else "")
            if video:
                url = video if "://" in video else f"https://www.youtube.com/watch?v={video}"
                self.videos.append(Link("Video (YouTube)", url))
                return
        self.tags.append(f"{opener} {content} {_CLOSE_OF[opener]}")


_IMAGE_EXT = re.compile(r"\.(png|jpe?g|gif|webp|bmp|tiff?|svg|avif|heic)(\?.*)?$", re.I)
_IMAGE_TAGS = {"figure", "image", "img", "picture", "photo", "screenshot", "gallery-image"}
_CLOSE_OF = {"{{<": ">}}", "{{%": "%}}", "{%": "%}", "{{": "}}"}


def _tag_args(content: str) -> tuple[str, dict[str, str], list[str]]:
    """Split ``figure src="a.png" caption="Hi"`` into name, keyword and positional args."""
    content = content.strip().strip("-").strip()
    try:
        words = shlex.split(content)
    except ValueError:
        words = content.split()
    if not words:
        return "", {}, []
    args: dict[str, str] = {}
    positional: list[str] = []
    for word in words[1:]:
        key, eq, value = word.partition("=")
        if eq and re.fullmatch(r"[\w-]+", key):
            args[key.lower()] = clean(unescape(value.strip("\"'")))
        else:
            positional.append(clean(unescape(word)))
    return words[0], args, positional


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Join neighbouring text pieces."""
    out: list[Piece] = []
    for piece in pieces:
        if not piece.md:
            continue
        if out and piece.kind == "text" and out[-1].kind == "text":
            out[-1] = Piece("text", out[-1].md + piece.md, out[-1].plain + piece.plain)
        else:
            out.append(piece)
    return tuple(out)


# --- HTML -----------------------------------------------------------------------------------


@dataclass
class _HtmlTag:
    name: str
    attrs: dict[str, str]
    closing: bool

    @classmethod
    def parse(cls, text: str) -> _HtmlTag | None:
        reader = _HtmlReader()
        reader.feed(text)
        reader.close()
        return reader.tags[0] if reader.tags else None


class _HtmlReader(HTMLParser):
    """Collects tags, text, pictures (with figcaptions) and links from a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_HtmlTag] = []
        self.text: list[str] = []
        self.images: list[dict[str, str]] = []
        self.links: list[Link] = []
        self._href: str | None = None
        self._link_text: list[str] = []
        self._caption: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(_HtmlTag(tag, values, False))
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "img":
            self.images.append(values)
        elif tag == "a":
            self._href, self._link_text = values.get("href", ""), []
        elif tag == "figcaption":
            self._caption = []
        elif tag in ("p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "figure"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(_HtmlTag(tag, {}, True))
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


def _html_image(attrs: dict[str, str], line: int) -> Image:
    src = attrs.get("src") or attrs.get("data-src") or ""
    caption = attrs.get("figcaption") or attrs.get("title") or ""
    return Image(src, tidy(attrs.get("alt", "")), tidy(caption), line)


def _html_block(html: str, line: int) -> Other:
    reader = _HtmlReader()
    reader.feed(html)
    reader.close()
    text = "\n".join(tidy(part) for part in "".join(reader.text).split("\n") if part.strip())
    images = tuple(_html_image(a, line) for a in reader.images)
    return Other("html", text, line, images, tuple(reader.links))
