"""Build an outline's deck in memory and inspect it, for `recapdeck check --accessibility`."""

from __future__ import annotations

from pathlib import Path

from . import Finding, doctor


def inspect_outline(
    outline: Path | str,
    *,
    theme: str | Path | None = None,
    template: Path | str | None = None,
    allow_missing: bool = False,
    allow_outside_files: bool = False,
) -> tuple[list[Finding], int]:
    """The findings of the deck ``outline`` builds (written nowhere), and its slide count.

    Loads, plans and renders exactly as ``recapdeck build`` does, without handouts or PDFs;
    outline problems raise :class:`~recapdeck.errors.RecapdeckError` as in ``check``.
    """
    from ..pipeline.build import prepare
    from ..render.pptx import render_deck

    prepared = prepare(
        outline,
        theme=theme,
        template=template,
        allow_missing=allow_missing,
        allow_outside_files=allow_outside_files,
        handout=(),
    )
    _, deck = render_deck(prepared.plan, prepared.theme)
    return doctor(deck, name=f"{Path(outline).stem}.pptx"), len(prepared.plan.slides)
