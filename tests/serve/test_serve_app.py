"""The serve web app: what it hands out (only slide images by key, its own page), its headers,
and the page script putting the outline's text in as text."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from importlib import resources

import pytest
from starlette.testclient import TestClient

from recapdeck.serve.app import create_app
from recapdeck.serve.store import ImageStore
from recapdeck.serve.view import DeckView, Issue, SlideView

KEY = "ab" * 32
HOSTILE = '<img src=x onerror="alert(1)"></title><script>alert(2)</script>'


@dataclass
class StubSession:
    """What the app reads of a session: the view and the store."""

    view: DeckView
    store: ImageStore = field(default_factory=ImageStore)

    def wait_for_change(self, version: int, timeout: float) -> DeckView:
        return self.view


@pytest.fixture
def client():
    slide = SlideView(1, "title", HOSTILE, HOSTILE, KEY, "talk.yaml:2:1", 2, "0:00", 30)
    warning = Issue("talk.yaml:3:11", 3, "", HOSTILE)
    view = DeckView(3, "talk.yaml", title=HOSTILE, slides=(slide,), warnings=(warning,))
    session = StubSession(view)
    session.store.put(KEY, b"\x89PNG fake")
    stopping = threading.Event()
    app = create_app(session, stopping)  # type: ignore[arg-type]
    with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
        yield test_client
    stopping.set()


def test_the_page_is_static_and_locked_down(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "alert" not in page.text  # the outline's text never goes into the HTML
    assert client.get("/static/page.js").headers["content-type"].startswith("text/javascript")


def test_the_state_carries_the_outline_text_as_data(client):
    state = client.get("/api/state").json()
    assert state["title"] == HOSTILE
    assert state["slides"][0]["image"] == KEY
    assert state["warnings"][0]["where"] == "talk.yaml:3:11"


def test_a_slide_image_by_its_key_is_immutable(client):
    image = client.get(f"/slides/{KEY}.png")
    assert image.status_code == 200
    assert image.content == b"\x89PNG fake"
    assert image.headers["content-type"] == "image/png"
    assert "immutable" in image.headers["cache-control"]


@pytest.mark.parametrize(
    "path",
    [
        "/slides/" + "cd" * 32 + ".png",  # a key with no image
        "/slides/..%2F..%2F..%2Fetc%2Fpasswd.png",
        "/slides/%2Fetc%2Fpasswd.png",
        "/slides/" + KEY.upper() + ".png",
        "/static/..%2Fapp.py",
        "/static/page.html%00.js",
        "/static/../../pyproject.toml",
        "/etc/passwd",
    ],
)
def test_nothing_else_is_served(client, path):
    assert client.get(path).status_code == 404


def test_only_requests_to_this_machine_by_name_are_answered(client):
    assert client.get("/api/state", headers={"host": "localhost:8765"}).status_code == 200
    rebound = client.get("/api/state", headers={"host": "attacker.example:8765"})
    assert rebound.status_code == 400
    assert "alert" not in rebound.text


def test_events_start_with_the_current_state(client):
    with client.stream("GET", "/events") as events:
        assert events.headers["content-type"].startswith("text/event-stream")
        lines = events.iter_lines()
        assert next(lines) == "event: state"
        assert next(lines).startswith('data: {"version": 3')


def test_the_page_script_sets_text_only():
    script = resources.files("recapdeck.serve").joinpath("static", "page.js").read_text()
    assert "textContent" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_the_store_refuses_what_is_not_a_key():
    store = ImageStore()
    with pytest.raises(ValueError):
        store.put("../x", b"")
    assert store.get("../../etc/passwd") is None
