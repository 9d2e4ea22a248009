"""The draft outline of ``recapdeck extract --outline``: one highlight per slide, to review.

Written through the project's commented-YAML writer, so every guess carries a ``# check:``
comment, and validated against the outline schema before it is written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem, RecapdeckError
from ..importer import yaml_writer as w
from ..load.model import Outline
from ..load.outline import project_root

HIGHLIGHTS_PER_SEGMENT = 200
"""The outline format holds at most this many highlights in one segment."""


@dataclass(frozen=True)
class DraftSlide:
    """What the draft says about one slide."""

    number: int
    file: str
    start: float
    notes: str


def clock(seconds: float) -> str:
    """``1:02:07`` (or ``2:07`` under an hour) for a time in seconds."""
    s = int(seconds)
    h, m, sec = s // 3600, s // 60 % 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def moment_url(url: str, seconds: float) -> str:
    """``url`` pointing at ``seconds`` into the video (YouTube's ``t=`` parameter)."""
    base = re.sub(r"([?&])t=\d+s?(&|$)", lambda m: m.group(1) if m.group(2) else "", url)
    base = base.rstrip("?&")
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}t={int(seconds)}s"


def title_from_video(video: Path) -> str:
    """A title from the video's file name: ``re-invent_2024`` -> ``Re invent 2024``."""
    words = re.sub(r"[-_.]+", " ", video.stem).strip()
    return (words[:1].upper() + words[1:])[:300] if words else "Keynote"


def draft_outline(
    *,
    video: Path,
    output: Path,
    assets: Path,
    slides: list[DraftSlide],
    video_url: str | None,
) -> str:
    """The YAML text of the draft outline for ``slides`` (in ``assets``), to go to ``output``."""
    title = title_from_video(video)
    root = w.Mapping()
    root.add("title", title, "check: the keynote's title (taken from the video's file name)")
    event = w.Mapping()
    event.add("name", title, "check: the event's name, and add its date: and location:")
    root.add("event", event)
    root.entries.append(w.Commented("recap_by: {name: Your Name, team: Your Team}  # who gives it"))
    root.add("theme", "default")
    root.add("assets", Path(os.path.relpath(assets, output.parent)).as_posix())
    segments = w.Sequence()
    parts = _parts(slides)
    for n, part in enumerate(parts):
        name = "The keynote" if len(parts) == 1 else f"The keynote, part {n + 1}"
        segments.items.append(w.Item(_segment(name, part, video_url), blank=True))
    root.add("segments", segments, blank=True)
    if video_url:
        references = w.Sequence()
        entry = w.Mapping()
        entry.add("title", f"{title} (video)", "check: the video's title")
        entry.add("url", video_url)
        references.items.append(w.Item(entry))
        root.add("references", references, blank=True)
    header = [
        f"Drafted by `recapdeck extract` from {video.name}: one highlight per slide. Comments "
        "marked 'check:' are guesses and to-dos: review each one, then delete the comment.",
        f"Try it with: recapdeck check {_shown(output)}",
    ]
    outside = outside_project(assets, output)
    if outside:
        header.append(f"check: {outside}")
    text = w.render(root, header)
    _validate(text, output)
    return text


def merged_outline(
    *,
    existing: Path,
    video: Path,
    assets: Path,
    slides: list[DraftSlide],
    video_url: str | None,
) -> str:
    """The text of ``existing`` with one more segment holding ``slides``, comments kept.

    The segment is inserted as text at the end of the top-level ``segments:`` list, so the
    rest of the file stays as it was; the result is validated before it is returned.
    """
    import yaml

    def refuse(message: str) -> RecapdeckError:
        return RecapdeckError(Problem(Location(existing), f"cannot --merge into it: {message}"))

    try:
        text = existing.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise refuse(f"it cannot be read as YAML ({exc}); fix it, or write a new outline") from None
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise refuse("it has no 'segments:' list; is it an outline?")
    folder = existing.parent / data["assets"] if isinstance(data.get("assets"), str) else None
    base = folder or existing.parent
    prefix = Path(os.path.relpath(assets, base)).as_posix()
    lines = text.split("\n")
    head = next(
        (i for i, line in enumerate(lines) if re.match(r"^segments:\s*(#.*)?$", line)), None
    )
    if head is None:
        raise refuse("its 'segments:' is not a block list (- title: ...); add the segment by hand")
    end = next(
        (i for i in range(head + 1, len(lines)) if re.match(r"^[^\s#-]", lines[i])), len(lines)
    )
    while end > head + 1 and not lines[end - 1].strip():
        end -= 1
    item = next((line for line in lines[head + 1 : end] if line.lstrip().startswith("- ")), "  - ")
    indent = len(item) - len(item.lstrip())
    shots = [
        DraftSlide(s.number, s.file if prefix == "." else f"{prefix}/{s.file}", s.start, s.notes)
        for s in slides
    ]
    parts = _parts(shots)
    items = [
        w.Item(
            _segment(
                f"From {video.name}" + (f", part {n + 1}" if len(parts) > 1 else ""),
                part,
                video_url,
            ),
            blank=True,
        )
        for n, part in enumerate(parts)
    ]
    rendered = w.render(w.Mapping([w.Entry("segments", w.Sequence(items))]))
    body = [
        (" " * (indent - 2) + line) if line.strip() else "" for line in rendered.split("\n")[1:]
    ]
    merged = "\n".join([*lines[:end], "", *body, *lines[end:]])
    merged = re.sub(r"\n{3,}", "\n\n", merged).rstrip("\n") + "\n"
    _validate(merged, existing)
    return merged


def _parts(slides: list[DraftSlide]) -> list[list[DraftSlide]]:
    """``slides`` in runs of at most HIGHLIGHTS_PER_SEGMENT (one empty run for none)."""
    step = HIGHLIGHTS_PER_SEGMENT
    return [slides[i : i + step] for i in range(0, max(1, len(slides)), step)]


def _segment(title: str, slides: list[DraftSlide], video_url: str | None) -> w.Mapping:
    segment = w.Mapping()
    segment.add(
        "title",
        title,
        "check: split the highlights into segments, one per topic or speaker, and name them",
    )
    highlights = w.Sequence()
    for slide in slides:
        highlights.items.append(w.Item(_highlight(slide, video_url), blank=True))
    if not slides:
        segment.add("notes", "No slide was found in the video.")
    segment.add("highlights", highlights)
    return segment


def outside_project(assets: Path, output: Path) -> str | None:
    """Why ``recapdeck check`` would refuse ``assets`` for an outline at ``output``, or None."""
    root = project_root(output)
    real = Path(os.path.realpath(assets))
    if real == root or root in real.parents:
        return None
    return (
        f"the screenshots folder {assets} is outside the deck's project ({root}), so "
        "recapdeck will not read it: extract into the project (--out), or build with "
        "--allow-outside-files"
    )


def _highlight(slide: DraftSlide, video_url: str | None) -> w.Mapping:
    at = clock(slide.start)
    entry = w.Mapping()
    entry.add(
        "title",
        f"Slide {slide.number} at {at}",
        "check: give the slide's title (the one on the screenshot)",
    )
    shot = w.Mapping()
    shot.add("file", slide.file)
    shot.add(
        "alt",
        f"Slide {slide.number} of the keynote, shown at {at}",
        "check: describe what the slide shows, for readers who cannot see it",
    )
    shots = w.Sequence([w.Item(shot)])
    entry.add("screenshots", shots)
    notes = slide.notes
    if video_url:
        link = f"Video at {at}: {moment_url(video_url, slide.start)}"
        notes = f"{notes}\n{link}" if notes else link
    comment = "check: condensed from the captions; keep what matters" if slide.notes else ""
    entry.add("notes", notes[:20_000] or None, comment)
    return entry


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _validate(text: str, output: Path) -> None:
    """Make sure the draft is a valid outline; a failure here is a bug in recapdeck."""
    import yaml
    from pydantic import ValidationError

    try:
        Outline.model_validate(yaml.safe_load(text))
    except (ValidationError, yaml.YAMLError) as exc:  # pragma: no cover - guards the draft
        raise RecapdeckError(
            Problem(
                Location(output),
                f"recapdeck extract drafted an invalid outline (please report this bug): {exc}",
            )
        ) from None
