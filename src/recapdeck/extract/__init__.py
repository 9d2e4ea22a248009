"""``recapdeck extract``: from a keynote video to one full-size PNG per slide (and notes).

The stages are plain functions: :mod:`.decode` reads small grey samples with PyAV,
:mod:`.regions` finds what to ignore (and the slide box for ``--region auto``),
:mod:`.detect` finds the distinct slides, :mod:`.captions` gives each slide what was said,
:mod:`.sheet` draws the contact sheet and :mod:`.outline` drafts the outline. :func:`extract`
composes them and writes every output at once, or nothing.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import Location, Problem, RecapdeckError
from .decode import Box, VideoInfo
from .options import check_inside, check_outputs, check_range, parse_box, parse_time
from .staging import Staging

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["Box", "ExtractResult", "ExtractedSlide", "extract", "parse_box", "parse_time"]

SAMPLE_RATE = 4.0
"""Samples a second that detection looks at (keyframes only with ``fast``)."""
REGION_WIDTH = 384
"""Width of the pictures in which ``--region auto`` looks for the slide box."""
MANIFEST = "extract.json"
SHEET = "extract-preview.png"
_OUR_PNG = re.compile(r"^\d{3,}-\d{2}h\d{2}m\d{2}s(?:-step\d+)?\.png$")


@dataclass(frozen=True)
class ExtractedSlide:
    """One slide written: its file, when it was on screen and what was said meanwhile."""

    number: int
    file: str
    start: float
    end: float
    frame_time: float
    builds: int
    also_shown: tuple[tuple[float, float], ...]
    notes: str
    step: int = 0
    """With keep_builds: which build step this picture is (1 is the first); else 0."""


@dataclass(frozen=True)
class ExtractResult:
    """What :func:`extract` found and wrote."""

    video: Path
    duration: float
    start: float
    end: float
    slides: tuple[ExtractedSlide, ...]
    out: Path
    manifest: Path
    sheet: Path
    outline: Path | None
    files: tuple[Path, ...]
    region: Box | None
    warnings: tuple[str, ...]


def extract(
    video: Path | str,
    *,
    out: Path | str,
    captions: Path | str | None = None,
    outline: Path | str | None = None,
    merge: bool = False,
    start: float | None = None,
    end: float | None = None,
    region: Literal["auto"] | Box | None = None,
    ignore: Sequence[Box] = (),
    keep_builds: bool = False,
    video_url: str | None = None,
    fast: bool = False,
    force: bool = False,
    progress: Callable[[float, float, float, int], None] | None = None,
) -> ExtractResult:
    """Find every slide in ``video`` and write them, the contact sheet and extract.json to ``out``.

    With ``outline`` also a draft outline (with notes from ``captions``); with ``merge``, the
    slides are added to that existing outline as a new segment instead. Every input is
    checked before the video is decoded; the outputs are written together at the end, so a
    failure leaves nothing half-written. ``progress(position, start, end, slides)`` is called
    while the video is read, ``slides`` being a rough count so far.
    """
    from .captions import Line, notes_for, read_captions, words_between
    from .decode import full_frames, probe, read_samples
    from .detect import find_slides
    from .outline import DraftSlide, clock, draft_outline, merged_outline, outside_project
    from .refine import densify
    from .regions import check_slide_box, find_slide_box, manual_tiles
    from .sheet import Thumb, contact_sheet, thumbnail

    video, out = Path(video), Path(out)
    out_dir = Path(os.path.abspath(out))
    outline_path = Path(os.path.abspath(outline)) if outline is not None else None
    info = probe(video)
    first, last = check_range(info, start, end)
    lines: tuple[Line, ...] = read_captions(Path(captions)) if captions is not None else ()
    if video_url is not None and not re.match(r"^https?://\S+$", video_url):
        raise RecapdeckError(
            f"--video-url {video_url!r} is not a web address; give the http(s) link of the video"
        )
    whole = Box(0, 0, info.width, info.height)
    for box in ignore:
        check_inside(box, info, "--ignore")
    check_outputs(out_dir, outline_path, manifest=MANIFEST, force=force, merge=merge)
    if merge and outline_path is not None:
        # a dry run, so that an outline that cannot take the slides is refused before decoding
        merged_outline(
            existing=outline_path, video=video, assets=out_dir, slides=[], video_url=None
        )

    warnings: list[str] = []
    if lines and lines[0].start > last:
        warnings.append(f"{captions}: the captions start after the part of the video read")
    chosen: Box | None = None
    try:
        if region == "auto":
            # A second, coarser pass at a finer size: at most 600 pictures, so that the
            # median stays cheap and memory stays bounded whatever the length.
            overview = read_samples(
                info,
                start=first,
                end=last,
                rate=min(1.0, 600 / (last - first)),
                fast=fast,
                box=whole,
                width=REGION_WIDTH,
            )
            rough = find_slide_box(overview.frames[:], whole)
            overview.frames.close()
            chosen = _refined(info, rough, whole, first, last)
        elif isinstance(region, Box):
            check_slide_box(region, whole, found=False)
            chosen = region
    except RecapdeckError as exc:
        raise RecapdeckError([Problem(Location(video), str(p)) for p in exc.problems]) from None
    box = chosen or whole

    def report(t: float, slides: int) -> None:
        if progress is not None:
            progress(t, first, last, slides)

    samples = read_samples(
        info, start=first, end=last, rate=SAMPLE_RATE, fast=fast, box=box, progress=report
    )
    if fast:
        try:
            keyframes = samples
            samples = densify(info, keyframes, SAMPLE_RATE)
        finally:
            keyframes.frames.close()
    try:
        shape = samples.frames.shape[1:]
        manual = manual_tiles(list(ignore), box, (shape[0], shape[1])) if ignore else None
        found = find_slides(samples, manual=manual, end=last, rate=SAMPLE_RATE)
    finally:
        samples.frames.close()
    report(last, len(found))

    # Name the pictures: one per slide (per step with keep_builds), in order of appearance.
    planned: list[tuple[ExtractedSlide, float]] = []
    extra: dict[float, tuple[float, ...]] = {}  # frame time -> more frames of that picture
    for slide in found:
        begin, finish = slide.showings[0]
        said = " ".join(words_between(lines, a, b) for a, b in slide.showings).strip()
        notes = notes_for(said) if said else ""
        steps = (
            list(zip(slide.step_times, slide.step_starts, strict=True))
            if keep_builds and slide.builds
            else [(slide.frame_time, begin)]
        )
        for k, (frame_time, step_start) in enumerate(steps):
            number = len(planned) + 1
            suffix = f"-step{k + 1}" if len(steps) > 1 else ""
            name = f"{number:03d}-{_stamp(step_start)}{suffix}.png"
            entry = ExtractedSlide(
                number=number,
                file=name,
                start=round(step_start if len(steps) > 1 else begin, 2),
                end=round(finish, 2),
                frame_time=round(frame_time, 2),
                builds=slide.builds,
                also_shown=tuple((round(a, 2), round(b, 2)) for a, b in slide.showings[1:]),
                notes=notes if k == len(steps) - 1 else "",
                step=k + 1 if len(steps) > 1 else 0,
            )
            planned.append((entry, frame_time))
            if k == len(steps) - 1 and slide.also_frames:
                extra[frame_time] = slide.also_frames
    if not planned:
        warnings.append("no slide was found: is the video a recording of slides?")

    staged = Staging()
    try:
        by_time: dict[float, list[ExtractedSlide]] = {}
        for entry, t in planned:
            by_time.setdefault(t, []).append(entry)
        thumbs: dict[int, Thumb] = {}
        wanted = sorted({*by_time, *(t for more in extra.values() for t in more)})
        for t, image in _pictures(full_frames(info, wanted, box), by_time, extra):
            for entry in by_time[t]:
                data = io.BytesIO()
                image.save(data, format="PNG", compress_level=6)
                staged.add(out_dir / entry.file, data.getvalue())
                label = f"{entry.number}  {clock(entry.start)}"
                if entry.also_shown:
                    label += f"  (+{len(entry.also_shown)}x)"
                if entry.builds and not entry.step:
                    label += f"  {entry.builds + 1} steps"
                thumbs[entry.number] = Thumb(thumbnail(image), entry.number, label)
        slides = tuple(entry for entry, _ in planned)
        title = f"{video.name}: {len(slides)} slides, {clock(first)}-{clock(last)}"
        staged.add(out_dir / SHEET, contact_sheet([thumbs[k] for k in sorted(thumbs)], title))
        manifest = {
            "video": video.name,
            "duration": round(info.duration, 2),
            "from": round(first, 2),
            "to": round(last, 2),
            "region": str(chosen) if chosen else None,
            "slides": [_manifest_entry(s) for s in slides],
        }
        staged.add(out_dir / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())
        if outline_path is not None:
            drafts = [
                DraftSlide(s.number, s.file, s.start, s.notes)
                for s in slides
                if not s.step or s.step == s.builds + 1
            ]
            if merge:
                text = merged_outline(
                    existing=outline_path,
                    video=video,
                    assets=out_dir,
                    slides=drafts,
                    video_url=video_url,
                )
            else:
                text = draft_outline(
                    video=video,
                    output=outline_path,
                    assets=out_dir,
                    slides=drafts,
                    video_url=video_url,
                )
            staged.add(outline_path, text.encode("utf-8"))
            outside = outside_project(out_dir, outline_path)
            if outside:
                warnings.append(f"{outline_path}: {outside}")
        written = staged.commit()
    finally:
        staged.abort()
    if force:
        keep = {p.name for p in written}
        for old in out_dir.iterdir():
            if _OUR_PNG.match(old.name) and old.name not in keep:
                old.unlink()
    return ExtractResult(
        video=video,
        duration=info.duration,
        start=first,
        end=last,
        slides=slides,
        out=out_dir,
        manifest=out_dir / MANIFEST,
        sheet=out_dir / SHEET,
        outline=outline_path,
        files=tuple(written),
        region=chosen,
        warnings=tuple(warnings),
    )


def _refined(info: VideoInfo, rough: Box, whole: Box, first: float, last: float) -> Box:
    """``rough`` with its edges put on the slide's edges in a few full-size frames."""
    import numpy as np

    from .decode import full_frames
    from .regions import check_slide_box, refine_box

    times = [first + (last - first) * k / 6 for k in range(1, 6)]
    grey = [np.asarray(image.convert("L")) for _, image in full_frames(info, times, whole)]
    slack = int(info.width / REGION_WIDTH * 2) + 1
    box = refine_box(np.median(np.stack(grey), axis=0), rough, slack)
    check_slide_box(box, whole, found=True)
    return box


def _pictures(
    frames: Iterator[tuple[float, Image.Image]],
    wanted: dict[float, list[ExtractedSlide]],
    extra: dict[float, tuple[float, ...]],
) -> Iterator[tuple[float, Image.Image]]:
    """The picture for each wanted time: the frame, or the per-pixel median of it and its extras.

    The extras of a picture lie in the same steady stretch as it, and stretches do not
    overlap, so at most three full-size frames are held at a time.
    """
    import numpy as np
    from PIL import Image

    owner = {t: main for main, more in extra.items() for t in more}
    held: dict[float, list[np.ndarray]] = {}
    for t, image in frames:
        main = owner.get(t, t)
        if main not in extra:
            yield t, image
            continue
        group = held.setdefault(main, [])
        group.append(np.asarray(image))
        if len(group) == 1 + len(extra[main]):
            a, b, c = held.pop(main)
            median = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))
            yield main, Image.fromarray(median)
    for main in list(held):  # a frame could not be decoded: use what there is
        yield main, Image.fromarray(held.pop(main)[0])


def _stamp(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}h{s // 60 % 60:02d}m{s % 60:02d}s"


def _manifest_entry(slide: ExtractedSlide) -> dict[str, object]:
    entry: dict[str, object] = {
        "file": slide.file,
        "start": slide.start,
        "end": slide.end,
        "frame": slide.frame_time,
        "builds": slide.builds,
        "also_shown": [list(pair) for pair in slide.also_shown],
    }
    if slide.step:
        entry["step"] = slide.step
    return entry
