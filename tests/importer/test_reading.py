"""Reading a post: front matter errors are located, never tracebacks."""

from __future__ import annotations

import pytest

from recapdeck.errors import RecapdeckError
from recapdeck.importer import import_post, read_post

from .helpers import (
    write_post,
)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"---\ntitle: x\n", 1, "never closed"),
        (b"---\ntitle: x\nbad: [1, 2\n---\nbody\n", 3, "not valid YAML"),
        (b"---\ntitle: x\nbad: : :\n  - y\n---\n", 3, "not valid YAML"),
        (b"---\n- a\n- b\n---\nbody\n", 2, "must be 'key: value' lines"),
        (b"ok line\n\xe9t\xe9\n", 2, "not UTF-8"),
        (b"\xff\xfet\x00i\x00", 1, "UTF-16"),
        (b"+++\ntitle = 'x'\nbad = = 1\n+++\n", 3, "not valid TOML"),
        (b"+++\ntitle = \n+++\n", 2, "not valid TOML"),
    ],
)
def test_bad_posts_are_located_errors(tmp_path, content, line, message):
    post = write_post(tmp_path, content)
    with pytest.raises(RecapdeckError) as info:
        import_post(post, output=tmp_path / "x.yaml")
    (problem,) = info.value.problems
    assert problem.location is not None and problem.location.path == post
    assert problem.location.line == line
    assert message in problem.message


def test_missing_post_and_folder(tmp_path):
    for path, message in ((tmp_path / "nope.md", "no such file"), (tmp_path, "is a directory")):
        with pytest.raises(RecapdeckError, match=message):
            import_post(path)


def test_json_front_matter(tmp_path):
    post = read_post(
        write_post(tmp_path, '{\n  "title": "Swift Fruits",\n  "date": "2019-06-28"\n}\n\nBody.\n')
    )
    assert post.front == {"title": "Swift Fruits", "date": "2019-06-28"}
    assert post.body.strip() == "Body." and post.body_line == 5


def test_franklin_front_matter_skips_the_julia_block(tmp_path):
    text = (
        '@def title = "JuliaCon Highlights"\n@def rss_pubdate = Date(2022, 08, 10)\n'
        '@def authors = """The Committee"""\n\n+++\nmeta = [ ("a", "b") ]\n+++\n\n# Keynotes\n'
    )
    post = read_post(write_post(tmp_path, text))
    assert post.front["title"] == "JuliaCon Highlights"
    assert post.front["rss_pubdate"] == "2022-08-10"
    assert post.front["authors"] == "The Committee"
    assert post.body.strip() == "# Keynotes"


def test_a_paragraph_starting_with_a_brace_is_body(tmp_path):
    post = read_post(write_post(tmp_path, "{not json} but text\n"))
    assert post.front == {} and post.body.startswith("{not json}")
