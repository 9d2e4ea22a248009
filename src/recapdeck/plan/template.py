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
WRAP_SAFETY = 0.98
"""Text on a template is measured 2% narrower than its box: LibreOffice lays out a stand-in
font (and the template's bullets) a point or so off its advance widths, and a line that only
just fits would otherwise wrap and push the text out of its placeholder."""
LAST_RESORT_TITLE = 10.0
"""The size a title that fits its placeholder at no size is set at (and reported)."""


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
            area = self.clear_of_art(_area(body), content)
            self.left, self.right = area.x, area.x + area.w
            self.body_bottom = area.y + area.h
            # bullets are measured, and kept, with the template's own list style
            self.fit.list_style = body.style
        elif title is not None:  # a title-only layout: the area under it, above the footer
            heading = _area(title)
            self.left, self.right = heading.x, heading.x + heading.w
            self.body_bottom = self.footer_top(content)
        if title is not None:
            self.top = _area(title).y
        self.fit.room = WRAP_SAFETY

    def footer_top(self, choice: LayoutChoice) -> float:
        """Where the layout's date, footer and slide-number placeholders start (else a half
        inch above the slide's bottom edge)."""
        _, height = self.t.slide_size
        tops = [
            emu_to_pt(p.box[1])
            for p in choice.layout.placeholders
            if p.type in ("dt", "ftr", "sldNum") and emu_to_pt(p.box[1]) > height / 2
        ]
        return min(tops, default=height - 36.0) - 6.0

    def clear_of_art(self, area: Area, choice: LayoutChoice) -> Area:
        """``area`` shrunk to keep clear of the logos, buttons and pictures the layout and its
        master draw there, and of its footer placeholders (the largest part of it left beside,
        above or below each); a panel behind most of the area is meant to be written on and
        stays."""
        footers = [p.box for p in choice.layout.placeholders if p.type in ("dt", "ftr", "sldNum")]
        for box in (*choice.layout.art, *footers):
            ax, ay, aw, ah = (emu_to_pt(v) for v in box)
            overlap_w = min(area.x + area.w, ax + aw) - max(area.x, ax)
            overlap_h = min(area.y + area.h, ay + ah) - max(area.y, ay)
            if overlap_w <= 1 or overlap_h <= 1 or aw * ah >= 0.6 * area.w * area.h:
                continue
            right = area.x + area.w
            bottom = area.y + area.h
            candidates = [
                replace(area, w=ax - area.x - 6),
                replace(area, x=ax + aw + 6, w=right - ax - aw - 6),
                replace(area, h=ay - area.y - 6),
                replace(area, y=ay + ah + 6, h=bottom - ay - ah - 6),
            ]
            usable = [c for c in candidates if c.w > 40 and c.h > 30]
            if usable:
                area = max(usable, key=lambda c: c.w * c.h)
        return area

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
        level = area.style.level(0) if area.style is not None else None
        bold = level.bold if level is not None else False
        shown = text.upper() if level is not None and level.caps else text
        size = LAST_RESORT_TITLE
        role = self.fit.m.role_for(level.typeface) if level is not None else "heading"
        for candidate in [*self.fit.size_steps(normal, floor), *range(int(floor) - 2, 9, -2)]:
            lines = self.fit.lines(shown, width, candidate, bold=bold, role=role)
            if lines * line_height(candidate) + 2 * INSET_Y <= height:
                size = float(candidate)
                break
        short = text if len(text) <= 40 else text[:37] + "…"
        if size < floor:
            self.warn(
                location,
                f"title '{short}' is too long for the template's title placeholder: set at "
                f"{size:g} pt to stay inside it; shorten it",
            )
        elif size < normal:
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

    @staticmethod
    def title_look(choice: LayoutChoice) -> dict[str, object]:
        """A title written into a placeholder that is no title placeholder (a custom layout's
        top text box) becomes the slide's title placeholder, which takes the master's title
        style: it gets the typeface it was measured with written out."""
        if choice.title is None or choice.title.type in ("title", "ctrTitle"):
            return {}
        return {"font": "heading", "list_style": None}

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
            **self.title_look(choice),
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
        if picture is not None:
            picture = self.clear_of_art(picture, choice)
        if choice.body is not None:
            body = self.clear_of_art(_area(choice.body), choice)
            return replace(body, picture=picture)
        if layout == "picture" and choice.picture is not None:
            return self.clear_of_art(_area(choice.picture), choice)
        region = self.title_area(choice)
        top = region.y + region.h + 12
        area = Area(self.left, top, self.right - self.left, self.body_bottom - top)
        return self.clear_of_art(area, choice)

    def quote_area(self) -> Area:
        area = Area(self.left, self.top, self.right - self.left, self.body_bottom - self.top)
        return self.clear_of_art(area, self.choices["quote"])

    def fit_paras(
        self, paras: list[Para], area: Area, normal: float, minimum: float | None = None
    ) -> float:
        """The largest size at which ``paras`` fit ``area`` (none below ``minimum``, else the
        theme's minimum)."""
        floor = self.t.sizes.body_min if minimum is None else minimum
        blocks = [(p,) for p in paras]
        role = self.text_role(area)
        for size in self.fit.size_steps(normal, floor):
            if self.fit.block_height(blocks, area.w, size, role) <= area.h:
                return size
        return floor

    def text_role(self, area: Area) -> str:
        """The measuring role of the typeface ``area``'s placeholder draws its text in."""
        if area.style is None or not area.style.level(0).typeface:
            return "body"
        return self.fit.m.role_for(area.style.level(0).typeface)

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
            **self.title_look(choice),
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
            area = self.clear_of_art(_area(choice.subtitle), choice)
            needed = self.fit.block_height(
                [(p,) for p in paras], area.w, 12.0, self.text_role(area)
            )
            if needed > area.h:  # the lines take the free room under the subtitle box
                room = replace(area, h=self.footer_top(choice) - area.y)
                area = self.clear_of_art(room, choice) if room.h > area.h else area
        else:
            region = self.title_area(choice)
            top = region.y + region.h + 12
            area = Area(region.x, top, region.w, max(40.0, self.body_bottom - top))
        # a template's subtitle box is often made for one line: the lines under a cover title
        # may go down to caption size before they would leave it
        size = self.fit_paras(paras, area, self.t.sizes.body, min(self.t.sizes.body_min, 12.0))
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
            area = self.clear_of_art(_area(choice.body), choice)
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
