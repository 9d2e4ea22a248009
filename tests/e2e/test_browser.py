"""The HTML handout in a real browser: Chromium (Debian's), driven by Playwright, checked by
axe-core (0 serious or critical findings), with screenshots of the first screen at 1280 px and
of the A4 print preview kept for a look (``RECAPDECK_SCREENSHOTS=DIR`` keeps them there)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from built_decks import SAMPLES, stress_outline
from conftest import ROOT
from recapdeck import build
from serve_live import CHROMIUM, browser_missing

AXE = ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
A4_POINTS = (595.3, 841.9)


def _missing() -> str:
    if why := browser_missing():
        return why
    if not AXE.is_file():
        return f"axe-core is not installed ({AXE}; bash scripts/install-axe-core)"
    return ""


pytestmark = [
    pytest.mark.external,  # Chromium
    pytest.mark.browser,
    pytest.mark.skipif(bool(_missing()) and not os.environ.get("CI"), reason=_missing() or "ready"),
]


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, Path]:
    """The HTML handouts of both sample decks (default and midnight) and the stress outline."""
    root = tmp_path_factory.mktemp("browser")
    out = {}
    for theme in ("default", "midnight"):
        for name in ("sample", "example"):
            result = build(SAMPLES[name], theme=theme, out_dir=root / theme, handout=["html"])
            out[f"{theme}-{name}"] = result.handouts[0]
    stress = build(stress_outline(root / "src"), out_dir=root / "stress", handout=["html"])
    out["stress"] = stress.handouts[0]
    return out


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def opened(browser, handouts, tmp_path_factory):
    """Each handout opened at 1280 px: axe-core's results, a screenshot and the A4 print."""
    shots = Path(os.environ.get("RECAPDECK_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    shots.mkdir(parents=True, exist_ok=True)
    axe = AXE.read_text("utf-8")
    out = {}
    for name, html in handouts.items():
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(html.as_uri())
        page.add_script_tag(content=axe)
        results = page.evaluate("async () => await axe.run(document)")
        screen = page.screenshot()
        (shots / f"{name}-screen.png").write_bytes(screen)
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
        (shots / f"{name}-print.pdf").write_bytes(pdf)
        lang = page.evaluate("document.documentElement.lang")
        page.close()
        out[name] = {"axe": results, "screen": screen, "pdf": pdf, "lang": lang}
    return out


@pytest.mark.parametrize(
    "name", ["default-sample", "default-example", "midnight-sample", "midnight-example", "stress"]
)
def test_axe_core_finds_nothing_serious_or_critical(opened, name):
    results = opened[name]["axe"]
    assert len(results["passes"]) > 15  # axe really ran over the page
    serious = [
        f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_page_says_its_language(opened):
    assert {opened[name]["lang"] for name in opened} == {"en-US"}


def test_first_screen_is_1280_wide_and_not_blank(opened):
    for name, found in opened.items():
        image = Image.open(io.BytesIO(found["screen"])).convert("L")
        assert image.size == (1280, 800), name
        low, high = image.getextrema()
        assert high - low > 150, name  # dark text on a light page


def test_print_preview_is_a4_with_every_slide(opened, handouts):
    from pypdf import PdfReader

    for name, found in opened.items():
        reader = PdfReader(io.BytesIO(found["pdf"]))
        box = reader.pages[0].mediabox
        size = (float(box.width), float(box.height))
        assert all(abs(a - b) < 2 for a, b in zip(size, A4_POINTS, strict=True)), (name, size)
        text = "".join(page.extract_text() for page in reader.pages)
        slides = handouts[name].read_text("utf-8").count('<section class="slide')
        assert len(reader.pages) >= 2 and slides > 10
        assert "Run sheet" in text and "SPEAKER NOTES" in text.upper(), name
