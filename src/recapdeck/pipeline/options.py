"""What a build is asked to do (:class:`BuildOptions`) and what it keeps (:class:`BuildContext`).

Every composition of the stages — :func:`recapdeck.build`, ``preview``, batch builds, watch
mode and the up-to-date check — takes one ``BuildOptions``; the options are spelled out here
and nowhere else. What is reused between stages and between builds (the image cache, the font
cache, compiled handout templates) travels as one explicit ``BuildContext``: nothing is held in
a global or switched on behind the caller's back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..cache import ImageCache, open_cache
from ..errors import RecapdeckError
from ..load.probes import PROBES_FILE, ProbeCache
from ..plan.fonts import FONT_FACTS, FontCache
from ..render.fragments import FragmentStore
from ..render.handout import FORMATS, CompiledTemplates
from ..render.reuse import SlideStore


@dataclass(frozen=True)
class BuildOptions:
    """The options of a build, shared by every deck of a batch and every round of watch mode."""

    theme: str | Path | None = None
    """A theme name or folder; overrides ``theme:`` in the outline."""
    template: Path | str | None = None
    """A company .pptx/.potx to build on instead of the theme's."""
    out_dir: Path | str = "build"
    strict: bool = False
    """Warnings are errors."""
    allow_missing: bool = False
    """A missing screenshot becomes a labelled placeholder and a warning."""
    allow_outside_files: bool | tuple[Path, ...] = False
    """The outline and its theme may use files outside the project: anywhere (True, only for
    outlines you trust) or inside these folders."""
    handout: tuple[str, ...] = FORMATS
    """Handout formats to write ("md", "html"); empty for none."""
    pdf: bool = False
    """Also write the deck's and the handout's PDFs."""
    cache: bool | Path | str = True
    """The cache folder: True the user's, a path another, False none (always a full build)."""

    def __post_init__(self) -> None:
        formats = tuple(dict.fromkeys(self.handout))
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise RecapdeckError(
                f"unknown handout format '{unknown[0]}'; choose from {', '.join(FORMATS)}"
            )
        object.__setattr__(self, "handout", formats)
        if not isinstance(self.allow_outside_files, bool):
            folders = tuple(Path(f).absolute() for f in self.allow_outside_files)
            object.__setattr__(self, "allow_outside_files", folders or False)

    @property
    def out(self) -> Path:
        """The output folder as a path."""
        return Path(self.out_dir)

    def fingerprint(self) -> dict[str, Any]:
        """The options as plain data for the up-to-date record (paths made absolute)."""
        data = asdict(self)
        data.pop("cache")  # where the cache is changes no output
        data["theme"] = str(self.theme) if self.theme is not None else None
        data["template"] = str(Path(self.template).absolute()) if self.template else None
        data["out_dir"] = str(self.out.absolute())
        data["handout"] = list(self.handout)
        if not isinstance(self.allow_outside_files, bool):
            data["allow_outside_files"] = [str(f) for f in self.allow_outside_files]
        return data


PDFS_FOLDER = "pdfs"
"""The cache folder's sub-folder of LibreOffice's PDFs."""
PDFS_LIMIT = 200_000_000
"""Bytes the kept PDFs may take."""
THUMBNAILS_FOLDER = "thumbnails"
"""The cache folder's sub-folder of slide thumbnails (see
:func:`recapdeck.pipeline.stages.read_deck_pdf`)."""
THUMBNAILS_LIMIT = 100_000_000
"""Bytes the kept thumbnails may take (about 60 kB each)."""


@dataclass
class BuildContext:
    """What builds reuse: processed pictures, probed images, font lookups, compiled handout
    templates.

    One per build by default (:meth:`open`); watch mode and ``serve`` keep one for all their
    rounds. The image cache, rendered slides, probed images and what was learnt about the
    fonts live in the cache folder too, so they outlast the process; compiled templates stay in
    memory.
    """

    images: ImageCache | None
    fonts: FontCache = field(default_factory=FontCache)
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    probes: ProbeCache = field(default_factory=ProbeCache)
    slides: SlideStore = field(default_factory=lambda: SlideStore(None))
    """Rendered slides, reused when their plan is unchanged (the deck's bytes are the same)."""
    handouts: FragmentStore = field(default_factory=lambda: FragmentStore(None))
    """The handouts' fragments, reused when their inputs are unchanged (the same bytes)."""
    pdfs: ImageCache | None = None
    """LibreOffice's PDFs by deck (see :func:`recapdeck.pipeline.stages.deck_pdf`)."""
    thumbnails: ImageCache | None = None
    """The handout's slide thumbnails by slide (see
    :func:`recapdeck.pipeline.stages.read_deck_pdf`)."""

    @classmethod
    def open(cls, cache: bool | Path | str | ImageCache) -> BuildContext:
        """A context over the cache folder ``cache`` names (see :class:`BuildOptions`)."""
        images = open_cache(cache)
        if images is None:
            return cls(None)
        folder = images.folder
        return cls(
            images,
            FontCache.load(folder / FONT_FACTS),
            templates=CompiledTemplates(disk=images),
            probes=ProbeCache.load(folder / PROBES_FILE),
            slides=SlideStore(images),
            handouts=FragmentStore(images),
            pdfs=ImageCache(folder, limit=PDFS_LIMIT, entries=PDFS_FOLDER),
            thumbnails=ImageCache(folder, limit=THUMBNAILS_LIMIT, entries=THUMBNAILS_FOLDER),
        )

    def start(self) -> None:
        """Get ready for a build: look again at what may have changed since the last one."""
        self.fonts.refresh()

    def finish(self) -> None:
        """After a build: keep what was learnt about the fonts and bound the image cache."""
        if self.images is None:
            return
        if self.fonts.changed:
            self.fonts.save(self.images.folder / FONT_FACTS)
            self.fonts.changed = False
        if self.probes.changed:
            self.probes.save(self.images.folder / PROBES_FILE)
        self.images.prune()
        self.slides.prune()
        self.handouts.prune()
        self.templates.prune()
        if self.pdfs is not None:
            self.pdfs.prune()
        if self.thumbnails is not None:
            self.thumbnails.prune()
