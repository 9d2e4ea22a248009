"""The handout PDF printed early with stand-in thumbnails, the real ones filled in afterwards."""

from __future__ import annotations

import base64
import io
import tempfile
import threading
import zlib
from pathlib import Path

import pytest
from PIL import Image

from conftest import DECKS
from recapdeck.errors import RecapdeckError
from recapdeck.export import handout_pdf
from recapdeck.export.handout_pdf import (
    EarlyHandoutPdf,
    PlaceholderMismatch,
    fill_placeholders,
    placeholder_uris,
    png_image_data,
)
from recapdeck.export.raster import page_image_size, png_bytes

SIZE = (48, 27)
SAMPLE = DECKS / "reinvent2024-desantis.yaml"


def _picture(seed: int, size: tuple[int, int] = SIZE) -> Image.Image:
    """A picture with a gradient, stripes and a colour of its own, so that every row filter
    of the PNG encoder has something to do."""
    image = Image.new("RGB", size)
    image.putdata(
        [
            ((x * 5 + seed * 40) % 256, (y * 9) % 256, (x * y + seed * 70) % 256)
            for y in range(size[1])
            for x in range(size[0])
        ]
    )
    return image


def _uri(image: Image.Image) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")


def _handout(pictures: list[str]) -> str:
    """A small handout: each picture in a figure; the second one twice, the third in a
    translucent box (WeasyPrint draws it inside a form of its own)."""
    figures = "".join(
        f"<figure><img src='{uri}' style='width: 6cm'>"
        + (f"<img src='{uri}' style='width: 3cm'>" if n == 1 else "")
        + f"<figcaption>slide {n + 1} notes</figcaption></figure>"
        for n, uri in enumerate(pictures)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Handout</title></head><body>"
        f"<div style='opacity: 0.99'>{figures}</div>"
        "<p style='break-before: page'>the end</p></body></html>"
    )


def _pages(pdf: bytes) -> list[bytes]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=2).to_pil().tobytes() for page in document]
    finally:
        document.close()


def test_placeholders_are_distinct_rgb_pngs_of_the_size() -> None:
    uris = placeholder_uris(300, SIZE)
    assert len(set(uris)) == 300
    for uri in (uris[0], uris[299]):
        png = base64.b64decode(uri.partition(",")[2])
        width, height, _ = png_image_data(png)
        assert (width, height) == SIZE
        assert Image.open(io.BytesIO(png)).mode == "RGB"
    last = Image.open(io.BytesIO(base64.b64decode(uris[299].partition(",")[2])))
    assert [last.getpixel((x, 0)) for x in range(3)] == [
        (0x72, 0x64, 0x6B),
        (0x70, 0x68, 0x21),
        (0, 1, 43),
    ]
    with pytest.raises(ValueError):
        placeholder_uris(1, (2, 10))


def test_only_8_bit_rgb_non_interlaced_pngs_are_taken_as_they_are() -> None:
    buffer = io.BytesIO()
    Image.new("P", SIZE).save(buffer, format="PNG")
    with pytest.raises(PlaceholderMismatch):
        png_image_data(buffer.getvalue())
    with pytest.raises(PlaceholderMismatch):
        png_image_data(b"GIF89a")
    width, height, idat = png_image_data(png_bytes(_picture(1)))
    assert (width, height) == SIZE
    assert len(zlib.decompress(idat)) == SIZE[1] * (1 + 3 * SIZE[0])  # a filter byte a row


@pytest.mark.parametrize("kind", [0, 1, 2, 3, 4])
def test_the_first_row_is_read_back_whatever_its_png_filter(kind: int) -> None:
    pixels = bytes((0x72, 0x64, 0x6B, 0x70, 0x68, 0x21, 0, 1, 44))
    encoded = bytearray(pixels)
    for i in range(8, 2, -1):  # encode right to left: each byte from its raw left neighbour
        left = pixels[i - 3]
        if kind in (1, 4):
            encoded[i] = (pixels[i] - left) & 255
        elif kind == 3:
            encoded[i] = (pixels[i] - left // 2) & 255
    assert handout_pdf._unfilter_first_row(bytes([kind]) + bytes(encoded)) == pixels


def test_page_image_size_matches_the_rendered_thumbnails() -> None:
    assert page_image_size((960, 540), width=480) == (480, 270)
    assert page_image_size((720, 540), width=480) == (480, 360)


@pytest.mark.external
def test_filled_pdf_shows_what_printing_the_real_pictures_shows() -> None:
    pytest.importorskip("weasyprint")
    from recapdeck.export.pdf import html_to_pdf

    real = [_uri(_picture(n)) for n in range(3)]
    stand_ins = placeholder_uris(3, SIZE)
    printed = html_to_pdf(_handout(stand_ins))
    pngs = [png_bytes(_picture(n)) for n in range(3)]
    filled = fill_placeholders(printed, pngs, SIZE)
    assert _pages(filled) == _pages(html_to_pdf(_handout(real)))
    assert fill_placeholders(printed, pngs, SIZE) == filled  # deterministic
    assert _pages(printed) != _pages(filled)
    with pytest.raises(PlaceholderMismatch):  # a thumbnail of another size
        fill_placeholders(printed, [*pngs[:2], png_bytes(_picture(2, (48, 28)))], SIZE)
    with pytest.raises(PlaceholderMismatch):  # a stand-in without its thumbnail
        fill_placeholders(printed, pngs[:2], SIZE)


@pytest.mark.external
def test_early_handout_gives_the_pdf_of_the_real_html() -> None:
    pytest.importorskip("weasyprint")
    from recapdeck.export.pdf import html_to_pdf

    real = [_uri(_picture(n)) for n in range(3)]
    stand_ins = placeholder_uris(3, SIZE)
    expected = _pages(html_to_pdf(_handout(real)))

    early = EarlyHandoutPdf(_handout(stand_ins), stand_ins, SIZE)
    try:
        assert _pages(early.finish(_handout(real), real)) == expected
    finally:
        early.close()

    # the real HTML is not the printed one with its thumbnails: it is printed itself
    early = EarlyHandoutPdf(_handout(stand_ins), stand_ins, SIZE)
    try:
        other = _handout(real).replace("slide 2 notes", "slide 2 changed")
        assert early.finish(other, real) == html_to_pdf(other)
    finally:
        early.close()

    # thumbnails of another size than the stand-ins: printed again, with them
    bigger = [_uri(_picture(n, (48, 28))) for n in range(3)]
    early = EarlyHandoutPdf(_handout(stand_ins), stand_ins, SIZE)
    try:
        assert early.finish(_handout(bigger), bigger) == html_to_pdf(_handout(bigger))
    finally:
        early.close()


def test_an_error_while_printing_early_is_raised_by_finish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(html: str) -> bytes:
        raise RecapdeckError("HTML to PDF needs WeasyPrint, which is not installed")

    monkeypatch.setattr(handout_pdf, "html_to_pdf", fail)
    stand_ins = placeholder_uris(1, SIZE)
    early = EarlyHandoutPdf(_handout(stand_ins), stand_ins, SIZE)
    with pytest.raises(RecapdeckError, match="WeasyPrint"):
        early.finish(_handout([_uri(_picture(0))]), [_uri(_picture(0))])
    early.close()
    assert not any(t.name == "recapdeck-handout-pdf" for t in threading.enumerate())


@pytest.mark.external
def test_a_failed_conversion_waits_for_the_early_handout_and_writes_no_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice fails while WeasyPrint prints the handout: the build reports LibreOffice's
    error, writes no PDF, leaves no temporary folder and no printing thread behind."""
    pytest.importorskip("weasyprint")
    from recapdeck import build

    soffice = tmp_path / "fake-soffice"
    soffice.write_text("#!/bin/sh\necho 'boom: no display' >&2\nexit 1\n")
    soffice.chmod(0o755)
    monkeypatch.setenv("RECAPDECK_SOFFICE", str(soffice))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    out = tmp_path / "out"
    with pytest.raises(RecapdeckError, match="boom: no display") as caught:
        build(SAMPLE, out_dir=out, pdf=True, cache=False)
    assert "no PDFs were made" in str(caught.value)
    assert sorted(p.name for p in out.iterdir()) == [
        "reinvent2024-desantis-handout.html",
        "reinvent2024-desantis-handout.md",
        "reinvent2024-desantis.pptx",
    ]
    assert not any(t.name == "recapdeck-handout-pdf" for t in threading.enumerate())
    assert list(scratch.iterdir()) == []


@pytest.mark.external
def test_a_handout_without_thumbnails_is_printed_as_it_is() -> None:
    pytest.importorskip("weasyprint")
    from recapdeck.export.pdf import html_to_pdf

    html = (
        "<!doctype html><html><head><title>t</title></head><body><p>no pictures</p></body></html>"
    )
    stand_ins = placeholder_uris(2, SIZE)
    printed = html_to_pdf(html)
    assert fill_placeholders(printed, [png_bytes(_picture(n)) for n in range(2)], SIZE) == printed
    early = EarlyHandoutPdf(html, stand_ins, SIZE)
    try:
        assert early.finish(html, [_uri(_picture(n)) for n in range(2)]) == printed
    finally:
        early.close()


@pytest.mark.external
def test_the_html_may_be_rendered_on_the_printing_thread() -> None:
    pytest.importorskip("weasyprint")
    from recapdeck.export.pdf import html_to_pdf

    real = [_uri(_picture(n)) for n in range(2)]
    stand_ins = placeholder_uris(2, SIZE)
    threads = []

    def render() -> str:
        threads.append(threading.current_thread().name)
        return _handout(stand_ins)

    early = EarlyHandoutPdf(render, stand_ins, SIZE)
    try:
        early.wait_for_html()
        assert threads == ["recapdeck-handout-pdf"]
        assert _pages(early.finish(_handout(real), real)) == _pages(html_to_pdf(_handout(real)))
    finally:
        early.close()

    def broken() -> str:
        raise RecapdeckError("handout.html.j2:3: 'meta' is undefined")

    early = EarlyHandoutPdf(broken, stand_ins, SIZE)
    early.wait_for_html()  # set even when rendering fails
    with pytest.raises(RecapdeckError, match="undefined"):
        early.finish(_handout(real), real)
    early.close()
