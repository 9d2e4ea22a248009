"""Text heuristics: presenters, names, roles, sentences, lead-ins and ``New **X**``."""

from __future__ import annotations

import pytest

from recapdeck.importer.text import capitalize, split_sentences


def test_sentences_never_split_inside_bold_or_after_abbreviations():
    text = "Dr. Lee said **A. B. tests. Work** well, e.g. here. Claude 3.5 ships. Done!"
    assert split_sentences(text) == [
        "Dr. Lee said **A. B. tests. Work** well, e.g. here.",
        "Claude 3.5 ships.",
        "Done!",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello world", "Hello world"),
        ("well-known facts", "Well-known facts"),
        ("**bold** start", "**Bold** start"),
        ("macOS is here", "macOS is here"),
        ("containerd is the default", "containerd is the default"),
        ("gRPC lands", "gRPC lands"),
        ("k8s and node.js", "k8s and node.js"),
        ("`code` first", "`code` first"),
        ("1st place", "1st place"),
    ],
)
def test_capitalize_keeps_brand_and_code_casing(text, expected):
    assert capitalize(text) == expected
