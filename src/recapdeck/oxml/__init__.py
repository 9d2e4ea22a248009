"""The XML layer: every raw DrawingML edit and python-pptx internal lives in this package.

python-pptx keeps its XML layer (``oxml/``) apart from its API layer; recapdeck does the same.
:mod:`.text` edits paragraphs and runs, :mod:`.shapes` placeholders and shapes, :mod:`.package`
parts and relationships, and :mod:`.template` reads what a company template's layouts hold.
The renderer (:mod:`recapdeck.render.pptx`) and the template reader
(:mod:`recapdeck.templates.read`) call these functions and touch no private attribute.
"""

from __future__ import annotations

from .package import (
    SlideAppender,
    apply_theme,
    count_part_names,
    drop_thumbnail,
    fix_slide_size_type,
    four_digit_core_dates,
    mend_link_colors,
    renumber_duplicate_ids,
    tidy_template_package,
    wire_notes_master,
    write_package,
)
from .shapes import (
    add_slide_number,
    copy_footer_placeholder,
    has_drawable_box,
    is_title_placeholder,
    make_title_placeholder,
    mark_decorative,
    placeholder_type,
    put_first_in_reading_order,
    remove_shape,
    set_alt_text,
    slide_width,
)
from .text import (
    keep_list_level,
    no_autofit,
    set_bullet,
    set_insets,
    set_rtl,
    set_text_color,
    tag_languages,
    tag_slide_languages,
)

__all__ = [
    "SlideAppender",
    "add_slide_number",
    "apply_theme",
    "copy_footer_placeholder",
    "count_part_names",
    "drop_thumbnail",
    "fix_slide_size_type",
    "four_digit_core_dates",
    "has_drawable_box",
    "is_title_placeholder",
    "keep_list_level",
    "make_title_placeholder",
    "mark_decorative",
    "mend_link_colors",
    "no_autofit",
    "placeholder_type",
    "put_first_in_reading_order",
    "remove_shape",
    "renumber_duplicate_ids",
    "set_alt_text",
    "set_bullet",
    "set_insets",
    "set_rtl",
    "set_text_color",
    "slide_width",
    "tag_languages",
    "tag_slide_languages",
    "tidy_template_package",
    "wire_notes_master",
    "write_package",
]
