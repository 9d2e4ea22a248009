"""Themes: the built-in ones, contrast, extends, the search path and located errors."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from recapdeck.colors import contrast_ratio
from recapdeck.errors import RecapdeckError
from recapdeck.load.theme import (
    Sizes,
    available_themes,
    builtin_themes_dir,
    load_theme,
    text_color_pairs,
)

BUILTIN = sorted(p.name for p in builtin_themes_dir().iterdir() if (p / "theme.yaml").is_file())


def test_there_are_a_light_and_a_dark_builtin_theme():
    assert {"default", "midnight"} <= set(BUILTIN)
    light, dark = load_theme("default"), load_theme("midnight")
    assert contrast_ratio(light.colors.background, "#FFFFFF") < 1.2
    assert contrast_ratio(dark.colors.background, "#000000") < 1.5


def test_the_bright_room_theme_has_high_contrast_large_type_and_screenshots_first():
    bright, default = load_theme("daylight"), load_theme("default")
    c = bright.colors
    assert contrast_ratio(c.text, c.background) >= 15  # AAA and then some: daylight washes out
    assert contrast_ratio(c.muted, c.background) >= 7
    assert bright.sizes.body > default.sizes.body and bright.sizes.body_min > default.sizes.body_min
    assert bright.sizes.caption >= 18 and bright.sizes.body_max > default.sizes.body_max
    assert bright.design.picture_share > default.design.picture_share
    assert bright.design.body_placement == "top"


def test_body_max_below_body_is_refused():
    with pytest.raises(ValueError, match="body_max"):
        Sizes(body=24, body_max=20)


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_themes_meet_wcag_aa(name):
    theme = load_theme(name)
    for what, fg, bg, need in text_color_pairs(theme):
        assert contrast_ratio(fg, bg) >= need, f"{name}: {what} {fg} on {bg}"
    assert theme.warnings == ()


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


def test_extends_inherits_and_overrides():
    dark = load_theme("midnight")
    default = load_theme("default")
    assert dark.fonts.heading == "Arial"
    assert dark.fonts.mono == default.fonts.mono  # inherited
    assert dark.sizes.cover_title == default.sizes.cover_title
    assert dark.folders[1].name == "default"


def test_a_project_theme_extending_a_builtin(tmp_path):
    folder = tmp_path / "themes" / "corp"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(
        "extends: default\ncolors:\n  accent: '#7A1F5C'\n", encoding="utf-8"
    )
    theme = load_theme("corp", near=tmp_path)
    assert theme.colors.accent == "#7A1F5C"
    assert theme.colors.text == load_theme("default").colors.text
    names = {name: source for name, _, source in available_themes(tmp_path)}
    assert names["corp"] == "project" and names["default"] == "built-in"
    assert load_theme(str(folder)).name == "corp"  # by path too


def test_low_contrast_custom_theme_warns(tmp_path):
    folder = tmp_path / "pale"
    folder.mkdir()
    (folder / "theme.yaml").write_text("colors:\n  text: '#DDDDDD'\n", encoding="utf-8")
    theme = load_theme(str(folder))
    assert any("contrast" in w.message and "body text" in w.message for w in theme.warnings)


def test_unknown_theme_lists_the_available_ones():
    with pytest.raises(RecapdeckError) as err:
        load_theme("midnite")
    message = str(err.value)
    assert "did you mean 'midnight'" in message
    assert "default" in message and "midnight" in message


def test_bad_theme_yaml_gets_located_errors(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "name: broken\ncolors:\n  accnet: '#123456'\n  text: blue\nsizes:\n  body: -3\n",
        encoding="utf-8",
    )
    with pytest.raises(RecapdeckError) as err:
        load_theme(str(folder))
    problems = err.value.problems
    assert [p.location.line for p in problems] == [3, 4, 6]
    assert "did you mean 'accent'" in problems[0].message
    assert problems[1].field == "colors.text"
    assert all(p.location.path == folder / "theme.yaml" for p in problems)


def test_extends_loop_is_reported(tmp_path):
    for a, b in (("a", "b"), ("b", "a")):
        (tmp_path / a).mkdir()
        (tmp_path / a / "theme.yaml").write_text(f"extends: {b}\n", encoding="utf-8")
    with pytest.raises(RecapdeckError, match="circle"):
        load_theme(str(tmp_path / "a"))


def test_builtin_themes_ship_in_the_wheel(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = Path(tmp_path).glob("recapdeck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for theme in BUILTIN:
        assert f"recapdeck/themes/{theme}/theme.yaml" in names
    assert "recapdeck/py.typed" in names


def test_minimum_sizes_are_readable_and_below_the_normal_sizes(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "theme.yaml").write_text("sizes:\n  body: 16\n  body_min: 12\n", "utf-8")
    with pytest.raises(RecapdeckError, match="greater than or equal to 14"):
        load_theme(str(folder))
    (folder / "theme.yaml").write_text("sizes:\n  body: 16\n  body_min: 17\n", "utf-8")
    with pytest.raises(RecapdeckError, match=r"body_min \(17\) is larger than body \(16\)"):
        load_theme(str(folder))
