"""Map a parsed post onto an outline draft: segments, speakers, highlights, announcements.

The draft is plain data with ``checks``: the guesses the mapper made, each written as a
``# check:`` comment above the value by :mod:`.yaml_out`. Content that has no place
of its own goes into the nearest notes, so nothing the post says is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block, Heading, Paragraph
from .content import MAX_POINTS_FROM_PROSE
from .draft import (
    DHighlight,
    DPoint,
    Draft,
    DSegment,
)
from .front_matter import guess_event, read_front_matter
from .launches import NewMark, looks_like_product, status_of
from .people import Presenter, presenter, presenters
from .section_content import SectionMapper
from .sections import (
    has_content,
    special_section,
)
from .text import (
    capitalize,
    full_stop,
    heading_kind,
    point_text,
    split_sentences,
)


def draft_outline(
    front: dict[str, Any],
    blocks: list[Block],
    *,
    fallback_title: str,
    file_date: dt.date | None = None,
) -> Draft:
    """Map front matter and body blocks onto a :class:`Draft`."""
    return _Mapper(front, blocks, fallback_title, file_date).run()


@dataclass
class _Section:
    heading: Heading | None
    blocks: list[Block]


@dataclass
class _Walk:
    """What the walk over the headings knows at the current heading."""

    segment_level: int | None
    """The heading level that makes segments (None: every heading does)."""
    context: list[tuple[int, str | None, str]] = field(default_factory=list)
    """The open headings above: level, the speaker id they name, their text."""
    special: tuple[int, str] | None = None
    """The open summary/references/... heading: its level and kind."""


class _Mapper(SectionMapper):
    """Walks the post's headings: which are segments, which hold highlights, which are special."""

    def __init__(
        self,
        front: dict[str, Any],
        blocks: list[Block],
        fallback_title: str,
        file_date: dt.date | None,
    ) -> None:
        super().__init__()
        self.file_date = file_date
        self.front = front
        self.blocks = blocks
        self.fallback_title = fallback_title

    def run(self) -> Draft:
        read_front_matter(self.draft, self.front, self.fallback_title, self.file_date)
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
        self.launch_post = _about_launches(self.draft, preamble)
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
        walk = _Walk(self._segment_level(body))
        for section in body:
            heading = section.heading
            assert heading is not None
            if walk.special and heading.level > walk.special[0]:
                special_section(self.draft, walk.special[1], section.blocks)
                continue
            walk.special = None
            while walk.context and walk.context[-1][0] >= heading.level:
                walk.context.pop()
            self._heading(walk, heading, section.blocks)

    def _heading(self, walk: _Walk, heading: Heading, blocks: list[Block]) -> None:
        """One heading and its blocks: a special section, a segment, or highlights."""
        level, text = heading.level, heading.inline.plain
        kind = heading_kind(text)
        if kind in ("summary", "references", "credits", "announcements"):
            walk.special = (level, kind)
            special_section(self.draft, kind, blocks)
            return
        who = presenter(text)
        if who and who.by:
            self._talk_by(walk, level, text, who, blocks)
            return
        segments_at = walk.segment_level
        if segments_at is not None and level > segments_at and self.segment:
            own = self.map_blocks(blocks, default_title=text, heading_text=text)
            self._heading_launch(text, blocks, own, kind, who)
            return
        self._segment_heading(walk, heading, blocks, kind, who)

    def _segment_heading(
        self,
        walk: _Walk,
        heading: Heading,
        blocks: list[Block],
        kind: str | None,
        who: Presenter | None,
    ) -> None:
        """A heading at (or above) the segments' level: a segment when it has content."""
        level, text = heading.level, heading.inline.plain
        sid: str | None = None
        if who:
            sid = self.draft.speaker(who.name, who.role, who.company, f'the heading "{text}"')
            self.role_from_text(sid, blocks)
            self._co_presenters(text)
        inherited = next(((i, src) for _, i, src in reversed(walk.context) if i), None)
        if walk.segment_level is None or level < walk.segment_level:
            walk.context.append((level, sid, text))
            if not has_content(blocks):
                return
        segment = self.new_segment(
            (who.title or who.name) if who else text,
            sid or (inherited[0] if inherited else None),
            _segment_check(kind, who),
        )
        if sid:
            segment.check(f'speaker guessed from the heading "{text}"', "speaker")
        elif inherited:
            segment.check(f'speaker taken from the heading "{inherited[1]}"', "speaker")
        own = self.map_blocks(blocks, heading_text=text)
        self._heading_launch(text, blocks, own, kind, who)

    def _heading_launch(
        self,
        text: str,
        blocks: list[Block],
        own: DHighlight | None,
        kind: str | None,
        who: Presenter | None,
    ) -> None:
        """In a post about launches, a heading naming a product is an announcement."""
        if not self.launch_post or kind or who or not looks_like_product(text):
            return
        if re.search(r"\bannouncements?\b|\blaunch(?:es)?\b", text, re.I):
            return  # "Other exciting announcements" names a group, not a product
        first = next(
            (b.inline for b in blocks if isinstance(b, Paragraph) and b.inline.plain), None
        )
        sentences = split_sentences(first.md) if first else []
        summary = full_stop(capitalize(point_text(sentences[0]))) if sentences else ""
        status = status_of(first.plain) if first else None
        self.draft.announce(NewMark(text, summary, status, False), own or DHighlight(""))
        self.draft.announcements[-1].check("a heading of a post about launches; is it one?")

    def _co_presenters(self, text: str) -> None:
        """The other people a heading names ("...; Lucia Moreno & Ken Ito, Loomworks")."""
        for other in presenters(text)[1:]:
            sid = self.draft.speaker(other.name, other.role, other.company, f'the heading "{text}"')
            person = next(p for p in self.draft.speakers if p.id == sid)
            person.check("presented with the segment's speaker; give them a segment or a quote")

    def _talk_by(
        self, walk: _Walk, level: int, text: str, who: Presenter, blocks: list[Block]
    ) -> None:
        """A "<talk> by <name>" heading: the speaker of everything below it."""
        sid = self.draft.speaker(who.name, who.role, who.company, f'the heading "{text}"')
        self._co_presenters(text)
        self.main = self.main or sid
        walk.context.append((level, sid, text))
        if has_content(blocks):
            title = f"{who.title} by {who.name}" if who.title else who.name
            self.new_segment(title, sid, f'title from the heading "{text}"; rename it')
            self.map_blocks(blocks, heading_text=text)

    def _preamble(self, blocks: list[Block]) -> None:
        """What comes before the first heading: the post's introduction, or all of it."""
        if not has_content(blocks):
            return
        if not self.draft.segments:
            check = "the post has no headings; give this segment a title"
            segment = self.new_segment("Highlights", self.main, check)
            if self.main:
                segment.check("speaker taken from the post's title", "speaker")
            self.map_blocks(blocks, heading_text="")
            return
        first = self.draft.segments[0]
        intro = DSegment("intro")
        self.segment = intro
        self.map_blocks(blocks, heading_text="", intro=True)
        if intro.notes:
            first.check("the first notes come from the post's introduction", "notes")
        first.notes[:0] = intro.notes
        first.highlights[:0] = intro.highlights
        first.quotes[:0] = intro.quotes
        self.segment = self.draft.segments[-1]

    def _finish(self) -> None:
        draft = self.draft
        if not draft.segments:
            segment = self.new_segment("Highlights", self.main, "the post has no content")
            segment.highlights.append(DHighlight("Add the highlights here"))
            segment.highlights[-1].check("the post had nothing to turn into slides")
        emptied = [s for s in draft.segments if not (s.highlights or s.quotes or s.notes)]
        if len(emptied) < len(draft.segments):
            # A heading whose only text was a sign-off or a credit leaves nothing to show.
            draft.segments = [s for s in draft.segments if s not in emptied]
        for segment in draft.segments:
            self._finish_segment(segment)
        _only_speaker(draft)
        self._flag_unused_speakers()
        draft.credits = list(dict.fromkeys(draft.credits))
        draft.notices = list(dict.fromkeys(draft.notices))

    def _flag_unused_speakers(self) -> None:
        draft = self.draft
        unused = [
            p for p in draft.speakers
            if p.id != self.main and all(s.speaker != p.id for s in draft.segments)
            and all(q.speaker != p.id for s in draft.segments for q in s.quotes)
        ]  # fmt: skip
        for person in unused:
            person.check("not the speaker of any segment yet")

    def _finish_segment(self, segment: DSegment) -> None:
        """Give a segment a title and at least one highlight, and every highlight a title."""
        if not segment.title:
            segment.title = "Untitled segment"
            segment.check("an empty heading in the post; give this segment a title", "title")
        if not segment.highlights and not segment.quotes:
            segment.highlights.append(_from_notes(segment))
        self.name_loose_highlights(segment)
        fixed: list[DHighlight] = []
        for highlight in segment.highlights:
            if not highlight.title:
                highlight.title = "Untitled highlight"
                highlight.check("no title could be found in the post; write one", "title")
            fixed += _split_screenshots(highlight)
        segment.highlights = fixed


def _only_speaker(draft: Draft) -> None:
    """When the post names one speaker, every segment without one is theirs."""
    if len(draft.speakers) != 1:
        return
    only = draft.speakers[0].id
    for segment in draft.segments:
        if segment.speaker is None:
            segment.speaker = only
            segment.check("the post names only this speaker", "speaker")


def _from_notes(segment: DSegment) -> DHighlight:
    """The one highlight of a segment that has only text: its first sentences as points."""
    highlight = DHighlight(segment.title)
    if segment.notes:
        text = " ".join(segment.notes)
        for sentence in split_sentences(text)[:MAX_POINTS_FROM_PROSE]:
            highlight.points.append(DPoint(point_text(sentence)))
        highlight.notes, segment.notes = segment.notes, []
        highlight.check("made from the only text under this heading")
    else:
        highlight.check("nothing under this heading in the post; add points")
    return highlight


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


def _segment_check(kind: str | None, who: Presenter | None) -> str:
    """What to check about a segment's title taken from a heading ("" when nothing)."""
    if kind == "generic":
        return "a generic heading of the post; give this segment a real title"
    if who and not who.title:
        return "the heading only names the speaker; give this segment a title"
    return ""


_ABOUT_LAUNCHES = re.compile(
    r"\b(?:announcements?|announced|launch(?:es|ed)?|round-?up|what'?s new|new features)\b", re.I
)


def _about_launches(draft: Draft, preamble: list[Block]) -> bool:
    """True for a post about launches: its title, subtitle or first paragraph says so."""
    first = next((b.inline.plain for b in preamble if isinstance(b, Paragraph)), "")
    return any(_ABOUT_LAUNCHES.search(t) for t in (draft.title, draft.subtitle or "", first))
