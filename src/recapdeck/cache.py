"""ImageCache: processed screenshot bytes kept between builds, keyed by content and settings.

Decoding a 4K PNG, downscaling it and encoding it again is most of a cold build. The result
depends only on the source file's bytes, the target size and the encoder (recapdeck's image
settings and Pillow's version), so it is stored under a hash of exactly those and reused by
the next build, whatever the file is called or where the deck is written.

Where: the user cache folder (``$RECAPDECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/recapdeck/images``,
else ``~/.cache/recapdeck/images``), not the output folder: the output folder then holds only
outputs (what users and CI artefact globs expect), one screenshot built into several output
folders or checkouts is processed once, and ``rm -rf build`` does not throw the cache away.

Never anyone else's files: the folder is marked as recapdeck's with a ``CACHEDIR.TAG`` (the
cache-directory convention backup tools honour); entries live in its ``images/`` sub-folder under
names only recapdeck makes (``images/<2 hex>/<64 hex>.img``), and pruning looks at nothing
else and follows no symbolic link. A folder that holds other files and no marker is refused
rather than adopted, so ``RECAPDECK_CACHE_DIR=~/Pictures`` cannot cost a photo.

Safe to share: every entry is written to a temporary file and renamed into place, so two
builds (threads or processes) writing the same entry each leave a whole file, and a reader
never sees half of one. Each entry carries the SHA-256 of its payload; a damaged entry is
detected, removed and recomputed. Bounded: :meth:`ImageCache.prune` (run after each build)
deletes the least recently used entries (by modification time, refreshed on every hit) until
the folder is under its limit.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from .errors import Location, Problem, RecapdeckError

T = TypeVar("T")

CACHE_DIR_ENV = "RECAPDECK_CACHE_DIR"
DEFAULT_LIMIT = 500_000_000
"""Bytes the cache folder may hold after a build (about 1,500 processed 4K screenshots)."""

_FORMAT = b"recapdeck-image-cache 1"
_SUFFIX = ".img"
MARKER = "CACHEDIR.TAG"
"""The file that marks a folder as recapdeck's cache (https://bford.info/cachedir/)."""
_MARKER_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by recapdeck.\n"
    "# recapdeck only ever deletes files it wrote below images/.\n"
)
ENTRY_KINDS = ("png", "jpg", "slide", "pdf", "code", "fragments")
"""What an entry may hold: a picture, or a rendered slide (see :mod:`recapdeck.render.reuse`,
which keeps them in a ``slides/`` sub-folder), or LibreOffice's PDF of a deck (``pdfs/``), or
a compiled handout template (``templates/``), or a handout's fragments (``handouts/``, see
:mod:`recapdeck.render.fragments`)."""
ENTRIES = "images"
"""The sub-folder holding the entries."""
_SHARD = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{64}\.img")
_TEMP = re.compile(r"\.tmp-[A-Za-z0-9_-]+")
_OWN_NAMES = re.compile(
    r"[0-9a-f]{2}|images|slides|pdfs|soffice-profile-[0-9a-f]+|builds"
    r"|fonts\.json|probes\.json|\.tmp-.*|CACHEDIR\.TAG"
)
"""What a cache folder written by an earlier recapdeck (before the marker) holds."""
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

    def __init__(
        self, folder: Path | str, *, limit: int = DEFAULT_LIMIT, entries: str = ENTRIES
    ) -> None:
        self.folder = Path(folder)
        self.limit = limit
        self.entries = entries
        """The sub-folder holding this cache's entries (another name, another cache)."""
        self.stats = CacheStats()
        self._lock = threading.Lock()  # the pictures are prepared on a thread pool
        self.usable = claim_cache_folder(self.folder)
        """False when the folder cannot be made or marked: the build goes on without it."""

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
            raw = _read_own_file(path)
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

    def put(self, key: str, data: bytes | Sequence[bytes], ext: str) -> None:
        """Store ``data`` (or its pieces, one after the other, without joining them in memory)
        under ``key``; a cache that cannot be written is skipped silently."""
        if not self.usable:
            return
        path = self._path(key)
        pieces = [data] if isinstance(data, bytes) else data
        digest = hashlib.sha256()
        for piece in pieces:
            digest.update(piece)
        header = b"%s %s %s\n" % (_FORMAT, ext.encode("ascii"), digest.hexdigest().encode("ascii"))
        try:
            _own_folder(path.parent)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(header)
                    for piece in pieces:
                        f.write(piece)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass  # read-only or full: the build goes on without the cache

    def prune(self) -> int:
        """Delete the least recently used entries until the folder holds at most ``limit`` bytes;
        return how many were deleted.

        Only regular files named as recapdeck names entries, in shard folders that are real
        folders (no symbolic link is followed), count and are deleted; so are temporary files
        a killed build left. Anything else in the folder is left alone.
        """
        entries: list[tuple[float, int, Path]] = []
        now = time.time()
        for shard in self._shards():
            try:
                children = list(os.scandir(shard))
            except OSError:
                continue
            for child in children:
                try:
                    st = child.stat(follow_symlinks=False)
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue
                if _TEMP.fullmatch(child.name):
                    if now - st.st_mtime > _STALE_TEMP_SECONDS:
                        with contextlib.suppress(OSError):
                            os.unlink(child.path)
                    continue
                if _ENTRY.fullmatch(child.name):
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

    def _shards(self) -> list[str]:
        """The shard folders (real folders, not links), including an older layout's."""
        shards = []
        legacy = [self.folder] if self.entries == ENTRIES else []
        for parent in (self.folder / self.entries, *legacy):
            if parent.is_symlink():
                continue
            try:
                children = list(os.scandir(parent))
            except OSError:
                continue
            shards += [
                c.path
                for c in children
                if _SHARD.fullmatch(c.name) and c.is_dir(follow_symlinks=False)
            ]
        return shards

    def size(self) -> int:
        """Bytes the cache's entries take."""
        return sum(p.stat().st_size for p in (self.folder / self.entries).glob(f"*/*{_SUFFIX}"))

    def _path(self, key: str) -> Path:
        return self.folder / self.entries / key[:2] / f"{key}{_SUFFIX}"

    def _count(self, field: str, n: int = 1) -> None:
        with self._lock:
            setattr(self.stats, field, getattr(self.stats, field) + n)


class KeptEntries(Generic[T]):
    """Values by key: the last ``limit`` in memory, all of them in a sub-folder of the cache
    folder (``entries``, bounded to ``size`` bytes, as safe as the processed pictures).

    Subclasses say how a value becomes bytes (:meth:`encode`, whole or in pieces) and back
    (:meth:`decode`, None for what this version did not write); the rendered slides and the
    handouts' fragments are kept this way.
    """

    kind = ""
    """The cache entry kind of the values (one of :data:`ENTRY_KINDS`)."""

    def __init__(self, cache: ImageCache | None, *, entries: str, size: int, limit: int) -> None:
        self.limit = limit
        self._disk = (
            ImageCache(cache.folder, limit=size, entries=entries) if cache is not None else None
        )
        self._memory: OrderedDict[str, T] = OrderedDict()

    def encode(self, value: T) -> bytes | Sequence[bytes]:
        raise NotImplementedError

    def decode(self, data: bytes) -> T | None:
        raise NotImplementedError

    def get(self, key: str) -> T | None:
        """The value kept under ``key``, or None."""
        if (found := self._memory.get(key)) is not None:
            self._memory.move_to_end(key)
            return found
        if self._disk is None or (raw := self._disk.get(key)) is None:
            return None
        value = self.decode(raw[0])
        if value is not None:
            self._remember(key, value)
        return value

    def put(self, key: str, value: T, *, write: bool = True) -> None:
        """Keep ``value`` under ``key``, in memory and (when ``write``) in the cache folder."""
        self._remember(key, value)
        if self._disk is not None and write:
            self._disk.put(key, self.encode(value), self.kind)

    def prune(self) -> None:
        """Bound the values kept in the cache folder (least recently used go first)."""
        if self._disk is not None:
            self._disk.prune()

    def _remember(self, key: str, value: T) -> None:
        self._memory[key] = value
        while len(self._memory) > self.limit:
            self._memory.popitem(last=False)


def claim_cache_folder(folder: Path) -> bool:
    """Make ``folder`` recapdeck's cache (a marker in it); True if it can be used.

    A new or empty folder, or one holding only what recapdeck writes, is marked; one that holds
    other files and no marker is refused with an error: pruning must never reach a user's files.
    A folder that cannot be made or written (a file is in the way, read-only) returns False.
    """
    marker = folder / MARKER
    try:
        if marker.is_file() and not marker.is_symlink():
            return True
        if folder.exists() and not folder.is_dir():
            return False
        foreign = (
            sorted(n for n in os.listdir(folder) if not _OWN_NAMES.fullmatch(n))
            if folder.is_dir()
            else []
        )
    except OSError:
        return False
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise RecapdeckError(
            Problem(
                Location(folder),
                f"this folder is not recapdeck's cache (it holds {shown} and no {MARKER}), "
                "and pruning the cache could delete those files; point "
                f"{CACHE_DIR_ENV} at an empty or new folder, or build with --no-cache",
            )
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        with open(fd, "w", encoding="ascii") as f:
            f.write(_MARKER_TEXT)
        os.replace(tmp, marker)
    except OSError:
        return False
    return True


def _own_folder(folder: Path) -> None:
    """Make the entry folder ``folder`` (below the cache folder); refuse a link on the way."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in (folder.parent, folder):
        if part.is_symlink():
            raise OSError(f"{part} is a symbolic link")


def _read_own_file(path: Path) -> bytes:
    """The bytes of the regular file ``path``, never through a link or from a pipe."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        with open(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """recapdeck's version and the size and time of each of its files (an edited checkout
    counts as other code): part of the keys of what depends on the code, not only the input.

    Read once per process: the code a process runs is the code it imported, whatever happens
    to the files afterwards."""
    from . import __version__

    package = Path(__file__).resolve().parent  # recapdeck/, every stage's code
    seen = [__version__]
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            p = Path(folder, name)
            with contextlib.suppress(OSError):
                st = p.stat()
                seen.append(f"{p.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(seen).encode()).hexdigest()


def library_version(name: str) -> str | None:
    """The installed version of the distribution ``name`` (e.g. ``"python-pptx"``), or None.

    Read from the names of the ``*.dist-info`` folders on ``sys.path`` (one listing per folder,
    once per process) instead of parsing each package's metadata, which costs a few
    milliseconds a package on every build; a package installed some other way is asked for
    through :mod:`importlib.metadata`."""
    found = _installed().get(_normalise(name))
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@functools.cache
def _installed() -> dict[str, str]:
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                dist, _, version = folder[: -len(".dist-info")].partition("-")
                versions.setdefault(_normalise(dist), version)
    return versions


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


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
    if ext not in ENTRY_KINDS or _sha(data) != digest:
        return None
    return data, ext
