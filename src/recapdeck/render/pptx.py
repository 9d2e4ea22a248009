"""render_pptx(): turn a DeckPlan into a native, editable PowerPoint deck with python-pptx."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from .. import oxml as _oxml
from ..cache import ImageCache, file_sha256
from ..language import paragraph_is_rtl, run_language
from ..load.images import (
    IMAGE_SETTINGS,
    ImageInfo,
    image_library_versions,
    passes_through,
    prepare_image,
)
from ..load.theme import Theme
from ..markup import Para
from ..plan.fit import INSET_X, INSET_Y, bullet_indent, level_size, line_height
from ..plan.model import Box, DeckPlan, PicturePlan, ShapePlan, SlidePlan, TextFrame, TextRole
from ..plan.notes import date_text
from ..text_style import kept_indent
from ..units import EMU_PER_PT, inches_to_pt
from .reuse import SlideReuse, SlideStore

_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
_INSET_X, _INSET_Y = Emu(round(INSET_X * EMU_PER_PT)), Emu(round(INSET_Y * EMU_PER_PT))


def render_pptx(
    plan: DeckPlan,
    theme: Theme,
    *,
    pictures: Mapping[Path, tuple[bytes, str]] | None = None,
    reuse: SlideReuse | None = None,
) -> Any:
    """Build the python-pptx Presentation for ``plan``; the caller saves it.

    ``pictures`` are the images :func:`prepare_pictures` made, when the caller has them already;
    slides ``reuse`` has a record of are added from it instead of being written.
    """
    if theme.template is not None:
        from ..templates.read import open_template

        prs = open_template(theme.template)  # its own size, masters, layouts and theme
        _oxml.tidy_template_package(prs)
    else:
        prs = Presentation()
        width, height = theme.slide_size
        prs.slide_width = Emu(round(width * EMU_PER_PT))
        prs.slide_height = Emu(round(height * EMU_PER_PT))
    _oxml.count_part_names(prs)
    _oxml.drop_thumbnail(prs)
    layouts: dict[str, Any] = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            layouts.setdefault(layout.name, layout)
    if pictures is None:
        pictures = prepare_pictures(plan)
    writer = _SlideWriter(theme, plan, pictures)
    add_slide = _oxml.SlideAppender(prs)
    for slide_plan in plan.slides:
        layout = layouts[slide_plan.layout]
        if reuse is None or not reuse.replay(add_slide, layout, slide_plan):
            writer.write(add_slide(layout), slide_plan)
    _set_properties(prs, plan)
    if theme.template is not None:
        _mend_contrast(prs, theme)
    _oxml.fix_slide_size_type(prs)
    _oxml.wire_notes_master(prs)
    c = theme.colors
    if theme.template is not None:  # the company's theme stays, links made readable
        _oxml.mend_link_colors(prs, c.link, (c.background, c.surface))
        return prs
    _oxml.apply_theme(
        prs,
        {
            "dk1": c.text,
            "lt1": c.background,
            "dk2": c.muted,
            "lt2": c.surface,
            "accent1": c.accent,
            "accent2": c.new,
            "hlink": c.link,
            "folHlink": c.link,
        },
        theme.fonts.heading,
        theme.fonts.body,
    )
    return prs


def _mend_contrast(prs: Any, theme: Theme) -> None:
    """Recolour text that a template puts below 4.5:1 against what is behind it.

    A company template decides the text colours of its placeholders and what lies under them
    (pictures, bands, gradients); read back from the written deck, any text still below WCAG AA
    gets the first of the theme's text colour, its background colour, black and white that
    reads at 4.5:1 on everything behind it (or the best of them).
    """
    from ..inspect.colors import contrast
    from ..inspect.contrast import MIN_CONTRAST, low_contrast
    from ..inspect.package import open_package

    buffer = io.BytesIO()
    _oxml.write_package(prs, buffer)
    spots = low_contrast(open_package(buffer.getvalue()))
    if not spots:
        return
    candidates = [theme.colors.text, theme.colors.background, "#000000", "#FFFFFF"]

    def rgb(value: str) -> tuple[float, float, float]:
        value = value.lstrip("#")
        return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)

    slides = list(prs.slides)
    for spot in spots:
        if not spot.behind:
            continue
        worst = {c: min(contrast(rgb(c), b) for b in spot.behind) for c in candidates}
        readable = [c for c in candidates if worst[c] >= MIN_CONTRAST]
        color = readable[0] if readable else max(candidates, key=lambda c: worst[c])
        shape = next(
            (s for s in slides[spot.slide - 1].shapes if str(s.shape_id) == spot.shape_id), None
        )
        if shape is not None:
            _oxml.set_text_color(shape, color)


def deck_bytes(prs: Any) -> bytes:
    """Serialise ``prs`` with fixed zip entry times, so equal decks are equal bytes."""
    buffer = io.BytesIO()
    _oxml.write_package(prs, buffer)
    return buffer.getvalue()


def render_deck(
    plan: DeckPlan,
    theme: Theme,
    *,
    cache: ImageCache | None = None,
    slides: SlideStore | None = None,
) -> tuple[dict[Path, tuple[bytes, str]], bytes]:
    """The prepared pictures and the .pptx bytes of ``plan``.

    The pictures are prepared on a thread pool while the slides are written: Pillow decodes,
    resizes and encodes without holding the GIL, so the slides cost little more than the
    pictures alone. Each slide waits only for its own pictures, which are queued in slide
    order. Slides ``slides`` rendered before (same plan, pictures and settings) are reused.
    """
    wanted = _wanted(plan)
    with ThreadPoolExecutor(max_workers=_workers(wanted)) as pool:
        futures = {
            path: pool.submit(_prepare_one, info, width, height, cache=cache)
            for path, (info, width, height) in wanted.items()
        }
        try:
            ready = _Ready(futures)
            reuse = slides.session(plan, theme, ready) if slides is not None else None
            prs = render_pptx(plan, theme, pictures=ready, reuse=reuse)
            if reuse is not None:
                reuse.record(prs, plan)
            deck = deck_bytes(prs)
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise
        return {path: future.result() for path, future in futures.items()}, deck


def prepare_pictures(
    plan: DeckPlan, *, cache: ImageCache | None = None
) -> dict[Path, tuple[bytes, str]]:
    """Prepare each image file once, at the largest size any of its uses needs.

    With a ``cache``, an image already processed by an earlier build (same bytes, same size,
    same settings) is read from it instead of being decoded again; the bytes are the same.
    """
    wanted = _wanted(plan)
    with ThreadPoolExecutor(max_workers=_workers(wanted)) as pool:
        done = pool.map(lambda item: _prepare_one(*item, cache=cache), wanted.values())
        return dict(zip(wanted, done, strict=True))


def _wanted(plan: DeckPlan) -> dict[Path, tuple[ImageInfo, int, int]]:
    """Each image file once, in order of first use, with the largest size any use needs."""
    wanted: dict[Path, tuple[ImageInfo, int, int]] = {}
    for slide in plan.slides:
        for pic in slide.pictures:
            if pic.image is None:
                continue
            info, w, h = wanted.get(pic.image.path, (pic.image, 0, 0))
            wanted[pic.image.path] = (info, max(w, pic.pixels[0]), max(h, pic.pixels[1]))
    return wanted


def _workers(wanted: dict[Path, Any]) -> int:
    """One thread per core: at most one image per core is held decoded at a time."""
    return min(len(wanted), os.cpu_count() or 1) or 1


class _Ready(Mapping[Path, tuple[bytes, str]]):
    """Prepared pictures by source path, each waited for when it is first looked up."""

    def __init__(self, futures: dict[Path, Future[tuple[bytes, str]]]) -> None:
        self._futures = futures

    def __getitem__(self, path: Path) -> tuple[bytes, str]:
        return self._futures[path].result()

    def __iter__(self) -> Iterator[Path]:
        return iter(self._futures)

    def __len__(self) -> int:
        return len(self._futures)


def _prepare_one(
    info: ImageInfo, width: int, height: int, *, cache: ImageCache | None
) -> tuple[bytes, str]:
    if cache is None or passes_through(info, width, height):
        return prepare_image(info, width, height)
    try:
        source = file_sha256(info.path)
    except OSError:
        return prepare_image(info, width, height)  # reports the file's problem in its words
    key = cache.key("deck", source, f"{width}x{height}", IMAGE_SETTINGS, *image_library_versions())
    if (found := cache.get(key)) is not None:
        return found
    data, ext = prepare_image(info, width, height)
    cache.put(key, data, ext)
    return data, ext


class _SlideWriter:
    def __init__(self, theme: Theme, plan: DeckPlan, pictures: Mapping[Path, tuple[bytes, str]]):
        self.theme = theme
        self.plan = plan
        self.pictures = pictures

    def color(self, role: str) -> RGBColor:
        value: str = getattr(self.theme.colors, role)
        color: RGBColor = RGBColor.from_string(value.lstrip("#"))
        return color

    def font_name(self, role: str) -> str:
        return str(getattr(self.theme.fonts, role))

    def write(self, slide: Any, plan: SlidePlan) -> None:
        if plan.background:
            fill = slide.background.fill
            fill.solid()
            fill.fore_color.rgb = self.color(plan.background)
        for shape in plan.shapes:
            self.shape(slide, shape)
        placeholders = list(slide.placeholders)
        used: list[Any] = []
        title: Any = None
        frames = [plan.title_frame] if plan.title_frame is not None else []
        for frame in [*frames, *plan.frames]:
            target = _placeholder_for(frame, placeholders, used)
            if target is not None:
                used.append(target)
                _place(target, frame.box)
                if frame.role == "title":
                    target.name = "Title"
            else:
                target = slide.shapes.add_textbox(*_emu(frame.box))
                target.name = "Title" if frame.role == "title" else f"{frame.role.title()} text"
            if frame.role == "title":
                title = target
            self.text(target.text_frame, frame)
        for ph in placeholders:
            if not any(ph is u for u in used):  # empty, it would show "Click to add text"
                _oxml.remove_shape(ph)
        for pic in plan.pictures:
            self.picture(slide, pic)
        self.real_title(slide, plan, title)
        if plan.footer:
            if self.theme.template is not None:
                self.template_footer(slide, plan)
            else:
                self.footer(slide, plan)
        notes = slide.notes_slide.notes_text_frame
        notes.text = plan.notes
        for paragraph in notes.paragraphs:
            if paragraph_is_rtl(paragraph.text):
                _oxml.set_rtl(paragraph)
        language = self.plan.props.language
        for part in (slide, slide.notes_slide):
            _oxml.tag_slide_languages(part, lambda text: _run_tags(text, language))

    def real_title(self, slide: Any, plan: SlidePlan, title: Any) -> None:
        """Make sure the slide has a title placeholder, first in reading order.

        Screen readers name a slide by its title placeholder, and read shapes in tree order. A
        title drawn in a text box becomes the placeholder; a slide without a visible title (a
        quote) gets its title from the plan in a placeholder above the slide's top edge, where
        no application draws it but every one lists it.
        """
        if title is None:
            height = Emu(round(48 * EMU_PER_PT))
            title = slide.shapes.add_textbox(
                0, -height - Emu(round(24 * EMU_PER_PT)), _oxml.slide_width(slide), height
            )
            title.name = "Title (hidden)"
            tf = title.text_frame
            tf.word_wrap = True
            tf.vertical_anchor = MSO_ANCHOR.TOP
            run = tf.paragraphs[0].add_run()
            run.text = plan.title
            run.font.size = Pt(12)  # small enough to stay inside its box, wherever it wraps
        if not _oxml.is_title_placeholder(title):
            _oxml.make_title_placeholder(title)
        _oxml.put_first_in_reading_order(title)

    def template_footer(self, slide: Any, plan: SlidePlan) -> None:
        """Bring the layout's date, footer and slide-number placeholders onto the slide, filled:
        python-pptx leaves them behind, so a template's footer would otherwise never show."""
        meta = self.plan.meta
        for layout_ph in slide.slide_layout.placeholders:
            kind = _oxml.placeholder_type(layout_ph)
            if kind not in ("dt", "ftr", "sldNum") or not _oxml.has_drawable_box(layout_ph):
                continue
            ph = _oxml.copy_footer_placeholder(slide, layout_ph)
            p = ph.text_frame.paragraphs[0]
            if kind == "sldNum":
                _oxml.add_slide_number(p, plan.number, None, None, None)
            else:
                text = self.plan.footer_text if kind == "ftr" else date_text(meta.date)
                if not text:
                    _oxml.remove_shape(ph)
                    continue
                p.add_run().text = text

    def text(self, tf: Any, frame: TextFrame) -> None:
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        _oxml.no_autofit(tf)
        tf.margin_left = tf.margin_right = _INSET_X
        tf.margin_top = tf.margin_bottom = _INSET_Y
        if frame.placeholder is not None and self.theme.template is not None:
            _oxml.set_insets(tf, _INSET_X, _INSET_Y)  # not the layout's: those measured
        if frame.anchor:  # "" keeps the placeholder's own anchoring
            tf.vertical_anchor = _ANCHOR[frame.anchor]
        for i, para in enumerate(frame.paras):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            size = level_size(frame.size, para.level)
            if frame.align:
                p.alignment = _ALIGN[frame.align]
            p.line_spacing = Pt(line_height(size))
            if i and frame.space_before:
                p.space_before = Pt(frame.space_before if para.level == 0 else frame.size * 0.2)
            else:
                p.space_before = Pt(0)
            if frame.placeholder is not None and self.theme.template is not None:
                p.space_after = Pt(0)  # a template's space after was not measured
            # a template's placeholder would otherwise give a subtitle its own bullets
            in_placeholder = frame.placeholder is not None and frame.role is not TextRole.TITLE
            if para.bullet or frame.role is TextRole.BODY or in_placeholder:
                self.list_paragraph(p, frame, para)
            if para.rtl:
                _oxml.set_rtl(p)
            for run_plan in para.runs:
                run = p.add_run()
                run.text = run_plan.text
                font = run.font
                font.size = Pt(size)
                if run_plan.code or (frame.font and not self.kept(frame, para, "font")):
                    font.name = self.font_name("mono" if run_plan.code else frame.font)
                # only ever switch bold and italic on: off means "as the placeholder says"
                font.bold = True if frame.bold or run_plan.bold else None
                font.italic = True if frame.italic or run_plan.italic else None
                if frame.color and not self.kept(frame, para, "color"):
                    font.color.rgb = self.color(frame.color)
                if run_plan.link:
                    run.hyperlink.address = run_plan.link
                    if frame.color in ("text", "muted", ""):
                        font.color.rgb = self.color("link")
                    font.underline = True

    def list_paragraph(self, p: Any, frame: TextFrame, para: Para) -> None:
        """Bullets and indents of a paragraph: the template placeholder's own where its list
        style serves (measured so, see :func:`kept_indent`), else recapdeck's."""
        accent = self.theme.colors.accent
        kept = kept_indent(
            frame.list_style, para.level, para.bullet, level_size(frame.size, para.level)
        )
        if kept is None or frame.list_style is None:
            indent = round(bullet_indent(frame.size) * EMU_PER_PT)
            _oxml.set_bullet(p, para.bullet, para.level, indent, accent)
            return
        level = frame.list_style.level(para.level)
        if frame.placeholder is None:  # a text box inherits nothing: write the same indents
            hang = round(-level.indent * EMU_PER_PT)
            margin = round(level.margin * EMU_PER_PT)
            _oxml.set_bullet(p, para.bullet, para.level, hang, accent, margin_emu=margin)
        else:
            _oxml.keep_list_level(
                p, para.level, number=para.bullet == "number", plain_bullet=level.symbol_bullet
            )

    def kept(self, frame: TextFrame, para: Para, what: str) -> bool:
        """Whether a template placeholder's own font (or colour) stays on ``para``'s runs: in
        a placeholder measured with its style, the theme's font is the one it draws anyway,
        and the colour is the company's."""
        style = frame.list_style
        if style is None or frame.placeholder is None:
            return False
        if what == "color":
            return frame.color == "text"
        return style.level(para.level).typeface == self.font_name(frame.font)

    def shape(self, slide: Any, plan: ShapePlan) -> None:
        kind = MSO_SHAPE.ROUNDED_RECTANGLE if plan.rounded else MSO_SHAPE.RECTANGLE
        shape = slide.shapes.add_shape(kind, *_emu(plan.box))
        shape.name = f"{plan.text.title()} badge" if plan.text else "Accent"
        shape.fill.solid()
        shape.fill.fore_color.rgb = self.color(plan.fill)
        shape.line.fill.background()
        shape.shadow.inherit = False
        if plan.text:
            tf = shape.text_frame
            tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
            tf.vertical_anchor = MSO_ANCHOR.MIDDLE
            _oxml.no_autofit(tf)
            p = tf.paragraphs[0]
            p.alignment = PP_ALIGN.CENTER
            run = p.add_run()
            run.text = plan.text
            run.font.size = Pt(plan.size)
            run.font.bold = True
            run.font.name = self.font_name("body")
            run.font.color.rgb = self.color(plan.text_color)
            _oxml.set_alt_text(shape, f"{plan.text.title()}: announced in this keynote")
        else:
            _oxml.mark_decorative(shape)  # an accent bar: nothing to say about it

    def picture(self, slide: Any, plan: PicturePlan) -> None:
        if plan.image is None:
            self.missing(slide, plan)
            return
        data, _ = self.pictures[plan.image.path]
        pic = slide.shapes.add_picture(io.BytesIO(data), *_emu(plan.box))
        pic.name = f"Screenshot {plan.label}"
        c = plan.crop
        if (c.left, c.top, c.right, c.bottom) != (0, 0, 0, 0):
            pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom = (
                c.left,
                c.top,
                c.right,
                c.bottom,
            )
        if plan.oval:
            pic.auto_shape_type = MSO_SHAPE.OVAL
        _oxml.set_alt_text(pic, plan.alt)
        if plan.decorative:
            pic.name = "Logo"
            _oxml.mark_decorative(pic)

    def missing(self, slide: Any, plan: PicturePlan) -> None:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *_emu(plan.box))
        shape.name = f"Missing screenshot {plan.label}"
        shape.fill.solid()
        shape.fill.fore_color.rgb = self.color("surface")
        shape.line.color.rgb = self.color("new")
        shape.line.width = Pt(2)
        tf = shape.text_frame
        tf.word_wrap = True
        lines = ["MISSING SCREENSHOT", plan.label, plan.alt]
        for i, line in enumerate(lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.alignment = PP_ALIGN.CENTER
            run = p.add_run()
            run.text = line
            run.font.size = Pt(18 if i == 0 else 14)
            run.font.bold = i == 0
            run.font.color.rgb = self.color("new" if i == 0 else "text")
        _oxml.set_alt_text(shape, f"Placeholder for missing screenshot {plan.label}: {plan.alt}")

    def footer(self, slide: Any, plan: SlidePlan) -> None:
        t = self.theme
        mg = t.margins
        size = t.sizes.footer
        slide_w, slide_h = t.slide_size
        y = slide_h - inches_to_pt(mg.bottom) + 2
        height = line_height(size) + 8
        if t.slides.footer:
            box = slide.shapes.add_textbox(
                *_emu(Box.pt(inches_to_pt(mg.left), y, slide_w * 0.7, height))
            )
            box.name = "Footer"
            self._small(box.text_frame, PP_ALIGN.LEFT).add_run().text = self.plan.footer_text
            self._style(box.text_frame, size)
        if t.slides.slide_numbers:
            box = slide.shapes.add_textbox(
                *_emu(Box.pt(slide_w - inches_to_pt(mg.right) - 80, y, 80, height))
            )
            box.name = "Slide number"
            p = self._small(box.text_frame, PP_ALIGN.RIGHT)
            _oxml.add_slide_number(p, plan.number, size, t.colors.muted, t.fonts.body)

    def _small(self, tf: Any, align: Any) -> Any:
        tf.word_wrap = False
        tf.auto_size = MSO_AUTO_SIZE.NONE
        _oxml.no_autofit(tf)
        tf.margin_left = tf.margin_right = _INSET_X
        tf.margin_top = tf.margin_bottom = _INSET_Y
        p = tf.paragraphs[0]
        p.alignment = align
        return p

    def _style(self, tf: Any, size: float) -> None:
        for p in tf.paragraphs:
            for run in p.runs:
                run.font.size = Pt(size)
                run.font.name = self.font_name("body")
                run.font.color.rgb = self.color("muted")


def _placeholder_for(frame: TextFrame, placeholders: list[Any], used: list[Any]) -> Any:
    """The slide placeholder ``frame`` goes into, or None for a new text box.

    Layouts saved by LibreOffice give no placeholder an idx, so several share idx 0: among
    those, a title goes into the title placeholder and other text into any other.
    """
    if frame.placeholder is None:
        return None
    free = [
        ph
        for ph in placeholders
        if ph.placeholder_format.idx == frame.placeholder and not any(ph is u for u in used)
    ]
    wants_title = frame.role == "title"
    for ph in free:
        if (_oxml.placeholder_type(ph) in ("title", "ctrTitle")) == wants_title:
            return ph
    return free[0] if free else None


def _run_tags(text: str, language: str) -> tuple[str, str | None]:
    found = run_language(text, language)
    return found.lang, found.alt_lang


def _emu(box: Box) -> tuple[Emu, Emu, Emu, Emu]:
    return Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h)


def _place(shape: Any, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = _emu(box)


def _set_properties(prs: Any, plan: DeckPlan) -> None:
    props = prs.core_properties
    p = plan.props
    when = dt.datetime.combine(p.date or dt.date(2000, 1, 1), dt.time(0, 0))
    props.title = p.title
    props.author = p.author
    props.last_modified_by = p.author
    props.subject = p.subject
    props.keywords = p.keywords
    props.comments = p.comments
    props.category = p.category
    props.created = when
    props.modified = when
    props.last_printed = when
    _oxml.four_digit_core_dates(props, when)
    props.revision = 1
    props.identifier = ""
    props.language = p.language
    props.content_status = ""
    props.version = ""
