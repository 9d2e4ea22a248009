"""The run sheet: how long each slide, each segment and the whole talk take to present.

The estimate reads the speaker notes aloud at :data:`WORDS_PER_MINUTE`, gives every slide at
least :data:`MIN_SECONDS`, and adds time for what the audience needs to take in: a quote to
let land, each screenshot to look at.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import DeckPlan, SlideKind, SlidePlan

WORDS_PER_MINUTE = 130
"""A relaxed presenting pace (people read notes aloud at 120–160 words a minute)."""
MIN_SECONDS = 30
"""Even a slide with no notes is on screen this long."""
QUOTE_SECONDS = 10
"""Extra pause on a quote slide."""
PICTURE_SECONDS = 8
"""Extra time per screenshot on a slide."""


@dataclass(frozen=True)
class SlideTime:
    """The estimate for one slide."""

    number: int
    seconds: int
    start: int
    """Seconds into the talk when this slide comes up."""


@dataclass(frozen=True)
class SegmentTime:
    """One row of the run sheet: a segment (or the opening or wrap-up) of the talk."""

    name: str
    first: int
    last: int
    seconds: int
    start: int

    @property
    def slides(self) -> int:
        """How many slides the segment has."""
        return self.last - self.first + 1


@dataclass(frozen=True)
class Timing:
    """Estimated speaking times per slide and per segment, and the total."""

    slides: tuple[SlideTime, ...]
    segments: tuple[SegmentTime, ...]
    total: int
    """Seconds."""

    @property
    def minutes(self) -> int:
        """The total rounded up to whole minutes."""
        return -(-self.total // 60)


def slide_seconds(slide: SlidePlan) -> int:
    """The estimated time one slide takes to present."""
    words = len(slide.notes.split())
    seconds = max(MIN_SECONDS, round(words * 60 / WORDS_PER_MINUTE))
    if slide.kind is SlideKind.QUOTE:
        seconds += QUOTE_SECONDS
    seconds += PICTURE_SECONDS * sum(1 for p in slide.pictures if p.is_screenshot)
    return seconds


def estimate_timing(plan: DeckPlan) -> Timing:
    """Estimate the run sheet of ``plan``."""
    slides: list[SlideTime] = []
    clock = 0
    for slide in plan.slides:
        seconds = slide_seconds(slide)
        slides.append(SlideTime(slide.number, seconds, clock))
        clock += seconds
    rows: list[SegmentTime] = []
    keys: list[object] = []
    seen_segment = False
    for slide, time in zip(plan.slides, slides, strict=True):
        if slide.segment is not None:
            seen_segment = True
            key: object = slide.segment
            name = plan.meta.segments[slide.segment]
        else:
            key = name = "Wrap-up" if seen_segment else "Opening"
        if keys and keys[-1] == key:
            last = rows[-1]
            rows[-1] = SegmentTime(
                name, last.first, slide.number, last.seconds + time.seconds, last.start
            )
        else:
            keys.append(key)
            rows.append(SegmentTime(name, slide.number, slide.number, time.seconds, time.start))
    return Timing(tuple(slides), tuple(rows), clock)


def clock(seconds: int) -> str:
    """``m:ss`` for a number of seconds."""
    return f"{seconds // 60}:{seconds % 60:02d}"
