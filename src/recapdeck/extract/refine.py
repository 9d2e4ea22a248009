"""``--fast``: keyframes everywhere, the normal sample rate only where the picture changed.

Keyframes can be seconds apart: a change seen between two of them is only known to lie
somewhere in that gap, and a short slide may lie wholly inside it. :func:`densify` decodes
just the gaps whose two keyframes differ (outside the tiles that change all the time) at the
normal sample rate and merges those samples with the keyframes, so detection then places
each change, and finds each slide, as it does in the default mode. A long talk has only a
few such gaps, about one per slide change.
"""

from __future__ import annotations

import numpy as np

from .decode import FrameStore, Samples, VideoInfo, iter_samples
from .detect import STILL_FLOOR
from .regions import LOCAL_CHANGE, PIXEL_CHANGE, TILE, tile_changes

SPARSE_WINDOW = 30.0
"""Seconds on either side over which a tile's changes between keyframes are counted."""


def densify(info: VideoInfo, sparse: Samples, rate: float) -> Samples:
    """``sparse`` (keyframe samples) plus samples every ``1/rate`` s in each gap that changed."""
    times, frames = sparse.times, sparse.frames
    n, h, w = frames.shape
    busy = _busy_between_keyframes(times, tile_changes(frames))
    store = FrameStore(h, w)
    kept: list[float] = []
    masks: list[np.ndarray] = []
    for i in range(n):
        frame = frames[i]
        store.append(frame)
        kept.append(float(times[i]))
        masks.append(busy[i])
        if i + 1 < n and _changed(frame, frames[i + 1], busy[i] | busy[i + 1], (h, w)):
            a, b = float(times[i]), float(times[i + 1])
            for t, plane in iter_samples(
                info, start=a, end=b, rate=rate, fast=False, box=sparse.box
            ):
                if a + 1e-6 < t < b - 1e-6:
                    store.append(plane)
                    kept.append(t)
                    masks.append(busy[i] | busy[i + 1])
    return Samples(np.asarray(kept), store, sparse.box, sparse.keyframes, np.stack(masks))


def _busy_between_keyframes(times: np.ndarray, changes: np.ndarray) -> np.ndarray:
    """Tiles that changed on their own in half of the keyframe gaps within SPARSE_WINDOW s.

    On their own: in a gap where less than LOCAL_CHANGE of the tiles changed, so that a run
    of quick slide changes does not hide itself.
    """
    share = changes.reshape(len(times), -1).mean(axis=1)
    local = changes & (share < LOCAL_CHANGE)[:, None, None]
    counts = np.concatenate(
        [np.zeros((1, *local.shape[1:]), dtype=np.int32), np.cumsum(local, axis=0, dtype=np.int32)]
    )
    lo = np.searchsorted(times, times - SPARSE_WINDOW, side="left")
    hi = np.searchsorted(times, times + SPARSE_WINDOW, side="right")
    gaps = np.maximum(1, hi - lo - 1)[:, None, None]
    changed = counts[hi] - counts[lo]
    busy: np.ndarray = (changed >= 3) & (2 * changed >= gaps)
    return busy


def _changed(a: np.ndarray, b: np.ndarray, busy: np.ndarray, shape: tuple[int, int]) -> bool:
    keep = ~np.repeat(np.repeat(busy, TILE, axis=0), TILE, axis=1)[: shape[0], : shape[1]]
    moved = (np.abs(a.astype(np.int16) - b) > PIXEL_CHANGE) & keep
    return bool(moved.sum() > STILL_FLOOR * max(1, keep.sum()))
