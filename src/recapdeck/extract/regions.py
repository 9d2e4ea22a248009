"""Regions of the picture: the ones that change all the time, and the box that holds the slides.

A picture-in-picture speaker, a caption band or a clock changes on its own, many times a
minute, while the slide behind it stays; a slide change moves most of the picture at once.
:func:`busy_tiles` finds the tiles of the first kind so that detection ignores them.
:func:`find_slide_box` finds, for ``--region auto``, the steady rectangle that holds the
slides when they fill only part of the frame (a stage shot, a conference layout).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import RecapdeckError
from .decode import Box, FrameStore

TILE = 8
"""Side of a detection tile, in thumbnail pixels."""
PIXEL_CHANGE = 25
"""A thumbnail pixel whose grey level moves by more than this has changed."""
BUSY_WINDOW = 15.0
"""Seconds on either side over which a tile's changes are counted."""
BUSY_SHARE = 0.06
"""A tile that changes on its own in more than this share of the samples is ignored."""
LOCAL_CHANGE = 0.4
"""A change touching less than this share of the tiles is local (not a slide change)."""


@dataclass(frozen=True)
class Ignore:
    """Pixels of the thumbnails that detection leaves out, per sample."""

    tiles: np.ndarray
    """bool, shape (n, tiles down, tiles across): True where the tile is ignored."""

    def pixels(self, index: int | slice, shape: tuple[int, int]) -> np.ndarray:
        """The ignored thumbnail pixels at sample ``index`` (or any sample in a slice)."""
        tiles = np.asarray(self.tiles[index])
        if tiles.ndim == 3:
            tiles = np.asarray(tiles.any(axis=0))
        full = np.repeat(np.repeat(tiles, TILE, axis=0), TILE, axis=1)
        return full[: shape[0], : shape[1]]


def tile_changes(frames: FrameStore) -> np.ndarray:
    """For each sample and tile, whether the tile changed since the previous sample.

    A tile has changed when at least three of its pixels moved by more than PIXEL_CHANGE.
    """
    n, h, w = frames.shape
    ty, tx = -(-h // TILE), -(-w // TILE)
    out = np.zeros((n, ty, tx), dtype=bool)
    for i in range(1, n):
        moved = np.abs(frames[i].astype(np.int16) - frames[i - 1]) > PIXEL_CHANGE
        padded = np.zeros((ty * TILE, tx * TILE), dtype=np.uint8)
        padded[:h, :w] = moved
        counts = padded.reshape(ty, TILE, tx, TILE).sum(axis=(1, 3))
        out[i] = counts >= 3
    return out


def busy_tiles(
    times: np.ndarray,
    changes: np.ndarray,
    manual: np.ndarray | None = None,
    *,
    rate: float,
    extra: np.ndarray | None = None,
) -> Ignore:
    """The tiles to ignore at each sample: busy on their own nearby in time, or ``manual``.

    The share of changes is taken over the samples a window of ``rate`` samples a second
    would hold, so that where samples are sparse (between keyframes with ``--fast``) one slide
    change does not look busy; ``extra`` (per sample) marks what is known busy there.
    """
    n = len(times)
    share = changes.reshape(n, -1).mean(axis=1)
    local = changes & (share < LOCAL_CHANGE)[:, None, None]
    # Count each tile's local changes in a window of +-BUSY_WINDOW s (cumulative sums).
    counts = np.concatenate(
        [np.zeros((1, *local.shape[1:]), dtype=np.int32), np.cumsum(local, axis=0, dtype=np.int32)]
    )
    lo = np.searchsorted(times, times - BUSY_WINDOW, side="left")
    hi = np.searchsorted(times, times + BUSY_WINDOW, side="right")
    span = times[np.maximum(lo, hi - 1)] - times[lo]
    expected = np.maximum(np.maximum(1, hi - lo), np.round(span * rate))
    busy = (counts[hi] - counts[lo]) > BUSY_SHARE * expected[:, None, None]
    if extra is not None:
        busy |= extra
    # A moving picture-in-picture also touches the tiles around it now and then.
    grown = busy.copy()
    grown[:, 1:, :] |= busy[:, :-1, :]
    grown[:, :-1, :] |= busy[:, 1:, :]
    grown[:, :, 1:] |= busy[:, :, :-1]
    grown[:, :, :-1] |= busy[:, :, 1:]
    if manual is not None:
        grown |= manual[None, :, :]
    return Ignore(grown)


def manual_tiles(regions: list[Box], frame: Box, shape: tuple[int, int]) -> np.ndarray:
    """The tiles touched by the ``--ignore`` boxes (in video pixels) in thumbnails of ``frame``."""
    h, w = shape
    ty, tx = -(-h // TILE), -(-w // TILE)
    out = np.zeros((ty, tx), dtype=bool)
    sx, sy = w / frame.width, h / frame.height
    for r in regions:
        x0 = max(0.0, (r.x - frame.x) * sx)
        y0 = max(0.0, (r.y - frame.y) * sy)
        x1 = min(float(w), (r.x + r.width - frame.x) * sx)
        y1 = min(float(h), (r.y + r.height - frame.y) * sy)
        if x1 <= x0 or y1 <= y0:
            continue
        out[int(y0 // TILE) : int(-(-y1 // TILE)), int(x0 // TILE) : int(-(-x1 // TILE))] = True
    return out


# --- the slide box for --region auto --------------------------------------------------------

MIN_AREA = 0.12
"""A slide box covers at least this share of the frame."""
ASPECTS = (1.15, 2.1)
"""Width / height of a slide box: from a little under 4:3 to a little over 16:9."""


def find_slide_box(frames: np.ndarray, frame: Box) -> Box:
    """The steady rectangle that holds the slides, in full-frame pixels; raise if none fits.

    The slides are where the typical picture (the per-pixel median, which removes people
    walking by) stands out from the surround, or where the picture changes together at the
    slide changes. The box is the longest run of rows and of columns mostly covered by those.
    """
    n, h, w = frames.shape
    median = np.median(frames, axis=0)
    edge = np.concatenate([median[0], median[-1], median[:, 0], median[:, -1]])
    surround = float(np.median(edge))
    content = np.abs(median - surround) > 30
    if n > 2:
        diffs = np.abs(np.diff(frames.astype(np.int16), axis=0)) > PIXEL_CHANGE
        share = diffs.reshape(n - 1, -1).mean(axis=1)
        together = diffs[share > 0.05]
        if len(together):
            content |= together.mean(axis=0) > 0.3
    rows = _longest_run(content.mean(axis=1) > 0.35)
    cols = _longest_run(content[rows[0] : rows[1]].mean(axis=0) > 0.35) if rows else None
    if rows is None or cols is None:
        raise RecapdeckError(
            "--region auto found no area where slides are shown; "
            "pass the box by hand: --region X,Y,W,H (in pixels of the video)"
        )
    sx, sy = frame.width / w, frame.height / h
    box = Box(
        frame.x + round(cols[0] * sx),
        frame.y + round(rows[0] * sy),
        round((cols[1] - cols[0]) * sx),
        round((rows[1] - rows[0]) * sy),
    )
    check_slide_box(box, frame, found=True)
    return box


def check_slide_box(box: Box, frame: Box, *, found: bool) -> None:
    """Refuse a box that cannot hold slides: too small, the wrong shape, or outside the frame."""
    how = "--region auto found" if found else "--region is"
    fix = (
        "pass the box by hand: --region X,Y,W,H (in pixels of the video)"
        if found
        else "give X,Y,W,H in pixels of the video"
    )
    if box.width <= 0 or box.height <= 0:
        raise RecapdeckError(f"{how} an empty box ({box}); {fix}")
    if (
        box.x < 0
        or box.y < 0
        or box.x + box.width > frame.width
        or box.y + box.height > frame.height
    ):
        raise RecapdeckError(
            f"{how} {box}, which reaches outside the {frame.width}x{frame.height} video; {fix}"
        )
    area = box.width * box.height / (frame.width * frame.height)
    aspect = box.width / box.height
    if area < MIN_AREA:
        raise RecapdeckError(
            f"{how} {box}: {area:.0%} of the frame, too small to hold readable slides "
            f"(at least {MIN_AREA:.0%}); {fix}"
        )
    if not ASPECTS[0] <= aspect <= ASPECTS[1]:
        raise RecapdeckError(
            f"{how} {box}: {aspect:.2f} times as wide as high, which is not a slide's shape "
            f"(4:3 is 1.33, 16:9 is 1.78); {fix}"
        )


def _longest_run(mask: np.ndarray) -> tuple[int, int] | None:
    """(first, past last) of the longest run of True in ``mask``, or None."""
    best: tuple[int, int] | None = None
    start = None
    for i, value in enumerate([*mask.tolist(), False]):
        if value and start is None:
            start = i
        elif not value and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best


def refine_box(picture: np.ndarray, rough: Box, slack: int) -> Box:
    """``rough`` with each edge moved (by up to ``slack`` pixels) onto the strongest edge.

    ``picture`` is a full-size grey picture (the median of a few frames); the edges of the
    slide are where the picture steps from the surround to the slide.
    """
    img = picture.astype(np.float32)
    h, w = img.shape
    x0, y0, x1, y1 = rough.x, rough.y, rough.x + rough.width, rough.y + rough.height
    band_y = slice(y0 + rough.height // 4, y0 + 3 * rough.height // 4)
    band_x = slice(x0 + rough.width // 4, x0 + 3 * rough.width // 4)
    cols = np.abs(np.diff(img[band_y], axis=1)).mean(axis=0)  # cols[k]: between k and k+1
    rows = np.abs(np.diff(img[:, band_x], axis=0)).mean(axis=1)

    def best(profile: np.ndarray, edge: int, limit: int) -> int:
        lo, hi = max(1, edge - slack), min(limit - 1, edge + slack)
        if hi <= lo:
            return edge
        return lo + int(np.argmax(profile[lo - 1 : hi])) if profile[lo - 1 : hi].size else edge

    nx0, nx1 = best(cols, x0, w), best(cols, x1, w)
    ny0, ny1 = best(rows, y0, h), best(rows, y1, h)
    if nx1 - nx0 < rough.width * 0.9 or ny1 - ny0 < rough.height * 0.9:
        return rough
    return Box(nx0, ny0, nx1 - nx0, ny1 - ny0)
