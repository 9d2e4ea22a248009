"""Reusing rendered slides: a slide whose plan, pictures and deck settings are unchanged is
added from its recorded parts instead of being written again with python-pptx.

A slide's XML depends only on its own :class:`SlidePlan` (not where it came from in the
outline), its pictures' bytes, the theme (and template), the deck's language, date and footer
text, and the code and libraries that write it: :meth:`SlideStore.key` hashes exactly those.
Records live in memory for a session (watch mode, ``serve``: the store is part of the
``BuildContext``) and in the cache folder between processes (beside the processed pictures,
sharing their safety and their bound). The deck stays byte for byte what a cold build writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..cache import ImageCache, KeptEntries, code_fingerprint, file_sha256, library_version
from ..load.theme import Theme
from ..oxml.reuse import SlideRecord, record_slide, replay_slide
from ..plan.model import DeckPlan, SlidePlan

_KIND = "slide"
SLIDES_FOLDER = "slides"
"""The cache folder's sub-folder of rendered slides."""
SLIDES_LIMIT = 100_000_000
"""Bytes the rendered slides may take (a slide's record is about 10 kB)."""
Pictures = Mapping[Path, tuple[bytes, str]]


class SlideStore(KeptEntries[SlideRecord]):
    """Rendered slides by key: the last ``limit`` in memory, all of them in the cache folder."""

    kind = _KIND

    def __init__(self, cache: ImageCache | None, *, limit: int = 4096) -> None:
        super().__init__(cache, entries=SLIDES_FOLDER, size=SLIDES_LIMIT, limit=limit)
        self._code: str | None = None
        self.reused = 0
        """Slides added from a record by the last :meth:`session`."""

    def session(self, plan: DeckPlan, theme: Theme, pictures: Pictures) -> SlideReuse:
        """What one render of ``plan`` reuses and records."""
        if self._code is None:  # the code does not change under a running session
            versions = [f"{n}-{library_version(n)}" for n in ("python-pptx", "lxml", "Pillow")]
            self._code = ImageCache.key(code_fingerprint(), *versions)
        template = ""
        if theme.template is not None:
            template = file_sha256(theme.template.path)
        p = plan.props
        deck = ImageCache.key(
            self._code, repr(theme), template, p.language, repr(plan.meta.date), plan.footer_text
        )
        self.reused = 0
        return SlideReuse(self, deck, pictures)

    def encode(self, value: SlideRecord) -> bytes:
        return value.to_bytes()

    def decode(self, data: bytes) -> SlideRecord | None:
        return SlideRecord.from_bytes(data)


class SlideReuse:
    """One render's use of a :class:`SlideStore`: slides replayed, slides to record."""

    def __init__(self, store: SlideStore, deck: str, pictures: Pictures) -> None:
        self._store = store
        self._deck = deck
        self._pictures = pictures
        self._digests: dict[Path, str] = {}
        self._replayed: set[int] = set()
        """``id`` of each replayed slide plan."""

    def key(self, slide: SlidePlan) -> str:
        """What ``slide``'s parts depend on, hashed (its place in the outline left out)."""
        pictures = [self._digest(pic.image.path) for pic in slide.pictures if pic.image is not None]
        return ImageCache.key(self._deck, repr(replace(slide, location=None)), *pictures)

    def replay(self, add_slide: Any, layout: Any, slide: SlidePlan) -> bool:
        """Add ``slide`` from its record if there is one; whether it was."""
        record = self._store.get(self.key(slide))
        if record is None:
            return False
        images = {
            hashlib.sha1(data).hexdigest(): data
            for data, _ in (self._pictures[p.image.path] for p in slide.pictures if p.image)
        }
        replay_slide(add_slide, layout, record, images)
        self._replayed.add(id(slide))
        self._store.reused += 1
        return True

    def record(self, prs: Any, plan: DeckPlan) -> None:
        """Record every slide of the finished ``prs`` that was written, not replayed."""
        for slide, slide_plan in zip(prs.slides, plan.slides, strict=True):
            if id(slide_plan) in self._replayed:
                continue
            record = record_slide(slide)
            if record is not None:
                self._store.put(self.key(slide_plan), record)

    def _digest(self, path: Path) -> str:
        if (digest := self._digests.get(path)) is None:
            digest = self._digests[path] = hashlib.sha256(self._pictures[path][0]).hexdigest()
        return digest
