"""LibreOffice started before the deck exists (OfficeRun): the same PDF, nothing left behind."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from recapdeck.errors import RecapdeckError
from recapdeck.export import libreoffice
from recapdeck.export.libreoffice import OfficeRun, convert_to_pdf
from recapdeck.export.pdf import normalise_pdf

pytestmark = pytest.mark.external

needs_soffice = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) and not os.environ.get("CI"),
    reason="LibreOffice not installed",
)


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A TMPDIR of the test's own, to see what is left in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    return folder


def _deck(path: Path, titles: tuple[str, ...]) -> Path:
    from pptx import Presentation

    presentation = Presentation()
    for title in titles:
        presentation.slides.add_slide(presentation.slide_layouts[5]).shapes.title.text = title
    presentation.save(path)
    return path


def _gone(pid: int, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


@needs_soffice
def test_a_libreoffice_started_early_makes_the_pdf_a_lone_one_makes(
    tmp_path: Path, own_tmp: Path
) -> None:
    deck = _deck(tmp_path / "abc.pptx", ("Alpha", "Beta", "Gamma"))
    seed = tmp_path / "cache" / "profile"
    with OfficeRun(profile_seed=seed) as run:
        run.start()
        assert run.started
        assert any(p.name.startswith("recapdeck-soffice-") for p in own_tmp.iterdir())
        time.sleep(0.5)  # the deck is rendered meanwhile
        (early,) = run.convert([deck], tmp_path / "early")
    assert (seed / "user").is_dir()  # it ended by itself: its fresh profile is kept
    (lone,) = convert_to_pdf([deck], tmp_path / "lone")
    when = dt.datetime(2024, 1, 1)
    assert normalise_pdf(early.read_bytes(), when) == normalise_pdf(lone.read_bytes(), when)
    assert list(own_tmp.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "early").iterdir()) == ["abc.pdf"]


@needs_soffice
def test_a_deck_handed_over_at_once_is_converted_too(tmp_path: Path, own_tmp: Path) -> None:
    """Handed over before the early LibreOffice listens, the deck's own soffice converts it and
    the early one, finding it, hands over its empty command line and ends."""
    deck = _deck(tmp_path / "one.pptx", ("One",))
    with OfficeRun() as run:
        run.start()
        (pdf,) = run.convert([deck], tmp_path / "out")
        assert pdf.read_bytes().startswith(b"%PDF")
    assert list(own_tmp.iterdir()) == []


def _fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    script = tmp_path / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    monkeypatch.setenv("RECAPDECK_SOFFICE", str(script))


def test_a_failed_conversion_stops_the_early_libreoffice_and_leaves_nothing(
    tmp_path: Path, own_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "early.pid"
    _fake_soffice(
        tmp_path,
        monkeypatch,
        f'case "$*" in\n  *--convert-to*) echo "boom: no display" >&2; exit 1;;\n'
        f"  *) echo $$ > {pid_file}; sleep 300;;\nesac",
    )
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"x")
    out = tmp_path / "out"
    run = OfficeRun()
    run.start()
    with pytest.raises(RecapdeckError, match=r"exit status 1(.|\n)*boom: no display"):
        run.convert([deck], out)
    deadline = time.monotonic() + 5
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    run.close()
    assert _gone(int(pid_file.read_text()))
    assert list(own_tmp.iterdir()) == []
    assert list(out.iterdir()) == []


def test_an_early_libreoffice_that_does_not_end_is_stopped_and_its_profile_not_kept(
    tmp_path: Path, own_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "early.pid"
    _fake_soffice(
        tmp_path,
        monkeypatch,
        'case "$*" in\n'
        '  *--convert-to*) for last; do :; done; out=""; prev=""\n'
        '    for a; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
        '    printf "%%PDF-1.4 fake" > "$out/$(basename "$last" .pptx).pdf";;\n'
        f"  *) echo $$ > {pid_file}; sleep 300;;\nesac",
    )
    monkeypatch.setattr(libreoffice, "_SERVER_EXIT_SECONDS", 0.2)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"x")
    seed = tmp_path / "cache" / "profile"
    with OfficeRun(profile_seed=seed) as run:
        run.start()
        (pdf,) = run.convert([deck], tmp_path / "out")
        assert pdf.read_bytes() == b"%PDF-1.4 fake"
        assert _gone(int(pid_file.read_text()))
    assert not seed.exists()
    assert list(own_tmp.iterdir()) == []


def test_start_without_libreoffice_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECAPDECK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    run = OfficeRun()
    with pytest.raises(RecapdeckError, match="apt-get install libreoffice-impress"):
        run.start()
    run.close()


@needs_soffice
def test_a_killed_libreoffice_leaves_no_pipe_in_tmp(tmp_path: Path, own_tmp: Path) -> None:
    """LibreOffice names its single-instance pipe in /tmp after its profile and removes it
    only when it quits; one stopped (a deck PDF from the cache, a failed build) must not leave
    one behind each time."""

    def pipes() -> set[str]:
        return {p.name for p in Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_*")}

    before = pipes()
    run = OfficeRun()
    run.start()
    deadline = time.monotonic() + 60
    while pipes() <= before and time.monotonic() < deadline:  # it is up once its pipe is
        time.sleep(0.1)
    made = pipes() - before
    assert made, "LibreOffice made no pipe in /tmp (another version names it elsewhere?)"
    run.close()  # not handed a deck: stopped
    assert not (made & pipes())
