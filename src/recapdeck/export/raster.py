"""PDF pages to images: slide thumbnails, the contact sheet, PNG bytes."""

from __future__ import annotations

import base64
import io
import math
import shutil
import subprocess
from collections.abc import Callable, Container, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Location, Problem, RecapdeckError

if TYPE_CHECKING:
    from PIL import Image, ImageFont

_GAP_FRACTION = 1 / 30


_LABEL_FRACTION = 1 / 20


_BORDER_COLOR = "#B4BCC8"


_THUMBNAILS_IN_FLIGHT = 8
"""Pages rendered but not yet PNG-encoded that :func:`thumbnail_data_uris` lets wait."""


def iter_pdf_page_images(pdf: Path, *, width: int) -> Iterator[Image.Image]:
    """Yield every page of ``pdf`` as an RGB image ``width`` pixels wide, one page at a time."""
    for _, image in _page_images(pdf, width=width):
        yield image


def pdf_page_count(pdf: Path) -> int:
    """How many pages ``pdf`` has."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(Path(pdf))
    except (pdfium.PdfiumError, OSError) as exc:
        raise RecapdeckError(Problem(Location(Path(pdf)), f"cannot read the PDF: {exc}")) from exc
    try:
        return len(document)
    finally:
        document.close()


def _page_images(
    pdf: Path, *, width: int, only: Container[int] | None = None
) -> Iterator[tuple[int, Image.Image]]:
    """Yield (index, image) for every page of ``pdf`` (or those whose index is in ``only``)."""
    import pypdfium2 as pdfium
    from PIL import Image

    if width < 1:
        raise ValueError(f"width must be at least 1 pixel, not {width}")
    try:
        document = pdfium.PdfDocument(Path(pdf))
    except (pdfium.PdfiumError, OSError) as exc:
        raise RecapdeckError(Problem(Location(Path(pdf)), f"cannot read the PDF: {exc}")) from exc
    try:
        for index in range(len(document)):
            if only is not None and index not in only:
                continue
            page = document[index]
            try:
                page_width = page.get_width()
                # rev_byteorder: pdfium writes RGB, so Pillow takes the pixels as they are.
                bitmap = page.render(scale=width / page_width, draw_annots=True, rev_byteorder=True)
                image = bitmap.to_pil()
            finally:
                page.close()
            if image.mode != "RGB":
                image = image.convert("RGB")
            # pdfium rounds the bitmap size; make the width exact so tiles line up.
            if image.width != width:
                height = max(1, round(image.height * width / image.width))
                image = image.resize((width, height), Image.Resampling.LANCZOS)
            yield index, image
    finally:
        document.close()


def page_image_size(page_size: tuple[float, float], *, width: int) -> tuple[int, int]:
    """The size of the image :func:`iter_pdf_page_images` makes of a page of ``page_size``
    (points): ``width`` pixels wide, as tall as pdfium renders it at that scale."""
    page_width, page_height = page_size
    scale = width / page_width
    rendered_width, rendered_height = math.ceil(page_width * scale), math.ceil(page_height * scale)
    if rendered_width == width:
        return width, rendered_height
    return width, max(1, round(rendered_height * width / rendered_width))


def pdf_page_images(pdf: Path, *, width: int) -> list[Image.Image]:
    """Return every page of ``pdf`` as an RGB image ``width`` pixels wide."""
    return list(iter_pdf_page_images(pdf, width=width))


def contact_sheet(
    pages: Sequence[Image.Image],
    *,
    columns: int = 4,
    tile_width: int = 480,
    background: str = "#E6E9EE",
    label_color: str = "#1B2430",
) -> Image.Image:
    """Return a grid of page thumbnails, each framed and numbered from 1 underneath.

    Tiles are ``tile_width`` wide plus a 1-pixel border; rows are as tall as the tallest page.
    The result depends only on the pages and options (and the label font), never on time.
    """
    from PIL import Image, ImageDraw

    if not pages:
        raise ValueError("a contact sheet needs at least one page")
    if columns < 1 or tile_width < 1:
        raise ValueError(f"columns and tile_width must be positive, not {columns}, {tile_width}")
    columns = min(columns, len(pages))
    rows = -(-len(pages) // columns)
    gap = max(4, round(tile_width * _GAP_FRACTION))
    font_size = max(10, round(tile_width * _LABEL_FRACTION))
    label_height = round(font_size * 1.6)
    thumbs = [_fit_width(page.convert("RGB"), tile_width) for page in pages]
    thumb_height = max(t.height for t in thumbs)
    cell_width = tile_width + 2
    cell_height = thumb_height + 2 + label_height
    sheet = Image.new(
        "RGB",
        (gap + columns * (cell_width + gap), gap + rows * (cell_height + gap)),
        background,
    )
    draw = ImageDraw.Draw(sheet)
    font = _label_font(font_size)
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        left = gap + column * (cell_width + gap)
        top = gap + row * (cell_height + gap)
        # Centre shorter pages vertically so numbers stay on one line per row.
        frame_top = top + (thumb_height - thumb.height) // 2
        draw.rectangle(
            (left, frame_top, left + cell_width - 1, frame_top + thumb.height + 1),
            outline=_BORDER_COLOR,
            width=1,
        )
        sheet.paste(thumb, (left + 1, frame_top + 1))
        draw.text(
            (left + cell_width // 2, top + thumb_height + 2 + label_height // 2),
            str(index + 1),
            fill=label_color,
            font=font,
            anchor="mm",
        )
    return sheet


def png_bytes(image: Image.Image) -> bytes:
    """Return ``image`` encoded as PNG without metadata, so equal pixels give equal bytes."""
    from PIL import Image

    if image.mode not in {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    # A fresh image carries no info (ICC profile, EXIF, dpi, text) for the encoder to copy.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image.mode == "P":
        clean.putpalette(image.getpalette() or [])
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def thumbnail_data_uris(
    pdf: Path,
    *,
    width: int = 480,
    known: Sequence[bytes | None] | None = None,
    made: Callable[[int, bytes], object] | None = None,
) -> list[str]:
    """Return a ``data:image/png;base64,...`` URI for each page of ``pdf``, ``width`` px wide.

    ``known`` holds a page's PNG when it was made before (the same slide, by its key): only
    the other pages are rendered, and each PNG made is handed to ``made(index, png)``.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    known = list(known) if known is not None else []
    only = {i for i, png in enumerate(known) if png is None} if known else None
    pngs: dict[int, bytes] = {i: png for i, png in enumerate(known) if png is not None}
    # pdfium is not thread-safe, so this thread renders the pages one by one while a second one
    # encodes the pages already rendered (Pillow's PNG encoder releases the GIL). A bounded
    # queue keeps memory flat however many pages the deck has.
    pending: list[tuple[int, Future[bytes]]] = []

    def done(index: int, future: Future[bytes]) -> None:
        pngs[index] = future.result()
        if made is not None:
            made(index, pngs[index])

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="recapdeck-png") as pool:
        for index, image in _page_images(pdf, width=width, only=only):
            pending.append((index, pool.submit(png_bytes, image)))
            if len(pending) > _THUMBNAILS_IN_FLIGHT:
                done(*pending.pop(0))
        for item in pending:
            done(*item)
    return [_png_data_uri(pngs[i]) for i in sorted(pngs)]


def _png_data_uri(png: bytes) -> str:
    """Return ``png`` as a ``data:image/png;base64,...`` URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _fit_width(image: Image.Image, width: int) -> Image.Image:
    """Return ``image`` scaled to ``width`` pixels wide, keeping its aspect ratio."""
    from PIL import Image

    if image.width == width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _label_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return bold DejaVu Sans found through fontconfig, else Pillow's built-in font."""
    from PIL import ImageFont

    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            found = subprocess.run(
                [fc_match, "-f", "%{file}", "DejaVu Sans:bold"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).is_file():
            try:
                return ImageFont.truetype(found, size)
            except OSError:
                pass
    return ImageFont.load_default(size)
