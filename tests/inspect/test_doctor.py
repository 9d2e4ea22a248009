"""`recapdeck doctor`: what a hand-edited deck would trip on, with slide number and fix."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from built_decks import SAMPLES
from recapdeck import build
from recapdeck.cli import app
from recapdeck.inspect import doctor


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("doctor")
    return build(SAMPLES["sample"], out_dir=out, handout=[]).pptx


def _edited(source: Path, target: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """Copy a deck, applying regular-expression edits to some parts (as a user's hand would)."""
    archive = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in archive.namelist():
            data = archive.read(name)
            for pattern, replacement in edits.get(name, []):
                text, count = re.subn(pattern, replacement, data.decode("utf-8"), count=1)
                assert count == 1, (name, pattern)
                data = text.encode("utf-8")
            copy.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target


def test_a_built_deck_is_clean_and_doctor_says_so(sample):
    assert doctor(sample) == []
    result = CliRunner().invoke(app, ["doctor", str(sample)])
    assert result.exit_code == 0
    assert "ok: nothing" in result.output


def test_a_hand_edited_deck_gets_every_defect_named_with_slide_and_fix(sample, tmp_path):
    slide5 = "ppt/slides/slide5.xml"
    edited = _edited(
        sample,
        tmp_path / "edited.pptx",
        {
            "ppt/presentation.xml": [
                (r"<p:notesMasterIdLst>.*?</p:notesMasterIdLst>", ""),
                (
                    r'<p:sldSz cx="12192000" cy="6858000"/>',
                    '<p:sldSz cx="12192000" cy="6858000" type="screen4x3"/>',
                ),
            ],
            slide5: [
                (r'<p:ph type="title"/>', ""),  # the title made a plain text box
                (r'descr="[^"]*"', 'descr=""'),  # alt text deleted
                (r'<a:srgbClr val="1B2430"/>', '<a:srgbClr val="D1D5DB"/>'),  # pale grey text
                (r'r:embed="(rId\d+)"', 'r:embed="rId99"'),  # picture pasted without its part
            ],
        },
    )
    findings = doctor(edited)
    rules = {(f.rule, f.slide) for f in findings}
    assert ("notes-master-unlisted", None) in rules
    assert ("slide-size-type", None) in rules
    assert ("missing-title", 5) in rules
    assert ("missing-alt-text", 5) in rules
    assert ("low-contrast", 5) in rules
    assert ("dangling-reference", 5) in rules
    assert all(f.fix for f in findings)
    keynote = next(f for f in findings if f.rule == "notes-master-unlisted")
    assert "Keynote" in keynote.message
    result = CliRunner().invoke(app, ["doctor", str(edited)])
    assert result.exit_code == 1
    assert "slide 5: the slide has no title placeholder" in result.output
    assert "problems" in result.output.splitlines()[-1]


def test_a_shape_id_used_twice_and_an_empty_placeholder(sample, tmp_path):
    edited = _edited(
        sample,
        tmp_path / "ids.pptx",
        {
            "ppt/slides/slide2.xml": [
                (r'<p:cNvPr id="(\d+)" name="Accent"', r'<p:cNvPr id="2" name="Accent"')
            ]
        },
    )
    found = {(f.rule, f.slide) for f in doctor(edited)}
    assert ("duplicate-shape-id", 2) in found


def test_not_a_pptx_is_one_clear_error(tmp_path):
    text = tmp_path / "notes.pptx"
    text.write_text("not a deck", "utf-8")
    result = CliRunner().invoke(app, ["doctor", str(text)])
    assert result.exit_code == 1
    assert "not a PowerPoint file" in result.output
    assert "Traceback" not in result.output
