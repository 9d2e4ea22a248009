"""The deck's shape: one copy of each picture, fuller slides, filler in the notes, a cap."""

from __future__ import annotations

import pytest
import yaml

from recapdeck.errors import RecapdeckError
from recapdeck.importer import import_post
from recapdeck.importer.draft import DHighlight, DPoint, Draft, DSegment
from recapdeck.importer.shape import shape_deck, slide_estimate

from .helpers import POSTS


def _draft(*segments: DSegment) -> Draft:
    draft = Draft(title="T")
    draft.segments = list(segments)
    return draft


def _one_point(title: str, point: str) -> DHighlight:
    return DHighlight(title, [DPoint(point)])


def test_thin_slides_are_merged_repeated_titles_joined_and_filler_goes_to_the_notes(tmp_path):
    data = yaml.safe_load(import_post(POSTS / "thin-slides.md", output=tmp_path / "x.yaml").text)
    highlights = [h for s in data["segments"] for h in s["highlights"]]
    titles = [h["title"] for h in highlights]
    assert titles.count("Faster CI") == 1  # seven bullets with the same lead-in: one slide
    faster = next(h for h in highlights if h["title"] == "Faster CI")
    assert len(faster["points"]) == 7
    shots = [s["file"] for h in highlights for s in h.get("screenshots", [])]
    assert shots == ["tool-map.png"]  # the lightbox include and the image: one picture
    assert "Also mentioned" not in titles
    notes = " ".join(s.get("notes", "") for s in data["segments"])
    assert "A new logo; Stickers at the booth." in notes
    assert len(data["segments"]) <= 2  # not a section divider per heading
    assert data["duration"] == 10
    assert slide_estimate_of(data) <= 10


def slide_estimate_of(data: dict) -> int:
    """The importer's estimate, recomputed from the written draft."""
    draft = Draft(title=data["title"])
    draft.segments = [
        DSegment(s["title"], highlights=[DHighlight(h["title"]) for h in s["highlights"]])
        for s in data["segments"]
    ]
    return slide_estimate(draft)


def test_a_lone_one_point_slide_joins_its_neighbour():
    full = DHighlight("Full", [DPoint("a"), DPoint("b")])
    segment = DSegment("S", highlights=[full, _one_point("Lone", "only this")])
    shape_deck(_draft(segment))
    assert [h.title for h in segment.highlights] == ["Full"]
    assert [p.text for p in full.points] == ["a", "b", "**Lone:** only this"]


def test_lead_in_sentences_go_to_the_notes_but_a_segment_keeps_a_slide():
    echo = _one_point("Priya opened with a chart", "Priya opened with a chart")
    full = DHighlight("Full", [DPoint("a"), DPoint("b")])
    segment = DSegment("S", highlights=[echo, full])
    only = DSegment("Only", highlights=[_one_point("It rained", "It rained")])
    shape_deck(_draft(segment, only))
    assert segment.highlights == [full] and "Priya opened with a chart." in segment.notes
    assert len(only.highlights) == 1


def test_duration_caps_the_deck_at_about_a_slide_per_minute():
    highlights = [DHighlight(f"H{i}", [DPoint("a"), DPoint("b")]) for i in range(20)]
    draft = _draft(DSegment("S", highlights=highlights))
    shape_deck(draft, duration=12)
    assert slide_estimate(draft) <= 12
    assert "H19: a; b." in draft.segments[0].notes  # moved, not dropped
    assert any("to fit about one slide per minute" in m for _, m in draft.checks)


def test_keynote_and_breakouts_each_talk_flagged_or_only_the_keynote(tmp_path):
    post = POSTS / "keynote-and-breakouts.md"
    text = import_post(post, output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    assert [s["speaker"] for s in data["segments"]] == ["ines-calder", "tom-reyes", "mei-tanaka"]
    assert text.count("# check: a talk other than the keynote") == 2
    only = yaml.safe_load(import_post(post, output=tmp_path / "x.yaml", section="keynote").text)
    assert [s["title"] for s in only["segments"]] == ["Keynote: The Next Ten Years"]
    assert [p["id"] for p in only["speakers"]] == ["ines-calder"]
    with pytest.raises(RecapdeckError, match="no heading of the post contains it"):
        import_post(post, output=tmp_path / "x.yaml", section="closing")


def test_a_folded_part_keeps_its_heading_as_the_slide_title():
    guessed = DHighlight("GPT-powered CoPilot with plugins…", [DPoint("GPT"), DPoint("Apps")])
    guessed.check("title guessed from the paragraph", "title")
    first = DSegment("Stack", highlights=[DHighlight("A", [DPoint("a"), DPoint("b")])])
    draft = _draft(first, DSegment("Windows CoPilot", highlights=[guessed]))
    shape_deck(draft)
    assert [h.title for h in draft.segments[0].highlights] == ["A", "Windows CoPilot"]
