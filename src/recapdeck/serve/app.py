"""The serve page's web server: Starlette routes, server-sent events, uvicorn on 127.0.0.1.

Routes: ``/`` the page (static: everything from the outline arrives as JSON and is put in as
text), ``/api/state`` the current :class:`~recapdeck.serve.view.DeckView`, ``/events`` a
server-sent event stream with each new view, and ``/slides/<key>.png`` a slide image, looked
up by its content key in the session's :class:`~recapdeck.serve.store.ImageStore` and nowhere
else: no file of the disk is ever served.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

if TYPE_CHECKING:
    from types import FrameType

    import uvicorn

    from .session import ServeSession

HOST = "127.0.0.1"
"""The only address served: the page is for the person at this machine."""
_WAIT_SECONDS = 0.5
"""How often an event stream looks whether the server is stopping."""
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_ASSETS = {"page.js": "text/javascript", "page.css": "text/css"}


def _asset(name: str) -> bytes:
    return resources.files("recapdeck.serve").joinpath("static", name).read_bytes()


def create_app(session: ServeSession, stopping: threading.Event) -> Starlette:
    """The web app showing ``session``; event streams end once ``stopping`` is set."""
    page = _asset("page.html")
    assets = {name: (_asset(name), kind) for name, kind in _ASSETS.items()}

    async def index(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=_SECURITY_HEADERS)

    async def asset(request: Request) -> Response:
        found = assets.get(request.path_params["name"])
        if found is None:
            return Response("not found", status_code=404, media_type="text/plain")
        data, kind = found
        return Response(data, media_type=f"{kind}; charset=utf-8", headers=_SECURITY_HEADERS)

    async def state(request: Request) -> Response:
        return Response(
            session.view.to_json(), media_type="application/json", headers=_SECURITY_HEADERS
        )

    async def slide(request: Request) -> Response:
        png = session.store.get(request.path_params["key"])
        if png is None:
            return Response("no such slide image", status_code=404, media_type="text/plain")
        # The key is a hash of the slide's content: the same URL always means the same image.
        headers = {**_SECURITY_HEADERS, "Cache-Control": "public, max-age=31536000, immutable"}
        return Response(png, media_type="image/png", headers=headers)

    async def events(request: Request) -> Response:
        return StreamingResponse(
            _event_stream(session, stopping, request),
            media_type="text/event-stream",
            headers={**_SECURITY_HEADERS, "X-Accel-Buffering": "no"},
        )

    routes = [
        Route("/", index),
        Route("/static/{name}", asset),
        Route("/api/state", state),
        Route("/events", events),
        Route("/slides/{key}.png", slide),
    ]
    # Only requests to this machine by name: a page elsewhere cannot read this one through a
    # host name it points at 127.0.0.1 (DNS rebinding).
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=[HOST, "localhost"])]
    return Starlette(routes=routes, middleware=middleware)


async def _event_stream(
    session: ServeSession, stopping: threading.Event, request: Request
) -> AsyncIterator[str]:
    """Each new view as a server-sent event, starting with the current one."""
    from anyio import to_thread

    view = session.view
    yield f"event: state\ndata: {view.to_json()}\n\n"
    version = view.version
    while not stopping.is_set() and not await request.is_disconnected():
        view = await to_thread.run_sync(session.wait_for_change, version, _WAIT_SECONDS)
        if view.version > version:
            version = view.version
            yield f"event: state\ndata: {view.to_json()}\n\n"


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 at ``port`` (0: a free port the system picks)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(64)
    return sock


def make_server(app: Starlette, on_exit: Callable[[], None]) -> uvicorn.Server:
    """A uvicorn server for ``app`` that calls ``on_exit`` when asked to stop (Ctrl-C)."""
    import uvicorn

    class _Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            on_exit()  # event streams end, so the server need not wait for them
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        app, log_level="warning", access_log=False, timeout_graceful_shutdown=2, lifespan="off"
    )
    return _Server(config)
