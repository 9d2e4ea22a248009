"""Big decks to PDF in parallel parts: how a deck is cut, each part's slides, the join."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from recapdeck import build
from recapdeck.export.parallel import (
    PARALLEL_FROM,
    convert_deck_to_pdf,
    join_pdfs,
    part_ranges,
    slide_count,
    sub_deck,
)

needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) and not os.environ.get("CI"),
    reason="LibreOffice not installed",
)


def _outline(highlights: int) -> str:
    items = "\n".join(
        f"      - title: Highlight number {n}\n        points:\n          - Point {n}"
        for n in range(1, highlights + 1)
    )
    return (
        "title: A long keynote\nevent:\n  name: Conf\nsegments:\n  - title: All of it\n"
        f"    highlights:\n{items}\n"
    )


@pytest.fixture(scope="module")
def long_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built deck of more than PARALLEL_FROM slides, each numbered in its footer."""
    folder = tmp_path_factory.mktemp("long")
    (folder / ".git").mkdir()
    outline = folder / "long.yaml"
    outline.write_text(_outline(PARALLEL_FROM + 5), encoding="utf-8")
    return build(outline, out_dir=folder / "build", handout=(), cache=False).pptx


def test_small_decks_and_single_cores_are_not_split() -> None:
    assert part_ranges(PARALLEL_FROM, 8) == [range(PARALLEL_FROM)]
    assert part_ranges(500, 1) == [range(500)]


def test_the_cut_depends_on_the_slide_count_only() -> None:
    assert part_ranges(100, 2) == part_ranges(100, 16) == [range(0, 50), range(50, 100)]
    parts = part_ranges(503, 2)
    assert len(parts) == 4 and parts[0].start == 0 and parts[-1].stop == 503
    assert all(a.stop == b.start for a, b in itertools.pairwise(parts))


def test_a_sub_deck_lists_its_slides_and_keeps_their_numbers(long_deck: Path) -> None:
    deck = long_deck.read_bytes()
    total = slide_count(deck)
    assert total > PARALLEL_FROM
    part = sub_deck(deck, range(10, 20))
    assert slide_count(part) == 10
    with zipfile.ZipFile(io.BytesIO(part)) as z:
        slide = z.read("ppt/slides/slide11.xml").decode()
        untouched = z.read("ppt/slides/slide1.xml")
    assert 'type="slidenum"' not in slide and "<a:t>11</a:t>" in slide
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        assert z.read("ppt/slides/slide1.xml") == untouched
        assert 'type="slidenum"' in z.read("ppt/slides/slide11.xml").decode()


def test_the_first_part_keeps_its_live_slide_numbers(long_deck: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(sub_deck(long_deck.read_bytes(), range(0, 5)))) as z:
        assert 'type="slidenum"' in z.read("ppt/slides/slide5.xml").decode()


def test_joined_pdfs_keep_every_page_in_order(tmp_path: Path) -> None:
    paths = []
    for n, width in enumerate((100, 200, 300)):
        writer = PdfWriter()
        for _ in range(n + 1):
            writer.add_blank_page(width=width, height=50)
        path = tmp_path / f"{n}.pdf"
        with path.open("wb") as f:
            writer.write(f)
        paths.append(path)
    pages = PdfReader(io.BytesIO(join_pdfs(paths))).pages
    assert [float(p.mediabox.width) for p in pages] == [100, 200, 200, 300, 300, 300]


@pytest.mark.external
@needs_soffice
def test_a_long_deck_converted_in_parts_has_every_page_numbered(
    long_deck: Path, tmp_path: Path
) -> None:
    pdf = convert_deck_to_pdf(long_deck, tmp_path, cores=2)
    reader = PdfReader(pdf)
    assert len(reader.pages) == slide_count(long_deck.read_bytes())
    for number in (5, 23, 24, len(reader.pages) - 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert str(number) in text, (number, text)


@pytest.mark.external
@needs_soffice
def test_a_kept_profile_seeds_the_next_runs(long_deck: Path, tmp_path: Path) -> None:
    from recapdeck.export.libreoffice import convert_to_pdf

    seed = tmp_path / "cache" / "soffice-profile"
    small = tmp_path / "small.pptx"
    small.write_bytes(sub_deck(long_deck.read_bytes(), range(0, 2)))
    (first,) = convert_to_pdf([small], tmp_path / "one", profile_seed=seed)
    assert (seed / "user" / "registrymodifications.xcu").is_file()
    assert not list(seed.rglob(".lock"))
    (second,) = convert_to_pdf([small], tmp_path / "two", profile_seed=seed)
    assert len(PdfReader(first).pages) == len(PdfReader(second).pages) == 2


def test_a_sub_deck_is_stored_not_compressed_again(long_deck: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(sub_deck(long_deck.read_bytes(), range(3, 9)))) as z:
        assert {info.compress_type for info in z.infolist()} == {zipfile.ZIP_STORED}
        assert z.testzip() is None


@pytest.mark.external
@needs_soffice
def test_beside_the_handout_libreoffice_gets_the_cores_weasyprint_leaves_and_preview_reuses_it(
    long_deck: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build --pdf prints the handout on one core while LibreOffice converts on the others (on
    two cores: in one piece); a preview afterwards shows that PDF, however it was cut."""
    pytest.importorskip("weasyprint")
    from recapdeck.export import parallel
    from recapdeck.pipeline import preview

    runs = []
    convert = parallel.convert_to_pdf

    def counted(*args, **kwargs):
        runs.append(args[0])
        return convert(*args, **kwargs)

    monkeypatch.setattr(parallel, "convert_to_pdf", counted)
    outline = long_deck.parent.parent / "long.yaml"
    cache = tmp_path / "cache"
    result = build(outline, out_dir=tmp_path / "out", pdf=True, cache=cache)
    slides = slide_count(long_deck.read_bytes())
    assert len(runs) == len(part_ranges(slides, max(1, (os.cpu_count() or 1) - 1)))
    assert len(PdfReader(tmp_path / "out" / "long.pdf").pages) == slides
    assert len(PdfReader(tmp_path / "out" / "long-handout.pdf").pages) > 1
    assert result.pdfs

    runs.clear()
    preview(outline, out_dir=tmp_path / "out", cache=cache)
    assert runs == []  # the build's PDF, from the cache
