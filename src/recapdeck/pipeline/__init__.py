"""The stages composed: build one deck, preview it, build many, watch, skip what is up to date.

:mod:`.stages` holds the stage functions over typed values; :mod:`.options` the one
:class:`BuildOptions` and the explicit :class:`BuildContext`; :mod:`.deck`, :mod:`.batch`,
:mod:`.watching` and :mod:`.uptodate` compose them.
"""

from __future__ import annotations

from .batch import build_many, default_jobs
from .deck import BuildResult, PreviewResult, build, build_prepared, preview
from .options import BuildContext, BuildOptions
from .stages import Prepared, prepare
from .watching import Rebuild, rebuild, watch

__all__ = [
    "BuildContext",
    "BuildOptions",
    "BuildResult",
    "Prepared",
    "PreviewResult",
    "Rebuild",
    "build",
    "build_many",
    "build_prepared",
    "default_jobs",
    "prepare",
    "preview",
    "rebuild",
    "watch",
]
