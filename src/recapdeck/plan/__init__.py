"""The plan stage: an Outline and a Theme in, a DeckPlan out. Pure: no files, no python-pptx.

:func:`plan_deck` picks the planner: :class:`~.deck.DeckPlanner` for the built-in look (itself
built up from :mod:`.text` and :mod:`.pictures`), :class:`~.template.TemplatePlanner` to place
the same slides in a company template's layouts. What comes out is :mod:`.model`.
"""

from __future__ import annotations

from ..errors import Problem, RecapdeckError
from ..load.model import Outline
from ..load.outline import LoadedOutline
from ..load.theme import Theme
from .deck import DeckPlanner
from .fit import Measurer
from .model import DeckPlan
from .template import TemplatePlanner

MAX_SLIDES = 2_000
"""The most slides a deck may have (docs/outline.md#limits). A keynote recap has tens; a deck
of 2,000 builds in under a minute, and PowerPoint and LibreOffice slow to a crawl past that."""


def plan_deck(loaded: LoadedOutline, theme: Theme, measurer: Measurer) -> DeckPlan:
    """Plan every slide of the deck for ``loaded`` in ``theme``, measuring with ``measurer``.

    Raises when the deck would have more than :data:`MAX_SLIDES` slides, before planning any
    when the outline alone says so (each segment, highlight and quote is a slide at least).
    """
    _check_slide_count(loaded, _least_slides(loaded.outline))
    if theme.template is not None:
        plan = TemplatePlanner(loaded, theme, measurer).run()
    else:
        plan = DeckPlanner(loaded, theme, measurer).run()
    _check_slide_count(loaded, len(plan.slides))
    return plan


def _least_slides(outline: Outline) -> int:
    return sum(1 + len(s.highlights) + len(s.quotes) for s in outline.segments)


def _check_slide_count(loaded: LoadedOutline, count: int) -> None:
    if count <= MAX_SLIDES:
        return
    least = count == _least_slides(loaded.outline)
    raise RecapdeckError(
        Problem(
            loaded.key_location("segments"),
            f"the outline makes {'at least ' if least else ''}"
            f"{count:,} slides; a deck may have at most {MAX_SLIDES:,} (docs/outline.md, "
            "'Limits'). Split the talk into several outlines, e.g. one per segment",
            "segments",
        )
    )


__all__ = ["DeckPlan", "plan_deck"]
