"""Reproducible output: the same outline gives the same bytes, wherever and whenever it is built."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers_outline import draw_image, require_soffice, write_outline
from recapdeck.errors import RecapdeckError
from recapdeck.export.pdf import normalise_pdf
from recapdeck.pipeline import prepare

OUTLINE = """\
title: "Reproducible **recap** — ünïcödé"
subtitle: Same input, same bytes
event: {name: Cloud Conf 2025, date: 2025-03-04, location: Oslo, url: "https://example.com"}
recap_by: {name: Jane Doe, team: Platform}
speakers:
  - {id: ana, name: Ana Lima, role: CTO, photo: ana.jpg}
summary:
  - Storage is **twice** as fast
segments:
  - title: Storage
    speaker: ana
    highlights:
      - title: Faster storage
        new: true
        points:
          - "Twice the throughput, see [the post](https://example.com/post)"
          - text: Same price
            points: [in every region]
        screenshots:
          - {file: chart.png, alt: Bar chart of throughput, caption: Throughput}
    quotes:
      - {text: "Fast is a feature.", speaker: ana}
announcements:
  - {name: Turbo disks, summary: "Twice as fast", status: preview, url: "https://example.com/t"}
references:
  - {title: Keynote video, url: "https://example.com/video"}
"""
STEM = "-recap"
"""A leading dash: the file names must never be taken for options, by us or by LibreOffice."""


def make_project(folder: Path) -> Path:
    """Write the outline, its pictures and a ``.git`` marker into ``folder``; return the outline."""
    (folder / ".git").mkdir(parents=True)
    draw_image(folder / "chart.png", (320, 180))
    draw_image(folder / "ana.jpg", (120, 160), color="seagreen")
    return write_outline(folder, OUTLINE, f"{STEM}.yaml")


def recapdeck(*args: str, cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recapdeck", *args],
        cwd=cwd,
        env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.external
@pytest.mark.slow
def test_outputs_are_byte_identical_across_folders_times_zones_and_locales(tmp_path):
    require_soffice()
    plain = make_project(tmp_path / "a" / "talks")
    odd = make_project(tmp_path / "-dash dir" / "ünï côdé")  # spaces, dash, non-ASCII

    def first() -> None:
        env = {"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        # `--` ends the options, so the outline's leading dash is a file name
        recapdeck("build", "--pdf", "-o", "out", "--", plain.name, cwd=plain.parent, env=env)
        recapdeck("preview", "-o", "out", "--", plain.name, cwd=plain.parent, env=env)

    def second() -> None:
        time.sleep(1.1)  # a different second on the clock
        env = {"TZ": "Pacific/Kiritimati", "LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}
        folder = odd.parent.parent  # another working directory, a relative path with ./
        outline = f"./{odd.relative_to(folder)}"
        out = str(odd.parent / "out")
        recapdeck("build", "--pdf", "-o", out, outline, cwd=folder, env=env)
        recapdeck("preview", "-o", out, outline, cwd=folder, env=env)

    with ThreadPoolExecutor(2) as pool:
        for future in [pool.submit(first), pool.submit(second)]:
            future.result()
    names = sorted(p.name for p in (plain.parent / "out").iterdir())
    suffixes = (".pptx", ".pdf", "-handout.md", "-handout.html", "-handout.pdf", "-preview.png")
    assert names == sorted(STEM + suffix for suffix in suffixes)
    assert sorted(p.name for p in (odd.parent / "out").iterdir()) == names
    for name in names:
        a, b = (plain.parent / "out" / name).read_bytes(), (odd.parent / "out" / name).read_bytes()
        assert a == b, f"{name} differs between the two builds"
    import pypdf

    info = pypdf.PdfReader(plain.parent / "out" / f"{STEM}.pdf").metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20250304000000Z"  # the event date


def core_dates(pptx: bytes) -> tuple[dt.datetime, dt.datetime]:
    from pptx import Presentation

    props = Presentation(io.BytesIO(pptx)).core_properties
    return props.created, props.modified


def deck_of(outline: Path) -> bytes:
    from recapdeck.render.pptx import deck_bytes, render_pptx

    prepared = prepare(outline, handout=())
    return deck_bytes(render_pptx(prepared.plan, prepared.theme))


def test_document_dates_come_from_the_event_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    outline = make_project(tmp_path)
    assert core_dates(deck_of(outline)) == (dt.datetime(2025, 3, 4),) * 2
    assert prepare(outline, handout=()).created == dt.datetime(2025, 3, 4, tzinfo=dt.UTC)


def test_source_date_epoch_wins_over_the_event_date(tmp_path, monkeypatch):
    outline = make_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    prepared = prepare(outline, handout=())
    assert prepared.created == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    assert prepared.plan.props.date == dt.date(2023, 11, 14)
    assert core_dates(deck_of(outline)) == (dt.datetime(2023, 11, 14),) * 2


def test_an_outline_without_a_date_still_gets_a_fixed_one(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    outline = write_outline(tmp_path, OUTLINE.replace(" date: 2025-03-04,", ""), "nodate.yaml")
    draw_image(tmp_path / "chart.png")
    draw_image(tmp_path / "ana.jpg")
    assert core_dates(deck_of(outline)) == (dt.datetime(2000, 1, 1),) * 2


def _pdf_made_now() -> bytes:
    """A PDF stamped as LibreOffice does: the current time and a random file identifier."""
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 100)
    writer.add_metadata({"/CreationDate": dt.datetime.now().strftime("D:%Y%m%d%H%M%S%f")})
    out = io.BytesIO()
    writer.write(out)  # pypdf draws a random /ID for each file it writes
    return out.getvalue()


@pytest.mark.external
def test_normalised_pdfs_are_byte_identical_and_dated():
    import pypdf

    first, second = _pdf_made_now(), _pdf_made_now()
    assert first != second
    when = dt.datetime(2024, 12, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    fixed = normalise_pdf(first, when)
    assert fixed == normalise_pdf(second, when)
    reader = pypdf.PdfReader(io.BytesIO(fixed))
    assert reader.metadata["/CreationDate"] == "D:20241202173000Z"  # in UTC
    assert reader.metadata["/ModDate"] == "D:20241202173000Z"
    file_id = reader.trailer["/ID"]
    assert file_id[0] == file_id[1] and len(file_id[0]) == 16
    assert bytes(file_id[0]) != bytes(16)  # derived from the content, not left blank
    assert len(reader.pages) == 1


@pytest.mark.external
def test_a_pdf_that_cannot_be_read_back_is_a_clear_error():
    with pytest.raises(RecapdeckError, match="cannot be read back"):
        normalise_pdf(b"%PDF-1.4 this is not really a PDF", dt.datetime(2024, 1, 1))
