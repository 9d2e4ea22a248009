"""Bullets of a post as highlights: lead-ins, sub-bullets, guests and chapters (``import``)."""

from __future__ import annotations

from ._import_content import LONG_POINT_WORDS, ContentMapper
from ._import_draft import (
    DHighlight,
    DPoint,
    DSegment,
    short_title,
)
from ._import_markdown import (
    Block,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    tidy,
)
from ._import_sections import (
    block_text,
    images_of,
    is_caption,
    list_images,
    list_text,
    parts,
)
from ._import_text import (
    Lead,
    NewMark,
    Presenter,
    capitalize,
    find_lead,
    full_stop,
    guess_title,
    new_marks,
    presenter,
    split_sentences,
    status_of,
    strip_md,
    words,
)


class ListMapper(ContentMapper):
    """Turns the lists of a post into highlights, points and segments."""

    def _list(
        self, block: ListBlock, default_title: str | None, default: DHighlight | None
    ) -> DHighlight | None:
        """Top-level bullets of a section; returns the last highlight written to."""
        at_top = default_title is None
        chapters = at_top and any(self._is_group(item) for item in block.items)
        base = self.segment
        loose: DHighlight | None = default
        last: DHighlight | None = default
        for item in block.items:
            kids, images, extra = parts(item)
            if not item.head.plain and not kids:
                holder = last or self._add(DHighlight(default_title or "Screenshots"))
                self._shots(holder, [*item.head.images, *images])
                for inner in extra:
                    self._extra_block(holder, inner)
                last = holder
                continue
            guest = _guest(item)
            if guest and at_top:
                sid = self.draft.speaker(
                    guest.name, guest.role, guest.company, "a bullet of the post"
                )
                title = guest.title or guest.name
                segment = self._new_segment(title, sid, "a bullet of the post names this speaker")
                segment.check("speaker guessed from a bold bullet", "speaker")
                loose = last = None
                if kids or images or extra:
                    last = self._item_into_segment(item, skip_head=True)
                continue
            lead = find_lead(item.head.pieces)
            plain_item = not lead and not kids and not images and not extra
            if plain_item and (
                words(item.head.plain) <= LONG_POINT_WORDS
                and len(split_sentences(item.head.plain)) <= 1
            ):
                if loose is None:
                    # Short bullets after a chapter stay in that chapter (self.segment).
                    loose = self._add(DHighlight(default_title or ""))
                self._point_into(loose, item)
                last = loose
                continue
            if plain_item:
                holder = self._add(DHighlight(guess_title(item.head.pieces, item.head.md)))
                holder.check("title guessed from the bullet", "title")
                self._prose(holder, item.head)
                last, loose = holder, None
                continue
            if chapters and (kids or images):
                made = self._item(item, depth=0)
                first = made[0]
                self._new_segment(first.title, base.speaker if base else self.main)
                assert self.segment is not None
                self.segment.check("a top-level bullet of the post made into a segment", "title")
                self.segment.highlights += [h for h in made if not (h is first and h.empty)]
                last, loose = self.segment.highlights[-1] if self.segment.highlights else None, None
                continue
            made = self._item(item, depth=0)
            for highlight in made:
                self._add(highlight)
            last, loose = made[-1], None
        return last

    def _item_into_segment(self, item: ListItem, *, skip_head: bool) -> DHighlight | None:
        made = self._item(item, depth=0, skip_head=skip_head)
        for highlight in made:
            if not highlight.empty or highlight is not made[0]:
                self._add(highlight)
        return made[-1] if made else None

    def _name_loose_highlights(self, segment: DSegment) -> None:
        """Give runs of short bullets a title: the bullet itself, or a placeholder."""
        for highlight in segment.highlights:
            if highlight.title:
                continue
            if len(highlight.points) == 1 and words(strip_md(highlight.points[0].text)) <= 12:
                point = highlight.points.pop(0)
                highlight.title = short_title(strip_md(point.text))
                highlight.points = [DPoint(p) for p in point.points]
                highlight.check("a single short bullet of the post; add points or merge it")
            else:
                highlight.title = "Also mentioned"
                highlight.check("short bullets of the post gathered here; name them", "title")

    def _is_group(self, item: ListItem) -> bool:
        kids, images, _ = parts(item)
        big = sum(1 for k in kids if self._is_big(k))
        small = len(kids) - big
        lead = find_lead(item.head.pieces)
        return big >= 3 or (big >= 1 and small == 0 and not images and not (lead and lead.rest))

    def _is_big(self, item: ListItem) -> bool:
        kids, images, _ = parts(item)
        if not kids and not images:
            return False
        if _guest(item):
            return False
        if images or len(kids) >= 3 or any(parts(k)[0] for k in kids):
            return True
        titled = find_lead(item.head.pieces) or item.head.plain.endswith(":")
        return bool(titled) and len(kids) >= 2

    def _item(self, item: ListItem, depth: int, *, skip_head: bool = False) -> list[DHighlight]:
        """A bullet with a lead-in or sub-bullets as a highlight, then any it spins off."""
        head = item.head
        kids, images, extra = parts(item)
        lead: Lead | None = None if skip_head else find_lead(head.pieces)
        if skip_head:
            title = short_title(head.plain)
        elif lead:
            title = lead.title
        else:
            title = head.plain.rstrip(":").strip()
        highlight = DHighlight(short_title(title), new=bool(lead and lead.new))
        if words(title) > 12:
            highlight.check("a long bullet of the post became this title; shorten it", "title")
        if lead and lead.new:
            summary = tidy("".join(p.md for p in lead.rest))
            if not summary and kids:
                summary = kids[0].head.md
            sentences = split_sentences(summary)
            text = full_stop(capitalize(sentences[0])) if sentences else ""
            status = status_of(strip_md(summary))
            self.draft.announce(NewMark(lead.title, text, status, False), highlight)
        if lead and not skip_head:
            self._prose_pieces(highlight, lead.rest)
        elif not skip_head and not lead:
            for mark in new_marks(head.pieces):
                self.draft.announce(mark, highlight)
        self._shots(highlight, [*head.images, *images])
        self.draft.note_extras(head)
        spun: list[DHighlight] = []
        for kid in kids:
            if _guest(kid):
                who = _guest(kid)
                assert who is not None
                sid = self.draft.speaker(who.name, who.role, who.company, "a bullet of the post")
                highlight.points.append(DPoint(kid.head.md))
                highlight.check(
                    f"{who.name} appears here as a guest; give them a segment of their own "
                    f"(speaker: {sid}) if they spoke"
                )
                self._sub_points(highlight, kid, highlight.points[-1])
            elif self._is_big(kid):
                spun += self._item(kid, depth + 1)
            else:
                self._point_into(highlight, kid)
        for block in extra:
            self._extra_block(highlight, block)
        if highlight.empty and spun and depth > 0:
            highlight.points = [DPoint(h.title) for h in spun]
            highlight.check("an overview of the next slides, made from the post's bullets")
        return [highlight, *spun]

    def _point_into(self, highlight: DHighlight, item: ListItem) -> None:
        """A bullet (and its sub-bullets) as a point of ``highlight``."""
        head = item.head
        for mark in new_marks(head.pieces):
            self.draft.announce(mark, highlight)
        self.draft.note_extras(head)
        self._shots(highlight, head.images)
        text = capitalize(head.md)
        if text:
            point = DPoint(text)
            highlight.points.append(point)
            if words(head.plain) > LONG_POINT_WORDS:
                highlight.check("a long point; shorten it")
        else:
            point = highlight.points[-1] if highlight.points else DPoint("")
        self._sub_points(highlight, item, point)  # adds the sub-bullets' pictures too
        for block in parts(item)[2]:
            self._extra_block(highlight, block)

    def _sub_points(self, highlight: DHighlight, item: ListItem, point: DPoint) -> None:
        kids, images, _ = parts(item)
        self._shots(highlight, images)
        for kid in kids:
            for mark in new_marks(kid.head.pieces):
                self.draft.announce(mark, highlight)
            self._shots(highlight, kid.head.images)
            if kid.head.md:
                point.points.append(capitalize(kid.head.md))
            deeper, deeper_images, extra = parts(kid)
            self._shots(highlight, deeper_images)
            if deeper or extra:
                lines = [list_text(ListBlock(tuple(deeper), 0))] if deeper else []
                lines += [block_text(b) for b in extra]
                highlight.notes.append(f"{kid.head.plain} " + " ".join(lines))
                highlight.check("bullets nested too deep for a slide are in the notes", "notes")
                for d in deeper:
                    for mark in new_marks(d.head.pieces):
                        self.draft.announce(mark, highlight)
                    self._shots(highlight, list_images(ListBlock((d,), 0)))

    def _extra_block(self, highlight: DHighlight, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.draft.note_extras(block.inline)
            if is_caption(block.inline) and highlight.screenshots:
                self._caption(highlight, block.inline.plain)
            elif block.inline.plain:
                highlight.notes.append(block.inline.plain)
            self._shots(highlight, block.inline.images)
        elif isinstance(block, Quote):
            self._quote(block)
        elif isinstance(block, ListBlock):
            for kid in block.items:
                self._point_into(highlight, kid)
        else:
            text = block_text(block)
            if text:
                highlight.notes.append(text)
            self._shots(highlight, images_of(block))


def _guest(item: ListItem) -> Presenter | None:
    head = item.head
    pieces = [p for p in head.pieces if p.plain.strip()]
    if not pieces:
        return None
    who = presenter(head.plain)
    if who is None or who.by:
        return None
    all_bold = len(pieces) == 1 and pieces[0].kind == "strong"
    return who if all_bold or who.role else None
