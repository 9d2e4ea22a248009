"""Announcement cards: "What's new" as a grid of cards, each with a status chip, its name, a
one-line summary and its link, two to six on a slide, continued on more slides when needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..load.model import Announcement
from ..markup import Para, Run
from .fit import INSET_Y, line_height
from .model import AnnouncementPlan, Box, ShapePlan, SlideKind, TextRole
from .notes import sentence, split_notes
from .pictures import PicturePlanner
from .text import Area, Draft

CARDS_MAX = 6
"""The most cards one slide shows."""
CARD_GAP = 16.0
CARD_PAD = 14.0
"""Space inside a card around its text, in points."""
CARD_SLACK = 24.0
"""Room left under the tallest card's text: cards are as tall as that, not the whole area."""
CARD_BAR = 6.0
"""Width of the accent bar on a card's left edge."""
CHIP_H, CHIP_PAD, CHIP_SIZE = 26.0, 10.0, 14.0
"""A status chip's height, its space either side of the text, and its type size."""
LINK_SIZE = 18.0
NAME_SIZES = (28.0, 26.0, 24.0, 22.0, 20.0)
"""Sizes tried for a card's name, the largest that fits each card on the slide winning."""
UNBROKEN_NAME_SIZE = 18.0
"""A smaller size a name may take rather than break inside a word or leave for a slide of
fewer cards (when the theme's smallest body size allows it)."""
_COLUMNS = {1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3}

_CHIPS = (
    (re.compile(r"\bgenerally available\b|^ga$|\bgeneral availability\b", re.I), "GA"),
    (re.compile(r"preview|beta", re.I), "Preview"),
    (re.compile(r"announc|coming", re.I), "Announced"),
)
CHIP_COLORS = {"GA": ("accent", "on_accent"), "Preview": ("text", "background")}
"""Fill and text colour roles of a chip; any other status is muted on the background."""


def chip_text(status: str | None) -> str:
    """The chip for a launch's status: GA, Preview or Announced (the status itself if odd)."""
    if not status or not status.strip():
        return "Announced"
    for pattern, chip in _CHIPS:
        if pattern.search(status.strip()):
            return chip
    text = status.strip()
    return text[:1].upper() + text[1:]


def host(url: str) -> str:
    """The host of a link, as a card shows it: ``aws.amazon.com``."""
    return re.sub(r"^(https?://|mailto:)(www\.)?", "", url).split("/")[0]


@dataclass(frozen=True)
class CardFit:
    """The sizes a group of cards is set at, and each card's box in points."""

    name: float
    summary: float
    boxes: tuple[Area, ...]


class CardPlanner(PicturePlanner):
    """The "What's new" slides: launches as cards."""

    def announcement_plan(self, a: Announcement) -> AnnouncementPlan:
        """A launch as the cards, the handout and the notes show it."""
        return AnnouncementPlan(
            a.name, a.status or "", self.runs(a.summary or ""), a.url, chip_text(a.status)
        )

    def announcement_slides(self) -> None:
        """As many slides of cards as the launches need, at most :data:`CARDS_MAX` each."""
        launches = [self.announcement_plan(a) for a in self.o.announcements]
        notes = "What was announced: " + " ".join(
            f"{a.name}{' (' + a.status + ')' if a.status else ''}"
            f"{': ' + sentence(a.summary) if a.summary else '.'}"
            for a in self.o.announcements
        )
        title = "What's new"
        location = self.loaded.key_location("announcements")
        area = self.content_area(title, True)
        groups, fits = self.card_groups(launches, area)
        parts = split_notes(notes, [len(g) for g in groups])
        for n, (group, fit, part_notes) in enumerate(zip(groups, fits, parts, strict=True)):
            name = f"{title} ({n + 1}/{len(groups)})" if len(groups) > 1 else title
            draft, _ = self.slide(
                SlideKind.ANNOUNCEMENTS, name, location, new=True, notes=part_notes
            )
            for card, box in zip(group, fit.boxes, strict=True):
                self.card(draft, card, box, fit)

    def card_groups(
        self, launches: list[AnnouncementPlan], area: Area
    ) -> tuple[list[list[AnnouncementPlan]], list[CardFit]]:
        """The launches in balanced groups of as many cards per slide as fit, largest first;
        fewer a slide rather than a name broken inside a word, unless none avoids that."""
        for whole in (True, False):
            for per in range(min(CARDS_MAX, len(launches)), 0, -1):
                count = -(-len(launches) // per)
                size, extra = divmod(len(launches), count)
                groups, start = [], 0
                for i in range(count):
                    end = start + size + (1 if i < extra else 0)
                    groups.append(launches[start:end])
                    start = end
                fits = [self.fit_cards(g, area, whole=whole) for g in groups]
                if all(f is not None for f in fits):
                    return groups, [f for f in fits if f is not None]
        smallest = [self.card_fit_at(g, area, NAME_SIZES[-1]) for g in ([a] for a in launches)]
        return [[a] for a in launches], smallest

    def card_boxes(self, count: int, area: Area, height: float | None = None) -> tuple[Area, ...]:
        """Equal card boxes in a grid across ``area``, as tall as it allows or ``height``; a
        short last row is centred, and a grid shorter than the area placed by the theme's
        rule (centred in the room under the title, or at its top)."""
        cols = _COLUMNS[count]
        rows = -(-count // cols)
        w = (area.w - CARD_GAP * (cols - 1)) / cols
        h = (area.h - CARD_GAP * (rows - 1)) / rows
        if height is not None and height < h:
            h = height
            used = rows * h + (rows - 1) * CARD_GAP
            top = area.y + ((area.h - used) / 2 if self.body_anchor == "middle" else 0.0)
            area = Area(area.x, top, area.w, used)
        boxes = []
        for i in range(count):
            row, col = divmod(i, cols)
            in_row = min(cols, count - row * cols)
            x0 = area.x + (area.w - in_row * w - (in_row - 1) * CARD_GAP) / 2
            boxes.append(Area(x0 + col * (w + CARD_GAP), area.y + row * (h + CARD_GAP), w, h))
        return tuple(boxes)

    def fit_cards(
        self, group: Sequence[AnnouncementPlan], area: Area, *, whole: bool = False
    ) -> CardFit | None:
        """The largest sizes at which every card of ``group`` fits its box, or None; sizes
        at which a name would break inside a word ("UltraServe|rs") only when no other fits,
        and never with ``whole``."""
        boxes = self.card_boxes(len(group), area)
        fitting: list[tuple[float, float, float]] = []
        smaller = self.t.sizes.body_min <= UNBROKEN_NAME_SIZE  # never under the theme's floor
        for name in (*NAME_SIZES, UNBROKEN_NAME_SIZE) if whole and smaller else NAME_SIZES:
            summary = self.summary_size(name)
            needed = [
                self.card_height(card, box.w, name, summary)
                for card, box in zip(group, boxes, strict=True)
            ]
            if all(h <= box.h for h, box in zip(needed, boxes, strict=True)):
                fitting.append((name, summary, max(needed)))
        unbroken = [
            f
            for f in fitting
            if all(
                self.fit.unbroken(c.name, self.text_width(b.w), f[0], bold=True, role="heading")
                for c, b in zip(group, boxes, strict=True)
            )
        ]
        if not (chosen := unbroken if whole else (unbroken or fitting)):
            return None
        name, summary, tallest = chosen[0]
        return CardFit(name, summary, self.card_boxes(len(group), area, tallest + CARD_SLACK))

    def card_fit_at(self, group: Sequence[AnnouncementPlan], area: Area, name: float) -> CardFit:
        """The group's boxes at the given name size (when nothing fits: one card a slide)."""
        return CardFit(name, self.summary_size(name), self.card_boxes(len(group), area))

    def summary_size(self, name: float) -> float:
        """A summary a step below its card's name, never under the theme's minimum."""
        return max(self.t.sizes.body_min, name - 4)

    def text_width(self, box_w: float) -> float:
        return box_w - CARD_BAR - 2 * CARD_PAD

    def card_height(
        self, card: AnnouncementPlan, width: float, name: float, summary: float
    ) -> float:
        """The height a card needs at these sizes, padding included."""
        text_w = self.text_width(width)
        name_h = self._height(card.name, text_w, name, bold=True, role="heading")
        text = "".join(r.text for r in card.summary)
        summary_h = self._height(text, text_w, summary) if text else 0.0
        return (
            2 * CARD_PAD
            + max(CHIP_H, line_height(LINK_SIZE) + 2 * INSET_Y)
            + 6
            + name_h
            + summary_h
        )

    def _height(self, text: str, width: float, size: float, **kw: object) -> float:
        return self.fit.lines(text, width, size, **kw) * line_height(size) + 2 * INSET_Y  # type: ignore[arg-type]

    def card(self, draft: Draft, card: AnnouncementPlan, box: Area, fit: CardFit) -> None:
        """One card: surface panel, accent bar, chip and link, name, summary."""
        draft.cards.append(card)
        draft.shapes.append(ShapePlan(Box.pt(box.x, box.y, box.w, box.h), "surface"))
        draft.shapes.append(ShapePlan(Box.pt(box.x, box.y, CARD_BAR, box.h), "accent"))
        x = box.x + CARD_BAR + CARD_PAD
        width = self.text_width(box.w)
        y = box.y + CARD_PAD
        chip_w = self.fit.m.width(card.chip, "body", CHIP_SIZE, bold=True) + 2 * CHIP_PAD
        fill, ink = CHIP_COLORS.get(card.chip, ("muted", "background"))
        link_h = line_height(LINK_SIZE) + 2 * INSET_Y
        row_h = max(CHIP_H, link_h)
        draft.shapes.append(
            ShapePlan(
                Box.pt(x, y + (row_h - CHIP_H) / 2, chip_w, CHIP_H),
                fill,
                card.chip,
                ink,
                CHIP_SIZE,
                rounded=True,
            )
        )
        label = host(card.url) if card.url else ""
        fits = bool(label) and self.fit.lines(label, width - chip_w - 8, LINK_SIZE) == 1
        if card.url and fits:
            self.text(
                draft,
                x + chip_w + 8,
                y + (row_h - link_h) / 2,
                width - chip_w - 8,
                link_h,
                [Para((Run(host(card.url), link=card.url),))],
                LINK_SIZE,
                TextRole.LINK,
                color="link",
                align="right",
            )
            draft.links.append((card.name, card.url))
        y += row_h + 6
        name_h = self._height(card.name, width, fit.name, bold=True, role="heading")
        self.text(
            draft,
            x,
            y,
            width,
            name_h,
            [Para((Run(card.name, link=None if fits else card.url),))],
            fit.name,
            TextRole.CARD,
            font="heading",
            bold=True,
        )
        y += name_h
        if card.summary:
            self.text(
                draft,
                x,
                y,
                width,
                box.y + box.h - CARD_PAD - y,
                [Para(card.summary)],
                fit.summary,
                TextRole.SUMMARY,
            )
