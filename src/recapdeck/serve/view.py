"""What the serve page shows, as plain frozen data turned into JSON for the browser.

Everything here comes from the outline and may be hostile; the page puts it into the document
as text only (``textContent``), never as markup.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, replace

from ..errors import BuildWarning, Location, Problem
from ..pipeline.stages import Prepared
from ..plan.timing import clock


@dataclass(frozen=True)
class Issue:
    """A warning or an error with where it points in the outline (or the theme)."""

    where: str
    """``file:line:column`` as the command line prints it; empty when it has no place."""
    line: int
    field: str
    message: str


@dataclass(frozen=True)
class SlideView:
    """One slide: its image key, title and notes, and its place in the run sheet."""

    number: int
    kind: str
    title: str
    notes: str
    image: str
    """The content key of its image (see :func:`recapdeck.oxml.slides.slide_keys`)."""
    where: str
    """Where the slide comes from in the outline, ``file:line:column``."""
    line: int
    start: str
    seconds: int
    ready: bool = True
    """Whether its image is made (the first page shows the slides' text before their images)."""


@dataclass(frozen=True)
class SegmentRow:
    """A row of the run sheet."""

    name: str
    slides: str
    start: str
    length: str


@dataclass(frozen=True)
class Refresh:
    """What the last refresh did and how long each step took (seconds)."""

    ok: bool
    build: float
    convert: float
    raster: float
    total: float
    rendered: tuple[int, ...]
    """The numbers of the slides whose image was made anew."""
    office: str
    """How slides were converted: "persistent" (one LibreOffice for the session) or
    "one-shot" (one per change)."""


@dataclass(frozen=True)
class DeckView:
    """The whole page: the slides of the last good build and what the latest one said."""

    version: int
    outline: str
    title: str = ""
    minutes: int = 0
    slot: int | None = None
    slides: tuple[SlideView, ...] = ()
    segments: tuple[SegmentRow, ...] = ()
    warnings: tuple[Issue, ...] = ()
    errors: tuple[Issue, ...] = ()
    """Why the latest change could not be shown; the slides are the last good ones."""
    refresh: Refresh | None = None
    building: bool = False

    def to_json(self) -> str:
        """The view as a JSON object."""
        return json.dumps(asdict(self), ensure_ascii=False)


def issue(location: Location | None, message: str, field: str = "") -> Issue:
    """An :class:`Issue` from a location and a message."""
    where = str(location) if location is not None else ""
    return Issue(where, location.line if location is not None else 0, field, message)


def warning_issues(warnings: Iterable[BuildWarning]) -> tuple[Issue, ...]:
    """The warnings of a build as issues."""
    return tuple(issue(w.location, w.message) for w in warnings)


def problem_issues(problems: Iterable[Problem]) -> tuple[Issue, ...]:
    """The problems of a failed build as issues."""
    return tuple(issue(p.location, p.message, p.field) for p in problems)


def deck_view(
    prepared: Prepared,
    keys: Sequence[str],
    *,
    version: int,
    refresh: Refresh | None,
    warnings: Sequence[BuildWarning] = (),
    pending: Collection[str] = (),
) -> DeckView:
    """The page for a good build of ``prepared`` whose slide images have the keys ``keys``
    (those in ``pending`` not made yet)."""
    plan, timing = prepared.plan, prepared.timing
    slides = tuple(
        SlideView(
            number=slide.number,
            kind=str(slide.kind),
            title=slide.title,
            notes=slide.notes,
            image=key,
            where=str(slide.location) if slide.location is not None else "",
            line=slide.location.line if slide.location is not None else 0,
            start=clock(time.start),
            seconds=time.seconds,
            ready=key not in pending,
        )
        for slide, key, time in zip(plan.slides, keys, timing.slides, strict=True)
    )
    segments = tuple(
        SegmentRow(
            row.name,
            str(row.first) if row.first == row.last else f"{row.first}–{row.last}",
            clock(row.start),
            clock(row.seconds),
        )
        for row in timing.segments
    )
    return DeckView(
        version=version,
        outline=str(Location(prepared.source)),
        title=plan.meta.title,
        minutes=timing.minutes,
        slot=prepared.outline.duration,
        slides=slides,
        segments=segments,
        warnings=warning_issues([*prepared.warnings, *warnings]),
        refresh=refresh,
    )


def failed_view(
    previous: DeckView, problems: Sequence[Problem], *, version: int, refresh: Refresh
) -> DeckView:
    """The page after a change that does not build: the errors over the last good slides."""
    return replace(
        previous, version=version, errors=problem_issues(problems), refresh=refresh, building=False
    )
