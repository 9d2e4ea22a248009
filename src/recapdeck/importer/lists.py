"""Bullets of a post as highlights: lead-ins, sub-bullets, guests and chapters (``import``)."""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import Block, Image, ListBlock, ListItem, Paragraph, Quote, tidy
from .content import LONG_POINT_WORDS, ContentMapper
from .draft import (
    DHighlight,
    DPoint,
    DSegment,
    short_title,
)
from .launches import (
    Lead,
    NewMark,
    find_lead,
    looks_like_product,
    new_marks,
    sounds_like_launch,
    status_of,
)
from .people import Presenter, presenter, quoted_bullet
from .sections import (
    block_text,
    images_of,
    is_caption,
    list_images,
    list_text,
    parts,
)
from .text import capitalize, full_stop, guess_title, split_sentences, strip_md, words


@dataclass
class _ListFlow:
    """Where the bullets of one list are going, while they are read in order."""

    default_title: str | None
    at_top: bool
    chapters: bool
    """True when some top-level bullets hold whole groups of highlights (each a segment)."""
    base: DSegment | None
    loose: DHighlight | None
    """The highlight collecting short bullets, if one is open."""
    last: DHighlight | None


class ListMapper(ContentMapper):
    """Turns the lists of a post into highlights, points and segments."""

    def map_list(
        self, block: ListBlock, default_title: str | None, default: DHighlight | None
    ) -> DHighlight | None:
        """Top-level bullets of a section; returns the last highlight written to."""
        at_top = default_title is None
        flow = _ListFlow(
            default_title,
            at_top,
            chapters=at_top and any(self._is_group(item) for item in block.items),
            base=self.segment,
            loose=default,
            last=default,
        )
        for item in block.items:
            self._top_item(flow, item)
        return flow.last

    def _top_item(self, flow: _ListFlow, item: ListItem) -> None:
        kids, images, extra = parts(item)
        self.introduce(item.head.plain)
        if not kids and (said := quoted_bullet(item.head.md)):
            self.said(*said, where="a quoted bullet")
            return
        if not item.head.plain and not kids:
            self._picture_item(flow, item, images, extra)
            return
        guest = _guest(item)
        if guest and flow.at_top:
            self._guest_segment(flow, item, guest, bool(kids or images or extra))
            return
        self._content_item(flow, item, has_kids=bool(kids or images), has_extra=bool(extra))

    def _content_item(
        self, flow: _ListFlow, item: ListItem, *, has_kids: bool, has_extra: bool
    ) -> None:
        """A bullet with text: a point, a chapter of its own, or highlights."""
        lead = find_lead(item.head.pieces)
        if not lead and not has_kids and not has_extra:
            self._plain_item(flow, item)
        elif flow.chapters and has_kids:
            self._chapter(flow, item)
        else:
            made = self._item(item, depth=0)
            for highlight in made:
                self.add(highlight)
            flow.last, flow.loose = made[-1], None

    def _picture_item(
        self, flow: _ListFlow, item: ListItem, images: list[Image], extra: list[Block]
    ) -> None:
        """A bullet that only shows pictures: they join the last highlight."""
        holder = flow.last or self.add(DHighlight(flow.default_title or "Screenshots"))
        self.shots(holder, [*item.head.images, *images])
        for inner in extra:
            self._extra_block(holder, inner)
        flow.last = holder

    def _guest_segment(
        self, flow: _ListFlow, item: ListItem, guest: Presenter, has_more: bool
    ) -> None:
        """A bold bullet naming a person at the top of a list: a segment for them."""
        sid = self.draft.speaker(guest.name, guest.role, guest.company, "a bullet of the post")
        title = guest.title or guest.name
        segment = self.new_segment(title, sid, "a bullet of the post names this speaker")
        segment.check("speaker guessed from a bold bullet", "speaker")
        flow.loose = flow.last = None
        if has_more:
            flow.last = self._item_into_segment(item, skip_head=True)

    def _plain_item(self, flow: _ListFlow, item: ListItem) -> None:
        """A bullet without lead-in or sub-bullets: a point, or prose of its own when long."""
        plain = item.head.plain
        if words(plain) <= LONG_POINT_WORDS and len(split_sentences(plain)) <= 1:
            if flow.loose is None:
                # Short bullets after a chapter stay in that chapter (self.segment).
                flow.loose = self.add(DHighlight(flow.default_title or ""))
            self._point_into(flow.loose, item)
            flow.last = flow.loose
            return
        holder = self.add(DHighlight(guess_title(item.head.pieces, item.head.md)))
        holder.check("title guessed from the bullet", "title")
        self.prose(holder, item.head)
        flow.last, flow.loose = holder, None

    def _chapter(self, flow: _ListFlow, item: ListItem) -> None:
        """A top-level bullet holding several highlights: a segment of its own."""
        made = self._item(item, depth=0)
        first = made[0]
        self.new_segment(first.title, flow.base.speaker if flow.base else self.main)
        assert self.segment is not None
        self.segment.check("a top-level bullet of the post made into a segment", "title")
        self.segment.highlights += [h for h in made if not (h is first and h.empty)]
        flow.last = self.segment.highlights[-1] if self.segment.highlights else None
        flow.loose = None

    def _item_into_segment(self, item: ListItem, *, skip_head: bool) -> DHighlight | None:
        made = self._item(item, depth=0, skip_head=skip_head)
        for highlight in made:
            if not highlight.empty or highlight is not made[0]:
                self.add(highlight)
        return made[-1] if made else None

    def name_loose_highlights(self, segment: DSegment) -> None:
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
        highlight = self._item_highlight(item, lead, kids, skip_head=skip_head)
        self.shots(highlight, [*head.images, *images])
        self.draft.note_extras(head)
        spun: list[DHighlight] = []
        for kid in kids:
            who = _guest(kid)
            said = quoted_bullet(kid.head.md) if not parts(kid)[0] else None
            if said:
                self.said(*said, where="a quoted bullet")
            elif who:
                self._guest_point(highlight, kid, who)
            elif self._is_big(kid):
                spun += self._item(kid, depth + 1)
            else:
                self._point_into(highlight, kid, child=True)
        for block in extra:
            self._extra_block(highlight, block)
        if highlight.empty and spun and depth > 0:
            highlight.points = [DPoint(h.title) for h in spun]
            highlight.check("an overview of the next slides, made from the post's bullets")
        return [highlight, *spun]

    def _item_highlight(
        self, item: ListItem, lead: Lead | None, kids: list[ListItem], *, skip_head: bool
    ) -> DHighlight:
        """The highlight a bullet opens: titled by its lead-in (or its text), with its launch."""
        head = item.head
        if skip_head:
            title = short_title(head.plain)
        elif lead:
            title = lead.title
        else:
            title = head.plain.rstrip(":").strip()
        highlight = DHighlight(short_title(title), new=bool(lead and lead.new))
        if words(title) > 12:
            highlight.check("a long bullet of the post became this title; shorten it", "title")
        if lead and (lead.new or self._launch_lead(lead)):
            self._announce_lead(lead, kids, highlight)
        if lead and not skip_head:
            self.prose_pieces(highlight, lead.rest)
        elif not skip_head and not lead:
            for mark in new_marks(head.pieces):
                self.draft.announce(mark, highlight)
        return highlight

    def _launch_lead(self, lead: Lead) -> bool:
        """``**Nimbus Lens:** a tracing tool, in preview``: a product in launch language (or
        any product-named lead-in in a post about launches)."""
        rest = strip_md("".join(p.md for p in lead.rest))
        launch = sounds_like_launch(rest) or (self.launch_post and bool(rest))
        return launch and looks_like_product(lead.title)

    def _announce_lead(
        self, lead: Lead, kids: list[ListItem], highlight: DHighlight, *, child: bool = False
    ) -> None:
        """``New **X**: text`` as an announcement summarised by its first sentence."""
        summary = tidy("".join(p.md for p in lead.rest))
        if not summary and kids:
            summary = kids[0].head.md
        sentences = split_sentences(summary)
        text = full_stop(capitalize(sentences[0])) if sentences else ""
        status = status_of(strip_md(summary))
        self.draft.announce(NewMark(lead.title, text, status, False), highlight, child=child)
        if not lead.new:
            self.draft.announcements[-1].check("a launch guessed from the post's words; is it one?")

    def _guest_point(self, highlight: DHighlight, kid: ListItem, who: Presenter) -> None:
        """A sub-bullet naming a guest: a point, and the guest on the roster."""
        sid = self.draft.speaker(who.name, who.role, who.company, "a bullet of the post")
        highlight.points.append(DPoint(kid.head.md))
        highlight.check(
            f"{who.name} appears here as a guest; give them a segment of their own "
            f"(speaker: {sid}) if they spoke"
        )
        self._sub_points(highlight, kid, highlight.points[-1])

    def _point_into(self, highlight: DHighlight, item: ListItem, *, child: bool = False) -> None:
        """A bullet (and its sub-bullets) as a point of ``highlight``; ``child`` when it is a
        sub-bullet of the bullet that made ``highlight``."""
        head = item.head
        for mark in new_marks(head.pieces):
            self.draft.announce(mark, highlight, child=child)
        lead = find_lead(head.pieces)
        if lead and not lead.new and self._launch_lead(lead):
            self._announce_lead(lead, [], highlight, child=child)
        self.draft.note_extras(head)
        self.shots(highlight, head.images)
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
        self.shots(highlight, images)
        for kid in kids:
            for mark in new_marks(kid.head.pieces):
                self.draft.announce(mark, highlight, child=True)
            self.shots(highlight, kid.head.images)
            if kid.head.md:
                point.points.append(capitalize(kid.head.md))
            deeper, deeper_images, extra = parts(kid)
            self.shots(highlight, deeper_images)
            if deeper or extra:
                lines = [list_text(ListBlock(tuple(deeper), 0))] if deeper else []
                lines += [block_text(b) for b in extra]
                highlight.notes.append(f"{kid.head.plain} " + " ".join(lines))
                highlight.check("bullets nested too deep for a slide are in the notes", "notes")
                for d in deeper:
                    for mark in new_marks(d.head.pieces):
                        self.draft.announce(mark, highlight, child=True)
                    self.shots(highlight, list_images(ListBlock((d,), 0)))

    def _extra_block(self, highlight: DHighlight, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.draft.note_extras(block.inline)
            if is_caption(block.inline) and highlight.screenshots:
                self.caption(highlight, block.inline.plain)
            elif block.inline.plain:
                highlight.notes.append(block.inline.plain)
            self.shots(highlight, block.inline.images)
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, ListBlock):
            for kid in block.items:
                self._point_into(highlight, kid)
        else:
            text = block_text(block)
            if text:
                highlight.notes.append(text)
            self.shots(highlight, images_of(block))


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
