"""Build an outline's deck in memory and inspect it, for `recapdeck check --accessibility`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import doctor
from .findings import Finding

if TYPE_CHECKING:
    from ..pipeline import BuildOptions


def inspect_outline(
    outline: Path | str, options: BuildOptions | None = None
) -> tuple[list[Finding], int]:
    """The findings of the deck ``outline`` builds (written nowhere), and its slide count.

    Loads, plans and renders exactly as ``recapdeck build`` does, without handouts or PDFs;
    outline problems raise :class:`~recapdeck.errors.RecapdeckError` as in ``check``.
    """
    from dataclasses import replace

    from ..pipeline import BuildContext, BuildOptions, prepare
    from ..pipeline.stages import render_deck

    options = replace(options or BuildOptions(), handout=(), pdf=False)
    context = BuildContext.open(options.cache)
    context.start()
    prepared = prepare(outline, options, context)
    _, deck = render_deck(prepared, context)
    context.finish()
    return doctor(deck, name=f"{Path(outline).stem}.pptx"), len(prepared.plan.slides)
