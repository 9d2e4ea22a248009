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
def built_example(tmp_path_factory: pytest.TempPathFactory):
    """The all-features example deck built once for the whole session."""
    from recapdeck import build

    out = tmp_path_factory.mktemp("example")
    return build(DECKS / "example-all-features.yaml", out_dir=out)
