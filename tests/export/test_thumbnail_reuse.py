"""Slide thumbnails reused on a rebuild with PDFs: only the changed slides' pages are rendered
again, and the handout is what a cold build with PDFs writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers_outline import write_small_talk
from recapdeck import build
from recapdeck.export import raster
from recapdeck.pipeline.options import BuildContext

pytestmark = pytest.mark.external


def test_a_rebuild_renders_the_thumbnails_of_changed_slides_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outline = write_small_talk(tmp_path)
    rendered: list[int] = []
    real = raster._page_images

    def counting(pdf, *, width, only=None):
        for index, image in real(pdf, width=width, only=only):
            rendered.append(index)
            yield index, image

    monkeypatch.setattr(raster, "_page_images", counting)
    first = build(
        outline, out_dir=tmp_path / "out", pdf=True, context=BuildContext.open(tmp_path / "cache")
    )
    assert len(rendered) == first.slides
    rendered.clear()
    outline.write_text(
        outline.read_text(encoding="utf-8").replace(
            "Twice the bandwidth", "Three times the bandwidth"
        ),
        encoding="utf-8",
    )
    # a new process, as `recapdeck build --pdf` after the edit: from the cache folder
    second = build(
        outline, out_dir=tmp_path / "out", pdf=True, context=BuildContext.open(tmp_path / "cache")
    )
    handouts = [p for p in second.outputs if p.name.endswith("-handout.html")]
    html = handouts[0].read_text(encoding="utf-8")
    assert "Three times the bandwidth" in html
    # the edited slide, and the agenda or takeaways only if they show the edited text
    assert 1 <= len(rendered) <= 2, rendered
    build(outline, out_dir=tmp_path / "cold", pdf=True, cache=False)
    cold_html = (tmp_path / "cold" / handouts[0].name).read_text(encoding="utf-8")
    assert html == cold_html
