"""The draft as a YAML tree: pictures found in the assets folder."""

from __future__ import annotations

import shutil

import yaml

from recapdeck.errors import Problem
from recapdeck.importer import import_post
from recapdeck.importer import yaml_writer as w
from recapdeck.importer.yaml_out import repair

from .helpers import (
    POSTS,
    ROOT,
    project,
)


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


def test_repair_keeps_the_text_and_drops_refused_links():
    root = w.Mapping()
    segment = w.Mapping()
    segment.add("title", "S")
    segment.add("notes", "See [the plan](javascript:go) and [docs](https://d.example/).\x1e")
    root.add("segments", w.Sequence([w.Item(segment)]))
    problem = Problem(None, "the link target 'javascript:go' is refused: ...", "segments[0].notes")
    assert repair(root, [problem])
    (entry,) = [e for e in segment.entries if e.key == "notes"]
    assert entry.value == "See the plan and [docs](https://d.example/)."
    assert entry.comments and entry.comments[0].startswith("check: the post's text here")
    assert not repair(root, [Problem(None, "x", "segments[3].notes")])  # nothing there


def test_a_picture_without_file_extension_is_saved_as_png(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(
        "## Windows\n\nIt runs everywhere.\n\n"
        "![Copilot](https://github.com/u/r/assets/47/f26e66db-4ca0)\n",
        encoding="utf-8",
    )
    result = import_post(post, output=tmp_path / "decks" / "x.yaml")
    shot = yaml.safe_load(result.text)["segments"][0]["highlights"][0]["screenshots"][0]
    assert shot["file"] == "f26e66db-4ca0.png"
    assert "no file extension; save it as f26e66db-4ca0.png" in result.text
    assert result.missing == ["f26e66db-4ca0.png"]
