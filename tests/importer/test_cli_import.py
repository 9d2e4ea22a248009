"""The ``recapdeck import`` command: what it writes and says."""

from __future__ import annotations

import typer
import yaml
from typer.testing import CliRunner

from recapdeck.cli.draft import register

from .helpers import (
    POSTS,
    project,
    write_post,
)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_import_writes_and_summarises(tmp_path, monkeypatch):
    monkeypatch.chdir(project(tmp_path))
    post = write_post(tmp_path, (POSTS / "jekyll-chirpy.md").read_text(encoding="utf-8"))
    runner = CliRunner()
    result = runner.invoke(_app(), ["import", str(post), "-o", "decks/cloud.yaml",
                                    "--assets", "assets/cloud"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "decks/cloud.yaml: 3 segments, 6 highlights, 2 speakers, 3 screenshots (3 not" in (
        result.output
    )
    assert "recapdeck check decks/cloud.yaml --allow-missing" in result.output
    assert (tmp_path / "assets" / "cloud").is_dir()
    again = runner.invoke(_app(), ["import", str(post), "-o", "decks/cloud.yaml"])
    assert again.exit_code == 1
    assert "already exists" in again.output and "Traceback" not in again.output


def test_cli_import_to_stdout_and_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(_app(), ["import", str(POSTS / "prose-only.md"), "-o", "-"])
    assert result.exit_code == 0
    assert yaml.safe_load(result.output)["title"] == "Prose only"
    bad = write_post(tmp_path, b"---\ntitle: [\n---\n")
    result = runner.invoke(_app(), ["import", str(bad), "-o", "-"])
    assert result.exit_code == 1
    assert "error:" in result.output and "front matter is not valid YAML" in result.output
