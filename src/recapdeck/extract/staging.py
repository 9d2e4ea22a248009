"""Writing the outputs of ``recapdeck extract`` all together, or none of them.

Slide PNGs are staged one by one as they are encoded (so they need not all be held in memory,
as :func:`recapdeck.writing.write_all` would), then renamed into place together.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import Location, Problem, RecapdeckError


class Staging:
    """Outputs written to temporary files beside their targets, renamed into place together."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._created: list[Path] = []

    def add(self, target: Path, data: bytes) -> None:
        missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._created += [p for p in reversed(missing) if p not in self._created]
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                self._staged.append((Path(name), target))
                handle.write(data)
        except OSError as exc:
            raise RecapdeckError(
                Problem(
                    Location(target), f"cannot write: {exc.strerror or exc}; choose another --out"
                )
            ) from None

    def commit(self) -> list[Path]:
        done = []
        try:
            for tmp, target in self._staged:
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
                done.append(target)
        except OSError as exc:
            raise RecapdeckError(
                Problem(
                    Location(target), f"cannot write: {exc.strerror or exc}; choose another --out"
                )
            ) from None
        self._staged = []
        self._created = []
        return done

    def abort(self) -> None:
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._staged = []
        self._created = []
