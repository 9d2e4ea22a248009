"""Map a parsed post onto an outline draft: segments, speakers, highlights, announcements.

The draft is plain data with ``checks``: the guesses the mapper made, each written as a
``# check:`` comment above the value by :mod:`recapdeck.importer`. Content that has no place
of its own goes into the nearest notes, so nothing the post says is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._import_content import MAX_POINTS_FROM_PROSE
from ._import_draft import (
    DHighlight,
    DPoint,
    Draft,
    DSegment,
    DShot,
    credit,
    short_title,
)
from ._import_lists import ListMapper
from ._import_markdown import (
    Block,
    Heading,
    Image,
    Inline,
    ListBlock,
    Other,
    Paragraph,
    Quote,
)
from ._import_sections import (
    guess_event,
    has_content,
    is_caption,
    list_images,
    list_text,
    read_front_matter,
    special_section,
)
from ._import_text import (
    guess_title,
    heading_kind,
    is_copyright,
    point_text,
    presenter,
    split_sentences,
)


def draft_outline(front: dict[str, Any], blocks: list[Block], *, fallback_title: str) -> Draft:
    """Map front matter and body blocks onto a :class:`Draft`."""
    return _Mapper(front, blocks, fallback_title).run()


@dataclass
class _Section:
    heading: Heading | None
    blocks: list[Block]


class _Mapper(ListMapper):
    """Walks the post's headings: which are segments, which hold highlights, which are special."""

    def __init__(self, front: dict[str, Any], blocks: list[Block], fallback_title: str) -> None:
        super().__init__()
        self.front = front
        self.blocks = blocks
        self.fallback_title = fallback_title

    def run(self) -> Draft:
        read_front_matter(self.draft, self.front, self.fallback_title)
        sections = self._sections()
        preamble = sections[0].blocks if sections and sections[0].heading is None else []
        body = [s for s in sections if s.heading is not None]
        if self.draft.title == "" and body and body[0].heading and body[0].heading.level == 1:
            self.draft.title = body[0].heading.inline.plain
            preamble = preamble + body.pop(0).blocks
        if not self.draft.title:
            self.draft.title = self.fallback_title
            self.draft.check("no title in the post; title taken from the file name", "title")
        self.main = guess_event(self.draft) or self.main
        self._walk(body)
        self._preamble(preamble)
        self._finish()
        return self.draft

    def _sections(self) -> list[_Section]:
        sections = [_Section(None, [])]
        for block in self.blocks:
            if isinstance(block, Heading):
                sections.append(_Section(block, []))
            else:
                sections[-1].blocks.append(block)
        return sections

    def _segment_level(self, body: list[_Section]) -> int | None:
        levels = []
        topics = []
        for section in body:
            assert section.heading is not None
            text = section.heading.inline.plain
            if heading_kind(text):
                continue
            who = presenter(text)
            if who and not who.by:
                levels.append(section.heading.level)
            elif not who:
                topics.append(section.heading.level)
        if levels:
            return min(levels)
        if not topics:
            return None
        top = min(topics)
        deeper = sorted({t for t in topics if t > top})
        if topics.count(top) == 1 and deeper:
            return deeper[0]
        return top

    def _walk(self, body: list[_Section]) -> None:
        level_of_segments = self._segment_level(body)
        context: list[tuple[int, str | None, str]] = []
        special: tuple[int, str] | None = None
        for section in body:
            heading = section.heading
            assert heading is not None
            level, text = heading.level, heading.inline.plain
            if special and level > special[0]:
                special_section(self.draft, special[1], section.blocks)
                continue
            special = None
            while context and context[-1][0] >= level:
                context.pop()
            kind = heading_kind(text)
            if kind in ("summary", "references", "credits", "announcements"):
                special = (level, kind)
                special_section(self.draft, kind, section.blocks)
                continue
            who = presenter(text)
            inherited = next(((i, src) for _, i, src in reversed(context) if i), None)
            sid: str | None = None
            if who and who.by:
                sid = self.draft.speaker(who.name, who.role, who.company, f'the heading "{text}"')
                self.main = self.main or sid
                context.append((level, sid, text))
                if has_content(section.blocks):
                    title = f"{who.title} by {who.name}" if who.title else who.name
                    self._new_segment(title, sid, f'title from the heading "{text}"; rename it')
                    self._content(section.blocks, heading_text=text)
                continue
            container = level_of_segments is None or level < level_of_segments
            if level_of_segments is not None and level > level_of_segments and self.segment:
                self._content(section.blocks, default_title=text, heading_text=text)
                continue
            if who:
                sid = self.draft.speaker(who.name, who.role, who.company, f'the heading "{text}"')
                self._role_from_text(sid, section.blocks)
            if container:
                context.append((level, sid, text))
                if not has_content(section.blocks):
                    continue
            title = (who.title or who.name) if who else text
            segment_check = ""
            if kind == "generic":
                segment_check = "a generic heading of the post; give this segment a real title"
            elif who and not who.title:
                segment_check = "the heading only names the speaker; give this segment a title"
            segment = self._new_segment(
                title, sid or (inherited[0] if inherited else None), segment_check
            )
            if sid:
                segment.check(f'speaker guessed from the heading "{text}"', "speaker")
            elif inherited:
                segment.check(f'speaker taken from the heading "{inherited[1]}"', "speaker")
            self._content(section.blocks, heading_text=text)

    def _preamble(self, blocks: list[Block]) -> None:
        """What comes before the first heading: the post's introduction, or all of it."""
        if not has_content(blocks):
            return
        if not self.draft.segments:
            check = "the post has no headings; give this segment a title"
            segment = self._new_segment("Highlights", self.main, check)
            if self.main:
                segment.check("speaker taken from the post's title", "speaker")
            self._content(blocks, heading_text="")
            return
        first = self.draft.segments[0]
        intro = DSegment("intro")
        self.segment = intro
        self._content(blocks, heading_text="", intro=True)
        if intro.notes:
            first.check("the first notes come from the post's introduction", "notes")
        first.notes[:0] = intro.notes
        first.highlights[:0] = intro.highlights
        first.quotes[:0] = intro.quotes
        self.segment = self.draft.segments[-1]

    def _content(
        self,
        blocks: list[Block],
        *,
        default_title: str | None = None,
        heading_text: str,
        intro: bool = False,
    ) -> None:
        """Turn the blocks under one heading into highlights, quotes and notes."""
        default: DHighlight | None = None
        last: DHighlight | None = None
        notes_first = default_title is None
        before = {id(h) for s in self.draft.segments for h in s.highlights}
        # Pictures before any highlight wait for the next one (a figure above its paragraph).
        waiting: list[Image] = []

        def target() -> DHighlight:
            nonlocal default, last
            if default_title is not None:
                if default is None:
                    default = self._add(DHighlight(short_title(default_title)))
                last = default
                return default
            if last is None:
                last = self._add(DHighlight(short_title(heading_text or "Screenshots")))
                last.check("a picture without a bullet of its own; give the slide a title", "title")
            return last

        for i, block in enumerate(blocks):
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(block, Paragraph):
                inline = block.inline
                self.draft.note_extras(inline)
                text = inline.plain
                if is_caption(inline) and last and last.screenshots:
                    self._caption(last, text)
                    continue
                if not text:
                    if last is None and default_title is None:
                        waiting += inline.images
                    elif inline.images:
                        self._shots(target(), inline.images)
                    continue
                if is_copyright(text) and not inline.images and len(split_sentences(text)) <= 3:
                    self.draft.credits.append(credit(text))
                    continue
                if intro or (
                    notes_first
                    and not inline.images
                    and (
                        isinstance(after, ListBlock)
                        or text.endswith(":")
                        or self._introduces_speaker(inline, after)
                    )
                ):
                    self._notes_of_segment().append(text)
                    continue
                notes_first = False
                if default_title is not None:
                    holder = target()
                else:
                    holder = self._add(DHighlight(guess_title(inline.pieces, inline.md)))
                    holder.check("title guessed from the paragraph", "title")
                    last = holder
                self._prose(holder, inline)
                if waiting:
                    holder.screenshots[:0] = [DShot(i) for i in waiting]
                    waiting = []
            elif isinstance(block, ListBlock):
                notes_first = False
                if intro:
                    self._notes_of_segment().append(list_text(block))
                    if list_images(block):
                        self._shots(target(), list_images(block))
                    continue
                made = self._list(block, default_title, target() if default_title else None)
                last = made or last
                if waiting and last is not None:
                    self._shots(last, waiting)
                    waiting = []
            elif isinstance(block, Quote):
                self._quote(block)
            elif isinstance(block, Other):
                if block.text:
                    what = {"code": "a code block", "table": "a table"}.get(block.kind, "HTML")
                    self._nearest_notes(last).append(block.text)
                    owner: DHighlight | DSegment | None = last or self.segment
                    if owner is not None:
                        owner.check(f"the notes hold {what} from the post", "notes")
                if block.images:
                    self._shots(target(), block.images)
                for link in block.links:
                    self.draft.link_reference(link, block.text)
        if waiting:
            self._shots(last or target(), waiting)
        if default is not None and default.empty and not default.notes:
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

    def _finish(self) -> None:
        draft = self.draft
        if not draft.segments:
            segment = self._new_segment("Highlights", self.main, "the post has no content")
            segment.highlights.append(DHighlight("Add the highlights here"))
            segment.highlights[-1].check("the post had nothing to turn into slides")
        for segment in draft.segments:
            if not segment.title:
                segment.title = "Untitled segment"
                segment.check("an empty heading in the post; give this segment a title", "title")
            if not segment.highlights and not segment.quotes:
                highlight = DHighlight(segment.title)
                if segment.notes:
                    text = " ".join(segment.notes)
                    for sentence in split_sentences(text)[:MAX_POINTS_FROM_PROSE]:
                        highlight.points.append(DPoint(point_text(sentence)))
                    highlight.notes, segment.notes = segment.notes, []
                    highlight.check("made from the only text under this heading")
                else:
                    highlight.check("nothing under this heading in the post; add points")
                segment.highlights.append(highlight)
            self._name_loose_highlights(segment)
            fixed: list[DHighlight] = []
            for highlight in segment.highlights:
                if not highlight.title:
                    highlight.title = "Untitled highlight"
                    highlight.check("no title could be found in the post; write one", "title")
                fixed += _split_screenshots(highlight)
            segment.highlights = fixed
        if len(draft.speakers) == 1:
            only = draft.speakers[0].id
            for segment in draft.segments:
                if segment.speaker is None:
                    segment.speaker = only
                    segment.check("the post names only this speaker", "speaker")
        unused = [
            p for p in draft.speakers
            if p.id != self.main and all(s.speaker != p.id for s in draft.segments)
            and all(q.speaker != p.id for s in draft.segments for q in s.quotes)
        ]  # fmt: skip
        for person in unused:
            person.check("not the speaker of any segment yet")
        draft.credits = list(dict.fromkeys(draft.credits))
        draft.notices = list(dict.fromkeys(draft.notices))


def _split_screenshots(highlight: DHighlight) -> list[DHighlight]:
    """A highlight with more screenshots than a highlight may hold, as several."""
    if len(highlight.screenshots) <= 12:
        return [highlight]
    out = [highlight]
    rest = highlight.screenshots[12:]
    highlight.screenshots = highlight.screenshots[:12]
    n = 2
    while rest:
        more = DHighlight(f"{highlight.title} ({n})", screenshots=rest[:12], new=highlight.new)
        more.check("more screenshots than one highlight holds; split or drop some")
        out.append(more)
        rest = rest[12:]
        n += 1
    return out
