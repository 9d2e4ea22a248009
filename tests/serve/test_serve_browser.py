"""``recapdeck serve`` end to end: the real command on a copy of the sample deck, its page in
headless Chromium (Playwright), one LibreOffice for the session. An edit to the outline changes
that slide's image and the warning list, leaves every other image alone; an error is shown over
the last good slides; Ctrl-C leaves no LibreOffice behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from helpers_outline import line_of, require_soffice
from recapdeck.export.office import find_uno_python
from serve_live import (
    ARGS,
    CHROMIUM,
    browser_missing,
    copy_sample,
    save,
    serving,
    slide_keys,
    state,
    wait_image,
    wait_ready,
)

pytestmark = [pytest.mark.external, pytest.mark.browser, pytest.mark.slow]

TITLE = "What you see grows from what you don't"


def _missing() -> str:
    if why := browser_missing():
        return why
    try:
        find_uno_python()
    except Exception as exc:
        return str(exc)
    return ""


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    return copy_sample(tmp_path)


@pytest.fixture
def browser():
    if _missing() and not os.environ.get("CI"):
        pytest.skip(_missing())
    require_soffice()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def test_an_edit_updates_that_slide_and_the_warnings_and_ctrl_c_stops_libreoffice(
    browser, sample_copy
):
    text = sample_copy.read_text(encoding="utf-8")
    with serving(sample_copy, "--port", "0") as served:
        # bypass_csp: Playwright evaluates its waiting conditions as strings, which the
        # page's Content-Security-Policy (script-src 'self') rightly forbids
        page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page.goto(served.url)
        wait_ready(page, 30)
        before = slide_keys(page)
        first = state(page)
        number = next(s["number"] for s in first["slides"] if s["title"] == TITLE)
        assert first["warnings"] == []
        assert served.office_processes(), "one LibreOffice runs for the session"

        edited = text.replace(TITLE, "What you see grows from the roots").replace(
            "duration: 30", "duration: 10"
        )
        saved = save(sample_copy, edited)
        loaded = wait_image(page, number, before[number - 1], saved)
        page.wait_for_function("window.recapdeck.state.warnings.length > 0")
        after = slide_keys(page)
        shown = state(page)
        print(f"\nsave -> slide image shown: {loaded - saved:.0f} ms; refresh: {shown['refresh']}")

        assert [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
            number
        ]
        assert shown["refresh"]["rendered"] == [number]  # no other slide was converted again
        assert shown["refresh"]["office"] == "persistent"
        card = page.locator(f"#slide-{number}")
        assert card.locator(".title").inner_text() == "What you see grows from the roots"
        assert card.locator("img").evaluate("i => i.complete && i.naturalWidth") == 960
        warning = page.locator("#warning-list li").first
        assert "the slot is 10 min" in warning.inner_text()
        assert f"reinvent2024-desantis.yaml:{line_of(sample_copy, 'duration: 10')}" in (
            warning.locator(".where").inner_text()
        )

        save(sample_copy, edited.replace("file: ", "file: missing-", 1))
        page.wait_for_function("window.recapdeck.state.errors.length > 0")
        errors = page.locator("#errors")
        assert errors.is_visible()
        assert "missing-" in errors.inner_text()
        assert "reinvent2024-desantis.yaml:" in errors.locator(".where").first.inner_text()
        assert slide_keys(page) == after  # the last good slides stay
        save(sample_copy, edited)
        page.wait_for_function("window.recapdeck.state.errors.length === 0")
        assert errors.is_hidden()

        # The outline's text is shown as text, never run (the test bypasses the page's
        # Content-Security-Policy, so only the page's own escaping stands in the way).
        hostile = 'Roots <img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
        save(sample_copy, edited.replace("What you see grows from the roots", hostile))
        page.wait_for_function(
            "t => document.querySelector('#slide-5 .title').textContent === t", arg=hostile
        )
        page.wait_for_timeout(300)
        assert page.evaluate("window.pwned") is None
        assert page.locator("img[src='x'], #slides script, aside script").count() == 0
        assert hostile[:30] in page.locator("#warning-list").inner_text()  # shortened there
        page.close()

        offices = served.office_processes()
        assert offices
        assert served.interrupt() == 0
        deadline = time.monotonic() + 10
        while served.office_processes() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert served.office_processes() == []
