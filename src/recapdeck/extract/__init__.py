"""``recapdeck extract``: from a keynote video to one full-size PNG per slide (and notes).

The stages are plain functions: :mod:`.decode` reads small grey samples with PyAV,
:mod:`.regions` finds what to ignore (and the slide box for ``--region auto``),
:mod:`.detect` finds the distinct slides, :mod:`.captions` gives each slide what was said,
:mod:`.sheet` draws the contact sheet and :mod:`.outline` drafts the outline. :func:`extract`
composes them and writes every output at once, or nothing.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import Location, Problem, RecapdeckError
from .decode import Box, VideoInfo

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


def parse_time(text: str, *, option: str = "--from") -> float:
    """Seconds for ``HH:MM:SS``, ``MM:SS`` or ``SS`` (fractions allowed); raise if malformed."""
    value = 0.0
    parts = text.strip().split(":")
    try:
        if not 1 <= len(parts) <= 3 or any(p.strip() == "" for p in parts):
            raise ValueError
        for part in parts:
            number = float(part)
            if number < 0:
                raise ValueError
            value = value * 60 + number
    except ValueError:
        raise RecapdeckError(
            f"{option} {text!r} is not a time; write HH:MM:SS, MM:SS or seconds, e.g. 0:41:07"
        ) from None
    return value


def parse_box(text: str, *, option: str = "--region") -> Box:
    """A :class:`Box` from ``X,Y,W,H`` in pixels; raise if malformed."""
    try:
        x, y, width, height = (int(v) for v in text.split(","))
    except ValueError:
        raise RecapdeckError(
            f"{option} {text!r} is not a box; write X,Y,W,H in pixels of the video, "
            "e.g. 160,90,1280,720"
        ) from None
    if x < 0 or y < 0 or width <= 0 or height <= 0:
        raise RecapdeckError(f"{option} {text!r}: X and Y must be 0 or more, W and H above 0")
    return Box(x, y, width, height)


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
    first, last = _range(info, start, end)
    lines: tuple[Line, ...] = read_captions(Path(captions)) if captions is not None else ()
    if video_url is not None and not re.match(r"^https?://\S+$", video_url):
        raise RecapdeckError(
            f"--video-url {video_url!r} is not a web address; give the http(s) link of the video"
        )
    whole = Box(0, 0, info.width, info.height)
    for box in ignore:
        _inside(box, info, "--ignore")
    _check_outputs(out_dir, outline_path, force=force, merge=merge)

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
    if not planned:
        warnings.append("no slide was found: is the video a recording of slides?")

    staged = _Staging()
    try:
        by_time: dict[float, list[ExtractedSlide]] = {}
        for entry, t in planned:
            by_time.setdefault(t, []).append(entry)
        thumbs: dict[int, Thumb] = {}
        for t, image in full_frames(info, list(by_time), box):
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


def _range(info: VideoInfo, start: float | None, end: float | None) -> tuple[float, float]:
    """The part of the video to read; raise if --from/--to fall outside it."""
    from .outline import clock

    length = clock(info.duration)
    first = 0.0 if start is None else start
    last = info.duration if end is None else end
    if first >= info.duration:
        raise RecapdeckError(
            Problem(
                Location(info.path),
                f"--from {clock(first)} is past the end of the video ({length}); "
                f"give a time before {length}",
            )
        )
    if end is not None and end > info.duration + 1.0:
        raise RecapdeckError(
            Problem(
                Location(info.path),
                f"--to {clock(end)} is past the end of the video ({length}); "
                f"give a time up to {length}, or leave --to out",
            )
        )
    if last <= first:
        raise RecapdeckError(
            Problem(
                Location(info.path),
                f"--to {clock(last)} is not after --from {clock(first)}; give a later --to",
            )
        )
    return first, min(last, info.duration)


def _inside(box: Box, info: VideoInfo, option: str) -> None:
    if box.x + box.width > info.width or box.y + box.height > info.height:
        raise RecapdeckError(
            Problem(
                Location(info.path),
                f"{option} {box} reaches outside the {info.width}x{info.height} video; "
                "give X,Y,W,H in pixels of the video",
            )
        )


def _check_outputs(out_dir: Path, outline: Path | None, *, force: bool, merge: bool) -> None:
    """Refuse to overwrite an earlier extraction or outline unless ``force``."""
    if out_dir.exists() and not out_dir.is_dir():
        raise RecapdeckError(
            Problem(Location(out_dir), "is a file, not a folder; choose another --out")
        )
    if not force and (out_dir / MANIFEST).exists():
        raise RecapdeckError(
            Problem(
                Location(out_dir),
                f"already holds an extraction ({MANIFEST}); choose another --out, or pass "
                "--force to replace it",
            )
        )
    if merge and (outline is None or not outline.is_file()):
        raise RecapdeckError(
            Problem(
                Location(outline) if outline else None,
                "--merge adds the slides to an existing outline, and there is none here; "
                "leave out --merge to write a new one",
            )
        )
    if outline is not None:
        if outline.is_dir():
            raise RecapdeckError(
                Problem(Location(outline), "is a folder; give the outline's file name (.yaml)")
            )
        if outline.exists() and not force and not merge:
            raise RecapdeckError(
                Problem(
                    Location(outline),
                    "already exists; choose another --outline, pass --merge to add the slides "
                    "to it, or --force to replace it",
                )
            )
        if outline.suffix.lower() not in (".yaml", ".yml"):
            raise RecapdeckError(
                Problem(Location(outline), "an outline's name ends in .yaml; e.g. decks/talk.yaml")
            )


class _Staging:
    """Outputs written to temporary files beside their targets, renamed into place together."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._created: list[Path] = []

    def add(self, target: Path, data: bytes) -> None:
        missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._created += [p for p in reversed(missing) if p not in self._created]
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                self._staged.append((Path(name), target))
                handle.write(data)
        except OSError as exc:
            raise RecapdeckError(
                Problem(
                    Location(target), f"cannot write: {exc.strerror or exc}; choose another --out"
                )
            ) from None

    def commit(self) -> list[Path]:
        done = []
        try:
            for tmp, target in self._staged:
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
                done.append(target)
        except OSError as exc:
            raise RecapdeckError(
                Problem(
                    Location(target), f"cannot write: {exc.strerror or exc}; choose another --out"
                )
            ) from None
        self._staged = []
        self._created = []
        return done

    def abort(self) -> None:
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._staged = []
        self._created = []
