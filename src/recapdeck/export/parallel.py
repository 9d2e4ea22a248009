"""Converting a big deck to PDF in parallel LibreOffice processes, one per range of slides.

LibreOffice converts on one core. A deck of more than :data:`PARALLEL_FROM` slides, on a machine
with more than one core, is cut into sub-decks of consecutive slides (:func:`sub_deck`: the
same package with only those slides listed, their slide numbers written as text since
LibreOffice would count from 1), converted by several LibreOffice processes at once and joined
page by page (:func:`join_pdfs`, pypdf). How a deck is cut depends only on its slide count
(:func:`part_ranges`), so every machine with more than one core writes the same PDF.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import RecapdeckError
from .libreoffice import OfficeRun, convert_to_pdf
from .scratch import owned_temporary_directory

PARALLEL_FROM = 40
"""Decks of more slides than this are converted in parts (when there is more than one core)."""
SLIDES_PER_PART = 120
"""About how many slides one part holds, at least two parts and at most :data:`MAX_PARTS`."""
MAX_PARTS = 4

_PRESENTATION = "ppt/presentation.xml"
_SLIDE_ID = re.compile(rb"<p:sldId [^>]*/>")
_SLIDE_NUMBER = re.compile(rb'<a:fld [^>]*type="slidenum"[^>]*>(.*?)</a:fld>', re.DOTALL)


def part_ranges(slides: int, cores: int) -> list[range]:
    """The ranges of slide indexes converted by one process each (one range: no splitting)."""
    if cores < 2 or slides <= PARALLEL_FROM:
        return [range(slides)]
    parts = min(MAX_PARTS, max(2, math.ceil(slides / SLIDES_PER_PART)))
    bounds = [round(i * slides / parts) for i in range(parts + 1)]
    return [range(a, b) for a, b in itertools.pairwise(bounds)]


def slide_count(deck: bytes) -> int:
    """How many slides the .pptx ``deck`` lists."""
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        return len(_SLIDE_ID.findall(archive.read(_PRESENTATION)))


def sub_deck(deck: bytes, keep: range) -> bytes:
    """``deck`` showing only the slides at indexes ``keep``, numbered as in the whole deck.

    Only ``ppt/presentation.xml``'s slide list changes (the other slides' parts stay in the
    package, unlisted, and LibreOffice does not read them), and, when the range does not start
    at the first slide, each kept slide's slide-number fields become the text they hold.
    """
    source = zipfile.ZipFile(io.BytesIO(deck))
    presentation = source.read(_PRESENTATION)
    ids = _SLIDE_ID.findall(presentation)
    kept = [ids[i] for i in keep]
    rels = _slide_targets(source)
    renumber = {f"ppt/{rels[_rid(e)]}" for e in kept} if keep.start > 0 else set()
    listed = iter(ids)

    def keep_or_drop(match: re.Match[bytes]) -> bytes:
        element = next(listed)
        return element if element in kept else b""

    buffer = io.BytesIO()
    # stored, not compressed again: the sub-deck only lives until LibreOffice has read it
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == _PRESENTATION:
                data = _SLIDE_ID.sub(keep_or_drop, presentation)
            elif info.filename in renumber:
                data = _SLIDE_NUMBER.sub(rb"<a:r>\1</a:r>", data)
            target.writestr(info, data, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def join_pdfs(pdfs: Sequence[Path]) -> bytes:
    """The pages of ``pdfs`` in order, as one PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(str(pdf))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def convert_deck_to_pdf(
    pptx: Path,
    out_dir: Path,
    *,
    font_dirs: Sequence[Path] = (),
    substitutes: Mapping[str, str] | None = None,
    cores: int | None = None,
    timeout: float = 240,
    profile_seed: Path | None = None,
    office: OfficeRun | None = None,
) -> Path:
    """The PDF (``out_dir/<stem>.pdf``) of one deck, converted in parts when it is big.

    As :func:`recapdeck.export.libreoffice.convert_to_pdf` for one file; ``cores`` (default:
    this machine's) bounds how many LibreOffice processes run at once. A deck converted in one
    piece is converted by ``office`` when given (one started early, with the same fonts).
    """
    run = functools.partial(
        convert_to_pdf,
        font_dirs=font_dirs,
        substitutes=substitutes,
        timeout=timeout,
        profile_seed=profile_seed,
    )
    cores = cores if cores is not None else (os.cpu_count() or 1)
    deck = pptx.read_bytes()
    ranges = part_ranges(slide_count(deck), cores)
    if len(ranges) == 1:
        (pdf,) = run([pptx], out_dir, office=office)
        return pdf
    with owned_temporary_directory() as scratch:

        def convert(n: int) -> Path:
            # each part's LibreOffice starts as soon as its own sub-deck is written
            part = scratch / f"part{n}" / pptx.name
            part.parent.mkdir()
            part.write_bytes(sub_deck(deck, ranges[n]))
            (pdf,) = run([part], part.parent)
            return pdf

        with ThreadPoolExecutor(max_workers=min(cores, len(ranges))) as pool:
            pdfs = list(pool.map(convert, range(len(ranges))))
        target = Path(out_dir) / f"{pptx.stem}.pdf"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(join_pdfs(pdfs))
        except OSError as exc:
            raise RecapdeckError(
                f"{target}: cannot write the PDF ({exc.strerror or exc})"
            ) from None
        return target


def _slide_targets(source: zipfile.ZipFile) -> dict[str, str]:
    """The presentation's relationship ids and their targets (``slides/slide1.xml``...)."""
    rels = source.read("ppt/_rels/presentation.xml.rels")
    return {
        m.group(1).decode(): m.group(2).decode()
        for m in re.finditer(rb'<Relationship Id="([^"]+)"[^>]* Target="([^"]+)"', rels)
    }


def _rid(element: bytes) -> str:
    match = re.search(rb'r:id="([^"]+)"', element)
    return match.group(1).decode() if match else ""
