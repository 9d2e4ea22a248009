"""The LibreOffice kept running for a serve session (recapdeck.export.office): one start for
many conversions, a clear error without LibreOffice's Python bridge, and no LibreOffice left
behind when it is closed or when recapdeck is killed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers_outline import require_soffice
from recapdeck.errors import RecapdeckError
from recapdeck.export.office import UNO_PYTHON_ENV, Office, find_uno_python, wait_gone
from recapdeck.pipeline import BuildOptions
from recapdeck.pipeline.options import BuildContext
from recapdeck.pipeline.stages import prepare, render_deck


def test_a_python_without_uno_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(UNO_PYTHON_ENV, sys.executable)  # the test's Python has no uno
    office = Office()
    try:
        with pytest.raises(RecapdeckError) as caught:
            office.start()
    finally:
        office.close()
    assert "LibreOffice" in str(caught.value)
    assert office.pid is None


def needs_uno() -> None:
    require_soffice()
    try:
        find_uno_python()
    except RecapdeckError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def pptx(talk_deck: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "talk.pptx"
    path.write_bytes(talk_deck)
    return path


@pytest.fixture
def talk_deck(tmp_path: Path) -> bytes:
    from helpers_outline import MINIMAL, write_outline

    (tmp_path / ".git").mkdir()
    outline = write_outline(tmp_path, MINIMAL)
    options = BuildOptions(handout=(), cache=tmp_path / "cache")
    return render_deck(prepare(outline, options), BuildContext.open(options.cache))[1]


@pytest.mark.external
def test_one_office_converts_one_deck_after_another_and_stops_when_closed(pptx, tmp_path):
    needs_uno()
    with Office() as office:
        for n in range(3):
            office.convert(pptx, tmp_path / f"out{n}.pdf")
            assert (tmp_path / f"out{n}.pdf").read_bytes().startswith(b"%PDF")
        assert office.starts == 1
        group = office.pid
        assert group is not None
    assert wait_gone(group)


@pytest.mark.external
def test_a_file_it_cannot_open_is_an_error_and_the_office_goes_on(pptx, tmp_path):
    needs_uno()
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"not a presentation")
    with Office() as office:
        with pytest.raises(RecapdeckError, match="could not convert"):
            office.convert(broken, tmp_path / "broken.pdf")
        office.convert(pptx, tmp_path / "fine.pdf")
        assert office.starts == 1


@pytest.mark.external
def test_no_libreoffice_outlives_a_killed_recapdeck(tmp_path):
    needs_uno()
    script = textwrap.dedent(
        """
        import sys, time
        from recapdeck.export.office import Office
        office = Office()
        office.start()
        print(office.pid, flush=True)
        time.sleep(600)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    group = int(child.stdout.readline())
    child.kill()  # SIGKILL: no clean-up code of recapdeck runs
    child.wait()
    assert wait_gone(group, timeout=15)
