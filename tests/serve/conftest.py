"""Fixtures of the serve tests: a small project with a screenshot, and a copy of the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers_outline import draw_image, write_outline

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "reinvent2024-desantis"

TALK = """\
title: Served talk
event: {name: Serve Conf}
duration: 30
segments:
  - title: Pictures
    highlights:
      - title: A chart
        points: [Beside a chart, "Twice the **throughput**"]
        notes: What the chart shows.
        screenshots:
          - {file: chart.png, alt: A bar chart of the results}
      - title: Plain words
        points: [One point, Another point]
        notes: Say it plainly.
"""


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    """A small outline with a screenshot, in a project of its own."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    draw_image(root / "chart.png", (1600, 900))
    return write_outline(root, TALK, "talk.yaml")


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the sample deck (decks/reinvent2024-desantis.yaml) and its screenshots."""
    root = tmp_path / "sample"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(ROOT / "assets" / SAMPLE, root / "assets" / SAMPLE)
    (root / "decks").mkdir()
    shutil.copy2(ROOT / "decks" / f"{SAMPLE}.yaml", root / "decks" / f"{SAMPLE}.yaml")
    return root / "decks" / f"{SAMPLE}.yaml"
