"""Import benchmark: what `recapdeck import` finds in each post, against what a reader finds.

For every fixture post (tests/fixtures/posts/) and every shared example post
(../shared/examples/, beside the repository) it imports the post into a temporary project,
checks the draft as `recapdeck check --allow-missing` does, and prints one Markdown table row:
speakers, quotes, announcements, segments and slides found / expected (from
tests/fixtures/posts/expected.yaml), the `# check:` comments to review, and the import time.
A post whose draft fails check is a row that says so, and the exit code is 1.

    .venv/bin/python bench/import_bench.py            # every post
    .venv/bin/python bench/import_bench.py --shared   # only the shared posts
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

from recapdeck.errors import RecapdeckError
from recapdeck.importer import import_post, write_import
from recapdeck.pipeline import prepare

ROOT = Path(__file__).resolve().parents[1]
POSTS = ROOT / "tests" / "fixtures" / "posts"
SHARED = ROOT.parent / "shared" / "examples"
COUNTS = ("speakers", "quotes", "announcements", "segments")


def expectations() -> dict[Path, dict[str, object]]:
    """Expected facts per post path, from tests/fixtures/posts/expected.yaml."""
    data = yaml.safe_load((POSTS / "expected.yaml").read_text(encoding="utf-8"))
    out = {POSTS / name: facts for name, facts in data["fixtures"].items()}
    out.update({SHARED / name: facts for name, facts in data["shared"].items()})
    return out


def measure(post: Path) -> dict[str, object]:
    """Import ``post`` into a temporary project and count what the draft holds."""
    with tempfile.TemporaryDirectory(prefix="recapdeck-import-bench-") as folder:
        project = Path(folder)
        (project / "pyproject.toml").write_text("", encoding="utf-8")
        start = time.perf_counter()
        result = import_post(post, output=project / "decks" / "draft.yaml",
                             assets=project / "assets" / "draft")  # fmt: skip
        seconds = time.perf_counter() - start
        write_import(result)
        data = yaml.safe_load(result.text)
        found: dict[str, object] = {
            "speakers": len(data.get("speakers", [])),
            "quotes": sum(len(s.get("quotes", [])) for s in data["segments"]),
            "announcements": len(data.get("announcements", [])),
            "segments": len(data["segments"]),
            "checks": result.checks,
            "seconds": seconds,
        }
        try:
            found["slides"] = len(prepare(result.output, allow_missing=True).plan.slides)
        except RecapdeckError as exc:
            found["slides"] = f"check fails: {exc.problems[0]}"
        return found


def row(post: Path, found: dict[str, object], expected: dict[str, object]) -> str:
    cells = [post.name.removesuffix(".md")[:44]]
    for key in COUNTS:
        cells.append(f"{found[key]} / {expected.get(key, '?')}")
    span = expected.get("slides")
    cells.append(
        f"{found['slides']} / " + (f"{span[0]}–{span[1]}" if isinstance(span, list) else "?")
    )
    cells += [str(found["checks"]), f"{found['seconds']:.2f}"]
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", action="store_true", help="only the shared example posts")
    args = parser.parse_args()
    expected = expectations()
    posts = [p for p in expected if not args.shared or p.is_relative_to(SHARED)]
    print("| post | speakers | quotes | announcements | segments | slides | # check: | s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    failed = 0
    for post in posts:
        if not post.is_file():
            print(f"| {post.name} | (absent) | | | | | | |")
            continue
        found = measure(post)
        failed += isinstance(found["slides"], str)
        print(row(post, found, expected[post]), flush=True)
    print("\nfound / expected; slides: recapdeck check's count / the range a careful deck has")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
