"""ImageCache: processed screenshot bytes kept between builds, keyed by content and settings.

Decoding a 4K PNG, downscaling it and encoding it again is most of a cold build. The result
depends only on the source file's bytes, the target size and the encoder (recapdeck's image
settings and Pillow's version), so it is stored under a hash of exactly those and reused by
the next build, whatever the file is called or where the deck is written.

Where: the user cache folder (``$RECAPDECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/recapdeck/images``,
else ``~/.cache/recapdeck/images``), not the output folder: the output folder then holds only
outputs (what users and CI artefact globs expect), one screenshot built into several output
folders or checkouts is processed once, and ``rm -rf build`` does not throw the cache away.

Safe to share: every entry is written to a temporary file and renamed into place, so two
builds (threads or processes) writing the same entry each leave a whole file, and a reader
never sees half of one. Each entry carries the SHA-256 of its payload; a damaged entry is
detected, removed and recomputed. Bounded: :meth:`ImageCache.prune` (run after each build)
deletes the least recently used entries (by modification time, refreshed on every hit) until
the folder is under its limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR_ENV = "RECAPDECK_CACHE_DIR"
DEFAULT_LIMIT = 500_000_000
"""Bytes the cache folder may hold after a build (about 1,500 processed 4K screenshots)."""

_FORMAT = b"recapdeck-image-cache 1"
_SUFFIX = ".img"
_STALE_TEMP_SECONDS = 3600
"""A temporary file older than this was left by a killed build, not one still writing."""


def default_cache_dir() -> Path:
    """The folder the image cache uses unless told otherwise (see the module docstring)."""
    if explicit := os.environ.get(CACHE_DIR_ENV, "").strip():
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "recapdeck" / "images"


@dataclass
class CacheStats:
    """What the cache did during one build: entries found, computed, found damaged, pruned."""

    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    pruned: int = 0


class ImageCache:
    """A folder of processed images, shared safely between builds and bounded in size."""

    def __init__(self, folder: Path | str, *, limit: int = DEFAULT_LIMIT) -> None:
        self.folder = Path(folder)
        self.limit = limit
        self.stats = CacheStats()
        self._lock = threading.Lock()  # the pictures are prepared on a thread pool

    @staticmethod
    def key(*parts: str) -> str:
        """A hex key for ``parts`` (content hashes, sizes, settings), in that order."""
        digest = hashlib.sha256()
        for part in parts:
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()

    def get(self, key: str) -> tuple[bytes, str] | None:
        """The bytes and extension stored under ``key``, or None (missing or damaged)."""
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            self._count("misses")
            return None
        entry = _decode(raw)
        if entry is None:
            self._count("corrupt")
            self._count("misses")
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently *used* is what pruning removes first
        self._count("hits")
        return entry

    def put(self, key: str, data: bytes, ext: str) -> None:
        """Store ``data`` under ``key``; a cache that cannot be written is skipped silently."""
        path = self._path(key)
        header = b"%s %s %s\n" % (_FORMAT, ext.encode("ascii"), _sha(data).encode("ascii"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(header + data)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass  # read-only or full: the build goes on without the cache

    def prune(self) -> int:
        """Delete the least recently used entries until the folder holds at most ``limit`` bytes;
        return how many were deleted."""
        entries: list[tuple[float, int, Path]] = []
        now = time.time()
        try:
            shards = [p for p in self.folder.iterdir() if p.is_dir()]
        except OSError:
            return 0
        for shard in shards:
            try:
                children = list(os.scandir(shard))
            except OSError:
                continue
            for child in children:
                try:
                    st = child.stat(follow_symlinks=False)
                except OSError:
                    continue
                if child.name.startswith(".tmp-"):
                    if now - st.st_mtime > _STALE_TEMP_SECONDS:
                        with contextlib.suppress(OSError):
                            os.unlink(child.path)
                    continue
                entries.append((st.st_mtime, st.st_size, Path(child.path)))
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries, key=lambda e: (e[0], e[2].name)):
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
            total -= size
        self._count("pruned", removed)
        return removed

    def size(self) -> int:
        """Bytes the cache's entries take."""
        return sum(p.stat().st_size for p in self.folder.glob(f"*/*{_SUFFIX}"))

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{_SUFFIX}"

    def _count(self, field: str, n: int = 1) -> None:
        with self._lock:
            setattr(self.stats, field, getattr(self.stats, field) + n)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def open_cache(cache: bool | Path | str | ImageCache) -> ImageCache | None:
    """The cache a ``cache=`` argument asks for: True the default folder, a path that folder,
    False none."""
    if isinstance(cache, ImageCache):
        return cache
    if cache is False:
        return None
    return ImageCache(default_cache_dir() if cache is True else Path(cache))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(raw: bytes) -> tuple[bytes, str] | None:
    header, sep, data = raw.partition(b"\n")
    if not sep:
        return None
    fields = header.split(b" ")
    if len(fields) != 4 or b" ".join(fields[:2]) != _FORMAT:
        return None
    ext, digest = fields[2].decode("ascii", "replace"), fields[3].decode("ascii", "replace")
    if ext not in ("png", "jpg") or _sha(data) != digest:
        return None
    return data, ext
