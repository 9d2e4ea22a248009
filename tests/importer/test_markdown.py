"""The Markdown reader: template tags, entities, captions and invisible characters."""

from __future__ import annotations

from recapdeck.importer.markdown import parse_body


def test_jekyll_liquid_urls_and_italic_captions():
    (block,) = parse_body("![x]({{ site.baseurl }}/assets/a.png)\n_The caption_\n")
    (image,) = block.inline.images
    assert (image.src, image.alt, image.caption) == ("/assets/a.png", "x", "The caption")
    assert block.inline.pieces == ()
    (block,) = parse_body("![y]({{ '/assets/b.png' | relative_url }})")
    assert block.inline.images[0].src == "/assets/b.png"


def test_markdown_cleanup():
    body = (
        "Tom\u200b Okafor\u00a0said &amp; **R&amp;D** &#58; "
        "<a href='https://x.example/'>site</a> {% include image.html src=\"/a/b.png\" "
        'caption="Cap" %}\n{: .no_toc }\n'
    )
    (block,) = parse_body(body)
    inline = block.inline
    assert inline.plain == "Tom Okafor said & R&D : site"
    assert "[site](https://x.example/)" in inline.md
    assert [(i.name, i.caption) for i in inline.images] == [("b.png", "Cap")]
    assert inline.classes == ("no_toc",)
