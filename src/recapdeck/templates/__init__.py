"""Company templates: read a .pptx/.potx safely (:mod:`.read`) and map slide kinds onto its
layouts (:mod:`.mapping`)."""

from __future__ import annotations

from .mapping import describe, map_layouts, template_colors, theme_yaml
from .read import (
    KINDS,
    LayoutChoice,
    LayoutInfo,
    PlaceholderInfo,
    TemplateInfo,
    open_template,
    read_template,
)

__all__ = [
    "KINDS",
    "LayoutChoice",
    "LayoutInfo",
    "PlaceholderInfo",
    "TemplateInfo",
    "describe",
    "map_layouts",
    "open_template",
    "read_template",
    "template_colors",
    "theme_yaml",
]
