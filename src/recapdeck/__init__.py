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
    from .builder import BuildResult, build
    from .errors import RecapdeckError
    from .outline import load_outline
    from .plan import plan_deck
    from .render_pptx import render_pptx
    from .theme import load_theme

_LAZY = {
    "BuildResult": "builder",
    "build": "builder",
    "RecapdeckError": "errors",
    "load_outline": "outline",
    "plan_deck": "plan",
    "render_pptx": "render_pptx",
    "load_theme": "theme",
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `recapdeck --help` does not pay for python-pptx and Pillow.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
