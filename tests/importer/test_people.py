"""Names, presenters in headings, roles and companies."""

from __future__ import annotations

import pytest

from recapdeck.importer.markdown import parse_body
from recapdeck.importer.people import keynote_presenters, person_name, presenter, role_and_company


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


def test_presenters_linked_in_a_paragraph_about_the_keynote():
    (block,) = parse_body(
        "1 日目の基調講演では [Joe Savona](https://twitter.com/en_JS) が、[Lauren Tan]"
        "(https://twitter.com/potetotes) と共有しました。[React Docs](https://react.dev/)\n"
    )
    assert keynote_presenters(block.inline.plain, block.inline.links) == [
        "Joe Savona", "Lauren Tan"
    ]  # fmt: skip
    (block,) = parse_body("Thanks to [Ann Lee](https://twitter.com/ann) for the venue.\n")
    assert keynote_presenters(block.inline.plain, block.inline.links) == []
