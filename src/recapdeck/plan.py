"""plan_deck(): turn an Outline and a Theme into a DeckPlan. Pure: no files, no python-pptx.

Geometry is worked out here in points (1/72 inch) on a 16:9 slide of 960 × 540 pt and stored
in EMU, so the renderers only place what the plan says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .errors import BuildWarning, Location
from .fit import (
    EMU_PER_PT,
    Crop,
    Measurer,
    Word,
    contain,
    cover,
    line_height,
    wrap_words,
)
from .images import ImageInfo
from .markup import Run, inline_parser, parse_inline, plain
from .outline import Highlight, Outline, Point, Quote, Screenshot, Segment, Speaker
from .theme import Theme

SLIDE_W, SLIDE_H = 960.0, 540.0
INSET_X, INSET_Y = 7.2, 3.6
PX_PER_PT = 2.0  # 144 px per inch: a 1920-px-wide projector; pictures keep 2× that
_BULLET_INDENT = 22.0
_SUB_SCALE = 0.85


# --- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in EMU."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def pt(cls, x: float, y: float, w: float, h: float) -> Box:
        """A box from points."""
        return cls(*(round(v * EMU_PER_PT) for v in (x, y, w, h)))


@dataclass(frozen=True)
class Para:
    """A paragraph: runs, list level (0 or 1) and bullet style ("", "bullet" or "number")."""

    runs: tuple[Run, ...]
    level: int = 0
    bullet: str = ""

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return plain(self.runs)


@dataclass(frozen=True)
class TextFrame:
    """A measured text box: where, what, at which size, in which colour role."""

    box: Box
    paras: tuple[Para, ...]
    size: float
    role: str = "body"
    color: str = "text"
    font: str = "body"
    bold: bool = False
    italic: bool = False
    align: str = "left"
    anchor: str = "top"
    space_before: float = 0.0
    """Points before each top-level paragraph but the first."""


@dataclass(frozen=True)
class PicturePlan:
    """A picture frame; ``image`` None means a labelled placeholder for a missing file."""

    box: Box
    image: ImageInfo | None
    alt: str
    label: str
    crop: Crop = Crop()
    oval: bool = False
    pixels: tuple[int, int] = (0, 0)
    """The largest size in pixels worth embedding for this use (about 2× as displayed)."""


@dataclass(frozen=True)
class ShapePlan:
    """A plain decorative or label shape (accent rule, NEW badge)."""

    box: Box
    fill: str
    text: str = ""
    text_color: str = "on_accent"
    size: float = 12.0
    rounded: bool = False


@dataclass(frozen=True)
class SlidePlan:
    """One slide: its kind, title, content, notes and where in the outline it comes from."""

    number: int
    kind: str
    title: str
    title_frame: TextFrame | None
    frames: tuple[TextFrame, ...] = ()
    pictures: tuple[PicturePlan, ...] = ()
    shapes: tuple[ShapePlan, ...] = ()
    notes: str = ""
    background: str = "background"
    footer: bool = True
    new: bool = False
    segment: int | None = None
    links: tuple[tuple[str, str], ...] = ()
    location: Location | None = None

    @property
    def points(self) -> tuple[Para, ...]:
        """The slide's body paragraphs (bullets, list entries), for the handout."""
        return tuple(p for f in self.frames if f.role in ("body", "quote") for p in f.paras)


@dataclass(frozen=True)
class DocProps:
    """Document properties written into the deck."""

    title: str
    author: str
    subject: str
    keywords: str
    comments: str
    category: str = "Keynote recap"
    date: dt.date | None = None


@dataclass(frozen=True)
class DeckPlan:
    """Everything the renderers need, in slide order."""

    slides: tuple[SlidePlan, ...]
    props: DocProps
    footer_text: str
    warnings: tuple[BuildWarning, ...] = ()


# --- planning ------------------------------------------------------------------------------


def plan_deck(outline: Outline, theme: Theme, measurer: Measurer) -> DeckPlan:
    """Plan every slide of the deck for ``outline`` in ``theme``, measuring with ``measurer``."""
    planner = _Planner(outline, theme, measurer)
    return planner.run()


@dataclass
class _Draft:
    kind: str
    title: str
    title_frame: TextFrame | None
    frames: list[TextFrame] = field(default_factory=list)
    pictures: list[PicturePlan] = field(default_factory=list)
    shapes: list[ShapePlan] = field(default_factory=list)
    notes: str = ""
    background: str = "background"
    footer: bool = True
    new: bool = False
    segment: int | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    location: Location | None = None


@dataclass(frozen=True)
class _Item:
    """A top-level bullet with its sub-bullets, the unit of splitting."""

    paras: tuple[Para, ...]


class _Planner:
    def __init__(self, outline: Outline, theme: Theme, measurer: Measurer) -> None:
        self.o = outline
        self.t = theme
        self.m = measurer
        self.md = inline_parser()
        self.drafts: list[_Draft] = []
        self.warnings: list[BuildWarning] = []
        mg = theme.margins
        self.left = mg.left * 72
        self.right = SLIDE_W - mg.right * 72
        self.top = mg.top * 72
        self.bottom = SLIDE_H - mg.bottom * 72
        self.footer_on = theme.slides.footer or theme.slides.slide_numbers
        self.body_bottom = self.bottom - (14 if self.footer_on else 0)

    # -- helpers ----------------------------------------------------------------------------

    def runs(self, text: str) -> tuple[Run, ...]:
        return parse_inline(text, self.md)

    def warn(self, location: Location | None, message: str) -> None:
        self.warnings.append(BuildWarning(location, message))

    def speaker_line(self, person: Speaker | None) -> str:
        if person is None:
            return ""
        extra = ", ".join(x for x in (person.role, person.company) if x)
        return f"{person.name}, {extra}" if extra else person.name

    def words(self, para: Para) -> list[Word]:
        out: list[Word] = []
        for run in para.runs:
            for piece in run.text.split():
                out.append(Word(piece, run.bold))
        return out

    def para_height(self, para: Para, width: float, size: float) -> float:
        indent = _BULLET_INDENT * (para.level + 1) if para.bullet else 0.0
        psize = size * _SUB_SCALE if para.level else size
        lines = wrap_words(self.words(para), width - 2 * INSET_X - indent, self.m, "body", psize)
        return lines * line_height(psize)

    def block_height(self, items: Sequence[_Item], width: float, size: float) -> float:
        total = 2 * INSET_Y
        first = True
        for item in items:
            for para in item.paras:
                if not first:
                    total += size * (0.5 if para.level == 0 else 0.2)
                first = False
                total += self.para_height(para, width, size)
        return total

    def sizes(self, normal: float, minimum: float) -> list[float]:
        steps = []
        size = normal
        while size > minimum:
            steps.append(size)
            size -= 2
        steps.append(minimum)
        return steps

    def fit_title(
        self,
        text: str,
        width: float,
        location: Location | None,
        *,
        size: float | None = None,
        minimum: float | None = None,
        max_lines: int = 2,
        natural_lines: int = 1,
        role: str = "heading",
    ) -> tuple[float, int]:
        size = size or self.t.sizes.title
        minimum = minimum or self.t.sizes.title_min
        words = [Word(w, True) for w in text.split()]
        inner = width - 2 * INSET_X
        for s in self.sizes(size, minimum):
            lines = wrap_words(words, inner, self.m, role, s)
            if lines <= natural_lines or (lines <= max_lines and s == minimum):
                if s < size:
                    self.warn(
                        location,
                        f"title '{_short(text)}' shrunk from {size:g} to {s:g} pt "
                        "to fit; a shorter title reads better",
                    )
                return s, lines
        lines = wrap_words(words, inner, self.m, role, minimum)
        if lines > max_lines:
            self.warn(
                location,
                f"title '{_short(text)}' needs {lines} lines even at {minimum:g} pt; shorten it",
            )
        return minimum, lines

    def title_frame(
        self,
        text: str,
        location: Location | None,
        *,
        width: float | None = None,
        color: str = "text",
    ) -> tuple[TextFrame, float]:
        """The slide title at the top; returns the frame and the y where content may start."""
        width = width or (self.right - self.left)
        size, lines = self.fit_title(text, width, location)
        height = lines * line_height(size) + 2 * INSET_Y
        frame = TextFrame(
            Box.pt(self.left, self.top, width, height),
            (Para(self.runs(text)),),
            size,
            role="title",
            color=color,
            font="heading",
            bold=True,
            anchor="top",
        )
        return frame, self.top + height

    def content_start(self, draft: _Draft, title_bottom: float) -> float:
        draft.shapes.append(
            ShapePlan(Box.pt(self.left + INSET_X, title_bottom + 4, 56, 4), "accent")
        )
        return title_bottom + 22

    def new_badge(self) -> tuple[ShapePlan, float]:
        w, h = 64.0, 26.0
        badge = ShapePlan(
            Box.pt(self.right - w, self.top + 8, w, h), "new", "NEW", "on_new", 13, rounded=True
        )
        return badge, w + 12

    def picture(self, shot: Screenshot, x: float, y: float, w: float, h: float) -> PicturePlan:
        image = shot.image
        aspect = image.aspect if image else 16 / 9
        if shot.fit == "cover" and image is not None:
            crop = cover(aspect, round(w * 100), round(h * 100), shot.focus)
            box = Box.pt(x, y, w, h)
            full_w = w / max(1e-6, 1 - crop.left - crop.right)
            full_h = h / max(1e-6, 1 - crop.top - crop.bottom)
        else:
            crop = Crop()
            bx, by, bw, bh = contain(
                aspect, round(x * 100), round(y * 100), round(w * 100), round(h * 100)
            )
            box = Box.pt(bx / 100, by / 100, bw / 100, bh / 100)
            full_w, full_h = bw / 100, bh / 100
        pixels = (round(full_w * PX_PER_PT * 2), round(full_h * PX_PER_PT * 2))
        if image is not None:
            shown = full_w * PX_PER_PT
            if shown > image.width * 1.5:
                self.warn(
                    shot.where,
                    f"'{shot.file}' ({image.width}×{image.height} px) is "
                    f"shown {shown / image.width:.1f}× enlarged and will look blurry; use a "
                    "larger screenshot",
                )
        return PicturePlan(box, image, shot.alt, shot.file, crop, pixels=pixels)

    def photo(self, person: Speaker, x: float, y: float, side: float) -> PicturePlan:
        """A speaker's photo cropped to a circle."""
        shot = Screenshot(file=person.photo or "", alt=f"Photo of {person.name}", fit="cover")
        shot._image = person.image
        pic = self.picture(shot, x, y, side, side)
        return replace(pic, oval=True)

    def caption_lines(self, text: str, width: float) -> int:
        words = [Word(w) for w in text.split()]
        return min(2, wrap_words(words, width - 2 * INSET_X, self.m, "body", self.t.sizes.caption))

    def caption(self, text: str, x: float, y: float, w: float) -> TextFrame:
        size = self.t.sizes.caption
        lines = self.caption_lines(text, w)
        h = lines * line_height(size) + 2 * INSET_Y
        return TextFrame(
            Box.pt(x, y, w, h),
            (Para(self.runs(text)),),
            size,
            role="caption",
            color="muted",
            align="center",
        )

    def fit_items(
        self, items: list[_Item], width: float, height: float, location: Location | None, what: str
    ) -> tuple[float, list[list[_Item]]]:
        """Pick a font size and split ``items`` into slides so every part fits."""
        s = self.t.sizes
        sizes = self.sizes(s.body, s.body_min)
        for size in sizes:
            if self.block_height(items, width, size) <= height:
                if size < s.body:
                    self.warn(
                        location,
                        f"{what}: text shrunk from {s.body:g} to {size:g} pt to fit the slide",
                    )
                return size, [items]
        for parts in range(2, len(items) + 1):
            groups = _balanced_groups(
                [self.block_height([it], width, s.body_min) for it in items], parts
            )
            chunks = [items[a:b] for a, b in groups]
            for size in sizes:
                if all(self.block_height(c, width, size) <= height for c in chunks):
                    self.warn(
                        location,
                        f"{what}: too much text for one slide; split onto "
                        f"{parts} slides at {size:g} pt",
                    )
                    return size, chunks
        self.warn(
            location,
            f"{what}: a single bullet is too long for a slide even at "
            f"{s.body_min:g} pt; shorten it",
        )
        return s.body_min, [[it] for it in items]

    def body_frame(
        self, items: Sequence[_Item], size: float, x: float, y: float, w: float, h: float
    ) -> TextFrame:
        paras = tuple(p for it in items for p in it.paras)
        return TextFrame(Box.pt(x, y, w, h), paras, size, role="body", space_before=size * 0.5)

    def point_items(self, points: Sequence[Point]) -> list[_Item]:
        return [
            _Item(
                (
                    Para(self.runs(p.text), 0, "bullet"),
                    *(Para(self.runs(sub), 1, "bullet") for sub in p.points),
                )
            )
            for p in points
        ]

    # -- slide kinds ------------------------------------------------------------------------

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
        slides = tuple(_freeze(i + 1, d) for i, d in enumerate(self.drafts))
        return DeckPlan(slides, self.props(), o.event.name, tuple(self.warnings))

    def props(self) -> DocProps:
        o = self.o
        author = o.recap_by.name if o.recap_by else ""
        names = [p.name for p in o.speakers]
        keywords = "; ".join(dict.fromkeys([o.event.name, *names, "keynote recap"]))
        return DocProps(
            o.title, author, o.event.name, keywords, o.subtitle or "", date=o.event.date
        )

    def title_slide(self) -> None:
        o, s = self.o, self.t.sizes
        width = self.right - self.left - 40
        x = self.left + 20
        size, lines = self.fit_title(
            o.title,
            width,
            o.where,
            size=s.cover_title,
            minimum=s.title_min,
            max_lines=3,
            natural_lines=2,
        )
        title_h = lines * line_height(size) + 2 * INSET_Y
        event = " · ".join(
            x for x in (o.event.name, _date_text(o.event.date), o.event.location) if x
        )
        recap = ""
        if o.recap_by:
            recap = f"Recap by {o.recap_by.name}" + (
                f", {o.recap_by.team}" if o.recap_by.team else ""
            )
        sub_size = s.body
        block = title_h + (line_height(sub_size) * 2 + 12 if o.subtitle else 0)
        y = max(self.top + 40, (SLIDE_H - block) / 2 - 30)
        draft = _Draft(
            "title",
            o.title,
            TextFrame(
                Box.pt(x, y, width, title_h),
                (Para(self.runs(o.title)),),
                size,
                role="title",
                color="on_accent",
                font="heading",
                bold=True,
                anchor="bottom",
            ),
            background="accent",
            footer=False,
            location=o.where,
        )
        y += title_h + 6
        draft.shapes.append(ShapePlan(Box.pt(x + INSET_X, y, 72, 5), "on_accent"))
        y += 16
        if o.subtitle:
            sub_lines = min(
                2,
                wrap_words(
                    [Word(w) for w in o.subtitle.split()],
                    width - 2 * INSET_X,
                    self.m,
                    "body",
                    sub_size,
                ),
            )
            h = sub_lines * line_height(sub_size) + 2 * INSET_Y
            draft.frames.append(
                TextFrame(
                    Box.pt(x, y, width, h),
                    (Para(self.runs(o.subtitle)),),
                    sub_size,
                    role="subtitle",
                    color="on_accent",
                )
            )
            y += h + 8
        meta = [Para((Run(event),))] + ([Para((Run(recap),))] if recap else [])
        draft.frames.append(
            TextFrame(
                Box.pt(x, SLIDE_H - self.top - 78, width, 64),
                tuple(meta),
                18,
                role="meta",
                color="on_accent",
                anchor="bottom",
            )
        )
        presenters = _join([p.name for p in o.speakers]) or "the presenters"
        parts = _join([seg.title for seg in o.segments])
        minutes = f" in the next {o.duration} minutes" if o.duration else ""
        draft.notes = (
            f"Welcome, everyone. This is a recap of the {o.event.name} keynote"
            f"{' on ' + _date_text(o.event.date) if o.event.date else ''}, presented by "
            f"{presenters}. {('The theme: ' + _sentence(o.subtitle) + ' ') if o.subtitle else ''}"
            f"I'll walk you through {parts}{minutes}, and then we'll look at what was announced "
            "and take your questions."
        )
        self.drafts.append(draft)

    def agenda_slide(self) -> None:
        items = []
        for seg in self.o.segments:
            person = self.o.speaker(seg.speaker)
            runs = list(self.runs(seg.title))
            if person:
                runs.append(Run(f" — {person.name}"))
            items.append(_Item((Para(tuple(runs), 0, "number"),)))
        self.list_slides(
            "agenda",
            "Agenda",
            items,
            self.o.key_location("segments"),
            "Here is how the keynote was structured: "
            + "; ".join(f"part {i + 1}, {s.title}" for i, s in enumerate(self.o.segments))
            + ".",
        )

    def takeaways_slide(self) -> None:
        items = [_Item((Para(self.runs(item.text), 0, "bullet"),)) for item in self.o.summary]
        notes = " ".join(_sentence(item.notes or item.text) for item in self.o.summary)
        self.list_slides(
            "takeaways",
            "Key takeaways",
            items,
            self.o.key_location("summary"),
            "If you remember only a few things from this keynote: " + notes,
        )

    def list_slides(
        self,
        kind: str,
        title: str,
        items: list[_Item],
        location: Location | None,
        notes: str,
        *,
        new: bool = False,
        links: Sequence[tuple[str, str]] = (),
        segment: int | None = None,
    ) -> None:
        """Title plus a list of items, split onto continuation slides when it does not fit."""
        badge, reserve = self.new_badge() if new else (None, 0.0)
        frame, bottom = self.title_frame(
            title + " (9/9)" if False else title, location, width=self.right - self.left - reserve
        )
        probe = _Draft(kind, title, frame)
        y = self.content_start(probe, bottom)
        width, height = self.right - self.left, self.body_bottom - y
        size, chunks = self.fit_items(items, width, height, location, f"'{title}'")
        parts = _split_notes(notes, [len(c) for c in chunks])
        for n, chunk in enumerate(chunks):
            part_title = _part_title(title, n, len(chunks))
            frame, bottom = self.title_frame(
                part_title, location, width=self.right - self.left - reserve
            )
            draft = _Draft(
                kind, part_title, frame, new=new, segment=segment, location=location, notes=parts[n]
            )
            y = self.content_start(draft, bottom)
            draft.frames.append(
                self.body_frame(chunk, size, self.left, y, width, self.body_bottom - y)
            )
            if badge:
                draft.shapes.append(badge)
            draft.links = [
                link for link in links if any(link[0] in p.text for it in chunk for p in it.paras)
            ]
            self.drafts.append(draft)

    def section_slide(self, index: int, segment: Segment) -> None:
        s = self.t.sizes
        person = self.o.speaker(segment.speaker)
        photo = next((sp for sp in self.o.speakers if sp is person and sp.photo), None)
        text_w = (self.right - self.left) - (260 if photo else 40)
        x = self.left + 20
        size, lines = self.fit_title(
            segment.title,
            text_w,
            segment.where,
            size=s.section_title,
            minimum=s.title_min,
            max_lines=3,
            natural_lines=2,
        )
        title_h = lines * line_height(size) + 2 * INSET_Y
        y = (SLIDE_H - title_h) / 2 - 20
        draft = _Draft(
            "section",
            segment.title,
            TextFrame(
                Box.pt(x, y, text_w, title_h),
                (Para(self.runs(segment.title)),),
                size,
                role="title",
                color="text",
                font="heading",
                bold=True,
                anchor="bottom",
            ),
            background="surface",
            footer=False,
            segment=index,
            location=segment.where,
        )
        draft.frames.append(
            TextFrame(
                Box.pt(x, y - 40, text_w, 34),
                (Para((Run(f"PART {index + 1}"),)),),
                18,
                role="label",
                color="accent",
                bold=True,
                anchor="bottom",
            )
        )
        draft.shapes.append(ShapePlan(Box.pt(x + INSET_X, y + title_h + 6, 72, 5), "accent"))
        if person:
            role = ", ".join(v for v in (person.role, person.company) if v)
            paras = [Para((Run(person.name, bold=True),))]
            if role:
                paras.append(Para((Run(role),)))
            draft.frames.append(
                TextFrame(
                    Box.pt(x, y + title_h + 20, text_w, 64),
                    tuple(paras),
                    20,
                    role="speaker",
                    color="muted",
                )
            )
        if photo:
            side = 200.0
            draft.pictures.append(
                self.photo(photo, self.right - side - 20, (SLIDE_H - side) / 2, side)
            )
        titles = _join([h.title for h in segment.highlights])
        intro = (
            f"{person.name}{', ' + person.role if person and person.role else ''} takes the stage. "
            if person
            else ""
        )
        draft.notes = (
            _sentence(segment.notes)
            if segment.notes
            else (
                f"Part {index + 1}: {segment.title}. {intro}"
                + (f"This part covers {titles}." if titles else "")
            )
        )
        self.drafts.append(draft)

    def highlight_slides(self, index: int, h: Highlight) -> None:
        shots = h.screenshots
        items = self.point_items(h.points)
        notes = _sentence(h.notes) if h.notes else _derived_notes(h)
        if items and len(shots) <= 1:
            self.bullets_slides(index, h, items, shots[0] if shots else None, notes)
        elif items:
            notes_bullets, notes_grid = _split_notes(notes, [2, 1])
            on_screen = " ".join(
                f"{'On the left' if i == 0 else 'Next'}: {_sentence(s.alt)}"
                for i, s in enumerate(shots)
            )
            self.bullets_slides(index, h, items, None, notes_bullets, extra_parts=1)
            self.picture_slide(index, h, shots, f"{notes_grid} {on_screen}", part=True)
        else:
            self.picture_slide(index, h, shots, notes)

    def bullets_slides(
        self,
        index: int,
        h: Highlight,
        items: list[_Item],
        shot: Screenshot | None,
        notes: str,
        extra_parts: int = 0,
    ) -> None:
        badge, reserve = self.new_badge() if h.new else (None, 0.0)
        full_w = self.right - self.left
        frame, bottom = self.title_frame(h.title, h.where, width=full_w - reserve)
        y0 = bottom + 22
        height = self.body_bottom - y0
        pic_w = 0.0
        if shot is not None:
            aspect = shot.image.aspect if shot.image else 16 / 9
            caption_h = (
                (
                    self.caption_lines(shot.caption, 300) * line_height(self.t.sizes.caption)
                    + 2 * INSET_Y
                    + 4
                )
                if shot.caption
                else 0
            )
            pic_h = height - caption_h
            # landscape pictures take about 55% of the width; portrait ones only what they need
            pic_w = full_w * 0.56 if shot.fit == "cover" else min(full_w * 0.56, pic_h * aspect)
        text_w = full_w - (pic_w + 24 if shot is not None else 0)
        size, chunks = self.fit_items(items, text_w, height, h.where, f"'{h.title}'")
        total = len(chunks) + extra_parts
        parts = _split_notes(notes, [len(c) for c in chunks])
        for n, chunk in enumerate(chunks):
            title = _part_title(h.title, n, total)
            frame, bottom = self.title_frame(title, h.where, width=full_w - reserve)
            draft = _Draft(
                "highlight",
                title,
                frame,
                new=h.new,
                segment=index,
                location=h.where,
                notes=parts[n],
            )
            y = self.content_start(draft, bottom)
            draft.frames.append(
                self.body_frame(chunk, size, self.left, y, text_w, self.body_bottom - y)
            )
            if shot is not None and n == 0:
                self.place_picture(draft, shot, self.right - pic_w, y, pic_w, self.body_bottom - y)
            if badge:
                draft.shapes.append(badge)
            draft.links = _links(chunk)
            self.drafts.append(draft)

    def place_picture(
        self, draft: _Draft, shot: Screenshot, x: float, y: float, w: float, h: float
    ) -> None:
        caption_h = 0.0
        if shot.caption:
            caption_h = (
                self.caption_lines(shot.caption, w) * line_height(self.t.sizes.caption)
                + 2 * INSET_Y
                + 4
            )
        pic = self.picture(shot, x, y, w, h - caption_h)
        draft.pictures.append(pic)
        if shot.caption:
            bottom = (pic.box.y + pic.box.h) / EMU_PER_PT
            draft.frames.append(self.caption(shot.caption, x, bottom + 4, w))

    def picture_slide(
        self,
        index: int,
        h: Highlight,
        shots: Sequence[Screenshot],
        notes: str,
        *,
        part: bool = False,
    ) -> None:
        badge, reserve = self.new_badge() if h.new else (None, 0.0)
        title = h.title
        if part:
            previous = sum(
                1 for d in self.drafts if d.location is h.where and d.kind == "highlight"
            )
            title = _part_title(h.title, previous, previous + 1)
            # rename the bullet slides too, now that the total is known
            for n, d in enumerate(
                d for d in self.drafts if d.location is h.where and d.kind == "highlight"
            ):
                new_title = _part_title(h.title, n, previous + 1)
                d.title = new_title
                if d.title_frame:
                    d.title_frame = _retitle(d.title_frame, self.runs(new_title))
        frame, bottom = self.title_frame(title, h.where, width=self.right - self.left - reserve)
        draft = _Draft(
            "highlight", title, frame, new=h.new, segment=index, location=h.where, notes=notes
        )
        y = self.content_start(draft, bottom)
        width, height = self.right - self.left, self.body_bottom - y
        cols, rows = {1: (1, 1), 2: (2, 1), 3: (3, 1), 4: (2, 2)}[len(shots)]
        gap = 20.0
        cell_w = (width - gap * (cols - 1)) / cols
        cell_h = (height - gap * (rows - 1)) / rows
        for i, shot in enumerate(shots):
            cx = self.left + (i % cols) * (cell_w + gap)
            cy = y + (i // cols) * (cell_h + gap)
            self.place_picture(draft, shot, cx, cy, cell_w, cell_h)
        if badge:
            draft.shapes.append(badge)
        self.drafts.append(draft)

    def quote_slide(self, index: int, segment: Segment, quote: Quote) -> None:
        s = self.t.sizes
        person = self.o.speaker(quote.speaker or segment.speaker)
        x = self.left + 70
        width = self.right - x - 20
        attribution = f"— {self.speaker_line(person)}" if person else ""
        attr_h = line_height(20) * 2 + 2 * INSET_Y
        height = self.body_bottom - self.top - 60 - attr_h
        text = quote.text
        words = [Word(w) for w in text.split()]
        size = s.quote_min
        for candidate in self.sizes(s.quote, s.quote_min):
            lines = wrap_words(words, width - 2 * INSET_X, self.m, "body", candidate)
            if lines * line_height(candidate) + 2 * INSET_Y <= height:
                size = candidate
                break
        overflow = ""
        lines = wrap_words(words, width - 2 * INSET_X, self.m, "body", size)
        if lines * line_height(size) + 2 * INSET_Y > height:
            kept = list(words)
            while (
                kept
                and wrap_words([*kept, Word("…")], width - 2 * INSET_X, self.m, "body", size)
                * line_height(size)
                + 2 * INSET_Y
                > height
            ):
                kept.pop()
            cut = len(kept)
            overflow = " ".join(w.text for w in words[cut:])
            text = " ".join(w.text for w in words[:cut]) + " …"
            self.warn(
                quote.where,
                "quote too long for one slide even at "
                f"{s.quote_min:g} pt; the rest moved to the speaker notes",
            )
        lines = wrap_words(
            [Word(w) for w in text.split()], width - 2 * INSET_X, self.m, "body", size
        )
        text_h = lines * line_height(size) + 2 * INSET_Y
        y = max(self.top + 60, (SLIDE_H - text_h - attr_h) / 2)
        title = f"Quote: {person.name}" if person else "Quote"
        draft = _Draft("quote", title, None, segment=index, location=quote.where)
        draft.frames.append(
            TextFrame(
                Box.pt(x, y, width, text_h),
                (Para(self.runs(text)),),
                size,
                role="quote",
                color="text",
                italic=False,
            )
        )
        draft.frames.append(
            TextFrame(
                Box.pt(self.left, y - 36, 70, 110),
                (Para((Run("“"),)),),
                120,
                role="mark",
                color="accent",
                font="heading",
                bold=True,
            )
        )
        if person is not None and person.photo:
            draft.pictures.append(self.photo(person, self.left + 4, y + text_h + 2, 56))
        if attribution:
            draft.frames.append(
                TextFrame(
                    Box.pt(x, y + text_h + 8, width, attr_h),
                    (Para((Run(attribution),)),),
                    20,
                    role="attribution",
                    color="muted",
                )
            )
        said = f"{person.name} said" if person else "As was said on stage"
        draft.notes = " ".join(
            x
            for x in (
                f"{said}: “{quote.text}”"
                if not overflow
                else f"{said} (the slide shows the start): “{quote.text}”",
                _sentence(quote.notes) if quote.notes else "",
            )
            if x
        )
        self.drafts.append(draft)

    def announcement_slides(self) -> None:
        items = []
        links = []
        for a in self.o.announcements:
            name_runs: list[Run] = [Run(a.name, bold=True, link=a.url)]
            if a.url:
                links.append((a.name, a.url))
            if a.status:
                name_runs.append(Run(f"  ({a.status})"))
            paras = [Para(tuple(name_runs), 0, "bullet")]
            if a.summary:
                paras.append(Para(self.runs(a.summary), 1, ""))
            items.append(_Item(tuple(paras)))
        notes = "What was announced: " + " ".join(
            f"{a.name}{' (' + a.status + ')' if a.status else ''}"
            f"{': ' + _sentence(a.summary) if a.summary else '.'}"
            for a in self.o.announcements
        )
        self.list_slides(
            "announcements",
            "What's new",
            items,
            self.o.key_location("announcements"),
            notes,
            new=True,
            links=links,
        )

    def reference_slides(self) -> None:
        items = []
        for ref in self.o.references:
            host = re.sub(r"^(https?://|mailto:)(www\.)?", "", ref.url).split("/")[0]
            items.append(
                _Item((Para((Run(ref.title, link=ref.url), Run(f"  {host}")), 0, "bullet"),))
            )
        notes = (
            "For further reading and watching: "
            + "; ".join(r.title for r in self.o.references)
            + ". The links are live in the deck and in the handout."
        )
        self.list_slides(
            "references",
            "References",
            items,
            self.o.key_location("references"),
            notes,
            links=[(r.title, r.url) for r in self.o.references],
        )

    def closing_slide(self) -> None:
        o, s = self.o, self.t.sizes
        x, width = self.left + 20, self.right - self.left - 40
        title = self.t.closing_title
        size = s.cover_title
        draft = _Draft(
            "closing",
            title,
            TextFrame(
                Box.pt(x, 150, width, line_height(size) + 2 * INSET_Y),
                (Para((Run(title),)),),
                size,
                role="title",
                color="on_accent",
                font="heading",
                bold=True,
                anchor="bottom",
            ),
            background="accent",
            footer=False,
            location=o.where,
        )
        draft.shapes.append(
            ShapePlan(Box.pt(x + INSET_X, 150 + line_height(size) + 14, 72, 5), "on_accent")
        )
        lines = [
            f"Thank you{' — ' + o.recap_by.name if o.recap_by else ''}",
            f"{o.title} · {o.event.name}",
        ]
        draft.frames.append(
            TextFrame(
                Box.pt(x, 240, width, 80),
                tuple(Para((Run(t),)) for t in lines),
                20,
                role="meta",
                color="on_accent",
            )
        )
        if o.credits:
            draft.frames.append(
                TextFrame(
                    Box.pt(x, SLIDE_H - self.top - 60, width, 56),
                    (Para(self.runs(o.credits)),),
                    12,
                    role="credits",
                    color="on_accent",
                    anchor="bottom",
                )
            )
        draft.notes = (
            "That's the recap. Thank you for listening — what questions do you have? "
            + ("The full keynote is linked in the references. " if o.references else "")
            + (f"Credits: {o.credits}" if o.credits else "")
        ).strip()
        self.drafts.append(draft)


# --- small pure helpers --------------------------------------------------------------------


def _freeze(number: int, d: _Draft) -> SlidePlan:
    return SlidePlan(
        number,
        d.kind,
        d.title,
        d.title_frame,
        tuple(d.frames),
        tuple(d.pictures),
        tuple(d.shapes),
        d.notes,
        d.background,
        d.footer,
        d.new,
        d.segment,
        tuple(dict.fromkeys(d.links)),
        d.location,
    )


def _retitle(frame: TextFrame, runs: tuple[Run, ...]) -> TextFrame:
    return TextFrame(
        frame.box,
        (Para(runs),),
        frame.size,
        frame.role,
        frame.color,
        frame.font,
        frame.bold,
        frame.italic,
        frame.align,
        frame.anchor,
        frame.space_before,
    )


def _links(items: Sequence[_Item]) -> list[tuple[str, str]]:
    return [(r.text, r.link) for it in items for p in it.paras for r in p.runs if r.link]


def _part_title(title: str, n: int, total: int) -> str:
    return f"{title} ({n + 1}/{total})" if total > 1 else title


def _balanced_groups(heights: list[float], parts: int) -> list[tuple[int, int]]:
    """Split a sequence into ``parts`` contiguous groups minimising the tallest group."""
    n = len(heights)
    prefix = [0.0]
    for h in heights:
        prefix.append(prefix[-1] + h)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                cost = max(best[k - 1][j], prefix[i] - prefix[j])
                if cost < best[k][i]:
                    best[k][i], cut[k][i] = cost, j
    bounds = []
    i = n
    for k in range(parts, 0, -1):
        j = cut[k][i]
        bounds.append((j, i))
        i = j
    return list(reversed(bounds))


def _split_notes(notes: str, weights: Sequence[int]) -> list[str]:
    """Divide notes at sentence ends into parts roughly proportional to ``weights``."""
    if len(weights) == 1:
        return [notes]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", notes.strip()) if s]
    total = sum(weights) or 1
    parts: list[str] = []
    start = 0
    for i, weight in enumerate(weights):
        if i == len(weights) - 1:
            take = len(sentences) - start
        else:
            take = max(1, round(len(sentences) * weight / total))
            take = min(take, len(sentences) - start - (len(weights) - i - 1))
        chunk = sentences[start : start + max(take, 0)]
        start += max(take, 0)
        parts.append(" ".join(chunk) or "(Continued from the previous slide.)")
    return parts


def _derived_notes(h: Highlight) -> str:
    lines = [f"{h.title}."]
    if h.new:
        lines.append("This was announced as new in the keynote.")
    for p in h.points:
        lines.append(_sentence(_strip_markdown(p.text)))
        lines += [_sentence(_strip_markdown(sub)) for sub in p.points]
    if len(h.screenshots) == 1 or not h.points:
        lines += [f"On screen: {_sentence(shot.alt)}" for shot in h.screenshots]
    return " ".join(lines)


def _strip_markdown(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"(\*\*|\*|`|__)", "", text)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in '.!?…:”"' else text + "."


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _date_text(date: dt.date | None) -> str:
    return f"{date.day} {date.strftime('%B')} {date.year}" if date else ""

