"""recapdeck import: Markdown posts to outlines that validate, build and say what they guessed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

import recapdeck
from recapdeck import _yaml_writer as w
from recapdeck._import_markdown import Heading, ListBlock, Paragraph, Quote, parse_body
from recapdeck._import_text import (
    find_lead,
    heading_kind,
    new_marks,
    person_name,
    presenter,
    role_and_company,
    split_sentences,
)
from recapdeck.cli.draft import register
from recapdeck.errors import RecapdeckError
from recapdeck.importer import default_output, import_post, read_post, write_import
from recapdeck.load.outline import load_outline

ROOT = Path(__file__).resolve().parents[1]
POSTS = ROOT / "tests" / "fixtures" / "posts"
FIXTURES = sorted(POSTS.glob("*.md"))
SHARED = ROOT.parent / "shared" / "examples"
SAMPLE_POST = SHARED / "2024-12-08-aws-reinvent-2024-keynote-peter-desantis.md"
SHARED_POSTS = [
    SHARED / "posts" / "2023-01-08-aws-reinvent-2022-keynote-werner-vogels.md",
    SHARED / "posts" / "2024-01-13-aws-reinvent-2023-keynote-adam-selipsky.md",
]
SAMPLE_DECK = ROOT / "decks" / "reinvent2024-desantis.yaml"


def project(tmp_path: Path) -> Path:
    """A deck project folder (pyproject.toml marks it) with decks/ and assets/."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    return tmp_path


def imported(post: Path, folder: Path, *, assets: Path | None = None):
    """Import ``post`` into ``folder/decks`` and write it; return the result."""
    out = folder / "decks" / f"{post.stem}.yaml"
    result = import_post(post, output=out, assets=assets)
    write_import(result)
    return result


def write_post(folder: Path, text: str | bytes, name: str = "post.md") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def words_of(text: str) -> set[str]:
    return {m.lower() for m in re.findall(r"[^\W_]{4,}", text)}


# --- every fixture --------------------------------------------------------------------------


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


# --- the sample post ------------------------------------------------------------------------

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


@pytest.mark.skipif(not SHARED_POSTS[1].is_file(), reason="shared example posts absent")
def test_guests_named_in_bold_bullets_join_the_roster(tmp_path):
    outline_text = import_post(SHARED_POSTS[1], output=tmp_path / "x.yaml").text
    data = yaml.safe_load(outline_text)
    people = {p["id"]: p for p in data["speakers"]}
    assert people["jensen-huang"]["company"] == "Nvidia"
    assert people["lidia-fonseca"]["company"] == "Pfizer"
    assert "# check: Dario Amodei appears here as a guest; give them a segment" in outline_text


# --- specific mappings ----------------------------------------------------------------------


def test_chirpy_post_details(tmp_path):
    data = yaml.safe_load(import_post(POSTS / "jekyll-chirpy.md", output=tmp_path / "x.yaml").text)
    speakers = {p["id"]: p for p in data["speakers"]}
    assert set(speakers) == {"maria-keller", "tom-okafor"}  # zero-width space removed
    assert speakers["tom-okafor"]["role"] == "VP of Storage"
    storage = data["segments"][1]
    assert storage["speaker"] == "tom-okafor"
    cold = storage["highlights"][0]
    assert cold["title"] == "Cold storage: cheaper by half"  # &#58; decoded
    assert cold["points"][0] == "The new archive tier costs half as much as the old one"
    turbo = storage["highlights"][1]
    assert turbo["new"] is True
    assert turbo["screenshots"][0] == {
        "file": "turbo-volumes.png",
        "alt": "Bar chart of volume throughput",
        "caption": "Turbo Volumes throughput",
    }
    launches = {a["name"]: a for a in data["announcements"]}
    assert launches["Turbo Volumes"]["status"] == "preview"
    assert "Object Lock for Buckets" in launches
    mission = data["segments"][0]["highlights"][0]["screenshots"][0]
    assert mission["alt"] == "The ten-year mission slide"  # from the include's caption
    assert [r["url"] for r in data["references"]] == [
        "https://www.youtube.com/watch?v=example123",
        "https://cloudconf.example.com/2025/",
    ]
    assert "Example Cloud" in data["credits"]
    assert data["summary"] == ["Storage got cheaper & faster", "A new region in the far north"]


def test_hugo_post_details(tmp_path):
    text = import_post(POSTS / "hugo-shortcodes.md", output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    assert data["event"]["name"] == "KubeCon + CloudNativeCon Europe 2025"
    assert str(data["event"]["date"]) == "2025-04-02"
    assert data["subtitle"] == "What the CNCF announced on day one"
    opening = data["segments"][0]
    assert opening["speaker"] == "ada-lindqvist"
    assert opening["quotes"] == [
        {"text": "Open source is a team sport, and the team keeps growing.",
         "speaker": "ada-lindqvist"}
    ]  # fmt: skip
    shots = [s["file"] for seg in data["segments"] for h in seg["highlights"]
             for s in h.get("screenshots", [])]  # fmt: skip
    assert shots == ["attendance.png", "queue-demo.png"]
    assert data["segments"][1]["speaker"] == "ravi-menon"
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in [r["url"] for r in data["references"]]
    assert "# note: a template tag was not understood and is left out: {{< notice info >}}" in text


def test_presenter_headings_details(tmp_path):
    text = import_post(POSTS / "presenter-headings.md", output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    assert [s["speaker"] for s in data["segments"]] == ["lena-fischer", "jonas-berg", "priya-raman"]
    assert data["segments"][2]["title"] == "Panel: The Future of CI"
    quotes = data["segments"][0]["quotes"]
    assert quotes == [{"text": "The best tool is the one you forget you are using.",
                       "speaker": "lena-fischer"}]  # fmt: skip
    # A blockquote without a name is never made into a quote; it lands in the notes.
    assert "quotes" not in data["segments"][1]
    assert "This blockquote has no name under it." in data["segments"][1]["notes"]
    assert "new-checkout: 10%" in data["segments"][1]["notes"]  # the code block, kept
    svg = data["segments"][1]["highlights"][0]["screenshots"][0]
    assert svg["file"] == "flag-dashboard.png"
    assert "export it to PNG as flag-dashboard.png" in text
    assert "Build time | 12 min | 3 min" in " ".join(
        h.get("notes", "") for h in data["segments"][0]["highlights"]
    )
    assert data["credits"].endswith("by Sam Writer.")


def test_prose_only_post(tmp_path):
    text = import_post(POSTS / "prose-only.md", output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    (segment,) = data["segments"]
    assert len(segment["highlights"]) == 4
    assert segment["highlights"][0]["title"] == "Northwind Summit"
    assert "# check: no title in the post; title taken from the file name" in text


def test_odd_front_matter_is_tolerated(tmp_path):
    text = import_post(POSTS / "odd-front-matter.md", output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    assert data["title"] == "Data Week, 2025"
    assert data["subtitle"] == "42"
    assert data["event"] == {"name": "Data Week 2025", "date": data["event"]["date"]}
    assert data["segments"][0]["speaker"] == "noor-haddad"


def test_assets_are_found_by_file_name_in_subfolders(tmp_path):
    folder = project(tmp_path)
    assets = folder / "assets" / "cloud"
    (assets / "deep").mkdir(parents=True)
    shutil.copy(ROOT / "assets" / "reinvent2024-desantis" / "summary.jpg",
                assets / "deep" / "mission.png")  # fmt: skip
    result = import_post(POSTS / "jekyll-chirpy.md", output=folder / "decks" / "c.yaml",
                         assets=assets)  # fmt: skip
    data = yaml.safe_load(result.text)
    assert data["assets"] == "../assets/cloud"
    assert data["segments"][0]["highlights"][0]["screenshots"][0]["file"] == "deep/mission.png"
    assert "mission.png" not in result.missing and "archive-tier.png" in result.missing


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


def test_jekyll_liquid_urls_and_italic_captions():
    (block,) = parse_body("![x]({{ site.baseurl }}/assets/a.png)\n_The caption_\n")
    (image,) = block.inline.images
    assert (image.src, image.alt, image.caption) == ("/assets/a.png", "x", "The caption")
    assert block.inline.pieces == ()
    (block,) = parse_body("![y]({{ '/assets/b.png' | relative_url }})")
    assert block.inline.images[0].src == "/assets/b.png"


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"---\ntitle: x\n", 1, "never closed"),
        (b"---\ntitle: x\nbad: [1, 2\n---\nbody\n", 3, "not valid YAML"),
        (b"---\ntitle: x\nbad: : :\n  - y\n---\n", 3, "not valid YAML"),
        (b"---\n- a\n- b\n---\nbody\n", 2, "must be 'key: value' lines"),
        (b"ok line\n\xe9t\xe9\n", 2, "not UTF-8"),
        (b"\xff\xfet\x00i\x00", 1, "UTF-16"),
        (b"+++\ntitle = 'x'\nbad = = 1\n+++\n", 3, "not valid TOML"),
        (b"+++\ntitle = \n+++\n", 2, "not valid TOML"),
    ],
)
def test_bad_posts_are_located_errors(tmp_path, content, line, message):
    post = write_post(tmp_path, content)
    with pytest.raises(RecapdeckError) as info:
        import_post(post, output=tmp_path / "x.yaml")
    (problem,) = info.value.problems
    assert problem.location is not None and problem.location.path == post
    assert problem.location.line == line
    assert message in problem.message


def test_missing_post_and_folder(tmp_path):
    for path, message in ((tmp_path / "nope.md", "no such file"), (tmp_path, "is a directory")):
        with pytest.raises(RecapdeckError, match=message):
            import_post(path)


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


# --- command line ---------------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_import_writes_and_summarises(tmp_path, monkeypatch):
    monkeypatch.chdir(project(tmp_path))
    post = write_post(tmp_path, (POSTS / "jekyll-chirpy.md").read_text(encoding="utf-8"))
    runner = CliRunner()
    result = runner.invoke(_app(), ["import", str(post), "-o", "decks/cloud.yaml",
                                    "--assets", "assets/cloud"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "decks/cloud.yaml: 3 segments, 7 highlights, 2 speakers, 3 screenshots (3 not" in (
        result.output
    )
    assert "recapdeck check decks/cloud.yaml --allow-missing" in result.output
    assert (tmp_path / "assets" / "cloud").is_dir()
    again = runner.invoke(_app(), ["import", str(post), "-o", "decks/cloud.yaml"])
    assert again.exit_code == 1
    assert "already exists" in again.output and "Traceback" not in again.output


def test_cli_import_to_stdout_and_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(_app(), ["import", str(POSTS / "prose-only.md"), "-o", "-"])
    assert result.exit_code == 0
    assert yaml.safe_load(result.output)["title"] == "Prose only"
    bad = write_post(tmp_path, b"---\ntitle: [\n---\n")
    result = runner.invoke(_app(), ["import", str(bad), "-o", "-"])
    assert result.exit_code == 1
    assert "error:" in result.output and "front matter is not valid YAML" in result.output


# --- text heuristics ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "name", "title", "role"),
    [
        ("Dave Brown: The Silicon Revolution", "Dave Brown", "The Silicon Revolution", None),
        ("Jane Doe - CTO, Acme", "Jane Doe", None, "CTO"),
        ("Keynote: The Future - Sam Lee, VP Product", "Sam Lee", "Keynote: The Future",
         "VP Product"),
        ("The Future (Sam Lee, Founder)", "Sam Lee", "The Future", "Founder"),
        ("Keynote by Dr. Werner Vogels, Amazon CTO", "Dr. Werner Vogels", "Keynote",
         "Amazon CTO"),
    ],
)  # fmt: skip
def test_presenter_headings(heading, name, title, role):
    who = presenter(heading)
    assert who is not None
    assert (who.name, who.title, who.role) == (name, title, role)


@pytest.mark.parametrize(
    "heading",
    ["Amazon Bedrock: easiest way", "Summary", "The Rise of AI", "Nitro: Redefining Servers",
     "Project Rainier: A Glimpse", "AWS CEO: Keynote", "Day 2: Storage"],
)  # fmt: skip
def test_headings_that_name_no_person(heading):
    assert presenter(heading) is None


def test_person_names():
    assert person_name("Ana de la Cruz") == "Ana de la Cruz"
    assert person_name("Zoë Müller") == "Zoë Müller"
    assert person_name("Key Message") is None
    assert person_name("Madonna") is None


def test_role_and_company():
    assert role_and_company("Founder & CEO of Nvidia") == ("Founder & CEO", "Nvidia")
    assert role_and_company("VP of Storage") == ("VP of Storage", None)
    assert role_and_company("Chief Officer, Pfizer") == ("Chief Officer", "Pfizer")


def test_sentences_never_split_inside_bold_or_after_abbreviations():
    text = "Dr. Lee said **A. B. tests. Work** well, e.g. here. Claude 3.5 ships. Done!"
    assert split_sentences(text) == [
        "Dr. Lee said **A. B. tests. Work** well, e.g. here.",
        "Claude 3.5 ships.",
        "Done!",
    ]


def _pieces(md: str):
    (block,) = parse_body(md)
    assert isinstance(block, Paragraph)
    return block.inline.pieces


def test_lead_ins():
    lead = find_lead(_pieces("**The Graviton Journey:** Brown charted it."))
    assert lead and lead.title == "The Graviton Journey" and not lead.new
    lead = find_lead(_pieces("(New) **Amazon Q**: an assistant"))
    assert lead and lead.title == "Amazon Q" and lead.new
    lead = find_lead(_pieces("Key message: **Nature is Asynchronous**, world is events"))
    assert lead and lead.title == "Key message"
    lead = find_lead(_pieces("ReInvent: **Bold bets by Amazon**:"))
    assert lead and lead.title == "ReInvent: Bold bets by Amazon"
    assert find_lead(_pieces("Readme.com to create docs for APIs")) is None


def test_new_marks():
    marks = new_marks(_pieces("He introduced New **Trainium2**, the answer to scale. More."))
    assert [(m.name, m.summary, m.doubtful) for m in marks] == [
        ("Trainium2", "The answer to scale.", False)
    ]
    (mark,) = new_marks(_pieces("a brand new **Thing** in preview"))
    assert mark.doubtful and mark.status == "preview"


def test_markdown_cleanup():
    body = (
        "Tom\u200b Okafor\u00a0said &amp; **R&amp;D** &#58; "
        "<a href='https://x.example/'>site</a> {% include image.html src=\"/a/b.png\" "
        'caption="Cap" %}\n{: .no_toc }\n'
    )
    (block,) = parse_body(body)
    inline = block.inline
    assert inline.plain == "Tom Okafor said & R&D : site"
    assert "[site](https://x.example/)" in inline.md
    assert [(i.name, i.caption) for i in inline.images] == [("b.png", "Cap")]
    assert inline.classes == ("no_toc",)


# --- the YAML writer ------------------------------------------------------------------------

TRICKY = [
    "plain", "Graviton: the journey", "**bold** start", "yes", "no", "1.10", "2024-12-02",
    "a # not a comment", "#hash", "- dash", "quote \"inside\": here", "it's", "'single'",
    "trailing colon:", "@at", "`code`", "[link](https://x)", "null", "~", "", " lead",
    "tab\there", "line\nbreak", "café ünïcödé", "x" * 150,
    ("A long sentence that goes on. " * 9).strip(),
    "Para one is long enough to fold across lines for sure, yes it is.\n\nPara two: also.",
    "code:\n  indented: 1\nend",
]  # fmt: skip


def test_writer_round_trips_tricky_strings():
    root = w.Mapping()
    seq = w.Sequence([w.Item(t, ["check: a comment"]) for t in TRICKY])
    root.add("items", seq)
    nested = w.Mapping()
    for i, t in enumerate(TRICKY):
        nested.add(f"k{i}", t or "x")
    root.add("map", w.Sequence([w.Item(nested)]))
    text = w.render(root, ["header"])
    assert yaml.safe_load(text) == w.plain_data(root)
    assert "- Graviton: the journey" not in text
    assert '- "Graviton: the journey"' in text
    assert "  # check: a comment" in text


def test_writer_folds_long_text_and_keeps_key_order():
    root = w.Mapping()
    root.add("title", "T")
    root.add("notes", "word " * 40 + "end")
    root.entries.append(w.Commented("duration: 30"))
    root.add("empty", None)
    text = w.render(root)
    lines = text.splitlines()
    assert lines[0] == "title: T" and lines[1] == "notes: >-"
    assert all(len(line) <= 96 for line in lines)
    assert "# duration: 30" in text and "empty" not in text
