"""Handout fragments: a rebuild renders again only the handout blocks whose inputs changed,
and the handout stays byte for byte what a cold build writes — with the default templates, a
theme's own, templates edited between builds, templates that keep state across slides, and in
a new process reading the cache folder."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from helpers_outline import write_small_talk
from recapdeck import build
from recapdeck.pipeline.options import BuildContext
from recapdeck.render import fragments as fragments_module
from recapdeck.render.fragments import FRAGMENTS_FOLDER


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    return write_small_talk(tmp_path)


def _handouts(result) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in result.handouts}


def _edit(outline: Path, old: str, new: str) -> None:
    text = outline.read_text(encoding="utf-8")
    assert old in text
    outline.write_text(text.replace(old, new), encoding="utf-8")


def _cold(outline: Path, folder: Path, **options) -> dict[str, bytes]:
    return _handouts(build(outline, out_dir=folder, cache=False, **options))


def test_an_edit_renders_again_only_the_slides_it_touches(talk: Path, tmp_path: Path) -> None:
    context = BuildContext.open(tmp_path / "cache")
    first = build(talk, out_dir=tmp_path / "out", context=context)
    assert context.handouts.reused == {"handout.md.j2": 0, "handout.html.j2": 0}
    _edit(talk, "Twice the bandwidth", "Three times the bandwidth")
    second = build(talk, out_dir=tmp_path / "out", context=context)
    # the edited slide's block and its two neighbours' (a template may show them), no other
    for name in ("handout.md.j2", "handout.html.j2"):
        assert context.handouts.rendered[name] == 3, name
        assert context.handouts.reused[name] >= first.slides, name
    assert "Three times the bandwidth" in second.handouts[0].read_text("utf-8")
    assert _handouts(second) == _cold(talk, tmp_path / "cold")


def test_a_new_process_reuses_the_fragments_in_the_cache_folder(
    talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(talk, out_dir=tmp_path / "out", context=BuildContext.open(tmp_path / "cache"))
    assert any((tmp_path / "cache" / FRAGMENTS_FOLDER).rglob("*.img"))
    _edit(talk, "Half the fans", "No fans at all")
    compiled: list[str | None] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    context = BuildContext.open(tmp_path / "cache")  # as a new `recapdeck build` would
    warm = build(talk, out_dir=tmp_path / "out", context=context)
    assert compiled == []  # the compiled templates came from the cache folder too
    assert context.handouts.reused["handout.md.j2"] > 0
    assert context.handouts.reused["handout.html.j2"] > 0
    assert _handouts(warm) == _cold(talk, tmp_path / "cold")


def test_a_damaged_fragment_file_is_ignored(talk: Path, tmp_path: Path) -> None:
    build(talk, out_dir=tmp_path / "out", context=BuildContext.open(tmp_path / "cache"))
    for stored in (tmp_path / "cache" / FRAGMENTS_FOLDER).rglob("*.img"):
        data = stored.read_bytes()
        stored.write_bytes(data[: len(data) // 2])
    _edit(talk, "Same durability", "Same durability, still")
    context = BuildContext.open(tmp_path / "cache")
    warm = build(talk, out_dir=tmp_path / "out", context=context)
    assert context.handouts.reused["handout.md.j2"] == 0
    assert _handouts(warm) == _cold(talk, tmp_path / "cold")


def _theme(tmp_path: Path, md: str) -> Path:
    theme = tmp_path / "themes" / "mine"
    theme.mkdir(parents=True, exist_ok=True)
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (theme / "handout.md.j2").write_text(md, encoding="utf-8")
    return theme


def test_an_edited_template_or_included_file_is_rendered_again(talk: Path, tmp_path: Path) -> None:
    theme = _theme(
        tmp_path,
        "{% for e in entries %}{% block entry scoped %}"
        '{% include "part.j2" %}{% endblock %}{% endfor %}',
    )
    (theme / "part.j2").write_text("- {{ e.slide.title }}\n", encoding="utf-8")
    context = BuildContext.open(tmp_path / "cache")
    options = {"theme": str(theme), "handout": ["md"]}
    build(talk, out_dir=tmp_path / "out", context=context, **options)
    (theme / "part.j2").write_text("* {{ e.slide.title }} (edited)\n", encoding="utf-8")
    _edit(talk, "Half the fans", "Fewer fans")  # so that the build is not skipped as done
    warm = build(talk, out_dir=tmp_path / "out", context=context, **options)
    text = warm.handouts[0].read_text("utf-8")
    assert "* Cheaper storage (edited)" in text and "- Cheaper storage" not in text
    assert _handouts(warm) == _cold(talk, tmp_path / "cold", **options)


def test_templates_that_keep_state_across_slides_are_never_reused(
    talk: Path, tmp_path: Path
) -> None:
    theme = _theme(
        tmp_path,
        "{% set seen = namespace(n=0) %}{% for e in entries %}{% block entry scoped %}"
        "{% set seen.n = seen.n + e.points | length %}"
        "{{ e.slide.number }}: {{ seen.n }} bullets so far\n{% endblock %}{% endfor %}",
    )
    context = BuildContext.open(tmp_path / "cache")
    options = {"theme": str(theme), "handout": ["md"]}
    build(talk, out_dir=tmp_path / "out", context=context, **options)
    _edit(talk, "          - Same durability\n", "")
    warm = build(talk, out_dir=tmp_path / "out", context=context, **options)
    assert context.handouts.reused["handout.md.j2"] == 0
    assert _handouts(warm) == _cold(talk, tmp_path / "cold", **options)


def test_a_slide_moved_down_the_outline_keeps_its_fragment_unless_a_template_shows_where(
    talk: Path, tmp_path: Path
) -> None:
    plain = _theme(
        tmp_path,
        "{% for e in entries %}{% block entry scoped %}{{ e.slide.title }}\n"
        "{% endblock %}{% endfor %}",
    )
    context = BuildContext.open(tmp_path / "cache")
    options = {"theme": str(plain), "handout": ["md"]}
    build(talk, out_dir=tmp_path / "out", context=context, **options)
    _edit(talk, "          - Same durability\n", "          - Same durability\n          - More\n")
    warm = build(talk, out_dir=tmp_path / "out", context=context, **options)
    assert context.handouts.reused["handout.md.j2"] >= warm.slides - 3
    assert _handouts(warm) == _cold(talk, tmp_path / "cold-1", **options)

    (plain / "handout.md.j2").write_text(
        "{% for e in entries %}{% block entry scoped %}{{ e.slide.title }} "
        "(line {{ e.slide.location.line if e.slide.location else '-' }})\n"
        "{% endblock %}{% endfor %}",
        encoding="utf-8",
    )
    build(talk, out_dir=tmp_path / "out", context=context, **options)
    _edit(talk, "          - More\n", "          - More\n          - And more\n")
    warm = build(talk, out_dir=tmp_path / "out", context=context, **options)
    assert _handouts(warm) == _cold(talk, tmp_path / "cold-2", **options)


def test_a_set_records_every_template_it_was_rendered_from(talk: Path, tmp_path: Path) -> None:
    context = BuildContext.open(tmp_path / "cache")
    build(talk, out_dir=tmp_path / "out", context=context, handout=["html"])
    stored = [
        fragments_module.FragmentSet.from_bytes(p.read_bytes().partition(b"\n")[2])
        for p in (tmp_path / "cache" / FRAGMENTS_FOLDER).rglob("*.img")
    ]
    assert stored[0] is not None and len(stored[0].fragments) > 3
    assert len(stored) == 1 and stored[0] is not None
    assert set(stored[0].sources) == {"handout.html.j2", "handout.css"}  # it inlines the CSS
    assert not stored[0].uses_location
