"""recapdeck: turn a conference keynote outline into a native PowerPoint deck.

The pipeline, stage by stage (see ARCHITECTURE.md): :func:`load_outline` and
:func:`load_theme` read the inputs, :func:`plan_deck` plans every slide, :func:`render_pptx`
and the handout renderer turn the plan into outputs, and :func:`build` composes them all with
one :class:`BuildOptions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "BuildContext",
    "BuildOptions",
    "BuildResult",
    "RecapdeckError",
    "build",
    "load_outline",
    "load_theme",
    "plan_deck",
    "preview",
    "render_pptx",
]

if TYPE_CHECKING:
    from .errors import RecapdeckError
    from .load.outline import load_outline
    from .load.theme import load_theme
    from .pipeline import BuildContext, BuildOptions, BuildResult, build, preview
    from .plan import plan_deck
    from .render.pptx import render_pptx

_LAZY = {
    "BuildContext": "pipeline",
    "BuildOptions": "pipeline",
    "BuildResult": "pipeline",
    "build": "pipeline",
    "preview": "pipeline",
    "RecapdeckError": "errors",
    "load_outline": "load.outline",
    "plan_deck": "plan",
    "render_pptx": "render.pptx",
    "load_theme": "load.theme",
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `recapdeck --help` does not pay for python-pptx and Pillow.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
