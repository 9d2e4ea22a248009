"""What a company template's placeholder gives its text: typeface, size and list style per
level, as plain data. :mod:`recapdeck.oxml.styles` reads it from the template; the planner
measures with it and the renderer keeps what it measured (see :func:`kept_indent`)."""

from __future__ import annotations

from dataclasses import dataclass

_DEFAULT_INSETS = (7.2, 3.6, 7.2, 3.6)


@dataclass(frozen=True)
class LevelStyle:
    """What one list level of a placeholder draws text with (sizes and indents in points)."""

    typeface: str = ""
    """The Latin typeface, theme fonts resolved; "" when nothing sets one."""
    size: float = 18.0
    bold: bool = False
    italic: bool = False
    caps: bool = False
    """``cap="all"``: every letter drawn as a capital."""
    margin: float = 0.0
    """``marL``: where wrapped lines start."""
    indent: float = 0.0
    """``indent``: the first line's offset from ``margin`` (negative: a hanging bullet)."""
    bullet: str = ""
    """"" none, "char" a character or picture bullet, "number" automatic numbering."""
    bullet_char: str = ""
    bullet_font: str = ""
    align: str = ""
    """``algn`` as written (l, ctr, r, just...), "" when nothing sets it."""

    @property
    def symbol_bullet(self) -> bool:
        """Whether the bullet is a symbol font's private character (Wingdings, Symbol...),
        which machines without that font draw as nothing or as a box."""
        private = any(0xE000 <= ord(c) <= 0xF8FF for c in self.bullet_char)
        symbol = self.bullet_font.lower().startswith(("wingdings", "symbol", "webdings"))
        return private or symbol

    @property
    def hanging(self) -> bool:
        """Whether the level hangs a bullet before its text (a list style worth keeping)."""
        return bool(self.bullet) and self.indent < 0 and self.margin > 0


@dataclass(frozen=True)
class PlaceholderStyle:
    """A placeholder's text box (insets in points, anchor, columns) and its list levels."""

    levels: tuple[LevelStyle, ...]
    insets: tuple[float, float, float, float] = _DEFAULT_INSETS
    """Left, top, right, bottom."""
    anchor: str = "t"
    columns: int = 1
    vertical: bool = False
    libreoffice: bool = False
    """The master has no text styles, as masters LibreOffice saves have not: LibreOffice then
    pushes the text of a paragraph with indents of its own by hundreds of points, so the
    template's indents are always kept."""

    def level(self, number: int) -> LevelStyle:
        """The style of list level ``number`` (0-based; deeper levels take the last one)."""
        return self.levels[min(max(number, 0), len(self.levels) - 1)]


NUMBER_HANG_EM = 1.1
"""A numbered level keeps its template indent when the number ("10.") fits the hang: in ems."""
BULLET_HANG_EM = 0.4
"""A bulleted level keeps its template indent when the bullet fits the hang: in ems."""


def kept_indent(
    style: PlaceholderStyle | None, level: int, bullet: str, size: float
) -> float | None:
    """Where the text of a ``bullet`` paragraph at ``level``, set at ``size`` points, starts
    (points from the box's inner edge) when the placeholder's own list style serves it, its
    bullets and indents kept; None when recapdeck must write its own (no style, no bullet
    wanted, a level that hangs no bullet, or a hang too narrow for the bullet or number).

    Keeping them matters beyond looks: LibreOffice shifts the text of a paragraph whose
    indents differ from those of a master it saved itself by hundreds of points.
    """
    if style is None or not bullet:
        return None
    lvl = style.level(level)
    room = NUMBER_HANG_EM if bullet == "number" else BULLET_HANG_EM
    if not lvl.hanging or (-lvl.indent < room * size and not style.libreoffice):
        return None
    return lvl.margin
