"""Text heuristics: presenters, names, roles, sentences, lead-ins and ``New **X**``."""

from __future__ import annotations

import pytest

from recapdeck.importer.blocks import Paragraph
from recapdeck.importer.markdown import parse_body
from recapdeck.importer.text import (
    capitalize,
    find_lead,
    new_marks,
    person_name,
    presenter,
    role_and_company,
    split_sentences,
)


@pytest.mark.parametrize(
    ("heading", "name", "title", "role"),
    [
        ("Dave Brown: The Silicon Revolution", "Dave Brown", "The Silicon Revolution", None),
        ("Jane Doe - CTO, Acme", "Jane Doe", None, "CTO"),
        ("Keynote: The Future - Sam Lee, VP Product", "Sam Lee", "Keynote: The Future",
         "VP Product"),
        ("The Future (Sam Lee, Founder)", "Sam Lee", "The Future", "Founder"),
        ("Keynote by Dr. Werner Vogels, Amazon CTO", "Dr. Werner Vogels", "Keynote",
         "Amazon CTO"),
    ],
)  # fmt: skip
def test_presenter_headings(heading, name, title, role):
    who = presenter(heading)
    assert who is not None
    assert (who.name, who.title, who.role) == (name, title, role)


@pytest.mark.parametrize(
    "heading",
    ["Amazon Bedrock: easiest way", "Summary", "The Rise of AI", "Nitro: Redefining Servers",
     "Project Rainier: A Glimpse", "AWS CEO: Keynote", "Day 2: Storage"],
)  # fmt: skip
def test_headings_that_name_no_person(heading):
    assert presenter(heading) is None


def test_person_names():
    assert person_name("Ana de la Cruz") == "Ana de la Cruz"
    assert person_name("Zoë Müller") == "Zoë Müller"
    assert person_name("Key Message") is None
    assert person_name("Madonna") is None


def test_role_and_company():
    assert role_and_company("Founder & CEO of Nvidia") == ("Founder & CEO", "Nvidia")
    assert role_and_company("VP of Storage") == ("VP of Storage", None)
    assert role_and_company("Chief Officer, Pfizer") == ("Chief Officer", "Pfizer")


def test_sentences_never_split_inside_bold_or_after_abbreviations():
    text = "Dr. Lee said **A. B. tests. Work** well, e.g. here. Claude 3.5 ships. Done!"
    assert split_sentences(text) == [
        "Dr. Lee said **A. B. tests. Work** well, e.g. here.",
        "Claude 3.5 ships.",
        "Done!",
    ]


def _pieces(md: str):
    (block,) = parse_body(md)
    assert isinstance(block, Paragraph)
    return block.inline.pieces


def test_lead_ins():
    lead = find_lead(_pieces("**The Graviton Journey:** Brown charted it."))
    assert lead and lead.title == "The Graviton Journey" and not lead.new
    lead = find_lead(_pieces("(New) **Amazon Q**: an assistant"))
    assert lead and lead.title == "Amazon Q" and lead.new
    lead = find_lead(_pieces("Key message: **Nature is Asynchronous**, world is events"))
    assert lead and lead.title == "Key message"
    lead = find_lead(_pieces("ReInvent: **Bold bets by Amazon**:"))
    assert lead and lead.title == "ReInvent: Bold bets by Amazon"
    assert find_lead(_pieces("Readme.com to create docs for APIs")) is None


def test_new_marks():
    marks = new_marks(_pieces("He introduced New **Trainium2**, the answer to scale. More."))
    assert [(m.name, m.summary, m.doubtful) for m in marks] == [
        ("Trainium2", "The answer to scale.", False)
    ]
    (mark,) = new_marks(_pieces("a brand new **Thing** in preview"))
    assert mark.doubtful and mark.status == "preview"


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
