"""Captions for ``recapdeck extract``: rolling auto-captions, SRT, tags, condensed notes."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("webvtt")

from recapdeck.errors import RecapdeckError
from recapdeck.extract.captions import notes_for, read_captions, words_between

ROLLING = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.990 align:start position:0%
 
so<00:00:00.500><c> today</c><00:00:01.000><c> we</c><00:00:01.500><c> launch</c>

00:00:02.990 --> 00:00:03.000 align:start position:0%
so today we launch
 

00:00:03.000 --> 00:00:05.990 align:start position:0%
so today we launch
graviton<00:00:03.500><c> four</c><00:00:04.000><c> &amp;</c><00:00:04.500><c> more</c>

00:00:05.990 --> 00:00:06.000 align:start position:0%
graviton four &amp; more
 

00:00:06.000 --> 00:00:08.000 align:start position:0%
graviton four &amp; more
<v Peter>thank you</v>
"""


def test_rolling_captions_keep_each_line_once(tmp_path: Path) -> None:
    path = tmp_path / "talk.en.vtt"
    path.write_text(ROLLING)
    lines = read_captions(path)
    assert [line.text for line in lines] == [
        "so today we launch",
        "graviton four & more",
        "thank you",
    ]
    assert [line.start for line in lines] == [0.0, 3.0, 6.0]
    assert words_between(lines, 2.0, 7.0) == "graviton four & more"


def test_srt_with_tags(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,500\nHello <i>there</i>\n\n"
        "2\n00:01:03,000 --> 00:01:04,000\nSecond <b>line</b>\n",
        encoding="utf-8",
    )
    lines = read_captions(path)
    got = [(line.start, line.text) for line in lines]
    assert got == [(1.0, "Hello there"), (63.0, "Second line")]


def test_empty_captions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.vtt"
    path.write_text("WEBVTT\n\n")
    with pytest.raises(RecapdeckError, match=r"empty\.vtt: holds no spoken text"):
        read_captions(path)


def test_notes_are_condensed_to_a_few_sentences() -> None:
    sentences = [
        "Graviton four is our fastest chip.",
        "It is thirty percent faster than Graviton three.",
        "The weather in Las Vegas is nice today.",
        "Graviton four runs databases forty percent faster.",
        "We also changed the lunch menu.",
        "Customers moved their workloads to Graviton quickly.",
        "Thank you all for coming.",
    ]
    text = " ".join(sentences * 2)
    notes = notes_for(text)
    kept = notes.split(". ")
    assert 1 <= len(kept) <= 4
    assert "Graviton" in notes
    short = "just a few words about graviton"
    assert notes_for(short) == "Just a few words about graviton"
    unpunctuated = " ".join(f"word{k} graviton" for k in range(60))
    assert notes_for(unpunctuated).endswith("…")
