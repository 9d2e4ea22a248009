"""recapdeck new: a commented outline with every field, and placeholder pictures that build."""

from __future__ import annotations

import pytest
import typer
import yaml
from PIL import Image
from typer.testing import CliRunner

import recapdeck
from recapdeck.cli.draft import register
from recapdeck.errors import RecapdeckError
from recapdeck.importer.scaffold import PHOTO, SCREENSHOT, new_deck
from recapdeck.load import model as m
from recapdeck.load.outline import load_outline


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    return tmp_path


def test_new_deck_builds_without_allow_missing(project):
    made = new_deck("my-talk", folder=project)
    assert made.outline == project / "decks" / "my-talk.yaml"
    assets = project / "assets" / "my-talk"
    assert made.files == [made.outline, assets / SCREENSHOT, assets / PHOTO]
    assert made.note == ""
    loaded = load_outline(made.outline)
    assert loaded.warnings == ()
    assert loaded.outline.assets == "../assets/my-talk"
    with Image.open(assets / SCREENSHOT) as picture:
        assert picture.size == (1600, 900)
    built = recapdeck.build(made.outline, out_dir=project / "build", handout=[])
    assert built.warnings == ()
    assert built.pictures >= 2


def test_every_outline_field_is_shown_and_commented(project):
    made = new_deck("all", folder=project)
    text = made.outline.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    segment = data["segments"][0]
    highlight = segment["highlights"][0]
    shown = {
        m.Outline: data,
        m.Event: data["event"],
        m.RecapBy: data["recap_by"],
        m.Speaker: data["speakers"][0],
        m.SummaryItem: data["summary"][1],
        m.Segment: segment,
        m.Highlight: highlight,
        m.Point: highlight["points"][1],
        m.Screenshot: highlight["screenshots"][0],
        m.Quote: segment["quotes"][0],
        m.Announcement: data["announcements"][0],
        m.Reference: data["references"][0],
    }
    assert list(data) == list(m.Outline.model_fields)  # in the documented order
    for model, value in shown.items():
        assert sorted(value) == sorted(model.model_fields), model.__name__
    assert text.count("# ") > 30
    assert all(len(line) <= 100 for line in text.splitlines())


def test_new_refuses_to_overwrite_anything(project):
    new_deck("talk", folder=project)
    before = (project / "decks" / "talk.yaml").read_bytes()
    with pytest.raises(RecapdeckError) as info:
        new_deck("talk", folder=project)
    assert len(info.value.problems) == 3
    assert all("already exists" in p.message for p in info.value.problems)
    assert (project / "decks" / "talk.yaml").read_bytes() == before
    # One existing picture is enough to stop, and nothing else is written.
    (project / "assets" / "other").mkdir(parents=True)
    (project / "assets" / "other" / SCREENSHOT).write_bytes(b"mine")
    with pytest.raises(RecapdeckError, match="already exists"):
        new_deck("other", folder=project)
    assert not (project / "decks" / "other.yaml").exists()


@pytest.mark.parametrize("name", ["../up", "a/b", "", "-dash", "sp ace"])
def test_bad_names(project, name):
    with pytest.raises(RecapdeckError, match="is not a deck name"):
        new_deck(name, folder=project)


def test_outside_a_project_the_pictures_stay_inside_decks(tmp_path):
    made = new_deck("solo", folder=tmp_path)
    if not made.note:
        pytest.skip("a folder above the temporary directory holds .git or pyproject.toml")
    assert (tmp_path / "decks" / "assets" / "solo" / SCREENSHOT).is_file()
    assert "git init" in made.note
    load_outline(made.outline)
    recapdeck.build(made.outline, out_dir=tmp_path / "build", handout=[])


def test_same_bytes_every_time(tmp_path):
    first = new_deck("a", folder=tmp_path / "one")
    second = new_deck("a", folder=tmp_path / "two")
    for a, b in zip(first.files, second.files, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_cli_new(project, monkeypatch):
    monkeypatch.chdir(project)
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["new", "kubecon-keynote"])
    assert result.exit_code == 0, result.output
    assert "created decks/kubecon-keynote.yaml" in result.output
    assert "recapdeck build decks/kubecon-keynote.yaml" in result.output
    again = runner.invoke(app, ["new", "kubecon-keynote"])
    assert again.exit_code == 1
    assert "error:" in again.output and "already exists" in again.output
    assert "Traceback" not in again.output
