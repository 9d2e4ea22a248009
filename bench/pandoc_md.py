"""The benchmark outline as pandoc slide Markdown: the same slides for `pandoc -o deck.pptx`.

    python bench/pandoc_md.py OUTLINE OUT.md

Title slide, agenda, takeaways; per segment a section slide, a slide per highlight with its
bullets, its picture and its notes (``::: notes``), and a quote slide; then what's new,
references and closing: the slides bench/floor.py writes, for pandoc's PowerPoint writer.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def markdown(outline: dict, assets: Path) -> str:
    """Pandoc Markdown with one slide per ``##`` heading (``#`` for section slides)."""
    segments = outline["segments"]
    out = [f"---\ntitle: {outline['title']!r}\n---", ""]

    def slide(title: str, points: list[str] = (), notes: str = "", level: int = 2) -> None:
        out.append(f"{'#' * level} {title}")
        out.extend(f"- {point}" for point in points)
        if notes:
            out.extend(["", "::: notes", notes, ":::"])
        out.append("")

    slide("Agenda", [seg["title"] for seg in segments])
    slide("Key takeaways", outline.get("summary", []))
    for segment in segments:
        slide(segment["title"], level=1)
        for h in segment["highlights"]:
            slide(h["title"], h.get("points", []), h.get("notes", ""))
            for shot in h.get("screenshots", []):
                out[-1:-1] = ["", f"![{shot.get('caption', '')}]({assets / shot['file']})"]
        for quote in segment.get("quotes", []):
            slide(f"“{quote['text']}”")
    slide("What's new", [a["name"] for a in outline.get("announcements", [])])
    slide("References", [r["title"] for r in outline.get("references", [])])
    slide("Thank you")
    return "\n".join(out) + "\n"


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    outline = yaml.safe_load(source.read_text(encoding="utf-8"))
    assets = (source.parent / outline.get("assets", ".")).resolve()
    target.write_text(markdown(outline, assets), encoding="utf-8")


if __name__ == "__main__":
    main()
