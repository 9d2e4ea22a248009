"""PDF export end to end: the deck and handout PDFs, thumbnails, the preview and failures."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from conftest import DECKS, ROOT
from recapdeck import build
from recapdeck.export.pdf import embedded_fonts
from recapdeck.pipeline import preview

pytestmark = [
    pytest.mark.external,
    pytest.mark.skipif(
        not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed"
    ),
]
SAMPLE = DECKS / "reinvent2024-desantis.yaml"


def page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def squash(text: str) -> str:
    # pdfium reports a hyphen that ends a line as U+FFFE (or U+0002)
    return re.sub(r"\s+", "", text.replace("\ufffe", "-").replace("\x02", "-"))


@pytest.fixture(scope="module")
def with_pdf(tmp_path_factory):
    return build(SAMPLE, out_dir=tmp_path_factory.mktemp("pdf"), pdf=True)


def test_deck_pdf_has_one_page_per_slide_with_its_title(with_pdf):
    deck_pdf = with_pdf.pptx.with_suffix(".pdf")
    assert deck_pdf in with_pdf.pdfs
    texts = page_texts(deck_pdf)
    prs = Presentation(str(with_pdf.pptx))
    assert len(texts) == len(prs.slides) == with_pdf.slides
    for text, slide in zip(texts, prs.slides, strict=True):
        if slide.shapes.title is not None:
            assert squash(slide.shapes.title.text_frame.text) in squash(text)


def test_deck_pdf_embeds_the_theme_fonts(with_pdf):
    fonts = subprocess.run(
        ["pdffonts", str(with_pdf.pptx.with_suffix(".pdf"))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Carlito" in fonts  # the default theme's Calibri, as its metric twin
    assert "Carlito-Bold" in fonts
    assert "DejaVu" not in fonts  # no silent fallback


def test_handout_pdf_holds_every_slides_notes(with_pdf):
    handout_pdf = with_pdf.pptx.with_name("reinvent2024-desantis-handout.pdf")
    assert handout_pdf in with_pdf.pdfs
    text = squash("".join(page_texts(handout_pdf)))
    for slide in Presentation(str(with_pdf.pptx)).slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert squash(notes) in text
    assert "Page1of" in text  # page numbers
    assert squash("Keynote video") in text


def test_html_handout_carries_a_thumbnail_per_slide(with_pdf):
    html = with_pdf.pptx.with_name("reinvent2024-desantis-handout.html").read_text("utf-8")
    assert html.count('<img class="thumb" src="data:image/png;base64,') == with_pdf.slides


def test_handout_pdf_shows_the_html_handouts_thumbnails(with_pdf):
    """The handout PDF is printed while LibreOffice converts, with stand-ins for the slide
    thumbnails: each thumbnail it shows is one of the HTML handout's, pixel for pixel."""
    import base64
    import io

    import pypdfium2 as pdfium

    html = with_pdf.pptx.with_name("reinvent2024-desantis-handout.html").read_text("utf-8")
    uris = re.findall(r'<img class="thumb" src="data:image/png;base64,([^"]+)"', html)
    thumbnails = {
        Image.open(io.BytesIO(base64.b64decode(uri))).convert("RGB").tobytes() for uri in uris
    }
    assert len(thumbnails) == with_pdf.slides
    document = pdfium.PdfDocument(with_pdf.pptx.with_name("reinvent2024-desantis-handout.pdf"))
    shown = set()
    try:
        for page in document:
            for item in page.get_objects(max_depth=8):
                if item.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE:
                    image = item.get_bitmap().to_pil().convert("RGB")
                    if image.size == (480, 270):
                        shown.add(image.tobytes())
            page.close()
    finally:
        document.close()
    assert shown == thumbnails


def test_preview_has_one_numbered_tile_per_slide(tmp_path):
    result = preview(SAMPLE, out_dir=tmp_path)
    assert result.png == tmp_path / "reinvent2024-desantis-preview.png"
    sheet = Image.open(result.png)
    rows = math.ceil(result.slides / 4)
    tile_h = 480 * 9 / 16
    # four columns of 480-px tiles; each row a tile, its label and gaps
    assert 4 * 480 < sheet.width < 4 * 480 + 5 * 40
    assert rows * tile_h < sheet.height < rows * (tile_h + 80) + 40


def test_missing_libreoffice_is_explained_and_the_deck_still_written(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "RECAPDECK_SOFFICE"}
    env["PATH"] = str(bin_dir)  # no soffice, no libreoffice
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "recapdeck", "build", str(SAMPLE), "--pdf", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "apt-get install libreoffice-impress" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "reinvent2024-desantis-handout.html",
        "reinvent2024-desantis-handout.md",
        "reinvent2024-desantis.pptx",
    ]


def test_two_builds_in_parallel_both_succeed(tmp_path):
    outs = [tmp_path / "a", tmp_path / "b"]
    with ThreadPoolExecutor(2) as pool:
        procs = list(
            pool.map(
                lambda out: subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "recapdeck",
                        "build",
                        str(SAMPLE),
                        "--pdf",
                        "-o",
                        str(out),
                    ],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                ),
                outs,
            )
        )
    for proc, out in zip(procs, outs, strict=True):
        assert proc.returncode == 0, proc.stderr
        assert len(page_texts(out / "reinvent2024-desantis.pdf")) > 18


def test_a_missing_theme_font_is_reported_and_drawn_with_the_font_it_was_measured_with(tmp_path):
    """A font that is not installed is measured with fontconfig's stand-in, LibreOffice is made
    to draw that same stand-in, and the warning (one for the font) names it."""
    import subprocess

    theme = tmp_path / "odd"
    theme.mkdir()
    (theme / "theme.yaml").write_text(
        "extends: default\nfonts:\n  heading: No Such Font\n  body: No Such Font\n", "utf-8"
    )
    result = build(SAMPLE, out_dir=tmp_path / "out", theme=str(theme), pdf=True, handout=[])
    stand_in = subprocess.run(
        ["fc-match", "-f", "%{family[0]}", "No Such Font"], capture_output=True, text=True
    ).stdout
    messages = [w.message for w in result.warnings]
    about = [m for m in messages if "'No Such Font' is not installed" in m]
    assert len(about) == 1, messages
    assert f"LibreOffice draws it with '{stand_in}'" in about[0]
    assert "font_substitutes" in about[0]
    assert not any("the PDF does not use" in m for m in messages)
    fonts = embedded_fonts(result.pptx.with_suffix(".pdf"))
    assert any(f.split("-")[0] == stand_in.replace(" ", "") for f in fonts), fonts


def test_weasyprint_finds_its_libraries_without_running_a_compiler(tmp_path: Path) -> None:
    """WeasyPrint's first names for Pango and the rest have no file name; looked up, each ran
    ``ldconfig`` and the C compiler, whose temporary file a killed build left in TMPDIR."""
    pytest.importorskip("weasyprint")
    bin_dir, tmp = tmp_path / "bin", tmp_path / "tmp"
    bin_dir.mkdir()
    tmp.mkdir()
    called = tmp_path / "compiler-called"
    for name in ("gcc", "cc"):
        fake = bin_dir / name
        fake.write_text(f"#!/bin/sh\ntouch {called}\nexit 1\n", encoding="utf-8")
        fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "TMPDIR": str(tmp)}
    code = (
        "from recapdeck.export.pdf import import_weasyprint\n"
        "w = import_weasyprint()\n"
        "assert w.HTML(string='<p>hi</p>').write_pdf().startswith(b'%PDF')\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert not called.exists()
    assert list(tmp.iterdir()) == []
