"""One LibreOffice kept running for a session (``recapdeck serve``), driven through UNO.

A one-shot conversion (:mod:`recapdeck.export.libreoffice`) pays LibreOffice's start-up, two
seconds and more, on every call; an :class:`Office` pays it once. LibreOffice's Python bridge
(``uno``) belongs to the system's Python (Debian: python3-uno), not to recapdeck's virtual
environment, so the office is driven by a small helper, :mod:`.office_worker`, run under a
Python that has it; recapdeck talks to the helper over a pipe, one JSON line a request.

The helper and LibreOffice run in a process group of their own, with their own throw-away
profile and fontconfig file. :meth:`Office.close` (and leaving the ``with`` block, Ctrl-C
included) stops them; if recapdeck dies without closing, the helper sees its standard input
close and kills the group itself.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ..errors import RecapdeckError
from .libreoffice import find_soffice, office_environment
from .scratch import SCRATCH_PREFIX, mark_owner, remove_stale_scratch

UNO_PYTHON_ENV = "RECAPDECK_UNO_PYTHON"
"""The Python to run the helper with (it must import ``uno``); found by itself when unset."""

_WORKER = Path(__file__).with_name("office_worker.py")
_START_SECONDS = 60.0
_STOP_SECONDS = 5.0
_UNO_HINT = (
    "install LibreOffice's Python bridge (Debian/Ubuntu: apt-get install python3-uno) or set "
    f"{UNO_PYTHON_ENV} to a Python that can import uno"
)


def find_uno_python() -> Path:
    """A Python that can import LibreOffice's ``uno``: $RECAPDECK_UNO_PYTHON, this one, or the
    system's python3."""
    configured = os.environ.get(UNO_PYTHON_ENV)
    if configured:
        return Path(configured)
    if importlib.util.find_spec("uno") is not None:
        return Path(sys.executable)
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and _imports_uno(candidate):
            return Path(candidate)
    raise RecapdeckError(f"LibreOffice's Python bridge (uno) was not found; {_UNO_HINT}")


def _imports_uno(python: str) -> bool:
    try:
        done = subprocess.run(
            [python, "-c", "import uno"], capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


class Office:
    """A LibreOffice that stays up and converts one file after another to PDF.

    ``font_dirs`` are added to the system fonts and ``substitutes`` ({family: installed family})
    stand in for fonts that are not installed, as for one-shot conversions. Use it as a
    context manager, or call :meth:`close`; a conversion that hangs past its timeout stops the
    office, and the next conversion starts a new one.
    """

    def __init__(
        self, *, font_dirs: Sequence[Path] = (), substitutes: Mapping[str, str] | None = None
    ) -> None:
        self.font_dirs = tuple(Path(d) for d in font_dirs)
        self.substitutes = dict(substitutes or {})
        self._process: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._scratch: Path | None = None
        self._lock = threading.Lock()
        self.starts = 0
        """How many times LibreOffice was started (1 for a healthy session)."""

    def __enter__(self) -> Office:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The helper's process id, which is also its process group's (None when stopped)."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start LibreOffice and wait until it answers; raise RecapdeckError if it cannot."""
        with self._lock:
            self._start()

    def convert(self, source: Path, target: Path, *, timeout: float = 120) -> None:
        """Write ``target``, the PDF of the presentation ``source``."""
        with self._lock:
            if self._process is None:
                self._start()
            request = {"source": str(Path(source).resolve()), "target": str(Path(target))}
            self._send(request)
            answer = self._receive(timeout, f"converting {Path(source).name}")
            if "error" in answer:
                raise RecapdeckError(f"LibreOffice could not convert {source}: {answer['error']}")

    def close(self) -> None:
        """Stop LibreOffice and its helper and remove their profile; safe to call twice.

        A conversion under way in another thread is not waited for: the office is killed,
        and that conversion fails.
        """
        if not self._lock.acquire(timeout=_STOP_SECONDS):
            process = self._process
            if process is not None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
            self._lock.acquire()
        try:
            self._stop()
        finally:
            self._lock.release()

    def _start(self) -> None:
        soffice = find_soffice()
        python = find_uno_python()
        remove_stale_scratch(Path(tempfile.gettempdir()), SCRATCH_PREFIX)
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
        mark_owner(scratch)
        self._scratch = scratch
        env = office_environment(scratch, self.font_dirs, self.substitutes)
        pipe = f"recapdeck-{os.getpid()}-{scratch.name}"
        profile = (scratch / "profile").as_uri()
        log = (scratch / "office.log").open("wb")
        try:
            self._process = subprocess.Popen(
                [str(python), "-I", str(_WORKER), str(soffice), profile, pipe],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                env=env,
                text=True,
                start_new_session=True,  # its own group: Ctrl-C reaches recapdeck alone
            )
        except OSError as exc:
            self._stop()
            raise RecapdeckError(f"cannot start LibreOffice's helper ({python}): {exc}") from exc
        finally:
            log.close()
        self._answers = queue.Queue()
        threading.Thread(
            target=_read_lines,
            args=(self._process.stdout, self._answers),
            name="recapdeck-office",
            daemon=True,
        ).start()
        self.starts += 1
        answer = self._receive(_START_SECONDS, "starting")
        if not answer.get("ready"):
            self._stop()
            raise RecapdeckError(f"LibreOffice did not start: {answer.get('error', answer)}")

    def _send(self, request: dict[str, str]) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
        except OSError as exc:
            self._stop()
            raise RecapdeckError(f"LibreOffice stopped unexpectedly: {exc}") from exc

    def _receive(self, timeout: float, doing: str) -> dict[str, Any]:
        try:
            line = self._answers.get(timeout=timeout)
        except queue.Empty:
            self._stop()
            raise RecapdeckError(
                f"LibreOffice took longer than {timeout:g} s {doing} and was stopped"
            ) from None
        if line is None:
            log = self._log_tail()
            self._stop()
            raise RecapdeckError(f"LibreOffice stopped while {doing}{log}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _log_tail(self) -> str:
        """The last lines the helper and LibreOffice printed, with the fix when it is known."""
        if self._scratch is None:
            return ""
        try:
            text = (self._scratch / "office.log").read_text("utf-8", errors="replace")
        except OSError:
            return ""
        lines = [line.strip() for line in text.splitlines() if line.strip(" ^~\t")][-2:]
        said = f"; it said: {' / '.join(lines)}" if lines else ""
        return said + (f"; {_UNO_HINT}" if "No module named 'uno'" in text else "")

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()  # the helper asks LibreOffice to quit, then kills all
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=_STOP_SECONDS)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=_STOP_SECONDS)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _read_lines(stream: IO[str] | None, into: queue.Queue[str | None]) -> None:
    """Put each line the helper prints into ``into``; None once it has closed its output."""
    if stream is not None:
        for line in stream:
            into.put(line)
    into.put(None)


def wait_gone(group: int, timeout: float = 5.0) -> bool:
    """Whether the process group ``group`` has no process left, waiting up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        time.sleep(0.05)
    return False
