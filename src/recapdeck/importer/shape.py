"""The deck a careful person would make from the draft: fewer, fuller slides.

The mapper keeps everything the post says where the post says it; this step reshapes the
draft the way a presenter would before a talk: one copy of each picture, one slide for a run
of one-point bullets, filler ("Also mentioned", lead-in sentences) in the notes, sections
only where a speaker or part changes, and about one slide per minute of the talk.
Every change that moves text leaves a ``# check:`` comment; no text is dropped.
"""

from __future__ import annotations

import re

from .draft import DHighlight, DPoint, Draft, DSegment
from .text import strip_md

FILLER_TITLES = re.compile(
    r"^(?:also mentioned|other (?:news|things|bits|notes)|misc(?:ellaneous)?|odds and ends|"
    r"everything else|and more|more|bonus)$",
    re.I,
)
"""Headings and highlight titles for leftovers: their bullets belong in the notes."""
MAX_MERGED_POINTS = 6
"""A slide made of merged one-point highlights holds at most this many points."""
THIN_WORDS = 20
"""A one-point slide whose point is longer than this holds enough for a slide of its own."""
FIXED_SLIDES = 4
"""Title, agenda, takeaways and closing: the slides every deck has around the highlights."""


def shape_deck(draft: Draft, *, duration: int | None = None) -> None:
    """Reshape ``draft`` in place (see the module's docstring)."""
    _one_copy_of_each_picture(draft)
    flag_talks(draft)
    _fold_small_segments(draft)
    for segment in draft.segments:
        _filler_to_notes(segment)
        _echoes_to_notes(segment)
        _merge_same_titles(segment)
        _merge_thin(segment)
        _number_repeated_titles(segment)
    if duration:
        _fit(draft, duration)


def slide_estimate(draft: Draft) -> int:
    """About how many slides the draft makes (before text that overflows a slide)."""
    highlights = sum(len(s.highlights) + len(s.quotes) for s in draft.segments)
    sections = len(draft.segments) if len(draft.segments) > 1 else 0
    extras = bool(draft.announcements) + bool(draft.references)
    return FIXED_SLIDES + sections + highlights + extras


def _thin(highlight: DHighlight) -> bool:
    """A highlight that would be a slide with one line on it."""
    return (
        not highlight.screenshots
        and len(highlight.points) <= 1
        and not any(p.points for p in highlight.points)
        and all(len(strip_md(p.text).split()) <= THIN_WORDS for p in highlight.points)
    )


def _one_copy_of_each_picture(draft: Draft) -> None:
    """A picture shown twice (a lightbox include repeating the image) is kept once."""
    seen: set[str] = set()
    for segment in draft.segments:
        emptied: list[DHighlight] = []
        for highlight in segment.highlights:
            kept = []
            for shot in highlight.screenshots:
                name = shot.image.name.lower()
                if name and name in seen:
                    highlight.check(f"the post shows {shot.image.name} again; kept once")
                    continue
                seen.add(name)
                kept.append(shot)
            if highlight.screenshots and not kept and not highlight.points:
                emptied.append(highlight)  # a slide that only repeated a picture
            highlight.screenshots = kept
        segment.highlights = [h for h in segment.highlights if h not in emptied]


def _filler_to_notes(segment: DSegment) -> None:
    """ "Also mentioned" bullets go to the notes, unless they are all the segment has."""
    fillers = [h for h in segment.highlights if FILLER_TITLES.match(h.title) and not h.screenshots]
    if not fillers or len(fillers) == len(segment.highlights):
        return
    for filler in fillers:
        segment.notes.append(_as_text(filler))
        segment.highlights.remove(filler)
    segment.check("the post's short leftover bullets are in the notes", "notes")


def _echoes_to_notes(segment: DSegment) -> None:
    """A one-sentence paragraph that became a slide titled by itself ("Priya opened with a
    slide of broken dashboards") is a lead-in: it goes to the segment's notes."""
    if not segment.quotes and all(_echo(h) for h in segment.highlights):
        return  # all the segment has: they are merged into one slide instead
    for highlight in list(segment.highlights):
        if _echo(highlight):
            segment.notes.append(_as_text(highlight))
            segment.highlights.remove(highlight)
            segment.check("lead-in sentences of the post are in the notes", "notes")


def _echo(highlight: DHighlight) -> bool:
    """A slide whose one point repeats its title: a sentence of the post, not a slide."""
    if not _thin(highlight) or not highlight.points or highlight.new:
        return False
    return strip_md(highlight.points[0].text).rstrip(".") == highlight.title.rstrip(".…")


def _merge_same_titles(segment: DSegment) -> None:
    """Neighbouring highlights with the same title ("Faster CI" seven times) are one."""
    merged: list[DHighlight] = []
    for highlight in segment.highlights:
        last = merged[-1] if merged else None
        if last is not None and last.title == highlight.title and not highlight.screenshots:
            last.points += highlight.points
            last.notes += highlight.notes
            last.new = last.new or highlight.new
            last.check("bullets of the post with the same title, merged here")
            continue
        merged.append(highlight)
    segment.highlights = merged


def _merge_thin(segment: DSegment) -> None:
    """Runs of one-point highlights become one slide of points ("**Title:** point")."""
    out: list[DHighlight] = []
    run: list[DHighlight] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append(_merged(run, segment))
        elif run and out and _can_take(out[-1]):
            _absorb(out[-1], run[0])  # a lone one-point slide joins the one before it
        else:
            out.extend(run)
        run.clear()

    for highlight in segment.highlights:
        if _thin(highlight) and len(run) < MAX_MERGED_POINTS:
            run.append(highlight)
            continue
        flush()
        if _thin(highlight):
            run.append(highlight)
        else:
            out.append(highlight)
    flush()
    segment.highlights = out


def _can_take(highlight: DHighlight) -> bool:
    return not highlight.screenshots and len(highlight.points) < MAX_MERGED_POINTS


def _absorb(into: DHighlight, thin: DHighlight) -> None:
    into.points.append(DPoint(_point_of(thin)))
    into.notes += thin.notes
    into.check(f'the one-point slide "{thin.title}" of the draft is a point here')


def _merged(run: list[DHighlight], segment: DSegment) -> DHighlight:
    title = segment.title if len(run) == len(segment.highlights) else run[0].title
    merged = DHighlight(title, [DPoint(_point_of(h)) for h in run])
    merged.notes = [n for h in run for n in h.notes]
    merged.new = any(h.new for h in run)
    merged.check(f"{len(run)} one-point slides of the draft merged here; give it a title", "title")
    return merged


def _point_of(highlight: DHighlight) -> str:
    """A one-point highlight as one point: ``**Title:** point`` (or just the title)."""
    if not highlight.points:
        return highlight.title
    text = highlight.points[0].text
    title = highlight.title.rstrip("…")
    if strip_md(text).startswith(title) or highlight.title in ("", "Also mentioned"):
        return text
    return f"**{_escape(highlight.title)}:** {text}"


def _escape(text: str) -> str:
    return text.replace("*", "\\*")


def _as_text(highlight: DHighlight) -> str:
    """A highlight as a sentence of notes: "Title: point; point." (no title when it only
    repeats the first point)."""
    points = "; ".join(strip_md(p.text) for p in highlight.points)
    title = highlight.title.rstrip("…")
    if points and (points.startswith(title) or FILLER_TITLES.match(title) or not title):
        body = f"{points}."
    else:
        body = f"{title}: {points}." if points else f"{title}."
    return " ".join([body, *highlight.notes])


def _fold_small_segments(draft: Draft) -> None:
    """A segment of one slide, with the same speaker as the one before it, is a slide of
    that segment: a section divider per heading is too many for a one-speaker keynote."""
    out: list[DSegment] = []
    for segment in draft.segments:
        before = out[-1] if out else None
        small = len(segment.highlights) <= 1 and not segment.quotes
        if before is not None and small and before.speaker == segment.speaker:
            for highlight in segment.highlights:
                _title_from_heading(highlight, segment)
                if highlight.title != segment.title and segment.title:
                    highlight.notes[:0] = [f'(Under the heading "{segment.title}" in the post.)']
                highlight.notes[:0] = segment.notes
                before.highlights.append(highlight)
            if not segment.highlights and segment.notes:
                before.notes += segment.notes
            before.check(f'the short part "{segment.title}" of the post is a slide here', "title")
            continue
        out.append(segment)
    draft.segments = out


def _title_from_heading(highlight: DHighlight, segment: DSegment) -> None:
    """A folded part's only slide takes the part's heading when its own title was guessed
    from its words ("Windows CoPilot", not "GPT-powered CoPilot with plugins(!)...")."""
    guessed = [c for c in highlight.checks if c[0] == "title" and "guessed" in c[1]]
    if guessed and segment.title:
        highlight.title = segment.title
        highlight.checks = [c for c in highlight.checks if c not in guessed]


def _number_repeated_titles(segment: DSegment) -> None:
    """Highlights that still share a title are numbered: "Title (2)", "Title (3)"."""
    counts: dict[str, int] = {}
    for highlight in segment.highlights:
        counts[highlight.title] = counts.get(highlight.title, 0) + 1
        n = counts[highlight.title]
        if n > 1:
            highlight.title = f"{highlight.title} ({n})"


def _fit(draft: Draft, duration: int) -> None:
    """About one slide per minute: slides made from the post's prose go to the notes first,
    from the last segment back, until the deck fits ``duration``."""
    excess = slide_estimate(draft) - duration
    moved = 0
    for segment in reversed(draft.segments):
        for highlight in reversed(list(segment.highlights)):
            if excess <= 0:
                break
            if len(segment.highlights) <= 1 or highlight.screenshots or highlight.new:
                continue
            segment.notes.append(_as_text(highlight))
            segment.highlights.remove(highlight)
            excess -= 1
            moved += 1
    if moved:
        draft.check(
            f"{moved} slide{'s' if moved > 1 else ''} of the post moved to the notes to fit "
            "about one slide per minute "
            f"of a {duration}-minute talk; bring back what matters",
            "segments",
        )
    if excess > 0:
        draft.check(
            f"about {slide_estimate(draft)} slides for a {duration}-minute talk: cut some",
            "segments",
        )


_KEYNOTE = re.compile(r"\bkeynote\b", re.I)
_TALK = re.compile(r"\b(?:breakout|session|workshop|lightning|talk|tutorial)\b", re.I)


def flag_talks(draft: Draft) -> None:
    """In a post that covers a keynote and other talks, say which segments are other talks:
    each keeps its own segment, and ``--section`` imports only the keynote."""
    keynotes = [s for s in draft.segments if _KEYNOTE.search(s.title)]
    if not keynotes or len(keynotes) == len(draft.segments):
        return
    speakers = {s.speaker for s in keynotes}
    for segment in draft.segments:
        if segment in keynotes:
            continue
        if _TALK.search(segment.title) or (segment.speaker and segment.speaker not in speakers):
            segment.check(
                "a talk other than the keynote, in a segment of its own: keep it, or import "
                f"only the keynote with --section '{keynotes[0].title}'",
                "title",
            )
