"""Text measurement and picture fitting for the planner.

Widths come from the real font files (or their metric twins, such as Carlito for Calibri), so
the wrapping computed here is the wrapping PowerPoint and LibreOffice will do. The renderer
writes the same sizes and exact line spacing that were measured, and turns auto-fit off.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import subprocess
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .errors import RecapdeckError
from .markup import Para

_K = TypeVar("_K")
_V = TypeVar("_V")

EMU_PER_INCH = 914_400
EMU_PER_PT = 12_700
LINE_SPACING = 1.2
"""Line pitch as a multiple of the font size; written into the deck as exact spacing."""
INSET_X, INSET_Y = 7.2, 3.6
"""Text box insets in points (left/right, top/bottom), written into every text box."""
BULLET_INDENT = 22.0
"""Hanging indent of a bullet level in points."""
SUB_SCALE = 0.85
"""Sub-bullets are set at this fraction of the body size."""
TITLE_FLOOR = 20.0
"""The smallest size a slide title is ever set at, whatever the theme's minimum."""

METRIC_TWINS = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "courier new": "Liberation Mono",
    "calibri light": "Carlito",
}
_FALLBACK_EM = 0.52  # average advance of a sans-serif letter, when no font file is found


@dataclass(frozen=True)
class FontFiles:
    """Font files used for measuring one typeface: regular and bold, or None if not found."""

    family: str
    regular: Path | None
    bold: Path | None


def find_font(family: str, folders: Sequence[Path] = ()) -> FontFiles:
    """Find the files of ``family`` (or its metric twin) in theme folders, then via fontconfig."""
    names = [family, METRIC_TWINS.get(family.lower(), family)]
    regular = bold = None
    for folder in folders:
        fonts = folder / "fonts"
        if not fonts.is_dir():
            continue
        for name in names:
            stem = name.replace(" ", "")
            regular = regular or _first([fonts / f"{stem}-Regular.ttf", fonts / f"{stem}.ttf"])
            bold = bold or _first([fonts / f"{stem}-Bold.ttf"])
    if regular is None:
        regular = _fontconfig(names, "regular")
    if bold is None:
        bold = _fontconfig(names, "bold") or regular
    return FontFiles(family, regular, bold)


def _first(paths: list[Path]) -> Path | None:
    return next((p for p in paths if p.is_file()), None)


def _fc_match(pattern: str, fmt: str) -> str:
    """fontconfig's answer for ``pattern`` (``fc-match -f FMT -- PATTERN``), or "" without it.

    Inside :meth:`FontCache.active`, answered from that cache when it has asked before.
    """
    cache = _ACTIVE_FONT_CACHE.get()
    return cache.match(pattern, fmt) if cache is not None else _run_fc_match(pattern, fmt)


def _run_fc_match(pattern: str, fmt: str) -> str:
    exe = shutil.which("fc-match")
    if exe is None or "\x00" in pattern:
        return ""
    try:
        return subprocess.run(
            [exe, "-f", fmt, "--", pattern],  # "--": a family name may start with "-"
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _fontconfig(names: list[str], style: str) -> Path | None:
    for name in dict.fromkeys(names):
        out = _fc_match(f"{name}:style={style.title()}", "%{family}|%{file}")
        families, _, file = out.partition("|")
        if name.lower() in [f.strip().lower() for f in families.split(",")] and file:
            return Path(file)
    return None


@dataclass
class _LoadedFont:
    """A font file opened for measuring: the Pillow font, its size in units, its coverage."""

    font: object
    units: float
    chars: frozenset[int]


@dataclass
class Measurer:
    """Measures text widths in points with loaded fonts; one per build, never global.

    Characters the theme's font lacks (CJK, emoji, Arabic...) are measured with the font
    fontconfig picks for them, which is the fallback LibreOffice will render them with.
    """

    fonts: dict[str, FontFiles]
    _cache: dict[tuple[str, bool], _LoadedFont | None] = field(default_factory=dict, repr=False)
    _files: dict[Path, _LoadedFont | None] = field(default_factory=dict, repr=False)
    _fallbacks: dict[int, Path | None] = field(default_factory=dict, repr=False)
    _widths: dict[tuple[str, bool, str], float] = field(default_factory=dict, repr=False)

    def missing(self) -> list[str]:
        """Typefaces measured by approximation because no font file was found."""
        return sorted({f.family for f in self.fonts.values() if f.regular is None})

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
        main = self._font(role, bold)
        if main is None:
            return len(text) * _FALLBACK_EM * (1.07 if bold else 1.0)
        total = 0.0
        run: list[str] = []
        run_font: _LoadedFont | None = main
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

    def _font(self, role: str, bold: bool) -> _LoadedFont | None:
        key = (role, bold)
        if key not in self._cache:
            files = self.fonts.get(role)
            path = (files.bold if bold else files.regular) if files else None
            self._cache[key] = self._load(path) if path else None
        return self._cache[key]

    def _fallback(self, ch: str) -> _LoadedFont | None:
        code = ord(ch)
        if code not in self._fallbacks:
            # a fallback font already in use that has the glyph is what fontconfig would pick
            # again for its neighbours; ask fontconfig only for characters none of them covers
            known = (p for p in dict.fromkeys(self._fallbacks.values()) if p is not None)
            covering = next((p for p in known if code in (self._load(p) or _NO_FONT).chars), None)
            self._fallbacks[code] = covering or _fontconfig_for(code)
        path = self._fallbacks[code]
        return self._load(path) if path else None

    def _load(self, path: Path) -> _LoadedFont | None:
        if path not in self._files:
            cache = _ACTIVE_FONT_CACHE.get()
            self._files[path] = cache.open(path) if cache is not None else _open_font(path)
        return self._files[path]


_NO_FONT = _LoadedFont(None, 1.0, frozenset())

_Stamp = tuple[int, int, int, int]
"""What tells a file apart from its earlier self: size, mtime_ns, ctime_ns and inode."""


class FontCache:
    """fontconfig's answers and opened fonts, kept from one build to the next of one process.

    Watch mode rebuilds in the same process, and without this each rebuild would run ``fc-match``
    again (a subprocess per query) and read the same fonts' cmaps again. Explicit and bounded:
    the caller keeps one and turns it on around a build with :meth:`active`; the least recently
    used entries go once ``limit`` is passed. Opened fonts are keyed by path and checked against
    the file's size, times and inode, so a replaced font file is opened again. fontconfig's answers
    are kept until its cache folders change (``fc-cache`` ran after fonts were installed or
    removed); a font installed without ``fc-cache`` is seen after a restart.
    """

    def __init__(self, *, limit: int = 128) -> None:
        self.limit = limit
        self._matches: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._fonts: OrderedDict[Path, tuple[_Stamp, _LoadedFont | None]] = OrderedDict()
        self._fontconfig: tuple[_Stamp | None, ...] | None = None
        self._charsets: dict[Path, tuple[_Stamp, frozenset[int]]] = {}
        self.changed = False
        """Whether anything was learnt since :meth:`load` (worth a :meth:`save`)."""

    @classmethod
    def load(cls, path: Path) -> FontCache:
        """A cache filled from what :meth:`save` wrote to ``path`` by an earlier build.

        Only the answers that cost something are kept on disk: fontconfig's (a subprocess
        each) and each font's character set (fontTools parsing its cmap); they are checked as
        in memory, so fonts installed since, or a replaced font file, are looked at again.
        Anything unreadable is ignored: the cache then starts empty.
        """
        cache = cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            stamps = tuple(tuple(s) if s else None for s in data["fontconfig"])
            if stamps == tuple(_stamp(d) for d in fontconfig_cache_dirs()):
                cache._fontconfig = stamps  # type: ignore[assignment]
                for pattern, fmt, answer in data["matches"][-cache.limit :]:
                    cache._matches[(pattern, fmt)] = answer
            for name, stamp, ranges in data["charsets"][-cache.limit :]:
                chars = frozenset(c for start, end in ranges for c in range(start, end + 1))
                cache._charsets[Path(name)] = (tuple(stamp), chars)  # type: ignore[assignment]
        except (OSError, ValueError, KeyError, TypeError):
            return cls()
        return cache

    def save(self, path: Path) -> None:
        """Write the fontconfig answers and character sets for the next build (best effort)."""
        from .writing import write_atomic

        charsets = [
            [str(p), list(stamp), _ranges(chars)] for p, (stamp, chars) in self._charsets.items()
        ]
        data = {
            "fontconfig": [list(s) if s else None for s in self._fontconfig or ()],
            "matches": [[pattern, fmt, answer] for (pattern, fmt), answer in self._matches.items()],
            "charsets": charsets,
        }
        with contextlib.suppress(OSError, RecapdeckError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(data).encode())

    @contextlib.contextmanager
    def active(self) -> Iterator[FontCache]:
        """Let the measuring done inside the ``with`` block use (and fill) this cache."""
        fontconfig = tuple(_stamp(d) for d in fontconfig_cache_dirs())
        if fontconfig != self._fontconfig:
            self._matches.clear()
            self._fontconfig = fontconfig
            self.changed = True
        token = _ACTIVE_FONT_CACHE.set(self)
        try:
            yield self
        finally:
            _ACTIVE_FONT_CACHE.reset(token)

    def match(self, pattern: str, fmt: str) -> str:
        """fontconfig's answer for ``pattern`` (see :func:`_fc_match`), asked once."""
        key = (pattern, fmt)
        if key in self._matches:
            self._matches.move_to_end(key)
            return self._matches[key]
        found = self._matches[key] = _run_fc_match(pattern, fmt)
        _trim(self._matches, self.limit)
        self.changed = True
        return found

    def open(self, path: Path) -> _LoadedFont | None:
        """The font at ``path`` opened for measuring, again only when the file changed."""
        stamp = _stamp(path)
        known = self._fonts.get(path)
        if known is not None and stamp is not None and known[0] == stamp:
            self._fonts.move_to_end(path)
            return known[1]
        charset = self._charsets.get(path)
        font = _open_font(path, charset[1] if charset and charset[0] == stamp else None)
        if stamp is not None and stamp == _stamp(path):  # not being replaced as we read it
            self._fonts[path] = (stamp, font)
            _trim(self._fonts, self.limit)
            if font is not None and (charset is None or charset[0] != stamp):
                self._charsets[path] = (stamp, font.chars)
                self.changed = True
        return font


FONT_FACTS = "fonts.json"
"""The file in the cache folder where :func:`fonts_remembered` keeps what it learnt."""


@contextlib.contextmanager
def fonts_remembered(folder: Path | None) -> Iterator[None]:
    """Measure with what earlier builds learnt about the fonts, kept in ``folder``.

    Finding the fonts asks fontconfig (a subprocess per question) and reads each font's
    character map with fontTools: about 0.13 s of every build and check. Nothing happens when
    there is no folder (``--no-cache``) or a cache is on already (watch mode keeps its own).
    """
    if folder is None or _ACTIVE_FONT_CACHE.get() is not None:
        yield
        return
    path = folder / FONT_FACTS
    cache = FontCache.load(path)
    with cache.active():
        yield
    if cache.changed:
        cache.save(path)


_ACTIVE_FONT_CACHE: ContextVar[FontCache | None] = ContextVar("recapdeck_fonts", default=None)
"""The cache a caller turned on for the build running in this context (None: no caching)."""


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def fontconfig_cache_dirs() -> list[Path]:
    """Where ``fc-cache`` writes: its files change when fonts are installed or removed."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    user = (Path(base) if base else Path.home() / ".cache") / "fontconfig"
    return [Path("/var/cache/fontconfig"), user]


def _trim(entries: OrderedDict[_K, _V], limit: int) -> None:
    while len(entries) > limit:
        entries.popitem(last=False)


def _run_width(text: str, font: _LoadedFont | None) -> float:
    if font is None:
        return len(text) * 1.0  # no font has the glyph: a full-em box, like a tofu glyph
    return float(font.font.getlength(text)) / font.units  # type: ignore[attr-defined]


def _open_font(path: Path, chars: frozenset[int] | None = None) -> _LoadedFont | None:
    """Open a font for measuring, with the set of characters it covers (``chars`` when known)."""
    from PIL import ImageFont

    font = None
    units = 1000.0
    for units in (1000.0, 109.0):  # bitmap colour-emoji fonts only open at their strike size
        try:
            font = ImageFont.truetype(str(path), int(units))
            break
        except OSError:
            continue
    if font is None:
        return None
    return _LoadedFont(font, units, _coverage(path) if chars is None else chars)


def _ranges(chars: frozenset[int]) -> list[list[int]]:
    """``chars`` as sorted [first, last] runs: a CJK font's 40,000 code points in a few hundred."""
    runs: list[list[int]] = []
    for c in sorted(chars):
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return runs


def _coverage(path: Path) -> frozenset[int]:
    """Code points the font has glyphs for (empty if the cmap cannot be read)."""
    try:
        from fontTools.ttLib import TTFont

        with TTFont(str(path), lazy=True, fontNumber=0) as tt:
            return frozenset(tt.getBestCmap() or ())
    except Exception:  # a font fontTools cannot parse is measured without fallbacks
        return frozenset()


def _fontconfig_for(code_point: int) -> Path | None:
    """The font fontconfig (and so LibreOffice) would draw ``code_point`` with."""
    out = _fc_match(f":charset={code_point:x}", "%{file}")
    return Path(out) if out else None


@dataclass(frozen=True)
class Word:
    """A unit of wrapping: text without spaces, and whether it is set in bold."""

    text: str
    bold: bool = False


def wrap_words(
    words: Sequence[Word], width: float, measurer: Measurer, role: str, size: float
) -> int:
    """Count the lines greedy word wrapping makes of ``words`` in ``width`` points."""
    if not words:
        return 1
    space = measurer.width(" ", role, size)
    lines, used = 1, 0.0
    for word in words:
        w = measurer.width(word.text, role, size, bold=word.bold)
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

    @staticmethod
    def words(para: Para) -> list[Word]:
        """The words of a paragraph with their weight."""
        return [Word(piece, run.bold) for run in para.runs for piece in run.text.split()]

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
        return wrap_words(words, width - 2 * INSET_X, self.m, role, size)

    def para_height(self, para: Para, width: float, size: float) -> float:
        """Height in points of one paragraph in a box ``width`` points wide."""
        indent = BULLET_INDENT * (para.level + 1) if para.bullet else 0.0
        psize = level_size(size, para.level)
        lines = wrap_words(self.words(para), width - 2 * INSET_X - indent, self.m, "body", psize)
        return lines * line_height(psize)

    def block_height(self, blocks: Sequence[Sequence[Para]], width: float, size: float) -> float:
        """Height in points of paragraphs with their spacing, insets included."""
        total = 2 * INSET_Y
        first = True
        for block in blocks:
            for para in block:
                if not first:
                    total += size * (0.5 if para.level == 0 else 0.2)
                first = False
                total += self.para_height(para, width, size)
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
        return Fitting(minimum, tuple((b,) for b in blocks), shrunk=True, overflow=True)


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
