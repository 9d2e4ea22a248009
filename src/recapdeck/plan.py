"""plan_deck(): turn an Outline and a Theme into a DeckPlan. Pure: no files, no python-pptx.

Geometry is worked out in points on a 960 × 540 pt slide; see :mod:`recapdeck.deckplan`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .deckplan import (
    AnnouncementPlan,
    Box,
    DeckMeta,
    DeckPlan,
    DocProps,
    PicturePlan,
    ShapePlan,
    SlidePlan,
    TextFrame,
)
from .errors import BuildWarning, Location
from .fit import INSET_X, INSET_Y, Crop, Measurer, TextFitter, contain, cover, line_height
from .markup import Para, Run, inline_parser, parse_inline
from .notes import date_text, derived_notes, join_words, sentence, split_notes, strip_markdown
from .outline import Highlight, Outline, Point, Quote, Screenshot, Segment, Speaker
from .theme import Theme

PX_PER_PT = 2.0
"""144 px per inch: a slide shown 1920 px wide. Pictures are embedded at up to 2× that."""
_GAP = 20.0
Block = tuple[Para, ...]
"""A top-level bullet with its sub-bullets: the unit that is never split across slides."""


def plan_deck(outline: Outline, theme: Theme, measurer: Measurer) -> DeckPlan:
    """Plan every slide of the deck for ``outline`` in ``theme``, measuring with ``measurer``."""
    if theme.template is not None:
        from .plan_template import TemplatePlanner

        return TemplatePlanner(outline, theme, measurer).run()
    return _Planner(outline, theme, measurer).run()


@dataclass(frozen=True)
class Area:
    """A region of the slide in points, and the placeholder (idx) that fills it, if any."""

    x: float
    y: float
    w: float
    h: float
    placeholder: int | None = None
    picture: Area | None = None
    """Where a picture beside the text goes, when the layout has a place for one."""


@dataclass
class _Draft:
    """A slide being planned; frozen into a SlidePlan once the deck is complete."""

    kind: str
    title: str
    title_frame: TextFrame | None
    location: Location | None
    frames: list[TextFrame] = field(default_factory=list)
    pictures: list[PicturePlan] = field(default_factory=list)
    shapes: list[ShapePlan] = field(default_factory=list)
    notes: str = ""
    background: str = "background"
    footer: bool = True
    new: bool = False
    segment: int | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    layout: str = ""

    def freeze(self, number: int) -> SlidePlan:
        layout = self.layout or ("Title Only" if self.title_frame else "Blank")
        return SlidePlan(
            number,
            self.kind,
            self.title,
            self.title_frame,
            layout,
            tuple(self.frames),
            tuple(self.pictures),
            tuple(self.shapes),
            self.notes,
            self.background,
            self.footer,
            self.new,
            self.segment,
            tuple(dict.fromkeys(self.links)),
            self.location,
        )


class _Planner:
    def __init__(self, outline: Outline, theme: Theme, measurer: Measurer) -> None:
        self.o = outline
        self.t = theme
        self.fit = TextFitter(measurer)
        self.md = inline_parser()
        self.drafts: list[_Draft] = []
        self.warnings: list[BuildWarning] = []
        mg = theme.margins
        self.W, self.H = theme.slide_size
        self.left, self.right = mg.left * 72, self.W - mg.right * 72
        self.top, self.bottom = mg.top * 72, self.H - mg.bottom * 72
        footer = theme.slides.footer or theme.slides.slide_numbers
        self.body_bottom = self.bottom - (14 if footer else 0)

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

    # -- building blocks --------------------------------------------------------------------

    def runs(self, text: str) -> tuple[Run, ...]:
        return parse_inline(text, self.md) if text else ()

    def warn(self, location: Location | None, message: str) -> None:
        self.warnings.append(BuildWarning(location, message))

    def title_size(
        self,
        text: str,
        width: float,
        location: Location | None,
        normal: float,
        *,
        display: bool = False,
    ) -> tuple[float, int]:
        """Fit a title: slide titles take one line, then shrink, then two lines; display
        titles (cover, section) take two lines, then shrink, then three."""
        s = self.t.sizes
        natural, most = (2, 3) if display else (1, 2)
        size, lines = self.fit.fit_title(
            text, width, normal, s.title_min, natural_lines=natural, max_lines=most
        )
        short = text if len(text) <= 40 else text[:37] + "…"
        if lines > most:
            self.warn(
                location,
                f"title '{short}' needs {lines} lines even at {size:g} pt; shorten it",
            )
        elif size < s.title_min:
            self.warn(
                location,
                f"title '{short}' is too long: set at {size:g} pt, below the theme's minimum "
                f"of {s.title_min:g} pt, to stay within {most} lines; shorten it",
            )
        elif size < normal:
            self.warn(
                location,
                f"title '{short}' shrunk from {normal:g} to {size:g} pt to fit; "
                "a shorter title reads better",
            )
        return size, lines

    def slide(
        self,
        kind: str,
        title: str,
        location: Location | None,
        *,
        new: bool = False,
        segment: int | None = None,
        notes: str = "",
        layout: str = "content",
    ) -> tuple[_Draft, Area]:
        """A content slide with its title, accent rule and NEW badge; returns the area left
        for its content (``layout`` names the slide kind's layout when a template is used)."""
        reserve = 76.0 if new else 0.0
        width = self.right - self.left - reserve
        size, lines = self.title_size(title, width, location, self.t.sizes.title)
        height = lines * line_height(size) + 2 * INSET_Y
        frame = TextFrame(
            Box.pt(self.left, self.top, width, height),
            (Para(self.runs(title)),),
            size,
            role="title",
            font="heading",
            bold=True,
            placeholder=0,
        )
        draft = _Draft(kind, title, frame, location, new=new, segment=segment, notes=notes)
        bottom = self.top + height
        draft.shapes.append(ShapePlan(Box.pt(self.left + INSET_X, bottom + 4, 56, 4), "accent"))
        if new:
            draft.shapes.append(
                ShapePlan(
                    Box.pt(self.right - 64, self.top + 8, 64, 26),
                    "new",
                    "NEW",
                    "on_new",
                    13,
                    rounded=True,
                )
            )
        self.drafts.append(draft)
        top = bottom + 22
        return draft, Area(self.left, top, self.right - self.left, self.body_bottom - top)

    def display_title(
        self, text: str, x: float, y: float, w: float, h: float, size: float, color: str
    ) -> TextFrame:
        """A big title on a cover, section or closing slide, sitting on its accent rule."""
        return TextFrame(
            Box.pt(x, y, w, h),
            (Para(self.runs(text)),),
            size,
            role="title",
            color=color,
            font="heading",
            bold=True,
            anchor="bottom",
            placeholder=0,
        )

    def text(
        self,
        draft: _Draft,
        x: float,
        y: float,
        w: float,
        h: float,
        paras: Sequence[Para],
        size: float,
        role: str,
        **style: object,
    ) -> None:
        frame = TextFrame(Box.pt(x, y, w, h), tuple(paras), size, role=role, **style)  # type: ignore[arg-type]
        draft.frames.append(frame)

    def picture(self, shot: Screenshot, x: float, y: float, w: float, h: float) -> PicturePlan:
        """Fit a screenshot into a cell: letterboxed (contain) or natively cropped (cover)."""
        image = shot.image
        aspect = image.aspect if image else 16 / 9
        if shot.fit == "cover" and image is not None:
            crop = cover(aspect, round(w * 100), round(h * 100), shot.focus)
            box = Box.pt(x, y, w, h)
            full_w = w / max(1e-6, 1 - crop.left - crop.right)
            full_h = h / max(1e-6, 1 - crop.top - crop.bottom)
        else:
            crop = Crop()
            bx, by, bw, bh = (
                v / 100 for v in contain(aspect, *(round(v * 100) for v in (x, y, w, h)))
            )
            box = Box.pt(bx, by, bw, bh)
            full_w, full_h = bw, bh
        pixels = (round(full_w * PX_PER_PT * 2), round(full_h * PX_PER_PT * 2))
        if image is not None and full_w * PX_PER_PT > image.width * 1.5:
            self.warn(
                shot.where,
                f"'{shot.file}' ({image.width}×{image.height} px) is shown "
                f"{full_w * PX_PER_PT / image.width:.1f}× enlarged and will look blurry; "
                "use a larger screenshot",
            )
        return PicturePlan(
            box, image, shot.alt, shot.file, crop, pixels=pixels, caption=shot.caption or ""
        )

    def photo(self, person: Speaker, x: float, y: float, side: float) -> PicturePlan:
        """A speaker's photo cropped to a circle."""
        shot = Screenshot(file=person.photo or "", alt=f"Photo of {person.name}", fit="cover")
        shot._image = person.image
        return replace(self.picture(shot, x, y, side, side), oval=True)

    def caption_height(self, caption: str | None, width: float) -> float:
        if not caption:
            return 0.0
        size = self.t.sizes.caption
        lines = min(2, self.fit.lines(caption, width, size))
        return lines * line_height(size) + 2 * INSET_Y + 4

    def place_picture(
        self, draft: _Draft, shot: Screenshot, x: float, y: float, w: float, h: float
    ) -> None:
        """A picture in a cell with its caption right under it."""
        pic = self.picture(shot, x, y, w, h - self.caption_height(shot.caption, w))
        draft.pictures.append(pic)
        if shot.caption:
            bottom = (pic.box.y + pic.box.h) / 12_700
            height = self.caption_height(shot.caption, w) - 4
            self.text(
                draft,
                x,
                bottom + 4,
                w,
                height,
                [Para(self.runs(shot.caption))],
                self.t.sizes.caption,
                "caption",
                color="muted",
                align="center",
            )

    def fit_blocks(
        self,
        blocks: list[Block],
        width: float,
        height: float,
        location: Location | None,
        title: str,
    ) -> tuple[float, list[list[Block]]]:
        """Fit bullets in a box, reporting every shrink and split as a warning."""
        s = self.t.sizes
        fitting = self.fit.fit_blocks(blocks, width, height, s.body, s.body_min)
        chunks = [list(c) for c in fitting.chunks]
        title = title if len(title) <= 40 else title[:37] + "…"
        if fitting.overflow:
            self.warn(
                location,
                f"'{title}': a single bullet is too long for a slide even at "
                f"{s.body_min:g} pt; shorten it",
            )
        elif len(chunks) > 1:
            self.warn(
                location,
                f"'{title}': too much text for one slide; split onto "
                f"{len(chunks)} slides at {fitting.size:g} pt",
            )
        elif fitting.shrunk:
            self.warn(
                location,
                f"'{title}': text shrunk from {s.body:g} to {fitting.size:g} pt to fit the slide",
            )
        return fitting.size, chunks

    def bullets(
        self, draft: _Draft, blocks: Sequence[Block], size: float, area: Area, width: float
    ) -> None:
        paras = [p for block in blocks for p in block]
        self.text(
            draft,
            area.x,
            area.y,
            width,
            area.h,
            paras,
            size,
            "body",
            space_before=size * 0.5,
            placeholder=area.placeholder,
        )
        draft.links += [(r.text, r.link) for p in paras for r in p.runs if r.link]

    def point_blocks(self, points: Sequence[Point]) -> list[Block]:
        return [
            (
                Para(self.runs(p.text), 0, "bullet"),
                *(Para(self.runs(sub), 1, "bullet") for sub in p.points),
            )
            for p in points
        ]

    def list_slides(
        self,
        kind: str,
        title: str,
        blocks: list[Block],
        location: Location | None,
        notes: str,
        *,
        new: bool = False,
    ) -> None:
        """A title and a list, continued on further slides when it does not fit."""
        area = self.content_area(title, new)
        size, chunks = self.fit_blocks(blocks, area.w, area.h, location, title)
        for n, (chunk, part_notes) in enumerate(
            zip(chunks, split_notes(notes, [len(c) for c in chunks]), strict=True)
        ):
            part = f"{title} ({n + 1}/{len(chunks)})" if len(chunks) > 1 else title
            draft, part_area = self.slide(kind, part, location, new=new, notes=part_notes)
            self.bullets(draft, chunk, size, part_area, part_area.w)

    def content_area(self, title: str, new: bool, layout: str = "content") -> Area:
        """The area :meth:`slide` leaves for content under ``title``, without making a slide."""
        width = self.right - self.left - (76.0 if new else 0.0)
        size, lines = self.fit.fit_title(title, width, self.t.sizes.title, self.t.sizes.title_min)
        top = self.top + lines * line_height(size) + 2 * INSET_Y + 22
        return Area(self.left, top, self.right - self.left, self.body_bottom - top)

    def layout_of(self, kind: str) -> str:
        """The layout name for a slide kind (the default template's, without a template)."""
        return "Blank" if kind == "quote" else "Title Only"

    def quote_area(self) -> Area:
        """Where a quote slide's text may go."""
        return Area(self.left, self.top, self.right - self.left, self.body_bottom - self.top)

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
        draft = _Draft("title", o.title, frame, o.where, background="accent", footer=False)
        self.drafts.append(draft)
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
        blocks = [(Para(self.runs(item.text), 0, "bullet"),) for item in self.o.summary]
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
        draft = _Draft(
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

    def highlight_slides(self, index: int, h: Highlight) -> None:
        """Bullets (beside one screenshot), then grids of up to four screenshots."""
        shots = list(h.screenshots)
        blocks = self.point_blocks(h.points)
        notes = sentence(h.notes) if h.notes else derived_notes(h)
        side = shots[0] if blocks and len(shots) == 1 else None
        grids = [] if side else _grid_groups(shots)
        area = self.content_area(h.title, h.new, "content_picture" if side else "content")
        pic_w, text_w, size, chunks = 0.0, area.w, self.t.sizes.body, []
        if blocks:
            if side is not None and area.picture is None:
                aspect = side.image.aspect if side.image else 16 / 9
                pic_h = area.h - self.caption_height(side.caption, area.w * 0.56)
                # landscape pictures take about 56% of the width; portrait ones what they need
                pic_w = area.w * 0.56
                if side.fit != "cover":
                    pic_w = min(pic_w, pic_h * aspect)
                text_w = area.w - pic_w - 24
            size, chunks = self.fit_blocks(blocks, text_w, area.h, h.where, h.title)
        total = len(chunks) + len(grids)
        parts = split_notes(notes, [len(c) for c in chunks] + [len(g) for g in grids])
        for n, chunk in enumerate(chunks):
            title = f"{h.title} ({n + 1}/{total})" if total > 1 else h.title
            draft, part = self.slide(
                "highlight",
                title,
                h.where,
                new=h.new,
                segment=index,
                notes=parts[n],
                layout="content_picture" if side else "content",
            )
            self.bullets(draft, chunk, size, part, text_w)
            if side is not None and n == 0:
                box = part.picture or Area(part.x + part.w - pic_w, part.y, pic_w, part.h)
                self.place_picture(draft, side, box.x, box.y, box.w, box.h)
        for n, group in enumerate(grids, start=len(chunks)):
            title = f"{h.title} ({n + 1}/{total})" if total > 1 else h.title
            extra = ""
            if blocks and len(group) > 1:
                extra = " " + " ".join(
                    f"{'First' if i == 0 else 'Next'}: {sentence(s.alt)}"
                    for i, s in enumerate(group)
                )
            self.picture_slide(index, h, title, group, parts[n] + extra)

    def picture_slide(
        self, index: int, h: Highlight, title: str, shots: Sequence[Screenshot], notes: str
    ) -> None:
        """One screenshot as large as the slide allows, or a grid of two to four."""
        draft, area = self.slide(
            "highlight", title, h.where, new=h.new, segment=index, notes=notes, layout="picture"
        )
        cols, rows = {1: (1, 1), 2: (2, 1), 3: (3, 1), 4: (2, 2)}[len(shots)]
        cell_w = (area.w - _GAP * (cols - 1)) / cols
        cell_h = (area.h - _GAP * (rows - 1)) / rows
        for i, shot in enumerate(shots):
            cx = area.x + (i % cols) * (cell_w + _GAP)
            cy = area.y + (i // cols) * (cell_h + _GAP)
            self.place_picture(draft, shot, cx, cy, cell_w, cell_h)

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
        draft = _Draft(
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
        draft = _Draft("closing", title, frame, o.where, background="accent", footer=False)
        self.drafts.append(draft)
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


def _grid_groups(shots: Sequence[Screenshot]) -> list[list[Screenshot]]:
    """Screenshots in balanced groups of at most four: 5 → 3 + 2, 6 → 3 + 3, 9 → 3 + 3 + 3."""
    if not shots:
        return []
    count = -(-len(shots) // 4)
    size, extra = divmod(len(shots), count)
    groups, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        groups.append(list(shots[start:end]))
        start = end
    return groups
