"""Serve tests' helpers: outlines to serve, and driving ``recapdeck serve`` as a person would (for
the browser test and the benchmark): start it, open its page in headless Chromium, save the
outline, wait for the page."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("RECAPDECK_CHROMIUM", "/usr/bin/chromium"))


def browser_missing() -> str:
    """Why the browser tests cannot run here ("" when Playwright and Chromium are there)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright)"
    if not CHROMIUM.is_file():
        return f"Chromium is not installed ({CHROMIUM}; apt-get install chromium)"
    return ""


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
READY = re.compile(r"at (http://127\.0\.0\.1:\d+/)")

SAMPLE = "reinvent2024-desantis"
ROOT = Path(__file__).resolve().parents[1]

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


def write_talk(folder: Path) -> Path:
    """A small outline with a screenshot, in a project of its own under ``folder``."""
    from helpers_outline import draw_image, write_outline

    root = folder / "project"
    (root / ".git").mkdir(parents=True)
    draw_image(root / "chart.png", (1600, 900))
    return write_outline(root, TALK, "talk.yaml")


def copy_sample(folder: Path) -> Path:
    """A copy of the sample deck (decks/reinvent2024-desantis.yaml) and its screenshots in a
    project under ``folder``; its outline."""
    root = folder / "sample"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(ROOT / "assets" / SAMPLE, root / "assets" / SAMPLE)
    (root / "decks").mkdir()
    outline = root / "decks" / f"{SAMPLE}.yaml"
    shutil.copy2(ROOT / "decks" / f"{SAMPLE}.yaml", outline)
    return outline


class Served:
    """A running ``recapdeck serve`` and its URL."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def office_processes(self) -> list[str]:
        """The command lines of the LibreOffice processes this serve started (by pipe name)."""
        found = subprocess.run(
            ["pgrep", "-af", f"recapdeck-{self.process.pid}-"],
            capture_output=True,
            text=True,
            check=False,
        )
        return [line for line in found.stdout.splitlines() if "pgrep" not in line]

    def interrupt(self, timeout: float = 30) -> int:
        """Ctrl-C: SIGINT to the process; its exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)


@contextmanager
def serving(outline: Path, *args: str) -> Iterator[Served]:
    """``recapdeck serve OUTLINE`` in a process of its own, once it prints its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "recapdeck", "serve", str(outline), *args],
        cwd=outline.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = READY.search(line)
        if match is None:
            raise AssertionError(
                f"serve did not start: {line}{process.stderr.read() if process.stderr else ''}"
            )
        yield Served(process, match.group(1))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def save(path: Path, text: str) -> float:
    """Save ``text`` as an editor does (a new file renamed over the old); the time, in epoch ms."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return time.time() * 1000


def state(page: Any) -> dict[str, Any]:
    """The state the page last rendered."""
    result: dict[str, Any] = page.evaluate("window.recapdeck.state")
    return result


def slide_keys(page: Any) -> list[str]:
    """The content key of each slide image the page shows."""
    keys: list[str] = page.evaluate(
        "Array.from(document.querySelectorAll('.slide img')).map(i => i.dataset.key)"
    )
    return keys


def wait_ready(page: Any, slides: int, timeout: float = 120_000) -> None:
    """Wait until the page shows ``slides`` slides, every image loaded."""
    page.wait_for_function(
        """n => window.recapdeck.state && !window.recapdeck.state.building
             && document.querySelectorAll('.slide img').length === n
             && Array.from(document.querySelectorAll('.slide img'))
                  .every(i => i.complete && i.naturalWidth > 0)""",
        arg=slides,
        timeout=timeout,
    )


def wait_image(
    page: Any, number: int, old_key: str, since: float, timeout: float = 30_000
) -> float:
    """Wait until slide ``number`` has loaded an image other than ``old_key`` after ``since``
    (epoch ms); when it finished loading, in epoch ms."""
    handle = page.wait_for_function(
        """([n, old, since]) => {
             const hit = window.recapdeck.loads.filter(
               l => l.number === n && l.key !== old && l.at >= since);
             return hit.length ? hit[hit.length - 1].at : null;
           }""",
        arg=[number, old_key, since],
        timeout=timeout,
    )
    return float(handle.json_value())


class FakeOffice:
    """Stands in for LibreOffice: a PDF with a page per slide of the deck it converts."""

    def __init__(self) -> None:
        self.converted: list[int] = []

    def convert(self, source: Path, pdf: Path) -> None:
        from PIL import Image

        from recapdeck.oxml.slides import Package

        count = len(Package.read(source.read_bytes()).slides())
        self.converted.append(count)
        pages = [Image.new("RGB", (320, 180), (40 * i % 256, 90, 140)) for i in range(count)]
        pages[0].save(pdf, save_all=True, append_images=pages[1:])
