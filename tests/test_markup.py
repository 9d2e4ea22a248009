"""recapdeck.markup: inline Markdown to runs, and which links may be written."""

from __future__ import annotations

import pytest

from recapdeck.markup import Para, Run, encode_url, inline_parser, parse_inline, plain, url_problem


@pytest.fixture(scope="module")
def md():
    return inline_parser()


def test_bold_italic_code_and_links_become_runs(md):
    runs = parse_inline("A **fast** and *new* `chip` at [AWS](https://aws.amazon.com)", md)
    assert [(r.text, r.bold, r.italic, r.code, r.link) for r in runs] == [
        ("A ", False, False, False, None),
        ("fast", True, False, False, None),
        (" and ", False, False, False, None),
        ("new", False, True, False, None),
        (" ", False, False, False, None),
        ("chip", False, False, True, None),
        (" at ", False, False, False, None),
        ("AWS", False, False, False, "https://aws.amazon.com"),
    ]
    assert plain(runs) == "A fast and new chip at AWS"


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x"]
)
def test_unsafe_links_stay_plain_text(md, href):
    runs = parse_inline(f"[click]({href})", md)
    assert "click" in plain(runs)
    assert all(run.link is None for run in runs)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ('https://ok.example/"><img src=x onerror=alert(1)>', "cannot be part of an address"),
        ("https://ok.example/\n\n<script>", "cannot be part of an address"),
        ("https://", "no host name"),
        ("mailto:nobody", "name@host"),
        ("gopher://old.example", "http"),
    ],
)
def test_url_problems_say_what_is_wrong(url, says):
    problem = url_problem(url)
    assert problem is not None and says in problem


def test_good_urls_pass_and_are_encoded_safely():
    assert url_problem("https://example.com/a?b=1#c") is None
    assert url_problem("mailto:jane@example.com") is None
    assert encode_url("https://example.com/größe") == "https://example.com/gr%C3%B6%C3%9Fe"
    assert encode_url("https://example.com/a%20b") == "https://example.com/a%20b"


def test_right_to_left_paragraphs_are_told_apart():
    assert Para((Run("مرحبا بكم في المؤتمر"),)).rtl
    assert not Para((Run("Hello, world"),)).rtl
