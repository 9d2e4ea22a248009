"""Shared fixtures: the repository paths, the --update-golden flag and built sample decks."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DECKS = ROOT / "decks"


def pytest_configure(config: pytest.Config) -> None:
    # the image cache of the tests' builds (and of the CLI processes they start) stays out of
    # the user's cache folder
    import os
    import tempfile

    os.environ.setdefault("RECAPDECK_CACHE_DIR", tempfile.mkdtemp(prefix="recapdeck-test-cache-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden text dumps under tests/golden/ from the current output",
    )
    parser.addoption(
        "--runslow",
        action="store_true",
        default=False,
        help="run the property-based tests with many more examples (300 instead of 25)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory):
    """The sample deck built once for the whole session."""
    from recapdeck import build

    out = tmp_path_factory.mktemp("sample")
    return build(DECKS / "reinvent2024-desantis.yaml", out_dir=out)


@pytest.fixture(scope="session")
def built_decks(tmp_path_factory: pytest.TempPathFactory):
    """Both sample decks and the stress outline in both built-in themes, built once:
    (theme, "sample" | "example" | "stress") -> .pptx path."""
    from built_decks import build_in_themes

    return build_in_themes(tmp_path_factory.mktemp("themes"))


@pytest.fixture(scope="session")
def shared_template_decks(tmp_path_factory: pytest.TempPathFactory):
    """The sample deck built once on each real template in ../shared/examples/templates."""
    from built_decks import SHARED_TEMPLATES, build_on_shared_templates

    if not SHARED_TEMPLATES.is_dir():
        pytest.skip(f"no real templates: {SHARED_TEMPLATES} is absent")
    return build_on_shared_templates(tmp_path_factory.mktemp("shared-templates"))


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory):
    """The all-features example deck built once for the whole session."""
    from recapdeck import build

    out = tmp_path_factory.mktemp("example")
    return build(DECKS / "example-all-features.yaml", out_dir=out)


@pytest.fixture(scope="session", autouse=True)
def _decks_written():
    """Every deck serialised in this process, in order (see :func:`every_deck_is_valid_ooxml`)."""
    from recapdeck.render import pptx as render_pptx

    written: list[bytes] = []
    original = render_pptx.deck_bytes

    def recording(prs):
        data = original(prs)
        written.append(data)
        return data

    render_pptx.deck_bytes = recording
    yield written
    render_pptx.deck_bytes = original


@pytest.fixture(autouse=True)
def every_deck_is_valid_and_accessible(_decks_written: list[bytes]):
    """Check every deck the tests build in this process: valid OOXML, nothing for doctor.

    All decks are serialised by ``recapdeck.render.pptx.deck_bytes``; each one written since the
    last check (by the test or by the fixtures it set up) is checked when the test ends, and a
    failure shows as an error in its teardown:

    - ../shared/tools/ooxml_validate.py: 0 problems, 0 warnings (skipped without ../shared);
    - ``recapdeck.inspect.doctor``: no problem (titles, reading order, alt text, contrast,
      package wiring).

    Decks built in other processes (``-j``, the CLI) are checked by tests/test_validity.py and
    tests/test_accessibility.py.
    """
    import ooxml_check
    from recapdeck.inspect import doctor, problems

    yield
    fresh = list(_decks_written)
    _decks_written.clear()
    failures = []
    for number, data in enumerate(dict.fromkeys(fresh), 1):
        found = ooxml_check.problems(data, f"deck{number}.pptx") if ooxml_check.available() else []
        found += [str(f) for f in problems(doctor(data))]
        if found:
            failures.append(f"deck {number} of this test:\n  " + "\n  ".join(found[:15]))
    assert not failures, "decks that are not valid or not accessible:\n" + "\n".join(failures)
