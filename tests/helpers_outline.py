"""Helpers for the loading, validation and CLI tests: outline files and images drawn on the fly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PIL import Image

from recapdeck.errors import Problem, RecapdeckError
from recapdeck.load.model import Outline
from recapdeck.load.outline import load_outline

ROOT = Path(__file__).resolve().parents[1]
DECKS = ROOT / "decks"

MINIMAL = """\
title: What's new in the cloud
event:
  name: Cloud Conf 2025
segments:
  - title: The big launch
    highlights:
      - title: Faster storage
        points:
          - Twice the throughput at the same price
"""
"""The smallest valid outline, as in docs/outline.md."""

SMALL_TALK = (
    MINIMAL
    + """\
        screenshots:
          - file: chart.png
            alt: A chart
      - title: Cheaper storage
        points:
          - Half the price for cold data
          - Same durability
        notes: Cold data costs half; durability is the same.
      - title: Faster networks
        points:
          - Twice the bandwidth
      - title: Quieter racks
        points:
          - Half the fans
"""
)
"""Four highlights, one with a screenshot: enough slides to see which ones a rebuild redoes."""


def write_small_talk(folder: Path) -> Path:
    """:data:`SMALL_TALK` as ``talk.yaml`` in a project of its own (``folder``) with its
    screenshot; returns the outline."""
    (folder / ".git").mkdir(exist_ok=True)
    draw_image(folder / "chart.png", (1200, 700))
    return write_outline(folder, SMALL_TALK, "talk.yaml")


def write_outline(folder: Path, text: str | bytes, name: str = "outline.yaml") -> Path:
    """Write outline ``text`` (dedented when it is a str) to ``folder/name``; return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def draw_image(
    path: Path,
    size: tuple[int, int] = (64, 40),
    *,
    color: str = "steelblue",
    fmt: str | None = None,
    orientation: int | None = None,
) -> Path:
    """Draw a small picture with Pillow (format from the suffix unless given); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, color)
    # A second colour in one corner, so that rotation and cropping are visible if ever looked at.
    img.paste("orange", (0, 0, max(1, size[0] // 4), max(1, size[1] // 4)))
    options = {}
    if orientation is not None:
        exif = img.getexif()
        exif[0x0112] = orientation
        options["exif"] = exif
    img.save(path, format=fmt, **options)
    return path


def draw_noise(path: Path, size: tuple[int, int] = (160, 120)) -> Path:
    """Draw an image of random-looking pixels (compresses badly, so truncation bites)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.effect_noise(size, 64).convert("RGB").save(path)
    return path


def load_problems(path: Path, **options: bool) -> tuple[Problem, ...]:
    """Load ``path``, expect RecapdeckError, and return its problems."""
    with pytest.raises(RecapdeckError) as info:
        load_outline(path, **options)
    problems = info.value.problems
    assert problems, "a RecapdeckError must carry at least one problem"
    return problems


def the_problem(path: Path, **options: bool) -> Problem:
    """Load ``path`` and return its single problem (failing if there are several)."""
    problems = load_problems(path, **options)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """The 1-based number of the ``nth`` line of ``path`` that contains ``needle``."""
    hits = [
        number
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1)
        if needle in line
    ]
    assert len(hits) >= nth, f"{needle!r} occurs {len(hits)} times in {path}"
    return hits[nth - 1]


def column_of(path: Path, needle: str, nth: int = 1) -> int:
    """The 1-based column where ``needle`` starts on the line :func:`line_of` finds."""
    text = path.read_text(encoding="utf-8-sig").splitlines()[line_of(path, needle, nth) - 1]
    return text.index(needle) + 1


def assert_problem(
    problem: Problem,
    path: Path,
    line: int,
    field: str,
    *phrases: str,
    column: int | None = None,
) -> None:
    """Check where a problem is, which field it names and that its message says ``phrases``."""
    assert problem.location is not None, str(problem)
    assert problem.location.path == path, str(problem)
    assert problem.location.line == line, str(problem)
    if column is not None:
        assert problem.location.column == column, str(problem)
    assert problem.field == field, str(problem)
    for phrase in phrases:
        assert phrase in problem.message, f"{phrase!r} not in {problem.message!r}"


def load(path: Path, **options: bool) -> Outline:
    """Load an outline that is expected to be valid; its content."""
    return load_outline(path, **options).outline


def require_soffice() -> None:
    """Skip the test when LibreOffice is missing, except in CI (CI=true), where it must be there."""
    import os

    from recapdeck.export.libreoffice import find_soffice

    try:
        find_soffice()
    except RecapdeckError:
        if os.environ.get("CI"):
            raise
        pytest.skip("LibreOffice not installed")
