"""plan_deck(): turn an Outline and a Theme into a DeckPlan. Pure: no files, no python-pptx.

The planner is built up in layers: :mod:`recapdeck.plan.text` (slides, titles, text and lists),
:mod:`recapdeck.plan.pictures` (pictures and the highlight slides), and here the deck itself:
which slides, in which order, with what the presenter says. :mod:`recapdeck.plan.template`
places the same slides in a company template's layouts.
Geometry is worked out in points on a 960 × 540 pt slide; see :mod:`recapdeck.plan.model`.
"""

from __future__ import annotations

import re

from ..errors import Problem, RecapdeckError
from ..load.outline import Outline, Quote, Segment
from ..load.theme import Theme
from ..markup import Para, Run
from .fit import INSET_X, INSET_Y, Measurer, line_height
from .model import AnnouncementPlan, Box, DeckMeta, DeckPlan, DocProps, ShapePlan
from .notes import date_text, join_words, sentence, strip_markdown
from .pictures import PicturePlanner
from .text import Area, Block, Draft

MAX_SLIDES = 2_000
"""The most slides a deck may have (docs/outline.md#limits). A keynote recap has tens; a deck
of 2,000 builds in under a minute, and PowerPoint and LibreOffice slow to a crawl past that."""


def plan_deck(outline: Outline, theme: Theme, measurer: Measurer) -> DeckPlan:
    """Plan every slide of the deck for ``outline`` in ``theme``, measuring with ``measurer``.

    Raises when the deck would have more than :data:`MAX_SLIDES` slides, before planning any
    when the outline alone says so (each segment, highlight and quote is a slide at least).
    """
    _check_slide_count(outline, _least_slides(outline))
    if theme.template is not None:
        from .template import TemplatePlanner

        plan = TemplatePlanner(outline, theme, measurer).run()
    else:
        plan = _Planner(outline, theme, measurer).run()
    _check_slide_count(outline, len(plan.slides))
    return plan


def _least_slides(outline: Outline) -> int:
    return sum(1 + len(s.highlights) + len(s.quotes) for s in outline.segments)


def _check_slide_count(outline: Outline, count: int) -> None:
    if count <= MAX_SLIDES:
        return
    where = outline.key_location("segments")
    raise RecapdeckError(
        Problem(
            where,
            f"the outline makes {'at least ' if count == _least_slides(outline) else ''}"
            f"{count:,} slides; a deck may have at most {MAX_SLIDES:,} (docs/outline.md, "
            "'Limits'). Split the talk into several outlines, e.g. one per segment",
            "segments",
        )
    )


class _Planner(PicturePlanner):
    """The planner for the built-in look: every slide of the deck, in order, with its notes."""

    # -- the deck ---------------------------------------------------------------------------

    def run(self) -> DeckPlan:
        o, kinds = self.o, self.t.slides
        self.title_slide()
        if kinds.agenda and len(o.segments) > 1:
            self.agenda_slide()
        if kinds.takeaways and o.summary:
            self.takeaways_slide()
        for index, segment in enumerate(o.segments):
            self.section_slide(index, segment)
            for highlight in segment.highlights:
                self.highlight_slides(index, highlight)
            for quote in segment.quotes:
                self.quote_slide(index, segment, quote)
        if kinds.announcements and o.announcements:
            self.announcement_slides()
        if kinds.references and o.references:
            self.reference_slides()
        if kinds.closing:
            self.closing_slide()
        slides = tuple(d.freeze(i + 1) for i, d in enumerate(self.drafts))
        return DeckPlan(slides, self.props(), self.meta(), o.event.name, tuple(self.warnings))

    def props(self) -> DocProps:
        o = self.o
        author = o.recap_by.name if o.recap_by else ""
        names = [p.name for p in o.speakers]
        keywords = "; ".join(dict.fromkeys([o.event.name, *names, "keynote recap"]))
        return DocProps(
            o.title, author, o.event.name, keywords, o.subtitle or "", date=o.event.date
        )

    def meta(self) -> DeckMeta:
        o = self.o
        recap = ""
        if o.recap_by:
            recap = o.recap_by.name + (f", {o.recap_by.team}" if o.recap_by.team else "")
        return DeckMeta(
            title=o.title,
            subtitle=o.subtitle or "",
            event=o.event.name,
            date=o.event.date,
            location=o.event.location or "",
            event_url=o.event.url,
            recap_by=recap,
            duration=o.duration,
            segments=tuple(s.title for s in o.segments),
            announcements=tuple(
                AnnouncementPlan(a.name, a.status or "", self.runs(a.summary or ""), a.url)
                for a in o.announcements
            ),
            references=tuple((r.title, r.url) for r in o.references),
            credits=self.runs(o.credits) if o.credits else (),
        )

    # -- slide kinds ------------------------------------------------------------------------

    def title_slide(self) -> None:
        o, s = self.o, self.t.sizes
        x, width = self.left + 20, self.right - self.left - 40
        size, lines = self.title_size(o.title, width, o.where, s.cover_title, display=True)
        title_h = lines * line_height(size) + 2 * INSET_Y
        sub_lines = min(2, self.fit.lines(o.subtitle, width, s.body)) if o.subtitle else 0
        sub_h = sub_lines * line_height(s.body) + 2 * INSET_Y if o.subtitle else 0
        y = max(self.top + 30, (self.H - title_h - sub_h - 22) / 2 - 30)
        frame = self.display_title(o.title, x, y, width, title_h, size, "on_accent")
        draft = Draft("title", o.title, frame, o.where, background="accent", footer=False)
        self.drafts.append(draft)
        self.logo(draft)
        y += title_h + 6
        draft.shapes.append(ShapePlan(Box.pt(x + INSET_X, y, 72, 5), "on_accent"))
        if o.subtitle:
            self.text(
                draft,
                x,
                y + 16,
                width,
                sub_h,
                [Para(self.runs(o.subtitle))],
                s.body,
                "subtitle",
                color="on_accent",
            )
        event = " · ".join(
            v for v in (o.event.name, date_text(o.event.date), o.event.location) if v
        )
        meta = [Para((Run(event),))]
        if o.recap_by:
            team = f", {o.recap_by.team}" if o.recap_by.team else ""
            meta.append(Para((Run(f"Recap by {o.recap_by.name}{team}"),)))
        self.text(
            draft,
            x,
            self.H - self.top - 78,
            width,
            64,
            meta,
            18,
            "meta",
            color="on_accent",
            anchor="bottom",
        )
        draft.notes = self.title_notes()

    def title_notes(self) -> str:
        """What the presenter says on the cover slide."""
        o = self.o
        presenters = join_words([p.name for p in o.speakers]) or "the presenters"
        when = f" on {date_text(o.event.date)}" if o.event.date else ""
        theme = f"The theme: {sentence(o.subtitle)} " if o.subtitle else ""
        minutes = f" in the next {o.duration} minutes" if o.duration else ""
        return (
            f"Welcome, everyone. This is a recap of the {o.event.name} keynote{when}, presented "
            f"by {presenters}. {theme}I'll walk you through "
            f"{join_words([seg.title for seg in o.segments])}{minutes}, and then we'll look at "
            "what was announced and take your questions."
        )

    def section_notes(self, index: int, segment: Segment) -> str:
        """What the presenter says on a section slide: the segment's notes or an introduction."""
        if segment.notes:
            return sentence(segment.notes)
        person = self.o.speaker(segment.speaker)
        intro = ""
        if person:
            intro = f"{person.name}{', ' + person.role if person.role else ''} takes the stage. "
        titles = join_words([strip_markdown(h.title) for h in segment.highlights])
        covers = f"This part covers {titles}." if titles else ""
        return f"Part {index + 1}: {segment.title}. {intro}{covers}".strip()

    def closing_notes(self) -> str:
        """What the presenter says on the closing slide."""
        o = self.o
        return " ".join(
            v
            for v in (
                "That's the recap. Thank you for listening — what questions do you have?",
                "The full keynote is linked in the references." if o.references else "",
                f"Credits: {o.credits}" if o.credits else "",
            )
            if v
        )

    def agenda_slide(self) -> None:
        blocks: list[Block] = []
        for seg in self.o.segments:
            person = self.o.speaker(seg.speaker)
            runs = self.runs(seg.title) + ((Run(f" — {person.name}"),) if person else ())
            blocks.append((Para(runs, 0, "number"),))
        notes = (
            "Here is how the keynote was structured: "
            + "; ".join(f"part {i + 1}, {s.title}" for i, s in enumerate(self.o.segments))
            + "."
        )
        self.list_slides("agenda", "Agenda", blocks, self.o.key_location("segments"), notes)

    def takeaways_slide(self) -> None:
        blocks: list[Block] = [
            (Para(self.runs(item.text), 0, "bullet"),) for item in self.o.summary
        ]
        notes = "If you remember only a few things from this keynote: " + " ".join(
            sentence(strip_markdown(item.notes or item.text)) for item in self.o.summary
        )
        self.list_slides(
            "takeaways", "Key takeaways", blocks, self.o.key_location("summary"), notes
        )

    def section_slide(self, index: int, segment: Segment) -> None:
        s = self.t.sizes
        person = self.o.speaker(segment.speaker)
        photo = person if person is not None and person.photo else None
        x = self.left + 20
        width = (self.right - self.left) - (260 if photo else 40)
        size, lines = self.title_size(
            segment.title, width, segment.where, s.section_title, display=True
        )
        title_h = lines * line_height(size) + 2 * INSET_Y
        y = (self.H - title_h) / 2 - 20
        frame = self.display_title(segment.title, x, y, width, title_h, size, "text")
        draft = Draft(
            "section",
            segment.title,
            frame,
            segment.where,
            background="surface",
            footer=False,
            segment=index,
        )
        self.drafts.append(draft)
        self.text(
            draft,
            x,
            y - 40,
            width,
            34,
            [Para((Run(f"PART {index + 1}"),))],
            18,
            "label",
            color="accent",
            bold=True,
            anchor="bottom",
        )
        draft.shapes.append(ShapePlan(Box.pt(x + INSET_X, y + title_h + 6, 72, 5), "accent"))
        if person:
            role = ", ".join(v for v in (person.role, person.company) if v)
            paras = [Para((Run(person.name, bold=True),))] + ([Para((Run(role),))] if role else [])
            self.text(draft, x, y + title_h + 20, width, 64, paras, 20, "speaker", color="muted")
        if photo:
            draft.pictures.append(self.photo(photo, self.right - 220, (self.H - 200) / 2, 200))
        draft.notes = self.section_notes(index, segment)

    def layout_of(self, kind: str) -> str:
        """The layout name for a slide kind (the default template's, without a template)."""
        return "Blank" if kind == "quote" else "Title Only"

    def quote_area(self) -> Area:
        """Where a quote slide's text may go."""
        return Area(self.left, self.top, self.right - self.left, self.body_bottom - self.top)

    def quote_slide(self, index: int, segment: Segment, quote: Quote) -> None:
        s = self.t.sizes
        person = self.o.speaker(quote.speaker or segment.speaker)
        area = self.quote_area()
        x = area.x + 70
        width = area.x + area.w - x - 20
        attr_h = line_height(20) * 2 + 2 * INSET_Y
        room = area.h - 60 - attr_h
        text, size, cut = self.fit_quote(quote.text, width, room)
        if size < s.quote and not cut:
            self.warn(
                quote.where,
                f"quote shrunk from {s.quote:g} to {size:g} pt to fit the slide",
            )
        if cut:
            self.warn(
                quote.where,
                f"quote too long for one slide even at {s.quote_min:g} pt; "
                "the rest moved to the speaker notes",
            )
        text_h = self.fit.lines(text, width, size) * line_height(size) + 2 * INSET_Y
        y = max(area.y + 60, area.y + (area.h - text_h - attr_h) / 2)
        title = f"Quote: {person.name}" if person else "Quote"
        draft = Draft(
            "quote", title, None, quote.where, segment=index, layout=self.layout_of("quote")
        )
        self.drafts.append(draft)
        self.text(draft, x, y, width, text_h, [Para(self.runs(text))], size, "quote")
        self.text(
            draft,
            area.x,
            y - 36,
            70,
            110,
            [Para((Run("“"),))],
            120,
            "mark",
            color="accent",
            font="heading",
            bold=True,
        )
        if person is not None and person.photo:
            draft.pictures.append(self.photo(person, area.x + 4, y + text_h + 2, 56))
        if person:
            extra = ", ".join(v for v in (person.role, person.company) if v)
            line = f"— {person.name}" + (f", {extra}" if extra else "")
            self.text(
                draft,
                x,
                y + text_h + 8,
                width,
                attr_h,
                [Para((Run(line),))],
                20,
                "attribution",
                color="muted",
            )
        said = f"{person.name} said" if person else "As was said on stage"
        shown = " (the slide shows the start)" if cut else ""
        draft.notes = f"{said}{shown}: “{quote.text}”" + (
            f" {sentence(quote.notes)}" if quote.notes else ""
        )

    def fit_quote(self, text: str, width: float, room: float) -> tuple[str, float, bool]:
        """Shrink a quote to fit; cut it at a word with an ellipsis as a last resort."""
        s = self.t.sizes
        for size in self.fit.size_steps(s.quote, s.quote_min):
            if self.fit.lines(text, width, size) * line_height(size) + 2 * INSET_Y <= room:
                return text, size, False
        words = text.split()
        size = s.quote_min
        while words and (
            self.fit.lines(" ".join([*words, "…"]), width, size) * line_height(size) + 2 * INSET_Y
            > room
        ):
            words.pop()
        return " ".join([*words, "…"]), size, True

    def announcement_slides(self) -> None:
        blocks: list[Block] = []
        for a in self.o.announcements:
            head = (Run(a.name, bold=True, link=a.url),) + (
                (Run(f"  ({a.status})"),) if a.status else ()
            )
            summary = (Para(self.runs(a.summary), 1, ""),) if a.summary else ()
            blocks.append((Para(head, 0, "bullet"), *summary))
        notes = "What was announced: " + " ".join(
            f"{a.name}{' (' + a.status + ')' if a.status else ''}"
            f"{': ' + sentence(a.summary) if a.summary else '.'}"
            for a in self.o.announcements
        )
        self.list_slides(
            "announcements",
            "What's new",
            blocks,
            self.o.key_location("announcements"),
            notes,
            new=True,
        )

    def reference_slides(self) -> None:
        blocks: list[Block] = []
        for ref in self.o.references:
            host = re.sub(r"^(https?://|mailto:)(www\.)?", "", ref.url).split("/")[0]
            blocks.append((Para((Run(ref.title, link=ref.url), Run(f"  {host}")), 0, "bullet"),))
        notes = (
            "For further reading and watching: "
            + "; ".join(r.title for r in self.o.references)
            + ". The links are live in the deck and in the handout."
        )
        self.list_slides(
            "references", "References", blocks, self.o.key_location("references"), notes
        )

    def closing_slide(self) -> None:
        o, s = self.o, self.t.sizes
        x, width = self.left + 20, self.right - self.left - 40
        title = self.t.closing_title
        size = s.cover_title
        height = line_height(size) + 2 * INSET_Y
        frame = self.display_title(title, x, 150, width, height, size, "on_accent")
        draft = Draft("closing", title, frame, o.where, background="accent", footer=False)
        self.drafts.append(draft)
        self.logo(draft)
        draft.shapes.append(
            ShapePlan(Box.pt(x + INSET_X, 150 + line_height(size) + 14, 72, 5), "on_accent")
        )
        thanks = f"Thank you{' — ' + o.recap_by.name if o.recap_by else ''}"
        lines = [Para((Run(thanks),)), Para((Run(f"{o.title} · {o.event.name}"),))]
        self.text(draft, x, 240, width, 80, lines, 20, "meta", color="on_accent")
        if o.credits:
            self.text(
                draft,
                x,
                self.H - self.top - 60,
                width,
                56,
                [Para(self.runs(o.credits))],
                12,
                "credits",
                color="on_accent",
                anchor="bottom",
            )
        draft.notes = self.closing_notes()
