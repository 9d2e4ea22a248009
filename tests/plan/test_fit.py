"""Text measurement and picture fitting: real font metrics, fallbacks, wrapping, crops."""

from __future__ import annotations

import shutil

import pytest

from recapdeck.load.theme import load_theme
from recapdeck.markup import Para, Run
from recapdeck.pipeline.stages import make_measurer
from recapdeck.plan.fit import (
    Measurer,
    TextFitter,
    Word,
    balanced_groups,
    contain,
    cover,
    wrap_words,
)
from recapdeck.plan.fonts import FontCache, find_font

needs_fonts = pytest.mark.skipif(
    find_font("Calibri", (), FontCache()).regular is None,
    reason="Carlito (fonts-crosextra-carlito) not installed",
)


@needs_fonts
def test_calibri_is_measured_with_carlito_metrics():
    files = find_font("Calibri", (), FontCache())
    assert files.regular is not None and "Carlito" in files.regular.name
    m = make_measurer(load_theme("default"))
    # Carlito/Calibri advance widths, in 1/2048 em: 'H' is 1276, 'i' is 470
    assert m.width("H", "body", 20.48) == pytest.approx(1276 / 100, rel=0.01)
    assert m.width("i", "body", 20.48) == pytest.approx(470 / 100, rel=0.01)
    assert m.width("Hi", "body", 24, bold=True) > m.width("Hi", "body", 24)


@needs_fonts
def test_a_line_break_in_a_value_is_measured_as_a_space():
    """Pillow's layout engine raises on a newline (raqm_layout() failed); a status written
    over two lines in the YAML must not stop the build."""
    m = make_measurer(load_theme("default"))
    assert m.width("Generally\navailable", "body", 20) == m.width("Generally available", "body", 20)
    assert m.width("a\r\nb", "body", 20) > 0


@needs_fonts
@pytest.mark.skipif(not shutil.which("fc-match"), reason="fontconfig missing")
def test_characters_the_font_lacks_use_the_renderers_fallback():
    m = make_measurer(load_theme("default"))
    cjk = m.width("中文字符", "body", 24)
    assert cjk == pytest.approx(4 * 24, rel=0.05)  # full-width ideographs: one em each
    latin = m.width("abcd", "body", 24)
    assert latin < cjk * 0.7
    arabic = m.width("مرحبا", "body", 24)
    assert 0 < arabic < 5 * 24


def test_without_font_files_an_estimate_is_used():
    m = Measurer({})
    assert m.width("abcdefghij", "body", 10) == pytest.approx(52.0)
    assert m.missing() == []


def test_wrapping_breaks_at_spaces_and_inside_overlong_words():
    m = Measurer({})  # 0.52 em a character
    words = [Word(w) for w in ["aaaa", "bbbb", "cccc"]]
    assert wrap_words(words, 100, m, "body", 10) == 1  # 72.8 pt in all
    assert wrap_words(words, 50, m, "body", 10) == 2
    assert wrap_words([Word("x" * 40)], 52, m, "body", 10) == 4  # 208 pt over 52-pt lines


def test_fitter_shrinks_then_splits_keeping_blocks_whole():
    fitter = TextFitter(Measurer({}))
    blocks = [(Para((Run("word " * 12),), 0, "bullet"),) for _ in range(6)]
    one = fitter.fit_blocks(blocks[:2], 500, 400, 24, 18)
    assert (one.size, len(one.chunks), one.shrunk) == (24, 1, False)
    many = fitter.fit_blocks(blocks, 500, 200, 24, 18)
    assert len(many.chunks) > 1 and all(len(c) >= 2 for c in many.chunks)
    assert [b for c in many.chunks for b in c] == blocks


def test_titles_shrink_then_wrap_to_two_lines():
    fitter = TextFitter(Measurer({}))
    size, lines = fitter.fit_title("Short", 800, 36, 28)
    assert (size, lines) == (36, 1)
    size, lines = fitter.fit_title("word " * 25, 800, 36, 28)
    assert lines <= 2 and size <= 28


def test_balanced_groups_minimise_the_tallest_part():
    assert balanced_groups([1, 1, 1, 1], 2) == [(0, 2), (2, 4)]
    assert balanced_groups([3, 1, 1, 1], 2) == [(0, 1), (1, 4)]


def test_contain_and_cover_keep_the_aspect_ratio():
    _, y, w, h = contain(16 / 9, 0, 0, 1000, 1000)
    assert (w, h) == (1000, 562) and y == 219
    crop = cover(1.0, 200, 100, (0.5, 0.0))
    assert crop.top == 0 and crop.bottom == pytest.approx(0.5)
    crop = cover(4.0, 200, 100, (1.0, 0.5))
    assert crop.right == 0 and crop.left == pytest.approx(0.5)


def test_right_to_left_paragraphs_are_detected():
    assert Para((Run("مرحبا بالعالم"),)).rtl
    assert Para((Run("שלום עולם"),)).rtl
    assert not Para((Run("Hello مرحبا world"),)).rtl
    assert not Para((Run("中文"),)).rtl
