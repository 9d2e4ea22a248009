"""Slide keys and one-slide decks (recapdeck.oxml.slides): what decides which slides serve
renders again."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from recapdeck.oxml.slides import Package, freeze_slide_numbers, slide_keys, subset_package
from recapdeck.pipeline import BuildOptions
from recapdeck.pipeline.options import BuildContext
from recapdeck.pipeline.stages import prepare, render_deck
from serve_live import write_talk

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    """A small outline with a screenshot, in a project of its own."""
    return write_talk(tmp_path)


def deck(outline: Path, tmp_path: Path) -> bytes:
    """The .pptx bytes of ``outline``."""
    options = BuildOptions(handout=(), cache=tmp_path / "cache")
    return render_deck(prepare(outline, options), BuildContext.open(options.cache))[1]


def keys_of(outline: Path, tmp_path: Path) -> list[str]:
    return slide_keys(Package.read(deck(outline, tmp_path)))


def test_one_key_per_slide_all_different_and_the_same_for_the_same_outline(talk, tmp_path):
    first = keys_of(talk, tmp_path)
    assert len(first) == len(Package.read(deck(talk, tmp_path)).slides()) >= 4
    assert len(set(first)) == len(first)
    assert keys_of(talk, tmp_path) == first


def test_a_changed_title_changes_that_slide_s_key_only(talk, tmp_path):
    before = keys_of(talk, tmp_path)
    talk.write_text(talk.read_text().replace("title: Plain words", "title: Plainer words"))
    after = keys_of(talk, tmp_path)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1
    slides = Package.read(deck(talk, tmp_path))
    assert b"Plainer words" in slides.parts[slides.slides()[changed[0]]]


def test_notes_do_not_change_a_key(talk, tmp_path):
    before = keys_of(talk, tmp_path)
    talk.write_text(talk.read_text().replace("Say it plainly.", "Say it plainly, and slowly."))
    assert keys_of(talk, tmp_path) == before


def test_a_changed_screenshot_changes_the_key_of_the_slide_showing_it(talk, tmp_path):
    from helpers_outline import draw_image

    before = keys_of(talk, tmp_path)
    draw_image(talk.parent / "chart.png", (1600, 900), color="darkred")
    after = keys_of(talk, tmp_path)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1


def test_the_salt_changes_every_key(talk, tmp_path):
    package = Package.read(deck(talk, tmp_path))
    plain, salted = slide_keys(package), slide_keys(package, salt=b"width=480")
    assert not set(plain) & set(salted)


def test_a_subset_holds_only_the_slides_asked_for_and_is_a_whole_package(talk, tmp_path):
    whole = deck(talk, tmp_path)
    package = Package.read(whole)
    slides = package.slides()
    keep = [slides[-1], slides[1]]
    data = subset_package(package, keep)
    subset = Package.read(data)
    assert subset.slides() == keep  # in the order asked for
    for name in subset.parts:  # every relationship of the subset points at a part it holds
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        for rel in subset.relationships(name):
            assert rel.target is None or rel.target in subset.parts, (name, rel)
    dropped = set(slides) - set(keep)
    assert not dropped & set(subset.parts)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        types = archive.read("[Content_Types].xml").decode()
    assert all(f"/{name}" not in types for name in dropped)
    assert not [n for n in subset.parts if n.startswith("ppt/media/")]  # no chart


def test_slide_numbers_are_frozen_to_the_number_in_the_whole_deck(talk, tmp_path):
    package = Package.read(deck(talk, tmp_path))
    slides = package.slides()
    original = package.parts[slides[2]]
    assert b'type="slidenum"' in original
    subset = Package.read(subset_package(package, [slides[2]]))
    frozen = etree.fromstring(subset.parts[slides[2]])
    assert not [f for f in frozen.iter(f"{A}fld")]
    assert "3" in [t.text for t in frozen.iter(f"{A}t")]


def test_freeze_slide_numbers_keeps_the_run_properties():
    xml = (
        f'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        f'xmlns:a="{A[1:-1]}"><a:p><a:fld id="x" type="slidenum"><a:rPr sz="1200"/>'
        f"<a:t>7</a:t></a:fld><a:fld id='y' type='datetime'><a:t>today</a:t></a:fld></a:p></p:sld>"
    ).encode()
    root = etree.fromstring(freeze_slide_numbers(xml))
    run = root.find(f".//{A}r")
    assert run is not None
    assert run.find(f"{A}rPr").get("sz") == "1200"
    assert run.find(f"{A}t").text == "7"
    assert [f.get("type") for f in root.iter(f"{A}fld")] == ["datetime"]
    assert freeze_slide_numbers(b"<a/>") == b"<a/>"
