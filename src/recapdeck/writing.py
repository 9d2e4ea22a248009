"""Writing outputs safely: staged to temporary files, renamed into place all together.

A build renders everything in memory first; these functions then write it so that a failure
(a full disk, a folder in the way, Ctrl-C) never leaves a half-written file or a mix of old and
new outputs behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import Location, Problem, RecapdeckError


def write_all(files: dict[Path, bytes], *, durable: bool = True) -> None:
    """Write every output or none of them.

    Each file is first written in full (and flushed to disk) to a temporary file beside its
    target; only when all are written are they renamed into place, with Ctrl-C held back for
    those few microseconds. A failure or an interrupt before then removes the temporary files
    and any output folder this call created, and leaves the previous outputs as they were.
    Not ``durable`` (a cache's record, worth nothing after a crash), the files are not flushed.
    """
    for target in files:
        if target.is_dir():
            raise RecapdeckError(
                f"{target}: a folder is in the way of the output file; move it or choose "
                "another --out"
            )
    created: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    done = False
    try:
        for target, data in files.items():
            created += _make_folder(target.parent)
            staged.append((_stage(target, data, durable=durable), target))
        with _interrupts_held():
            for tmp, target in staged:
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    raise RecapdeckError(_write_problem(target, exc)) from None
        done = True
    finally:
        if not done:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            for folder in reversed(created):
                with contextlib.suppress(OSError):
                    folder.rmdir()


def write_atomic(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``target`` through a temporary file, so a failure leaves no debris."""
    write_all({target: data}, durable=durable)


def check_outline_names(outlines: Sequence[Path | str]) -> list[Path]:
    """Return the outlines to build, each once; raise if two different files share a name.

    Outputs are named after the outline file (``talk.yaml`` → ``talk.pptx``), so two outlines
    with the same stem would overwrite each other's outputs in one output folder. Case is
    ignored, as it is on macOS and Windows file systems.
    """
    seen: dict[str, Path] = {}
    unique: list[Path] = []
    problems = []
    for item in outlines:
        path = Path(item)
        first = seen.setdefault(path.stem.casefold(), path)
        if first is path:
            unique.append(path)
        elif os.path.realpath(first) != os.path.realpath(path):
            problems.append(
                Problem(
                    Location(path.absolute()),
                    f"has the same name as {first}, so both would write {path.stem}.pptx "
                    "and its handouts into the same folder; rename one, or build them "
                    "separately with different --out folders. Nothing was built",
                )
            )
    if problems:
        raise RecapdeckError(problems)
    return unique


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing = []
    probe = folder
    while not probe.exists() and not probe.is_symlink() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RecapdeckError(_folder_problem(folder, exc)) from None
    return list(reversed(missing))


def _stage(target: Path, data: bytes, *, durable: bool) -> Path:
    """Write ``data`` to a new temporary file beside ``target``; return its path."""
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise RecapdeckError(_folder_problem(target.parent, exc)) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                with contextlib.suppress(OSError):  # some file systems cannot sync; not fatal
                    os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise RecapdeckError(_write_problem(target, exc)) from None
        raise
    return tmp


_WRITE_REASONS = {
    errno.ENOSPC: "no space left on the device; free some space or choose another --out",
    errno.EDQUOT: "the disk quota is used up; free some space or choose another --out",
    errno.EROFS: "the file system is read-only; choose another --out",
    errno.EACCES: "permission denied; choose another --out or fix the folder's permissions",
    errno.EPERM: "permission denied; choose another --out or fix the folder's permissions",
}


def _write_problem(target: Path, exc: OSError) -> Problem:
    reason = _WRITE_REASONS.get(exc.errno or 0, f"{exc.strerror or exc}; choose another --out")
    return Problem(
        Location(target), f"cannot write the output: {reason}. The previous outputs are unchanged"
    )


def _folder_problem(folder: Path, exc: OSError) -> Problem:
    in_the_way = next((p for p in (folder, *folder.parents) if p.is_file()), None)
    if in_the_way == folder:
        reason = "it is a file"
    elif in_the_way is not None:
        reason = f"{in_the_way} is a file, not a folder"
    else:
        reason = _WRITE_REASONS.get(exc.errno or 0, exc.strerror or str(exc)).split(";")[0]
    return Problem(
        Location(folder),
        f"cannot write into the output folder ({reason}); choose another with --out",
    )


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) and SIGTERM until the block is done, then deliver them."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread
        return
    caught: list[int] = []
    previous = {
        kind: signal.signal(kind, lambda signum, _: caught.append(signum))
        for kind in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for kind, handler in previous.items():
            if handler is not None:  # None: set outside Python, nothing to restore
                signal.signal(kind, handler)
        for signum in dict.fromkeys(caught):
            kind = signal.Signals(signum)
            handler = previous[kind]
            if callable(handler):
                handler(kind, None)
            elif handler == signal.SIG_DFL and kind == signal.SIGINT:
                raise KeyboardInterrupt
            elif handler == signal.SIG_DFL:
                signal.raise_signal(kind)
