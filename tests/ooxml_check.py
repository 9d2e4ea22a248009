"""Run the shared OOXML validator (../shared/tools/ooxml_validate.py) on decks the tests build."""

from __future__ import annotations

import functools
import importlib.util
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

VALIDATOR = Path(__file__).resolve().parents[2] / "shared" / "tools" / "ooxml_validate.py"


@functools.cache
def _validator() -> tuple[ModuleType, Any, set[str]]:
    spec = importlib.util.spec_from_file_location("ooxml_validate", VALIDATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    schema, known = module.load_schema()
    return module, schema, known


def available() -> bool:
    """Whether ../shared (with the validator and its schemas) is beside the repository."""
    return VALIDATOR.is_file()


def require() -> None:
    """Skip the calling test when ../shared is not there."""
    if not available():
        pytest.skip(f"the OOXML validator is not there: {VALIDATOR} (../shared is absent)")


def problems(deck: Path | bytes, name: str = "deck.pptx") -> list[str]:
    """Every problem and warning the validator reports on ``deck`` (a path or .pptx bytes)."""
    module, schema, known = _validator()
    if isinstance(deck, bytes):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(deck)
            return list(module.check_deck(str(path), schema, known))
    return list(module.check_deck(str(deck), schema, known))


def assert_valid(deck: Path | bytes, name: str = "deck.pptx") -> None:
    """Fail with the validator's own lines unless ``deck`` has 0 problems and 0 warnings."""
    found = problems(deck, name)
    assert found == [], f"{name}: {len(found)} validator findings:\n" + "\n".join(found[:30])
