"""The blocks under one heading as highlights, quotes and notes (``recapdeck import``).

The third layer of the mapper: :mod:`.content` holds the draft and turns prose, pictures and
quotes into it, :mod:`.lists` the bullets; this one reads a heading's blocks in order; the walk
over the headings is in :mod:`.mapping`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block, Image, Inline, ListBlock, Other, Paragraph, Quote
from .draft import DHighlight, DPoint, DSegment, DShot, credit, short_title
from .launches import announced_names, launched_links
from .lists import ListMapper
from .people import name_line, quote_introducer
from .sections import is_caption, list_images, list_text
from .text import guess_title, is_copyright, is_sign_off, split_sentences


@dataclass
class _Flow:
    """Where the blocks under one heading are going, while they are read in order."""

    default_title: str | None
    """The heading's title when its blocks make one highlight (a sub-heading)."""
    heading_text: str
    intro: bool
    notes_first: bool
    """True until the first slide: introductory paragraphs become the segment's notes."""
    default: DHighlight | None = None
    last: DHighlight | None = None
    waiting: list[Image] = field(default_factory=list)
    """Pictures before any highlight, waiting for the next one (a figure above its text)."""


class SectionMapper(ListMapper):
    """Reads the blocks under one heading, in order, into the current segment."""

    def map_blocks(
        self,
        blocks: list[Block],
        *,
        default_title: str | None = None,
        heading_text: str,
        intro: bool = False,
    ) -> DHighlight | None:
        """Turn the blocks under one heading into highlights, quotes and notes; return the
        heading's own highlight (or the first one made), if any."""
        flow = _Flow(default_title, heading_text, intro, notes_first=default_title is None)
        before = {id(h) for s in self.draft.segments for h in s.highlights}
        self._read_blocks(flow, blocks)
        if flow.waiting:
            self.shots(flow.last or self._target(flow), flow.waiting)
        if flow.default is not None and flow.default.empty and not flow.default.notes:
            self._overview(flow.default, before)
        made = [h for s in self.draft.segments for h in s.highlights if id(h) not in before]
        return flow.default or (made[0] if made else None)

    def _read_blocks(self, flow: _Flow, blocks: list[Block]) -> None:
        """Each block in order, by kind; a name line below a blockquote is read with it."""
        named: set[int] = set()  # paragraphs that only name who said the quote above
        for i, block in enumerate(blocks):
            if i in named:
                continue
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(block, Quote):
                name = _name_after(after)
                if name:
                    named.add(i + 1)
                self.quote(block, name or (_name_before(blocks[i - 1]) if i else None))
            elif isinstance(block, Paragraph):
                self._paragraph(flow, block.inline, after)
            elif isinstance(block, ListBlock):
                self._list_block(flow, block)
            elif isinstance(block, Other):
                self._other(flow, block)

    def _target(self, flow: _Flow) -> DHighlight:
        """The highlight a loose picture goes to: the heading's own, else the last one."""
        if flow.default_title is not None:
            if flow.default is None:
                flow.default = self.add(DHighlight(short_title(flow.default_title)))
            flow.last = flow.default
            return flow.default
        if flow.last is None:
            flow.last = self.add(DHighlight(short_title(flow.heading_text or "Screenshots")))
            flow.last.check(
                "a picture without a bullet of its own; give the slide a title", "title"
            )
        return flow.last

    def _paragraph(self, flow: _Flow, inline: Inline, after: Block | None) -> None:
        self.draft.note_extras(inline)
        self.linked_presenters(inline)
        text = inline.plain
        if not flow.intro and self.introduce(text, opens_list=isinstance(after, ListBlock)):
            self.segment_notes().append(text)  # the paragraph introduces the new segment
            flow.last = None
            return
        if is_caption(inline) and flow.last and flow.last.screenshots:
            self.caption(flow.last, text)
            return
        if not text:
            self._pictures_only(flow, inline)
            return
        if self._aside(inline):
            return
        if flow.intro or (flow.notes_first and self._leads_in(inline, after)):
            self.segment_notes().append(text)
            for name in announced_names(text):
                self.draft.announce_guess(name, DHighlight(""), text)
            for name in launched_links(text, inline.links):
                self.draft.announce_guess(name, DHighlight(""), text, in_list=True)
            return
        flow.notes_first = False
        self._prose_paragraph(flow, inline)

    def _pictures_only(self, flow: _Flow, inline: Inline) -> None:
        """A paragraph of pictures: they wait for the next highlight, or join this one."""
        if flow.last is None and flow.default_title is None:
            flow.waiting += inline.images
        elif inline.images:
            self.shots(self._target(flow), inline.images)

    def _aside(self, inline: Inline) -> bool:
        """A copyright note (a credit) or the blog's sign-off (named at the top): True when
        the paragraph is one and has no slide."""
        text = inline.plain
        if inline.images:
            return False
        if is_copyright(text) and len(split_sentences(text)) <= 3:
            self.draft.credits.append(credit(text))
            return True
        if is_sign_off(text):
            self.draft.notices.append(f'the post\'s sign-off is not on a slide: "{text}"')
            return True
        return False

    def _prose_paragraph(self, flow: _Flow, inline: Inline) -> None:
        """A paragraph of prose: the heading's highlight, or one titled from its words."""
        if flow.default_title is not None:
            holder = self._target(flow)
        else:
            holder = self.add(DHighlight(guess_title(inline.pieces, inline.md)))
            holder.check("title guessed from the paragraph", "title")
            flow.last = holder
        self.prose(holder, inline)
        if flow.waiting:
            holder.screenshots[:0] = [DShot(i) for i in flow.waiting]
            flow.waiting = []

    def _leads_in(self, inline: Inline, after: Block | None) -> bool:
        """True for a paragraph that introduces what follows (notes, not a slide)."""
        if inline.images:
            return False
        return (
            isinstance(after, ListBlock)
            or inline.plain.endswith(":")
            or self._introduces_speaker(inline, after)
        )

    def _list_block(self, flow: _Flow, block: ListBlock) -> None:
        flow.notes_first = False
        if flow.intro:
            self.segment_notes().append(list_text(block))
            if list_images(block):
                self.shots(self._target(flow), list_images(block))
            return
        holder = self._target(flow) if flow.default_title else None
        flow.last = self.map_list(block, flow.default_title, holder) or flow.last
        if flow.waiting and flow.last is not None:
            self.shots(flow.last, flow.waiting)
            flow.waiting = []

    def _other(self, flow: _Flow, block: Other) -> None:
        """A code block, table or HTML: its text to the notes, its pictures and links kept."""
        if block.text:
            what = {"code": "a code block", "table": "a table"}.get(block.kind, "HTML")
            self.nearest_notes(flow.last).append(block.text)
            owner: DHighlight | DSegment | None = flow.last or self.segment
            if owner is not None:
                owner.check(f"the notes hold {what} from the post", "notes")
        if block.images:
            self.shots(self._target(flow), block.images)
        for link in block.links:
            self.draft.link_reference(link, block.text)

    def _overview(self, default: DHighlight, before: set[int]) -> None:
        """An empty heading's own highlight: the titles of the slides that follow it."""
        newer = [
            h for s in self.draft.segments for h in s.highlights
            if id(h) not in before and h is not default
        ]  # fmt: skip
        default.points = [DPoint(h.title) for h in newer[:8]]
        default.check(
            "an overview of the next slides, made from their titles; keep it or delete it"
            if newer
            else "nothing under this heading in the post; add points"
        )

    def _introduces_speaker(self, inline: Inline, after: Block | None) -> bool:
        """True for a short plain paragraph that opens with the segment speaker's name
        ("Lindqvist opened with the numbers."), unless a picture follows it."""
        if self.segment is None or not self.segment.speaker:
            return False
        if isinstance(after, Paragraph) and after.inline.images and not after.inline.plain:
            return False
        if any(p.kind == "strong" for p in inline.pieces):
            return False
        person = next((p for p in self.draft.speakers if p.id == self.segment.speaker), None)
        if person is None or len(split_sentences(inline.plain)) > 2:
            return False
        surname = person.name.split()[-1]
        return inline.plain.startswith((person.name, surname))


def _name_after(block: Block | None) -> str | None:
    """The name in a bold or italic line right below a blockquote (who said it), if any."""
    if not isinstance(block, Paragraph) or block.inline.images:
        return None
    styled = [p for p in block.inline.pieces if p.plain.strip(" -—–―~")]
    if not styled or any(p.kind not in ("strong", "em") for p in styled):
        return None
    return name_line(block.inline.plain)


def _name_before(block: Block) -> str | None:
    """The person a paragraph right above a blockquote says is speaking ("X asked:")."""
    if not isinstance(block, Paragraph):
        return None
    return quote_introducer(block.inline.plain)
