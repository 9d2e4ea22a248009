"""The planner's text: slide drafts, titles, text frames and bullet lists fitted to the slide.

:class:`TextPlanner` holds what every slide kind is built from; :mod:`recapdeck.plan.pictures`
adds pictures and the highlight slides, :mod:`recapdeck.plan.deck` the deck's slides in order.
Geometry is worked out in points on a 960 × 540 pt slide; see :mod:`recapdeck.plan.model`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import BuildWarning, Location
from ..load.outline import LoadedOutline
from ..load.theme import Theme
from ..markup import Para, Run, inline_parser, parse_inline
from ..text_style import PlaceholderStyle
from ..units import inches_to_pt
from .fit import INSET_X, INSET_Y, Measurer, TextFitter, line_height
from .model import (
    AnnouncementPlan,
    Box,
    PicturePlan,
    ShapePlan,
    SlideContent,
    SlideKind,
    SlidePlan,
    TextFrame,
    TextRole,
)
from .notes import split_notes

BADGE_SIZE = 14.0
"""The NEW badge's type size: a label, as large as a caption."""
GROW_FILL = 0.8
"""Text set larger than the theme's body size fills at most this share of its box."""

Block = tuple[Para, ...]
"""A top-level bullet with its sub-bullets: the unit that is never split across slides."""


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
    style: PlaceholderStyle | None = None
    """The template placeholder's text style, when a placeholder fills the area."""


@dataclass
class Draft:
    """A slide being planned; frozen into a SlidePlan once the deck is complete."""

    kind: SlideKind
    title: str
    title_frame: TextFrame | None
    location: Location | None
    frames: list[TextFrame] = field(default_factory=list)
    points: list[Para] = field(default_factory=list)
    quote: list[Para] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)
    pictures: list[PicturePlan] = field(default_factory=list)
    shapes: list[ShapePlan] = field(default_factory=list)
    cards: list[AnnouncementPlan] = field(default_factory=list)
    notes: str = ""
    background: str = "background"
    footer: bool = True
    new: bool = False
    segment: int | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    layout: str = ""

    def add(self, frame: TextFrame) -> None:
        """Put a text frame on the slide, noting what it says in the slide's content."""
        self.frames.append(frame)
        if frame.role is TextRole.BODY:
            self.points += frame.paras
        elif frame.role is TextRole.QUOTE:
            self.quote += frame.paras
        elif frame.role is TextRole.ATTRIBUTION:
            self.attribution += [p.text for p in frame.paras]

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
            SlideContent(
                tuple(self.points),
                tuple(self.quote),
                " ".join(self.attribution),
                tuple(self.cards),
            ),
        )


class TextPlanner:
    """Plans slides for an outline in a theme: the title, text and list building blocks."""

    def __init__(self, loaded: LoadedOutline, theme: Theme, measurer: Measurer) -> None:
        self.loaded = loaded
        self.at = loaded.where
        """Where an object of the outline stands in its file (for warnings)."""
        self.o = loaded.outline
        self.t = theme
        self.fit = TextFitter(measurer)
        self.md = inline_parser()
        self.drafts: list[Draft] = []
        self.warnings: list[BuildWarning] = []
        mg = theme.margins
        self.W, self.H = theme.slide_size
        self.left, self.right = inches_to_pt(mg.left), self.W - inches_to_pt(mg.right)
        self.top, self.bottom = inches_to_pt(mg.top), self.H - inches_to_pt(mg.bottom)
        footer = theme.slides.footer or theme.slides.slide_numbers
        self.body_bottom = self.bottom - (14 if footer else 0)

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
        natural_lines: int | None = None,
    ) -> tuple[float, int]:
        """Fit a title: slide titles take one line, then shrink, then two lines; display
        titles (cover, section) take two lines (or ``natural_lines``), then shrink, then three."""
        s = self.t.sizes
        natural, most = (2, 3) if display else (1, 2)
        if natural_lines is not None:
            natural, most = natural_lines, max(most, natural_lines)
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
        kind: SlideKind,
        title: str,
        location: Location | None,
        *,
        new: bool = False,
        segment: int | None = None,
        notes: str = "",
        layout: str = "content",
    ) -> tuple[Draft, Area]:
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
            role=TextRole.TITLE,
            font="heading",
            bold=True,
            placeholder=0,
        )
        draft = Draft(kind, title, frame, location, new=new, segment=segment, notes=notes)
        bottom = self.top + height
        draft.shapes.append(ShapePlan(Box.pt(self.left + INSET_X, bottom + 4, 56, 4), "accent"))
        if new:
            draft.shapes.append(
                ShapePlan(
                    Box.pt(self.right - 64, self.top + 8, 64, 26),
                    "new",
                    "NEW",
                    "on_new",
                    BADGE_SIZE,
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
            role=TextRole.TITLE,
            color=color,
            font="heading",
            bold=True,
            anchor="bottom",
            placeholder=0,
        )

    def text(
        self,
        draft: Draft,
        x: float,
        y: float,
        w: float,
        h: float,
        paras: Sequence[Para],
        size: float,
        role: TextRole,
        **style: object,
    ) -> None:
        frame = TextFrame(Box.pt(x, y, w, h), tuple(paras), size, role=role, **style)  # type: ignore[arg-type]
        draft.add(frame)

    def fit_blocks(
        self,
        blocks: list[Block],
        width: float,
        height: float,
        location: Location | None,
        title: str,
    ) -> tuple[float, list[list[Block]]]:
        """Fit bullets in a box, reporting every shrink and split as a warning.

        Little text grows past the theme's ``body`` size, up to ``body_max``, while it fills at
        most :data:`GROW_FILL` of the box; more text keeps ``body`` and shrinks, then splits."""
        s = self.t.sizes
        for size in self.fit.size_steps(s.body_max, s.body):
            if size <= s.body:
                break
            if self.fit.block_height(blocks, width, size) <= height * GROW_FILL:
                return size, [blocks]
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

    @property
    def body_anchor(self) -> str:
        """Where text blocks sit in their box: the theme's one rule for the whole deck."""
        return "middle" if self.t.design.body_placement == "middle" else "top"

    def bullets(
        self, draft: Draft, blocks: Sequence[Block], size: float, area: Area, width: float
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
            TextRole.BODY,
            space_before=size * 0.5,
            placeholder=area.placeholder,
            anchor=self.body_anchor,
            list_style=area.style if area.placeholder is not None else None,
        )
        draft.links += [(r.text, r.link) for p in paras for r in p.runs if r.link]

    def list_slides(
        self,
        kind: SlideKind,
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
