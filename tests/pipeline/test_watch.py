"""Watch mode's rebuilds: caches kept between rounds, and what still reaches the next rebuild."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

import recapdeck.pipeline.watching
import recapdeck.plan.fonts
from helpers_outline import draw_image, write_outline
from recapdeck import build
from recapdeck.errors import RecapdeckError
from recapdeck.pipeline import BuildOptions
from recapdeck.pipeline.watching import Rebuild, rebuild
from template_fixtures import make_template

pytestmark = pytest.mark.slow  # waits for the file watcher

ROOT = Path(__file__).resolve().parents[2]

TALK = """\
title: Watched talk
event: {name: Watch Conf}
theme: custom
segments:
  - title: Pictures
    highlights:
      - title: A chart
        points: [Beside a chart, "Twice the **throughput**"]
        screenshots:
          - {file: chart.png, alt: A bar chart of the results}
"""

HEADER = (
    '{% extends "default/handout.md.j2" %}\n'
    "{% block header %}MARKER-{{ 'A' }} {{ meta.event | md_escape }}\n\n{% endblock %}\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An outline in a project with its own theme, which extends the built-in default."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    draw_image(root / "chart.png", (1600, 900))
    theme = root / "themes" / "custom"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (theme / "handout.md.j2").write_text(HEADER, encoding="utf-8")
    return write_outline(root, TALK, "talk.yaml")


def options(tmp_path: Path) -> BuildOptions:
    return BuildOptions(out_dir=tmp_path / "out", cache=tmp_path / "cache")


def handout(done: Rebuild, suffix: str = ".md") -> str:
    assert not isinstance(done.outcome, RecapdeckError), done.outcome
    return next(p for p in done.outcome.handouts if p.suffix == suffix).read_text("utf-8")


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_an_edited_template_shows_in_the_next_rebuild_whatever_its_timestamps(project, tmp_path):
    template = project.parent / "themes" / "custom" / "handout.md.j2"
    first = rebuild(project, options(tmp_path))
    assert "MARKER-A Watch Conf" in handout(first)
    # same size and the same modification time: only the text tells the edit apart
    before = template.stat()
    template.write_text(HEADER.replace("'A'", "'B'"), encoding="utf-8")
    os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert template.stat().st_size == before.st_size
    second = rebuild(project, options(tmp_path), first)
    assert second.context is first.context
    assert "MARKER-B Watch Conf" in handout(second)
    assert "MARKER-A" not in handout(second)


def test_a_template_added_to_the_theme_overrides_the_parents_in_the_next_rebuild(project, tmp_path):
    theme = project.parent / "themes" / "custom"
    first = rebuild(project, options(tmp_path))
    assert 'id="run-sheet"' in handout(first, ".html")  # the default theme's template
    (theme / "handout.html.j2").write_text(
        '{% extends "default/handout.html.j2" %}\n'
        '{% block runsheet %}<p id="custom">No run sheet here.</p>{% endblock %}\n',
        encoding="utf-8",
    )
    second = rebuild(project, options(tmp_path), first)
    html = handout(second, ".html")
    assert '<p id="custom">No run sheet here.</p>' in html and 'id="run-sheet"' not in html
    (theme / "handout.html.j2").unlink()
    third = rebuild(project, options(tmp_path), second)
    assert 'id="run-sheet"' in handout(third, ".html")


def test_a_broken_template_is_reported_and_its_fix_rebuilds(project, tmp_path):
    template = project.parent / "themes" / "custom" / "handout.md.j2"
    first = rebuild(project, options(tmp_path))
    template.write_text(HEADER + "{% for x in %}\n", encoding="utf-8")
    broken = rebuild(project, options(tmp_path), first)
    assert isinstance(broken.outcome, RecapdeckError)
    assert broken.outcome.problems[0].location.path.name == "handout.md.j2"
    assert broken.outcome.problems[0].location.line == HEADER.count("\n") + 1
    template.write_text(HEADER.replace("'A'", "'C'"), encoding="utf-8")
    fixed = rebuild(project, options(tmp_path), broken)
    assert "MARKER-C" in handout(fixed)


def test_an_unchanged_theme_is_not_compiled_or_looked_up_again(project, tmp_path, monkeypatch):
    compiled: list[str | None] = []  # the files compiled
    fc_matches: list[str] = []
    real_compile = ImmutableSandboxedEnvironment.compile
    real_fc_match = recapdeck.plan.fonts._run_fc_match

    def counting_compile(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(filename)
        return real_compile(self, source, name, filename, *args, **kwargs)

    def counting_fc_match(pattern: str, fmt: str) -> str:
        fc_matches.append(pattern)
        return real_fc_match(pattern, fmt)

    monkeypatch.setattr(ImmutableSandboxedEnvironment, "compile", counting_compile)
    monkeypatch.setattr(recapdeck.plan.fonts, "_run_fc_match", counting_fc_match)
    first = rebuild(project, options(tmp_path))
    # each file once, although both the check and the render load the templates
    assert len(compiled) == len(set(compiled))
    names = {"/".join(Path(f).parts[-3:]) for f in compiled if f}
    assert {
        "themes/custom/handout.md.j2",
        "themes/default/handout.md.j2",
        "themes/default/handout.html.j2",
    } <= names
    assert len(fc_matches) == len(set(fc_matches))
    compiled.clear()
    fc_matches.clear()
    project.write_text(TALK.replace("Beside a chart", "Beside the chart"), encoding="utf-8")
    second = rebuild(project, options(tmp_path), first)
    assert "Beside the chart" in handout(second)
    assert compiled == []
    assert fc_matches == []


def test_a_deck_on_a_pptx_template_is_rebuilt_and_its_template_watched(project, tmp_path):
    template = make_template(project.parent / "corp.pptx")
    watched = BuildOptions(out_dir=tmp_path / "out", cache=False, template=template)
    first = rebuild(project, watched)
    assert not isinstance(first.outcome, RecapdeckError), first.outcome
    assert template.absolute() in first.inputs
    second = rebuild(project, watched, first)
    assert not isinstance(second.outcome, RecapdeckError), second.outcome
    assert files(tmp_path / "out") == files(
        build(project, out_dir=tmp_path / "fresh", cache=False, template=template).pptx.parent
    )


def test_rebuilds_write_the_bytes_of_a_fresh_build(tmp_path):
    """The sample deck, rebuilt after an edit with every cache warm, equals a cold build."""
    root = tmp_path / "project"
    for name in ("decks", "assets"):
        shutil.copytree(ROOT / name, root / name)
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    outline = root / "decks" / "reinvent2024-desantis.yaml"
    watched = BuildOptions(out_dir=tmp_path / "watched", cache=tmp_path / "cache")
    first = rebuild(outline, watched)
    text = outline.read_text(encoding="utf-8")
    bullet = "Deep roots are why AWS can ship big things quickly"
    assert bullet in text
    outline.write_text(text.replace(bullet, f"{bullet}, and quietly"), encoding="utf-8")
    second = rebuild(outline, watched, first)
    assert f"{bullet}, and quietly" in handout(second)
    fresh = build(outline, out_dir=tmp_path / "fresh", cache=False)
    assert [p.name for p in fresh.outputs] == [p.name for p in second.outcome.outputs]
    assert files(tmp_path / "watched") == files(tmp_path / "fresh")


@pytest.mark.slow
def test_a_save_during_a_rebuild_brings_another_rebuild(project, tmp_path, monkeypatch):
    real = recapdeck.pipeline.watching.rebuild
    edits = iter(["Saved during the rebuild"])

    def rebuild_and_save(outline: Path, options: BuildOptions, previous=None) -> Rebuild:
        done = real(outline, options, previous)
        if previous is not None and (text := next(edits, None)):
            outline.write_text(TALK.replace("Beside a chart", text), encoding="utf-8")
        return done

    monkeypatch.setattr(recapdeck.pipeline.watching, "rebuild", rebuild_and_save)
    stop = threading.Event()
    rounds = recapdeck.pipeline.watching.watch(project, options(tmp_path), stop=stop)
    next(rounds)
    edit = threading.Timer(
        0.5, lambda: project.write_text(TALK.replace("Beside a chart", "First edit"), "utf-8")
    )
    guard = threading.Timer(60, stop.set)  # a missed change fails the test instead of hanging
    edit.start()
    guard.start()
    try:
        assert "First edit" in handout(next(rounds))
        third = next(rounds, None)
    finally:
        guard.cancel()
        edit.join()
        stop.set()
    assert third is not None, "the save during the rebuild was not seen"
    assert "Saved during the rebuild" in handout(third)
    assert next(rounds, None) is None
