"""Planning onto a company template: the same slides, placed in the template's layouts.

Titles, subtitles and body text go into the layouts' own placeholders (found by type and idx,
see :mod:`recapdeck.templates.read`), keep the template's fonts, colours, alignment and backgrounds,
and are sized to fit the placeholder's box. What a layout has no placeholder for (a picture
beside bullets, a quote, a speaker photo) is placed inside the layout's content area.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import Location
from ..load.model import Segment
from ..markup import Para, Run
from ..templates.read import LayoutChoice, PlaceholderInfo
from ..units import emu_to_pt
from .deck import DeckPlanner
from .fit import INSET_Y, TITLE_FLOOR, line_height
from .model import Box, ShapePlan, SlideKind, TextFrame, TextRole
from .notes import date_text
from .text import BADGE_SIZE, Area, Draft

_BADGE_W, _BADGE_H = 64.0, 26.0


def _area(ph: PlaceholderInfo) -> Area:
    x, y, w, h = (emu_to_pt(v) for v in ph.box)
    return Area(x, y, w, h, ph.idx, style=ph.style)


class TemplatePlanner(DeckPlanner):
    """The planner for themes with a ``template``: geometry comes from the layouts."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.choices: dict[str, LayoutChoice] = dict(self.t.layouts)
        content = self.choices["content"]
        body = content.body or content.picture
        title = content.title
        # the content area of the main layout bounds whatever recapdeck places itself
        if body is not None:
            area = _area(body)
            self.left, self.right = area.x, area.x + area.w
            self.body_bottom = area.y + area.h
            # bullets are measured, and kept, with the template's own list style
            self.fit.list_style = body.style
        if title is not None:
            self.top = _area(title).y

    # -- building blocks --------------------------------------------------------------------

    def layout_of(self, kind: str) -> str:
        return self.choices[kind].layout.name

    def fit_in_box(
        self,
        text: str,
        area: Area,
        width: float,
        normal: float,
        location: Location | None,
    ) -> float:
        """The largest size from ``normal`` down at which ``text`` fits the title placeholder
        ``area`` (``width`` wide), set as its style sets it (bold, capitals); reported when it
        had to shrink."""
        s = self.t.sizes
        height = area.h
        floor = min(s.title_min, TITLE_FLOOR)
        size = floor
        level = area.style.level(0) if area.style is not None else None
        bold = level.bold if level is not None else False
        shown = text.upper() if level is not None and level.caps else text
        for candidate in self.fit.size_steps(normal, floor):
            lines = self.fit.lines(shown, width, candidate, bold=bold, role="heading")
            if lines * line_height(candidate) + 2 * INSET_Y <= height:
                size = candidate
                break
        if size < normal:
            short = text if len(text) <= 40 else text[:37] + "…"
            self.warn(
                location,
                f"title '{short}' shrunk from {normal:g} to {size:g} pt to fit the template's "
                "title placeholder; a shorter title reads better",
            )
        return size

    def placeholder_text(
        self, area: Area, paras: list[Para], size: float, role: TextRole, **style: object
    ) -> TextFrame:
        """Text that goes into a template placeholder and keeps its look (font, colour, align)."""
        style = {"color": "", "font": "", "align": "", "anchor": "", **style}
        style.setdefault("list_style", area.style)
        return TextFrame(
            Box.pt(area.x, area.y, area.w, area.h),
            tuple(paras),
            size,
            role=role,
            placeholder=area.placeholder,
            **style,  # type: ignore[arg-type]
        )

    def title_area(self, choice: LayoutChoice) -> Area:
        if choice.title is not None:
            return _area(choice.title)
        height = 2 * line_height(self.t.sizes.title) + 2 * INSET_Y
        return Area(self.left, self.top, self.right - self.left, height)

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
        choice = self.choices[layout]
        region = self.title_area(choice)
        width = region.w - (_BADGE_W + 12 if new else 0)
        size = self.fit_in_box(title, region, width, self.t.sizes.title, location)
        frame = self.placeholder_text(
            replace(region, w=width),
            [Para(self.runs(title))],
            size,
            TextRole.TITLE,
        )
        draft = Draft(
            kind,
            title,
            frame,
            location,
            new=new,
            segment=segment,
            notes=notes,
            layout=choice.layout.name,
            background="",
        )
        if new:
            badge = Box.pt(
                region.x + region.w - _BADGE_W,
                region.y + (region.h - _BADGE_H) / 2,
                _BADGE_W,
                _BADGE_H,
            )
            draft.shapes.append(ShapePlan(badge, "new", "NEW", "on_new", BADGE_SIZE, rounded=True))
        self.drafts.append(draft)
        return draft, self.content_area(title, new, layout)

    def content_area(self, title: str, new: bool, layout: str = "content") -> Area:
        choice = self.choices[layout]
        picture = None
        if layout == "content_picture" and choice.picture is not None:
            picture = _area(choice.picture)
        if choice.body is not None:
            body = _area(choice.body)
            return replace(body, picture=picture)
        if layout == "picture" and choice.picture is not None:
            return _area(choice.picture)
        region = self.title_area(choice)
        top = region.y + region.h + 12
        return Area(self.left, top, self.right - self.left, self.body_bottom - top)

    def quote_area(self) -> Area:
        return Area(self.left, self.top, self.right - self.left, self.body_bottom - self.top)

    def fit_paras(self, paras: list[Para], area: Area, normal: float) -> float:
        """The largest size at which ``paras`` fit ``area`` (none below the theme's minimum)."""
        s = self.t.sizes
        blocks = [(p,) for p in paras]
        for size in self.fit.size_steps(normal, s.body_min):
            if self.fit.block_height(blocks, area.w, size) <= area.h:
                return size
        return s.body_min

    # -- slide kinds with a layout of their own -----------------------------------------------

    def display_slide(
        self,
        kind: SlideKind,
        title: str,
        normal: float,
        location: Location | None,
        *,
        width: float | None = None,
        segment: int | None = None,
    ) -> Draft:
        """A cover, section or closing slide: ``title`` fitted into the layout's title
        placeholder (``width`` narrower when a photo sits beside it), the layout's own look."""
        choice = self.choices[kind]
        region = self.title_area(choice)
        width = region.w if width is None else width
        size = self.fit_in_box(title, region, width, normal, location)
        frame = self.placeholder_text(
            replace(region, w=width),
            [Para(self.runs(title))],
            size,
            TextRole.TITLE,
        )
        draft = Draft(
            kind,
            title,
            frame,
            location,
            layout=choice.layout.name,
            background="",
            footer=False,
            segment=segment,
        )
        self.drafts.append(draft)
        return draft

    def title_slide(self) -> None:
        o = self.o
        choice = self.choices["title"]
        draft = self.display_slide(SlideKind.TITLE, o.title, self.t.sizes.cover_title, self.at(o))
        event = " · ".join(
            v for v in (o.event.name, date_text(o.event.date), o.event.location) if v
        )
        paras = [Para(self.runs(o.subtitle))] if o.subtitle else []
        paras.append(Para((Run(event),)))
        if o.recap_by:
            team = f", {o.recap_by.team}" if o.recap_by.team else ""
            paras.append(Para((Run(f"Recap by {o.recap_by.name}{team}"),)))
        self.subtitle_text(draft, choice, paras)
        draft.notes = self.title_notes()

    def subtitle_text(self, draft: Draft, choice: LayoutChoice, paras: list[Para]) -> None:
        """Lines under a cover or closing title, in the layout's subtitle placeholder."""
        if choice.subtitle is not None:
            area = _area(choice.subtitle)
        else:
            region = self.title_area(choice)
            top = region.y + region.h + 12
            area = Area(region.x, top, region.w, max(40.0, self.body_bottom - top))
        size = self.fit_paras(paras, area, self.t.sizes.body)
        draft.add(self.placeholder_text(area, paras, size, TextRole.SUBTITLE))

    def section_slide(self, index: int, segment: Segment) -> None:
        choice = self.choices["section"]
        person = self.o.speaker(segment.speaker)
        region = self.title_area(choice)
        photo = person if person is not None and person.photo else None
        side = min(region.h, 160.0) if photo else 0.0
        draft = self.display_slide(
            SlideKind.SECTION,
            segment.title,
            self.t.sizes.section_title,
            self.at(segment),
            width=region.w - (side + 20 if photo else 0),
            segment=index,
        )
        lines = [Para((Run(f"Part {index + 1}"),))]
        if person:
            role = ", ".join(v for v in (person.role, person.company) if v)
            lines.append(
                Para((Run(person.name, bold=True),) + ((Run(f" — {role}"),) if role else ()))
            )
        if choice.body is not None:
            area = _area(choice.body)
            draft.add(
                self.placeholder_text(
                    area, lines, self.fit_paras(lines, area, 20), TextRole.SPEAKER
                )
            )
        if photo is not None:
            y = region.y + (region.h - side) / 2
            draft.pictures.append(self.photo(photo, region.x + region.w - side, y, side))
        draft.notes = self.section_notes(index, segment)

    def closing_slide(self) -> None:
        o = self.o
        choice = self.choices["closing"]
        title = self.t.closing_title
        draft = self.display_slide(SlideKind.CLOSING, title, self.t.sizes.cover_title, self.at(o))
        thanks = f"Thank you{' — ' + o.recap_by.name if o.recap_by else ''}"
        paras = [Para((Run(thanks),)), Para((Run(f"{o.title} · {o.event.name}"),))]
        if o.credits:
            paras.append(Para(self.runs(o.credits)))
        self.subtitle_text(draft, choice, paras)
        draft.notes = self.closing_notes()
