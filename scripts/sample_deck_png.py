"""Draw docs/sample-deck.png, the README's picture: six slides of the sample deck, three a row.

Run from the repository root after building the sample deck's PDF:

    recapdeck build decks/reinvent2024-desantis.yaml --pdf -o build
    python scripts/sample_deck_png.py build/reinvent2024-desantis.pdf

The slides shown (numbered from 1) are a cover, a screenshot beside a few words, a section
slide with the agenda's progress, a grid, a few short bullets set large and "What's new".
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image

from recapdeck.export.raster import pdf_page_images, png_bytes

SLIDES = (1, 5, 16, 17, 18, 27)
TILE_W, GAP, COLUMNS = 640, 13, 3
BACKGROUND = "#D5DAE1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs/sample-deck.png"))
    parser.add_argument("--slides", type=int, nargs="+", default=list(SLIDES))
    args = parser.parse_args()
    pages = pdf_page_images(args.pdf, width=TILE_W)
    chosen = [pages[n - 1] for n in args.slides]
    rows = -(-len(chosen) // COLUMNS)
    tile_h = max(p.height for p in chosen)
    sheet = Image.new(
        "RGB",
        (GAP + COLUMNS * (TILE_W + GAP), GAP + rows * (tile_h + GAP)),
        BACKGROUND,
    )
    for i, page in enumerate(chosen):
        row, col = divmod(i, COLUMNS)
        sheet.paste(page.convert("RGB"), (GAP + col * (TILE_W + GAP), GAP + row * (tile_h + GAP)))
    args.out.write_bytes(png_bytes(sheet))


if __name__ == "__main__":
    main()
