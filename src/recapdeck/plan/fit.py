"""Text measurement and picture fitting for the planner.

Widths come from the real font files (or their metric twins, such as Carlito for Calibri, found
by :mod:`recapdeck.plan.fonts`), so the wrapping computed here is the wrapping PowerPoint and
LibreOffice will do. The renderer writes the same sizes and exact line spacing that were
measured, and turns auto-fit off.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..markup import Para
from ..text_style import PlaceholderStyle, kept_indent
from .fonts import FontCache, FontFiles, LoadedFont, fontconfig_for

LINE_SPACING = 1.2
"""Line pitch as a multiple of the font size; written into the deck as exact spacing."""
INSET_X, INSET_Y = 7.2, 3.6
"""Text box insets in points (left/right, top/bottom), written into every text box."""
BULLET_INDENT = 22.0
"""Hanging indent of a bullet level in points, at the usual body sizes."""
BULLET_INDENT_EM = 0.9
"""Large text (set past the body size) indents by this many ems, so "1." keeps its space."""
SUB_SCALE = 0.85
"""Sub-bullets are set at this fraction of the body size."""
TITLE_FLOOR = 20.0
"""The smallest size a slide title is ever set at, whatever the theme's minimum."""

LAST_RESORT_BODY = 10.0
"""A bullet too long for a slide at the theme's minimum size is set smaller, down to this,
rather than run out of its box (and reported, to be shortened)."""

_BREAKS = str.maketrans({"\n": " ", "\r": " "})
"""Line breaks, which Pillow's layout engine refuses to measure, counted as spaces."""


_FALLBACK_EM = 0.52  # average advance of a sans-serif letter, when no font file is found


@dataclass
class Measurer:
    """Measures text widths in points with loaded fonts; one per build, never global.

    Characters the theme's font lacks (CJK, emoji, Arabic...) are measured with the font
    fontconfig picks for them, which is the fallback LibreOffice will render them with.
    """

    fonts: dict[str, FontFiles]
    cache: FontCache = field(default_factory=FontCache, repr=False)
    """Where opened fonts and fontconfig's answers come from (one build's, or kept longer)."""
    resolve: Callable[[str], FontFiles] | None = field(default=None, repr=False)
    """Finds the files of a typeface no role names yet (see :meth:`role_for`)."""
    _cache: dict[tuple[str, bool], LoadedFont | None] = field(default_factory=dict, repr=False)
    _files: dict[Path, LoadedFont | None] = field(default_factory=dict, repr=False)
    _fallbacks: dict[int, Path | None] = field(default_factory=dict, repr=False)
    _widths: dict[tuple[str, bool, str], float] = field(default_factory=dict, repr=False)

    def role_for(self, typeface: str) -> str:
        """The role to measure text set in ``typeface`` with: a theme role when it is that
        role's typeface, else one of its own, its files found by ``resolve`` (a template's
        layouts may each name their own fonts)."""
        for role, files in self.fonts.items():
            if files.family == typeface:
                return role
        if self.resolve is None or not typeface:
            return "body"
        role = f"typeface:{typeface}"
        self.fonts[role] = self.resolve(typeface)
        return role

    def missing(self) -> list[str]:
        """Typefaces measured by approximation because no font file was found."""
        return sorted({f.family for f in self.fonts.values() if f.regular is None})

    def substituted(self) -> dict[str, str]:
        """Typefaces that are not installed, and the family measured (and drawn) instead."""
        return {f.family: f.drawn for f in self.fonts.values() if f.drawn and f.regular}

    def drawn_families(self) -> dict[str, str]:
        """Each role's typeface as it will be drawn (its substitute when not installed)."""
        return {role: f.drawn or f.family for role, f in self.fonts.items()}

    def width(self, text: str, role: str, size: float, *, bold: bool = False) -> float:
        """Advance width of ``text`` in points at ``size`` points in the font of ``role``."""
        key = (role, bold, text)
        unit = self._widths.get(key)
        if unit is None:
            unit = self._measure(text, role, bold)
            self._widths[key] = unit
        return unit * size

    def _measure(self, text: str, role: str, bold: bool) -> float:
        """Width of ``text`` in ems, run by run of the font that will draw each character."""
        text = text.translate(_BREAKS)
        main = self._font(role, bold)
        if main is None:
            return len(text) * _FALLBACK_EM * (1.07 if bold else 1.0)
        total = 0.0
        run: list[str] = []
        run_font: LoadedFont | None = main
        for ch in text:
            font = main if ord(ch) in main.chars or not main.chars else self._fallback(ch)
            if font is not run_font and run:
                total += _run_width("".join(run), run_font)
                run = []
            run_font = font
            run.append(ch)
        if run:
            total += _run_width("".join(run), run_font)
        return total

    def _font(self, role: str, bold: bool) -> LoadedFont | None:
        key = (role, bold)
        if key not in self._cache:
            files = self.fonts.get(role)
            path = (files.bold if bold else files.regular) if files else None
            self._cache[key] = self._load(path) if path else None
        return self._cache[key]

    def _fallback(self, ch: str) -> LoadedFont | None:
        code = ord(ch)
        if code not in self._fallbacks:
            # a fallback font already in use that has the glyph is what fontconfig would pick
            # again for its neighbours; ask fontconfig only for characters none of them covers
            known = (p for p in dict.fromkeys(self._fallbacks.values()) if p is not None)
            covering = next((p for p in known if code in (self._load(p) or _NO_FONT).chars), None)
            self._fallbacks[code] = covering or fontconfig_for(code, self.cache)
        path = self._fallbacks[code]
        return self._load(path) if path else None

    def _load(self, path: Path) -> LoadedFont | None:
        if path not in self._files:
            self._files[path] = self.cache.open(path)
        return self._files[path]


_NO_FONT = LoadedFont(None, 1.0, frozenset())


def _run_width(text: str, font: LoadedFont | None) -> float:
    if font is None:
        return len(text) * 1.0  # no font has the glyph: a full-em box, like a tofu glyph
    return float(font.font.getlength(text)) / font.units  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Word:
    """A unit of wrapping: text without spaces, whether it is set in bold, and in which font
    role when not the paragraph's own (``mono`` for inline code)."""

    text: str
    bold: bool = False
    role: str = ""


def wrap_words(
    words: Sequence[Word], width: float, measurer: Measurer, role: str, size: float
) -> int:
    """Count the lines greedy word wrapping makes of ``words`` in ``width`` points."""
    if not words:
        return 1
    space = measurer.width(" ", role, size)
    lines, used = 1, 0.0
    for word in words:
        w = measurer.width(word.text, word.role or role, size, bold=word.bold)
        if used and used + space + w > width:
            lines += 1
            used = 0.0
        if not used and w > width:  # a word longer than the line breaks between letters
            extra = math.ceil(w / width) - 1
            lines += extra
            used = w - extra * width
        else:
            used += (space if used else 0.0) + w
    return lines


def bullet_indent(size: float) -> float:
    """The hanging indent of a bullet level for text of ``size`` points."""
    return max(BULLET_INDENT, round(size * BULLET_INDENT_EM, 1))


def level_size(size: float, level: int) -> float:
    """The font size of a paragraph at list ``level`` (sub-bullets are smaller), in half points."""
    return round(size * SUB_SCALE * 2) / 2 if level else size


def line_height(size: float) -> float:
    """The exact line pitch in points for text of ``size`` points."""
    return round(size * LINE_SPACING, 1)


@dataclass(frozen=True)
class Crop:
    """Fractions cut from each side of a picture (PowerPoint's native crop)."""

    left: float = 0.0
    top: float = 0.0
    right: float = 0.0
    bottom: float = 0.0


def contain(aspect: float, x: int, y: int, w: int, h: int) -> tuple[int, int, int, int]:
    """The largest box of ``aspect`` centred in (x, y, w, h)."""
    if w / h > aspect:
        new_w = round(h * aspect)
        return x + (w - new_w) // 2, y, new_w, h
    new_h = round(w / aspect)
    return x, y + (h - new_h) // 2, w, new_h


def cover(aspect: float, w: int, h: int, focus: tuple[float, float]) -> Crop:
    """The crop that fills a w×h frame with a picture of ``aspect``, centred on ``focus``."""
    frame = w / h
    if abs(aspect - frame) < 1e-6:
        return Crop()
    if aspect > frame:  # too wide: cut left and right
        keep = frame / aspect
        left = min(max(focus[0] - keep / 2, 0.0), 1 - keep)
        return Crop(left=round(left, 5), right=round(1 - keep - left, 5))
    keep = aspect / frame
    top = min(max(focus[1] - keep / 2, 0.0), 1 - keep)
    return Crop(top=round(top, 5), bottom=round(1 - keep - top, 5))


@dataclass(frozen=True)
class Fitting:
    """The outcome of fitting blocks of paragraphs into a box."""

    size: float
    chunks: tuple[tuple[tuple[Para, ...], ...], ...]
    """The blocks grouped per slide: one group when everything fits on one slide."""
    shrunk: bool = False
    overflow: bool = False


class TextFitter:
    """Measures paragraphs and titles and picks sizes and splits; pure given its measurer."""

    def __init__(self, measurer: Measurer) -> None:
        self.m = measurer
        self.list_style: PlaceholderStyle | None = None
        """A company template's body list style: bullets measured with its indents."""
        self.room = 1.0
        """The share of a line's width text may fill: below 1 where the font drawn is a
        stand-in whose shaping LibreOffice rounds differently by a point or so."""

    def indent(self, para: Para, size: float) -> float:
        """Where ``para``'s text starts, past the box's inset: the template's own indent when
        its list style serves the paragraph, else recapdeck's hanging indent."""
        kept = kept_indent(self.list_style, para.level, para.bullet, level_size(size, para.level))
        if kept is not None:
            return kept
        return bullet_indent(size) * (para.level + 1) if para.bullet else 0.0

    @staticmethod
    def words(para: Para) -> list[Word]:
        """The words of a paragraph with their weight."""
        words: list[Word] = []
        for run in para.runs:
            if run.link and run.text.strip():
                # LibreOffice draws a link as one field that wraps only between its letters
                words.append(Word(" ".join(run.text.split()), run.bold))
                continue
            role = "mono" if run.code else ""
            words += [Word(piece, run.bold, role) for piece in run.text.split()]
        return words

    @staticmethod
    def size_steps(normal: float, minimum: float) -> list[float]:
        """Sizes to try, from ``normal`` down to ``minimum`` in 2 pt steps."""
        steps = []
        size = normal
        while size > minimum:
            steps.append(size)
            size -= 2
        steps.append(minimum)
        return steps

    def lines(
        self, text: str, width: float, size: float, *, bold: bool = False, role: str = "body"
    ) -> int:
        """Lines that ``text`` takes in a text box ``width`` points wide (insets included)."""
        words = [Word(w, bold) for w in text.split()]
        return wrap_words(words, (width - 2 * INSET_X) * self.room, self.m, role, size)

    def unbroken(
        self, text: str, width: float, size: float, *, bold: bool = False, role: str = "body"
    ) -> bool:
        """Whether every word of ``text`` fits on a line of a text box ``width`` points wide
        (as :meth:`words_fit`, for plain text measured as :meth:`lines` measures it)."""
        room = (width - 2 * INSET_X) * self.room
        return all(self.m.width(w, role, size, bold=bold) <= room for w in text.split())

    def para_height(self, para: Para, width: float, size: float, role: str = "body") -> float:
        """Height in points of one paragraph in a box ``width`` points wide."""
        indent = self.indent(para, size)
        psize = level_size(size, para.level)
        room = (width - 2 * INSET_X - indent) * self.room
        lines = wrap_words(self.words(para), room, self.m, role, psize)
        return lines * line_height(psize)

    def words_fit(self, blocks: Sequence[Sequence[Para]], width: float, size: float) -> bool:
        """Whether every word of ``blocks`` fits on a line ``width`` points wide (no word has
        to be broken between its letters, which renderers do differently)."""
        for block in blocks:
            for para in block:
                indent = self.indent(para, size)
                room = (width - 2 * INSET_X - indent) * self.room
                psize = level_size(size, para.level)
                for word in self.words(para):
                    if self.m.width(word.text, word.role or "body", psize, bold=word.bold) > room:
                        return False
        return True

    def block_height(
        self, blocks: Sequence[Sequence[Para]], width: float, size: float, role: str = "body"
    ) -> float:
        """Height in points of paragraphs with their spacing, insets included."""
        total = 2 * INSET_Y
        first = True
        for block in blocks:
            for para in block:
                if not first:
                    total += size * (0.5 if para.level == 0 else 0.2)
                first = False
                total += self.para_height(para, width, size, role)
        return total

    def fit_title(
        self,
        text: str,
        width: float,
        normal: float,
        minimum: float,
        *,
        natural_lines: int = 1,
        max_lines: int = 2,
    ) -> tuple[float, int]:
        """The size and line count for a bold title: shrink first, then wrap.

        A title that still needs more than ``max_lines`` at ``minimum`` keeps shrinking, down to
        :data:`TITLE_FLOOR`, before it is allowed more lines.
        """
        for size in self.size_steps(normal, minimum):
            lines = self.lines(text, width, size, bold=True, role="heading")
            if lines <= natural_lines or (lines <= max_lines and size == minimum):
                return size, lines
        for size in self.size_steps(minimum - 2, min(minimum, TITLE_FLOOR)):
            lines = self.lines(text, width, size, bold=True, role="heading")
            if lines <= max_lines:
                return size, lines
        floor = min(minimum, TITLE_FLOOR)
        return floor, self.lines(text, width, floor, bold=True, role="heading")

    def fit_blocks(
        self,
        blocks: Sequence[tuple[Para, ...]],
        width: float,
        height: float,
        normal: float,
        minimum: float,
    ) -> Fitting:
        """Pick one size for ``blocks`` and split them over slides only when shrinking fails.

        A block (a bullet with its sub-bullets) is never divided; the split balances the
        heights of the parts, so no part is left with one lonely bullet when others are full.
        """
        sizes = self.size_steps(normal, minimum)
        for size in sizes:
            if self.block_height(blocks, width, size) <= height:
                return Fitting(size, (tuple(blocks),), shrunk=size < normal)
        heights = [self.block_height([b], width, minimum) for b in blocks]
        for parts in range(2, len(blocks) + 1):
            chunks = tuple(tuple(blocks[a:b]) for a, b in balanced_groups(heights, parts))
            for size in sizes:
                if all(self.block_height(c, width, size) <= height for c in chunks):
                    return Fitting(size, chunks, shrunk=size < normal)
        alone = tuple((b,) for b in blocks)
        for size in self.size_steps(minimum - 1, LAST_RESORT_BODY):
            if all(self.block_height(c, width, size) <= height for c in alone):
                return Fitting(size, alone, shrunk=True, overflow=True)
        return Fitting(LAST_RESORT_BODY, alone, shrunk=True, overflow=True)


def balanced_groups(heights: Sequence[float], parts: int) -> list[tuple[int, int]]:
    """Split a sequence into ``parts`` contiguous groups minimising the tallest group."""
    n = len(heights)
    prefix = [0.0]
    for h in heights:
        prefix.append(prefix[-1] + h)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                cost = max(best[k - 1][j], prefix[i] - prefix[j])
                if cost < best[k][i]:
                    best[k][i], cut[k][i] = cost, j
    bounds = []
    i = n
    for k in range(parts, 0, -1):
        j = cut[k][i]
        bounds.append((j, i))
        i = j
    return list(reversed(bounds))
