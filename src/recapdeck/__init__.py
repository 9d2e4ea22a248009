"""recapdeck: turn a conference keynote outline into a native PowerPoint deck."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "BuildResult",
    "RecapdeckError",
    "build",
    "load_outline",
    "load_theme",
    "plan_deck",
    "render_pptx",
]

if TYPE_CHECKING:
    from .errors import RecapdeckError
    from .load.outline import load_outline
    from .load.theme import load_theme
    from .pipeline.build import BuildResult, build
    from .plan.deck import plan_deck
    from .render.pptx import render_pptx

_LAZY = {
    "BuildResult": "pipeline.build",
    "build": "pipeline.build",
    "RecapdeckError": "errors",
    "load_outline": "load.outline",
    "plan_deck": "plan.deck",
    "render_pptx": "render.pptx",
    "load_theme": "load.theme",
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `recapdeck --help` does not pay for python-pptx and Pillow.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
