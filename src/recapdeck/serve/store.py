"""The slide images of a serve session, in memory, by content key."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

KEY_PATTERN = re.compile(r"[0-9a-f]{64}")
"""What a key looks like: a SHA-256 in hex. Anything else is never looked up."""


class ImageStore:
    """PNG bytes of rendered slides by key; the only images the server hands out."""

    def __init__(self) -> None:
        self._images: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.rendered = 0
        """How many images were put in since the session started."""

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._images

    def __len__(self) -> int:
        with self._lock:
            return len(self._images)

    def get(self, key: str) -> bytes | None:
        """The PNG of ``key``, or None (also for anything that is not a key)."""
        if not KEY_PATTERN.fullmatch(key):
            return None
        with self._lock:
            return self._images.get(key)

    def put(self, key: str, png: bytes) -> None:
        """Keep ``png`` as the image of ``key``."""
        if not KEY_PATTERN.fullmatch(key):
            raise ValueError(f"not a slide key: {key!r}")
        with self._lock:
            self._images[key] = png
            self.rendered += 1

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget every image but those of ``keys`` (the deck as the page shows it)."""
        wanted = set(keys)
        with self._lock:
            for key in [k for k in self._images if k not in wanted]:
                del self._images[key]
