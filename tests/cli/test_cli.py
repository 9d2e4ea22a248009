"""The command line, run as a real process: exit codes, what goes to stdout and to stderr."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import recapdeck
from helpers_outline import DECKS, MINIMAL, ROOT, draw_image, line_of, write_outline

SAMPLE = DECKS / "reinvent2024-desantis.yaml"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m recapdeck ARGS`` in ``cwd`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "recapdeck", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def sample_copy(folder: Path, *, misspell: bool = False) -> Path:
    """Copy the sample outline and its assets into ``folder``, a project (it holds .git)."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert "assets: ../assets/reinvent2024-desantis" in text
    (folder / ".git").mkdir(parents=True, exist_ok=True)
    name = "assets/reinvent2024-desantis"
    if not (folder / name).exists():
        shutil.copytree(ROOT / name, folder / name)
    if misspell:
        assert text.count("\nsegments:\n") == 1
        text = text.replace("\nsegments:\n", "\nsegmnets:\n")
    path = folder / "decks" / "keynote.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    """The sample deck built once by the CLI: (process, output folder)."""
    out = tmp_path_factory.mktemp("cli-build")
    return run("build", SAMPLE, "--out", out, cwd=out), out


def test_check_sample_outline_and_its_copy(tmp_path):
    # The copy is the one the misspelling test uses: valid apart from the misspelling.
    sample_copy(tmp_path)
    result = run("check", SAMPLE, "decks/keynote.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r".*reinvent2024-desantis\.yaml: ok, \d+ slides", lines[0])
    assert re.fullmatch(r"decks/keynote\.yaml: ok, \d+ slides", lines[1])
    assert "error" not in result.stderr


def test_check_misspelt_key_names_file_line_and_suggestion(tmp_path):
    path = sample_copy(tmp_path, misspell=True)
    result = run("check", "decks/keynote.yaml", cwd=tmp_path)
    assert result.returncode == 1
    line = line_of(path, "segmnets:")
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert errors == [
        f"error: decks/keynote.yaml:{line}:1: unknown key 'segmnets' — did you mean 'segments'?"
    ]
    assert "decks/keynote.yaml: 1 problem" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_check_reports_each_outline_and_fails_if_any_fails(tmp_path):
    good = write_outline(tmp_path, MINIMAL, "good.yaml")
    bad = write_outline(tmp_path, MINIMAL + "duration: thirty\n", "bad.yaml")
    result = run("check", bad, good, cwd=tmp_path)
    assert result.returncode == 1
    assert "good.yaml: ok" in result.stdout
    assert f"error: bad.yaml:{line_of(bad, 'duration')}:11: duration:" in result.stderr


def test_check_allow_missing_warns_instead(tmp_path):
    path = write_outline(
        tmp_path,
        MINIMAL + "        screenshots:\n          - file: later.png\n            alt: Soon\n",
    )
    line = line_of(path, "later.png")
    strict = run("check", path.name, cwd=tmp_path)
    assert strict.returncode == 1
    assert f"error: outline.yaml:{line}:19: " in strict.stderr
    lenient = run("check", "--allow-missing", path.name, cwd=tmp_path)
    assert lenient.returncode == 0, lenient.stderr
    assert f"warning: outline.yaml:{line}:19: 'later.png' not found" in lenient.stderr


def test_usage_error_exits_2(tmp_path):
    result = run("check", "--no-such-option", SAMPLE, cwd=tmp_path)
    assert result.returncode == 2
    assert "No such option" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_command_exits_2(tmp_path):
    result = run("bulid", SAMPLE, cwd=tmp_path)
    assert result.returncode == 2
    assert "bulid" in result.stderr


def test_schema_prints_json_schema(tmp_path):
    result = run("schema", cwd=tmp_path)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert {"title", "event", "segments"} <= set(schema["properties"])
    assert {"title", "event", "segments"} <= set(schema["required"])
    assert schema["additionalProperties"] is False


def test_themes_lists_builtin_themes_with_their_source(tmp_path):
    result = run("themes", cwd=tmp_path)
    assert result.returncode == 0
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in result.stdout.splitlines()}
    assert {"default", "midnight"} <= set(rows)
    assert rows["default"][0] == "built-in"
    assert rows["midnight"][0] == "built-in"
    assert Path(rows["default"][1], "theme.yaml").is_file()


def test_themes_lists_a_project_theme_first(tmp_path):
    (tmp_path / "themes" / "house").mkdir(parents=True)
    (tmp_path / "themes" / "house" / "theme.yaml").write_text("extends: default\n")
    result = run("themes", cwd=tmp_path)
    names = [line.split("\t")[:2] for line in result.stdout.splitlines()]
    assert names[0] == ["house", "project"]


def test_version(tmp_path):
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"recapdeck {recapdeck.__version__}\n"


def test_build_of_broken_outline_creates_no_output_folder(tmp_path):
    path = write_outline(tmp_path, MINIMAL.replace("segments:", "segmnets:"))
    result = run("build", path, "--out", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()


def test_build_sample_prints_one_summary_line(sample_build):
    result, _ = sample_build
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert re.search(r"reinvent2024-desantis\.pptx: \d+ slides, \d+ pictures, ", lines[0])
    assert "Traceback" not in result.stderr


def test_build_sample_writes_the_deck_and_no_temporary_files(sample_build):
    result, out = sample_build
    assert result.returncode == 0, result.stderr
    deck = out / "reinvent2024-desantis.pptx"
    assert deck.read_bytes()[:2] == b"PK"  # a zip container, as every .pptx is
    names = [p.name for p in out.iterdir()]
    assert all(name.startswith("reinvent2024-desantis") for name in names), names


def test_allow_outside_files_lets_a_trusted_outline_use_any_file(tmp_path):
    elsewhere = draw_image(tmp_path / "elsewhere" / "chart.png")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write_outline(
        project,
        MINIMAL + f"        screenshots:\n          - file: {elsewhere}\n            alt: A\n",
    )
    refused = run("check", "outline.yaml", cwd=project)
    assert refused.returncode == 1
    assert "is outside the deck's project folder" in refused.stderr
    allowed = run("check", "--allow-outside-files", "outline.yaml", cwd=project)
    assert allowed.returncode == 0, allowed.stderr


def test_the_same_outline_named_twice_is_built_once(tmp_path):
    from recapdeck.writing import check_outline_names

    path = write_outline(tmp_path, MINIMAL, "talk.yaml")
    assert check_outline_names([path, tmp_path / "." / "talk.yaml"]) == [path]
