"""The handout: one entry per slide from the same plan, safe HTML, theme overrides, timing."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pptx import Presentation

from recapdeck import build
from recapdeck.errors import RecapdeckError
from recapdeck.markup import Run
from recapdeck.pipeline import prepare
from recapdeck.plan.timing import MIN_SECONDS, WORDS_PER_MINUTE, estimate_timing, slide_seconds
from recapdeck.render.handout import md_runs, render_handout


class Sections(HTMLParser):
    """Collect each <section class="slide">: its id, its h2 text and its notes paragraph."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict[str, str]] = []
        self.stack: list[str] = []
        self.capture: str | None = None
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "section" and "slide" in classes:
            self.sections.append({"id": attrs.get("id", ""), "title": "", "notes": ""})
        if self.sections and tag == "h2" and not self.sections[-1]["title"]:
            self.capture = "title"
        if self.sections and tag == "div" and "notes" in classes:
            self.capture = "notes-div"
        if self.capture == "notes-div" and tag == "p":
            self.capture = "notes"

    def handle_endtag(self, tag):
        if tag in ("h2", "p") and self.capture in ("title", "notes"):
            self.capture = None

    def handle_data(self, data):
        if self.capture in ("title", "notes"):
            self.sections[-1][self.capture] += data


def deck_titles_and_notes(pptx: Path) -> list[tuple[str, str]]:
    prs = Presentation(str(pptx))
    out = []
    for slide in prs.slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title else ""
        out.append((title, slide.notes_slide.notes_text_frame.text))
    return out


def test_html_handout_matches_the_deck_slide_for_slide(built_sample):
    html = built_sample.pptx.with_name("reinvent2024-desantis-handout.html").read_text("utf-8")
    parser = Sections()
    parser.feed(html)
    deck = deck_titles_and_notes(built_sample.pptx)
    assert len(parser.sections) == len(deck)
    for n, (section, (title, notes)) in enumerate(zip(parser.sections, deck, strict=True), 1):
        assert section["id"] == f"slide-{n}"
        if title:  # quote slides have no title placeholder
            assert section["title"] == title
        assert " ".join(section["notes"].split()) == " ".join(notes.split())
    assert "https://www.youtube.com/watch?v=vx36tyJ47ps" in parser.links
    assert parser.scripts == 0
    assert "<link " not in html and 'src="http' not in html  # self-contained
    assert html.count('src="data:image/') >= 12  # the screenshots are embedded


def test_markdown_handout_headings_match_the_deck(built_sample):
    md = built_sample.pptx.with_name("reinvent2024-desantis-handout.md").read_text("utf-8")
    headings = re.findall(r"^## (\d+)\. (.+)$", md, flags=re.MULTILINE)
    deck = deck_titles_and_notes(built_sample.pptx)
    assert [int(n) for n, _ in headings] == list(range(1, len(deck) + 1))
    for (_, heading), (title, _) in zip(headings, deck, strict=True):
        if title:
            assert heading.replace("\\", "") == title
    assert "<" not in md.replace("](<", "").replace("<https://", "")  # no raw HTML
    assert "| Segment | Slides | Minutes | Starts at |" in md
    assert "[Keynote video" in md


def test_outline_text_cannot_inject_markup(tmp_path):
    outline = tmp_path / "evil.yaml"
    outline.write_text(
        "title: '<script>alert(1)</script> talk'\nevent: {name: Ev}\nsegments:\n"
        "  - title: S\n    highlights:\n      - title: H\n        points:\n"
        "          - '[click](https://example.com) <img src=x onerror=alert(1)>'\n"
        "        notes: '<script>alert(1)</script>'\n",
        encoding="utf-8",
    )
    result = build(outline, out_dir=tmp_path / "out")
    html = result.handouts[1].read_text("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    md = result.handouts[0].read_text("utf-8")
    assert "<script>" not in md and "\\<script\\>" in md


def test_a_theme_overriding_one_block_changes_only_that_block(tmp_path, built_sample):
    theme = tmp_path / "themes" / "brief"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (theme / "handout.html.j2").write_text(
        '{% extends "default/handout.html.j2" %}\n'
        '{% block runsheet %}<p id="custom">No run sheet here.</p>{% endblock %}\n',
        encoding="utf-8",
    )
    outline = Path(__file__).resolve().parents[2] / "decks" / "reinvent2024-desantis.yaml"
    result = build(outline, out_dir=tmp_path / "out", theme=str(theme), handout=["html"])
    html = result.handouts[0].read_text("utf-8")
    base = built_sample.pptx.with_name("reinvent2024-desantis-handout.html").read_text("utf-8")
    assert '<p id="custom">No run sheet here.</p>' in html
    assert 'id="run-sheet"' not in html and 'id="run-sheet"' in base
    # everything after the run sheet is the same as the parent's
    after = html.split("No run sheet here.</p>")[1]
    assert after.strip() == base.split("</section>", 1)[1].strip()


def test_template_errors_name_the_template_file_and_line(tmp_path):
    theme = tmp_path / "broken"
    theme.mkdir()
    (theme / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (theme / "handout.md.j2").write_text("# {{ meta.title }}\n\n{% for x in %}\n", "utf-8")
    outline = Path(__file__).resolve().parents[2] / "decks" / "reinvent2024-desantis.yaml"
    with pytest.raises(RecapdeckError) as err:
        prepare(outline, theme=str(theme))
    problem = err.value.problems[0]
    assert problem.location.path.name == "handout.md.j2"
    assert problem.location.line == 3
    (theme / "handout.md.j2").write_text("# {{ meta.titel }}\n", "utf-8")
    prepared = prepare(outline, theme=str(theme))
    with pytest.raises(RecapdeckError) as err:
        render_handout(prepared.plan, prepared.theme, prepared.timing, fmt="md")
    assert err.value.problems[0].location.line == 1
    assert "titel" in err.value.problems[0].message


@pytest.mark.slow
def test_handout_formats_can_be_chosen(tmp_path):
    outline = Path(__file__).resolve().parents[2] / "decks" / "reinvent2024-desantis.yaml"
    md_only = build(outline, out_dir=tmp_path / "a", handout=["md"])
    assert [p.name for p in md_only.handouts] == ["reinvent2024-desantis-handout.md"]
    none = build(outline, out_dir=tmp_path / "b", handout=[])
    assert none.handouts == ()
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["reinvent2024-desantis.pptx"]
    with pytest.raises(RecapdeckError, match="unknown handout format 'pdf'"):
        build(outline, out_dir=tmp_path / "c", handout=["pdf"])


@pytest.mark.slow
def test_a_build_compiles_each_handout_template_once(tmp_path, monkeypatch):
    """Templates are checked before rendering and rendered after; compiling twice is waste."""
    import jinja2

    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    outline = Path(__file__).resolve().parents[2] / "decks" / "reinvent2024-desantis.yaml"
    build(outline, out_dir=tmp_path, cache=False)
    assert {"handout.md.j2", "handout.html.j2"} <= set(compiled)
    assert len(compiled) == len(set(compiled)), compiled


@pytest.mark.slow
def test_timing_estimate_and_over_time_warning(tmp_path):
    outline = Path(__file__).resolve().parents[2] / "decks" / "reinvent2024-desantis.yaml"
    prepared = prepare(outline)
    timing = prepared.timing
    assert timing.total == sum(s.seconds for s in timing.slides)
    assert timing.total == sum(row.seconds for row in timing.segments)
    assert timing.segments[0].name == "Opening"
    assert timing.segments[-1].name == "Wrap-up"
    for slide, time in zip(prepared.plan.slides, timing.slides, strict=True):
        words = len(slide.notes.split())
        assert time.seconds >= max(MIN_SECONDS, round(words * 60 / WORDS_PER_MINUTE))
    assert not any("estimated at" in w.message for w in prepared.warnings)
    short = tmp_path / "short.yaml"
    text = outline.read_text("utf-8").replace("duration: 30", "duration: 5")
    text = text.replace("assets: ../assets", f"assets: {outline.parents[1]}/assets")
    short.write_text(text, "utf-8")
    warned = prepare(short, allow_outside_files=True)
    (warning,) = [w for w in warned.warnings if "estimated at" in w.message]
    assert warning.location.line == next(
        i for i, line in enumerate(text.splitlines(), 1) if line.startswith("duration:")
    )
    with pytest.raises(RecapdeckError, match="slot is 5 min"):
        prepare(short, strict=True, allow_outside_files=True)


def test_quote_and_picture_slides_take_longer():
    prepared = prepare(Path(__file__).resolve().parents[2] / "decks" / "example-all-features.yaml")
    by_kind = {}
    for slide in prepared.plan.slides:
        by_kind.setdefault(slide.kind, []).append(slide)
    quote = by_kind["quote"][0]
    words = len(quote.notes.split())
    assert slide_seconds(quote) == max(MIN_SECONDS, round(words * 60 / WORDS_PER_MINUTE)) + 10
    assert estimate_timing(prepared.plan).total == prepared.timing.total


def test_markdown_runs_escape_and_format():
    runs = (Run("a*b "), Run("bold", bold=True), Run(" "), Run("x", link="https://e.com/ä(b)"))
    assert md_runs(runs) == "a\\*b **bold** [x](<https://e.com/%C3%A4(b)>)"
    assert md_runs((Run("x", link="https://e.com/a>b"),)) == "x"  # never half a link
    assert md_runs((Run("evil", link="javascript:alert(1)"),)) == "evil"
