"""Keynote-like H.264 videos whose truth is known, for the extract tests and ``bench/``.

A video is a timeline of :class:`Show` entries (a slide, or one build step of it, on screen
for some seconds, entering by a cut or a fade) plus overlays drawn on every frame: a moving,
noisy picture-in-picture speaker, a caption band whose text changes every two seconds, a
moving pointer, white flashes, and stage-shot spans where the slide is scaled into a dark
frame with a moving figure. :func:`render_video` writes the video and returns the
:class:`Truth`: when each distinct slide changed, which picture is each slide's fullest
step, and what was said while it was on screen (also written as rolling WebVTT captions).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

_WORDS_TEXT = (
    "graviton silicon network storage inference training cluster region latency throughput "
    "capacity reliability scale server memory bandwidth fabric protocol customer workload "
    "service launch preview faster cheaper simpler nitro chip power cooling rack"
)
_WORDS = tuple(_WORDS_TEXT.split())
_PALETTE = [
    (250, 250, 248), (18, 32, 58), (236, 242, 250), (35, 35, 40), (255, 246, 232),
    (12, 60, 70), (245, 245, 245), (60, 20, 70), (230, 250, 236), (25, 25, 25),
]  # fmt: skip


@dataclass(frozen=True)
class Show:
    """One picture on screen: ``slide`` with its first ``step`` bullets (0: all of them)."""

    slide: int
    seconds: float
    enter: str = "cut"  # "cut" or "fade"
    step: int = 0
    fade: float = 0.8


@dataclass(frozen=True)
class Spec:
    """Everything a generated video holds; times in seconds."""

    shows: tuple[Show, ...]
    width: int = 1280
    height: int = 720
    fps: float = 10.0
    variable_fps: bool = False
    pip: bool = False
    captions_band: bool = False
    pointer: bool = False
    flashes: tuple[float, ...] = ()
    stage: tuple[tuple[float, float], ...] = ()
    stage_only: bool = False
    bullets: int = 4
    seed: int = 1
    slide_images: tuple[Path, ...] = ()
    preset: str = "ultrafast"
    gop: int = 250


@dataclass(frozen=True)
class Truth:
    """What an ideal extractor finds in a generated video."""

    duration: float
    transitions: tuple[float, ...]
    """Times at which a different slide starts to appear (not build steps, not flashes)."""
    order: tuple[int, ...]
    """Distinct slides in order of first appearance."""
    images: dict[int, Image.Image] = field(hash=False)
    """Each slide's fullest build step, at the video's size (the slide area for stage-only)."""
    showings: tuple[tuple[int, float, float], ...]
    """(slide, start, end) for each time a different slide came on screen."""
    speech: dict[int, list[str]] = field(hash=False)
    """Words said while each slide was on screen."""
    captions: Path | None = None
    stage_box: tuple[int, int, int, int] | None = None


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Carlito-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def draw_slide(n: int, step: int, size: tuple[int, int], bullets: int) -> Image.Image:
    """Slide ``n`` showing its first ``step`` bullets (0: all), drawn at ``size``."""
    w, h = size
    rng = random.Random(n * 7919)
    bg = _PALETTE[n % len(_PALETTE)]
    dark = sum(bg) < 300
    ink = (240, 240, 240) if dark else (20, 24, 32)
    accent = ((n * 67) % 200 + 40, (n * 131) % 200 + 30, (n * 29) % 200 + 50)
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    s = w / 1280
    d.rectangle([0, 0, w, int(12 * s)], fill=accent)
    title = f"{n + 1}. " + " ".join(rng.choice(_WORDS).capitalize() for _ in range(3))
    d.text((int(60 * s), int(50 * s)), title, font=_font(int(54 * s)), fill=ink)
    shown = bullets if step == 0 else min(step, bullets)
    body = _font(int(34 * s))
    for i in range(shown):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 6)))
        y = int((180 + i * 80) * s)
        d.ellipse([int(70 * s), y + int(12 * s), int(86 * s), y + int(28 * s)], fill=accent)
        d.text((int(110 * s), y), words, font=body, fill=ink)
    # a picture whose place and shape differ from slide to slide
    kind = n % 3
    x0, y0 = int((820 + (n % 4) * 25) * s), int((200 + (n % 5) * 30) * s)
    x1, y1 = x0 + int(340 * s), y0 + int(260 * s)
    if kind == 0:
        for i in range(6):
            bh = rng.randint(40, 250)
            d.rectangle([x0 + i * 55 * s, y1 - bh * s, x0 + (i * 55 + 40) * s, y1], fill=accent)
    elif kind == 1:
        d.ellipse([x0, y0, x1, y1], outline=accent, width=int(10 * s))
        d.ellipse([x0 + 70 * s, y0 + 60 * s, x1 - 70 * s, y1 - 60 * s], fill=accent)
    else:
        d.rectangle([x0, y0, x1, y1], fill=accent)
        d.line([x0, y1, x1, y0], fill=bg, width=int(12 * s))
    d.text((int(60 * s), int(h - 60 * s)), f"page {n + 1}", font=_font(int(22 * s)), fill=ink)
    return img


def _load_page(path: Path, size: tuple[int, int]) -> Image.Image:
    with Image.open(path) as page:
        return page.convert("RGB").resize(size, Image.Resampling.LANCZOS)


@dataclass
class _Timeline:
    starts: list[float]
    shows: list[Show]

    def at(self, t: float) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= t:
                lo = mid
            else:
                hi = mid - 1
        return lo


def _speech(spec: Spec, starts: list[float], duration: float) -> list[tuple[float, float, str]]:
    """A phrase every two seconds: (start, end, text), the words chosen from a seeded list."""
    rng = random.Random(spec.seed * 31)
    phrases = []
    t = 0.0
    k = 0
    while t < duration - 0.5:
        end = min(t + 2.0, duration)
        words = " ".join(rng.choice(_WORDS) for _ in range(5))
        phrases.append((t, end, f"{words} w{k}"))
        t = end
        k += 1
    return phrases


def _vtt_time(t: float) -> str:
    ms = round(t * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def write_rolling_vtt(path: Path, phrases: list[tuple[float, float, str]]) -> None:
    """Write ``phrases`` as YouTube-style rolling auto-captions (repeated lines, inline tags)."""
    lines = ["WEBVTT", "Kind: captions", "Language: en", ""]
    previous = ""
    for start, end, text in phrases:
        words = text.split()
        tagged = words[0] + "".join(
            f"<{_vtt_time(start + (i + 1) * (end - start) / (len(words) + 1))}><c> {w}</c>"
            for i, w in enumerate(words[1:])
        )
        # the cue that shows the new line word by word under the previous one ...
        lines += [f"{_vtt_time(start)} --> {_vtt_time(end - 0.01)} align:start position:0%"]
        lines += [previous or " ", tagged, ""]
        # ... and the 10 ms cue that repeats it as plain text
        lines += [f"{_vtt_time(end - 0.01)} --> {_vtt_time(end)} align:start position:0%"]
        lines += [text, " ", ""]
        previous = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def render_video(path: Path, spec: Spec, *, captions: Path | None = None) -> Truth:
    """Write the video of ``spec`` to ``path`` (and rolling captions); return its truth."""
    size = (spec.width, spec.height)
    if spec.stage_only:
        box = _stage_box(size)
        slide_size = (box[2], box[3])
    else:
        box = None
        slide_size = size
    pictures: dict[tuple[int, int], np.ndarray] = {}
    fullest: dict[int, Image.Image] = {}

    def picture(show: Show) -> np.ndarray:
        key = (show.slide, show.step)
        if key not in pictures:
            if spec.slide_images:
                img = _load_page(spec.slide_images[show.slide % len(spec.slide_images)], size)
            else:
                img = draw_slide(show.slide, show.step, size, spec.bullets)
            pictures[key] = np.asarray(img, dtype=np.uint8)
        return pictures[key]

    starts, t = [], 0.0
    for show in spec.shows:
        starts.append(t)
        t += show.seconds
    duration = t
    line = _Timeline(starts, list(spec.shows))
    for show in spec.shows:
        whole = Show(show.slide, 1, step=0)
        full = Image.fromarray(picture(whole))
        fullest[show.slide] = full.resize(slide_size, Image.Resampling.LANCZOS) if box else full
    transitions, showings, order = [], [], []
    current = None
    for start, show in zip(starts, spec.shows, strict=True):
        if show.slide != current:
            if showings:
                showings[-1] = (showings[-1][0], showings[-1][1], start)
            showings.append((show.slide, start, duration))
            if current is not None:
                transitions.append(start)
            if show.slide not in order:
                order.append(show.slide)
            current = show.slide
    phrases = _speech(spec, starts, duration)
    speech: dict[int, list[str]] = {}
    for p_start, _, text in phrases:
        slide = spec.shows[line.at(p_start + 0.01)].slide
        speech.setdefault(slide, []).extend(text.split())
    if captions is not None:
        write_rolling_vtt(captions, phrases)

    rng = np.random.default_rng(spec.seed)
    times = _frame_times(spec, duration)
    container = av.open(str(path), "w")
    stream = container.add_stream("libx264", rate=Fraction(spec.fps).limit_denominator(1000))
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.codec_context.time_base = Fraction(1, 1000)
    stream.options = {"preset": spec.preset, "crf": "23", "g": str(spec.gop)}
    band_font = _font(max(16, spec.height // 24))
    bands: dict[int, np.ndarray] = {}
    for t in times:
        i = line.at(t)
        show = spec.shows[i]
        frame = picture(show).astype(np.float32)
        if show.enter == "fade" and i > 0 and t - starts[i] < show.fade:
            a = (t - starts[i]) / show.fade
            frame = (1 - a) * picture(spec.shows[i - 1]).astype(np.float32) + a * frame
        frame = frame.astype(np.uint8)
        in_stage = spec.stage_only or any(a <= t < b for a, b in spec.stage)
        if in_stage:
            frame = _stage(frame, t, size)
        if spec.pip:
            frame = _pip(frame, t, rng)
        if spec.captions_band:
            k = int(t // 2)
            if k not in bands:
                bands[k] = _band(k, size, band_font, spec.seed)
            hb = bands[k].shape[0]
            frame[-hb - 10 : -10, :] = bands[k]
        if spec.pointer:
            _pointer(frame, t)
        if any(f <= t < f + 0.2 for f in spec.flashes):
            frame = np.full_like(frame, 255)
        vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="rgb24")
        vf.pts = round(t * 1000)
        vf.time_base = Fraction(1, 1000)
        for packet in stream.encode(vf):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return Truth(
        duration=duration,
        transitions=tuple(transitions),
        order=tuple(order),
        images=fullest,
        showings=tuple(showings),
        speech=speech,
        captions=captions,
        stage_box=box,
    )


def _frame_times(spec: Spec, duration: float) -> list[float]:
    step = 1 / spec.fps
    if not spec.variable_fps:
        return [k * step for k in range(int(duration * spec.fps))]
    rng = random.Random(spec.seed)
    times, t = [], 0.0
    while t < duration - 1e-6:
        times.append(round(t, 3))
        t += step * rng.choice((0.5, 1.0, 1.0, 1.5, 2.0))
    return times


def _stage_box(size: tuple[int, int]) -> tuple[int, int, int, int]:
    w, h = size
    bw = int(w * 0.56) // 2 * 2
    bh = bw * 9 // 16 // 2 * 2
    return (int(w * 0.08), int(h * 0.1), bw, bh)


def _stage(frame: np.ndarray, t: float, size: tuple[int, int]) -> np.ndarray:
    """The slide scaled into a dark stage frame, with a figure walking across the floor."""
    w, h = size
    x, y, bw, bh = _stage_box(size)
    out = np.full((h, w, 3), 22, dtype=np.uint8)
    out[int(h * 0.8) :, :] = 40  # the stage floor
    small = Image.fromarray(frame).resize((bw, bh), Image.Resampling.BILINEAR)
    out[y : y + bh, x : x + bw] = np.asarray(small)
    fx = int((0.5 + 0.4 * math.sin(t * 0.7)) * (w - w // 12))
    fy, fw, fh = int(h * 0.55), w // 24, int(h * 0.4)
    out[fy : fy + fh, fx : fx + fw] = (150, 110, 90)
    out[fy - fw : fy, fx : fx + fw] = (200, 160, 140)
    return out


def _pip(frame: np.ndarray, t: float, rng: np.random.Generator) -> np.ndarray:
    """A speaker box in the lower right, drifting and noisy, as live video is."""
    h, w = frame.shape[:2]
    pw, ph = w // 5, h // 5
    x = int(w - pw - 20 - 30 * (1 + math.sin(t * 0.9)))
    y = int(h - ph - 60 - 20 * (1 + math.cos(t * 0.6)))
    noise = rng.integers(60, 180, size=(ph // 4, pw // 4, 3), dtype=np.uint8)
    box = np.asarray(Image.fromarray(noise).resize((pw, ph), Image.Resampling.BILINEAR))
    frame = frame.copy()
    frame[y : y + ph, x : x + pw] = box
    # a head that moves inside the box
    cx = x + pw // 2 + int(pw * 0.2 * math.sin(t * 2.1))
    frame[y + ph // 5 : y + ph // 2, cx - pw // 10 : cx + pw // 10] = (220, 180, 150)
    return frame


def _band(k: int, size: tuple[int, int], font: object, seed: int) -> np.ndarray:
    w, h = size
    hb = max(24, h // 14)
    rng = random.Random(seed * 1000 + k)
    img = Image.new("RGB", (w - 0, hb), (0, 0, 0))
    words = " ".join(rng.choice(_WORDS) for _ in range(7))
    ImageDraw.Draw(img).text((w // 6, hb // 8), words, font=font, fill=(255, 255, 255))
    return np.asarray(img)


def _pointer(frame: np.ndarray, t: float) -> None:
    h, w = frame.shape[:2]
    x = int((0.5 + 0.35 * math.sin(t * 0.8)) * w)
    y = int((0.5 + 0.3 * math.sin(t * 1.3 + 1)) * h)
    s = max(6, w // 90)
    for r in range(2 * s):
        frame[min(h - 1, y + r), x : min(w, x + r // 2 + 1)] = (255, 40, 40)


# --- scoring --------------------------------------------------------------------------------


def ssim(a: Image.Image, b: Image.Image, size: tuple[int, int] = (480, 270)) -> float:
    """Mean structural similarity of two pictures in grey at ``size`` (7×7 uniform windows)."""
    x = np.asarray(a.convert("L").resize(size, Image.Resampling.BOX), dtype=np.float64)
    y = np.asarray(b.convert("L").resize(size, Image.Resampling.BOX), dtype=np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def box(z: np.ndarray) -> np.ndarray:
        k = 7
        c = np.cumsum(np.cumsum(np.pad(z, ((1, 0), (1, 0))), 0), 1)
        return (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k)

    mx, my = box(x), box(y)
    vx = box(x * x) - mx * mx
    vy = box(y * y) - my * my
    cov = box(x * y) - mx * my
    s = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


def transition_f1(
    found: list[float], truth: tuple[float, ...] | list[float], tolerance: float = 1.0
) -> tuple[float, int, int, int]:
    """F1 of found change times against true ones, each matched at most once within tolerance.

    Returns (f1, hits, false positives, misses).
    """
    unmatched = sorted(truth)
    hits = 0
    for t in sorted(found):
        best = min(unmatched, key=lambda u: abs(u - t), default=None)
        if best is not None and abs(best - t) <= tolerance:
            unmatched.remove(best)
            hits += 1
    fp = len(found) - hits
    fn = len(truth) - hits
    f1 = 1.0 if not found and not truth else 2 * hits / (2 * hits + fp + fn)
    return f1, hits, fp, fn
