"""Units, named once: points (1/72 inch) for planning, EMU for PowerPoint files, pixels for images.

Geometry is planned in points on the theme's slide size and stored in the plan in EMU (English
Metric Units), the unit of .pptx files.
"""

from __future__ import annotations

PT_PER_INCH = 72
EMU_PER_INCH = 914_400
EMU_PER_PT = EMU_PER_INCH // PT_PER_INCH  # 12,700
PX_PER_PT = 2.0
"""144 px per inch: a slide shown 1920 px wide. Pictures are embedded at up to 2× that."""


def emu_to_pt(emu: float) -> float:
    """EMU to points."""
    return emu / EMU_PER_PT


def inches_to_pt(inches: float) -> float:
    """Inches (theme margins) to points."""
    return inches * PT_PER_INCH
