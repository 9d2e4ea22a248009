"""Temporary folders that name the process that made them: the next run removes a killed one's."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

SCRATCH_PREFIX = "recapdeck-soffice-"


STAGING_PREFIX = ".recapdeck-pdf-"


_OWNER = ".owner"
"""A file in each temporary folder naming the process that made it."""


_STALE_SECONDS = 24 * 3600
"""A temporary folder without a readable owner this old is left over too."""


def mark_owner(folder: Path) -> None:
    (folder / _OWNER).write_text(str(os.getpid()), encoding="ascii")


def remove_stale_scratch(parent: Path, prefix: str) -> int:
    """Remove the folders named ``prefix*`` in ``parent`` that a killed run left behind (the
    process their owner file names is gone); return how many. Only the user's own folders are
    touched, and only those with an owner file (see :func:`owned_temporary_directory`), or
    LibreOffice scratch folders a day old.
    """
    removed = 0
    try:
        children = list(os.scandir(parent))
    except OSError:
        return 0
    for child in children:
        if not child.name.startswith(prefix):
            continue
        try:
            st = child.stat(follow_symlinks=False)
            if not child.is_dir(follow_symlinks=False) or st.st_uid != os.getuid():
                continue
            owner = int((Path(child.path) / _OWNER).read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            owner = 0
        if owner and _alive(owner):
            continue
        if not owner and not (
            child.name.startswith((SCRATCH_PREFIX, STAGING_PREFIX))
            and time.time() - st.st_mtime > _STALE_SECONDS
        ):
            continue  # not ours to judge, or a run that has just started
        shutil.rmtree(child.path, ignore_errors=True)
        removed += 1
    return removed


@contextlib.contextmanager
def owned_temporary_directory(prefix: str = "recapdeck-") -> Iterator[Path]:
    """A temporary folder holding the id of the process that made it, so that the next run
    removes it when this one is killed before it can (see :func:`remove_stale_scratch`)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        folder = Path(name)
        mark_owner(folder)
        yield folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
