"""build(): load, plan, render and write one deck, deciding every output path.

Named builder.py, not build.py, so that the module never shadows the public `recapdeck.build`.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildWarning, Location, RecapdeckError
from .fit import Measurer, find_font
from .outline import Outline, load_outline
from .plan import DeckPlan, plan_deck
from .theme import Theme, load_theme


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it noticed."""

    outline: Path
    pptx: Path
    slides: int
    pictures: int
    bytes: int
    seconds: float
    warnings: tuple[BuildWarning, ...]


@dataclass(frozen=True)
class Prepared:
    """A validated outline with its theme and plan: everything but the files."""

    outline: Outline
    theme: Theme
    plan: DeckPlan
    warnings: tuple[BuildWarning, ...]


def prepare(
    outline_path: Path | str,
    *,
    theme: str | Path | None = None,
    allow_missing: bool = False,
    strict: bool = False,
) -> Prepared:
    """Load and check an outline and its theme and plan the deck; raise on any problem."""
    outline = load_outline(outline_path, allow_missing=allow_missing)
    near = outline.source.parent if outline.source else None
    try:
        chosen = load_theme(theme or outline.theme, near=near)
    except RecapdeckError as exc:
        if theme is None and outline.theme:
            raise _at_theme_key(exc, outline) from None
        raise
    measurer = make_measurer(chosen)
    plan = plan_deck(outline, chosen, measurer)
    warnings = [*outline.warnings, *chosen.warnings]
    warnings += [
        BuildWarning(
            Location(chosen.folder / "theme.yaml"),
            f"font '{family}' (or its metric twin) is not installed; text is measured by "
            "estimate and may not fit exactly. Install it (Debian: fonts-crosextra-carlito "
            "for Calibri, fonts-liberation2 for Arial)",
        )
        for family in measurer.missing()
    ]
    warnings += plan.warnings
    if strict and warnings:
        raise RecapdeckError([w.as_problem() for w in warnings])
    return Prepared(outline, chosen, plan, tuple(warnings))


def make_measurer(theme: Theme) -> Measurer:
    """A text measurer with the theme's fonts (or their metric twins)."""
    families = {"heading": theme.fonts.heading, "body": theme.fonts.body, "mono": theme.fonts.mono}
    found = {}
    for role, family in families.items():
        found[role] = find_font(family, theme.folders)
    return Measurer(found)


def build(
    outline_path: Path | str,
    *,
    theme: str | Path | None = None,
    out_dir: Path | str = "build",
    strict: bool = False,
    allow_missing: bool = False,
) -> BuildResult:
    """Build the deck for one outline into ``out_dir``; nothing is written if anything fails."""
    from .render_pptx import deck_bytes, render_pptx

    started = time.perf_counter()
    prepared = prepare(outline_path, theme=theme, allow_missing=allow_missing, strict=strict)
    source = prepared.outline.source or Path(outline_path)
    out = Path(out_dir)
    prs = render_pptx(prepared.plan, prepared.theme)
    data = deck_bytes(prs)
    target = out / f"{source.stem}.pptx"
    write_atomic(target, data)
    return BuildResult(
        outline=source,
        pptx=target,
        slides=len(prepared.plan.slides),
        pictures=sum(len(s.pictures) for s in prepared.plan.slides),
        bytes=len(data),
        seconds=time.perf_counter() - started,
        warnings=prepared.warnings,
    )


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file, so a failure leaves no debris."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise RecapdeckError(
            f"{target.parent}: cannot write the output folder ({exc.strerror}); "
            "choose another with --out"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _at_theme_key(exc: RecapdeckError, outline: Outline) -> RecapdeckError:
    """Point a theme error raised for ``theme:`` in the outline at that line."""
    from .errors import Problem

    first = exc.problems[0]
    if first.location is not None:
        return exc
    where = outline.key_location("theme") or Location(outline.source or Path("outline"))
    return RecapdeckError([Problem(where, first.message, "theme"), *exc.problems[1:]])
