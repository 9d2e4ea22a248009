"""``--fast``: place each change found between two keyframes at the right moment.

Keyframes can be seconds apart, so a change seen between two of them is only known to lie
somewhere in that gap. Decoding just that gap (one group of pictures) at the normal sample
rate finds the first picture that looks more like the one after the change than the one
before; a long video has only a few such gaps, one per slide change.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .decode import Box, VideoInfo, read_samples
from .detect import Found
from .regions import PIXEL_CHANGE


def refine_starts(
    info: VideoInfo, times: np.ndarray, found: list[Found], box: Box, rate: float
) -> list[Found]:
    """``found`` with every showing's start moved to where the change happened."""
    starts = sorted({a for slide in found for a, _ in slide.showings})
    moved: dict[float, float] = {}
    for start in starts:
        k = int(np.searchsorted(times, start))
        if k == 0 or k >= len(times) or abs(times[k] - start) > 1e-6:
            continue
        before, after = float(times[k - 1]), float(times[k])
        if after - before <= 1.5 / rate:
            continue
        gap = read_samples(info, start=before, end=after, rate=rate, fast=False, box=box)
        frames = gap.frames[:]
        gap.frames.close()
        first, last = frames[0].astype(np.int16), frames[-1].astype(np.int16)
        for t, frame in zip(gap.times[1:], frames[1:], strict=True):
            to_before = int((np.abs(frame - first) > PIXEL_CHANGE).sum())
            to_after = int((np.abs(frame - last) > PIXEL_CHANGE).sum())
            if to_before > to_after:
                moved[start] = float(t)
                break
    if not moved:
        return found

    def at(t: float) -> float:
        return moved.get(t, t)

    return [
        replace(
            slide,
            showings=tuple((at(a), at(b)) for a, b in slide.showings),
            step_starts=tuple(at(t) for t in slide.step_starts),
        )
        for slide in found
    ]
