"""Paths and small helpers shared by the importer's tests."""

from __future__ import annotations

import re
from pathlib import Path

from recapdeck.importer import ImportResult, import_post, write_import

ROOT = Path(__file__).resolve().parents[2]
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


def imported(post: Path, folder: Path, *, assets: Path | None = None) -> ImportResult:
    """Import ``post`` into ``folder/decks`` and write it; return the result."""
    out = folder / "decks" / f"{post.stem}.yaml"
    result = import_post(post, output=out, assets=assets)
    write_import(result)
    return result


def write_post(folder: Path, text: str | bytes, name: str = "post.md") -> Path:
    """Write a post (text or raw bytes) into ``folder``; return its path."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def words_of(text: str) -> set[str]:
    """The words of four letters or more in ``text``, lower case."""
    return {m.lower() for m in re.findall(r"[^\W_]{4,}", text)}
