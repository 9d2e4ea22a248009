"""The plan stage: an Outline and a Theme in, a DeckPlan out. Pure: no files, no python-pptx.

:func:`plan_deck` picks the planner: :class:`~.deck.DeckPlanner` for the built-in look (itself
built up from :mod:`.text` and :mod:`.pictures`), :class:`~.template.TemplatePlanner` to place
the same slides in a company template's layouts. What comes out is :mod:`.model`.
"""

from __future__ import annotations

from ..load.outline import LoadedOutline
from ..load.theme import Theme
from .deck import DeckPlanner
from .fit import Measurer
from .model import DeckPlan
from .template import TemplatePlanner


def plan_deck(loaded: LoadedOutline, theme: Theme, measurer: Measurer) -> DeckPlan:
    """Plan every slide of the deck for ``loaded`` in ``theme``, measuring with ``measurer``."""
    if theme.template is not None:
        return TemplatePlanner(loaded, theme, measurer).run()
    return DeckPlanner(loaded, theme, measurer).run()


__all__ = ["DeckPlan", "plan_deck"]
