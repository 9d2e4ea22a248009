"""The floor: the same slides written with raw python-pptx and no theme logic.

    python bench/floor.py OUTLINE OUT.pptx

Reads the benchmark outline with PyYAML and writes a title slide, then per highlight a
title-and-content slide with its bullets, its picture (scaled to fit, as stored) and its notes.
What recapdeck adds on top (validation, measuring, themes, handouts) is what the ratio shows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from pptx import Presentation
from pptx.util import Emu, Inches, Pt


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    outline = yaml.safe_load(source.read_text(encoding="utf-8"))
    assets = source.parent / outline.get("assets", ".")
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12_192_000), Emu(6_858_000)
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = outline["title"]
    for segment in outline["segments"]:
        for h in segment["highlights"]:
            slide = prs.slides.add_slide(prs.slide_layouts[1])
            slide.shapes.title.text = h["title"]
            body = slide.placeholders[1].text_frame
            for i, point in enumerate(h.get("points", [])):
                p = body.paragraphs[0] if i == 0 else body.add_paragraph()
                p.text = point
                p.font.size = Pt(24)
            for shot in h.get("screenshots", []):
                slide.shapes.add_picture(
                    str(assets / shot["file"]), Inches(7), Inches(2), width=Inches(5.5)
                )
            slide.notes_slide.notes_text_frame.text = h.get("notes", "")
    prs.save(target)


if __name__ == "__main__":
    main()
