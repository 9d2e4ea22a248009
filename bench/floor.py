"""The floor: the same slides written with raw python-pptx and no theme logic.

    python bench/floor.py OUTLINE OUT.pptx

Reads the benchmark outline with PyYAML and writes the slides recapdeck makes of it, plainly:
title, agenda, takeaways; per segment a section slide, a title-and-content slide per highlight
with its bullets, its picture (scaled to fit, embedded as stored) and its notes, and a quote
slide; then what's new, references and closing. What recapdeck adds on top (validation,
measuring, themes, downscaled pictures, handouts) is what the ratio shows.
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

    def slide(title: str, points: list[str] = (), notes: str = "", layout: int = 1):
        s = prs.slides.add_slide(prs.slide_layouts[layout])
        s.shapes.title.text = title
        if layout == 1:
            body = s.placeholders[1].text_frame
            for i, point in enumerate(points):
                p = body.paragraphs[0] if i == 0 else body.add_paragraph()
                p.text = point
                p.font.size = Pt(24)
        s.notes_slide.notes_text_frame.text = notes
        return s

    segments = outline["segments"]
    slide(outline["title"], layout=0)
    slide("Agenda", [seg["title"] for seg in segments])
    slide("Key takeaways", outline.get("summary", []))
    for segment in segments:
        slide(segment["title"], layout=0)
        for h in segment["highlights"]:
            s = slide(h["title"], h.get("points", []), h.get("notes", ""))
            for shot in h.get("screenshots", []):
                s.shapes.add_picture(
                    str(assets / shot["file"]), Inches(7), Inches(2), width=Inches(5.5)
                )
        for quote in segment.get("quotes", []):
            slide(quote["text"], layout=5)
    slide("What's new", [a["name"] for a in outline.get("announcements", [])])
    slide("References", [r["title"] for r in outline.get("references", [])])
    slide("Thank you", layout=0)
    prs.save(target)


if __name__ == "__main__":
    main()
