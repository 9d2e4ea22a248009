"""Serve's file watcher and the serving loop: refresh on every change, until Ctrl-C.

Which files count is watch mode's rule (:func:`recapdeck.pipeline.watching.inputs_of`): the
outline, every screenshot and photo it uses, its template and the theme folders.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import Problem, RecapdeckError
from ..pipeline.options import BuildOptions
from ..pipeline.watching import concerns_files, watch_roots
from .session import ServeSession

STEP_MS = 20
"""How long the watcher waits for more changes after one (an editor's save is several)."""


def watch_session(session: ServeSession, stop: threading.Event) -> None:
    """Refresh ``session`` now and after every change to its inputs, until ``stop`` is set."""
    from watchfiles import watch as watch_files

    _refresh(session)

    def relevant(_kind: object, path: str) -> bool:
        return concerns_files(session.inputs, session.folders, Path(path))

    while not stop.is_set():
        roots = watch_roots(session.inputs, session.folders)
        with contextlib.closing(
            watch_files(
                *roots,
                watch_filter=relevant,
                stop_event=stop,
                step=STEP_MS,
                yield_on_timeout=False,
            )
        ) as changes:
            for _ in changes:
                session.mark_building()
                _refresh(session)
                if watch_roots(session.inputs, session.folders) != roots:
                    break  # a folder to add or drop: a new screenshot folder, another theme
            else:
                return  # stopped


def _refresh(session: ServeSession) -> None:
    """One refresh; an unexpected failure is shown on the page rather than ending the watch."""
    try:
        session.refresh()
    except RecapdeckError as exc:  # LibreOffice failed even one-shot: show it, keep watching
        session.show_problems(exc.problems)
    except Exception as exc:  # a bug: say so on the page and go on watching
        session.show_problems([Problem(None, f"internal error: {type(exc).__name__}: {exc}")])


def serve(
    outline: Path,
    options: BuildOptions,
    *,
    port: int = 0,
    ready: Callable[[str], None] = print,
    persistent_office: bool = True,
) -> None:
    """Serve the live page of ``outline`` on 127.0.0.1 until Ctrl-C (or SIGTERM).

    ``ready`` is called with the page's URL once the server listens. LibreOffice is stopped
    and its profile removed on the way out, however the server ends.
    """
    from .app import HOST, bind, create_app, make_server

    try:
        sock = bind(port)
    except OSError as exc:
        raise RecapdeckError(
            f"cannot listen on {HOST}:{port} ({exc.strerror or exc}); choose another --port, "
            "or 0 for a free one"
        ) from None
    session = ServeSession(outline, options, persistent_office=persistent_office)
    stopping = threading.Event()
    try:
        server = make_server(create_app(session, stopping), stopping.set)
        watcher = threading.Thread(
            target=watch_session, args=(session, stopping), name="recapdeck-watch", daemon=True
        )
        watcher.start()
        ready(f"http://{HOST}:{sock.getsockname()[1]}/")
        try:
            server.run(sockets=[sock])
        finally:
            stopping.set()
            watcher.join(timeout=30)
    finally:
        session.close()
        sock.close()
