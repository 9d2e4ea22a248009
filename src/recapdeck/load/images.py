"""Probe screenshots at load time and prepare them for embedding at render time (Pillow)."""

from __future__ import annotations

import contextlib
import errno
import io
import math
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Location, Problem, RecapdeckError

MAX_PIXELS = 50_000_000
"""Images above this many pixels are refused: a decompression bomb or a mistake.

An 8K screenshot (7680×4320) is 33 million pixels; decoding 50 million takes about 200 MB.
"""

_PASSTHROUGH = {"PNG": {"RGB", "RGBA", "L", "LA", "P"}, "JPEG": {"RGB", "L"}}
_CONVERT_HINTS = {
    ".svg": "SVG is a vector format PowerPoint decks cannot take from recapdeck; export it to "
    "PNG first, e.g. 'rsvg-convert -w 1920 in.svg -o out.png'",
    ".pdf": "a PDF is not an image; export the page to PNG, e.g. 'pdftoppm -png -r 150 in.pdf out'",
    ".heic": "HEIC is not readable here; convert it to JPEG or PNG first",
}


@dataclass(frozen=True)
class ImageInfo:
    """What the planner needs to know about an image file: size as displayed, and format."""

    path: Path
    width: int
    height: int
    format: str
    orientation: int = 1
    mode: str = "RGB"

    @property
    def aspect(self) -> float:
        """Width over height, after EXIF orientation."""
        return self.width / self.height


def probe_image(path: Path) -> ImageInfo:
    """Open ``path`` just enough to know its size, orientation and format; raise if unusable."""
    from PIL import Image, UnidentifiedImageError

    where = Location(path)
    hint = _CONVERT_HINTS.get(path.suffix.lower())
    try:
        if path.is_dir():
            raise RecapdeckError(Problem(where, f"'{path.name}' is a folder, not an image file"))
        if path.exists() and not path.is_file():
            # A pipe would block the build forever and a device could be read without end.
            raise RecapdeckError(
                Problem(
                    where,
                    f"'{path.name}' is not a regular file (a pipe, device or socket); "
                    "name an image file",
                )
            )
        if path.is_file() and path.stat().st_size == 0:
            raise RecapdeckError(
                Problem(where, f"'{path.name}' is empty (0 bytes); export or copy it again")
            )
        with _quiet_pillow(), Image.open(path) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise _bomb(where, width * height, f"{width}×{height}, ")
            orientation = _orientation(img, path)
            fmt = img.format or "?"
            mode = img.mode
            with _strict_decoding():
                if fmt == "JPEG":
                    # A JPEG is embedded as it is, so damage must be caught now. Decoding at 1/8
                    # scale still reads every byte of the compressed data, at a fraction of the
                    # cost.
                    img.draft(img.mode, (max(1, width // 8), max(1, height // 8)))
                    img.load()
                elif fmt != "PNG":
                    # Every pixel is decoded now: damaged data would crash the handout's
                    # thumbnail or build with black rows. A PNG is checked below, without
                    # decoding: inflating its data and reading each row's filter is a quarter
                    # of the cost, and catches what decoding would.
                    img.load()
        if fmt == "PNG":
            if damage := _png_damage(path):
                raise RecapdeckError(Problem(where, f"'{path.name}' is damaged{damage}"))
            with _quiet_pillow(), Image.open(path) as img:
                img.verify()  # checks every chunk's CRC, catching truncated or damaged files
    except RecapdeckError:
        raise
    except Image.DecompressionBombError as exc:
        # Pillow refuses before decoding; its message holds the pixel count.
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise _bomb(where, int(pixels.group(1)) if pixels else 0) from None
    except UnidentifiedImageError:
        message = hint or (
            f"'{path.name}' is not an image recapdeck can read (PNG, JPEG, GIF, WebP, BMP, "
            "TIFF); check that the file is not damaged or mislabelled"
        )
        raise RecapdeckError(Problem(where, message)) from None
    except OSError as exc:
        raise RecapdeckError(Problem(where, _os_message(path, exc))) from None
    except (SyntaxError, ValueError) as exc:  # Pillow's verify() reports damage this way
        raise RecapdeckError(
            Problem(where, f"'{path.name}' is damaged ({exc}); export the image again")
        ) from None
    if width == 0 or height == 0:
        raise RecapdeckError(Problem(where, f"'{path.name}' has no pixels"))
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return ImageInfo(path, width, height, fmt, orientation, mode)


IMAGE_SETTINGS = "box-or-lanczos/png6/jpeg88/v2"
"""Names how :func:`prepare_image` and :func:`shrink_image` encode; part of every cache key, so
change it whenever their output bytes change."""


_TRANSPOSE = {2: 0, 3: 3, 4: 1, 5: 5, 6: 4, 7: 6, 8: 2}
"""EXIF orientation → ``Image.Transpose`` value that undoes it (as ``ImageOps.exif_transpose``)."""


def image_library_versions() -> tuple[str, ...]:
    """The versions of what encodes the images (Pillow, zlib), for cache keys: a new encoder may
    write other bytes for the same pixels."""
    import zlib

    import PIL

    return (f"pillow-{PIL.__version__}", f"zlib-{zlib.ZLIB_RUNTIME_VERSION}")


PASS_THROUGH_SLACK = 1.25
"""An image at most this much larger than the size kept is embedded as it is: decoding and
encoding a 1920-pixel screenshot to keep 1760 pixels costs ~50 ms and saves 8 % of its pixels."""


def passes_through(info: ImageInfo, max_width: int, max_height: int) -> bool:
    """Whether :func:`prepare_image` embeds the file as it is (no decoding, nothing to cache):
    a format and mode PowerPoint shows, upright, within :data:`PASS_THROUGH_SLACK` of the box."""
    slack = PASS_THROUGH_SLACK
    fits = info.width <= max_width * slack and info.height <= max_height * slack
    return fits and info.orientation == 1 and info.mode in _PASSTHROUGH.get(info.format, ())


def prepare_image(info: ImageInfo, max_width: int, max_height: int) -> tuple[bytes, str]:
    """Return image bytes and an extension ready to embed, no larger than the box in pixels.

    The original file is passed through untouched when PowerPoint can show it as it is;
    otherwise it is rotated per EXIF, downscaled and re-encoded (PNG, or JPEG for photos).
    """
    from PIL import Image

    if passes_through(info, max_width, max_height):
        return info.path.read_bytes(), ("jpg" if info.format == "JPEG" else "png")
    try:
        with _quiet_pillow(), Image.open(info.path) as src:
            if info.format == "JPEG" and info.orientation == 1:
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still leaves more than
                # twice the target: the LANCZOS pass below then starts from far fewer pixels.
                src.draft(src.mode, (max_width * 2, max_height * 2))
            turned = info.orientation in (5, 6, 7, 8)  # the box as the stored pixels lie
            img = downscale(src, *((max_height, max_width) if turned else (max_width, max_height)))
            if (turn := _TRANSPOSE.get(info.orientation)) is not None:
                img = img.transpose(turn)
            return _encode(img, jpeg=info.format == "JPEG")
    except OSError as exc:
        raise RecapdeckError(
            Problem(
                Location(info.path),
                f"'{info.path.name}' cannot be decoded ({exc}); "
                "the file is probably truncated — export it again",
            )
        ) from None


def fits(data: bytes, max_width: int, max_height: int) -> bool:
    """Whether the image in ``data`` is no larger than the box (reads only its header)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return img.width <= max_width and img.height <= max_height


def shrink_image(data: bytes, ext: str, max_width: int, max_height: int) -> tuple[bytes, str]:
    """Return prepared image bytes (from :func:`prepare_image`) made to fit a smaller box.

    ``data`` itself when it already fits; else downscaled and encoded as :func:`prepare_image`
    would. Deriving a handout's small copy from the deck-sized image spares decoding the 4K
    original a second time.
    """
    from PIL import Image

    if fits(data, max_width, max_height):
        return data, ext
    with Image.open(io.BytesIO(data)) as img:
        return _encode(downscale(img, max_width, max_height), jpeg=ext == "jpg")


REDUCE_SLACK = 0.9
"""How far below the box a cheap whole-number reduction may land and still be kept.

The box is already twice the displayed size, so landing at 90 % of it still leaves 1.8×."""


def downscale(img: Any, max_width: int, max_height: int) -> Any:
    """Return ``img`` fitted into the box, aspect kept; ``img`` itself when it already fits.

    A 4K screenshot shown at about 1000 pt is 1.9× its box: averaging each 2×2 block of pixels
    (``Image.reduce``) lands at 96 % of the box in a twelfth of the time a LANCZOS pass over
    8 million pixels takes, and is an exact box filter, so text stays clean. When no whole
    factor lands between :data:`REDUCE_SLACK` and 100 % of the box, the largest one that stays
    above it shrinks the image first and LANCZOS does the rest.
    """
    from PIL import Image

    scale = max(img.width / max_width, img.height / max_height)
    if scale <= 1:
        return img
    if img.mode not in ("L", "LA", "RGB", "RGBA"):  # palettes, 1-bit, 16-bit: mix in RGB
        img = img.convert("RGBA" if img.has_transparency_data else "RGB")
    if scale / math.ceil(scale) >= REDUCE_SLACK:
        return img.reduce(math.ceil(scale))
    if scale >= 2:
        img = img.reduce(math.floor(scale))
    img.thumbnail((max_width, max_height), Image.Resampling.LANCZOS)
    return img


def _encode(img: Any, *, jpeg: bool) -> tuple[bytes, str]:
    """PNG for screenshots (text stays crisp), JPEG only for what was a JPEG photo."""
    out = io.BytesIO()
    if jpeg and img.mode in ("RGB", "L", "CMYK"):
        img.convert("RGB" if img.mode == "CMYK" else img.mode).save(
            out, "JPEG", quality=88, optimize=True
        )
        return out.getvalue(), "jpg"
    if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        img = img.convert("RGBA" if "A" in img.mode else "RGB")
    img.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue(), "png"


def _orientation(img: Any, path: Path) -> int:
    """The EXIF orientation of an opened image (1 when it has none), without decoding a PNG.

    Pillow's ``getexif()`` on a PNG decodes every pixel in case metadata follows the image
    data; recapdeck only does that when a metadata chunk really does follow it.
    """
    from PIL import Image

    if img.format == "PNG" and "exif" not in img.info and not _png_trailing_metadata(path):
        exif = Image.Image.getexif(img)  # the metadata read so far is all there is
    else:
        exif = img.getexif()
    return int(exif.get(0x0112, 1) or 1)


_PNG_METADATA = {b"eXIf", b"tEXt", b"zTXt", b"iTXt"}


def _png_trailing_metadata(path: Path) -> bool:
    """Whether the PNG has a metadata chunk after its image data (or cannot be walked)."""
    with path.open("rb") as f:
        f.seek(8)  # the signature
        seen_data = False
        while True:
            head = f.read(8)
            if len(head) < 8:
                return True  # cut short: let Pillow decode it and say what is wrong
            length, kind = int.from_bytes(head[:4], "big"), head[4:]
            if kind == b"IEND":
                return False
            seen_data = seen_data or kind == b"IDAT"
            if seen_data and kind in _PNG_METADATA:
                return True
            f.seek(length + 4, 1)  # the data and its CRC


@contextlib.contextmanager
def _quiet_pillow() -> Iterator[None]:
    """Silence Pillow's DecompressionBombWarning: :data:`MAX_PIXELS` is checked instead.

    Pillow would otherwise print a Python warning to stderr for images above its own limit
    before recapdeck gets to refuse them with a located message.
    """
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))  # fmt: skip
"""The passes of an interlaced PNG: first column and row, column and row step."""


def _png_damage(path: Path) -> str:
    """What is wrong with a PNG's pixel data, as the end of a sentence, or "" when nothing is.

    Its data must inflate (it is deflate data), hold every filtered row of the image (Pillow
    decodes a PNG whose compressed data is whole but holds only some of the rows without
    complaint, leaving the rest black) and start each row with one of the five filters. That
    is what decoding it would find wrong, in a quarter of the time: the image is embedded as
    it is, never decoded, unless it is scaled down.
    """
    import struct
    import zlib

    data = path.read_bytes()
    pos, idat, header, ended = 8, [], b"", False
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            ended = True
            break
        pos += 12 + length
    if len(header) < 13:
        return ""  # Pillow judged the header already
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header[:13])
    bits = depth * {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(color, 1)
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    rows: list[int] = []  # each filtered row's length, filter byte included
    for x0, y0, dx, dy in passes:
        w, h = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if w and h:
            rows += [1 + (w * bits + 7) // 8] * h
    expected = sum(rows)
    inflater, got, row, next_filter = zlib.decompressobj(), 0, 0, 0
    pending = b"".join(idat)
    try:
        while pending and got < expected:
            chunk = inflater.decompress(pending, 1 << 20)
            pending = inflater.unconsumed_tail
            while row < len(rows) and next_filter < got + len(chunk):
                if chunk[next_filter - got] > 4:
                    return f" (row {row + 1} has an unknown filter); export it again"
                next_filter += rows[row]
                row += 1
            got += len(chunk)
            if not chunk:
                break
    except zlib.error as exc:
        return f" or truncated ({exc}); export or download it again"
    if got < expected:
        if not ended:
            return (
                " or truncated (the file ends inside its pixel data); export or download it again"
            )
        return (
            f": its pixel data ends {expected - got} bytes early (part of the image would be "
            "black); export or download it again"
        )
    return ""


@contextlib.contextmanager
def _strict_decoding() -> Iterator[None]:
    """Make Pillow raise on truncated data, whatever another library set globally.

    WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` when it is imported, which would
    let a cut-off screenshot through once a handout PDF has been made in the same process.
    """
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _bomb(where: Location, pixels: int, size: str = "") -> RecapdeckError:
    size = f" ({size}{pixels:,} pixels)" if pixels else ""
    return RecapdeckError(
        Problem(
            where,
            f"the image is too large{size}: more than {MAX_PIXELS:,} pixels. Scale it down "
            "(a 3840×2160 screenshot is plenty)",
        )
    )


def _os_message(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return f"'{path.name}' not found"
    if exc.errno == errno.ELOOP:
        return f"'{path.name}' is a symbolic link that points to itself (a loop); fix the link"
    if exc.errno == errno.EACCES:
        return f"'{path.name}' cannot be read (permission denied); check its permissions"
    if exc.errno == errno.EISDIR:
        return f"'{path.name}' is a folder, not an image file"
    if exc.errno is None:
        # Pillow reports damaged or cut-off image data as a plain OSError without an errno.
        return f"'{path.name}' is damaged or truncated ({exc}); export or download it again"
    return f"'{path.name}' cannot be read: {exc}"
