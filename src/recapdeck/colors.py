"""Colours: WCAG 2 contrast between two #RRGGBB colours."""

from __future__ import annotations

AA_TEXT = 4.5
"""WCAG AA's contrast for normal text."""
AA_LARGE = 3.0
"""WCAG AA's contrast for large text (titles) and graphics."""


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [ch / 12.92 if ch <= 0.04045 else ((ch + 0.055) / 1.055) ** 2.4 for ch in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
