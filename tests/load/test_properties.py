"""Property-based tests (Hypothesis): any valid outline builds; any broken one is a RecapdeckError.

The default run tries 25 examples per property; ``pytest --runslow`` tries 300.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers_outline import draw_image
from recapdeck.errors import RecapdeckError
from recapdeck.pipeline import prepare

pytestmark = pytest.mark.slow  # Hypothesis: hundreds of generated outlines

IMAGES = {"wide.png": (320, 180), "tall.png": (90, 160), "tiny.png": (8, 6), "photo.jpg": (64, 48)}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project folder holding the pictures the random outlines name."""
    folder = tmp_path_factory.mktemp("properties")
    (folder / ".git").mkdir()
    for name, size in IMAGES.items():
        draw_image(folder / name, size)
    return folder


@pytest.fixture
def examples(request, monkeypatch) -> int:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return 300 if request.config.getoption("--runslow") else 25


def check(examples: int, strategy: st.SearchStrategy[Any]) -> Callable[[Callable[..., None]], Any]:
    """Run the decorated function as a Hypothesis test now, ``examples`` times."""

    def run(test: Callable[..., None]) -> None:
        given(strategy)(
            settings(
                max_examples=examples,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            )(test)
        )()

    return run


# --- valid outlines -------------------------------------------------------------------------

_PLAIN_NAME = re.compile(r"[\sA-Z]|[^\x00-\x7f]")


CHARACTERS = st.characters(
    exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff", include_characters="\t\n"
)
"""Any character a deck can hold: not control characters (but tab and newline) nor surrogates."""


def text(max_size: int) -> st.SearchStrategy[str]:
    """Any Unicode text that has something besides white space and holds no Markdown link."""
    return st.text(CHARACTERS, min_size=1, max_size=max_size).filter(
        lambda s: s.strip() and "](" not in s
    )


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def notes() -> st.SearchStrategy[str | None]:
    """Speaker notes: absent, empty, white space only, or text."""
    return optional(st.sampled_from(["", "   "]) | text(400).filter(lambda s: "](" not in s))


URLS = st.sampled_from(["https://example.com", "http://example.org/a?b=c&d=é", "mailto:a@b.org"])
LONG_OR_SHORT = st.one_of(text(80), text(80), text(2_000))


@st.composite
def screenshots(draw: st.DrawFn) -> dict[str, Any]:
    shot: dict[str, Any] = {"file": draw(st.sampled_from(sorted(IMAGES))), "alt": draw(text(120))}
    if draw(st.booleans()):
        shot["caption"] = draw(text(80))
    if draw(st.booleans()):
        shot["fit"] = draw(st.sampled_from(["contain", "cover"]))
        unit = st.floats(0, 1, allow_nan=False)
        shot["focus"] = [draw(unit), draw(unit)]
    return shot


@st.composite
def points(draw: st.DrawFn) -> Any:
    if draw(st.booleans()):
        return draw(LONG_OR_SHORT)
    return {"text": draw(text(200)), "points": draw(st.lists(text(120), max_size=3))}


@st.composite
def highlights(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {"title": draw(text(120))}
    for key, strategy in (
        ("points", st.lists(points(), max_size=6)),
        ("screenshots", st.lists(screenshots(), max_size=4)),
        ("notes", notes()),
        ("new", st.booleans()),
    ):
        if draw(st.booleans()):
            item[key] = draw(strategy)
    return item


@st.composite
def outlines(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid outline as plain data, optional parts present or absent."""
    ids = draw(st.lists(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,12}", fullmatch=True), unique=True,
                        max_size=3))  # fmt: skip
    plain = text(40).filter(lambda s: _PLAIN_NAME.search(s.strip()) and s.strip() not in ids)
    speaker_ref = optional(st.sampled_from(ids) if ids else st.nothing()) | plain
    event: dict[str, Any] = {"name": draw(text(100))}
    if draw(st.booleans()):
        event["date"] = draw(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))
    if draw(st.booleans()):
        event["location"] = draw(text(60))
    if draw(st.booleans()):
        event["url"] = draw(URLS)
    data: dict[str, Any] = {"title": draw(text(300)), "event": event}
    if draw(st.booleans()):
        data["subtitle"] = draw(text(120))
    if draw(st.booleans()):
        data["recap_by"] = draw(text(50) | st.fixed_dictionaries({"name": text(50)}))
    if draw(st.booleans()):
        data["duration"] = draw(st.integers(1, 600))
    data["speakers"] = [
        {"id": person, "name": draw(text(60))}
        | draw(st.fixed_dictionaries({}, optional={"role": text(60), "company": text(60),
                                                   "photo": st.sampled_from(sorted(IMAGES))}))
        for person in ids
    ]  # fmt: skip
    if draw(st.booleans()):
        data["summary"] = draw(st.lists(text(200), max_size=4))
    segments = []
    for _ in range(draw(st.integers(1, 3))):
        segment: dict[str, Any] = {"title": draw(text(100))}
        if draw(st.booleans()):
            segment["speaker"] = draw(speaker_ref)
        segment["highlights"] = draw(st.lists(highlights(), max_size=3))
        if draw(st.booleans()) or not segment["highlights"]:
            quote = st.fixed_dictionaries(
                {"text": text(300)}, optional={"speaker": speaker_ref, "notes": notes()}
            )
            segment["quotes"] = draw(st.lists(quote, min_size=1, max_size=2))
        segments.append(segment)
    data["segments"] = segments
    if draw(st.booleans()):
        item = st.fixed_dictionaries(
            {"name": text(80)},
            optional={"summary": text(200), "status": text(40), "url": URLS},
        )
        data["announcements"] = draw(st.lists(item, max_size=3))
    if draw(st.booleans()):
        data["references"] = draw(
            st.lists(st.fixed_dictionaries({"title": text(80), "url": URLS}), max_size=3)
        )
    if draw(st.booleans()):
        data["credits"] = draw(text(200))
    return data


def write(project: Path, data: dict[str, Any]) -> Path:
    path = project / "talk.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_random_valid_outlines_build_a_deck_with_the_planned_slides(project, examples):
    from pptx import Presentation

    from recapdeck.render.handout import render_handout
    from recapdeck.render.pptx import deck_bytes, render_pptx

    @check(examples, outlines())
    def _(data: dict[str, Any]) -> None:
        prepared = prepare(write(project, data), handout=())
        deck = deck_bytes(render_pptx(prepared.plan, prepared.theme))
        assert len(Presentation(io.BytesIO(deck)).slides) == len(prepared.plan.slides)
        html = render_handout(prepared.plan, prepared.theme, prepared.timing, fmt="html")
        assert len(re.findall(r'<section class="slide\b', html)) == len(prepared.plan.slides)


# --- invalid mutations ----------------------------------------------------------------------

REQUIRED = {
    (): ("title", "event", "segments"),
    ("event",): ("name",),
    ("recap_by",): ("name",),
    ("speakers",): ("id", "name"),
    ("segments",): ("title",),
    ("segments", "highlights"): ("title",),
    ("segments", "highlights", "screenshots"): ("file", "alt"),
    ("segments", "highlights", "points"): ("text",),
    ("segments", "quotes"): ("text",),
    ("announcements",): ("name",),
    ("references",): ("title", "url"),
}
BAD_URLS = ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x", "ftp://e.com", ""]
BAD_LINKS = ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "notes/local.md"]


def nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value in ``value`` with its path of keys and indexes."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes(item, (*path, i))


def kind(path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The schema position of a path: its keys without the list indexes."""
    return tuple(p for p in path if not isinstance(p, int))


def replace_at(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = new if len(path) == 1 else replace_at(copy[path[0]], path[1:], new)
    return copy


def get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def without(data: Any, path: tuple[Any, ...]) -> Any:
    parent = dict(get(data, path[:-1]))
    del parent[path[-1]]
    return replace_at(data, path[:-1], parent)


@st.composite
def broken_outlines(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A valid outline with one change that makes it invalid: (what was changed, the data)."""
    data = draw(outlines())
    found = list(nodes(data))
    mappings = [path for path, value in found if isinstance(value, dict)]
    how = draw(
        st.sampled_from(
            ["drop a required key", "wrong type", "unknown key", "bad url", "unknown speaker",
             "bad link", "control character", "out of range", "too long", "missing file"]
        )
    )  # fmt: skip
    if how == "drop a required key":
        candidates = [
            (*path, key)
            for path in mappings
            for key in REQUIRED.get(kind(path), ())
            if key in get(data, path)
        ]
        return how, without(data, draw(st.sampled_from(candidates)))
    if how == "wrong type":
        # A scalar becomes a list, a list a mapping, a mapping a list: never valid here.
        path, value = draw(st.sampled_from([(p, v) for p, v in found if p]))
        if isinstance(value, dict):
            new: Any = [value]
        elif isinstance(value, list):
            new = {"items": value}
        else:
            new = [value]
        return how, replace_at(data, path, new)
    if how == "unknown key":
        path = draw(st.sampled_from(mappings))
        key = draw(st.text(min_size=1, max_size=20).filter(lambda k: k not in get(data, path)))
        return how, replace_at(data, path, {**get(data, path), key: draw(text(20))})
    if how == "bad url":
        return how, replace_at(data, ("event", "url"), draw(st.sampled_from(BAD_URLS)))
    if how == "unknown speaker":
        ids = {person["id"] for person in data["speakers"]}
        ref = draw(
            st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True).filter(lambda r: r not in ids)
        )
        return how, replace_at(data, ("segments", 0, "speaker"), ref)
    if how == "bad link":
        target = draw(st.sampled_from(BAD_LINKS))
        return how, replace_at(data, ("title",), f"See [this]({target}) {data['title']}")
    if how == "control character":
        path, value = draw(st.sampled_from([(p, v) for p, v in found if isinstance(v, str)]))
        char = draw(st.sampled_from(["\x00", "\x1e", "\x0b", "\ud800", "\uffff"]))
        at = draw(st.integers(0, len(value)))
        # Between letters: white space at either end (\x0b, \x1e) is trimmed, not refused.
        return how, replace_at(data, path, f"{value[:at]}x{char}x{value[at:]}")
    if how == "out of range":
        return how, replace_at(data, ("duration",), draw(st.sampled_from([0, -5, 601, 10**9])))
    if how == "too long":
        return how, replace_at(data, ("event", "name"), "x" * draw(st.integers(301, 5_000)))
    return how, replace_at(
        data,
        ("segments", 0, "highlights"),
        [{"title": "H", "screenshots": [{"file": "gone.png", "alt": "a chart"}]}],
    )


def test_random_invalid_mutations_are_recapdeck_errors(project, examples):
    @check(examples, broken_outlines())
    def _(broken: tuple[str, dict[str, Any]]) -> None:
        how, data = broken
        with pytest.raises(RecapdeckError) as info:
            prepare(write(project, data), handout=())
        assert info.value.problems, how
        assert all(p.message for p in info.value.problems)


# --- damaged files --------------------------------------------------------------------------


@st.composite
def damaged_yaml(draw: st.DrawFn) -> str:
    """A valid outline's YAML text, then cut, spliced or sprinkled with odd characters."""
    source = yaml.safe_dump(draw(outlines()), allow_unicode=True, sort_keys=False)
    at = draw(st.integers(0, len(source)))
    how = draw(st.sampled_from(["cut", "insert", "delete", "tab", "duplicate line"]))
    if how == "cut":
        return source[:at]
    if how == "insert":
        return source[:at] + draw(st.text(min_size=1, max_size=8)) + source[at:]
    if how == "delete":
        return source[:at] + source[at + draw(st.integers(1, 40)) :]
    if how == "tab":
        return source[:at] + "\t" + source[at:]
    lines = source.splitlines(keepends=True)
    index = draw(st.integers(0, len(lines) - 1))
    return "".join(lines[: index + 1] + lines[index:])


def test_damaged_outline_text_builds_or_is_a_recapdeck_error(project, examples):
    @check(examples, damaged_yaml())
    def _(source: str) -> None:
        path = project / "talk.yaml"
        path.write_bytes(source.encode("utf-8", errors="surrogatepass"))
        try:
            prepare(path, handout=())
        except RecapdeckError as exc:
            assert exc.problems
