"""The draft as a YAML tree: pictures found in the assets folder."""

from __future__ import annotations

import shutil

import yaml

from recapdeck.importer import import_post

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
