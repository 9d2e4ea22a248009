"""A build whose inputs, options and outputs are unchanged does nothing, and only then."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers_outline import ROOT, draw_image, write_outline
from recapdeck import build

OUTLINE = """\
title: What's new in the cloud
event:
  name: Cloud Conf 2025
  date: 2025-03-04
segments:
  - title: The big launch
    highlights:
      - title: Faster storage
        points:
          - Twice the throughput at the same price
        screenshots:
          - file: shot.png
            alt: A chart of throughput by year
          - file: later.png
            alt: A screenshot that is not there yet
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("")  # the project's root
    draw_image(tmp_path / "shot.png", (320, 180))
    return write_outline(tmp_path, OUTLINE)


def _build(outline: Path, cache: Path, **options):
    return build(
        outline, out_dir=outline.parent / "out", cache=cache, allow_missing=True, **options
    )


def _times(result) -> list[int]:
    return [p.stat().st_mtime_ns for p in result.outputs]


def test_a_second_build_with_nothing_changed_writes_nothing_and_says_the_same(project, tmp_path):
    cache = tmp_path / "cache"
    first = _build(project, cache)
    assert not first.unchanged
    assert [w.message for w in first.warnings]  # later.png is missing: a warning
    before = _times(first)
    second = _build(project, cache)
    assert second.unchanged
    assert _times(second) == before
    assert (second.pptx, second.handouts, second.slides, second.bytes) == (
        first.pptx,
        first.handouts,
        first.slides,
        first.bytes,
    )
    assert [str(w) for w in second.warnings] == [str(w) for w in first.warnings]
    assert sorted(p.name for p in (project.parent / "out").iterdir()) == sorted(
        p.name for p in first.outputs
    )  # the record lives in the cache, not among the outputs


@pytest.mark.parametrize(
    "change",
    [
        "outline edited",
        "screenshot redrawn",
        "missing screenshot appears",
        "output deleted",
        "output edited",
        "other options",
        "SOURCE_DATE_EPOCH",
    ],
)
def test_anything_changed_builds_again(project, tmp_path, monkeypatch, change):
    cache = tmp_path / "cache"
    first = _build(project, cache)
    options = {}
    if change == "outline edited":
        project.write_text(project.read_text().replace("Twice", "Three times"))
    elif change == "screenshot redrawn":
        draw_image(project.parent / "shot.png", (320, 180), color="crimson")
    elif change == "missing screenshot appears":
        draw_image(project.parent / "later.png", (1920, 1080))
    elif change == "output deleted":
        first.handouts[0].unlink()
    elif change == "output edited":
        first.pptx.write_bytes(first.pptx.read_bytes() + b"\0")
    elif change == "other options":
        options = {"handout": ["md"]}
    elif change == "SOURCE_DATE_EPOCH":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = _build(project, cache, **options)
    assert not again.unchanged
    for output in again.outputs:
        assert output.is_file()
    if change == "missing screenshot appears":
        assert not [w for w in again.warnings if "later.png" in w.message]


def test_a_theme_edit_builds_again(project, tmp_path):
    theme = tmp_path / "mytheme"
    shutil.copytree(ROOT / "themes" / "default", theme)
    cache = tmp_path / "cache"
    _build(project, cache, theme=theme)
    assert _build(project, cache, theme=theme).unchanged
    css = theme / "handout.css"
    css.write_text(css.read_text() + "\nbody { margin: 0 }\n")
    assert not _build(project, cache, theme=theme).unchanged


def test_no_cache_always_builds_and_a_bad_record_is_ignored(project, tmp_path):
    cache = tmp_path / "cache"
    _build(project, cache)
    assert not build(
        project, out_dir=project.parent / "out", cache=False, allow_missing=True
    ).unchanged
    for record in (cache / "builds").iterdir():
        record.write_text("{not json")
    assert not _build(project, cache).unchanged
    assert _build(project, cache).unchanged  # the record was written again


def test_the_cli_says_when_there_was_nothing_to_rebuild(project, tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "RECAPDECK_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "recapdeck", "build", str(project), "--allow-missing"]
    command += ["-o", str(project.parent / "out")]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "nothing to rebuild" not in first.stdout
    assert "unchanged: nothing to rebuild" in second.stdout
    assert "later.png" in second.stderr  # the warning is given again


@pytest.mark.external
def test_a_batch_with_pdfs_skips_unchanged_decks_and_leaves_libreoffice_alone(
    project, tmp_path, monkeypatch
):
    import recapdeck.export.libreoffice
    from helpers_outline import require_soffice
    from recapdeck.pipeline import BuildOptions, build_many

    require_soffice()
    other = project.with_name("other.yaml")
    other.write_text(project.read_text().replace("Cloud Conf", "Other Conf"))
    options = BuildOptions(
        out_dir=project.parent / "out", pdf=True, allow_missing=True, cache=tmp_path / "cache"
    )
    first = dict(build_many([project, other], options, jobs=1))
    assert all(not r.unchanged and r.pdfs for r in first.values())

    def no_libreoffice(*args, **kwargs):
        raise AssertionError("LibreOffice started for unchanged decks")

    monkeypatch.setattr(recapdeck.export.libreoffice, "convert_to_pdf", no_libreoffice)
    again = dict(build_many([project, other], options, jobs=1))
    assert all(r.unchanged for r in again.values())
    assert {o: r.pdfs for o, r in again.items()} == {o: r.pdfs for o, r in first.items()}
    monkeypatch.undo()

    other.write_text(other.read_text().replace("Other Conf", "Third Conf"))
    third = dict(build_many([project, other], options, jobs=1))
    assert third[project].unchanged and not third[other].unchanged
