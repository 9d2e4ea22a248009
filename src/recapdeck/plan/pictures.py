"""The planner's pictures: screenshots fitted into cells with their captions, speaker photos,
and the highlight slides that set screenshots beside bullets or in grids of up to four.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..errors import Location
from ..load.images import ImageInfo
from ..load.model import Highlight, Point, Screenshot, Speaker
from ..markup import Para
from ..units import PX_PER_PT, emu_to_pt
from .fit import INSET_Y, Crop, contain, cover, line_height
from .model import Box, PicturePlan, SlideKind, TextRole
from .notes import derived_notes, sentence, split_notes
from .text import Area, Block, Draft, TextPlanner

_GAP = 20.0
_ARRANGE_ROUNDS = 4
"""Times an arrangement is worked out again with captions measured at its widths."""
LOGO_HEIGHT, LOGO_WIDTH = 36.0, 160.0
CAPTION_MIN = 14.0
"""No caption is set smaller than this, whatever its length: it wraps instead."""
PICTURE_SHARE_MIN = 0.6
"""One screenshot beside a few words takes at least this share of the slide width."""
SHARE_STEP = 0.02
DENSE_SHARE = 0.5
"""The share of the content width a screenshot keeps beside many words."""
_MAX_ROW, _MAX_ROWS = 4, 3


@dataclass(frozen=True)
class Cell:
    """Where one screenshot of a grid goes, in points: the picture's box, caption under it."""

    x: float
    y: float
    w: float
    h: float


class PicturePlanner(TextPlanner):
    """The planner's building blocks for pictures, and the highlight slides made with them."""

    def picture(
        self,
        shot: Screenshot,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        image: ImageInfo | None = None,
    ) -> PicturePlan:
        """Fit a screenshot into a cell: letterboxed (contain) or natively cropped (cover).

        ``image`` is the picture to show when it is not the screenshot's own (a photo)."""
        image = image or self.loaded.image(shot)
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
                self.at(shot),
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
        image = self.loaded.image(person)
        return replace(self.picture(shot, x, y, side, side, image=image), oval=True)

    def aspect(self, shot: Screenshot) -> float:
        """The screenshot's width over its height (16:9 for a missing one)."""
        image = self.loaded.image(shot)
        return image.aspect if image else 16 / 9

    def logo(self, draft: Draft) -> None:
        """The theme's logo, if it has one, in the top right corner within the margin's height
        and at most :data:`LOGO_WIDTH` wide, aspect kept."""
        image = self.t.logo
        if image is None:
            return
        scale = min(LOGO_HEIGHT / image.height, LOGO_WIDTH / image.width)
        w, h = image.width * scale, image.height * scale
        draft.pictures.append(
            PicturePlan(
                Box.pt(self.right - w, self.top, w, h),
                image,
                "",
                "logo",
                pixels=(round(w * PX_PER_PT * 2), round(h * PX_PER_PT * 2)),
                decorative=True,
            )
        )

    def caption_fit(self, caption: str, width: float) -> tuple[float, int]:
        """The size and line count of a caption under a picture ``width`` wide: the theme's
        caption size, shrunk by up to a fifth to stay within two lines."""
        size = self.t.sizes.caption
        floor = max(CAPTION_MIN, size * 0.8)
        while size - 0.5 >= floor and self.fit.lines(caption, width, size) > 2:
            size -= 0.5
        return size, self.fit.lines(caption, width, size)

    def caption_height(self, caption: str | None, width: float) -> float:
        if not caption:
            return 0.0
        size, lines = self.caption_fit(caption, width)
        return lines * line_height(size) + 2 * INSET_Y + 4

    def place_picture(
        self, draft: Draft, shot: Screenshot, x: float, y: float, w: float, h: float
    ) -> None:
        """A picture in a cell with its caption right under it (the picture gives way to a
        caption longer than two lines, which is worth shortening: a warning says so)."""
        pic = self.picture(shot, x, y, w, h - self.caption_height(shot.caption, w))
        draft.pictures.append(pic)
        self.caption(draft, shot, x, emu_to_pt(pic.box.y + pic.box.h), w)

    def caption(self, draft: Draft, shot: Screenshot, x: float, top: float, w: float) -> None:
        """The caption of ``shot`` centred under a picture whose bottom edge is at ``top``."""
        if not shot.caption:
            return
        size, lines = self.caption_fit(shot.caption, w)
        if lines > 2:
            self.warn(
                self.at(shot),
                f"the caption of '{shot.file}' takes {lines} lines under the picture, "
                "which leaves less room for it; shorten the caption",
            )
        self.text(
            draft,
            x,
            top + 4,
            w,
            self.caption_height(shot.caption, w) - 4,
            [Para(self.runs(shot.caption))],
            size,
            TextRole.CAPTION,
            color="muted",
            align="center",
        )

    def point_blocks(self, points: Sequence[Point]) -> list[Block]:
        return [
            (
                Para(self.runs(p.text), 0, "bullet"),
                *(Para(self.runs(sub), 1, "bullet") for sub in p.points),
            )
            for p in points
        ]

    def words(self, blocks: Sequence[Block]) -> int:
        """How many words the bullets say."""
        return sum(len(p.text.split()) for block in blocks for p in block)

    def side_layout(
        self,
        shot: Screenshot,
        blocks: list[Block],
        area: Area,
        location: Location | None,
        title: str,
    ) -> tuple[float, float, float, list[list[Block]]]:
        """Picture width, text width, text size and slides of bullets beside one screenshot.

        Measured, screenshot first: a portrait picture takes the full height and the text the
        rest; a landscape one beside at most ``design.few_words`` words takes the theme's
        ``picture_share`` of the slide width, or less down to :data:`PICTURE_SHARE_MIN` while the
        text would need to shrink; beside more words it takes :data:`DENSE_SHARE` of the room."""
        s, d = self.t.sizes, self.t.design
        aspect = self.aspect(shot)

        def picture_width(want: float) -> float:
            height = area.h - self.caption_height(shot.caption, want)
            return want if shot.fit == "cover" else min(want, height * aspect)

        if aspect >= 1 or shot.fit == "cover":
            if self.words(blocks) <= d.few_words:
                share = d.picture_share
                candidates = []
                while share >= PICTURE_SHARE_MIN - 1e-6:
                    candidates.append(share)
                    share = round(share - SHARE_STEP, 4)
                for floor in (s.body, s.body_min):
                    for share in candidates:
                        pic_w = picture_width(self.W * share)
                        text_w = area.w - pic_w - _GAP
                        size = self.column_size(blocks, text_w, area.h, floor)
                        if size is not None:
                            return pic_w, text_w, size, [blocks]
            pic_w = picture_width(area.w * DENSE_SHARE)
        else:
            pic_w = picture_width(area.w)
        text_w = area.w - pic_w - _GAP
        size, chunks = self.fit_blocks(blocks, text_w, area.h, location, title)
        return pic_w, text_w, size, chunks

    def column_size(
        self, blocks: list[Block], width: float, height: float, floor: float
    ) -> float | None:
        """The largest size from ``body`` down to ``floor`` at which the bullets fit a column
        beside a screenshot (a column never grows: the picture is the star)."""
        for size in self.fit.size_steps(self.t.sizes.body, floor):
            fits = self.fit.block_height(blocks, width, size) <= height
            if fits and self.fit.words_fit(blocks, width, size):
                return size
        return None

    def highlight_slides(self, index: int, h: Highlight) -> None:
        """Bullets (beside one screenshot), then grids of up to four screenshots."""
        shots = list(h.screenshots)
        blocks = self.point_blocks(h.points)
        notes = sentence(h.notes) if h.notes else derived_notes(h)
        side = shots[0] if blocks and len(shots) == 1 else None
        grids = [] if side else _grid_groups(shots)
        area = self.content_area(h.title, h.new, "content_picture" if side else "content")
        chunks: list[list[Block]] = []
        pic_w, text_w, size = 0.0, area.w, self.t.sizes.body
        if blocks:
            if side is not None and area.picture is None:
                pic_w, text_w, size, chunks = self.side_layout(
                    side, blocks, area, self.at(h), h.title
                )
            else:
                size, chunks = self.fit_blocks(blocks, text_w, area.h, self.at(h), h.title)
        total = len(chunks) + len(grids)
        parts = split_notes(notes, [len(c) for c in chunks] + [len(g) for g in grids])
        for n, chunk in enumerate(chunks):
            title = f"{h.title} ({n + 1}/{total})" if total > 1 else h.title
            draft, part = self.slide(
                SlideKind.HIGHLIGHT,
                title,
                self.at(h),
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
        """One screenshot as large as the slide allows, or a grid of two to four at the
        largest sizes that keep every picture's aspect (see :meth:`grid`)."""
        draft, area = self.slide(
            SlideKind.HIGHLIGHT,
            title,
            self.at(h),
            new=h.new,
            segment=index,
            notes=notes,
            layout="picture",
        )
        cells = self.grid(shots, area)
        if area.placeholder is not None or any(s.fit == "cover" for s in shots) or not cells:
            self.even_grid(draft, area, shots)
            return
        for shot, cell in zip(shots, cells, strict=True):
            pic = self.picture(shot, cell.x, cell.y, cell.w, cell.h)
            draft.pictures.append(pic)
            self.caption(draft, shot, cell.x, cell.y + cell.h, cell.w)

    def even_grid(self, draft: Draft, area: Area, shots: Sequence[Screenshot]) -> None:
        """Equal cells in rows and columns (for cropped pictures and template placeholders)."""
        cols, rows = {1: (1, 1), 2: (2, 1), 3: (3, 1), 4: (2, 2)}[len(shots)]
        cell_w = (area.w - _GAP * (cols - 1)) / cols
        cell_h = (area.h - _GAP * (rows - 1)) / rows
        for i, shot in enumerate(shots):
            cx = area.x + (i % cols) * (cell_w + _GAP)
            cy = area.y + (i // cols) * (cell_h + _GAP)
            self.place_picture(draft, shot, cx, cy, cell_w, cell_h)

    def grid(self, shots: Sequence[Screenshot], area: Area) -> list[Cell]:
        """The arrangement of ``shots`` that shows the most picture, every aspect kept.

        Tried: every split into rows (at most :data:`_MAX_ROWS`, each picture of a row at one
        height), and for three, the first picture large beside the other two stacked. Captions
        are measured at the widths found, then the arrangement is worked out once more. Empty
        when no arrangement leaves room for the captions."""
        aspects = [self.aspect(s) for s in shots]
        captions = [self.caption_height(s.caption, area.w / len(shots)) for s in shots]
        best: list[Cell] = []
        for _ in range(_ARRANGE_ROUNDS):
            options = [self._rows(aspects, captions, area, r) for r in _row_splits(len(shots))]
            if len(shots) == 3:
                options.append(self._feature(aspects, captions, area))
            usable = [o for o in options if o]
            if not usable:
                return []  # no room for rows of pictures with captions: an even grid instead
            best = max(usable, key=lambda cells: sum(c.w * c.h for c in cells))
            measured = [
                self.caption_height(s.caption, c.w) for s, c in zip(shots, best, strict=True)
            ]
            if all(m <= c for m, c in zip(measured, captions, strict=True)):
                break  # every caption fits the room the arrangement left it
            captions = [max(m, c) for m, c in zip(measured, captions, strict=True)]
        return best

    def _rows(
        self, aspects: list[float], captions: list[float], area: Area, rows: tuple[int, ...]
    ) -> list[Cell]:
        """Cells for pictures in rows of the given lengths, centred in ``area``."""
        starts = list(itertools.accumulate((0, *rows)))
        spans = [range(a, b) for a, b in itertools.pairwise(starts)]
        heights = [(area.w - _GAP * (len(r) - 1)) / sum(aspects[i] for i in r) for r in spans]
        under = [max(captions[i] for i in r) for r in spans]
        room = area.h - sum(under) - _GAP * (len(spans) - 1)
        if room <= 0:
            return []
        scale = min(1.0, room / sum(heights))
        heights = [h * scale for h in heights]
        y = area.y + (area.h - sum(heights) - sum(under) - _GAP * (len(spans) - 1)) / 2
        cells = []
        for span, height, cap in zip(spans, heights, under, strict=True):
            width = sum(height * aspects[i] for i in span) + _GAP * (len(span) - 1)
            x = area.x + (area.w - width) / 2
            for i in span:
                cells.append(Cell(x, y, height * aspects[i], height))
                x += height * aspects[i] + _GAP
            y += height + cap + _GAP
        return cells

    def _feature(self, aspects: list[float], captions: list[float], area: Area) -> list[Cell]:
        """Three cells: the first picture large on the left, the other two stacked beside it."""
        stack = area.h - captions[1] - captions[2] - _GAP
        side_w = stack / (1 / aspects[1] + 1 / aspects[2])
        main_w = min(area.w - _GAP - side_w, (area.h - captions[0]) * aspects[0])
        if main_w <= 0 or side_w <= 0:
            return []
        x = area.x + (area.w - main_w - _GAP - side_w) / 2
        main_h = main_w / aspects[0]
        first = Cell(x, area.y + (area.h - main_h - captions[0]) / 2, main_w, main_h)
        x2, y2 = x + main_w + _GAP, area.y
        cells = [first]
        for i in (1, 2):
            cells.append(Cell(x2, y2, side_w, side_w / aspects[i]))
            y2 += side_w / aspects[i] + captions[i] + _GAP
        return cells


def _row_splits(count: int) -> list[tuple[int, ...]]:
    """Every way to put ``count`` pictures into rows, in order."""
    splits = []
    for rows in range(1, min(_MAX_ROWS, count) + 1):
        for cut in itertools.combinations(range(1, count), rows - 1):
            bounds = (0, *cut, count)
            lengths = tuple(b - a for a, b in itertools.pairwise(bounds))
            if max(lengths) <= _MAX_ROW:
                splits.append(lengths)
    return splits


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
