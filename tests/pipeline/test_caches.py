"""The caches watch mode keeps between rebuilds: fontconfig answers, opened fonts, templates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest

import recapdeck.plan.fonts
from recapdeck.load.theme import load_theme
from recapdeck.plan.fit import Measurer
from recapdeck.plan.fonts import FontCache, find_font
from recapdeck.render.handout import CompiledTemplates, handout_environment


@pytest.fixture
def fc_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The patterns fontconfig is really asked about (answered with a made-up font file)."""
    calls: list[str] = []

    def fake(pattern: str, fmt: str) -> str:
        calls.append(pattern)
        return f"/fonts/{pattern}.ttf"

    monkeypatch.setattr(recapdeck.plan.fonts, "_run_fc_match", fake)
    return calls


def test_fontconfig_is_asked_once_per_query_by_one_cache(fc_calls, tmp_path):
    cache = FontCache()
    cache.refresh()
    assert cache.match("Calibri:style=Bold", "%{file}") == "/fonts/Calibri:style=Bold.ttf"
    cache.match("Calibri:style=Bold", "%{file}")
    cache.refresh()  # the next build, fonts unchanged
    cache.match("Calibri:style=Bold", "%{file}")
    assert fc_calls == ["Calibri:style=Bold"]
    FontCache().match("Calibri:style=Bold", "%{file}")  # another cache asks for itself
    assert len(fc_calls) == 2


def test_the_font_cache_is_bounded(fc_calls):
    cache = FontCache(limit=2)
    for pattern in ("a", "b", "c", "a"):
        cache.match(pattern, "%{file}")
    assert fc_calls == ["a", "b", "c", "a"]  # "a" was the least recently used when "c" came


def test_fontconfig_is_asked_again_after_fc_cache_ran(fc_calls, tmp_path, monkeypatch):
    fc_cache = tmp_path / "fontconfig"
    monkeypatch.setattr(recapdeck.plan.fonts, "fontconfig_cache_dirs", lambda: [fc_cache])
    cache = FontCache()
    cache.refresh()
    cache.match("Carlito", "%{file}")
    fc_cache.mkdir()  # fonts were installed and fc-cache wrote its cache
    cache.refresh()
    cache.match("Carlito", "%{file}")
    cache.match("Carlito", "%{file}")
    assert fc_calls == ["Carlito", "Carlito"]


def _two_fonts() -> tuple[Path, Path]:
    files = find_font("Calibri", (), FontCache())
    other = find_font("Courier New", (), FontCache())
    if not (files.regular and files.bold and other.regular) or files.regular == other.regular:
        pytest.skip("needs two different installed fonts (Carlito, Liberation Mono)")
    return files.regular, other.regular


def test_an_opened_font_is_reused_until_its_file_is_replaced(tmp_path):
    regular, other = _two_fonts()
    path = tmp_path / "fonts" / "Body.ttf"
    path.parent.mkdir()
    shutil.copyfile(regular, path)
    cache = FontCache()
    first = cache.open(path)
    assert first is not None and cache.open(path) is first
    shutil.copyfile(other, path.with_suffix(".new"))
    path.with_suffix(".new").replace(path)  # as an editor or a font installer replaces a file
    second = cache.open(path)
    assert second is not None and second is not first
    assert second.chars != first.chars


def test_measuring_with_the_cache_gives_the_widths_of_a_fresh_measurer():
    _two_fonts()
    fonts = {"body": find_font("Calibri", (), FontCache())}
    cache = FontCache()
    texts = ["Twice the throughput", "中文字符 mixed with Latin", "مرحبا"]
    warm = [Measurer(fonts, cache).width(t, "body", 24) for t in texts]
    again = [Measurer(fonts, cache).width(t, "body", 24, bold=True) for t in texts]
    assert warm == [Measurer(fonts).width(t, "body", 24) for t in texts]
    assert again == [Measurer(fonts).width(t, "body", 24, bold=True) for t in texts]


def test_templates_are_compiled_again_only_when_their_source_changes(tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (folder / "handout.md.j2").write_text("one {{ meta }}", encoding="utf-8")
    theme = load_theme(folder)
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(source)
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    cache = CompiledTemplates()
    env = lambda: handout_environment(theme, cache)  # noqa: E731
    assert env().get_template("handout.md.j2").render(meta=1) == "one 1"
    assert env().get_template("handout.md.j2").render(meta=2) == "one 2"
    (folder / "handout.md.j2").write_text("two {{ meta }}", encoding="utf-8")
    assert env().get_template("handout.md.j2").render(meta=3) == "two 3"
    assert compiled == ["one {{ meta }}", "two {{ meta }}"]
    # without a cache every environment compiles for itself
    handout_environment(theme).get_template("handout.md.j2")
    assert len(compiled) == 3


def test_the_template_cache_is_bounded(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    for n in range(5):
        (folder / f"t{n}.j2").write_text(f"{n}", encoding="utf-8")
    theme = load_theme(folder)
    cache = CompiledTemplates(limit=3)
    for n in range(5):
        handout_environment(theme, cache).get_template(f"t{n}.j2")
    assert len(cache._code) == 3


def test_builds_remember_fontconfig_answers_and_character_sets_on_disk(tmp_path, monkeypatch):
    """A second build (a new process) asks fontconfig nothing and parses no font's cmap."""
    from recapdeck.pipeline import prepare

    outline = Path(__file__).resolve().parents[2] / "decks" / "example-all-features.yaml"
    first = prepare(outline, cache=tmp_path)
    facts = tmp_path / recapdeck.plan.fonts.FONT_FACTS
    assert facts.is_file()

    def refuse(*args):
        raise AssertionError("asked again")

    monkeypatch.setattr(recapdeck.plan.fonts, "_run_fc_match", refuse)
    monkeypatch.setattr(recapdeck.plan.fonts, "_coverage", refuse)
    second = prepare(outline, cache=tmp_path)
    assert second.plan == first.plan  # measured alike from what was remembered
    monkeypatch.undo()

    # --no-cache keeps nothing and reads nothing; a damaged file is ignored
    facts.write_text("{damaged")
    assert prepare(outline, cache=False).plan == first.plan
    assert facts.read_text() == "{damaged"
    assert prepare(outline, cache=tmp_path).plan == first.plan
    assert facts.read_text() != "{damaged"


def test_a_replaced_font_file_is_read_again(tmp_path, monkeypatch):
    font = find_font("Carlito", (), FontCache()).regular
    if font is None:
        pytest.skip("Carlito is not installed")
    copy = tmp_path / "font.ttf"
    shutil.copy(font, copy)
    cache = FontCache()
    learnt = cache.open(copy)
    path = tmp_path / "facts.json"
    cache.save(path)
    again = FontCache.load(path)
    assert again.open(copy).chars == learnt.chars
    os.utime(copy, ns=(1_000_000_000, 1_000_000_000))  # another file now: not trusted
    reread = []
    original = recapdeck.plan.fonts._coverage

    def counting(p):
        reread.append(p)
        return original(p)

    monkeypatch.setattr(recapdeck.plan.fonts, "_coverage", counting)
    assert again.open(copy).chars == learnt.chars
    assert reread == [copy]
