"""``--fast``: place each change found between two keyframes at the right moment.

Keyframes can be seconds apart, so a change seen between two of them is only known to lie
somewhere in that gap. Decoding just that gap (one group of pictures) at the normal sample
rate finds the first picture that looks more like the one after the change than the one
before; a long video has only a few such gaps, one per slide change.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .decode import Samples, VideoInfo, iter_samples
from .detect import Found
from .regions import PIXEL_CHANGE


def refine_starts(
    info: VideoInfo, samples: Samples, found: list[Found], rate: float
) -> list[Found]:
    """``found`` with every showing's start moved to where the change happened.

    ``samples`` are the keyframe samples the slides were found in; their store must be open.
    """
    times, frames, box = samples.times, samples.frames, samples.box
    starts = sorted({a for slide in found for a, _ in slide.showings})
    moved: dict[float, float] = {}
    for start in starts:
        k = int(np.searchsorted(times, start))
        if k == 0 or k >= len(times) or abs(times[k] - start) > 1e-6:
            continue
        before, after = float(times[k - 1]), float(times[k])
        if after - before <= 1.5 / rate:
            continue
        first, last = frames[k - 1].astype(np.int16), frames[k].astype(np.int16)
        # Decode the gap only up to the first picture that is more like the one after it.
        gap = iter_samples(info, start=before, end=after, rate=rate, fast=False, box=box)
        for t, frame in gap:
            if t <= before + 1e-6:
                continue
            to_before = int((np.abs(frame - first) > PIXEL_CHANGE).sum())
            to_after = int((np.abs(frame - last) > PIXEL_CHANGE).sum())
            if to_before > to_after:
                moved[start] = float(t)
                break
        gap.close()
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
