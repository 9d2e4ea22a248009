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


def test_template_links_keep_their_text_and_lose_the_link():
    body = (
        "We [plan on using]({% link _posts/2024-03-01-plans.md %}) it, [last year]"
        "({% post_url 2024-03-01-plans %}), a [recording]() and ![pic]({% link a.png %}).\n"
    )
    (block,) = parse_body(body)
    assert block.inline.plain == "We plan on using it, last year, a recording and ."
    assert [(i.src, i.alt) for i in block.inline.images] == [("a.png", "pic")]
    assert "](" not in block.inline.md and "\\[" not in block.inline.md


def test_direction_marks_strikethrough_and_emoji_shortcodes():
    (block,) = parse_body(
        "Jobs start ~~slower~~ faster :grin: on [macOS](\u200ehttps://a.example/\u200enotes\u200f)"
        " for Jo\u200fe.\n"
    )
    inline = block.inline
    assert inline.plain == "Jobs start faster 😁 on macOS for Joe."
    assert "[macOS](https://a.example/notes)" in inline.md
    assert "slower" not in inline.md


def test_mdx_heading_ids_are_dropped():
    (heading,) = parse_body("## Day 1 {/*day-1*/}\n")
    assert heading.inline.plain == "Day 1"


def test_embedded_youtube_players_become_links():
    blocks = parse_body(
        '<div>\n  <iframe src="https://youtube.com/embed/FCfwc-NNo30?rel=0"></iframe>\n</div>\n\n'
        '<YouTubeIframe src="https://www.youtube.com/embed/T8TZQ6k4SLE?t=973s" />\n'
    )
    assert [link.href for b in blocks for link in b.links] == [
        "https://www.youtube.com/watch?v=FCfwc-NNo30",
        "https://www.youtube.com/watch?v=T8TZQ6k4SLE&t=973s",
    ]
