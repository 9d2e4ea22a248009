"""A readable text dump of a .pptx: layouts, shapes, text, picture geometry, notes, links."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

EMU_PER_PT = 12_700


def _pt(value: int | None) -> str:
    return f"{Emu(value or 0) / EMU_PER_PT:.1f}"


def dump_pptx(path: Path) -> str:
    """Describe every slide of the deck at ``path`` in stable, diff-friendly text."""
    prs = Presentation(str(path))
    lines = [f"deck {_pt(prs.slide_width)}x{_pt(prs.slide_height)} pt"]
    props = prs.core_properties
    lines.append(f"title: {props.title}")
    lines.append(f"author: {props.author}; subject: {props.subject}; keywords: {props.keywords}")
    for number, slide in enumerate(prs.slides, start=1):
        lines.append("")
        lines.append(f"== slide {number} [{slide.slide_layout.name}]")
        for shape in slide.shapes:
            geometry = f"@{_pt(shape.left)},{_pt(shape.top)} {_pt(shape.width)}x{_pt(shape.height)}"
            if shape.shape_type == 13:  # picture
                descr = shape._element._nvXxPr.cNvPr.get("descr", "")
                crop = (shape.crop_left, shape.crop_top, shape.crop_right, shape.crop_bottom)
                crop_text = " crop=" + ",".join(f"{c:.3f}" for c in crop) if any(crop) else ""
                lines.append(
                    f"  picture {shape.name!r} {geometry}{crop_text} "
                    f"px={shape.image.size[0]}x{shape.image.size[1]} alt={descr!r}"
                )
                continue
            lines.append(f"  {shape.name!r} {geometry}")
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    text = "".join(r.text for r in p.runs) or p._p.xpath("string(.)")
                    if not text:
                        continue
                    size = next((r.font.size for r in p.runs if r.font.size), None)
                    size_text = f"{size.pt:g}pt " if size else ""
                    links = [r.hyperlink.address for r in p.runs if r.hyperlink.address]
                    link_text = f" -> {', '.join(links)}" if links else ""
                    lines.append(f"    {size_text}L{p.level}: {text}{link_text}")
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        lines.append(f"  notes: {notes}")
    return "\n".join(lines) + "\n"
