"""The persistent LibreOffice's helper: run under a Python that has LibreOffice's ``uno`` module.

Started by :mod:`recapdeck.export.office` as ``python3 office_worker.py SOFFICE PROFILE PIPE``
in a process group of its own. It starts LibreOffice listening on a named pipe, connects to it
through UNO and then converts one file a line: each request on standard input is a JSON object
``{"source": "/abs/deck.pptx", "target": "/abs/deck.pdf"}``, each answer on standard output
``{"ok": true}`` or ``{"error": "..."}``. When standard input closes (recapdeck stopped, in any
way, SIGKILL included) it asks LibreOffice to quit and then kills its whole process group, so
no LibreOffice outlives recapdeck.

Standard library and ``uno`` only: this file is not imported by recapdeck, only run.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

import uno  # LibreOffice's Python bridge (Debian: python3-uno)

_CONNECT_SECONDS = 60.0


def _prop(name: str, value: Any) -> Any:
    """A com.sun.star.beans.PropertyValue."""
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name = name
    prop.Value = value
    return prop


def _start(soffice: str, profile: str, pipe: str) -> subprocess.Popen[bytes]:
    """LibreOffice, headless, accepting UNO connections on the named pipe ``pipe``."""
    return subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=sys.stderr.fileno(),
        stderr=sys.stderr.fileno(),
    )


def _connect(pipe: str, office: subprocess.Popen[bytes]) -> Any:
    """The Desktop of the LibreOffice listening on ``pipe``, once it answers."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + _CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
        except Exception:
            if office.poll() is not None:
                raise RuntimeError(f"LibreOffice exited with status {office.returncode}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _convert(desktop: Any, source: str, target: str) -> None:
    """Open ``source`` hidden, export it as PDF to ``target``, close it."""
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source),
        "_blank",
        0,
        (_prop("Hidden", True), _prop("ReadOnly", True)),
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        document.storeToURL(
            uno.systemPathToFileUrl(target), (_prop("FilterName", "impress_pdf_Export"),)
        )
    finally:
        document.close(True)


def _answer(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    """Serve conversion requests until standard input closes."""
    soffice, profile, pipe = argv
    office = _start(soffice, profile, pipe)
    try:
        desktop = _connect(pipe, office)
        _answer({"ready": True})
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                _convert(desktop, request["source"], request["target"])
            except Exception as exc:  # every UNO error becomes an answer, the loop goes on
                _answer({"error": f"{type(exc).__name__}: {exc}"})
            else:
                _answer({"ok": True})
        with contextlib.suppress(Exception):
            desktop.terminate()
    except Exception as exc:
        _answer({"error": f"{type(exc).__name__}: {exc}"})
    finally:
        with contextlib.suppress(subprocess.TimeoutExpired):
            office.wait(timeout=3)
        if os.getpgid(0) == os.getpid():  # our own group: LibreOffice's helpers, then us
            os.killpg(0, signal.SIGKILL)
        office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
