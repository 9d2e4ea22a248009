"""The import pipeline end to end: every post validates, builds and keeps its words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

import recapdeck
from recapdeck.errors import RecapdeckError
from recapdeck.importer import default_output, import_post, read_post, write_import
from recapdeck.importer.blocks import Heading, ListBlock, Paragraph, Quote
from recapdeck.importer.markdown import parse_body
from recapdeck.importer.text import heading_kind
from recapdeck.load.outline import load_outline

from .helpers import (
    FIXTURES,
    POSTS,
    ROOT,
    SAMPLE_DECK,
    SAMPLE_POST,
    SHARED_POSTS,
    imported,
    project,
    words_of,
    write_post,
)


@pytest.mark.parametrize("post", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_imports_loads_and_builds(post, tmp_path):
    folder = project(tmp_path)
    result = imported(post, folder, assets=folder / "assets" / post.stem)
    loaded = load_outline(result.output, allow_missing=True)
    assert loaded.outline.segments
    built = recapdeck.build(result.output, out_dir=folder / "build", allow_missing=True, handout=[])
    assert built.slides >= 3
    # Every missing screenshot is a warning, not an error.
    missing = [w for w in loaded.warnings if "not found" in w.message]
    assert len(missing) == result.screenshots


@pytest.mark.parametrize("post", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_nothing_in_the_post_is_dropped(post, tmp_path):
    """Every word of the post's body is somewhere in the draft: a value, a note or a comment."""
    source = read_post(post)
    text = import_post(post, output=tmp_path / "decks" / "x.yaml").text
    lost = words_of(_body_text(parse_body(source.body))) - words_of(text)
    assert not lost, f"words of {post.name} missing from the draft: {sorted(lost)}"


def _body_text(blocks) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Heading) and heading_kind(block.inline.plain) != "generic":
            continue  # "References", "Summary": the section's name, not its content
        if isinstance(block, Heading | Paragraph):
            inline = block.inline
            parts += [inline.plain, *(i.alt + " " + i.caption for i in inline.images)]
            parts += [link.text for link in inline.links]
        elif isinstance(block, ListBlock):
            parts += [_body_text(item.blocks) for item in block.items]
        elif isinstance(block, Quote):
            parts.append(_body_text(block.blocks))
        else:
            parts.append(block.text)
    return " ".join(parts)


@pytest.mark.parametrize("post", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_import_is_deterministic_and_round_trips(post, tmp_path):
    out = tmp_path / "decks" / "x.yaml"
    first = import_post(post, output=out).text
    assert import_post(post, output=out).text == first
    data = yaml.safe_load(first)
    assert list(data)[:2] == ["title", "event"] or list(data)[:3] == ["title", "subtitle", "event"]
    assert all(len(line) <= 100 for line in first.splitlines() if "/" not in line), first


needs_sample = pytest.mark.skipif(not SAMPLE_POST.is_file(), reason="shared sample post absent")


def _all(outline, kind):
    return [h for s in outline.segments for h in getattr(s, kind)]


@needs_sample
def test_sample_post_matches_the_hand_written_outline(tmp_path):
    folder = project(tmp_path)
    assets = folder / "assets" / "desantis"
    shutil.copytree(ROOT / "assets" / "reinvent2024-desantis", assets)
    result = imported(SAMPLE_POST, folder, assets=assets)
    outline = load_outline(result.output).outline  # every screenshot found: no --allow-missing
    by_hand = load_outline(SAMPLE_DECK).outline

    assert [p.name for p in outline.speakers] == [p.name for p in by_hand.speakers]
    assert [p.id for p in outline.speakers] == ["peter-desantis", "dave-brown", "tom-brown"]
    ids = {p.name: p.id for p in outline.speakers}
    assert [s.speaker for s in outline.segments] == [
        ids["Peter DeSantis"], ids["Dave Brown"], ids["Peter DeSantis"], ids["Tom Brown"]
    ]  # fmt: skip
    assert next(p for p in outline.speakers if p.name == "Tom Brown").company == "Anthropic"

    titles = [h.title for h in _all(outline, "highlights")]
    expected_titles = (
        "The Graviton Journey", "Nitro", "Disaggregated Storage", "Trainium2",
        "NeuronLink and UltraServers", "Scale-Out", "10p10u", "SIDR",
        "Latency-optimized Inference", "Claude 3.5 Haiku", "Project Rainier",
    )  # fmt: skip
    for expected in expected_titles:
        assert any(expected in t for t in titles), (expected, titles)
    graviton = next(h for h in _all(outline, "highlights") if h.title == "The Graviton Journey")
    assert graviton.notes and "NGINX and MySQL" in graviton.notes
    assert all(len(p.text.split()) < 40 for p in graviton.points)

    names = [a.name.lower() for a in outline.announcements]
    for launch in ("trainium2", "10p10u network", "latency-optimized inference", "rainier"):
        assert any(launch in n for n in names), (launch, names)
    bedrock = next(a for a in outline.announcements if "bedrock" in a.name.lower())
    assert bedrock.status == "preview"
    new = {h.title for h in _all(outline, "highlights") if h.new}
    assert any("Trainium2" in t for t in new) and any("10p10u" in t for t in new)

    files = [s.file for h in _all(outline, "highlights") for s in h.screenshots]
    expected_files = [s.file for h in _all(by_hand, "highlights") for s in h.screenshots]
    assert len(files) == 12 and sorted(files) == sorted(expected_files)
    assert result.missing == []

    urls = [r.url for r in outline.references]
    assert urls == [r.url for r in by_hand.references][:2]
    assert "AWS / Amazon" in (outline.credits or "")


@needs_sample
def test_sample_post_draft_says_what_to_check(tmp_path):
    text = import_post(SAMPLE_POST, output=tmp_path / "decks" / "x.yaml").text
    assert '# check: speaker guessed from the heading "Dave Brown: The Silicon Revolution"' in text
    # The post's alt text is "image" everywhere: each screenshot asks for a real description.
    assert text.count('alt text is "image": describe what the slide shows') == 12
    assert "# check: the post's date; the keynote may have been earlier" in text
    assert "{: .prompt" not in text and "&amp;" not in text
    assert '# note: the post says: "New AWS services announced are preceded by New' in text


@pytest.mark.parametrize("post", SHARED_POSTS, ids=lambda p: p.stem)
def test_shared_posts_import_and_build(post, tmp_path):
    if not post.is_file():
        pytest.skip("shared example posts absent")
    folder = project(tmp_path)
    result = imported(post, folder)
    outline = load_outline(result.output, allow_missing=True).outline
    assert len(outline.announcements) >= 5
    assert len(outline.references) == 2
    recapdeck.build(result.output, out_dir=folder / "build", allow_missing=True, handout=[])


ODD_POSTS = {
    "empty": "",
    "only-front-matter": "---\ntitle: T\n---\n",
    "only-headings": "# A\n## B\n### C\n##\n",
    "only-images": "![](a.png)\n\n![x](b.jpg)\n",
    "deep-nesting": "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n",
    "image-item-with-bullets": "## S\n\n- ![img](a.png)\n    - point one\n    - point two\n",
    "empty-headings": "##\n\ntext here.\n\n## \n\n- x\n",
    "eighty-bullets": "## S\n\n" + "".join(f"- item {i}\n" for i in range(80)),
    "thirty-images": "- **Lead:** text\n"
    + "".join(f"    - ![image](/i/p{i}.png)\n" for i in range(30)),
    "huge-paragraph": "## S\n\n" + "word " * 3000 + "\n",
    "huge-title": "---\ntitle: " + "T" * 500 + "\n---\nx\n",
    "empty-new": "- New ****\n- (New) **X**\n",
    "quote-only": "> Just a quote\n> — Somebody Important\n",
    "odd-links": "## Links\n\n- [a](/rel)\n- <mailto:x@y.z>\n- plain\n",
    "announcements": "## Announcements\n\n- **Thing**: in preview\n- Another thing\n-\n",
    "html-only": "<div><p>Hi <b>there</b></p><img src='x.svg'><a href='https://a.b'>ab</a></div>\n",
    "table-only": "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "heading-in-item": "- item\n\n  ## heading inside\n",
    "setext": "Title\n=====\n\nSub\n---\n\n- a\n",
    "unsafe-link": "## S\n\n- [x](javascript:alert(1))\n",
    "crlf": "---\r\ntitle: Windows\r\n---\r\n\r\n- **A:** b\r\n",
}


@pytest.mark.parametrize("name", list(ODD_POSTS))
def test_odd_posts_still_give_valid_outlines(tmp_path, name):
    post = write_post(project(tmp_path), ODD_POSTS[name], f"{name}.md")
    result = imported(post, tmp_path)
    load_outline(result.output, allow_missing=True)
    assert "javascript:" not in result.text


def test_write_refuses_to_replace_an_outline(tmp_path):
    folder = project(tmp_path)
    result = imported(POSTS / "prose-only.md", folder, assets=folder / "assets" / "p")
    assert (folder / "assets" / "p").is_dir()
    with pytest.raises(RecapdeckError, match="already exists"):
        write_import(result)
    write_import(result, force=True)


def test_assets_outside_the_project_are_flagged(tmp_path):
    folder = project(tmp_path / "deck")
    elsewhere = tmp_path / "elsewhere"
    result = import_post(POSTS / "prose-only.md", output=folder / "decks" / "p.yaml",
                         assets=elsewhere)  # fmt: skip
    comments = " ".join(re.sub(r"\n\s*#\s*", " ", result.text).split())
    assert f"the assets folder {elsewhere} is outside the deck's project" in comments


def test_default_output_drops_the_date(tmp_path):
    assert default_output(Path("2024-12-08-aws-keynote.md"), tmp_path) == (
        tmp_path / "decks" / "aws-keynote.yaml"
    )


def test_liquid_links_become_text_and_the_draft_passes_check(tmp_path):
    folder = project(tmp_path)
    result = imported(POSTS / "liquid-links.md", folder)
    load_outline(result.output, allow_missing=True)  # raises on a refused link
    data = yaml.safe_load(result.text)
    points = [p for h in data["segments"][0]["highlights"] for p in h.get("points", [])]
    assert "**Storage tiers:** The cold tier is now half the price of last year" in points
    assert (
        "**Regions:** Two new regions, see the [region map](https://skyline.example.com/regions)"
        in points
    )
    assert (
        "](" not in data["segments"][0]["notes"] and "plan on using" in data["segments"][0]["notes"]
    )


def test_date_from_the_file_name(tmp_path):
    text = import_post(POSTS / "2024-05-14-text-hygiene.md", output=tmp_path / "x.yaml").text
    assert yaml.safe_load(text)["event"]["date"].isoformat() == "2024-05-14"
    assert "# check: the date in the post's file name" in text


def test_text_hygiene_end_to_end(tmp_path):
    text = import_post(POSTS / "2024-05-14-text-hygiene.md", output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    points = [p for s in data["segments"] for h in s["highlights"] for p in h["points"]]
    assert "**Runtimes:** containerd is now the default runtime on macOS and Linux" in points
    assert "**Scheduling:** Jobs start faster than before 😁" in points
    assert "slower" not in text and "the old" not in text and ":grin:" not in text
    assert "\u200e" not in text and "(https://openinfra.example.org/notes)" in text
    # The sign-off is neither a slide nor a takeaway; it is named at the top of the draft.
    assert "summary" not in data and "Thanks for reading" not in str(data)
    assert "# note: the post's sign-off is not on a slide" in text
