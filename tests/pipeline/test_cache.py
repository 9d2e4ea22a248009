"""The image cache: reused between builds, same bytes, damage detected, size bounded."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import recapdeck.render.pptx
from helpers_outline import draw_image, write_outline
from recapdeck import build
from recapdeck.cache import ImageCache, default_cache_dir, open_cache
from recapdeck.cli import app

OUTLINE = """\
title: Cached talk
event: {name: Cache Conf}
segments:
  - title: Pictures
    highlights:
      - title: A big screenshot
        points: [One point beside it]
        screenshots:
          - {file: big.png, alt: A large chart}
      - title: A rotated photo
        screenshots:
          - {file: photo.jpg, alt: A photo taken sideways}
      - title: A small one
        screenshots:
          - {file: small.png, alt: A small chart}
"""


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    """An outline with a large PNG, an EXIF-rotated JPEG and one small enough to pass through."""
    draw_image(tmp_path / "big.png", (3000, 1700))
    draw_image(tmp_path / "photo.jpg", (2400, 1600), orientation=6)
    draw_image(tmp_path / "small.png", (400, 240))
    return write_outline(tmp_path, OUTLINE, "talk.yaml")


@pytest.fixture
def prepare_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files each call of prepare_image decoded, in a list that grows as builds run."""
    calls: list[Path] = []
    real = recapdeck.render.pptx.prepare_image

    def counting(info, width, height):
        calls.append(info.path)
        return real(info, width, height)

    monkeypatch.setattr(recapdeck.render.pptx, "prepare_image", counting)
    return calls


def outputs(result) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in result.outputs}


def test_a_second_build_reads_every_image_from_the_cache(talk, tmp_path, prepare_calls):
    cache = tmp_path / "cache"
    first = build(talk, out_dir=tmp_path / "one", cache=cache)
    decoded = len(prepare_calls)
    assert decoded == 3  # each file once: the handout's copy comes from the deck-sized image
    assert first.cache.hits == 0 and first.cache.misses == 4  # 2 deck images + 2 handout copies
    second = build(talk, out_dir=tmp_path / "two", cache=cache)
    assert second.cache.hits == 4 and second.cache.misses == 0
    assert prepare_calls[decoded:] == [talk.parent / "small.png"]  # passed through, never cached
    plain = build(talk, out_dir=tmp_path / "plain", cache=False)
    assert plain.cache is None
    assert outputs(first) == outputs(second) == outputs(plain)


def test_the_cache_key_follows_content_not_file_names(talk, tmp_path, prepare_calls):
    cache = tmp_path / "cache"
    build(talk, out_dir=tmp_path / "one", cache=cache)
    before = len(prepare_calls)
    draw_image(talk.parent / "big.png", (3000, 1700), color="darkred")  # new pixels
    again = build(talk, out_dir=tmp_path / "two", cache=cache)
    assert again.cache.misses == 2  # the new deck image and its handout copy
    assert (talk.parent / "big.png") in prepare_calls[before:]


def test_a_damaged_entry_is_detected_and_recomputed(talk, tmp_path):
    cache = tmp_path / "cache"
    first = build(talk, out_dir=tmp_path / "one", cache=cache)
    entries = sorted(cache.glob("images/*/*.img"))
    assert len(entries) == 4
    for entry in entries:  # flip one byte of each payload, and cut one entry short
        data = bytearray(entry.read_bytes())
        data[-10] ^= 0xFF
        entry.write_bytes(bytes(data))
    entries[0].write_bytes(entries[0].read_bytes()[:40])
    second = build(talk, out_dir=tmp_path / "two", cache=cache)
    assert second.cache.corrupt == 4 and second.cache.hits == 0
    assert outputs(second) == outputs(first)
    third = build(talk, out_dir=tmp_path / "three", cache=cache)
    assert third.cache.hits == 4 and third.cache.corrupt == 0  # rewritten whole


def test_an_unusable_cache_folder_only_costs_time(talk, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    result = build(talk, out_dir=tmp_path / "out", cache=blocker)
    assert result.cache.hits == 0
    assert outputs(result) == outputs(build(talk, out_dir=tmp_path / "b", cache=False))


def test_pruning_keeps_the_folder_under_its_limit_dropping_least_recently_used(tmp_path):
    cache = ImageCache(tmp_path / "cache", limit=10_000)
    keys = [cache.key("entry", str(i)) for i in range(8)]
    for age, key in enumerate(keys):
        cache.put(key, bytes([age]) * 3000, "png")
        path = next((tmp_path / "cache").glob(f"images/*/{key}.img"))
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # keys[0] is the oldest
    assert cache.get(keys[0]) is not None  # a hit makes it the most recently used
    stale = tmp_path / "cache" / "images" / "ab" / ".tmp-left-by-a-killed-build"
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"x")
    os.utime(stale, (1_000_000, 1_000_000))
    removed = cache.prune()
    assert cache.size() <= 10_000
    assert removed == 5 and cache.stats.pruned == 5
    assert [k for k in keys if cache.get(k) is not None] == [keys[0], keys[6], keys[7]]
    assert not stale.exists()


def test_two_writers_of_one_entry_leave_a_whole_entry(tmp_path):
    cache = ImageCache(tmp_path / "cache")
    key = cache.key("shared")
    data = os.urandom(200_000)
    threads = [threading.Thread(target=cache.put, args=(key, data, "png")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get(key) == (data, "png")
    assert [p.name for p in (tmp_path / "cache").rglob("*.img")] == [f"{key}.img"]


def test_cache_argument_and_default_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RECAPDECK_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    assert open_cache(True).folder == tmp_path / "mine"
    assert open_cache(False) is None
    assert open_cache(tmp_path / "x").folder == tmp_path / "x"
    monkeypatch.delenv("RECAPDECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "recapdeck" / "images"


def test_no_cache_option_bypasses_the_cache(talk, tmp_path, monkeypatch):
    cache = tmp_path / "cli-cache"
    monkeypatch.setenv("RECAPDECK_CACHE_DIR", str(cache))
    runner = CliRunner()
    args = ["build", str(talk), "--out", str(tmp_path / "out")]
    result = runner.invoke(app, [*args, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not cache.exists()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(list(cache.glob("images/*/*.img"))) == 4
