"""recapdeck.plan.timing: the run sheet."""

from __future__ import annotations

from pathlib import Path

from recapdeck.load.images import ImageInfo
from recapdeck.plan.model import (
    Box,
    DeckMeta,
    DeckPlan,
    DocProps,
    PicturePlan,
    SlideKind,
    SlidePlan,
)
from recapdeck.plan.timing import (
    MIN_SECONDS,
    PICTURE_SECONDS,
    QUOTE_SECONDS,
    WORDS_PER_MINUTE,
    clock,
    estimate_timing,
    slide_seconds,
)

BOX = Box(0, 0, 10, 10)
SHOT = PicturePlan(BOX, ImageInfo(Path("a.png"), 10, 10, "PNG"), "alt", "a.png")


def slide(number: int, kind: SlideKind, notes: str = "", segment: int | None = None,
          pictures: tuple[PicturePlan, ...] = ()) -> SlidePlan:  # fmt: skip
    return SlidePlan(number, kind, f"Slide {number}", None, notes=notes, segment=segment,
                     pictures=pictures)  # fmt: skip


def test_a_slide_takes_its_notes_read_aloud_and_time_to_look():
    words = " ".join(["word"] * WORDS_PER_MINUTE)  # a minute of notes
    assert slide_seconds(slide(1, SlideKind.HIGHLIGHT)) == MIN_SECONDS
    assert slide_seconds(slide(1, SlideKind.HIGHLIGHT, words)) == 60
    assert slide_seconds(slide(1, SlideKind.QUOTE)) == MIN_SECONDS + QUOTE_SECONDS
    shown = slide(1, SlideKind.HIGHLIGHT, pictures=(SHOT, SHOT))
    assert slide_seconds(shown) == MIN_SECONDS + 2 * PICTURE_SECONDS


def test_the_run_sheet_totals_each_segment_with_an_opening_and_a_wrap_up():
    slides = (
        slide(1, SlideKind.TITLE),
        slide(2, SlideKind.SECTION, segment=0),
        slide(3, SlideKind.HIGHLIGHT, segment=0),
        slide(4, SlideKind.SECTION, segment=1),
        slide(5, SlideKind.CLOSING),
    )
    meta = DeckMeta("T", "", "E", None, "", None, "", None, ("First", "Second"), (), (), ())
    timing = estimate_timing(DeckPlan(slides, DocProps("T", "", "", "", ""), meta, ""))
    assert [(s.name, s.first, s.last) for s in timing.segments] == [
        ("Opening", 1, 1),
        ("First", 2, 3),
        ("Second", 4, 4),
        ("Wrap-up", 5, 5),
    ]
    assert [t.start for t in timing.slides] == [0, 30, 60, 90, 120]
    assert timing.total == 150 and timing.minutes == 3
    assert clock(150) == "2:30"
