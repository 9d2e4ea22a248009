"""The shared part of the post mapper: the draft, the current segment, prose, pictures, quotes.

``recapdeck import`` maps a post in three layers: this one, the bullets
(:mod:`.lists`) and the walk over headings (:mod:`.mapping`).
"""

from __future__ import annotations

from .blocks import Block, Image, Inline, ListBlock, Paragraph, Piece, Quote, tidy
from .draft import (
    DHighlight,
    DPoint,
    DQuote,
    Draft,
    DSegment,
    DShot,
    credit,
    short_title,
)
from .launches import announced_names, launched_links, new_marks
from .people import (
    introduced_people,
    keynote_presenters,
    person_name,
    role_in_text,
    split_attribution,
    unquote,
)
from .sections import (
    block_text,
)
from .text import describes_markup, is_copyright, point_text, split_sentences, words

MAX_POINTS_FROM_PROSE = 4
LONG_POINT_WORDS = 25


class ContentMapper:
    """Holds the draft being built and turns paragraphs, pictures and quotes into it."""

    def __init__(self) -> None:
        self.draft = Draft()
        self.segment: DSegment | None = None
        self.main: str | None = None
        """The speaker id of the whole talk ("Keynote by ..."), once known."""
        self.launch_post = False
        """True for a post about launches ("key announcements from ..."): its product
        headings and product lead-ins are announcements."""

    def new_segment(self, title: str, speaker: str | None, check: str = "") -> DSegment:
        segment = DSegment(short_title(title), speaker)
        if check:
            segment.check(check, "title")
        self.draft.segments.append(segment)
        self.segment = segment
        return segment

    def add(self, highlight: DHighlight) -> DHighlight:
        if self.segment is None:
            self.new_segment("Highlights", self.main, "give this segment a title")
        assert self.segment is not None
        self.segment.highlights.append(highlight)
        return highlight

    def segment_notes(self) -> list[str]:
        if self.segment is None:
            self.new_segment("Highlights", self.main, "give this segment a title")
        assert self.segment is not None
        return self.segment.notes

    def nearest_notes(self, last: DHighlight | None = None) -> list[str]:
        if last is not None:
            return last.notes
        if self.segment is not None and self.segment.highlights:
            return self.segment.highlights[-1].notes
        return self.segment_notes()

    def prose(self, holder: DHighlight, inline: Inline) -> None:
        """Sentences of a paragraph as points (at most a few), the whole text as notes."""
        self.prose_pieces(holder, inline.pieces)
        for name in launched_links(inline.plain, inline.links):
            self.draft.announce_guess(name, holder, inline.plain, in_list=True)
        self.shots(holder, inline.images)

    def prose_pieces(self, holder: DHighlight, pieces: tuple[Piece, ...]) -> None:
        md = tidy("".join(p.md for p in pieces))
        plain = tidy("".join(p.plain for p in pieces))
        if not plain:
            return
        for mark in new_marks(pieces):
            self.draft.announce(mark, holder)
        for name in announced_names(plain):
            self.draft.announce_guess(name, holder, plain)
        sentences = split_sentences(md)
        if len(sentences) <= 1:
            holder.points.append(DPoint(point_text(md)))
            if words(plain) > LONG_POINT_WORDS:
                holder.check("a long point; shorten it")
            return
        room = max(0, MAX_POINTS_FROM_PROSE - len(holder.points))
        points = [point_text(s) for s in sentences]
        holder.points += [DPoint(p) for p in points[:room]]
        holder.notes.append(plain)
        holder.check("points cut from the post's prose; shorten them (the notes keep the text)")
        if len(points) > room:
            more = len(points) - room
            plural = "s are" if more > 1 else " is"
            holder.check(f"{more} more sentence{plural} of the post only in the notes")

    def shots(self, highlight: DHighlight, images: tuple[Image, ...] | list[Image]) -> None:
        for image in images:
            if not image.src or image.src.startswith("data:"):
                highlight.notes.append(f"(The post shows an embedded picture: {image.alt}.)")
                highlight.check("the post embeds a picture with no file; add a screenshot")
                continue
            highlight.screenshots.append(DShot(image))

    def caption(self, highlight: DHighlight, text: str) -> None:
        shot = highlight.screenshots[-1]
        if not shot.image.caption:
            image = shot.image
            highlight.screenshots[-1] = DShot(
                Image(image.src, image.alt, tidy(text)[:300], image.line), checks=shot.checks
            )

    def quote(self, block: Quote, name: str | None = None) -> None:
        """A blockquote: a quote when it names who said it, else notes, credits or a notice.

        ``name`` is who the line after the blockquote names (``*— Jane Doe*``), if any.
        """
        text = " ".join(block_text(b) for b in block.blocks).strip()
        for b in block.blocks:
            if isinstance(b, Paragraph):
                self.draft.note_extras(b.inline)
        if not text:
            return
        callout = any(c.startswith("prompt") for c in block.classes) or bool(block.classes)
        if is_copyright(text):
            self.draft.credits.append(credit(text))
            return
        if callout and describes_markup(text):
            self.draft.notices.append(f'the post says: "{text}"')
            return
        said = None if callout else _attribution(block)
        if said is None and name and not callout:
            said = (unquote(text), name)
        if said:
            self.said(*said)
        else:
            self._quote_to_notes(text, callout)

    def _quote_to_notes(self, text: str, callout: bool) -> None:
        """A blockquote that is no quote (no name, or a note box) goes to the notes."""
        self.nearest_notes().append(text)
        holder = (self.segment.highlights[-1] if self.segment and self.segment.highlights
                  else self.segment)  # fmt: skip
        if holder is not None:
            what = "a note box" if callout else "a blockquote without attribution (not a quote)"
            holder.check(f"the notes hold {what} from the post", "notes")

    def said(self, quote_text: str, who: str, where: str = "a blockquote") -> None:
        """A quote of ``who`` (a speaker's id when the name is on the roster)."""
        name = person_name(who.split(",")[0]) or who.split(",")[0].strip()
        sid = self.draft.known_speaker(name)
        quote = DQuote(quote_text, sid or name)
        quote.check(f"{where} of the post with its attribution; make sure it was said")
        if self.segment is None:
            self.new_segment("Highlights", self.main, "give this segment a title")
        assert self.segment is not None
        self.segment.quotes.append(quote)

    def introduce(self, text: str, *, opens_list: bool = False) -> bool:
        """Add the people ``text`` introduces on stage to the roster ("Sarah Lee, CEO of
        Fernbank, closed the morning"); one who opens a list after other slides starts a
        segment of their own (then True)."""
        started = False
        for name, role, company in introduced_people(text):
            sid = self.draft.speaker(name, role, company, "the post's text")
            segment = self.segment
            if segment is None or segment.speaker == sid:
                continue
            if segment.speaker is None and not segment.highlights:
                segment.speaker = sid
                segment.check("speaker named in the post's text", "speaker")
            elif opens_list and segment.highlights:
                new = self.new_segment(name, sid, "a segment for the person the post introduces "
                                       "here; give it a title")  # fmt: skip
                new.check("speaker named in the post's text", "speaker")
                started = True
        return started

    def linked_presenters(self, inline: Inline) -> None:
        """People a paragraph about the keynote links to: on the roster, to be checked."""
        for name in keynote_presenters(inline.plain, inline.links):
            sid = self.draft.speaker(name, None, None, "a link in a paragraph about the keynote")
            if self.segment is not None and self.segment.speaker is None:
                self.segment.speaker = sid
                self.segment.check("the first presenter the post links to", "speaker")

    def role_from_text(self, sid: str, blocks: list[Block]) -> None:
        person = next(p for p in self.draft.speakers if p.id == sid)
        if person.role and person.company:
            return
        for block in blocks[:2]:
            if isinstance(block, Paragraph):
                role, company = role_in_text(person.name, block.inline.plain)
                if role or company:
                    person.role = person.role or role
                    person.company = person.company or company
                    person.check("role or company taken from the post's text", "role")
                    return


def _attribution(block: Quote) -> tuple[str, str] | None:
    """The quoted text and who said it, when the blockquote ends with "— Name"."""
    texts = [block_text(b) for b in block.blocks if block_text(b)]
    if not texts:
        return None
    last = block.blocks[-1]
    if isinstance(last, ListBlock) and len(last.items) == 1 and len(texts) > 1:
        who = last.items[0].head.plain
        if person_name(who.split(",")[0]):
            return unquote(" ".join(texts[:-1])), who
    return split_attribution(" ".join(texts))
