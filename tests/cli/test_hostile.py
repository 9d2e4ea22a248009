"""The hostile catalogue: inputs a hostile user would try, through the real command line.

Beyond ``test_bad_input.py`` (honest mistakes), each case here attacks a promise of the README:
the cache never deletes a user's file, nothing outside the project reaches an output, nothing
is injected into a handout, no input crashes, hangs or exhausts memory, and stale outputs and
unclear messages are not left behind. Each runs as its own process (see :mod:`hostile`) with a
timeout, a memory cap and its own TMPDIR, HOME and cache folder, beside a secret planted outside
the project; :func:`hostile.assert_promise` checks what every case must keep, the case's own
``check`` the rest. The groups follow issue 16.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import hostile_inputs as make
from helpers_outline import MINIMAL
from hostile import SECRET, Case, Folders, Outcome, assert_promise, environment, run

pytestmark = pytest.mark.slow  # every case is a CLI process in a sealed folder

# --- helpers for the setups ------------------------------------------------------------------

SHOT = MINIMAL + "        screenshots:\n          - file: {file}\n            alt: A chart\n"


def shot(file: str) -> str:
    return SHOT.format(file=file)


def with_theme(name: str) -> str:
    return MINIMAL + f"theme: {name}\n"


def write(folders: Folders, files: dict[str, str | bytes]) -> None:
    """Write ``files`` (paths relative to the project, or ``@outside/...``)."""
    for rel, data in files.items():
        path = (
            folders.outside / rel.removeprefix("@outside/")
            if rel.startswith("@outside/")
            else folders.project / rel
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def files(spec: dict[str, str | bytes], links: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """A setup writing ``spec`` and making ``links`` (project path → ``@outside/...`` target)."""

    def setup(folders: Folders) -> None:
        write(folders, spec)
        for rel, target in (links or {}).items():
            path = folders.project / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(folders.outside / target.removeprefix("@outside/"))

    return setup


THEME = "extends: default\n"
OUTSIDE_THEME = {
    "@outside/house/theme.yaml": "extends: default\n",
    "@outside/house/handout.md.j2": f"# {SECRET}\n",
    "@outside/house/handout.css": f"/* {SECRET} */\n",
}


def handout_template(body: str) -> dict[str, str | bytes]:
    """Files of a project theme ``t`` whose Markdown handout template is ``body``."""
    return {"themes/t/theme.yaml": THEME, "themes/t/handout.md.j2": body}


def themed_case(body: str, *, says: tuple[str, ...] = (), **kw: object) -> Case:
    """A case building with theme ``t`` whose handout template is ``body``; it must fail at
    that template."""
    return Case(
        setup=files(handout_template(body)),
        outline=with_theme("t"),
        where=r"themes/t/handout\.md\.j2:\d+",
        says=("handout template error", *says),
        **kw,  # type: ignore[arg-type]
    )


def corp_template(data: bytes | Callable_bytes, name: str = "corp.pptx") -> object:
    """A setup writing a theme ``corp`` on the template ``data``."""

    def setup(folders: Folders) -> None:
        payload = data() if callable(data) else data
        write(
            folders,
            {
                "themes/corp/theme.yaml": f"extends: default\ntemplate: {name}\n",
                f"themes/corp/{name}": payload,
            },
        )

    return setup


Callable_bytes = object  # a zero-argument callable returning bytes (kept loose for the cases)


def inspect_case(data: object, says: tuple[str, ...]) -> Case:
    return Case(
        setup=corp_template(data),
        outline=None,
        args=("template", "inspect", "themes/corp/corp.pptx"),
        where=r"corp\.pptx",
        says=says,
    )


def fifo(rel: str):  # type: ignore[no-untyped-def]
    def setup(folders: Folders) -> None:
        path = folders.project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)

    return setup


def both(*setups):  # type: ignore[no-untyped-def]
    def setup(folders: Folders) -> None:
        for one in setups:
            one(folders)

    return setup


def soffice_env(folders: Folders, mode: str) -> None:
    make.fake_soffice(folders.home)


def pptx_text(outcome: Outcome) -> str:
    with zipfile.ZipFile(outcome.out / "talk.pptx") as package:
        return "\n".join(
            package.read(n).decode("utf-8", "replace")
            for n in package.namelist()
            if n.endswith((".xml", ".rels"))
        )


def handout_md(outcome: Outcome) -> str:
    return (outcome.out / "talk-handout.md").read_text(encoding="utf-8")


def no_live_html(outcome: Outcome) -> None:
    """The Markdown handout holds no raw HTML a renderer would run."""
    text = handout_md(outcome)
    # an escaped \< is text in CommonMark, never the start of a tag
    assert not re.search(r"(?<!\\)<(script|img|a |iframe|svg)", text, re.IGNORECASE), text


# --- the cache ---------------------------------------------------------------------------------

ENTRY = "0" * 62


def big(path: Path, size: int = 300_000_000, *, old: bool = False) -> None:
    """A sparse file of ``size`` bytes (no disk used), optionally dated 2019."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.truncate(size)
    if old:
        os.utime(path, (1_546_300_800, 1_546_300_800))


def shared_photo_folder(folders: Folders) -> None:
    big(folders.cache / "photos" / "a.jpg", old=True)
    big(folders.cache / "photos" / "b.jpg")


def own_cache(folders: Folders) -> None:
    """A marked cache over its limit, with a user's file and links out among its entries."""
    folders.cache.mkdir()
    (folders.cache / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
    for i in range(3):
        big(folders.cache / "images" / f"a{i}" / f"a{i}{ENTRY}.img", old=True)
    big(folders.cache / "images" / "a0" / "notes.txt", old=True)  # not an entry's name
    big(folders.cache / "images" / "b0" / f"b0{ENTRY}.img.bak", old=True)
    archive = folders.outside / "archive"
    big(archive / f"c0{ENTRY}.img", old=True)
    (archive / ".tmp-old").write_text(SECRET)
    os.utime(archive / ".tmp-old", (1_546_300_800, 1_546_300_800))
    (folders.cache / "images" / "c0").symlink_to(archive)
    (folders.cache / "zz").symlink_to(archive)  # the old layout's place for shards
    (folders.cache / "images" / "a1").rename(folders.cache / "a1")  # an entry of the old layout
    elsewhere = folders.outside / "entries"
    big(elsewhere / "d0" / f"d0{ENTRY}.img", old=True)
    (folders.cache / "images" / "a2").rename(folders.cache / "a2")
    (folders.cache / "images").rename(folders.cache / "images-old")
    (folders.cache / "images").symlink_to(elsewhere)  # the entries' folder is a link out


def cache_kept_foreign_files(outcome: Outcome) -> None:
    cache, outside = outcome.folders.cache, outcome.folders.outside
    assert (cache / "images-old" / "a0" / "notes.txt").exists()
    assert (cache / "images-old" / "b0" / f"b0{ENTRY}.img.bak").exists()
    assert (cache / "images-old" / "a0" / f"a0{ENTRY}.img").exists()  # not where entries live
    assert sorted(p.name for p in (outside / "archive").iterdir()) == [".tmp-old", f"c0{ENTRY}.img"]
    assert (outside / "entries" / "d0" / f"d0{ENTRY}.img").exists()
    kept = [i for i in (1, 2) if (cache / f"a{i}" / f"a{i}{ENTRY}.img").exists()]
    assert len(kept) == 1, kept  # its own entries (of the old layout) pruned to under 500 MB


def photos_intact(outcome: Outcome) -> None:
    assert sorted(p.name for p in (outcome.folders.cache / "photos").iterdir()) == [
        "a.jpg",
        "b.jpg",
    ]


def cache_marked(outcome: Outcome) -> None:
    assert (outcome.folders.cache / "CACHEDIR.TAG").is_file()


# --- the catalogue ---------------------------------------------------------------------------

GROUPS: dict[str, dict[str, Case]] = {}

GROUPS["data loss"] = {
    "cache-folder-of-photos-refused": Case(
        setup=shared_photo_folder,
        where=r"cache",
        says=("is not recapdeck's cache", "RECAPDECK_CACHE_DIR", "--no-cache"),
        check=photos_intact,
    ),
    "cache-folder-of-photos-no-cache": Case(
        setup=shared_photo_folder,
        args=("build", "talk.yaml", "--out", "out", "--no-cache"),
        fails=False,
        check=photos_intact,
    ),
    "cache-prunes-only-its-own-entries": Case(
        setup=own_cache, fails=False, check=cache_kept_foreign_files
    ),
    "cache-home-folder-refused": Case(
        setup=lambda f: (f.home / "notes.md").write_text("mine"),
        env={"RECAPDECK_CACHE_DIR": "{home}"},
        where=r"home",
        says=("is not recapdeck's cache",),
    ),
    "cache-empty-folder-adopted": Case(
        setup=lambda f: f.cache.mkdir(), fails=False, check=cache_marked
    ),
    "cache-folder-is-a-file": Case(
        setup=lambda f: f.cache.write_text("a file, not a folder"),
        fails=False,
        check=lambda o: o.folders.cache.read_text() == "a file, not a folder",
    ),
}

GROUPS["files from outside the project"] = {
    "theme-folder-is-a-link-out": Case(
        setup=files(OUTSIDE_THEME, {"themes/house": "@outside/house"}),
        outline=with_theme("house"),
        where=r"talk\.yaml:\d+",
        says=("is outside the deck's project folder", "--allow-outside-files"),
    ),
    "theme-extends-outside": Case(
        setup=files({**OUTSIDE_THEME, "themes/t/theme.yaml": "extends: ../../../outside/house\n"}),
        outline=with_theme("t"),
        where=r"themes/t/theme\.yaml:1",
        says=("extends", "is outside the deck's project folder"),
    ),
    "theme-logo-outside": Case(
        setup=files(
            {
                "@outside/logo.png": make.png_with_secret(),
                "themes/t/theme.yaml": THEME + "logo: ../../../outside/logo.png\n",
            }
        ),
        outline=with_theme("t"),
        where=r"themes/t/theme\.yaml",
        says=("logo", "is outside the deck's project folder"),
    ),
    "theme-logo-is-a-link-out": Case(
        setup=files(
            {
                "@outside/logo.png": make.png_with_secret(),
                "themes/t/theme.yaml": THEME + "logo: logo.png\n",
            },
            {"themes/t/logo.png": "@outside/logo.png"},
        ),
        outline=with_theme("t"),
        where=r"themes/t/(theme\.yaml|logo\.png)",
        says=("symbolic link", "outside the deck's project folder"),
    ),
    "theme-template-outside": Case(
        setup=files(
            {
                "@outside/corp.pptx": make.template_with_secret_layout_name(),
                "themes/t/theme.yaml": "template: ../../../outside/corp.pptx\n",
            }
        ),
        outline=with_theme("t"),
        where=r"themes/t/theme\.yaml",
        says=("template", "is outside the deck's project folder"),
    ),
    "theme-template-is-a-link-out": Case(
        setup=files(
            {
                "@outside/corp.pptx": make.template_with_secret_layout_name(),
                "themes/t/theme.yaml": "template: corp.pptx\n",
            },
            {"themes/t/corp.pptx": "@outside/corp.pptx"},
        ),
        outline=with_theme("t"),
        where=r"themes/t/",
        says=("symbolic link", "outside the deck's project folder"),
    ),
    "theme-css-is-a-link-out": Case(
        setup=files(
            {"themes/t/theme.yaml": THEME}, {"themes/t/handout.css": "@outside/secret.txt"}
        ),
        outline=with_theme("t"),
        where=r"themes/t/handout\.css",
        says=("symbolic link", "outside the deck's project folder"),
    ),
    "theme-include-is-a-link-out": Case(
        setup=files(
            {"themes/t/theme.yaml": THEME, "themes/t/handout.md.j2": '{% include "notes.txt" %}\n'},
            {"themes/t/notes.txt": "@outside/secret.txt"},
        ),
        outline=with_theme("t"),
        where=r"themes/t/notes\.txt",
        says=("symbolic link", "outside the deck's project folder"),
    ),
    "theme-yaml-is-a-link-out": Case(
        setup=files(
            {"@outside/theme.yaml": f"extends: default\ndescription: {SECRET}\n"},
            {"themes/t/theme.yaml": "@outside/theme.yaml"},
        ),
        outline=with_theme("t"),
        where=r"themes/t/theme\.yaml",
        says=("symbolic link", "outside the deck's project folder"),
    ),
    "theme-fonts-folder-is-a-link-out": Case(
        setup=files(
            {"themes/t/theme.yaml": THEME, "@outside/fonts/x.ttf": SECRET},
            {"themes/t/fonts": "@outside/fonts"},
        ),
        outline=with_theme("t"),
        where=r"themes/t/fonts",
        says=("symbolic link", "outside the deck's project folder"),
    ),
    "theme-by-path-extends-outside": Case(
        setup=files({**OUTSIDE_THEME, "mine/theme.yaml": "extends: ../../outside/house\n"}),
        outline=MINIMAL + "theme: ./mine\n",
        where=r"mine/theme\.yaml:1",
        says=("is outside the deck's project folder",),
    ),
    "theme-template-option-is-trusted": Case(
        # a template named on the command line is the user's own choice
        setup=files({"@outside/corp.pptx": make.base_template()}),
        args=("build", "talk.yaml", "--out", "out", "--template", "../outside/corp.pptx"),
        fails=False,
    ),
    "handout-template-attachment-link": Case(
        # the Markdown handout may print a file:// link, but never what the file holds
        setup=files(handout_template("[x](file:///etc/passwd)\n{{ meta.title | md_escape }}\n")),
        outline=with_theme("t"),
        fails=False,
    ),
    "screenshot-link-in-theme-folder-out": Case(
        setup=files(
            {"themes/t/theme.yaml": THEME, "@outside/chart.png": make.png_with_secret()},
            {"themes/t/chart.png": "@outside/chart.png"},
        ),
        outline=with_theme("t") + "assets: themes/t\n",
        where=r"themes/t/chart\.png|talk\.yaml",
        says=("symbolic link", "outside the deck's project folder"),
    ),
}

GROUPS["company templates"] = {
    "template-external-file-link-dropped": Case(
        setup=lambda f: corp_template(
            make.template_with_file_link((f.outside / "secret.txt").as_uri())
        )(f),
        outline=with_theme("corp"),
        fails=False,
        says=("refers to files outside itself", "dropped"),
        check=lambda o: "file:" not in pptx_text(o) and "https://example.com/ok" in pptx_text(o),
    ),
    "template-external-unc-link-dropped": Case(
        setup=corp_template(make.template_with_file_link("\\\\evil-host\\share\\x.png")),
        outline=with_theme("corp"),
        fails=False,
        says=("dropped",),
        check=lambda o: "evil-host" not in pptx_text(o),
    ),
    "template-no-layouts": Case(
        setup=corp_template(make.template_without_layouts),
        outline=with_theme("corp"),
        where=r"themes/corp/theme\.yaml",
        says=("has no slide master with layouts",),
    ),
    "template-no-master": Case(
        setup=corp_template(make.template_without_master),
        outline=with_theme("corp"),
        where=r"themes/corp/theme\.yaml",
        says=("corp.pptx",),
    ),
    "template-missing-master-part": Case(
        setup=corp_template(make.template_missing_master_part),
        outline=with_theme("corp"),
        where=r"themes/corp/theme\.yaml",
        says=("corp.pptx", "save it again"),
    ),
    "template-idx-not-a-number": Case(
        setup=corp_template(make.template_idx_one),
        outline=with_theme("corp"),
        where=r"themes/corp/theme\.yaml",
        says=('idx="one" is not a whole number',),
    ),
    "template-negative-extent": Case(  # the placeholder is left out, with a warning
        setup=corp_template(make.template_negative_extent),
        outline=with_theme("corp"),
        fails=False,
        where=r"themes/corp/theme\.yaml",
        says=("-431800", "leaves that placeholder out"),
    ),
    "template-named-pipe": Case(
        setup=both(
            files({"themes/corp/theme.yaml": "template: corp.pptx\n"}),
            fifo("themes/corp/corp.pptx"),
        ),
        outline=with_theme("corp"),
        where=r"themes/corp/",
        says=("not a regular file",),
        timeout=30,
    ),
    "template-2gib-member": Case(
        setup=corp_template(make.template_with_huge_member),
        outline=with_theme("corp"),
        where=r"themes/corp/theme\.yaml",
        says=("ppt/media/huge.bin", "2,147,483,648 bytes"),
    ),
    "template-text-file": Case(
        setup=corp_template(b"PK\x03\x04 not really a zip"),
        outline=with_theme("corp"),
        where=r"themes/corp/theme\.yaml",
        says=("is not a readable PowerPoint file",),
    ),
    "inspect-no-layouts": inspect_case(
        make.template_without_layouts, ("has no slide master with layouts",)
    ),
    "inspect-idx-not-a-number": inspect_case(make.template_idx_one, ('idx="one"',)),
    "inspect-missing-master-part": inspect_case(
        make.template_missing_master_part, ("save it again",)
    ),
    "inspect-2gib-member": inspect_case(make.template_with_huge_member, ("huge.bin",)),
    "inspect-named-pipe": Case(
        setup=fifo("corp.pptx"),
        outline=None,
        args=("template", "inspect", "corp.pptx"),
        where=r"corp\.pptx",
        says=("not a regular file",),
        timeout=30,
    ),
    "inspect-external-link-listed": Case(
        setup=lambda f: write(f, {"corp.pptx": make.template_with_file_link("file:///etc/passwd")}),
        outline=None,
        args=("template", "inspect", "corp.pptx"),
        fails=False,
        says=("external reference dropped (not a web link): file:///etc/passwd",),
    ),
}

GROUPS["injection into the Markdown handout"] = {
    "url-quote-and-tag": Case(
        outline=MINIMAL.replace(
            "  name: Cloud Conf 2025\n",
            "  name: Cloud Conf 2025\n"
            "  url: 'https://ok.example/\"><img src=x onerror=alert(1)>'\n",
        ),
        where=r"talk\.yaml:4",
        says=("is not a usable link", "percent-encoded"),
    ),
    "url-newline-script": Case(
        outline=MINIMAL.replace(
            "  name: Cloud Conf 2025\n",
            '  name: Cloud Conf 2025\n  url: "https://ok.example/\\n\\n<script>alert(2)</script>"\n',
        ),
        where=r"talk\.yaml:4",
        says=("is not a usable link",),
    ),
    "url-space": Case(
        outline=MINIMAL + "references:\n  - title: Docs\n    url: https://ok.example/a b\n",
        where=r"talk\.yaml:12",
        says=("' '", "%20"),
    ),
    "url-control-character": Case(
        outline=MINIMAL + 'references:\n  - title: Docs\n    url: "https://ok.example/\\x1b[31m"\n',
        where=r"talk\.yaml:12",
        says=("U+001B",),
    ),
    "url-angle-bracket": Case(
        outline=MINIMAL
        + "announcements:\n  - name: Thing\n    url: https://ok.example/>[x](javascript:alert(1))\n",
        where=r"talk\.yaml:12",
        says=("'>'",),
    ),
    "url-no-host": Case(
        outline=MINIMAL + "references:\n  - title: Docs\n    url: 'https://'\n",
        where=r"talk\.yaml:12",
        says=("no host name",),
    ),
    "url-backquote": Case(
        outline=MINIMAL + "references:\n  - title: Docs\n    url: 'https://ok.example/`code`'\n",
        where=r"talk\.yaml:12",
        says=("'`'",),
    ),
    "inline-link-breaking-out": Case(
        outline=MINIMAL.replace(
            "- Twice the throughput at the same price",
            "- 'See [docs](<https://ok.example/\"><script>alert(3)</script>) now'",
        ),
        fails=False,
        check=no_live_html,
    ),
    "title-with-html": Case(
        outline=MINIMAL.replace(
            "Faster storage", "'<script>alert(4)</script> <img src=x onerror=alert(5)>'"
        ),
        fails=False,
        check=no_live_html,
    ),
    "unicode-url-encoded": Case(
        outline=MINIMAL + "references:\n  - title: Docs\n    url: https://ok.example/größe(1)\n",
        fails=False,
        check=lambda o: "https://ok.example/gr%C3%B6%C3%9Fe(1)" in handout_md(o),
    ),
}

GROUPS["crashes and hangs: handout templates"] = {
    "nested-loops": themed_case(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
        says=("longer than",),
    ),
    "string-times-huge": themed_case("{{ 'x' * 10**10 }}\n", says=("repeating a value",)),
    "list-times-huge": themed_case("{{ ([1] * 10**9) | length }}\n", says=("repeating a value",)),
    "range-overflow": themed_case("{{ range(10**9) | list | length }}\n", says=("range",)),
    "power-huge": themed_case("{{ 9 ** 99999 }}\n", says=("too large a number",)),
    "recursive-macro": themed_case(
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}\n", says=("calls itself",)
    ),
    "output-flood": themed_case(
        "{% for i in range(100000) %}{% for j in range(100000) %}"
        "{{ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }}{% endfor %}{% endfor %}\n",
        says=("characters",),
    ),
    "center-huge": themed_case("{{ 'x' | center(10000000000) }}\n", says=("width",)),
    "namespace-doubling": themed_case(
        "{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}\n",
        says=("larger than a handout",),
    ),
    "template-is-a-pipe": Case(
        setup=both(files({"themes/t/theme.yaml": THEME}), fifo("themes/t/handout.md.j2")),
        outline=with_theme("t"),
        where=r"themes/t",
        says=("not a regular file",),
        timeout=30,
    ),
    "sandbox-escape": themed_case(
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}\n", says=("unsafe",)
    ),
    "division-by-zero": themed_case("{{ 1 // 0 }}\n", says=("ZeroDivisionError",)),
}

HEADER_BOMB_SIDE = 30_000


def toml_post(depth: int) -> str:
    return f'+++\ntitle = "x"\na = {"[" * depth}{"]" * depth}\n+++\n# Hi\n\nSome text.\n'


BIG_OUTLINE = "title: Big\nevent:\n  name: E\nsegments:\n" + "".join(
    f"  - title: S{s}\n    highlights:\n" + "".join(f"      - title: H{h}\n" for h in range(30))
    for s in range(100)
)

GROUPS["crashes and hangs: inputs"] = {
    "png-not-deflate": Case(
        outline=shot("chart.png"),
        setup=files({"chart.png": make.png_not_deflate()}),
        where=r"talk\.yaml:\d+",
        says=("chart.png", "damaged"),
    ),
    "png-half-rows": Case(
        outline=shot("chart.png"),
        setup=files({"chart.png": make.png_half_rows()}),
        where=r"talk\.yaml:\d+",
        says=("ends", "bytes early"),
    ),
    "png-bad-row-filter": Case(
        outline=shot("chart.png"),
        setup=files({"chart.png": make.png_bad_filter()}),
        where=r"talk\.yaml:\d+",
        says=("chart.png", "is damaged", "row 21 has an unknown filter"),
    ),
    "photo-not-deflate": Case(
        outline=MINIMAL + "speakers:\n  - id: ann\n    name: Ann\n    photo: ann.png\n",
        setup=files({"ann.png": make.png_not_deflate()}),
        where=r"talk\.yaml:\d+",
        says=("ann.png", "damaged"),
    ),
    "logo-half-rows": Case(
        setup=files(
            {
                "themes/t/theme.yaml": THEME + "logo: logo.png\n",
                "themes/t/logo.png": make.png_half_rows(),
            }
        ),
        outline=with_theme("t"),
        where=r"themes/t/logo\.png",
        says=("bytes early",),
    ),
    "font-name-control-character": Case(
        setup=files({"themes/t/theme.yaml": THEME + 'fonts:\n  heading: "Cal\\x01ibri"\n'}),
        outline=with_theme("t"),
        where=r"themes/t/theme\.yaml:3",
        says=("U+0001", "font name"),
    ),
    "import-toml-nested-2000": Case(
        setup=files({"post.md": toml_post(2000)}),
        outline=None,
        args=("import", "post.md", "-o", "draft.yaml"),
        where=r"post\.md:2",
        says=("nests",),
    ),
    "import-toml-nested-100": Case(
        setup=files({"post.md": toml_post(100)}),
        outline=None,
        args=("import", "post.md", "-o", "draft.yaml"),
        where=r"post\.md:2",
        says=("more than 32 levels",),
    ),
    "theme-new-dot-dot": Case(
        setup=files({"corp.pptx": make.base_template()}),
        outline=None,
        args=("theme", "new", "..", "--from", "corp.pptx"),
        where=r"error: '\.\.'",
        says=("is not a theme name",),
        check=lambda o: not (o.folders.project / "theme.yaml").exists(),
    ),
    "theme-new-hidden-name": Case(
        setup=files({"corp.pptx": make.base_template()}),
        outline=None,
        args=("theme", "new", ".hidden", "--from", "corp.pptx"),
        where=r"error: '\.hidden'",
        says=("is not a theme name",),
    ),
    "theme-new-from-its-own-folder": Case(
        setup=files({"themes/corp/corp.pptx": make.base_template()}),
        outline=None,
        args=("theme", "new", "corp", "--from", "themes/corp/corp.pptx"),
        fails=False,
        check=lambda o: (
            (o.folders.project / "themes/corp/theme.yaml").is_file()
            and (o.folders.project / "themes/corp/corp.pptx").stat().st_size > 1000
        ),
    ),
    "largest-outline": Case(
        outline=BIG_OUTLINE,
        where=r"talk\.yaml:\d+:\d+: segments",
        says=("at most 2,000", "Split"),
        timeout=60,
    ),
}


def fake_pdf(mode: str) -> dict[str, str]:
    return {"RECAPDECK_SOFFICE": "{home}/soffice", "FAKE_SOFFICE_MODE": mode}


PDF = ("build", "talk.yaml", "--out", "out", "--pdf")


def fetching_handout(folders: Folders) -> None:
    """A theme whose HTML handout asks WeasyPrint for the secret and for the network."""
    make.fake_soffice(folders.home)
    secret = (folders.outside / "secret.txt").as_uri()
    html = f"""<html><head><meta charset="utf-8">
<link rel="stylesheet" href="http://127.0.0.1:9/x.css">
<link rel="attachment" href="{secret}"></head><body>
<h1>{{{{ meta.title }}}}</h1>
<a rel="attachment" href="{secret}">notes</a>
<img src="{secret}"><img src="http://127.0.0.1:9/pixel.png">
<iframe src="{secret}"></iframe><object data="{secret}"></object>
<p style="background: url({secret})">x</p>
</body></html>
"""
    write(folders, {"themes/t/theme.yaml": THEME, "themes/t/handout.html.j2": html})


def pdf_written(outcome: Outcome) -> None:
    assert (outcome.out / "talk-handout.pdf").read_bytes()[:4] == b"%PDF"


GROUPS["crashes and hangs: PDF"] = {
    "pdf-fewer-pages-than-slides": Case(
        setup=lambda f: make.fake_soffice(f.home),
        args=PDF,
        env=fake_pdf("fewer"),
        where=r"error: the deck's PDF has 1 pages",
        says=("but the deck has 4 slides",),
    ),
    "pdf-handout-fetches-nothing": Case(
        setup=fetching_handout,
        outline=with_theme("t"),
        args=PDF,
        env=fake_pdf("ok"),
        fails=False,
        check=pdf_written,
    ),
}

GROUPS["stale output and unclear messages"] = {
    "nfd-file-name": Case(
        outline=shot("größe.png"),
        setup=files({unicodedata.normalize("NFD", "größe.png"): make.good_png()}),
        where=r"talk\.yaml:\d+",
        says=("encoded differently", "NFD"),
    ),
    "case-different-file-name": Case(
        outline=shot("chart.png"),
        setup=files({"Chart.PNG": make.good_png()}),
        where=r"talk\.yaml:\d+",
        says=("did you mean 'Chart.PNG'", "upper and lower case"),
    ),
    "date-year-one": Case(
        outline=MINIMAL.replace(
            "  name: Cloud Conf 2025\n", "  name: Cloud Conf 2025\n  date: 0001-01-01\n"
        ),
        fails=False,
        check=lambda o: (
            '<dcterms:created xsi:type="dcterms:W3CDTF">0001-01-01T00:00:00Z</dcterms:created>'
            in pptx_text(o)
        ),
    ),
}

CASES: dict[str, Case] = {name: case for group in GROUPS.values() for name, case in group.items()}


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, Outcome | BaseException]:
    """Run the selected cases, two processes at a time; keyed by case name."""
    names = [
        item.callspec.params["name"]
        for item in request.session.items
        if item.module is request.module and item.originalname == "test_hostile"
    ]
    folders = {name: tmp_path_factory.mktemp(name) for name in names}

    def one(name: str) -> Outcome | BaseException:
        try:
            return run(CASES[name], folders[name])
        except BaseException as exc:  # reported by the test of that case
            return exc

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(one, names), strict=True))


@pytest.mark.parametrize("name", list(CASES))
def test_hostile(name: str, outcomes: dict[str, Outcome | BaseException]) -> None:
    outcome = outcomes[name]
    if isinstance(outcome, BaseException):
        raise outcome
    assert_promise(CASES[name], outcome)


def test_the_catalogue_has_sixty_cases_in_the_issues_groups() -> None:
    counts = {group: len(cases) for group, cases in GROUPS.items()}
    assert sum(counts.values()) >= 60, counts
    assert len(CASES) == sum(counts.values())  # no name twice


# --- beyond the catalogue: signals, and what the lead's pipeline rewrite must make pass ---------


def _soffice_processes(tmp: Path) -> list[str]:
    """Command lines of the processes whose command line names ``tmp``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(tmp) in cmdline and int(proc.name) != os.getpid():
            found.append(cmdline)
    return found


def _recapdeck(folders: Folders, env: dict[str, str], *args: str, **kw: object):  # type: ignore[no-untyped-def]
    """Run recapdeck in the project with ``env``; the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "recapdeck", *args],
        cwd=folders.project, env=env, capture_output=True, text=True, timeout=120, **kw,
    )  # fmt: skip


def _killed_during_pdf(tmp_path: Path) -> Folders:
    """Start ``build --pdf`` with LibreOffice (the real one when installed, else a fake that
    hangs), SIGKILL recapdeck once LibreOffice runs, and return the folders."""
    import hostile

    folders = hostile.prepare(Case(), tmp_path)
    env = environment(folders)
    if not Path("/usr/bin/soffice").exists():
        make.fake_soffice(folders.home)
        env = environment(folders, fake_pdf("hang"))
    process = subprocess.Popen(
        [sys.executable, "-m", "recapdeck", *PDF],
        cwd=folders.project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _soffice_processes(folders.tmp):
        time.sleep(0.1)
    assert _soffice_processes(folders.tmp), "LibreOffice never started"
    time.sleep(0.5)
    process.kill()
    process.wait()
    return folders


def _again_with_a_fake_libreoffice(folders: Folders) -> None:
    """Build with --pdf once more (a fake LibreOffice, for speed), in the same folders."""
    make.fake_soffice(folders.home)
    done = _recapdeck(folders, environment(folders, fake_pdf("ok")), *PDF, check=False)
    assert done.returncode == 0, done.stderr


def test_libreoffice_dies_with_recapdeck_and_the_next_run_cleans_up(tmp_path):
    folders = _killed_during_pdf(tmp_path)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _soffice_processes(folders.tmp):
        time.sleep(0.1)
    assert not _soffice_processes(folders.tmp), "LibreOffice outlived recapdeck"
    assert any(p.name.startswith("recapdeck-soffice-") for p in folders.tmp.iterdir())
    _again_with_a_fake_libreoffice(folders)
    assert not [p.name for p in folders.tmp.iterdir() if p.name.startswith("recapdeck-soffice-")]


def test_no_temporary_folder_is_left_after_a_kill_and_another_run(tmp_path):
    """build.py's own temporary folder (recapdeck-XXXX) must be removed by the next run too,
    e.g. by making it with :func:`recapdeck.export.scratch.owned_temporary_directory`."""
    folders = _killed_during_pdf(tmp_path)
    _again_with_a_fake_libreoffice(folders)
    assert list(folders.tmp.iterdir()) == []


def test_a_failed_pdf_leaves_no_new_deck_beside_an_old_pdf(tmp_path):
    """LibreOffice writes nothing: either every older output stays, or the stale PDF is
    removed and the message says so."""

    def older_pdf(folders: Folders) -> None:
        make.fake_soffice(folders.home)
        (folders.project / "out" / "talk.pdf").write_bytes(b"%PDF an older PDF")

    case = Case(setup=older_pdf, args=PDF, env=fake_pdf("nothing"), where=None)
    outcome = run(case, tmp_path)
    assert outcome.returncode == 1, outcome.output
    before = {k: v for k, v in outcome.before.items() if k.startswith("out/")}
    after = {k: v for k, v in outcome.after.items() if k.startswith("out/")}
    consistent = after == before or ("out/talk.pdf" not in after and "talk.pdf" in outcome.output)
    assert consistent, sorted(after)


def _build_twice(tmp_path: Path, first: dict[str, str | bytes], then: dict[str, str | bytes],
                 outline: str) -> tuple[str, str]:  # fmt: skip
    """Build, add ``then`` to the project, build again with the same cache: what the second
    build printed, and the Markdown handout."""
    import hostile

    folders = hostile.prepare(Case(setup=files(first), outline=outline), tmp_path)
    env = environment(folders)
    _recapdeck(folders, env, "build", "talk.yaml", "--out", "out", check=True)
    write(folders, then)
    second = _recapdeck(folders, env, "build", "talk.yaml", "--out", "out", check=True)
    return second.stderr + second.stdout, handout_md_of(folders)


def handout_md_of(folders: Folders) -> str:
    return (folders.project / "out" / "talk-handout.md").read_text(encoding="utf-8")


def test_up_to_date_check_sees_an_added_handout_template(tmp_path):
    output, handout = _build_twice(
        tmp_path,
        {"themes/t/theme.yaml": THEME},
        {"themes/t/handout.md.j2": "# ADDED TEMPLATE {{ meta.title }}\n"},
        with_theme("t"),
    )
    assert "unchanged" not in output and "ADDED TEMPLATE" in handout, output


def test_up_to_date_check_sees_a_project_theme_shadowing_the_built_in_one(tmp_path):
    output, handout = _build_twice(
        tmp_path,
        {},
        {
            "themes/default/theme.yaml": "extends: midnight\n",
            "themes/default/handout.md.j2": "# SHADOWED {{ meta.title }}\n",
        },
        MINIMAL,
    )
    assert "unchanged" not in output and "SHADOWED" in handout, output


def test_allow_outside_files_lifts_the_rule_for_theme_files(tmp_path):
    """build.py's _load_theme must pass ``allow_outside_files`` on to ``load_theme``."""
    case = Case(
        setup=files(OUTSIDE_THEME, {"themes/house": "@outside/house"}),
        outline=with_theme("house"),
        args=("build", "talk.yaml", "--out", "out", "--allow-outside-files"),
        fails=False,
    )
    outcome = run(case, tmp_path)
    assert outcome.returncode == 0, outcome.output


# --- the largest outline: the cost of a slide does not grow with the deck ----------------------


def test_adding_a_slide_never_looks_through_the_slides_before_it(tmp_path, monkeypatch):
    """python-pptx's ``add_slide`` scans every slide id and every relationship of the
    presentation for each new slide (n² for n slides); recapdeck's renderer must not."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import _Relationships
    from pptx.oxml.presentation import CT_SlideIdList

    from recapdeck.pipeline import prepare
    from recapdeck.render.pptx import render_pptx

    outline = tmp_path / "talk.yaml"
    highlights = "".join(f"      - title: H{h}\n        points: [A point]\n" for h in range(40))
    outline.write_text(
        f"title: T\nevent:\n  name: E\nsegments:\n  - title: S\n    highlights:\n{highlights}"
    )
    scans: list[str] = []
    real = _Relationships._get_matching

    def matching(self, reltype, target, is_external=False):  # type: ignore[no-untyped-def]
        if reltype == RT.SLIDE and len(self) > 5:  # the presentation's, not a notes page's
            scans.append("relationships")
        return real(self, reltype, target, is_external)

    monkeypatch.setattr(_Relationships, "_get_matching", matching)
    monkeypatch.setattr(
        CT_SlideIdList, "_next_id", property(lambda self: scans.append("ids") or 256)
    )
    prepared = prepare(outline, handout=[], cache=False)
    assert len(prepared.plan.slides) > 30
    prs = render_pptx(prepared.plan, prepared.theme)
    assert len(prs.slides) == len(prepared.plan.slides)
    assert scans == []


def test_allow_outside_files_can_name_the_one_folder_to_allow(tmp_path):
    """``--allow-files-from DIR`` lets files come from DIR only (``--allow-outside-files``
    alone lets them come from anywhere)."""
    setup = files({"@outside/shared/chart.png": make.good_png(), "@outside/other.png": b""})
    allowed = Case(
        setup=setup,
        outline=shot("../outside/shared/chart.png"),
        args=("build", "talk.yaml", "--out", "out", "--allow-files-from", "../outside/shared"),
        fails=False,
    )
    outcome = run(allowed, tmp_path / "allowed")
    assert outcome.returncode == 0, outcome.output
    refused = Case(
        setup=setup,
        outline=shot("../outside/other.png"),
        args=("build", "talk.yaml", "--out", "out", "--allow-files-from", "../outside/shared"),
    )
    outcome = run(refused, tmp_path / "refused")
    assert outcome.returncode == 1 and "outside the deck's project folder" in outcome.output
