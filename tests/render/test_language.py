"""The outline's language on every run, other scripts' languages detected, RTL kept."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from built_decks import SAMPLES, stress_outline
from recapdeck import build
from recapdeck.language import run_language

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.mark.parametrize(
    ("text", "deck", "lang", "alt"),
    [
        ("Graviton4 is the fastest yet", "en-US", "en-US", None),
        ("中文的要点：文本测量", "en-US", "zh-CN", "en-US"),
        ("短い引用です", "en-US", "ja-JP", "en-US"),
        ("한국어 문장", "en-US", "ko-KR", "en-US"),
        ("نص عربي يجب أن يُكتب", "en-US", "ar-SA", "en-US"),
        ("שלום עולם", "de-DE", "he-IL", "de-DE"),
        ("CJK 中文 inside an English sentence", "en-US", "en-US", "zh-CN"),
        ("中文的要点", "zh-CN", "zh-CN", None),
        ("Kubernetes", "ja-JP", "en-US", "ja-JP"),
        ("42 — 17 %", "fr-FR", "fr-FR", None),
    ],
)
def test_run_language_follows_the_script(text, deck, lang, alt):
    found = run_language(text, deck)
    assert (found.lang, found.alt_lang) == (lang, alt)


def _runs(deck: Path, prefix: str) -> list[tuple[str, str | None, str]]:
    archive = zipfile.ZipFile(deck)
    found = []
    for name in archive.namelist():
        if not re.fullmatch(prefix + r"\d+\.xml", name):
            continue
        root = etree.fromstring(archive.read(name))
        for run in root.iter(f"{A}r", f"{A}fld"):
            r_pr = run.find(f"{A}rPr")
            assert r_pr is not None, f"{name}: a run without properties"
            found.append((r_pr.get("lang"), r_pr.get("altLang"), run.findtext(f"{A}t") or ""))
    return found


def test_every_run_of_slides_and_notes_carries_the_outline_language(tmp_path):
    outline = tmp_path / "deck.yaml"
    text = SAMPLES["sample"].read_text("utf-8")
    text = text.replace("assets: ", f"assets: {SAMPLES['sample'].parent}/", 1)
    outline.write_text("language: de-DE\n" + text, "utf-8")
    result = build(outline, out_dir=tmp_path / "out", handout=["html"], allow_outside_files=True)
    for prefix in ("ppt/slides/slide", "ppt/notesSlides/notesSlide"):
        runs = _runs(result.pptx, prefix)
        assert len(runs) >= 29  # one a note at least
        assert {lang for lang, _, _ in runs} == {"de-DE"}, prefix
    html = next(p for p in result.handouts if p.suffix == ".html").read_text("utf-8")
    assert '<html lang="de-DE">' in html
    core = zipfile.ZipFile(result.pptx).read("docProps/core.xml").decode()
    assert "<dc:language>de-DE</dc:language>" in core


def test_chinese_and_arabic_runs_get_their_language_and_arabic_runs_right_to_left(tmp_path):
    result = build(stress_outline(tmp_path / "src"), out_dir=tmp_path / "out", handout=["html"])
    runs = _runs(result.pptx, "ppt/slides/slide")
    chinese = [r for r in runs if "这是一个很长的中文要点" in r[2]]
    arabic = [r for r in runs if "هذه نقطة باللغة العربية" in r[2]]
    english = [r for r in runs if r[2].startswith("Stress test")]
    assert chinese and {(lang, alt) for lang, alt, _ in chinese} == {("zh-CN", "en-US")}
    assert arabic and {(lang, alt) for lang, alt, _ in arabic} == {("ar-SA", "en-US")}
    assert english and english[0][0] == "en-US"
    archive = zipfile.ZipFile(result.pptx)
    rtl = 0
    for name in archive.namelist():
        if re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
            root = etree.fromstring(archive.read(name))
            for p in root.iter(f"{A}p"):
                text = "".join(t.text or "" for t in p.iter(f"{A}t"))
                if "هذه نقطة باللغة العربية" in text:
                    assert p.find(f"{A}pPr").get("rtl") == "1"
                    rtl += 1
    assert rtl >= 1
    html = result.handouts[0].read_text("utf-8")
    assert '<html lang="en-US">' in html
    assert re.search(r'<section class="slide[^>]*dir="auto" lang="zh-CN">', html)
    assert re.search(r'<section class="slide[^>]*dir="auto" lang="ar-SA">', html)
