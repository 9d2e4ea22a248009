"""Benchmark ``recapdeck extract`` on generated keynote videos whose truth is known.

    python bench/extract_bench.py [--dir DIR] [--kinds cuts fades ...] [--speed-seconds 120]

For each kind it renders (once, kept in DIR) a video of a few minutes from drawn slides with
known change times, runs ``python -m recapdeck extract`` on it in its own process, and scores
it like a shot-detection benchmark: a found change within 1 s of a true one is a hit
(transition F1); the count error of distinct slides; the share of extracted frames whose
SSIM against their true slide is at least 0.9; slides found during a white flash; wall time
and peak memory (``ru_maxrss`` of the process). The ``speed`` kind is 1080p30 H.264 with
B-frames, as published keynotes are, and its times are extrapolated to one hour.
Deterministic: the same arguments render the same videos.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "extract"))

from extract_videogen import Show, Spec, Truth, render_video, ssim, transition_f1  # noqa: E402
from PIL import Image  # noqa: E402


def _shows(
    rng: random.Random, n: int, *, fades: bool, builds: bool, lo: float, hi: float
) -> tuple[Show, ...]:
    """``n`` slides with irregular durations, some cut and some faded, a few built, one back."""
    shows: list[Show] = []
    for k in range(n):
        seconds = round(rng.uniform(lo, hi), 1)
        enter = "fade" if fades and rng.random() < 0.6 else "cut"
        if builds and k % 3 == 1:
            steps = rng.randint(2, 4)
            for step in range(1, steps):
                shows.append(
                    Show(
                        k, round(rng.uniform(2.0, 6.0), 1), enter if step == 1 else "cut", step=step
                    )
                )
            shows.append(Show(k, seconds, "cut", step=0))
        else:
            shows.append(Show(k, seconds, enter))
        if k == n // 2:
            shows.append(Show(1, round(rng.uniform(lo, hi), 1), enter))  # slide 1 again
    # a very long slide and a very short one, as keynotes have
    shows.insert(3, Show(n, 120.0 if hi > 20 else 40.0, "cut"))
    shows.insert(6, Show(n + 1, 2.0, "cut"))
    return tuple(shows)


def deck_recording(pages: list[Path]) -> Spec:
    """A screen recording of a deck's pages: clicked through, a pointer moving, one page again."""
    rng = random.Random(11)
    shows = [Show(k, round(rng.uniform(3, 15), 1)) for k in range(len(pages))]
    shows.insert(len(shows) // 2, Show(2, 6.0))  # back to page 3 for a question
    return Spec(
        tuple(shows),
        width=1920,
        height=1080,
        fps=15,
        pointer=True,
        preset="faster",
        gop=150,
        slide_images=tuple(pages),
        seed=11,
    )


def kinds(speed_seconds: float) -> dict[str, tuple[Spec, list[str]]]:
    """Each kind's video spec and the extra extract arguments it is run with."""
    r = random.Random
    out: dict[str, tuple[Spec, list[str]]] = {
        "cuts": (
            Spec(_shows(r(1), 24, fades=False, builds=False, lo=2, hi=30), fps=10, gop=50, seed=1),
            [],
        ),
        "fades": (
            Spec(_shows(r(2), 24, fades=True, builds=False, lo=2, hi=30), fps=10, gop=50, seed=2),
            [],
        ),
        "pip": (
            Spec(
                _shows(r(3), 24, fades=True, builds=False, lo=2, hi=30),
                fps=10,
                gop=50,
                pip=True,
                seed=3,
            ),
            [],
        ),
        "captions": (
            Spec(
                _shows(r(4), 24, fades=True, builds=False, lo=2, hi=30),
                fps=10,
                gop=50,
                captions_band=True,
                pip=True,
                seed=4,
            ),
            [],
        ),
        "builds": (
            Spec(_shows(r(5), 24, fades=True, builds=True, lo=3, hi=25), fps=10, gop=50, seed=5),
            [],
        ),
        "flash": (
            Spec(
                _shows(r(6), 20, fades=False, builds=False, lo=4, hi=30),
                fps=10,
                gop=50,
                seed=6,
                flashes=tuple(12.0 + 37.0 * k for k in range(10)),
            ),
            [],
        ),
        "stage": (
            Spec(
                _shows(r(7), 16, fades=True, builds=False, lo=3, hi=20),
                fps=10,
                gop=50,
                stage_only=True,
                seed=7,
            ),
            ["--region", "auto"],
        ),
        "vfr-pointer": (
            Spec(
                _shows(r(8), 20, fades=True, builds=False, lo=2, hi=30),
                fps=15,
                gop=75,
                variable_fps=True,
                pointer=True,
                seed=8,
            ),
            [],
        ),
    }
    speed_shows: list[Show] = []
    rng = r(9)
    t, k = 0.0, 0
    while t < speed_seconds:
        seconds = round(rng.uniform(3, 25), 1)
        speed_shows.append(Show(k, seconds, "fade" if k % 2 else "cut"))
        t += seconds
        k += 1
    out["speed-1080p30"] = (
        Spec(
            tuple(speed_shows),
            width=1920,
            height=1080,
            fps=30,
            pip=True,
            captions_band=True,
            preset="veryfast",
            gop=150,
            seed=9,
        ),
        [],
    )
    # The same at the slide rate of a real keynote (a slide every 20-90 s): what --fast costs
    # depends on how many changes there are, so it is measured here too.
    long_shows: list[Show] = []
    rng = r(10)
    t, k = 0.0, 0
    while t < 2 * speed_seconds:
        seconds = round(rng.uniform(20, 90), 1)
        long_shows.append(Show(k, seconds, "fade" if k % 2 else "cut"))
        t += seconds
        k += 1
    out["speed-1080p30-long-slides"] = (
        Spec(
            tuple(long_shows), width=1920, height=1080, fps=30, pip=True, captions_band=True,
            preset="veryfast", gop=150, seed=10,
        ),
        [],
    )  # fmt: skip
    return out


@dataclass(frozen=True)
class Row:
    kind: str
    minutes: float
    size: str
    truth_slides: int
    found_slides: int
    f1: float
    hits: int
    false_pos: int
    misses: int
    frame_match: float
    flash_slides: int
    seconds: float
    fast_seconds: float
    fast_f1: float
    peak_mb: float


# The peak is read from the process's own VmHWM at exit: ru_maxrss would carry over the
# resident size of this (large) benchmark process from before the exec.
_LAUNCH = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            print('PEAK_KB', line.split()[1], file=sys.stderr)\n"
    "atexit.register(peak)\n"
    "sys.argv[0] = 'recapdeck'\n"
    "runpy.run_module('recapdeck', run_name='__main__')\n"
)


def _run(args: list[str]) -> tuple[float, float, str]:
    """Run ``python -m recapdeck ARGS``; return wall seconds, peak RSS in MB and its output."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _LAUNCH, *args], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"recapdeck {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    peak = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("PEAK_KB")]
    return seconds, int(peak[-1]) / 1024 if peak else float("nan"), proc.stdout + proc.stderr


def _slide_at(truth: Truth, t: float) -> int:
    for slide, start, end in truth.showings:
        if start <= t < end:
            return slide
    return truth.showings[-1][0]


def score(
    kind: str, spec: Spec, truth: Truth, out: Path
) -> tuple[int, float, int, int, int, float, int]:
    manifest = json.loads((out / "extract.json").read_text())
    slides = manifest["slides"]
    found = sorted(
        [s["start"] for s in slides[1:]] + [a for s in slides for a, _ in s["also_shown"]]
    )
    f1, hits, fp, fn = transition_f1(found, truth.transitions)
    overlays = spec.pip or spec.captions_band
    good = 0
    for s in slides:
        png = Image.open(out / s["file"]).convert("RGB")
        want = truth.images[_slide_at(truth, s["frame"])]
        if want.size != png.size:
            want = want.resize(png.size)
        if overlays:  # compare above the speaker inset and the caption band
            box = (0, 0, png.width, int(png.height * 0.6))
            png, want = png.crop(box), want.crop(box)
        good += ssim(png, want) >= 0.9
    flash = sum(
        1 for s in slides for f in spec.flashes if f - 0.5 <= s["start"] and s["frame"] <= f + 1.0
    )
    return len(slides), f1, hits, fp, fn, good / max(1, len(slides)), flash


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "recapdeck-extract-bench"
    )
    parser.add_argument("--kinds", nargs="*", default=None)
    parser.add_argument("--speed-seconds", type=float, default=120.0)
    parser.add_argument(
        "--pages", type=Path, help="A folder of a deck's page PNGs: adds a screen recording of it"
    )
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    rows = []
    # The fixed cost of a run (starting Python, imports, opening the file), measured on a
    # one-second clip, is not scaled up when a run is extrapolated to an hour.
    clip = args.dir / "startup-clip.mp4"
    if not clip.exists():
        render_video(clip, Spec((Show(0, 1.0),), width=1920, height=1080, fps=30))
    startup = min(
        _run(["extract", str(clip), "--out", str(args.dir / "startup-out"), "--force"])[0]
        for _ in range(3)
    )
    todo = kinds(args.speed_seconds)
    if args.pages:
        todo["deck-recording"] = (deck_recording(sorted(args.pages.glob("*.png"))), [])
    for kind, (spec, extra) in todo.items():
        if args.kinds and kind not in args.kinds:
            continue
        video = args.dir / f"{kind}.mp4"
        truth_file = args.dir / f"{kind}.truth.pickle"
        t0 = time.perf_counter()
        if video.exists() and truth_file.exists():  # rendered by an earlier run: kept
            truth = pickle.loads(truth_file.read_bytes())
        else:
            truth = render_video(video, spec)
            truth_file.write_bytes(pickle.dumps(truth))
        made = time.perf_counter() - t0
        out = args.dir / f"{kind}-out"
        seconds, peak, _ = _run(["extract", str(video), "--out", str(out), "--force", *extra])
        fast_out = args.dir / f"{kind}-fast"
        fast_seconds, _, _ = _run(
            ["extract", str(video), "--out", str(fast_out), "--force", "--fast", *extra]
        )
        n, f1, hits, fp, fn, match, flash = score(kind, spec, truth, out)
        fast_f1 = score(kind, spec, truth, fast_out)[1]
        row = Row(
            kind,
            truth.duration / 60,
            f"{spec.width}x{spec.height}@{spec.fps:g}",
            len(truth.order),
            n,
            f1,
            hits,
            fp,
            fn,
            match,
            flash,
            seconds,
            fast_seconds,
            fast_f1,
            peak,
        )
        rows.append(row)
        print(f"{kind}: made in {made:.0f} s; {_line(row)}", file=sys.stderr, flush=True)
    print(_table(rows, startup))


def _line(r: Row) -> str:
    return (
        f"{r.found_slides}/{r.truth_slides} slides, F1 {r.f1:.3f} ({r.hits} hits, "
        f"{r.false_pos} false, {r.misses} missed), frames {r.frame_match:.0%}, "
        f"{r.seconds:.1f} s, fast {r.fast_seconds:.1f} s (F1 {r.fast_f1:.2f}), {r.peak_mb:.0f} MB"
    )


def _table(rows: list[Row], startup: float) -> str:
    head = (
        "| kind | video | min | slides (true/found) | count error "
        "| transition F1 (hits/false/missed) | frames SSIM ≥ 0.9 | flash slides | time "
        "| × real time | `--fast` time (F1) | peak RSS |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    lines = [head]
    for r in rows:
        err = (r.found_slides - r.truth_slides) / r.truth_slides
        lines.append(
            f"| {r.kind} | {r.size} | {r.minutes:.1f} | {r.truth_slides}/{r.found_slides} | "
            f"{err:+.0%} | {r.f1:.3f} ({r.hits}/{r.false_pos}/{r.misses}) | {r.frame_match:.0%} | "
            f"{r.flash_slides} | {r.seconds:.1f} s | {r.minutes * 60 / r.seconds:.0f}× | "
            f"{r.fast_seconds:.1f} s ({r.fast_f1:.2f}) | {r.peak_mb:.0f} MB |"
        )
    lines.append("")
    lines.append(
        f"Fixed cost of a run (Python, imports, a one-second clip): {startup:.1f} s. One hour "
        "extrapolated as fixed cost + (time - fixed cost) x 60 min / video length:"
    )
    for r in (r for r in rows if r.kind.startswith("speed")):
        scale = 60 / r.minutes
        per_hour = startup + max(0.0, r.seconds - startup) * scale
        fast_hour = startup + max(0.0, r.fast_seconds - startup) * scale
        lines.append(
            f"- {r.kind} ({r.size}, {r.truth_slides} slides in {r.minutes:.1f} min): default "
            f"{per_hour / 60:.1f} min (target ≤ 5), --fast {fast_hour / 60:.1f} min (target ≤ 1)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
