"""What the speaker notes say: derived notes, splitting notes over slides, small text helpers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..load.model import Highlight

CONTINUED = "(Continued from the previous slide.)"


def sentence(text: str) -> str:
    """``text`` with single spaces and a closing full stop."""
    text = " ".join(text.split())
    return text if not text or text[-1] in '.!?…:”"' else text + "."


def join_words(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def date_text(date: dt.date | None) -> str:
    """A date as people say it: ``2 December 2024`` (the same in every locale)."""
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return f"{date.day} {months[date.month - 1]} {date.year}" if date else ""


def strip_markdown(text: str) -> str:
    """Inline Markdown reduced to its words, for notes read aloud."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return re.sub(r"(\*\*|\*|`|__)", "", text)


def derived_notes(h: Highlight) -> str:
    """Notes for a highlight without any: its points as sentences, and what is on screen."""
    lines = [f"{strip_markdown(h.title)}."]
    if h.new:
        lines.append("This was announced as new in the keynote.")
    for p in h.points:
        lines.append(sentence(strip_markdown(p.text)))
        lines += [sentence(strip_markdown(sub)) for sub in p.points]
    if len(h.screenshots) == 1 or not h.points:
        lines += [f"On screen: {sentence(shot.alt)}" for shot in h.screenshots]
    return " ".join(lines)


def split_notes(notes: str, weights: Sequence[int]) -> list[str]:
    """Divide notes at sentence ends into parts roughly proportional to ``weights``."""
    if len(weights) == 1:
        return [notes]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", notes.strip()) if s]
    total = sum(weights) or 1
    parts: list[str] = []
    start = 0
    for i, weight in enumerate(weights):
        left, later = len(sentences) - start, len(weights) - i - 1
        if i == len(weights) - 1:
            take = left
        elif left <= later:  # fewer sentences than parts: the first parts speak, the rest follow
            take = min(1, left)
        else:
            take = max(1, round(len(sentences) * weight / total))
            take = min(take, left - later)
        chunk = sentences[start : start + max(take, 0)]
        start += max(take, 0)
        parts.append(" ".join(chunk) or CONTINUED)
    return parts
