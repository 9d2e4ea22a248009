"""The parts of a post that are not slides: summary, references, launches, credits.

Also the small questions about blocks the mapper asks everywhere (the text of a block, the
pictures in it, the sub-bullets of an item).
"""

from __future__ import annotations

from .blocks import (
    Block,
    Heading,
    Image,
    Inline,
    Link,
    ListBlock,
    ListItem,
    Other,
    Paragraph,
    Quote,
    tidy,
)
from .draft import DHighlight, Draft, DSummary, credit
from .launches import NewMark, find_lead, new_marks, status_of, without_status
from .text import (
    capitalize,
    full_stop,
    is_copyright,
    is_sign_off,
    point_text,
    split_sentences,
    strip_md,
    words,
)

# --- summary, references, announcements, credits -------------------------------------------


def special_section(draft: Draft, kind: str, blocks: list[Block]) -> None:
    """The blocks under a summary, references, announcements or credits heading."""
    for block in blocks:
        if kind == "references":
            _references(draft, block)
        elif kind == "summary":
            _summary(draft, block)
        elif kind == "announcements":
            _announcements(draft, block)
        else:
            text = block_text(block)
            if text:
                draft.credits.append(credit(text))
        for image in images_of(block):
            draft.notices.append(f"a picture under a {kind} heading has no slide: {image.src}")


def _summary(draft: Draft, block: Block) -> None:
    if isinstance(block, ListBlock):
        for item in block.items:
            kids, _, extra = parts(item)
            notes = " ".join([list_text(ListBlock(tuple(kids), 0))] if kids else [])
            notes = " ".join([notes, *(block_text(b) for b in extra)]).strip()
            if item.head.md:
                draft.summary.append(DSummary(point_text(item.head.md), notes or None))
    elif isinstance(block, Paragraph) and block.inline.plain:
        text = block.inline.plain
        if text.endswith(":"):
            draft.check(f'the post introduces its summary with "{text}"', "summary")
            return
        for sentence in split_sentences(block.inline.md):
            if is_sign_off(sentence):
                draft.notices.append(f'the post\'s sign-off is not a takeaway: "{sentence}"')
                continue
            draft.summary.append(DSummary(point_text(sentence)))
        draft.check("takeaways cut from the post's summary paragraph", "summary")
    elif isinstance(block, Quote | Other):
        text = block_text(block)
        if text:
            draft.summary.append(DSummary(text))


def _references(draft: Draft, block: Block) -> None:
    if isinstance(block, ListBlock):
        for item in block.items:
            _references_in(draft, item.head)
            for inner in item.rest:
                _references(draft, inner)
    elif isinstance(block, Paragraph):
        _references_in(draft, block.inline)
    elif isinstance(block, Quote):
        for inner in block.blocks:
            _references(draft, inner)
    elif isinstance(block, Other):
        for link in block.links:
            draft.link_reference(link, block.text)


def _references_in(draft: Draft, inline: Inline) -> None:
    draft.note_extras(inline)
    text = inline.plain
    if is_copyright(text) and not inline.links:
        draft.credits.append(credit(text))
        return
    if not inline.links and text:
        draft.check(f'a line of the references is not a link: "{text[:80]}"', "references")
        return
    label = ""
    for piece in inline.pieces:
        if piece.kind == "link":
            break
        label += piece.plain
    label = label.strip().rstrip(":-–— ").strip()
    for link in inline.links:
        title = link.text
        if len(inline.links) == 1 and label and label.lower() not in title.lower():
            title = f"{label}: {title}"
        draft.link_reference(Link(title, link.href), text)


def _announcements(draft: Draft, block: Block) -> None:
    items = block.items if isinstance(block, ListBlock) else ()
    for item in items:
        head = item.head
        marks = new_marks(head.pieces)
        if marks:
            for mark in marks:
                draft.announce(mark, DHighlight(""))
            continue
        lead = find_lead(head.pieces)
        if lead:
            summary = tidy("".join(p.md for p in lead.rest))
            name, status = lead.title, status_of(strip_md(summary))
        else:
            name, summary, status = without_status(head.plain), "", status_of(head.plain)
        if not name:
            continue
        first = split_sentences(summary)
        mark = NewMark(name, full_stop(capitalize(first[0])) if first else "", status, False)
        draft.announce(mark, DHighlight(""))
        if words(name) > 8:
            draft.announcements[-1].check("a long name; shorten it", "name")
    if isinstance(block, Paragraph) and block.inline.plain:
        draft.check(f'text under the announcements heading: "{block.inline.plain[:80]}"')


# --- blocks ---------------------------------------------------------------------------------


def has_content(blocks: list[Block]) -> bool:
    return any(block_text(b) or images_of(b) for b in blocks)


def parts(item: ListItem) -> tuple[list[ListItem], list[Image], list[Block]]:
    """An item's sub-bullets, the pictures that are sub-bullets, and its other blocks."""
    kids: list[ListItem] = []
    images: list[Image] = []
    extra: list[Block] = []
    for block in item.rest:
        if isinstance(block, ListBlock):
            for kid in block.items:
                if not kid.head.plain and not kid.rest and kid.head.images:
                    images += kid.head.images
                else:
                    kids.append(kid)
        else:
            extra.append(block)
    return kids, images, extra


def is_caption(inline: Inline) -> bool:
    pieces = [p for p in inline.pieces if p.plain.strip()]
    return bool(pieces) and all(p.kind == "em" for p in pieces)


def block_text(block: Block) -> str:
    if isinstance(block, Paragraph | Heading):
        return block.inline.plain
    if isinstance(block, ListBlock):
        return list_text(block)
    if isinstance(block, Quote):
        return " ".join(block_text(b) for b in block.blocks).strip()
    return block.text


def list_text(block: ListBlock) -> str:
    parts = []
    for item in block.items:
        text = " ".join(t for t in (block_text(b) for b in item.blocks) if t)
        if text:
            parts.append(full_stop(text))
    return " ".join(parts)


def images_of(block: Block) -> list[Image]:
    if isinstance(block, Paragraph | Heading):
        return list(block.inline.images)
    if isinstance(block, ListBlock):
        return list_images(block)
    if isinstance(block, Quote):
        return [i for b in block.blocks for i in images_of(b)]
    return list(block.images)


def list_images(block: ListBlock) -> list[Image]:
    return [i for item in block.items for b in item.blocks for i in images_of(b)]
