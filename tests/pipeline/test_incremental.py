"""Incremental rebuilds: after any sequence of edits, reused slides give a cold build's bytes.

A rebuild adds every slide whose plan, pictures and settings are unchanged from its recorded
parts (:mod:`recapdeck.render.reuse`), in memory within one ``BuildContext`` (watch mode,
serve) and from the cache folder in a new process. Each edit below is checked against a cold
build of the same outline, deck and handouts byte for byte.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers_outline import SMALL_TALK, write_outline, write_small_talk
from recapdeck import build
from recapdeck.errors import RecapdeckError
from recapdeck.pipeline.options import BuildContext

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "decks" / "example-all-features.yaml"
WORDS = [
    "cloud",
    "forecast",
    "latency",
    "storm",
    "launch",
    "edge",
    "model",
    "api",
    "radar",
    "**bold**",
    "`code`",
    "*it*",
]

Edit = Callable[[dict[str, Any], random.Random], None]


def _highlights(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [h for seg in data["segments"] for h in seg.get("highlights", [])]


def _phrase(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9)))


def _edit_point(data: dict[str, Any], rng: random.Random) -> None:
    with_points = [h for h in _highlights(data) if h.get("points")]
    points = rng.choice(with_points)["points"]
    i = rng.randrange(len(points))
    if isinstance(points[i], str):
        points[i] = _phrase(rng)
    else:
        points[i]["text"] = _phrase(rng)


def _add_point(data: dict[str, Any], rng: random.Random) -> None:
    highlight = rng.choice(_highlights(data))
    points = highlight.setdefault("points", [])
    points.insert(rng.randint(0, len(points)), _phrase(rng))


def _drop_point(data: dict[str, Any], rng: random.Random) -> None:
    with_points = [h for h in _highlights(data) if len(h.get("points", [])) > 1]
    points = rng.choice(with_points)["points"]
    points.pop(rng.randrange(len(points)))


def _retitle(data: dict[str, Any], rng: random.Random) -> None:
    rng.choice(_highlights(data))["title"] = _phrase(rng).replace("*", "").replace("`", "")


def _renote(data: dict[str, Any], rng: random.Random) -> None:
    rng.choice(_highlights(data))["notes"] = _phrase(rng)


def _swap_highlights(data: dict[str, Any], rng: random.Random) -> None:
    segment = rng.choice([s for s in data["segments"] if len(s.get("highlights", [])) > 1])
    rng.shuffle(segment["highlights"])


def _move_screenshot(data: dict[str, Any], rng: random.Random) -> None:
    source = rng.choice([h for h in _highlights(data) if h.get("screenshots")])
    target = rng.choice(_highlights(data))
    if len(target.get("screenshots", [])) < 3:
        target.setdefault("screenshots", []).append(source["screenshots"].pop())


def _retitle_deck(data: dict[str, Any], rng: random.Random) -> None:
    data["title"] = _phrase(rng).replace("*", "").replace("`", "")


EDITS: list[Edit] = [
    _edit_point,
    _add_point,
    _drop_point,
    _retitle,
    _renote,
    _swap_highlights,
    _move_screenshot,
    _retitle_deck,
]


def _make_project(folder: Path) -> Path:
    """The all-features example in a project of its own in ``folder``; returns its outline."""
    (folder / ".git").mkdir()
    shutil.copytree(ROOT / "assets" / "example-all-features", folder / "assets" / "example")
    outline = folder / "decks" / "example.yaml"
    outline.parent.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "assets: ../assets/example-all-features", "assets: ../assets/example"
    )
    outline.write_text(text, encoding="utf-8")
    return outline


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The all-features example in a project of its own; returns its outline."""
    return _make_project(tmp_path)


def _outputs(result: Any) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in result.outputs}


def _check_edits(outline: Path, edits: list[tuple[int, int]], *, same_process: bool) -> int:
    """Apply ``edits`` (edit index, seed) one by one; after each, the incremental build must
    equal a cold one. Returns how many slides the incremental builds reused."""
    base = outline.parent.parent
    cache = base / f"cache-{same_process}"
    context = BuildContext.open(cache)
    build(outline, out_dir=base / "warm", context=context)
    shutil.copy(outline, base / "last.yaml")
    data = yaml.safe_load(outline.read_text(encoding="utf-8"))
    reused = 0
    for n, (which, seed) in enumerate(edits):
        EDITS[which % len(EDITS)](data, random.Random(seed))
        outline.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        if not same_process:
            context = BuildContext.open(cache)  # as a new `recapdeck build` would
        try:
            warm = build(outline, out_dir=base / "warm", context=context)
        except RecapdeckError:  # an edit the outline refuses (e.g. too many bullets): undo
            data = yaml.safe_load((base / "last.yaml").read_text(encoding="utf-8"))
            continue
        reused += context.slides.reused
        cold = build(outline, out_dir=base / f"cold-{n}", cache=False)
        assert _outputs(warm) == _outputs(cold), f"edit {n}: {EDITS[which % len(EDITS)]}"
        shutil.copy(outline, base / "last.yaml")
    return reused


@pytest.mark.slow
def test_rebuilds_after_random_edits_equal_cold_builds(project: Path) -> None:
    rng = random.Random(20)
    edits = [(i, rng.randrange(1 << 30)) for i in range(len(EDITS))]
    reused = _check_edits(project, edits, same_process=False)
    assert reused > len(edits) * 5  # most slides came from their records


def test_an_unchanged_slide_is_not_written_again(tmp_path: Path) -> None:
    outline = write_small_talk(tmp_path)
    context = BuildContext.open(tmp_path / "cache")
    first = build(outline, out_dir=tmp_path / "out", context=context)
    assert context.slides.reused == 0
    write_outline(
        tmp_path, SMALL_TALK.replace("Same durability", "Same durability, edited"), "talk.yaml"
    )
    second = build(outline, out_dir=tmp_path / "out", context=context)
    assert 0 < context.slides.reused == first.slides - 1
    cold = build(outline, out_dir=tmp_path / "cold", cache=False)
    assert _outputs(second) == _outputs(cold)


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(EDITS) - 1), st.integers(0, 1 << 30)), min_size=1, max_size=5
    ),
    same_process=st.booleans(),
)
def test_any_sequence_of_edits_rebuilds_to_a_cold_build(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[int, int]], same_process: bool
) -> None:
    outline = _make_project(tmp_path_factory.mktemp("edits"))
    _check_edits(outline, edits, same_process=same_process)
