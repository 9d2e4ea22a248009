"""Generate benchmark outlines of N slides with realistic content and screenshots.

    python bench/generate.py [--screenshot 1920x1080] OUT_DIR 14 100 500

For each size it writes OUT_DIR/deckN.yaml and OUT_DIR/assets-N-WxH/ (about a third of the
slides carry a PNG screenshot, spread evenly). The screenshots are 1920×1080 unless told
otherwise, as issue 20 measured; ``--screenshot 3840x2160`` gives the 4K case, where every
picture is scaled down. Deterministic: the same sizes give the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from PIL import Image, ImageDraw

_TEXT = """latency throughput cluster silicon network storage inference training model region
capacity cost reliability scale server chip memory bandwidth fabric router protocol customer
workload service launch preview generally available faster cheaper simpler"""
WORDS = _TEXT.split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


SIZE = (1920, 1080)
"""The screenshots' size in pixels, as issue 20 measured; ``--screenshot`` changes it."""


def _screenshot(path: Path, n: int, size: tuple[int, int]) -> None:
    """A keynote-like slide: flat background, a title bar, bars of a chart, some noise. Drawn
    on a 3840×2160 canvas and scaled, so every size shows the same picture."""
    rng = random.Random(n)
    img = Image.new("RGB", (3840, 2160), (14 + n % 20, 23, 38))
    draw = ImageDraw.Draw(img)
    draw.rectangle([160, 140, 3680, 360], fill=(40, 60, 110))
    for i in range(8):
        height = rng.randint(300, 1500)
        x = 300 + i * 420
        draw.rectangle([x, 1900 - height, x + 260, 1900], fill=(120 + i * 15, 90, 220 - i * 10))
    for _ in range(400):  # texture so the PNG is not trivially compressible
        x, y = rng.randint(0, 3839), rng.randint(0, 2159)
        draw.ellipse([x, y, x + 30, y + 30], fill=(rng.randint(0, 255), 120, 160))
    if size != img.size:
        img = img.resize(size, Image.Resampling.LANCZOS)
    img.save(path, "PNG", compress_level=1)


FIXED = 6
"""Slides every deck has: title, agenda, key takeaways, what's new, references, closing."""
PER_SEGMENT = 8
"""Highlights per segment; each segment also opens with a section slide and ends with a quote."""


def write_deck(out: Path, slides: int, size: tuple[int, int] = SIZE) -> Path:
    """An outline whose deck has ``slides`` slides (a long agenda may add one or two), a third
    of them with a screenshot of ``size`` pixels."""
    rng = random.Random(slides)
    folder = f"assets-{slides}-{size[0]}x{size[1]}"
    assets = out / folder
    assets.mkdir(parents=True, exist_ok=True)
    lines = [
        f'title: "Benchmark keynote with {slides} slides"',
        "event: {name: Bench Summit, date: 2025-06-01, location: Lab}",
        "recap_by: Bench Runner",
        f"assets: {folder}",
        "speakers:",
        "  - {id: ada, name: Ada Quinn, role: CEO}",
        "summary:",
        *(f"  - {_sentence(rng, 9)}" for _ in range(4)),
        "segments:",
    ]
    plan = []  # (highlights, with a quote) per segment
    left = max(3, slides - FIXED)
    while left > 0:
        quote = left > 3
        count = max(1, min(PER_SEGMENT, left - 1 - quote))
        plan.append((count, quote))
        left -= 1 + quote + count  # the section slide, the quote, the highlights
    highlights = sum(count for count, _ in plan)
    shots = min(highlights, round(slides / 3))
    made = 0
    for segment, (count, quote) in enumerate(plan, 1):
        lines += [f"  - title: Segment {segment}", "    speaker: ada", "    highlights:"]
        for _ in range(count):
            made += 1
            lines += [
                f"      - title: Highlight {made} {_sentence(rng, 3)}",
                "        points:",
                *(f"          - {_sentence(rng, rng.randint(6, 11))}" for _ in range(3)),
                "        notes: >-",
                f"          {_sentence(rng, 45)}.",
            ]
            if (made * shots) // highlights != ((made - 1) * shots) // highlights:
                name = f"shot-{made:04d}.png"
                if not (assets / name).exists():
                    _screenshot(assets / name, made, size)
                lines += [
                    "        screenshots:",
                    f"          - {{file: {name}, alt: Chart {made}, caption: Chart {made}}}",
                ]
        if quote:
            lines += [
                "    quotes:",
                f"      - text: {_sentence(rng, 14)}.",
                "        speaker: ada",
            ]
    lines += [
        "announcements:",
        "  - {name: Thing One, summary: A launch, status: preview}",
        "references:",
        "  - {title: Video, url: 'https://example.com/video'}",
    ]
    path = out / f"deck{slides}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def parse_size(text: str) -> tuple[int, int]:
    """``"1920x1080"`` as (1920, 1080)."""
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("sizes", type=int, nargs="*", default=[14, 100, 500])
    parser.add_argument("--screenshot", type=parse_size, default=SIZE, help="WxH in pixels")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / ".git").mkdir(exist_ok=True)  # the benchmark folder is its own project
    for slides in args.sizes:
        print(write_deck(args.out, slides, args.screenshot))


if __name__ == "__main__":
    main()
