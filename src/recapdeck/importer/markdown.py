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
from html import unescape

import emoji
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from .blocks import (
    DIRECTION_MARKS,
    Block,
    Heading,
    Image,
    Inline,
    Link,
    ListBlock,
    ListItem,
    Other,
    Paragraph,
    Piece,
    Quote,
    clean,
    escape_md,
    is_safe_link,
    tidy,
)
from .html_blocks import HtmlTag, html_block, html_image

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
_TEMPLATE_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(\s*(?:\{%[^%]*%\}|\{\{[^}]*\}\})?\s*\)")
_TEMPLATE_IMAGE = re.compile(r"(!\[[^\]\n]*\]\()\s*\{%-?\s*link\s+(\S+?)\s*-?%\}\s*\)")
_MDX_ID = re.compile(r"\s*\{/\*.*?\*/\}")
"""Heading ids written as MDX comments: ``## Day 1 {/*day-1*/}``."""
_HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"([^\"]+)\"\s*[>%]\}\}")


def _prepare(text: str) -> str:
    """Resolve the template expressions that only build URLs (``{{ site.baseurl }}``,
    ``{{ '/a.png' | relative_url }}``, ``{{< ref "x" >}}``) so that links and images around
    them parse; other template tags are read by the inline rule."""

    def liquid(match: re.Match[str]) -> str:
        quoted = re.search(r"[\"']([^\"']*)[\"']", match.group(0))
        return quoted.group(1) if quoted else ""

    text = _LIQUID_URL.sub(liquid, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _HUGO_REF.sub(r"\1", text)
    # A link to another page of the blog ({% link %}, {% post_url %}) or to nothing has no
    # address a deck could use: it keeps its text and loses the link.
    text = _TEMPLATE_IMAGE.sub(r"\1\2)", text)
    text = _TEMPLATE_LINK.sub(r"\1", text)
    text = _MDX_ID.sub("", text)
    return DIRECTION_MARKS.sub("", text)


def _line(node: SyntaxTreeNode, offset: int) -> int:
    return (node.map[0] + 1 + offset) if node.map else 0


def _blocks(nodes: list[SyntaxTreeNode], offset: int) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        line = _line(node, offset)
        kind = node.type
        if kind == "paragraph":
            _paragraph(out, _inline_of(node, line), line)
        elif kind == "heading":
            out.append(Heading(int(node.tag[1:]), _inline_of(node, line), line))
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
        elif kind == "code_block" and _QUOTED_CODE.match(node.content):
            out.append(_indented_quote(node.content, line))
        elif kind in ("fence", "code_block"):
            out.append(Other("code", node.content.rstrip("\n"), line))
        elif kind == "html_block":
            out.append(html_block(node.content, line))
        elif kind == "table":
            out.append(_table(node, line))
        # "hr" is a rule between sections: it carries no content.
    return out


_QUOTED_CODE = re.compile(r"\s*[\"“„«'‘][^\n]+(?:\n[^\n]*)*\n\s*(?:--?|—|–|―|~)\s*\w[^\n]*\s*$")
"""An indented block that is a quotation with an attribution line, not code."""


def _indented_quote(content: str, line: int) -> Quote:
    """A tab- or space-indented quotation (``"..."`` then ``-- Name``) as a blockquote."""
    text = clean(" ".join(content.split()))
    inline = Inline((Piece("text", escape_md(text), text),))
    return Quote((Paragraph(inline, line),), line)


def _paragraph(out: list[Block], inline: Inline, line: int) -> None:
    """Add a paragraph to ``out``; a lone ``{: .class }`` line marks the block before it."""
    if not inline.pieces and not inline.images and inline.classes and out:
        out[-1] = _with_classes(out[-1], inline.classes)
    elif inline.pieces or inline.images or inline.tags or inline.videos:
        out.append(Paragraph(inline, line))


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
        # A stack of open spans: (kind, href, pieces so far).
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
            else:
                piece = self._leaf(kind, token)
                if piece is not None:
                    stack[-1][2].append(piece)
        while len(stack) > 1:  # unclosed HTML spans: keep their content
            span, href, inner = stack.pop()
            stack[-1][2].append(self._span(span, href, inner))
        pieces = self._italic_caption(_merge(stack[0][2]))
        return Inline(
            pieces,
            tuple(self.images),
            tuple(self.links),
            tuple(self.tags),
            tuple(dict.fromkeys(self.classes)),
            tuple(self.videos),
        )

    def _leaf(self, kind: str, token: Token) -> Piece | None:
        """Text, code and breaks as a piece; pictures, template tags and classes collected."""
        if kind == "text":
            text = emoji.emojize(clean(token.content), language="alias")
            return Piece("text", escape_md(text), text)
        if kind == "code_inline":
            code = clean(token.content)
            fence = "``" if "`" in code else "`"
            return Piece("code", f"{fence}{code}{fence}", code)
        if kind in ("softbreak", "hardbreak", "br"):
            return Piece("text", " ", " ")
        if kind == "image":
            alt = tidy("".join(c.content for c in token.children or []))
            title = tidy(str(token.attrGet("title") or ""))
            self.images.append(Image(str(token.attrGet("src") or ""), alt, title, self.line))
        elif kind == "img":
            self.images.append(token.meta["image"])
        elif kind == "template_tag":
            self._template(token.content, token.info)
        elif kind == "ial":
            self.classes += [c[1:] for c in token.content.split() if c.startswith(".")]
        return None

    def _italic_caption(self, pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
        """An image followed by an italic line: Chirpy's (and many themes') caption."""
        words = [p for p in pieces if p.plain.strip()]
        if self.images and words and all(p.kind == "em" for p in words):
            last = self.images[-1]
            if not last.caption:
                caption = tidy(" ".join(p.plain for p in words))
                self.images[-1] = Image(last.src, last.alt, caption, last.line)
                return ()
        return pieces

    def _span(self, kind: str, href: str, inner: list[Piece]) -> Piece:
        md = "".join(p.md for p in inner)
        plain = "".join(p.plain for p in inner)
        if kind == "link":
            if plain.strip():
                self.links.append(Link(tidy(plain), href))
            if is_safe_link(href) and md.strip():
                return Piece("link", f"[{md.strip()}]({href.replace(')', '%29')})", plain)
            return Piece("text", md, plain)
        if kind == "s":
            return Piece("text", "", "")  # struck-through text is what the author took back
        if not md.strip():
            return Piece("text", md, plain)
        mark = "**" if kind == "strong" else "*"
        # Emphasis must hug its text: move edge spaces outside the markers.
        lead = md[: len(md) - len(md.lstrip())]
        trail = md[len(md.rstrip()) :]
        return Piece(kind, f"{lead}{mark}{md.strip()}{mark}{trail}", plain)

    def _html_token(self, token: Token) -> tuple[str, Token]:
        """Map an inline HTML tag onto the token kinds above."""
        tag = HtmlTag.parse(token.content)
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
            image.meta = {"image": html_image(tag.attrs, self.line)}
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
        image = _tag_image(base, args, positional, self.line)
        if image is not None:
            self.images.append(image)
            return
        if "youtube" in base:
            video = args.get("id") or (positional[0] if positional else "")
            if video:
                url = video if "://" in video else f"https://www.youtube.com/watch?v={video}"
                self.videos.append(Link("Video (YouTube)", url))
                return
        self.tags.append(f"{opener} {content} {_CLOSE_OF[opener]}")


def _tag_image(base: str, args: dict[str, str], positional: list[str], line: int) -> Image | None:
    """The picture an include or shortcode shows (``src=``, ``caption=``...), if it is one."""
    keys = ("src", "url", "file", "image", "img", "path", "image_path")
    src = next((args[k] for k in keys if args.get(k)), "")
    src = src or next((p for p in positional if _IMAGE_EXT.search(p)), "")
    if not src or not (_IMAGE_EXT.search(src) or base in _IMAGE_TAGS):
        return None
    alt = args.get("alt") or (positional[1] if len(positional) > 1 and base == "img" else "")
    caption = args.get("caption") or args.get("title") or args.get("description") or ""
    return Image(src, tidy(alt), tidy(caption), line)


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
