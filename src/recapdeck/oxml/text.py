"""Text: bullets, direction, colour, autofit and language tags that python-pptx has no API for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement


def set_bullet(
    paragraph: Any,
    kind: str,
    level: int,
    indent_emu: int,
    color: str,
    *,
    margin_emu: int | None = None,
) -> None:
    """Give ``paragraph`` a hanging bullet ("bullet") or number ("number"), or none ("");
    its text starts at ``margin_emu`` (else ``indent_emu`` per level), the bullet hangs
    ``indent_emu`` before it."""
    p_pr = paragraph._p.get_or_add_pPr()
    for tag in ("a:buClr", "a:buFont", "a:buChar", "a:buAutoNum", "a:buNone"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    if not kind:
        p_pr.set("marL", str(indent_emu * level))
        p_pr.set("indent", "0")
        p_pr.append(OxmlElement("a:buNone"))
        return
    p_pr.set("marL", str(indent_emu * (level + 1) if margin_emu is None else margin_emu))
    p_pr.set("indent", str(-indent_emu))
    clr = OxmlElement("a:buClr")
    srgb = OxmlElement("a:srgbClr")
    srgb.set("val", color.lstrip("#").upper())
    clr.append(srgb)
    p_pr.append(clr)
    _append_marker(p_pr, kind, level)


def _append_marker(p_pr: Any, kind: str, level: int) -> None:
    """A number ("number") or an Arial bullet, "•" on the first level and "–" below."""
    if kind == "number":
        num = OxmlElement("a:buAutoNum")
        num.set("type", "arabicPeriod")
        p_pr.append(num)
        return
    font = OxmlElement("a:buFont")
    font.set("typeface", "Arial")
    p_pr.append(font)
    char = OxmlElement("a:buChar")
    char.set("char", "•" if level == 0 else "–")
    p_pr.append(char)


def keep_list_level(paragraph: Any, level: int, *, number: bool, plain_bullet: bool) -> None:
    """Leave ``paragraph``'s bullet and indents to its placeholder's list style at ``level``.

    A numbered paragraph keeps the indents and numbers itself; with ``plain_bullet`` the
    bullet becomes a plain "•" (a symbol font's private character draws as nothing where
    that font is missing), indents and bullet colour still the placeholder's.
    """
    p_pr = paragraph._p.get_or_add_pPr()
    if level:
        p_pr.set("lvl", str(level))
    if not (number or plain_bullet):
        return
    for tag in ("a:buFont", "a:buChar", "a:buAutoNum", "a:buNone", "a:buBlip"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    _append_marker(p_pr, "number" if number else "bullet", level)


def set_rtl(paragraph: Any) -> None:
    """Lay ``paragraph`` out right to left (Arabic, Hebrew), aligned to the right edge."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("rtl", "1")
    if p_pr.get("algn") in (None, "l"):
        p_pr.set("algn", "r")


def set_text_color(shape: Any, color: str) -> None:
    """Give every run and field of ``shape`` the solid text colour ``color`` (#RRGGBB)."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls

    for r_pr in list(shape._element.iter(qn("a:rPr"))):
        fill = r_pr.get_or_change_to_solidFill()
        for old in list(fill):
            fill.remove(old)
        fill.append(parse_xml(f'<a:srgbClr {nsdecls("a")} val="{color.lstrip("#").upper()}"/>'))


def set_insets(text_frame: Any, x_emu: int, y_emu: int) -> None:
    """Write the text frame's insets out, even at their default value, and one column.

    python-pptx drops an inset equal to the default (0.1 in / 0.05 in), which leaves a
    placeholder with whatever its layout says: a template's zero insets, while recapdeck
    measured with the default ones.
    """
    body_pr = text_frame._txBody.bodyPr
    for name, value in (("lIns", x_emu), ("tIns", y_emu), ("rIns", x_emu), ("bIns", y_emu)):
        body_pr.set(name, str(value))
    body_pr.set("numCol", "1")  # measured as one column, whatever the layout's says


def no_autofit(text_frame: Any) -> None:
    """Turn off every renderer-side fitting: recapdeck measured the text itself."""
    body_pr = text_frame._txBody.bodyPr
    for tag in ("a:spAutoFit", "a:normAutofit", "a:noAutofit"):
        for old in body_pr.findall(qn(tag)):
            body_pr.remove(old)
    body_pr.append(OxmlElement("a:noAutofit"))


def tag_languages(root: Any, tags: Callable[[str], tuple[str, str | None]]) -> None:
    """Set ``lang`` (and ``altLang``) on every run, field and paragraph end under ``root``.

    ``tags(text)`` gives the language of a run's text and an alternate one (or None), so that
    spell-checkers and screen readers pick the right language for each run; a paragraph's end
    takes the language of its last run, or of no text.
    """
    for paragraph in root.iter(qn("a:p")):
        last = tags("")
        for run in paragraph:
            if run.tag not in (qn("a:r"), qn("a:fld")):
                continue
            last = tags(run.findtext(qn("a:t")) or "")
            r_pr = run.find(qn("a:rPr"))
            if r_pr is None:
                r_pr = OxmlElement("a:rPr")
                run.insert(0, r_pr)
            _set_tags(r_pr, last)
        end = paragraph.find(qn("a:endParaRPr"))
        if end is not None:
            _set_tags(end, last)


def _set_tags(r_pr: Any, tags: tuple[str, str | None]) -> None:
    lang, alt = tags
    r_pr.set("lang", lang)
    if alt:
        r_pr.set("altLang", alt)
    else:
        r_pr.attrib.pop("altLang", None)


def tag_slide_languages(slide: Any, tags: Callable[[str], tuple[str, str | None]]) -> None:
    """:func:`tag_languages` over a slide's or a notes page's whole tree."""
    tag_languages(slide._element, tags)
