"""Tests of the export stage against real LibreOffice, pdfium and WeasyPrint."""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from recapdeck.errors import RecapdeckError
from recapdeck.export import raster
from recapdeck.export.libreoffice import convert_to_pdf, find_soffice
from recapdeck.export.pdf import html_to_pdf, normalise_pdf
from recapdeck.export.raster import contact_sheet, pdf_page_images, png_bytes, thumbnail_data_uris

pytestmark = pytest.mark.external  # LibreOffice, pdfium and WeasyPrint

# Skipped only on a developer machine without them; in CI (CI=true) a missing tool fails.
needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) and not os.environ.get("CI"),
    reason="LibreOffice not installed",
)
needs_pdffonts = pytest.mark.skipif(
    not shutil.which("pdffonts") and not os.environ.get("CI"), reason="poppler-utils missing"
)

TITLES = ("Alpha", "Beta", "Gamma")


def _make_deck(path: Path, titles: tuple[str, ...], *, font: str = "Calibri") -> Path:
    """Write a 16:9 deck with one title-only slide per title and a body text box in ``font``."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(12192000), Emu(6858000)
    for title in titles:
        slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # Title Only
        slide.shapes.title.text = title
        for paragraph in slide.shapes.title.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.name = font
        box = slide.shapes.add_textbox(Emu(914400), Emu(2743200), Emu(9144000), Emu(1828800))
        run = box.text_frame.paragraphs[0].add_run()
        run.text = f"{title} body text with some ordinary words"
        run.font.name = font
        run.font.size = Pt(28)
    presentation.save(path)
    return path


def _page_texts(pdf: Path | bytes) -> list[str]:
    """Return the text of each page of a PDF file or PDF bytes."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def _pdf_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def _fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """Point RECAPDECK_SOFFICE at a shell script with ``body``."""
    script = tmp_path / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    monkeypatch.setenv("RECAPDECK_SOFFICE", str(script))
    return script


@pytest.fixture(scope="module")
def abc_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Alpha/Beta/Gamma deck converted once for the module."""
    root = tmp_path_factory.mktemp("abc")
    deck = _make_deck(root / "abc.pptx", TITLES)
    [pdf] = convert_to_pdf([deck], root / "out")
    return pdf


@needs_soffice
def test_convert_gives_one_page_per_slide_with_its_title(abc_pdf: Path) -> None:
    assert abc_pdf.name == "abc.pdf"
    texts = _page_texts(abc_pdf)
    assert len(texts) == 3
    for title, text in zip(TITLES, texts, strict=True):
        assert title in text
        assert f"{title} body text" in text


@needs_soffice
@needs_pdffonts
def test_calibri_is_embedded_as_carlito_without_fallback(abc_pdf: Path) -> None:
    fonts = _pdf_fonts(abc_pdf)
    assert "Carlito" in fonts
    assert "DejaVu" not in fonts
    carlito = [line for line in fonts.splitlines() if "Carlito" in line]
    assert all(" yes " in line for line in carlito)  # the emb column


@needs_soffice
def test_pdf_pages_rasterise_to_the_requested_width(abc_pdf: Path) -> None:
    pages = pdf_page_images(abc_pdf, width=320)
    assert [page.size for page in pages] == [(320, 180)] * 3
    assert all(page.mode == "RGB" for page in pages)
    uris = thumbnail_data_uris(abc_pdf, width=200)
    assert len(uris) == 3
    from PIL import Image

    prefix = "data:image/png;base64,"
    assert all(uri.startswith(prefix) for uri in uris)
    with Image.open(io.BytesIO(base64.b64decode(uris[0][len(prefix) :]))) as first:
        assert first.size == (200, 112) or first.size == (200, 113)


@needs_soffice
def test_thumbnails_keep_the_page_order_while_encoded_beside_the_rendering(
    abc_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(raster, "_THUMBNAILS_IN_FLIGHT", 1)  # the queue fills up at once
    expected = [
        "data:image/png;base64," + base64.b64encode(png_bytes(page)).decode("ascii")
        for page in pdf_page_images(abc_pdf, width=160)
    ]
    assert thumbnail_data_uris(abc_pdf, width=160) == expected


@needs_soffice
def test_normalised_libreoffice_pdfs_are_identical_and_keep_their_content(
    abc_pdf: Path, tmp_path: Path
) -> None:
    import pypdf

    raw = abc_pdf.read_bytes()
    [again] = convert_to_pdf([abc_pdf.parent.parent / "abc.pptx"], tmp_path)
    assert raw != again.read_bytes()  # LibreOffice's time, random identifier and checksum
    when = dt.datetime(2024, 12, 2, 9, 30)
    fixed = normalise_pdf(raw, when)
    assert fixed == normalise_pdf(again.read_bytes(), when)
    assert b"/DocChecksum" not in fixed

    reader = pypdf.PdfReader(io.BytesIO(fixed), strict=True)
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20241202093000Z"
    assert reader.metadata["/Producer"].startswith("LibreOffice")  # the rest of it is kept
    assert len(reader.pages) == 3
    file_id = reader.trailer["/ID"]
    assert file_id[0] == file_id[1]
    assert b"<" + b"00" * 16 + b">" not in fixed  # derived from the content, not left blank

    assert [p.extract_text() for p in reader.pages] == [
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(raw)).pages
    ]


@needs_soffice
def test_an_incrementally_updated_pdf_is_normalised_by_rewriting_it(abc_pdf: Path) -> None:
    import pypdf

    writer = pypdf.PdfWriter(abc_pdf, incremental=True)
    writer.add_metadata({"/Title": "Updated"})
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert updated.count(b"startxref") == 2  # a second cross-reference section after the first
    when = dt.datetime(2024, 1, 1)
    fixed = normalise_pdf(updated, when)
    assert fixed.count(b"startxref") == 1  # rewritten as a whole
    assert fixed == normalise_pdf(updated, when)
    reader = pypdf.PdfReader(io.BytesIO(fixed))
    assert reader.metadata is not None
    assert reader.metadata["/Title"] == "Updated"
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20240101000000Z"
    assert len(reader.pages) == 3


@needs_soffice
def test_parallel_conversions_do_not_collide(tmp_path: Path) -> None:
    decks = [
        _make_deck(tmp_path / "one.pptx", ("One",)),
        _make_deck(tmp_path / "two.pptx", ("Two", "Three")),
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(convert_to_pdf, [deck], tmp_path / f"out-{deck.stem}") for deck in decks
        ]
        results = [future.result() for future in futures]
    assert [len(_page_texts(pdf)) for [pdf] in results] == [1, 2]
    assert results[0][0].parent.name == "out-one"
    # Nothing but the PDF is left in the output directory.
    assert sorted(p.name for p in (tmp_path / "out-two").iterdir()) == ["two.pdf"]


@needs_soffice
@needs_pdffonts
def test_font_dirs_make_extra_fonts_visible(tmp_path: Path) -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=False
    ).stdout
    if not found.endswith(".ttf"):
        pytest.skip("no DejaVu Sans .ttf to derive a probe font from")
    font = ttlib.TTFont(found)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Recapdeck Probe"
        elif record.nameID in (3, 6):
            record.string = "RecapdeckProbe"
    font_dir = tmp_path / "fonts"
    font_dir.mkdir()
    font.save(font_dir / "RecapdeckProbe.ttf")
    deck = _make_deck(tmp_path / "probe.pptx", ("Probe",), font="Recapdeck Probe")

    [without] = convert_to_pdf([deck], tmp_path / "without")
    [with_dirs] = convert_to_pdf([deck], tmp_path / "with", font_dirs=[font_dir])
    assert "RecapdeckProbe" not in _pdf_fonts(without)
    assert "RecapdeckProbe" in _pdf_fonts(with_dirs)


def test_missing_libreoffice_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("RECAPDECK_SOFFICE", raising=False)
    with pytest.raises(RecapdeckError, match="libreoffice-impress"):
        find_soffice()
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"not really a deck")
    with pytest.raises(RecapdeckError, match="RECAPDECK_SOFFICE"):
        convert_to_pdf([deck], tmp_path / "out")


def test_bad_recapdeck_soffice_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECAPDECK_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    with pytest.raises(RecapdeckError, match=r"RECAPDECK_SOFFICE=.*does not exist"):
        find_soffice()
    not_executable = tmp_path / "soffice"
    not_executable.write_text("")
    monkeypatch.setenv("RECAPDECK_SOFFICE", str(not_executable))
    with pytest.raises(RecapdeckError, match=r"RECAPDECK_SOFFICE=.*not executable"):
        find_soffice()


def test_hanging_libreoffice_is_killed_with_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child_pid_file = tmp_path / "child.pid"
    _fake_soffice(
        tmp_path, monkeypatch, f'echo "starting up"\nsleep 60 &\necho $! > {child_pid_file}\nwait'
    )
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"x")
    start = time.monotonic()
    with pytest.raises(RecapdeckError, match=r"within 2 s") as raised:
        convert_to_pdf([deck], tmp_path / "out", timeout=2)
    assert time.monotonic() - start < 10
    assert "starting up" in str(raised.value)
    child = int(child_pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            break
        if state == "Z":  # killed, waiting for init to reap it
            break
        time.sleep(0.05)
    else:
        pytest.fail("the sleeping child of the fake soffice survived the timeout")


def test_failing_libreoffice_reports_exit_status_and_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_soffice(tmp_path, monkeypatch, 'echo "boom: no display" >&2\nexit 1')
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"x")
    with pytest.raises(RecapdeckError, match=r"exit status 1(.|\n)*boom: no display"):
        convert_to_pdf([deck], tmp_path / "out")


def test_libreoffice_that_writes_nothing_is_reported_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_soffice(tmp_path, monkeypatch, 'echo "Error: source file could not be loaded"')
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"x")
    with pytest.raises(RecapdeckError) as raised:
        convert_to_pdf([deck], tmp_path / "out")
    [problem] = raised.value.problems
    assert problem.location is not None and problem.location.path == deck
    assert "did not produce a PDF" in problem.message
    assert "could not be loaded" in problem.message
    assert list((tmp_path / "out").iterdir()) == []


def test_sources_are_checked_before_libreoffice_runs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    same_a, same_b = tmp_path / "a" / "deck.pptx", tmp_path / "b" / "deck.pptx"
    same_a.write_bytes(b"x")
    same_b.write_bytes(b"x")
    with pytest.raises(RecapdeckError) as raised:
        convert_to_pdf([same_a, same_b, tmp_path / "missing.pptx"], tmp_path / "out")
    messages = [p.message for p in raised.value.problems]
    assert any("file not found" in m for m in messages)
    assert any("deck.pdf" in m for m in messages)
    assert convert_to_pdf([], tmp_path / "out") == []


def _colour_pages() -> list:
    from PIL import Image

    colours = ["#FFFFFF", "#D03030", "#30A030", "#3030D0", "#202020"]
    return [Image.new("RGB", (320, 180), colour) for colour in colours]


def test_contact_sheet_size_layout_and_determinism() -> None:
    sheet = contact_sheet(_colour_pages(), columns=3, tile_width=240)
    # gap 8 = 240/30, label 19 = 1.6 * 12 pt-size font (240/20), 1-pixel border each side.
    gap, cell_width, cell_height = 8, 240 + 2, 135 + 2 + 19
    assert sheet.size == (gap + 3 * (cell_width + gap), gap + 2 * (cell_height + gap))
    assert sheet.mode == "RGB"
    # Second tile: border, then the page, then the number below on the background.
    left = gap + cell_width + gap
    assert sheet.getpixel((left + 120, gap + 60)) == (0xD0, 0x30, 0x30)
    assert sheet.getpixel((left, gap + 60)) != (0xD0, 0x30, 0x30)
    label_box = sheet.crop((left, gap + 137, left + cell_width, gap + cell_height))
    assert len(label_box.getcolors(10000) or []) > 1  # the number is drawn
    assert png_bytes(sheet) == png_bytes(contact_sheet(_colour_pages(), columns=3, tile_width=240))


def test_contact_sheet_uses_fewer_columns_than_pages_allow() -> None:
    pages = _colour_pages()[:2]
    assert (
        contact_sheet(pages, columns=4, tile_width=240).size
        == contact_sheet(pages, columns=2, tile_width=240).size
    )
    with pytest.raises(ValueError):
        contact_sheet([], columns=3)


def test_png_bytes_carry_no_metadata() -> None:
    from PIL import Image

    image = Image.new("RGB", (8, 8), "#123456")
    image.info.update({"dpi": (300, 300), "icc_profile": b"fake", "comment": "hello"})
    data = png_bytes(image)
    for chunk in (b"iCCP", b"pHYs", b"tEXt", b"zTXt", b"iTXt", b"tIME", b"eXIf"):
        assert chunk not in data
    assert data == png_bytes(Image.new("RGB", (8, 8), "#123456"))


def test_html_to_pdf_breaks_pages_and_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Handout</title></head><body>"
        "<p>first apple</p>"
        "<p style='break-before: page'>second banana</p>"
        "<p style='break-before: page'>third cherry</p></body></html>"
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF-")
    texts = _page_texts(pdf)
    assert len(texts) == 3
    for word, text in zip(("apple", "banana", "cherry"), texts, strict=True):
        assert word in text
    assert html_to_pdf(html) == pdf


def test_html_to_pdf_embeds_data_uris_and_loads_no_file(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    import base64
    import io

    import pypdfium2 as pdfium
    from PIL import Image

    Image.new("RGB", (40, 20), "#FF0000").save(tmp_path / "red.png")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#00FF00").save(buffer, format="PNG")
    inline = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    html = (
        f"<img src='{inline}' style='width: 4cm'>"
        f"<img src='{(tmp_path / 'red.png').as_uri()}' style='width: 4cm'>"
    )
    document = pdfium.PdfDocument(html_to_pdf(html))
    try:
        page = document[0]
        images = [obj for obj in page.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        page.close()
    finally:
        document.close()
    assert len(images) == 1  # the inline picture; the file on disk was refused


def test_html_to_pdf_without_weasyprint_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes the import fail
    with pytest.raises(RecapdeckError, match=r"pip install 'recapdeck\[pdf\]'"):
        html_to_pdf("<p>x</p>")


def test_soffice_environment_is_deterministic_friendly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "env.txt"
    _fake_soffice(
        tmp_path,
        monkeypatch,
        f'echo "TZ=$TZ LC_ALL=$LC_ALL SDE=$SOURCE_DATE_EPOCH FC=$FONTCONFIG_FILE" > {dump}\n'
        f'cat "$FONTCONFIG_FILE" >> {dump}\n'
        'for a; do case "$a" in -env:*) echo "$a" >> ' + str(dump) + ";; esac; done\nexit 1",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"x")
    fonts = tmp_path / "my fonts & more"
    fonts.mkdir()
    with pytest.raises(RecapdeckError):
        convert_to_pdf([deck], tmp_path / "out", font_dirs=[fonts])
    text = dump.read_text()
    assert "TZ=UTC LC_ALL=C.UTF-8 SDE=1700000000 FC=" in text
    assert '<include ignore_missing="yes">' in text
    assert "<dir>" + str(fonts).replace("&", "&amp;") + "</dir>" in text
    assert "-env:UserInstallation=file://" in text
