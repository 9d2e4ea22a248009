"""Finding the font files to measure with, and remembering what was learnt about them.

A theme names typefaces; :func:`find_font` finds their files (or their metric twins', such as
Carlito for Calibri) in the theme's folders or through fontconfig, and :func:`fontconfig_for`
finds the font fontconfig (and so LibreOffice) falls back on for a character the theme's font
lacks. Both ask ``fc-match``, a subprocess per question, and opening a font reads its character
map with fontTools; a :class:`FontCache` keeps those answers from one build to the next.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import RecapdeckError
from ..writing import write_atomic

_K = TypeVar("_K")
_V = TypeVar("_V")

METRIC_TWINS = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "courier new": "Liberation Mono",
    "calibri light": "Carlito",
}


@dataclass(frozen=True)
class FontFiles:
    """Font files used for measuring one typeface: regular and bold, or None if not found."""

    family: str
    regular: Path | None
    bold: Path | None
    drawn: str = ""
    """The family really drawn when ``family`` is not installed: fontconfig's substitute (what
    LibreOffice draws with) or the theme's ``font_substitutes`` choice; "" when installed."""


def find_font(
    family: str,
    folders: Sequence[Path],
    cache: FontCache,
    substitutes: Mapping[str, str] | None = None,
) -> FontFiles:
    """Find the files of ``family`` (or its metric twin) in theme folders, then via fontconfig
    (asked through ``cache``); a family that is not installed is measured with the font that
    will really be drawn: the theme's substitute for it, else fontconfig's best match."""
    chosen = _substitute(family, substitutes)
    if chosen:
        files = find_font(chosen, folders, cache)
        return FontFiles(family, files.regular, files.bold, files.drawn or chosen)
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
        regular = _fontconfig(names, "regular", cache)
    if regular is None:
        drawn, regular, bold = _drawn_instead(family, cache)
        return FontFiles(family, regular, bold or regular, drawn)
    if bold is None:
        bold = _fontconfig(names, "bold", cache) or regular
    return FontFiles(family, regular, bold)


def _substitute(family: str, substitutes: Mapping[str, str] | None) -> str:
    """The theme's chosen substitute for ``family`` (names compared without case)."""
    for name, substitute in (substitutes or {}).items():
        if name.strip().lower() == family.strip().lower():
            return substitute
    return ""


def _drawn_instead(family: str, cache: FontCache) -> tuple[str, Path | None, Path | None]:
    """The family and files fontconfig matches for a family it does not have: the font
    LibreOffice falls back on for it."""
    files = []
    drawn = ""
    for style in ("Regular", "Bold"):
        out = cache.match(f"{family}:style={style}", "%{family[0]}|%{file}")
        name, _, file = out.partition("|")
        drawn = drawn or name.strip()
        files.append(Path(file) if file else None)
    return drawn, files[0], files[1]


def _first(paths: list[Path]) -> Path | None:
    return next((p for p in paths if p.is_file()), None)


def _run_fc_match(pattern: str, fmt: str) -> str:
    """fontconfig's answer for ``pattern`` (``fc-match -f FMT -- PATTERN``), or "" without it."""
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


_MATCH_FORMAT = "%{family}|%{file}"


def _fontconfig(names: list[str], style: str, cache: FontCache) -> Path | None:
    for name in dict.fromkeys(names):
        out = cache.match(f"{name}:style={style.title()}", _MATCH_FORMAT)
        families, _, file = out.partition("|")
        if name.lower() in [f.strip().lower() for f in families.split(",")] and file:
            return Path(file)
    return None


def ask_fontconfig_at_once(families: Sequence[str], cache: FontCache) -> None:
    """Put every question :func:`find_font` may ask fontconfig about ``families`` at once.

    Each is an ``fc-match`` subprocess (~40 ms, most of it loading fontconfig's cache), they do
    not depend on each other, and a build with nothing in its font cache asks eight of them:
    asked together they cost about one. The answers land in ``cache`` as if asked in turn.
    """
    from concurrent.futures import ThreadPoolExecutor

    names = [n for f in families for n in (f, METRIC_TWINS.get(f.lower(), f))]
    patterns = [f"{n}:style={style}" for n in dict.fromkeys(names) for style in ("Regular", "Bold")]
    if not cache.knows_all(patterns, _MATCH_FORMAT):
        with ThreadPoolExecutor(max_workers=len(patterns)) as pool:
            answers = list(pool.map(lambda p: _run_fc_match(p, _MATCH_FORMAT), patterns))
        for pattern, answer in zip(patterns, answers, strict=True):
            cache.remember(pattern, _MATCH_FORMAT, answer)


def fontconfig_for(code_point: int, cache: FontCache) -> Path | None:
    """The font fontconfig (and so LibreOffice) would draw ``code_point`` with."""
    out = cache.match(f":charset={code_point:x}", "%{file}")
    return Path(out) if out else None


@dataclass
class LoadedFont:
    """A font file opened for measuring: the Pillow font, its size in units, its coverage."""

    font: object
    units: float
    chars: frozenset[int]


def _open_font(path: Path, chars: frozenset[int] | None = None) -> LoadedFont | None:
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
    return LoadedFont(font, units, _coverage(path) if chars is None else chars)


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
            # Placeholder glyph names: otherwise fontTools names every glyph first (from the
            # 'post' table or the cmap itself), most of the time a cold build spends here.
            tt.setGlyphOrder([f"g{i}" for i in range(tt["maxp"].numGlyphs)])
            return frozenset(tt.getBestCmap() or ())
    except Exception:  # a font fontTools cannot parse is measured without fallbacks
        return frozenset()


_Stamp = tuple[int, int, int, int]
"""What tells a file apart from its earlier self: size, mtime_ns, ctime_ns and inode."""


class FontCache:
    """fontconfig's answers and opened fonts, for one build or kept from one build to the next.

    Every build measures through one (part of its :class:`recapdeck.pipeline.BuildContext`).
    Watch mode rebuilds in the same process, and without this each rebuild would run ``fc-match``
    again (a subprocess per query) and read the same fonts' cmaps again. Explicit and bounded:
    the caller keeps one and calls :meth:`refresh` before each build; the least recently
    used entries go once ``limit`` is passed. Opened fonts are keyed by path and checked against
    the file's size, times and inode, so a replaced font file is opened again. fontconfig's answers
    are kept until its cache folders change (``fc-cache`` ran after fonts were installed or
    removed); a font installed without ``fc-cache`` is seen after a restart.
    """

    def __init__(self, *, limit: int = 128) -> None:
        self.limit = limit
        self._matches: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._fonts: OrderedDict[Path, tuple[_Stamp, LoadedFont | None]] = OrderedDict()
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
            stamps = tuple(_stamp(s) if s else None for s in data["fontconfig"])
            if stamps == fontconfig_state():
                cache._fontconfig = stamps
                for pattern, fmt, answer in data["matches"][-cache.limit :]:
                    cache._matches[(pattern, fmt)] = answer
            for name, stamp, ranges in data["charsets"][-cache.limit :]:
                chars = frozenset(c for start, end in ranges for c in range(start, end + 1))
                cache._charsets[Path(name)] = (_stamp(stamp), chars)
        except (OSError, ValueError, KeyError, TypeError):
            return cls()
        return cache

    def save(self, path: Path) -> None:
        """Write the fontconfig answers and character sets for the next build (best effort)."""
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
            write_atomic(path, json.dumps(data).encode(), durable=False)

    def refresh(self) -> None:
        """Forget fontconfig's answers if fonts were installed or removed since they were given."""
        fontconfig = fontconfig_state()
        if fontconfig != self._fontconfig:
            self._matches.clear()
            self._fontconfig = fontconfig
            self.changed = True

    def match(self, pattern: str, fmt: str) -> str:
        """fontconfig's answer for ``pattern`` (see :func:`_run_fc_match`), asked once."""
        key = (pattern, fmt)
        if key in self._matches:
            self._matches.move_to_end(key)
            return self._matches[key]
        found = self._matches[key] = _run_fc_match(pattern, fmt)
        _trim(self._matches, self.limit)
        self.changed = True
        return found

    def knows_all(self, patterns: Sequence[str], fmt: str) -> bool:
        """Whether fontconfig's answer for each of ``patterns`` is known already."""
        return all((pattern, fmt) in self._matches for pattern in patterns)

    def remember(self, pattern: str, fmt: str, answer: str) -> None:
        """Keep fontconfig's ``answer`` for ``pattern`` (asked elsewhere, e.g. in parallel)."""
        if (pattern, fmt) not in self._matches:
            self._matches[(pattern, fmt)] = answer
            _trim(self._matches, self.limit)
            self.changed = True

    def open(self, path: Path) -> LoadedFont | None:
        """The font at ``path`` opened for measuring, again only when the file changed."""
        stamp = file_stamp(path)
        known = self._fonts.get(path)
        if known is not None and stamp is not None and known[0] == stamp:
            self._fonts.move_to_end(path)
            return known[1]
        charset = self._charsets.get(path)
        font = _open_font(path, charset[1] if charset and charset[0] == stamp else None)
        if stamp is not None and stamp == file_stamp(path):  # not being replaced as we read it
            self._fonts[path] = (stamp, font)
            _trim(self._fonts, self.limit)
            if font is not None and (charset is None or charset[0] != stamp):
                self._charsets[path] = (stamp, font.chars)
                self.changed = True
        return font


FONT_FACTS = "fonts.json"
"""The file in the cache folder where a build keeps what it learnt about the fonts."""


def _stamp(values: Sequence[int]) -> _Stamp:
    """A stamp read back from JSON (see ``_Stamp``)."""
    size, mtime, ctime, inode = values
    return int(size), int(mtime), int(ctime), int(inode)


def file_stamp(path: Path) -> _Stamp | None:
    """What tells a file apart from its earlier self (see ``_Stamp``); None if it is gone."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def fontconfig_state() -> tuple[_Stamp | None, ...]:
    """The stamps of fontconfig's cache folders: they change when fonts come or go."""
    return tuple(file_stamp(d) for d in fontconfig_cache_dirs())


def fontconfig_cache_dirs() -> list[Path]:
    """Where ``fc-cache`` writes: its files change when fonts are installed or removed."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    user = (Path(base) if base else Path.home() / ".cache") / "fontconfig"
    return [Path("/var/cache/fontconfig"), user]


def _trim(entries: OrderedDict[_K, _V], limit: int) -> None:
    while len(entries) > limit:
        entries.popitem(last=False)
