"""Time ``recapdeck serve``: from saving the outline to the changed slide's image on the page.

    python bench/serve_bench.py                 # sample deck, 10 edits
    python bench/serve_bench.py --runs 20 --out bench/serve.md

The sample deck's project (``decks/`` and ``assets/`` of the repository) is copied to a
temporary folder, so nothing in the checkout is touched. ``recapdeck serve`` runs in a process
of its own (``python -m recapdeck serve OUTLINE --port 0``), as for a user, with one LibreOffice
for the session; its page is opened in headless Chromium (Debian's ``chromium``, driven by
Playwright). Each edit changes the title of one highlight slide (a different text each time) and
saves the outline as an editor does (a new file renamed over the old one).

The latency is measured in the browser: from the save (wall clock before the rename) to the
``load`` event of the slide's new image on the page (``performance.timeOrigin + now()``), so
it holds the file watcher, the build, the conversion of the changed slide by LibreOffice, its
rasterising, the server-sent event and the image request. The breakdown is what the server says
the refresh took (``build``: load, plan and render the .pptx; ``convert``: LibreOffice on the
small deck of changed slides; ``raster``: its pages to PNG). Prints a Markdown table per edit,
then the medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the browser helpers the end-to-end test uses

from serve_live import (  # noqa: E402
    ARGS,
    CHROMIUM,
    copy_sample,
    save,
    serving,
    slide_keys,
    state,
    wait_image,
    wait_ready,
)

TITLES = (
    "What you see grows from what you don't",
    "The Graviton journey",
    "Disaggregated storage",
)
"""Titles of highlight slides of the sample deck (plain YAML scalars, each on one slide only);
the edits take turns on them."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between edits")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="recapdeck-serve-bench-") as tmp:
        outline = copy_sample(Path(tmp))
        text = outline.read_text(encoding="utf-8")
        assert all(f"title: {t}\n" in text for t in TITLES), "the sample deck changed"
        started = time.perf_counter()
        with serving(outline, "--port", "0") as served, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
            page.goto(served.url)
            page.wait_for_function(
                "window.recapdeck.state && window.recapdeck.state.slides.length > 0",
                timeout=180_000,
            )
            text_shown = time.perf_counter() - started
            page.wait_for_function("window.recapdeck.loads.length > 0", timeout=180_000)
            image_shown = time.perf_counter() - started
            first = wait_first(page)
            cold = time.perf_counter() - started
            lines.append(
                f"first page, from `recapdeck serve` started: every slide's text "
                f"{text_shown:.1f} s, the first image {image_shown:.1f} s, all "
                f"{len(first['slides'])} images {cold:.1f} s\n"
            )
            lines.append(
                "| edit | save → image shown (ms) | build (ms) | convert (ms) | raster (ms) "
                "| server total (ms) | slides re-rendered (numbers) |"
            )
            lines.append("|---:|---:|---:|---:|---:|---:|---|")
            number = {s["title"]: s["number"] for s in first["slides"]}
            shown_title = {t: t for t in TITLES}
            rows = []
            for run in range(1, args.runs + 1):
                base = TITLES[run % len(TITLES)]
                old = slide_keys(page)[number[base] - 1]
                new_title = f"{base} ({run})"
                text = text.replace(f"title: {shown_title[base]}\n", f"title: {new_title}\n")
                shown_title[base] = new_title
                saved = save(outline, text)
                shown = wait_image(page, number[base], old, saved)
                page.wait_for_function("!window.recapdeck.state.building")
                refresh = state(page)["refresh"]
                times = [refresh[k] * 1000 for k in ("build", "convert", "raster", "total")]
                rows.append((shown - saved, *times))
                cells = " | ".join(f"{v:.0f}" for v in rows[-1])
                rendered = ", ".join(map(str, refresh["rendered"]))
                lines.append(f"| {run} | {cells} | {rendered} |")
                time.sleep(args.pause)
            medians = [statistics.median(column) for column in zip(*rows, strict=True)]
            lines.append("| **median** | " + " | ".join(f"**{v:.0f}**" for v in medians) + " | |")
            browser.close()
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


def wait_first(page: object) -> dict[str, object]:
    """The first complete state, once every slide image has loaded."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            first = state(page)
        except Exception:
            first = None
        if first and first.get("slides"):
            wait_ready(page, len(first["slides"]))  # type: ignore[arg-type]
            return state(page)
        time.sleep(0.1)
    raise TimeoutError("the page showed no slides within 3 minutes")


if __name__ == "__main__":
    sys.exit(main())
