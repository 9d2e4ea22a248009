"""Reading a video with PyAV: small grey samples for detection, full-size frames on demand.

Detection looks at a few frames a second, each shrunk to a thumbnail by FFmpeg while it
decodes; only the frames chosen as slides are decoded again, at full resolution, by seeking
back to them. Frames no other frame refers to are skipped (most B-frames); ``fast`` decodes
keyframes only, which skips most of the decoding work.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import Location, Problem, RecapdeckError

if TYPE_CHECKING:
    import av
    import av.container
    import av.video.stream
    import numpy as np
    from PIL import Image

DETECT_WIDTH = 128
"""Width of the grey thumbnails that detection compares (the height keeps the aspect)."""


@dataclass(frozen=True)
class VideoInfo:
    """What a video file holds: its picture size, length and frame rate."""

    path: Path
    width: int
    height: int
    duration: float
    fps: float
    codec: str


@dataclass(frozen=True)
class Box:
    """A rectangle of the full-size frame, in pixels."""

    x: int
    y: int
    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.x},{self.y},{self.width},{self.height}"


class FrameStore:
    """Equal-sized grey thumbnails kept in a temporary file, read back by index or slice.

    An hour of samples is about 130 MB of thumbnails; on disk they leave the memory a
    long video needs the same as a short one's. Indexing returns NumPy arrays.
    """

    def __init__(self, height: int, width: int) -> None:
        import tempfile

        # kept open as long as the store lives; close() or garbage collection deletes it
        self._file = tempfile.TemporaryFile(prefix="recapdeck-extract-")  # noqa: SIM115
        self._hw = (height, width)
        self._size = height * width
        self._count = 0

    @property
    def shape(self) -> tuple[int, int, int]:
        return (self._count, *self._hw)

    def __len__(self) -> int:
        return self._count

    def append(self, frame: np.ndarray) -> None:
        self._file.write(frame.astype("uint8", copy=False).tobytes())
        self._count += 1

    def __getitem__(self, index: int | slice | np.ndarray | list[int]) -> np.ndarray:
        import numpy as np

        if isinstance(index, int | np.integer):
            i = int(index) + (self._count if index < 0 else 0)
            if not 0 <= i < self._count:
                raise IndexError(index)
            frame: np.ndarray = self._read(i, 1)[0]
            return frame
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step == 1:
                return self._read(start, max(0, stop - start))
            return np.stack([self[i] for i in range(start, stop, step)])
        return np.stack([self[int(i)] for i in index])

    def _read(self, first: int, count: int) -> np.ndarray:
        import os

        import numpy as np

        self._file.flush()
        data = os.pread(self._file.fileno(), count * self._size, first * self._size)
        return np.frombuffer(data, dtype=np.uint8).reshape(count, *self._hw).copy()

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class Samples:
    """Grey thumbnails of the video at regular times: ``frames[i]`` shows ``times[i]``."""

    times: np.ndarray
    frames: FrameStore
    """uint8 thumbnails, shape (n, height, width)."""
    box: Box
    """The part of the full frame the thumbnails show."""
    keyframes: tuple[float, ...] = ()
    """Times of the keyframes met: a frame taken there is decoded again without the others."""
    busy: np.ndarray | None = None
    """Tiles known to change all the time, per sample (from the keyframes, with ``--fast``)."""


def _problem(path: Path, message: str) -> RecapdeckError:
    return RecapdeckError(Problem(Location(path), message))


def _open(path: Path) -> av.container.InputContainer:
    import av

    if not path.exists():
        raise _problem(path, "no such file; check the path of the video")
    if path.is_dir():
        raise _problem(path, "is a folder, not a video; give the video file")
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.FFmpegError as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise _problem(
            path,
            f"is not a video FFmpeg can read ({reason}); give an .mp4, .mkv, .webm or .mov file",
        ) from None
    except OSError as exc:
        raise _problem(path, f"cannot be read: {exc.strerror or exc}") from None


def _stream(container: av.container.InputContainer, path: Path) -> av.video.stream.VideoStream:
    if not container.streams.video:
        kinds: list[str] = sorted({str(s.type) for s in container.streams}) or ["nothing"]
        container.close()
        raise _problem(
            path,
            f"has no video stream (it holds {', '.join(kinds)}); give the recording with "
            "the picture, not an audio or subtitle file",
        )
    return container.streams.video[0]


def probe(path: Path) -> VideoInfo:
    """Open ``path`` and describe its first video stream; raise RecapdeckError if it has none."""
    container = _open(path)
    try:
        stream = _stream(container, path)
        duration = 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        if duration <= 0 and container.duration:
            duration = container.duration / 1_000_000
        if duration <= 0:
            duration = _decoded_length(container, stream)
        width, height = stream.codec_context.width, stream.codec_context.height
        if not width or not height or duration <= 0:
            raise _problem(path, "holds a video stream without pictures; is the file complete?")
        rate = stream.average_rate or stream.guessed_rate
        return VideoInfo(
            path=path,
            width=width,
            height=height,
            duration=duration,
            fps=float(rate) if rate else 0.0,
            codec=stream.codec_context.name,
        )
    finally:
        container.close()


def _decoded_length(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream
) -> float:
    """The time of the last keyframe, for files whose headers give no duration."""
    stream.codec_context.skip_frame = "NONKEY"
    last = 0.0
    try:
        for frame in container.decode(stream):
            if frame.time is not None:
                last = max(last, frame.time)
    except Exception:  # a damaged tail: what was decoded is what there is
        pass
    return last


def detect_size(box: Box, width: int = DETECT_WIDTH) -> tuple[int, int]:
    """The thumbnail size for ``box``: ``width`` wide, the height a multiple of 8."""
    height = max(8, round(width * box.height / box.width / 8) * 8)
    return width, height


def read_samples(
    info: VideoInfo,
    *,
    start: float,
    end: float,
    rate: float,
    fast: bool,
    box: Box,
    width: int = DETECT_WIDTH,
    progress: Callable[[float, int], None] | None = None,
) -> Samples:
    """Grey thumbnails of ``box`` every ``1/rate`` s from ``start`` to ``end``.

    With ``fast``, every keyframe instead (the others are not even decoded).
    """
    import numpy as np

    tw, th = detect_size(box, width)
    times: list[float] = []
    store = FrameStore(th, tw)
    previous: np.ndarray | None = None
    # For the progress bar only: a rough count of the big changes seen so far.
    changes, moving, reported = 0, False, start
    keyframes: list[float] = []
    samples = iter_samples(
        info, start=start, end=end, rate=rate, fast=fast, box=box, width=width, keys=keyframes
    )
    for t, plane in samples:
        if progress is not None:
            if previous is not None:
                big = (np.abs(plane.astype(np.int16) - previous) > 25).mean() > 0.02
                changes += big and not moving
                moving = bool(big)
            if t - reported >= 5:
                progress(t, changes + 1)
                reported = t
        store.append(plane)
        previous = plane
        times.append(t)
    if not times:
        store.close()
        raise _problem(
            info.path,
            f"no picture could be decoded between {start:.1f} s and {end:.1f} s; "
            "is the file damaged, or the range (--from/--to) empty?",
        )
    return Samples(np.asarray(times, dtype=np.float64), store, box, tuple(keyframes))


def iter_samples(
    info: VideoInfo,
    *,
    start: float,
    end: float,
    rate: float,
    fast: bool,
    box: Box,
    width: int = DETECT_WIDTH,
    keys: list[float] | None = None,
) -> Generator[tuple[float, np.ndarray], None, None]:
    """(time, grey thumbnail of ``box``) every ``1/rate`` s, as :func:`read_samples` keeps them."""
    import numpy as np

    tw, th = detect_size(box, width)
    # Shrink the whole frame so that the box comes out at the thumbnail size, then cut it out.
    sx, sy = tw / box.width, th / box.height
    fw, fh = max(tw, round(info.width * sx)), max(th, round(info.height * sy))
    x0, y0 = min(round(box.x * sx), fw - tw), min(round(box.y * sy), fh - th)
    found = keys if keys is not None else []
    for t, frame in _frames(info, start=start, end=end, rate=rate, fast=fast, keys=found):
        small = frame.reformat(width=fw, height=fh, format="gray", interpolation="AREA")
        yield t, np.ascontiguousarray(small.to_ndarray()[y0 : y0 + th, x0 : x0 + tw])


def _frames(
    info: VideoInfo,
    *,
    start: float,
    end: float,
    rate: float,
    fast: bool,
    keys: list[float],
) -> Iterator[tuple[float, av.VideoFrame]]:
    """Decoded frames about ``1/rate`` s apart (every keyframe if fast), as (time, frame).

    The times of the keyframes decoded are added to ``keys``.
    """
    import av

    container = _open(info.path)
    try:
        stream = _stream(container, info.path)
        stream.thread_type = "AUTO"
        # Pictures no other picture refers to (most B-frames) need not be decoded when only a
        # few samples a second are wanted: that halves the work on typical H.264.
        skip: Literal["NONREF", "DEFAULT"] = "NONREF" if info.fps >= 2 * rate else "DEFAULT"
        stream.codec_context.skip_frame = "NONKEY" if fast else skip
        if start > 0:
            container.seek(int(start * 1_000_000), backward=True)
        step = 1.0 / rate
        due = start
        try:
            for frame in container.decode(stream):
                t = frame.time
                if t is not None and frame.key_frame and start - 1e-3 <= t <= end:
                    keys.append(t)
                if t is None or (t < due - step / 2 and not fast):
                    continue
                if t < start - 1e-3:
                    continue
                if t > end:
                    break
                while due <= t + step / 2:
                    due += step
                yield t, frame
        except av.FFmpegError as exc:
            raise _problem(
                info.path, f"cannot be decoded past {due:.1f} s ({exc}); is the file complete?"
            ) from None
    finally:
        container.close()


def full_frames(
    info: VideoInfo, times: list[float], box: Box
) -> Iterator[tuple[float, Image.Image]]:
    """Full-resolution RGB pictures of ``box`` at ``times``, one at a time, in time order.

    Frames close together are decoded on from the last one; farther ones are sought.
    """
    import av

    wanted = sorted(set(times))
    container = _open(info.path)
    try:
        stream = _stream(container, info.path)
        stream.thread_type = "AUTO"
        # Each time lies inside a steady picture, so the first frame at or after it that other
        # frames refer to shows the same: the others (most B-frames) need not be decoded.
        if info.fps >= 8:
            stream.codec_context.skip_frame = "NONREF"
        decoder: Iterator[av.VideoFrame] | None = None
        position = -1.0
        last = None
        for t in wanted:
            # Decode on from where we are when the next frame is close; else seek back to it.
            if decoder is None or t < position or t - position > 4.0:
                # the keyframe at or before t: t itself when the time is a keyframe's
                container.seek(int(t * 1_000_000) + 1, backward=True)
                decoder = container.decode(stream)
                last = None
            chosen = None
            for frame in decoder:
                if frame.time is None:
                    continue
                position = frame.time
                if frame.time + 1e-3 >= t:
                    chosen = frame
                    break
                last = frame
            chosen = chosen or last
            if chosen is None:
                raise _problem(info.path, f"no picture could be decoded at {t:.2f} s")
            image = chosen.to_image()
            crop = (box.x, box.y, box.x + box.width, box.y + box.height)
            yield t, (image if crop == (0, 0, *image.size) else image.crop(crop))
    except av.FFmpegError as exc:
        raise _problem(info.path, f"cannot be decoded ({exc}); is the file complete?") from None
    finally:
        container.close()
