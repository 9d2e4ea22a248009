"""The planner's pictures: screenshots fitted into cells with their captions, speaker photos,
and the highlight slides that set screenshots beside bullets or in grids of up to four.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..load.images import ImageInfo
from ..load.model import Highlight, Point, Screenshot, Speaker
from ..markup import Para
from ..units import PX_PER_PT, emu_to_pt
from .fit import INSET_Y, Crop, contain, cover, line_height
from .model import Box, PicturePlan, SlideKind, TextRole
from .notes import derived_notes, sentence, split_notes
from .text import Area, Block, Draft, TextPlanner

_GAP = 20.0
LOGO_HEIGHT, LOGO_WIDTH = 36.0, 160.0


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
        floor = max(8.0, size * 0.8)
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
        if shot.caption:
            size, lines = self.caption_fit(shot.caption, w)
            if lines > 2:
                self.warn(
                    self.at(shot),
                    f"the caption of '{shot.file}' takes {lines} lines under the picture, "
                    "which leaves less room for it; shorten the caption",
                )
            bottom = emu_to_pt(pic.box.y + pic.box.h)
            self.text(
                draft,
                x,
                bottom + 4,
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
                aspect = self.aspect(side)
                pic_h = area.h - self.caption_height(side.caption, area.w * 0.56)
                # landscape pictures take about 56% of the width; portrait ones what they need
                pic_w = area.w * 0.56
                if side.fit != "cover":
                    pic_w = min(pic_w, pic_h * aspect)
                text_w = area.w - pic_w - 24
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
        """One screenshot as large as the slide allows, or a grid of two to four."""
        draft, area = self.slide(
            SlideKind.HIGHLIGHT,
            title,
            self.at(h),
            new=h.new,
            segment=index,
            notes=notes,
            layout="picture",
        )
        cols, rows = {1: (1, 1), 2: (2, 1), 3: (3, 1), 4: (2, 2)}[len(shots)]
        cell_w = (area.w - _GAP * (cols - 1)) / cols
        cell_h = (area.h - _GAP * (rows - 1)) / rows
        for i, shot in enumerate(shots):
            cx = area.x + (i % cols) * (cell_w + _GAP)
            cy = area.y + (i // cols) * (cell_h + _GAP)
            self.place_picture(draft, shot, cx, cy, cell_w, cell_h)


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
