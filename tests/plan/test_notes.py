"""recapdeck.plan.notes: what the presenter says when the outline does not say it."""

from __future__ import annotations

import datetime as dt

from recapdeck.load.model import Highlight
from recapdeck.plan.notes import (
    CONTINUED,
    date_text,
    derived_notes,
    join_words,
    sentence,
    split_notes,
    strip_markdown,
)


def test_small_text_helpers():
    assert sentence("  two   spaces ") == "two spaces."
    assert sentence("Already ends!") == "Already ends!"
    assert join_words([]) == "" and join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert date_text(dt.date(2024, 12, 2)) == "2 December 2024"
    assert date_text(None) == ""
    assert strip_markdown("**Graviton4** is [fast](https://x.example) `now`") == (
        "Graviton4 is fast now"
    )


def test_derived_notes_read_the_points_and_what_is_on_screen():
    h = Highlight.model_validate(
        {
            "title": "The **Graviton** journey",
            "new": True,
            "points": [{"text": "Every generation faster", "points": ["Graviton4 fastest"]}],
            "screenshots": [{"file": "g.png", "alt": "Bar chart of four generations"}],
        }
    )
    assert derived_notes(h) == (
        "The Graviton journey. This was announced as new in the keynote. Every generation "
        "faster. Graviton4 fastest. On screen: Bar chart of four generations."
    )


def test_split_notes_keeps_sentences_whole_and_gives_every_part_something():
    notes = "One. Two. Three. Four. Five. Six."
    parts = split_notes(notes, [1, 1, 1])
    assert parts == ["One. Two.", "Three. Four.", "Five. Six."]
    assert split_notes(notes, [5]) == [notes]
    assert split_notes("Only one.", [1, 1]) == ["Only one.", CONTINUED]
