"""The handout PDF printed while LibreOffice converts the deck, before the slide thumbnails exist.

WeasyPrint lays a handout out in a second or more (five for 100 slides), and the slide
thumbnails it shows only exist once LibreOffice has converted the deck. Laying the handout out
needs only the thumbnails' sizes, though, so :class:`EarlyHandoutPdf` prints it on a background
thread with stand-in pictures of the same size (:func:`placeholder_uris`: plain PNGs whose
first pixels say which slide they stand for) while LibreOffice runs, and
:meth:`EarlyHandoutPdf.finish` puts each real thumbnail's pixels into the image its stand-in
became (:func:`fill_placeholders`). It does so only when the handout's real HTML is exactly the
printed HTML with the stand-ins replaced, and every stand-in is found as the image WeasyPrint
writes for a PNG; otherwise WeasyPrint prints the real HTML again, so the result is always the
handout as WeasyPrint prints it.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import RecapdeckError
from .pdf import html_to_pdf, import_pdf_module, with_content_id

if TYPE_CHECKING:
    from pypdf.generic import StreamObject

_MAGIC = bytes((0x72, 0x64, 0x6B, 0x70, 0x68, 0x21))
"""The first two pixels of every stand-in; the third holds its index."""
_FILL = (0xE6, 0xE9, 0xEE)
"""The colour of the rest of a stand-in (never shown: every stand-in is replaced)."""
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PlaceholderMismatch(Exception):
    """The stand-ins cannot be replaced by the real thumbnails; print the real HTML instead."""


def placeholder_uris(count: int, size: tuple[int, int]) -> list[str]:
    """``count`` distinct ``data:`` URIs of RGB PNGs of ``size`` (at least 3 pixels wide)."""
    width, height = size
    if width < 3 or height < 1:
        raise ValueError(f"a stand-in needs at least 3x1 pixels, not {width}x{height}")
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    fill = bytes(_FILL) * (width - 3)
    below = (b"\x02" + bytes(3 * width)) * (height - 1)  # filter "up": as the row above
    uris = []
    for index in range(count):
        first = _MAGIC + bytes(((index >> 16) & 255, (index >> 8) & 255, index & 255)) + fill
        # written by hand: Pillow takes 2 ms a stand-in to choose filters and compress
        idat = zlib.compress(b"\x00" + first + below, 1)
        png = _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat)
        data = base64.b64encode(png + _chunk(b"IEND", b"")).decode("ascii")
        uris.append(f"data:image/png;base64,{data}")
    return uris


def _chunk(kind: bytes, body: bytes) -> bytes:
    """A PNG chunk: length, type, data and CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_image_data(png: bytes) -> tuple[int, int, bytes]:
    """The width, height and zlib stream (IDAT) of an 8-bit RGB, non-interlaced PNG.

    That stream, with PNG predictors, is what a PDF image with ``/FlateDecode`` and
    ``/DecodeParms << /Predictor 15 /Colors 3 /Columns width >>`` holds (WeasyPrint's own
    way of embedding a PNG). Raises :class:`PlaceholderMismatch` for any other PNG.
    """
    if not png.startswith(_PNG_SIGNATURE):
        raise PlaceholderMismatch("not a PNG")
    position = len(_PNG_SIGNATURE)
    header = None
    idat = []
    while position + 8 <= len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        position += 12 + length
    if header is None or not idat:
        raise PlaceholderMismatch("a PNG without a header or image data")
    width, height, depth, colour, _compression, _filter, interlace = header
    if (depth, colour, interlace) != (8, 2, 0):
        raise PlaceholderMismatch("not an 8-bit RGB, non-interlaced PNG")
    return width, height, b"".join(idat)


def fill_placeholders(pdf: bytes, pngs: Sequence[bytes], size: tuple[int, int]) -> bytes:
    """``pdf`` (printed with :func:`placeholder_uris` of ``size``) with each stand-in's pixels
    replaced by those of the PNG at its index in ``pngs`` (8-bit RGB PNGs of ``size``).

    Only the image streams change (a PDF incremental update: the rest of the file stays as
    WeasyPrint wrote it); the file identifier is derived from the content again. Raises
    :class:`PlaceholderMismatch` when a stand-in is not an image WeasyPrint wrote from a PNG,
    has no PNG to replace it, or a PNG is not one of ``size``.
    """
    return StandIns(pdf, size).fill(pngs)


class StandIns:
    """The stand-in images of a PDF printed with :func:`placeholder_uris` of ``size``, found
    before the thumbnails exist (reading the PDF is most of the work); :meth:`fill` once."""

    def __init__(self, pdf: bytes, size: tuple[int, int]) -> None:
        pypdf = import_pdf_module("pypdf")

        self.pdf = pdf
        self.size = size
        self._writer = pypdf.PdfWriter(io.BytesIO(pdf), incremental=True)
        self._found = [
            (index, image)
            for image in _images(self._writer.pages)
            if (index := _placeholder_index(image, size)) is not None
        ]

    def fill(self, pngs: Sequence[bytes]) -> bytes:
        """The PDF with each stand-in's pixels replaced by those of the PNG at its index."""
        from pypdf.generic import StreamObject

        if not self._found:
            return self.pdf  # a handout showing no thumbnail: nothing to change
        streams: dict[int, bytes] = {}
        for number, png in enumerate(pngs):
            width, height, idat = png_image_data(png)
            if (width, height) != self.size:
                raise PlaceholderMismatch(
                    f"thumbnail {number + 1} is {width}x{height}, not {self.size}"
                )
            streams[number] = idat
        for index, image in self._found:
            if index not in streams:
                raise PlaceholderMismatch(f"no thumbnail for stand-in {index}")
            StreamObject.set_data(image, streams[index])  # the raw stream, not re-encoded
        return with_content_id(self._writer)


def _images(pages: Iterable[Any]) -> Iterator[StreamObject]:
    """Every image the ``pages`` draw, once each: those of their resources, and of the
    resources of the forms and patterns they use, however deeply nested."""
    from pypdf.generic import StreamObject

    seen: set[int] = set()
    pending = [page.get("/Resources") for page in pages]
    while pending:
        resources = pending.pop()
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, Mapping):
            continue
        for kind in ("/XObject", "/Pattern"):
            named = resources.get(kind)
            named = named.get_object() if named is not None else None
            if not isinstance(named, Mapping):
                continue
            for reference in named.values():
                item = reference.get_object()
                if id(item) in seen:
                    continue
                seen.add(id(item))
                if isinstance(item, StreamObject) and item.get("/Subtype") == "/Image":
                    yield item
                elif isinstance(item, Mapping):
                    pending.append(item.get("/Resources"))


def _placeholder_index(image: StreamObject, size: tuple[int, int]) -> int | None:
    """The index a stand-in image holds, or None when ``image`` is not a stand-in."""
    if image.get("/Subtype") != "/Image":
        return None
    if (image.get("/Width"), image.get("/Height")) != size:
        return None
    if image.get("/Filter") != "/FlateDecode":
        return None
    params = image.get("/DecodeParms")
    params = params.get_object() if params is not None else {}
    try:
        first = zlib.decompressobj().decompress(image._data, 10)
    except zlib.error:
        return None
    pixels = _unfilter_first_row(first)
    if pixels is None or pixels[:6] != _MAGIC:
        return None
    ok = (
        image.get("/ColorSpace") == "/DeviceRGB"
        and image.get("/BitsPerComponent") == 8
        and "/SMask" not in image
        and params.get("/Predictor", 1) >= 10
        and params.get("/Colors", 1) == 3
        and params.get("/Columns", 1) == size[0]
    )
    if not ok:
        raise PlaceholderMismatch("a stand-in was not written as a PNG image")
    return (pixels[6] << 16) | (pixels[7] << 8) | pixels[8]


def _unfilter_first_row(data: bytes) -> bytes | None:
    """The first 9 bytes of a PNG's first row of RGB pixels, its filter undone."""
    if len(data) < 10:
        return None
    kind, raw = data[0], data[1:10]
    if kind in (0, 2):  # none; up (the row above the first is zeros)
        return bytes(raw)
    if kind not in (1, 3, 4):
        return None
    out = bytearray(raw)
    for i in range(3, 9):  # the first pixel has nothing on its left: it is raw
        left = out[i - 3]
        # paeth with nothing above is its left neighbour, as sub; average halves it
        out[i] = (out[i] + (left // 2 if kind == 3 else left)) & 255
    return bytes(out)


class EarlyHandoutPdf:
    """A handout PDF being printed on a background thread with stand-in slide thumbnails.

    Start it with the handout's HTML as rendered with :func:`placeholder_uris` (of ``size``)
    for the thumbnails, or with a function rendering it (called on the thread, see
    :meth:`wait_for_html`); :meth:`finish` returns the PDF of the real HTML. Call
    :meth:`close` in every case (it waits for the thread, so nothing is left half-done when
    the run ends).
    """

    def __init__(
        self,
        html: str | Callable[[], str],
        placeholders: Sequence[str],
        size: tuple[int, int],
    ) -> None:
        self._render = html if callable(html) else lambda: html
        self._html = ""
        self._rendered = threading.Event()
        self._placeholders = list(placeholders)
        self._size = size
        self._stand_ins: StandIns | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._print, name="recapdeck-handout-pdf", daemon=True
        )
        self._thread.start()

    def _print(self) -> None:
        try:
            try:
                self._html = self._render()
            finally:
                self._rendered.set()
            self._stand_ins = StandIns(html_to_pdf(self._html), self._size)
        except BaseException as exc:  # reported by finish(), on the caller's thread
            self._error = exc

    def wait_for_html(self) -> None:
        """Wait until the HTML to print is rendered (so that the caller may render handouts
        with the same compiled templates without doing so at the same time)."""
        self._rendered.wait()

    def finish(self, html: str, thumbnails: Sequence[str]) -> bytes:
        """The PDF of ``html``, the handout with the real ``thumbnails`` (``data:`` URIs of
        PNGs, in the order of the stand-ins)."""
        self._thread.join()
        if self._error is not None:
            if isinstance(self._error, RecapdeckError):
                raise self._error  # WeasyPrint missing, a template error: the same for ``html``
            return html_to_pdf(html)  # raises again, from here, or prints it as it is
        real = dict(zip(self._placeholders, thumbnails, strict=True))
        if _substitute(self._html, real) != html:
            return html_to_pdf(html)  # not the HTML that was printed: print it
        assert self._stand_ins is not None
        try:
            return self._stand_ins.fill([_data_uri_bytes(uri) for uri in thumbnails])
        except PlaceholderMismatch:
            return html_to_pdf(html)

    def close(self) -> None:
        """Wait for the background printing to end (a library stopped halfway through its
        import or its work can leave temporary files behind)."""
        self._thread.join()


_PNG_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def _substitute(html: str, replacements: dict[str, str]) -> str:
    """``html`` with each stand-in URI (a key of ``replacements``) replaced by its value."""
    # one pass over every PNG data: URI (the keys are thousands of characters long: an
    # alternation of them takes longer to compile than the whole pass)
    return _PNG_URI.sub(lambda match: replacements.get(match.group(0), match.group(0)), html)


def _data_uri_bytes(uri: str) -> bytes:
    """The bytes of a base64 ``data:`` URI."""
    head, _, data = uri.partition(",")
    if not head.startswith("data:") or not head.endswith(";base64"):
        raise PlaceholderMismatch("a thumbnail that is not a base64 data: URI")
    return base64.b64decode(data)
