"""DeckPlanner: the deck's slides in order, with what the presenter says on each.

The planner is built up in layers: :mod:`recapdeck.plan.text` (slides, titles, text and lists),
:mod:`recapdeck.plan.pictures` (pictures and the highlight slides), and here the deck itself:
which slides, in which order, with what the presenter says. :mod:`recapdeck.plan.template`
places the same slides in a company template's layouts.
Geometry is worked out in points on a 960 × 540 pt slide; see :mod:`recapdeck.plan.model`.
"""

from __future__ import annotations

from ..load.model import Quote, Segment
from ..markup import Para, Run
from .bookends import BookendPlanner
from .cards import host
from .fit import INSET_X, INSET_Y, line_height
from .model import (
    DeckMeta,
    DeckPlan,
    DocProps,
    SlideKind,
    TextRole,
)
from .notes import sentence, strip_markdown
from .text import Area, Block, Draft

CORE_PROPERTY_MAX = 255
"""The longest document property (title, keywords...) a .pptx may carry."""


def _core(text: str) -> str:
    """``text`` cut to a document property's length, at a word, with an ellipsis."""
    if len(text) <= CORE_PROPERTY_MAX:
        return text
    return text[: CORE_PROPERTY_MAX - 1].rsplit(" ", 1)[0] + "…"


class DeckPlanner(BookendPlanner):
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
        """The document properties: each at most :data:`CORE_PROPERTY_MAX` characters."""
        o = self.o
        author = o.recap_by.name if o.recap_by else ""
        keywords: list[str] = []
        for word in dict.fromkeys([o.event.name, *(p.name for p in o.speakers), "keynote recap"]):
            if len("; ".join([*keywords, word])) <= CORE_PROPERTY_MAX:
                keywords.append(word)  # whole names only: 17 speakers do not fit
        return DocProps(
            _core(o.title),
            _core(author),
            _core(o.event.name),
            "; ".join(keywords),
            _core(o.subtitle or ""),
            date=o.event.date,
            language=o.language,
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
            announcements=tuple(self.announcement_plan(a) for a in o.announcements),
            references=tuple((r.title, r.url) for r in o.references),
            credits=self.runs(o.credits) if o.credits else (),
        )

    # -- slide kinds ------------------------------------------------------------------------

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
        self.list_slides(
            SlideKind.AGENDA, "Agenda", blocks, self.loaded.key_location("segments"), notes
        )

    def takeaways_slide(self) -> None:
        blocks: list[Block] = [
            (Para(self.runs(item.text), 0, "bullet"),) for item in self.o.summary
        ]
        notes = "If you remember only a few things from this keynote: " + " ".join(
            sentence(strip_markdown(item.notes or item.text)) for item in self.o.summary
        )
        self.list_slides(
            SlideKind.TAKEAWAYS, "Key takeaways", blocks, self.loaded.key_location("summary"), notes
        )

    def layout_of(self, kind: str) -> str:
        """The layout name for a slide kind (the default template's, without a template)."""
        return "Blank" if kind == SlideKind.QUOTE else "Title Only"

    def quote_area(self) -> Area:
        """Where a quote slide's text may go."""
        return Area(self.left, self.top, self.right - self.left, self.body_bottom - self.top)

    def quote_slide(self, index: int, segment: Segment, quote: Quote) -> None:
        s = self.t.sizes
        person = self.o.speaker(quote.speaker or segment.speaker)
        area = self.quote_area()
        # the opening mark is drawn at 120 pt in the heading font: as wide as that font has it
        mark_w = max(70.0, self.fit.m.width("“", "heading", 120, bold=True) + 2 * INSET_X + 4)
        x = area.x + mark_w
        width = area.x + area.w - x - 20
        attr_h = line_height(20) * 2 + 2 * INSET_Y
        room = area.h - 60 - attr_h
        text, size, cut = self.fit_quote(quote.text, width, room)
        if size < s.quote and not cut:
            self.warn(
                self.at(quote),
                f"quote shrunk from {s.quote:g} to {size:g} pt to fit the slide",
            )
        if cut:
            self.warn(
                self.at(quote),
                f"quote too long for one slide even at {s.quote_min:g} pt; "
                "the rest moved to the speaker notes",
            )
        text_h = self.fit.lines(text, width, size) * line_height(size) + 2 * INSET_Y
        y = max(area.y + 60, area.y + (area.h - text_h - attr_h) / 2)
        title = f"Quote: {person.name}" if person else "Quote"
        # every slide needs a title of its own (screen readers list slides by title)
        same = sum(
            d.title.split(" (")[0] == title for d in self.drafts if d.kind is SlideKind.QUOTE
        )
        title = f"{title} ({same + 1})" if same else title
        draft = Draft(
            SlideKind.QUOTE,
            title,
            None,
            self.at(quote),
            segment=index,
            layout=self.layout_of(SlideKind.QUOTE),
        )
        self.drafts.append(draft)
        self.text(draft, x, y, width, text_h, [Para(self.runs(text))], size, TextRole.QUOTE)
        self.text(
            draft,
            area.x,
            y - 36,
            mark_w,
            110,
            [Para((Run("“"),))],
            120,
            TextRole.MARK,
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
                TextRole.ATTRIBUTION,
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

    def reference_slides(self) -> None:
        blocks: list[Block] = []
        for ref in self.o.references:
            # the title as plain text and the short host as the link, as on the closing slide:
            # LibreOffice wraps a long link between any two letters
            runs = (Run(f"{ref.title} — "), Run(host(ref.url), link=ref.url))
            blocks.append((Para(runs, 0, "bullet"),))
        notes = (
            "For further reading and watching: "
            + "; ".join(r.title for r in self.o.references)
            + ". The links are live in the deck and in the handout."
        )
        self.list_slides(
            SlideKind.REFERENCES,
            "References",
            blocks,
            self.loaded.key_location("references"),
            notes,
        )
