"""Lead-ins and ``New **X**`` marks."""

from __future__ import annotations

from recapdeck.importer.blocks import Paragraph
from recapdeck.importer.launches import find_lead, launched_links, new_marks
from recapdeck.importer.markdown import parse_body


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


def test_launched_links_in_any_language_but_never_people():
    (block,) = parse_body(
        "React Conf では、[React 19 RC](/blog/react-19)、[Native Beta](https://n.example/) を"
        "発表しました。[Joe Savona](https://twitter.com/en_JS) が発表しました。"
        "[React Docs](https://react.dev/) をご覧ください。\n"
    )
    inline = block.inline
    assert launched_links(inline.plain, inline.links) == ["React 19 RC", "Native Beta"]
    (block,) = parse_body("We announced [Quartz DB](https://q.example/) today. See [Docs](/d).\n")
    assert launched_links(block.inline.plain, block.inline.links) == ["Quartz DB"]
