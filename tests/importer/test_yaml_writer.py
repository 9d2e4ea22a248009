"""The commented YAML writer: tricky strings round-trip, long text folds."""

from __future__ import annotations

import yaml

from recapdeck.importer import yaml_writer as w

TRICKY = [
    "plain", "Graviton: the journey", "**bold** start", "yes", "no", "1.10", "2024-12-02",
    "a # not a comment", "#hash", "- dash", "quote \"inside\": here", "it's", "'single'",
    "trailing colon:", "@at", "`code`", "[link](https://x)", "null", "~", "", " lead",
    "tab\there", "line\nbreak", "café ünïcödé", "x" * 150,
    ("A long sentence that goes on. " * 9).strip(),
    "Para one is long enough to fold across lines for sure, yes it is.\n\nPara two: also.",
    "code:\n  indented: 1\nend",
]  # fmt: skip


def test_writer_round_trips_tricky_strings():
    root = w.Mapping()
    seq = w.Sequence([w.Item(t, ["check: a comment"]) for t in TRICKY])
    root.add("items", seq)
    nested = w.Mapping()
    for i, t in enumerate(TRICKY):
        nested.add(f"k{i}", t or "x")
    root.add("map", w.Sequence([w.Item(nested)]))
    text = w.render(root, ["header"])
    assert yaml.safe_load(text) == w.plain_data(root)
    assert "- Graviton: the journey" not in text
    assert '- "Graviton: the journey"' in text
    assert "  # check: a comment" in text


def test_writer_folds_long_text_and_keeps_key_order():
    root = w.Mapping()
    root.add("title", "T")
    root.add("notes", "word " * 40 + "end")
    root.entries.append(w.Commented("duration: 30"))
    root.add("empty", None)
    text = w.render(root)
    lines = text.splitlines()
    assert lines[0] == "title: T" and lines[1] == "notes: >-"
    assert all(len(line) <= 96 for line in lines)
    assert "# duration: 30" in text and "empty" not in text
