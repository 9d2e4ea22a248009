"""ProbeCache: an unchanged image is not decoded again; a changed one is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from recapdeck.load import probes
from recapdeck.load.images import ImageInfo
from recapdeck.load.probes import ProbeCache


def _png(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, (10, 20, 30)).save(path)
    return path


def _no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> ImageInfo:
        raise AssertionError(f"{path} was decoded again")

    monkeypatch.setattr(probes, "probe_image", refuse)


def test_an_unchanged_file_is_not_probed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    png = _png(tmp_path / "a.png", (40, 30))
    cache = ProbeCache()
    first = cache.probe(png)
    _no_decoding(monkeypatch)
    assert cache.probe(png) == first == ImageInfo(png, 40, 30, "PNG", 1, "RGB")


def test_a_changed_file_is_probed_again(tmp_path: Path) -> None:
    png = _png(tmp_path / "a.png", (40, 30))
    cache = ProbeCache()
    cache.probe(png)
    _png(tmp_path / "b.png", (50, 20)).replace(png)
    assert (cache.probe(png).width, cache.probe(png).height) == (50, 20)


def test_probes_outlast_the_process_once_the_file_is_old_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    png = _png(tmp_path / "a.png", (40, 30))
    monkeypatch.setattr(probes, "_RACY_SECONDS", -1.0)  # as if written a while ago
    cache = ProbeCache()
    info = cache.probe(png)
    assert cache.changed
    cache.save(tmp_path / "probes.json")
    _no_decoding(monkeypatch)
    assert ProbeCache.load(tmp_path / "probes.json").probe(png) == info


def test_a_just_written_file_is_not_kept_on_disk(tmp_path: Path) -> None:
    png = _png(tmp_path / "a.png", (40, 30))
    cache = ProbeCache()
    cache.probe(png)
    cache.save(tmp_path / "probes.json")
    assert '"probes": []' in (tmp_path / "probes.json").read_text()


def test_an_unreadable_record_starts_empty(tmp_path: Path) -> None:
    (tmp_path / "probes.json").write_text("{not json")
    png = _png(tmp_path / "a.png", (4, 3))
    assert ProbeCache.load(tmp_path / "probes.json").probe(png).width == 4
