"""How the parts of a post become speakers, segments, highlights and launches."""

from __future__ import annotations

import pytest
import yaml

from recapdeck.importer import import_post
from recapdeck.importer.people import presenter

from .helpers import (
    POSTS,
    SHARED_POSTS,
)


@pytest.mark.skipif(not SHARED_POSTS[1].is_file(), reason="shared example posts absent")
def test_guests_named_in_bold_bullets_join_the_roster(tmp_path):
    outline_text = import_post(SHARED_POSTS[1], output=tmp_path / "x.yaml").text
    data = yaml.safe_load(outline_text)
    people = {p["id"]: p for p in data["speakers"]}
    assert people["jensen-huang"]["company"] == "Nvidia"
    assert people["lidia-fonseca"]["company"] == "Pfizer"
    assert "# check: Dario Amodei appears here as a guest; give them a segment" in outline_text


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
    assert len(segment["highlights"]) == 3  # a one-point paragraph joined its neighbour
    assert segment["highlights"][0]["title"] == "Northwind Summit"
    assert "# check: no title in the post; title taken from the file name" in text


def test_odd_front_matter_is_tolerated(tmp_path):
    text = import_post(POSTS / "odd-front-matter.md", output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    assert data["title"] == "Data Week, 2025"
    assert data["subtitle"] == "42"
    assert data["event"] == {"name": "Data Week 2025", "date": data["event"]["date"]}
    assert data["segments"][0]["speaker"] == "noor-haddad"


def test_quotes_in_every_common_form(tmp_path):
    data = yaml.safe_load(import_post(POSTS / "quote-forms.md", output=tmp_path / "x.yaml").text)
    (segment,) = data["segments"]
    said = [(q["speaker"], q["text"][:24]) for q in segment["quotes"]]
    assert said == [
        ("priya-natarajan", "A dashboard nobody trust"),  # > \- Name
        ("Grace Hopper", "It's easier to ask forgi"),  # ~ Name
        ("Alan Turing", "We can only see a short "),  # tab-indented, -- Name
        ("priya-natarajan", "Ship the metric with its"),  # bullet "..." - **Name**
        ("priya-natarajan", "Quality is a habit, not "),  # italic name line below
        ("priya-natarajan", "Data contracts are the n"),  # — Name, Company
    ]
    # People quoted on stage are never made speakers; an unattributed quote stays a note.
    assert [p["id"] for p in data["speakers"]] == ["priya-natarajan"]
    assert "Nobody reads the docs" in str(segment)
    assert all("Nobody reads" not in q["text"] for q in segment["quotes"])


def test_announcements_from_the_language_of_launches(tmp_path):
    data = yaml.safe_load(import_post(POSTS / "launches.md", output=tmp_path / "x.yaml").text)
    launches = {a["name"]: a.get("status") for a in data["announcements"]}
    assert launches == {
        "Nimbus Forge": None,  # "X was announced" in prose
        "Nimbus Vault": "generally available",  # "X is now generally available"
        "Nimbus Lens": "preview",  # **X:** ..., in preview
        "Edge Queues": "coming soon",
        "Quartz DB": "open source",
        "Spot Builds": None,  # New **X** in a sub-bullet
        "Nimbus Pulse": "beta",  # a list of launches: "X (beta)", "X, GA", "X: introducing"
        "Nimbus Relay": "generally available",
        "Nimbus Atlas": None,
    }
    highlights = {h["title"]: h for h in data["segments"][0]["highlights"]}
    assert highlights["Nimbus Lens"].get("new") is True
    # A parent bullet is not new because one of its sub-bullets is.
    assert "new" not in highlights["Pricing"]


def test_announcements_from_the_headings_of_a_product_keynote(tmp_path):
    text = import_post(POSTS / "product-keynote.md", output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    assert [a["name"] for a in data["announcements"]] == [
        "Orbit Studio", "Orbit Guard", "Prompt Lab", "Vector search in Orbit Tables",
        "Orbit Edge Runtime",
    ]  # fmt: skip
    prompt_lab = data["announcements"][2]
    assert prompt_lab["status"] == "preview" and prompt_lab["summary"].startswith("Versioned")
    assert "# check: a heading of a post about launches; is it one?" in text


def test_speakers_from_headings_titles_and_prose(tmp_path):
    text = import_post(POSTS / "speaker-shapes.md", output=tmp_path / "x.yaml").text
    data = yaml.safe_load(text)
    people = {p["id"]: (p.get("role"), p.get("company")) for p in data["speakers"]}
    assert people == {
        "dana-whitfield": ("VP Engineering", "Loomworks"),  # title "from" + "## Name - Role"
        "omar-haddad": ("CTO", "Brightpath"),  # several presenters, split on ; and &
        "lucia-moreno": (None, "Loomworks"),
        "ken-ito": (None, "Loomworks"),
        "sarah-lindqvist": ("CEO", "Fernbank"),  # "X, CEO of Y, closed the morning"
    }
    assert [s["speaker"] for s in data["segments"]] == [
        "dana-whitfield", "omar-haddad", "sarah-lindqvist"
    ]  # fmt: skip
    # The four laws are "Term: text" bullets, not people.
    (laws,) = data["segments"][0]["highlights"]  # four one-point slides, merged into one
    assert laws["points"][0] == (
        "**Continuing Change:** A system must keep adapting or it becomes less useful"
    )
    assert len(laws["points"]) == 4 and "continuing-change" not in people


@pytest.mark.parametrize(
    "heading",
    ["Increasing Complexity: growth", "Self Regulation: a law", '"Ship it" - Jane Doe'],
)
def test_concepts_and_quotations_are_not_presenters(heading):
    assert presenter(heading) is None
