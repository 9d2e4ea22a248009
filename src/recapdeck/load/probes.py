"""ProbeCache: what probing an image found, remembered while the file stays the same.

Probing decodes every pixel of a screenshot (a damaged PNG must fail at load, not in the
handout), about 45 ms for a 4K PNG: most of loading an outline with many screenshots. A file
whose path, size, modification and change times and inode are those of an earlier probe holds
the same bytes (as ``make`` and git assume), so its :class:`ImageInfo` is reused without reading
it. Only successful probes are kept; a file probed within the last seconds is not written to
disk, since a coarse file-system clock could give its next version the same times.
"""

from __future__ import annotations

import contextlib
import json
import stat
import threading
import time
from collections import OrderedDict
from pathlib import Path

from ..errors import RecapdeckError
from ..writing import write_atomic
from .images import ImageInfo, probe_image

PROBES_FILE = "probes.json"
"""Where a :class:`ProbeCache` is kept, in the cache folder."""
_FORMAT = 1
_RACY_SECONDS = 2.0
"""A file modified this recently may change again without its times changing."""

_Entry = tuple[int, int, str, int, str]
"""An ImageInfo without its path: width, height, format, orientation, mode."""


class ProbeCache:
    """Probed images by file identity: in memory for a session, on disk between processes."""

    def __init__(self, *, limit: int = 4096) -> None:
        self.limit = limit
        self._known: OrderedDict[str, _Entry] = OrderedDict()
        self._lasting: set[str] = set()
        """Keys of files old enough to be trusted by a later process."""
        self.changed = False
        """Whether anything worth keeping was learnt since :meth:`load`."""
        self._lock = threading.Lock()  # files are probed on a thread pool

    @classmethod
    def load(cls, path: Path) -> ProbeCache:
        """A cache filled from what :meth:`save` wrote to ``path``; empty if unreadable."""
        cache = cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                return cache
            for key, (w, h, fmt, orientation, mode) in data["probes"][-cache.limit :]:
                cache._known[str(key)] = (int(w), int(h), str(fmt), int(orientation), str(mode))
                cache._lasting.add(str(key))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()
        return cache

    def save(self, path: Path) -> None:
        """Write what may be trusted by the next process (best effort)."""
        probes = [[key, list(entry)] for key, entry in self._known.items() if key in self._lasting]
        data = {"format": _FORMAT, "probes": probes}
        with contextlib.suppress(OSError, RecapdeckError):
            write_atomic(path, json.dumps(data).encode(), durable=False)
        self.changed = False

    def probe(self, path: Path) -> ImageInfo:
        """:func:`probe_image` of ``path``, or what it said when the file was last the same."""
        try:
            st = path.stat()
        except OSError:
            return probe_image(path)  # says what is wrong in its words
        if not stat.S_ISREG(st.st_mode):
            return probe_image(path)
        key = "\x00".join(
            str(v) for v in (path, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        )
        with self._lock:
            if (entry := self._known.get(key)) is not None:
                self._known.move_to_end(key)
                width, height, fmt, orientation, mode = entry
                return ImageInfo(path, width, height, fmt, orientation, mode)
        info = probe_image(path)
        with self._lock:
            self._known[key] = (info.width, info.height, info.format, info.orientation, info.mode)
            if time.time() - max(st.st_mtime_ns, st.st_ctime_ns) / 1e9 > _RACY_SECONDS:
                self._lasting.add(key)
                self.changed = True
            while len(self._known) > self.limit:
                old, _ = self._known.popitem(last=False)
                self._lasting.discard(old)
        return info
