"""``recapdeck serve`` on the command line and its file watcher: refusals before anything
starts, and a saved screenshot reaching the page through watchfiles."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_serve_session import FakeOffice

from helpers_outline import draw_image
from recapdeck.pipeline import BuildOptions
from recapdeck.serve.session import ServeSession
from recapdeck.serve.watch import watch_session
from serve_live import write_talk


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recapdeck", "serve", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_missing_outline_is_refused(tmp_path):
    done = run("nothing.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "nothing.yaml: no such outline file" in done.stderr
    assert done.stdout == ""


def test_a_port_in_use_is_one_message(tmp_path):
    outline = write_talk(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = run(outline, "--port", str(port), cwd=tmp_path)
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow  # waits for the file watcher
def test_a_saved_screenshot_reaches_the_page_through_the_watcher(tmp_path, monkeypatch):
    office = FakeOffice()
    monkeypatch.setattr(
        ServeSession, "_convert", lambda self, source, pdf, prepared: office.convert(source, pdf)
    )
    outline = write_talk(tmp_path)
    session = ServeSession(outline, BuildOptions(cache=tmp_path / "cache"), width=320)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_session, args=(session, stop), daemon=True)
    watcher.start()
    try:
        first = session.wait_for_change(0, 60)
        while first.building or not first.slides:
            first = session.wait_for_change(first.version, 60)
        chart = next(s.number for s in first.slides if s.title == "A chart")
        draw_image(outline.parent / "chart.png", (1600, 900), color="darkred")
        view = session.wait_for_change(first.version, 30)
        # the watcher may see the file half written first (a failed refresh): wait it out
        while view.building or (view.refresh is not None and not view.refresh.ok):
            view = session.wait_for_change(view.version, 30)
        assert view.refresh is not None and view.refresh.rendered == (chart,)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
