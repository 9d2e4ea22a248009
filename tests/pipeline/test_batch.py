"""Batch builds: several outlines in parallel processes, their PDFs in one LibreOffice run."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import recapdeck.export.libreoffice
from helpers_outline import MINIMAL, draw_image, require_soffice, write_outline
from recapdeck import build
from recapdeck.cli import app
from recapdeck.errors import RecapdeckError
from recapdeck.pipeline import BuildOptions, build_many

SECOND = """\
title: Second talk
event: {name: Batch Conf}
segments:
  - title: Pictures
    highlights:
      - title: A chart
        points: [Beside a chart]
        screenshots:
          - {file: chart.png, alt: A bar chart of the results}
"""


@pytest.fixture
def two(tmp_path: Path) -> list[Path]:
    """Two small outlines in one project folder."""
    (tmp_path / ".git").mkdir()
    draw_image(tmp_path / "chart.png", (1600, 900))
    return [
        write_outline(tmp_path, MINIMAL, "first.yaml"),
        write_outline(tmp_path, SECOND, "second.yaml"),
    ]


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_parallel_builds_write_what_single_builds_write(two, tmp_path):
    options = BuildOptions(out_dir=tmp_path / "batch", cache=tmp_path / "cache")
    done = dict(build_many(two, options, jobs=2))
    assert sorted(done) == sorted(two)
    assert all(r.pptx.exists() and r.slides > 3 for r in done.values())
    for outline in two:
        build(outline, out_dir=tmp_path / "single", cache=False)
    assert files(tmp_path / "batch") == files(tmp_path / "single")


def test_one_bad_outline_does_not_stop_the_others(two, tmp_path):
    bad = write_outline(tmp_path, "title: Broken\nsegmnets: []\n", "broken.yaml")
    options = BuildOptions(out_dir=tmp_path / "out", handout=("md",), cache=False)
    done = dict(build_many([*two, bad], options, jobs=2))
    assert isinstance(done[bad], RecapdeckError)
    assert "segmnets" in str(done[bad])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "first-handout.md",
        "first.pptx",
        "second-handout.md",
        "second.pptx",
    ]


def test_cli_builds_several_outlines_with_jobs_one_line_each(two, tmp_path, monkeypatch):
    monkeypatch.setenv("RECAPDECK_CACHE_DIR", str(tmp_path / "cache"))
    args = ["build", *map(str, two), "-j", "2", "--no-handout", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if ".pptx:" in line]
    assert sorted(line.split(":")[0] for line in lines) == [
        str(tmp_path / "out" / "first.pptx"),
        str(tmp_path / "out" / "second.pptx"),
    ]


@pytest.mark.external
@pytest.mark.slow
def test_all_pdfs_of_a_batch_come_from_one_libreoffice_run(two, tmp_path, monkeypatch):
    require_soffice()
    runs: list[list[Path]] = []
    real = recapdeck.export.libreoffice.convert_to_pdf

    def counting(pptx_files, out_dir, **kwargs):
        runs.append([Path(p).name for p in pptx_files])
        return real(pptx_files, out_dir, **kwargs)

    monkeypatch.setattr(recapdeck.export.libreoffice, "convert_to_pdf", counting)
    options = BuildOptions(out_dir=tmp_path / "out", pdf=True, cache=tmp_path / "cache")
    done = dict(build_many(two, options, jobs=2))
    assert runs == [["first.pptx", "second.pptx"]]
    for result in done.values():
        assert [p.suffix for p in result.pdfs] == [".pdf", ".pdf"]
        assert all(p.read_bytes().startswith(b"%PDF") for p in result.pdfs)


def test_rebuild_builds_and_names_the_files_to_watch(two, tmp_path):
    from recapdeck.pipeline.watching import concerns, rebuild

    outline = two[1]
    options = BuildOptions(out_dir=tmp_path / "out", cache=tmp_path / "cache")
    first = rebuild(outline, options)
    assert first.outcome.pptx.exists()
    assert outline.absolute() in first.inputs
    assert concerns(first, tmp_path / "chart.png")
    assert not concerns(first, tmp_path / "out" / "second.pptx")  # its own outputs: no loop
    assert any(concerns(first, folder / "theme.yaml") for folder in first.folders)
    outline.write_text(SECOND.replace("title: A chart", "title: A bar chart"), encoding="utf-8")
    second = rebuild(outline, options, first)
    assert second.outcome.cache.hits >= 1  # the screenshot was not processed again
    outline.write_text("title: Broken\nsegmnets: []\n", encoding="utf-8")
    broken = rebuild(outline, options, second)
    assert isinstance(broken.outcome, RecapdeckError)
    assert broken.inputs >= second.inputs  # still watching the screenshot and the theme


@pytest.mark.slow
def test_watch_rebuilds_on_a_change_and_stops_when_told(two, tmp_path):
    import threading

    from recapdeck.pipeline.watching import watch

    outline = two[1]
    stop = threading.Event()
    options = BuildOptions(out_dir=tmp_path / "out", handout=(), cache=tmp_path / "cache")
    rounds = watch(outline, options, stop=stop)
    first = next(rounds)
    assert first.outcome.slides > 3

    def edit() -> None:
        outline.write_text(SECOND.replace("Beside a chart", "Beside the chart"), encoding="utf-8")

    timer = threading.Timer(0.5, edit)
    guard = threading.Timer(60, stop.set)  # a missed change fails the test instead of hanging
    timer.start()
    guard.start()
    second = next(rounds)
    guard.cancel()
    timer.join()
    assert not stop.is_set(), "the change was not seen"
    assert second.outcome.pptx.read_bytes() != b""
    stop.set()
    assert next(rounds, None) is None


def test_a_batch_whose_libreoffice_fails_reports_it_for_every_deck(two, tmp_path, monkeypatch):
    """LibreOffice failing in a batch --pdf used to end in a TypeError traceback: the problems
    came back as a tuple where a list was tested for."""
    monkeypatch.setenv("RECAPDECK_SOFFICE", "/bin/false")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["build", *map(str, two), "--pdf", "--no-cache", "-o", str(out), "-j", "1"]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for outline in two:
        assert f"{outline}: not built" in result.output
        assert (out / f"{outline.stem}.pptx").is_file()  # the deck is there, the PDFs are not
        assert not (out / f"{outline.stem}.pdf").exists()
    assert "LibreOffice" in result.output
