"""The options of ``recapdeck extract``: times and boxes read, then checked against the video.

Everything here runs before any decoding, so that a wrong option costs nothing and leaves
nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Location, Problem, RecapdeckError
from .decode import Box, VideoInfo


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


def check_range(info: VideoInfo, start: float | None, end: float | None) -> tuple[float, float]:
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


def check_inside(box: Box, info: VideoInfo, option: str) -> None:
    if box.x + box.width > info.width or box.y + box.height > info.height:
        raise RecapdeckError(
            Problem(
                Location(info.path),
                f"{option} {box} reaches outside the {info.width}x{info.height} video; "
                "give X,Y,W,H in pixels of the video",
            )
        )


def check_outputs(
    out_dir: Path, outline: Path | None, *, manifest: str, force: bool, merge: bool
) -> None:
    """Refuse to overwrite an earlier extraction or outline unless ``force``."""
    if out_dir.exists() and not out_dir.is_dir():
        raise RecapdeckError(
            Problem(Location(out_dir), "is a file, not a folder; choose another --out")
        )
    if not force and (out_dir / manifest).exists():
        raise RecapdeckError(
            Problem(
                Location(out_dir),
                f"already holds an extraction ({manifest}); choose another --out, or pass "
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
