"""Check a rendered deck without trusting the planner: text boxes and pictures are read back
from the .pptx, characters and their boxes from LibreOffice's PDF of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

EMU_PER_PT = 12_700
TOLERANCE = 1.5  # points: glyph boxes may poke out of their line by a hair


@dataclass(frozen=True)
class Rect:
    name: str
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, x0: float, y0: float, x1: float, y1: float, slack: float = 0.0) -> bool:
        return (
            x0 >= self.x0 - slack
            and y0 >= self.y0 - slack
            and x1 <= self.x1 + slack
            and y1 <= self.y1 + slack
        )

    def overlaps(self, other: Rect, slack: float = 0.5) -> bool:
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > slack
            and min(self.y1, other.y1) - max(self.y0, other.y0) > slack
        )


def _rect(shape) -> Rect:
    return Rect(
        shape.name,
        shape.left / EMU_PER_PT,
        shape.top / EMU_PER_PT,
        (shape.left + shape.width) / EMU_PER_PT,
        (shape.top + shape.height) / EMU_PER_PT,
    )


@dataclass
class SlideShapes:
    """What a slide draws: its text boxes and pictures, and the template art behind them."""

    texts: list[Rect]
    pictures: list[Rect]
    placed: list[Rect]
    """Text boxes and pictures recapdeck placed itself (not in a layout's placeholder)."""
    art: list[Rect]
    """The layout's and master's own shapes (logos, buttons, bands), backgrounds left out."""
    art_text: list[Rect]
    """Those of them that hold text of their own."""


def _art(slide, width: int, height: int) -> tuple[list[Rect], list[Rect]]:
    layout = slide.slide_layout
    parts = [layout]
    if layout._element.get("showMasterSp", "1") not in ("0", "false"):
        parts.append(layout.slide_master)
    art, text = [], []
    for part in parts:
        for shape in part.shapes:
            if shape.is_placeholder or not shape.width or not shape.height:
                continue
            if shape.width * shape.height >= 0.5 * width * height:
                continue  # a background picture or band: text is meant to go over it
            rect = _rect(shape)
            art.append(rect)
            if shape.has_text_frame and shape.text_frame.text.strip():
                text.append(rect)
    return art, text


def slide_rects(pptx: Path) -> list[SlideShapes]:
    """Per slide: the rectangles of shapes holding text, of pictures, and of template art."""
    result = []
    prs = Presentation(str(pptx))
    for slide in prs.slides:
        texts, pictures, placed = [], [], []
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                pictures.append(_rect(shape))
                placed.append(_rect(shape))
            elif (shape.has_text_frame and shape.text_frame.text.strip()) or (
                shape.has_text_frame and shape.name == "Slide number"
            ):
                texts.append(_rect(shape))
                if not shape.is_placeholder and shape.top >= 0:
                    placed.append(_rect(shape))
        art, art_text = _art(slide, prs.slide_width, prs.slide_height)
        result.append(SlideShapes(texts, pictures, placed, art, art_text))
    return result


def check_deck(pptx: Path, pdf: Path) -> list[str]:
    problems, _ = check_deck_counted(pptx, pdf)
    return problems


def check_deck_counted(pptx: Path, pdf: Path) -> tuple[list[str], int]:
    """Every layout problem found: characters outside the slide or outside every text box,
    text over a picture, overlapping text boxes, or a page count that differs."""
    import pypdfium2 as pdfium

    problems: list[str] = []
    checked = 0
    rects = slide_rects(pptx)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        if len(doc) != len(rects):
            return [f"{pdf.name}: {len(doc)} pages for {len(rects)} slides"], 0
        for number, (page, shapes) in enumerate(zip(doc, rects, strict=True), 1):
            texts, pictures = shapes.texts, shapes.pictures
            width, height = page.get_size()
            where = f"{pptx.name} slide {number}"
            for mine in shapes.placed:
                for art in shapes.art:
                    if mine.overlaps(art, slack=2.0):
                        problems.append(
                            f"{where}: {mine.name!r} lies over the template's {art.name!r}"
                        )
            for i, a in enumerate(texts):
                for b in texts[i + 1 :]:
                    if a.overlaps(b):
                        problems.append(f"{where}: text boxes {a.name!r} and {b.name!r} overlap")
                for pic in pictures:
                    if a.overlaps(pic):
                        problems.append(
                            f"{where}: text box {a.name!r} overlaps picture {pic.name!r}"
                        )
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                ch = textpage.get_text_range(index, 1)
                if not ch.strip():
                    continue
                left, bottom, right, top = textpage.get_charbox(index)
                x0, y0, x1, y1 = left, height - top, right, height - bottom
                checked += 1
                if x1 - x0 <= 0.01 and y1 - y0 <= 0.01:
                    continue  # a zero-size box: a field placeholder, not drawn ink
                if not (
                    x0 >= -TOLERANCE
                    and y0 >= -TOLERANCE
                    and x1 <= width + TOLERANCE
                    and y1 <= height + TOLERANCE
                ):
                    hidden = [r for r in texts if r.y1 <= 0 and r.contains(x0, y0, x1, y1, 1)]
                    if not hidden:  # a title kept above the slide on purpose shows nowhere
                        problems.append(f"{where}: {ch!r} lies outside the slide")
                    continue
                boxes = (*texts, *shapes.art_text)
                if not any(r.contains(x0, y0, x1, y1, TOLERANCE) for r in boxes):
                    problems.append(
                        f"{where}: {ch!r} at ({x0:.0f},{y0:.0f})–({x1:.0f},{y1:.0f}) is "
                        "outside every text box"
                    )
                for pic in pictures:
                    if pic.contains(x0, y0, x1, y1, -TOLERANCE):
                        problems.append(f"{where}: {ch!r} is drawn over picture {pic.name!r}")
    finally:
        doc.close()
    return problems, checked


BULLETS = set("•–◦▪■□●○►▸✓\uf0a7\uf0b7\uf0d8\uf0fc")
_FOOTERS = ("dt", "ftr", "sldNum")


def _measured_rects(pptx: Path) -> list[list[Rect]]:
    """Per slide: the text shapes recapdeck wrote and measured (not the layout's footers
    copied onto the slide, nor the title kept above the slide for screen readers)."""
    result = []
    for slide in Presentation(str(pptx)).slides:
        rects = []
        for shape in slide.shapes:
            if not (shape.has_text_frame and shape.text_frame.text.strip()) or shape.top < 0:
                continue
            ph = shape._element.nvSpPr.nvPr.ph if shape.is_placeholder else None
            if ph is not None and ph.get("type") in _FOOTERS:
                continue
            rects.append(_rect(shape))
        result.append(rects)
    return result


def pdf_char_fonts(pdf: Path) -> list[list[tuple[str, str, tuple[float, float, float, float]]]]:
    """Per page: each character, the font it is drawn with (its PostScript name without the
    subset tag) and its box (x0, y0, x1, y1 from the top left, in points)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for page in doc:
            height = page.get_size()[1]
            textpage = page.get_textpage()
            chars = []
            name = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            for index in range(textpage.count_chars()):
                ch = textpage.get_text_range(index, 1)
                if not ch.strip():
                    continue
                raw.FPDFText_GetFontInfo(textpage.raw, index, name, 256, ctypes.byref(flags))
                font = name.value.decode("latin-1").split("+")[-1]
                left, bottom, right, top = textpage.get_charbox(index)
                chars.append((ch, font, (left, height - top, right, height - bottom)))
            pages.append(chars)
    finally:
        doc.close()
    return pages


def font_problems(pptx: Path, pdf: Path, measured: dict[str, frozenset[int]]) -> list[str]:
    """Characters of text recapdeck measured that LibreOffice drew in another font.

    ``measured`` maps each family recapdeck measured with (as in the font file, e.g.
    "Carlito", "DejaVu Sans") to the code points that font has: a character it lacks is
    drawn (and was measured) with a fallback, and bullets are the template's own glyphs.
    """
    problems = []
    families = {name.replace(" ", ""): chars for name, chars in measured.items()}
    for number, (rects, chars) in enumerate(
        zip(_measured_rects(pptx), pdf_char_fonts(pdf), strict=True), 1
    ):
        for ch, font, box in chars:
            if ch in BULLETS or not any(r.contains(*box, TOLERANCE) for r in rects):
                continue
            family = font.split("-")[0].split(",")[0]
            if family in families:
                continue
            if all(ord(ch) not in cover for cover in families.values()):
                continue  # no measured font has it: a fallback, measured as such
            problems.append(f"{pptx.name} slide {number}: {ch!r} drawn in {font}")
    return problems


def measured_fonts(outline: Path, **options) -> dict[str, frozenset[int]]:
    """The font families recapdeck measures ``outline``'s text with (as their files name
    them) and the characters each has."""
    from fontTools.ttLib import TTFont

    from recapdeck.pipeline.options import BuildContext, BuildOptions
    from recapdeck.pipeline.stages import make_measurer, prepare
    from recapdeck.plan import plan_deck

    context = BuildContext.open(False)
    prepared = prepare(outline, BuildOptions(cache=False, handout=(), **options), context)
    measurer = make_measurer(prepared.theme, context.fonts)
    plan_deck(prepared.loaded, prepared.theme, measurer)  # the layouts' own typefaces too
    found = {}
    for files in measurer.fonts.values():
        for path in (files.regular, files.bold):
            if path is None:
                continue
            with TTFont(str(path), lazy=True, fontNumber=0) as font:
                names = font["name"]
                family = str(names.getDebugName(16) or names.getDebugName(1))
                found[family] = frozenset(font.getBestCmap() or ())
    return found
