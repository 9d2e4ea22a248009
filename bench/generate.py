"""Generate benchmark outlines of N slides with realistic content and 4K screenshots.

    python bench/generate.py OUT_DIR 14 100 500

For each size it writes OUT_DIR/deckN.yaml and OUT_DIR/assets-N/ (about a third of the slides
carry a 3840×2160 PNG screenshot, spread evenly). Deterministic: the same sizes give the same files.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

_TEXT = """latency throughput cluster silicon network storage inference training model region
capacity cost reliability scale server chip memory bandwidth fabric router protocol customer
workload service launch preview generally available faster cheaper simpler"""
WORDS = _TEXT.split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _screenshot(path: Path, n: int) -> None:
    """A 4K keynote-like slide: flat background, a title bar, bars of a chart, some noise."""
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
    img.save(path, "PNG", compress_level=1)


FIXED = 6
"""Slides every deck has: title, agenda, key takeaways, what's new, references, closing."""
PER_SEGMENT = 8
"""Highlights per segment; each segment also opens with a section slide and ends with a quote."""


def write_deck(out: Path, slides: int) -> Path:
    """An outline whose deck has ``slides`` slides (a long agenda may add one or two), a third
    of them with a 4K screenshot."""
    rng = random.Random(slides)
    assets = out / f"assets-{slides}"
    assets.mkdir(parents=True, exist_ok=True)
    lines = [
        f'title: "Benchmark keynote with {slides} slides"',
        "event: {name: Bench Summit, date: 2025-06-01, location: Lab}",
        "recap_by: Bench Runner",
        f"assets: assets-{slides}",
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
                    _screenshot(assets / name, made)
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


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    (out / ".git").mkdir(exist_ok=True)  # the benchmark folder is its own project
    for size in sys.argv[2:] or ["14", "100", "500"]:
        print(write_deck(out, int(size)))


if __name__ == "__main__":
    main()
