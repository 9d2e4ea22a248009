"""The contact sheet: every extracted slide as a numbered thumbnail with its time, on one PNG."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

THUMB_WIDTH = 320
COLUMNS = 5
_GAP = 12
_LABEL = 26


@dataclass(frozen=True)
class Thumb:
    """One slide on the sheet: its picture (already small), number and label."""

    image: Image.Image
    number: int
    label: str


def thumbnail(image: Image.Image) -> Image.Image:
    """``image`` shrunk to the sheet's thumbnail width."""
    height = max(1, round(THUMB_WIDTH * image.height / image.width))
    return image.convert("RGB").resize((THUMB_WIDTH, height), Image.Resampling.BOX)


def contact_sheet(thumbs: list[Thumb], title: str) -> bytes:
    """The PNG bytes of the sheet: a title line, then the thumbnails in rows of COLUMNS."""
    height = max((t.image.height for t in thumbs), default=180)
    rows = max(1, -(-len(thumbs) // COLUMNS))
    cell_w, cell_h = THUMB_WIDTH + _GAP, height + _LABEL + _GAP
    sheet = Image.new("RGB", (_GAP + COLUMNS * cell_w, 44 + rows * cell_h), (245, 245, 245))
    draw = ImageDraw.Draw(sheet)
    big, small = _font(22), _font(16)
    draw.text((_GAP, 10), title, font=big, fill=(20, 20, 20))
    if not thumbs:
        draw.text((_GAP, 50), "no slide found", font=small, fill=(120, 0, 0))
    for k, thumb in enumerate(thumbs):
        x = _GAP + (k % COLUMNS) * cell_w
        y = 44 + (k // COLUMNS) * cell_h
        sheet.paste(thumb.image, (x, y))
        draw.rectangle(
            [x - 1, y - 1, x + thumb.image.width, y + thumb.image.height], outline=(160, 160, 160)
        )
        draw.text((x, y + thumb.image.height + 4), thumb.label, font=small, fill=(20, 20, 20))
    out = io.BytesIO()
    sheet.save(out, format="PNG")
    return out.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)
