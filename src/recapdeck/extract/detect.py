"""Finding the slides in the samples: steady pictures, builds, and slides shown again.

Each pair of neighbouring samples gets a change score: the share of the pixels (outside the
ignored tiles) that moved. A sample is *still* when its score is below an adaptive threshold
(the median of the scores around it plus a multiple of their median absolute deviation), so
compression noise and a wandering pointer do not count while any real change does. A run of
still samples that lasts long enough is a steady picture; fades, wipes and flashes are never
steady, so they never become slides. Consecutive steady pictures are then compared: the same
picture continues the slide, a picture that only adds to the previous one (new pixels where
there was background) is a build step of it, a picture seen before brings an earlier slide
back (``also_shown``; one step further when it was left mid-build), anything else is a new
slide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .decode import FrameStore, Samples
from .regions import PIXEL_CHANGE, Ignore, busy_tiles, tile_changes

MIN_STEADY = 0.7
"""A picture must hold this many seconds to be a slide (flashes and fades are shorter)."""
SAME = 0.004
"""Two pictures differing in at most this share of their pixels are the same picture."""
STILL_FLOOR = 0.002
"""Scores at or below this share of moved pixels are always still."""
STILL_CEILING = 0.02
"""Scores above this share are never still, however noisy the video around them."""
MAD_FACTOR = 6.0
WINDOW = 30.0
"""Seconds on either side over which the median and MAD of the scores are taken."""


@dataclass(frozen=True)
class Run:
    """Samples ``first``..``last`` (inclusive) showing one steady picture."""

    first: int
    last: int


@dataclass
class _State:
    """One build step of a slide: the picture and the runs that showed it."""

    picture: np.ndarray
    ignored: np.ndarray
    runs: list[Run] = field(default_factory=list)


@dataclass
class _Slide:
    states: list[_State]
    showings: list[tuple[int, int]]
    """(first sample of the change that brought it, last sample) for each time on screen."""


@dataclass(frozen=True)
class Found:
    """A distinct slide: when it was on screen and which sample shows its fullest step."""

    showings: tuple[tuple[float, float], ...]
    """(start, end) in seconds; the first is when it first appeared, the rest are returns."""
    frame_time: float
    """The time of the frame to extract: in the longest steady run of its last step (its middle,
    or a keyframe near it)."""
    builds: int
    """Build steps after the first picture (0 when the slide appeared all at once)."""
    step_times: tuple[float, ...]
    """The frame time of every step, first to last (for --keep-builds)."""
    step_starts: tuple[float, ...]
    also_frames: tuple[float, ...] = ()
    """Two more keyframes of the same steady picture, when it holds three: the PNG is their
    per-pixel median with ``frame_time``'s, which removes a pointer that moves meanwhile."""


def scores(frames: FrameStore, ignore: Ignore) -> np.ndarray:
    """The share of non-ignored pixels that moved since the previous sample (0 for the first)."""
    n, h, w = frames.shape
    out = np.zeros(n)
    for i in range(1, n):
        keep = ~(ignore.pixels(i, (h, w)) | ignore.pixels(i - 1, (h, w)))
        moved = np.abs(frames[i].astype(np.int16) - frames[i - 1]) > PIXEL_CHANGE
        out[i] = (moved & keep).sum() / max(1, keep.sum())
    return out


def still_threshold(times: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Per sample: median + MAD_FACTOR x MAD of the scores within WINDOW s, within bounds."""
    lo = np.searchsorted(times, times - WINDOW, side="left")
    hi = np.searchsorted(times, times + WINDOW, side="right")
    out = np.empty(len(times))
    # The window moves slowly: recompute it every few samples only.
    stride = 8
    for i in range(0, len(times), stride):
        window = score[lo[i] : hi[i]]
        med = float(np.median(window))
        mad = float(np.median(np.abs(window - med))) * 1.4826
        out[i : i + stride] = med + MAD_FACTOR * mad
    return np.clip(out, STILL_FLOOR, STILL_CEILING)


def steady_runs(times: np.ndarray, still: np.ndarray, min_seconds: float) -> list[Run]:
    """Runs of samples each still against the one before, lasting at least ``min_seconds``."""
    runs = []
    start = 0
    n = len(times)
    for i in range(1, n + 1):
        if i == n or not still[i]:
            if times[i - 1] - times[start] >= min_seconds - 1e-6:
                runs.append(Run(start, i - 1))
            start = i
    return runs


def difference(a: np.ndarray, b: np.ndarray, ignored: np.ndarray) -> float:
    """The share of the non-ignored pixels that differ between pictures ``a`` and ``b``."""
    keep = ~ignored
    moved = np.abs(a.astype(np.int16) - b) > PIXEL_CHANGE
    return float((moved & keep).sum() / max(1, keep.sum()))


def is_build(before: np.ndarray, after: np.ndarray, ignored: np.ndarray) -> bool:
    """Whether ``after`` only adds to ``before``: new marks drawn where it showed background."""
    keep = ~ignored
    moved = (np.abs(after.astype(np.int16) - before) > PIXEL_CHANGE) & keep
    count = int(moved.sum())
    if count == 0 or count > 0.25 * keep.sum():
        return False
    values = before[keep]
    background = int(np.bincount(values // 8, minlength=32).argmax()) * 8 + 4
    was_empty = np.abs(before.astype(np.int16) - background) <= 20
    now_empty = np.abs(after.astype(np.int16) - background) <= 20
    added = int((moved & was_empty & ~now_empty).sum())
    removed = int((moved & ~was_empty & now_empty).sum())
    return added >= 0.7 * count and removed <= 0.1 * count


def _picture(frames: FrameStore, run: Run) -> np.ndarray:
    """The run's picture: the per-pixel median of up to five of its samples (drops a pointer)."""
    picks = np.unique(np.linspace(run.first, run.last, num=5).round().astype(int))
    picture: np.ndarray = np.median(frames[picks], axis=0).astype(np.uint8)
    return picture


def find_slides(
    samples: Samples,
    *,
    manual: np.ndarray | None = None,
    min_steady: float = MIN_STEADY,
    end: float | None = None,
    rate: float = 4.0,
) -> list[Found]:
    """The distinct slides in ``samples``, in order of first appearance."""
    times, frames = samples.times, samples.frames
    h, w = frames.shape[1:]
    ignore = busy_tiles(times, tile_changes(frames), manual, rate=rate, extra=samples.busy)
    score = scores(frames, ignore)
    still = score <= still_threshold(times, score)
    runs = [
        r
        for r in steady_runs(times, still, min_steady)
        if not _blank(frames[(r.first + r.last) // 2])
    ]
    runs = [
        r
        for k, r in enumerate(runs)
        if not (0 < k < len(runs) - 1 and r.first == r.last and _blend(frames, runs, k))
    ]
    slides: list[_Slide] = []
    current: _Slide | None = None
    before: _Slide | None = None  # the slide shown before the current one
    previous_last = -1
    for run in runs:
        picture = _picture(frames, run)
        ignored = ignore.pixels(slice(run.first, run.last + 1), (h, w))
        # a change starts right after the previous steady picture; the first slide at the start
        change_start = previous_last + 1 if previous_last >= 0 else 0
        previous_last = run.last
        if current is not None:
            state = current.states[-1]
            both = ignored | state.ignored
            if difference(state.picture, picture, both) <= SAME:
                state.runs.append(run)
                current.showings[-1] = (current.showings[-1][0], run.last)
                continue
            if is_build(state.picture, picture, both):
                current.states.append(_State(picture, ignored, [run]))
                current.showings[-1] = (current.showings[-1][0], run.last)
                continue
        earlier = _shown_before(slides, picture, ignored, skip=current)
        if earlier is not None:
            slide, step = earlier
            slide.states[step].runs.append(run)
            slide.showings.append((change_start, run.last))
            before, current = current, slide
            continue
        if _built_on(before, picture, ignored):
            # back to the slide before, one build step further than it was left; only that
            # one: on a low-resolution picture, another slide of the same layout with a
            # longer title can look like a build of an unrelated slide
            assert before is not None
            before.states.append(_State(picture, ignored, [run]))
            before.showings.append((change_start, run.last))
            before, current = current, before
            continue
        before, current = (
            current,
            _Slide([_State(picture, ignored, [run])], [(change_start, run.last)]),
        )
        slides.append(current)
    keys = samples.keyframes
    return [_found(slide, times, end, keys) for slide in _with_ends(slides, len(times))]


def _blend(frames: FrameStore, runs: list[Run], k: int) -> bool:
    """Whether the lone sample of ``runs[k]`` is a mix of its neighbours (caught mid-fade).

    Only with ``--fast``, where one keyframe makes a run, can a fade be caught; a build
    step shows each pixel as one neighbour or the other, a fade shows them in between.
    """
    a = frames[runs[k - 1].last].astype(np.int16)
    b = frames[runs[k + 1].first].astype(np.int16)
    x = frames[runs[k].first].astype(np.int16)
    apart = np.abs(a - b) > 2 * PIXEL_CHANGE
    if apart.sum() < 0.01 * a.size:
        return False
    between = (np.abs(x - a) > PIXEL_CHANGE) & (np.abs(x - b) > PIXEL_CHANGE) & apart
    return bool(between.sum() > 0.5 * apart.sum())


def _blank(frame: np.ndarray) -> bool:
    """A picture of one flat colour (a black or white screen) is not a slide."""
    return float(frame.std()) < 2.0


def _shown_before(
    slides: list[_Slide], picture: np.ndarray, ignored: np.ndarray, skip: _Slide | None
) -> tuple[_Slide, int] | None:
    """The earlier slide (and step) showing ``picture``, the closest if several."""
    best = None
    best_diff = SAME * 2
    for slide in slides:
        if slide is skip:
            continue
        for k, state in enumerate(slide.states):
            diff = difference(state.picture, picture, ignored | state.ignored)
            if diff <= best_diff:
                best, best_diff = (slide, k), diff
    return best


def _built_on(slide: _Slide | None, picture: np.ndarray, ignored: np.ndarray) -> bool:
    """Whether ``picture`` only adds to the last step of ``slide``."""
    if slide is None:
        return False
    state = slide.states[-1]
    return is_build(state.picture, picture, ignored | state.ignored)


def _with_ends(slides: list[_Slide], n: int) -> list[_Slide]:
    """Each showing ends where the next one (of any slide) begins, the last at the end."""
    starts = sorted(s for slide in slides for s, _ in slide.showings)
    for slide in slides:
        ended = []
        for first, _ in slide.showings:
            later = [s for s in starts if s > first]
            ended.append((first, later[0] if later else n))
        slide.showings = ended
    return slides


def _found(
    slide: _Slide, times: np.ndarray, end: float | None, keyframes: tuple[float, ...]
) -> Found:
    n = len(times)
    stop = end if end is not None else float(times[-1])

    def at(index: int) -> float:
        return float(times[index]) if index < n else stop

    def inside(state: _State) -> tuple[float, list[float]]:
        """The middle of the state's longest run, and the keyframes well inside it."""
        run = max(state.runs, key=lambda r: (times[r.last] - times[r.first], -r.first))
        a, b = float(times[run.first]), float(times[run.last])
        return (a + b) / 2, [k for k in keyframes if a + 0.25 <= k <= b - 0.25]

    def middle(state: _State) -> float:
        # A keyframe well inside the run shows the same picture and decodes on its own.
        mid, keys = inside(state)
        return min(keys, key=lambda k: abs(k - mid)) if keys else mid

    def others(state: _State) -> tuple[float, ...]:
        _, keys = inside(state)
        if len(keys) < 3:
            return ()
        chosen = middle(state)
        rest = [k for k in keys if k != chosen]
        return (rest[0], rest[-1])

    return Found(
        showings=tuple((at(a), at(b)) for a, b in slide.showings),
        frame_time=middle(slide.states[-1]),
        builds=len(slide.states) - 1,
        step_times=tuple(middle(state) for state in slide.states),
        step_starts=tuple(at(state.runs[0].first) for state in slide.states),
        also_frames=others(slide.states[-1]),
    )
