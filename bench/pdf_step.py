"""recapdeck's PDF step alone: what `build --pdf` does to turn a built deck into its PDF.

    python bench/pdf_step.py OUTLINE DECK.pptx OUT_DIR

Does what the builder does for the deck PDF: writes the deck into a temporary folder, converts
it with LibreOffice (a throw-away profile, the theme's fonts; in parallel parts for a deck of
more than 40 slides, see recapdeck.export.parallel), lists the PDF's fonts for the
theme-font check and normalises the PDF for reproducibility; writes it to OUT_DIR. Prints the
seconds that took on its last line, for bench/run.py: importing recapdeck and loading the
outline (for its theme and date) are not counted, as a build has done them before its PDF step.
The slide thumbnails for the HTML handout and the handout PDF are not part of it either.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from recapdeck.export.parallel import convert_deck_to_pdf
from recapdeck.export.pdf import embedded_fonts, normalise_pdf
from recapdeck.pipeline import prepare


def main() -> None:
    outline, pptx, out_dir = (Path(arg) for arg in sys.argv[1:4])
    prepared = prepare(outline, handout=())
    deck = pptx.read_bytes()
    font_dirs = [f / "fonts" for f in prepared.theme.folders if (f / "fonts").is_dir()]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="recapdeck-") as tmp:
        folder = Path(tmp)
        source = folder / pptx.name
        source.write_bytes(deck)
        pdf = convert_deck_to_pdf(source, folder, font_dirs=font_dirs)
        embedded_fonts(pdf)
        data = normalise_pdf(pdf.read_bytes(), prepared.created)
    seconds = time.perf_counter() - started
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / pdf.name).write_bytes(data)
    print(f"{seconds:.6f}")


if __name__ == "__main__":
    main()
