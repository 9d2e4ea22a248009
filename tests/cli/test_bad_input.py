"""The bad-input catalogue: every kind of bad input, through the real command line.

Each case is built in a fresh project folder (it holds ``.git``) next to an ``out/`` folder that
already holds older outputs. ``recapdeck build`` must then exit with status 1, print located
messages that say what to do and no traceback, write nothing and leave the older outputs as they
were. The cases run as separate processes, a few at a time, so the whole catalogue takes seconds.

Below the catalogue: what a command line cannot show (a full disk, unreadable files as root,
Ctrl-C) is checked in-process or with signals.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import struct
import subprocess
import sys
import time
import tracemalloc
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from helpers_outline import (
    MINIMAL,
    column_of,
    draw_image,
    draw_noise,
    line_of,
    require_soffice,
    write_outline,
)
from recapdeck.errors import RecapdeckError

pytestmark = pytest.mark.slow  # every case is a CLI process

OLDER = {
    "talk.pptx": b"an older deck",
    "talk-handout.md": b"an older handout",
    "talk-handout.html": b"<p>an older handout</p>",
    "talk.pdf": b"%PDF an older PDF",
}
"""What ``out/`` holds before each case runs; it must be exactly the same afterwards."""


def shot(file: str, extra: str = "") -> str:
    """MINIMAL with one screenshot ``file`` on its highlight (and ``extra`` screenshot keys)."""
    return (
        MINIMAL
        + f"        screenshots:\n          - file: {file}\n            alt: A chart\n{extra}"
    )


def speakers(segment_speaker: str) -> str:
    """An outline with two speakers whose segment's speaker is ``segment_speaker``."""
    return (
        "title: T\nevent:\n  name: E\nspeakers:\n  - id: desantis\n    name: Peter DeSantis\n"
        "  - id: dave-brown\n    name: Dave Brown\nsegments:\n  - title: S\n"
        f"    speaker: {segment_speaker}\n    highlights:\n      - title: H\n"
    )


TOGETHER = """\
title: What's new in the cloud
event:
  name: Cloud Conf 2025
  date: 2025-12-02
speakers:
  - id: desantis
    name: Peter DeSantis
segments:
  - title: The big launch
    speaker: desantis
    highlights:
      - title: Faster storage
        screenshots:
          - file: chart.png
            alt: A chart
"""
"""A valid outline with a speaker and a screenshot, for the one-pass cases."""


def together(*changes: tuple[str, str]) -> str:
    """TOGETHER with each ``(old, new)`` of ``changes`` replaced (each must be there)."""
    text = TOGETHER
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


BAD_DATE = ("2025-12-02", "next monday")


def chart(project: Path) -> None:
    draw_image(project / "chart.png")


def billion_laughs() -> str:
    """Ten levels of nine aliases each: 9**10 (3.5 billion) values once expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return MINIMAL + "\n".join(lines) + "\n"


def png_bomb(path: Path, side: int = 20_000) -> Path:
    """Write a PNG that declares ``side``×``side`` 1-bit pixels in a few hundred bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (side // 8 + 1) * 64, 9)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
    path.write_bytes(data + chunk(b"IEND", b""))
    return path


def truncated(path: Path) -> None:
    data = draw_noise(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupted(path: Path) -> None:
    """Flip bytes in the middle of the image data: the size is right, the content is not."""
    data = bytearray(draw_noise(path).read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    path.write_bytes(bytes(data))


def theme(name: str, files: dict[str, str]) -> Callable[[Path], None]:
    """A setup step writing a theme folder ``themes/<name>`` with ``files``."""

    def make(project: Path) -> None:
        folder = project / "themes" / name
        folder.mkdir(parents=True)
        for file_name, text in files.items():
            (folder / file_name).write_text(text, encoding="utf-8")

    return make


def themed(name: str, files: dict[str, str], **expect: Any) -> Case:
    """A case building ``talk.yaml`` with ``--theme name``, a theme extending the default one."""
    setup = theme(name, {"theme.yaml": "extends: default\n", **files})
    return Case(args=("talk.yaml", "--theme", name), files=setup, **expect)


def elsewhere(project: Path) -> Path:
    """A folder beside the project, so outside it."""
    return project.parent / f"{project.name}-elsewhere"


def two_outlines_named_talk(project: Path) -> None:
    write_outline(project / "a", MINIMAL, "talk.yaml")
    write_outline(project / "b", MINIMAL, "Talk.yaml")


@dataclass(frozen=True)
class Case:
    """One bad input: what goes into the project, the command line, what the answer names."""

    outline: str | bytes | Callable[[Path], str] | None = MINIMAL
    """Written to ``talk.yaml``, or made from the project's path (None: no outline file)."""
    files: Callable[[Path], object] | None = None
    """Makes further files in the project folder."""
    args: tuple[str, ...] = ("talk.yaml",)
    env: dict[str, str] = field(default_factory=dict)
    at: str | None = None
    """The message names ``talk.yaml`` and the line holding this text."""
    where: str | None = None
    """Otherwise a pattern of the location the message starts with."""
    problems: tuple[tuple[str, str], ...] = ()
    """Otherwise every problem reported, in order: the text of ``talk.yaml`` it is located at
    (its line and column) and a phrase of its message. No other problem may be reported."""
    says: tuple[str, ...] = ()
    """Phrases of the message: what is wrong and what to do."""


CASES: dict[str, Case] = {
    # --- YAML --------------------------------------------------------------------------------
    "yaml-unclosed-bracket": Case(
        MINIMAL.replace("- Twice the", "- [Twice the"),
        where=r"talk\.yaml:\d+:\d+",
        says=("YAML syntax error",),
    ),
    "yaml-colon-in-value": Case(
        MINIMAL.replace("Faster storage", "Storage: faster"),
        at="Storage: faster",
        says=("YAML syntax error", "must be quoted"),
    ),
    "yaml-tab-indent": Case(
        MINIMAL.replace("  name: Cloud", "\tname: Cloud"),
        at="\tname",
        says=("YAML syntax error", "replace the tab with spaces"),
    ),
    "yaml-duplicate-key": Case(
        MINIMAL + "title: Another title\n",
        at="title: Another",
        says=("duplicate key 'title' (first at line 1)", "remove or rename one"),
    ),
    "yaml-empty-file": Case("", where=r"talk\.yaml:1", says=("the outline file is empty",)),
    "yaml-only-comments": Case(
        "# to do\n---\n", where=r"talk\.yaml:1", says=("the outline file is empty",)
    ),
    "yaml-latin1": Case(
        MINIMAL.replace("Faster", "Caf\u00e9").encode("latin-1"),
        where=r"talk\.yaml:7",
        says=("not UTF-8 text (byte 0xe9)", "save the file as UTF-8"),
    ),
    "yaml-utf16": Case(
        MINIMAL.encode("utf-16"), where=r"talk\.yaml:1", says=("UTF-16", "save the file as UTF-8")
    ),
    "yaml-two-documents": Case(
        MINIMAL + "---\n" + MINIMAL, at="---", says=("several YAML documents", "one outline per")
    ),
    "yaml-top-level-list": Case(
        "- title: T\n- event: E\n", where=r"talk\.yaml:1:1", says=("must be a mapping", "a list")
    ),
    "yaml-alias-bomb": Case(
        billion_laughs(), where=r"talk\.yaml:\d+", says=("expands to more than", "simplify it")
    ),
    "yaml-alias-loop": Case(
        MINIMAL + "subtitle: &loop [a, *loop]\n",
        at="&loop",
        says=("refers to the anchor that contains it",),
    ),
    "yaml-deep-nesting": Case(
        MINIMAL + "notes: " + "[" * 5000 + "]" * 5000 + "\n",
        at="notes:",
        says=("nested more than 50 levels",),
    ),
    "yaml-python-tag": Case(
        MINIMAL + "subtitle: !!python/object/apply:os.system ['touch ran']\n",
        at="subtitle:",
        says=("python/object/apply:os.system' is not allowed", "plain YAML values"),
    ),
    "yaml-nul-character": Case(
        MINIMAL.replace("Faster storage", "Faster\x00storage"),
        where=r"talk\.yaml:7:\d+",
        says=("U+0000 is not allowed", "delete it"),
    ),
    "yaml-file-too-large": Case(
        MINIMAL + "notes: >-\n" + ("  " + "word " * 20 + "\n") * 50_000,
        where=r"talk\.yaml",
        says=("bytes; the limit is 5,000,000",),
    ),
    # --- schema ------------------------------------------------------------------------------
    "schema-wrong-type-number": Case(
        MINIMAL + "duration: thirty\n", at="duration:", says=("valid integer", "'thirty'")
    ),
    "schema-wrong-type-list": Case(
        MINIMAL.split("segments:")[0] + "segments: {title: S}\n",
        at="segments:",
        says=("expected a list",),
    ),
    "schema-wrong-type-boolean-title": Case(
        MINIMAL.replace("title: What's new in the cloud", "title: yes"),
        at="title: yes",
        says=("booleans; put the value in quotes",),
    ),
    "schema-unknown-key": Case(
        MINIMAL.replace("segments:", "segmnets:"),
        at="segmnets:",
        says=("unknown key 'segmnets'", "did you mean 'segments'"),
    ),
    "schema-unknown-nested-key": Case(
        MINIMAL.replace("      - title: Faster", "      - colour: red\n        title: Faster"),
        at="colour: red",
        says=("unknown key 'colour'", "allowed keys: title, points"),
    ),
    "schema-missing-event": Case(
        MINIMAL.replace("event:\n  name: Cloud Conf 2025\n", ""),
        where=r"talk\.yaml:1:1",
        says=("missing required field 'event'", "add a line 'event: ...'"),
    ),
    "schema-missing-alt": Case(
        MINIMAL + "        screenshots:\n          - file: chart.png\n",
        files=lambda p: draw_image(p / "chart.png"),
        at="file: chart.png",
        says=("missing required field 'alt'",),
    ),
    "schema-unknown-speaker": Case(
        speakers("dave-brwon"),
        at="speaker: dave-brwon",
        says=("'dave-brwon' is not a speaker id", "did you mean 'dave-brown'", "known ids"),
    ),
    "schema-duplicate-speaker-id": Case(
        speakers("desantis").replace("segments:", "  - {id: desantis, name: Pete}\nsegments:"),
        at="{id: desantis",
        says=("duplicate speaker id 'desantis'", "give each speaker a different id"),
    ),
    "schema-no-segments": Case(
        MINIMAL.split("segments:")[0] + "segments: []\n",
        at="segments: []",
        says=("needs at least 1 item",),
    ),
    "schema-empty-segment": Case(
        MINIMAL + "  - title: Nothing here yet\n",
        at="Nothing here yet",
        says=("no highlights and no quotes", "add at least one, or remove the segment"),
    ),
    "schema-date-in-words": Case(
        MINIMAL.replace("  name: Cloud", "  date: next tuesday\n  name: Cloud"),
        at="next tuesday",
        says=("is not a date", "YYYY-MM-DD"),
    ),
    "schema-impossible-date": Case(
        MINIMAL.replace("  name: Cloud", "  date: 2024-02-30\n  name: Cloud"),
        at="2024-02-30",
        says=("cannot be read as a date", "quote it"),
    ),
    "schema-focus-out-of-range": Case(
        shot("chart.png", "            fit: cover\n            focus: [2, 0.5]\n"),
        files=lambda p: draw_image(p / "chart.png"),
        at="focus:",
        says=("less than or equal to 1",),
    ),
    "schema-100000-character-bullet": Case(
        MINIMAL + "          - " + "x" * 100_000 + "\n",
        at="xxxxxxxx",
        says=("100,000 characters long", "the limit is 2,000", "shorten or split it"),
    ),
    "schema-10000-highlights": Case(
        MINIMAL + "      - title: More\n" * 10_000,
        at="      - title: Faster",
        says=("10,001 items long", "the limit is 200"),
    ),
    "schema-ftp-url": Case(
        MINIMAL.replace("  name: Cloud", "  url: ftp://example.com\n  name: Cloud"),
        at="ftp://",
        says=("'ftp://example.com' is not a link", "https://"),
    ),
    "schema-control-character-escape": Case(
        MINIMAL.replace("title: What's new in the cloud", 'title: "What\\x1e new"'),
        at="What\\x1e",
        says=("the character U+001E is not allowed", "delete it"),
    ),
    # --- every problem in one pass, even when the schema rejects the outline -----------------
    "together-schema-speaker-file": Case(
        together(BAD_DATE, ("speaker: desantis", "speaker: dave"), ("chart.png", "shots/x.png")),
        problems=(
            ("next monday", "event.date: 'next monday' is not a date; write it as YYYY-MM-DD"),
            ("dave", "segments[0].speaker: 'dave' is not a speaker id; known ids: desantis"),
            ("shots/x.png", "screenshots[0].file: 'shots/x.png' not found (looked in "),
        ),
    ),
    "together-photo-link-outside-file": Case(
        together(
            ("Peter DeSantis", "Peter DeSantis\n    photo: peter.png"),
            ("title: Faster storage", "title: '[Faster](javascript:alert(1)) storage'"),
            ("chart.png", "/etc/passwd"),
        )
        + "duration: thirty\n",
        problems=(
            ("peter.png", "speakers[0].photo: 'peter.png' not found"),
            ("'[Faster]", "link target 'javascript:alert(1)' is refused"),
            ("/etc/passwd", "is outside the deck's project folder"),
            ("thirty", "duration: input should be a valid integer"),
        ),
    ),
    "together-with-allow-missing": Case(
        together(BAD_DATE, ("chart.png", "shots/x.png")),
        args=("talk.yaml", "--allow-missing"),
        problems=(("next monday", "is not a date"),),
    ),
    "together-with-an-unknown-theme": Case(
        together(BAD_DATE) + "theme: nosuch\n",
        files=chart,
        problems=(("next monday", "is not a date"), ("nosuch", "unknown theme 'nosuch'")),
    ),
    "together-file-not-text-is-not-probed": Case(
        together(BAD_DATE, ("file: chart.png", "file: [chart.png]")),
        problems=(
            ("next monday", "is not a date"),
            ("[chart.png]", "screenshots[0].file: expected text, got a list"),
        ),
    ),
    "together-speaker-without-id-leaves-references-unchecked": Case(
        together(BAD_DATE, ("  - id: desantis\n    name:", "  - name:")),
        files=chart,
        problems=(
            ("next monday", "is not a date"),
            ("name: Peter", "speakers[0]: missing required field 'id'"),
        ),
    ),
    "together-misspelt-speakers-leaves-references-unchecked": Case(
        together(BAD_DATE, ("speakers:", "speakrs:")),
        files=chart,
        problems=(
            ("next monday", "is not a date"),
            ("speakrs:", "unknown key 'speakrs' — did you mean 'speakers'?"),
        ),
    ),
    "together-invalid-speaker-id-once": Case(
        together(("id: desantis", "id: -desantis"), ("speaker: desantis", "speaker: -desantis")),
        files=chart,
        problems=(("-desantis", "speakers[0].id: '-desantis' is not a valid id"),),
    ),
    "together-misspelt-highlights-is-not-an-empty-segment": Case(
        together(BAD_DATE, ("highlights:", "higlights:")),
        problems=(
            ("next monday", "is not a date"),
            ("higlights:", "unknown key 'higlights' — did you mean 'highlights'?"),
        ),
    ),
    "together-yaml-values-speaker-file": Case(
        together(
            ("2025-12-02", "2025-02-30"),
            ("speaker: desantis", "speaker: dave"),
            ("chart.png", "shots/x.png"),
            ("title: Faster storage", "title: Faster storage\n        title: Again"),
        ),
        problems=(
            ("2025-02-30", "event.date: '2025-02-30' cannot be read as a date"),
            ("dave", "segments[0].speaker: 'dave' is not a speaker id"),
            ("title: Again", "duplicate key 'title'"),
            ("shots/x.png", "screenshots[0].file: 'shots/x.png' not found"),
        ),
    ),
    "together-bad-tag-and-schema-not-reported-twice": Case(
        together(BAD_DATE, ("title: What's new", "title: !!binary aGk=")),
        files=chart,
        problems=(
            ("!!binary", "title: the tag 'tag:yaml.org,2002:binary' is not allowed"),
            ("next monday", "is not a date"),
        ),
    ),
    "together-unusable-assets-leaves-files-unchecked": Case(
        together(("event:", "assets: [shots]\nevent:")),
        problems=(("[shots]", "assets: expected text, got a list"),),
    ),
    # --- links: nothing injected ------------------------------------------------------------
    "link-javascript": Case(
        MINIMAL + "          - '[click me](javascript:alert(1))'\n",
        at="javascript:",
        says=("link target 'javascript:alert(1)' is refused", "http://, https:// or mailto:"),
    ),
    "link-file": Case(
        MINIMAL.replace("Faster storage", "'[Faster](file:///etc/passwd) storage'"),
        at="file:///",
        says=("link target 'file:///etc/passwd' is refused",),
    ),
    "link-data": Case(
        MINIMAL + "credits: '[Credits](data:text/html;base64,PHNjcmlwdD4=)'\n",
        at="credits:",
        says=("link target 'data:text/html", "is refused"),
    ),
    # --- files -------------------------------------------------------------------------------
    "file-missing": Case(
        shot("shots/secnd.png"),
        files=lambda p: draw_image(p / "shots" / "second.png"),
        at="secnd.png",
        says=("'shots/secnd.png' not found", "did you mean 'second.png'"),
    ),
    "file-empty": Case(
        shot("empty.png"),
        files=lambda p: (p / "empty.png").write_bytes(b""),
        at="empty.png",
        says=("is empty (0 bytes)", "export or copy it again"),
    ),
    "file-truncated": Case(
        shot("cut.png"),
        files=lambda p: truncated(p / "cut.png"),
        at="cut.png",
        says=("is damaged or truncated", "export or download it again"),
    ),
    "file-corrupt": Case(
        shot("bad.png"),
        files=lambda p: corrupted(p / "bad.png"),
        at="bad.png",
        says=("'bad.png' is damaged", "again"),
    ),
    "file-text-named-png": Case(
        shot("fake.png"),
        files=lambda p: (p / "fake.png").write_text("just text\n"),
        at="fake.png",
        says=("'fake.png' is not an image recapdeck can read", "PNG, JPEG"),
    ),
    "file-decompression-bomb": Case(
        shot("bomb.png"),
        files=lambda p: png_bomb(p / "bomb.png"),
        at="bomb.png",
        says=("400,000,000 pixels", "more than 50,000,000 pixels", "Scale it down"),
    ),
    "file-svg": Case(
        shot("diagram.svg"),
        files=lambda p: (p / "diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>'),
        at="diagram.svg",
        says=("export it to PNG", "rsvg-convert"),
    ),
    "file-directory": Case(
        shot("shots.png"),
        files=lambda p: (p / "shots.png").mkdir(),
        at="shots.png",
        says=("'shots.png' is a folder, not an image file",),
    ),
    "file-symlink-loop": Case(
        shot("loop.png"),
        files=lambda p: (p / "loop.png").symlink_to("loop.png"),
        at="loop.png",
        says=("points to itself (a loop)", "fix the link"),
    ),
    "file-fifo": Case(
        shot("pipe.png"),
        files=lambda p: os.mkfifo(p / "pipe.png"),
        at="pipe.png",
        says=("is not a regular file (a pipe, device or socket)",),
    ),
    "file-name-with-nul": Case(
        shot('"chart\\0.png"'),
        at="chart\\0.png",
        says=("the character U+0000 is not allowed", "delete it"),
    ),
    "file-missing-photo": Case(
        speakers("desantis").replace("Dave Brown\n", "Dave Brown\n    photo: dave.png\n"),
        at="dave.png",
        says=("'dave.png' not found",),
    ),
    "file-missing-assets-folder": Case(
        MINIMAL + "assets: nowhere\n", at="assets:", says=("does not exist", "relative to")
    ),
    "file-outline-missing": Case(None, where=r"talk\.yaml", says=("no such outline file",)),
    "file-outline-is-a-directory": Case(
        None,
        files=lambda p: (p / "talk.yaml").mkdir(),
        where=r"talk\.yaml",
        says=("is a directory",),
    ),
    "file-outside-project-relative": Case(
        shot("../../../../../../../../etc/passwd"),
        at="etc/passwd",
        says=("is outside the deck's project folder", "--allow-outside-files"),
    ),
    "file-outside-project-absolute": Case(
        shot("/etc/passwd"), at="/etc/passwd", says=("is outside the deck's project folder",)
    ),
    "file-outside-project-assets": Case(
        MINIMAL + "assets: /etc\n", at="assets:", says=("is outside the deck's project folder",)
    ),
    "file-outside-project-symlink": Case(
        shot("hosts.png"),
        files=lambda p: (p / "hosts.png").symlink_to("/etc/hosts"),
        at="hosts.png",
        says=("is a symbolic link to /etc/hosts", "outside the deck's project folder"),
    ),
    # --- themes and templates ------------------------------------------------------------------
    "theme-unknown-option": Case(
        args=("talk.yaml", "--theme", "midnite"),
        where=r"error: unknown theme",
        says=("did you mean 'midnight'", "available themes: daylight, default, midnight"),
    ),
    "theme-unknown-in-outline": Case(
        MINIMAL + "theme: nosuch\n", at="theme:", says=("unknown theme 'nosuch'", "default")
    ),
    "theme-bad-colour": themed(
        "bad",
        {"theme.yaml": "extends: default\ncolors:\n  text: red\n"},
        where=r"themes/bad/theme\.yaml:3:9",
        says=("'red' is not a colour", "#RRGGBB"),
    ),
    "theme-yaml-syntax": themed(
        "bad",
        {"theme.yaml": "colors: {text: '#000000'\n"},
        where=r"themes/bad/theme\.yaml:\d+",
        says=("YAML syntax error",),
    ),
    "theme-extends-loop": Case(
        args=("talk.yaml", "--theme", "a"),
        files=lambda p: [
            theme("a", {"theme.yaml": "extends: b\n"})(p),
            theme("b", {"theme.yaml": "extends: a\n"})(p),
        ],
        where=r"themes/a/theme\.yaml",
        says=("'extends' goes round in a circle", "break the loop"),
    ),
    "theme-outside-project": Case(
        lambda p: MINIMAL + f"theme: {elsewhere(p)}/themes/house\n",
        files=lambda p: theme("house", {"theme.yaml": "extends: default\n"})(elsewhere(p)),
        at="theme:",
        says=("is outside the deck's project folder", "--allow-outside-files"),
    ),
    "template-jinja-syntax": themed(
        "broken",
        {"handout.md.j2": "# {{ meta.title }}\n{% for %}\n"},
        where=r"themes/broken/handout\.md\.j2:2",
        says=("handout template error", "fix the template"),
    ),
    "template-sandbox-escape": themed(
        "evil",
        {"handout.md.j2": "{{ cycler.__init__.__globals__.os.system('touch ran') }}\n"},
        where=r"themes/evil/handout\.md\.j2:1",
        says=("handout template error", "unsafe"),
    ),
    "template-not-powerpoint": themed(
        "corp",
        {
            "theme.yaml": "extends: default\ntemplate: corp.pptx\n",
            "corp.pptx": "a text file, not a PowerPoint template\n",
        },
        where=r"themes/corp/theme\.yaml",
        says=("'corp.pptx' is not a readable PowerPoint file", "save it again as .pptx"),
    ),
    # --- output ------------------------------------------------------------------------------
    "output-folder-under-a-file": Case(
        args=("talk.yaml", "--out", "blocker/out"),
        files=lambda p: (p / "blocker").write_text("a file, not a folder"),
        where=r"blocker/out",
        says=("cannot write into the output folder (blocker is a file, not a folder)", "--out"),
    ),
    "output-folder-is-a-file": Case(
        args=("talk.yaml", "--out", "blocker"),
        files=lambda p: (p / "blocker").write_text("a file, not a folder"),
        where=r"blocker",
        says=("cannot write into the output folder (it is a file)", "choose another with --out"),
    ),
    "output-folder-in-the-way": Case(
        args=("talk.yaml", "--out", "out2"),
        files=lambda p: (p / "out2" / "talk-handout.html").mkdir(parents=True),
        where=r"out2/talk-handout\.html",
        says=("a folder is in the way of the output file",),
    ),
    "output-same-stem-twice": Case(
        None,
        files=two_outlines_named_talk,
        args=("a/talk.yaml", "b/Talk.yaml"),
        where=r"b/Talk\.yaml",
        says=("has the same name as a/talk.yaml", "rename one", "Nothing was built"),
    ),
    "output-unknown-handout-format": Case(
        args=("talk.yaml", "--handout", "md,docx"),
        where="error: unknown handout format",
        says=("'docx'", "choose from md, html"),
    ),
    "env-bad-source-date-epoch": Case(
        env={"SOURCE_DATE_EPOCH": "last tuesday"},
        where="error: SOURCE_DATE_EPOCH",
        says=("'last tuesday' is not a whole number of seconds", "or unset it"),
    ),
}


@dataclass(frozen=True)
class Outcome:
    """What a case's run printed and left behind."""

    project: Path
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    before: dict[str, bytes]
    after: dict[str, bytes]
    debris: list[str]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (hidden ones too) with its bytes; folders as empty entries."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"")
        for p in sorted(folder.rglob("*"))
        if not p.is_fifo()
    }


def run_case(case: Case, project: Path) -> Outcome:
    (project / ".git").mkdir(parents=True)
    out = project / "out"
    out.mkdir()
    for name, data in OLDER.items():
        (out / name).write_bytes(data)
    if case.outline is not None:
        text = case.outline(project) if callable(case.outline) else case.outline
        write_outline(project, text, "talk.yaml")
    if case.files is not None:
        case.files(project)
    before = snapshot(project)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | case.env
    args = ["build", *case.args] + ([] if "--out" in case.args else ["--out", "out"])
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "recapdeck", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seconds = time.perf_counter() - started
    after = snapshot(project)
    debris = [name for name in after if name.endswith(".tmp") or "recapdeck-" in name]
    return Outcome(
        project, result.returncode, result.stdout, result.stderr, seconds, before, after, debris
    )


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, Outcome | BaseException]:
    """Run the selected cases, a few processes at a time; keyed by case name."""
    names = [
        item.callspec.params["name"]
        for item in request.session.items
        if item.module is request.module and item.originalname == "test_bad_input"
    ]

    # folders are made up front: tmp_path_factory is not safe to call from several threads
    folders = {name: tmp_path_factory.mktemp(name) for name in names}

    def one(name: str) -> Outcome | BaseException:
        try:
            return run_case(CASES[name], folders[name])
        except Exception as exc:  # reported by the case's own test
            return exc

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(names, pool.map(one, names), strict=True))


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, outcomes):
    case, outcome = CASES[name], outcomes[name]
    if isinstance(outcome, BaseException):
        raise outcome
    stderr = outcome.stderr
    assert outcome.returncode == 1, stderr
    assert "Traceback" not in stderr, stderr
    assert outcome.stdout == ""
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert errors, stderr
    if case.problems:
        talk = outcome.project / "talk.yaml"
        assert len(errors) == len(case.problems), stderr
        for error, (text, phrase) in zip(errors, case.problems, strict=True):
            where = f"talk.yaml:{line_of(talk, text)}:{column_of(talk, text)}"
            assert error.startswith(f"error: {where}: "), f"{where} expected:\n{stderr}"
            assert phrase in error, f"{phrase!r} not in {error!r}"
    elif case.at is not None:
        line = line_of(outcome.project / "talk.yaml", case.at)
        assert re.search(rf"^error: talk\.yaml:{line}(:\d+)?: ", stderr, re.M), stderr
    else:
        assert case.where is not None
        pattern = case.where if case.where.startswith("error: ") else f"error: {case.where}"
        assert re.search(rf"^{pattern}", stderr, re.M), stderr
    for phrase in case.says:
        assert phrase in stderr, f"{phrase!r} not in:\n{stderr}"
    assert re.search(r"(: not built|^nothing done) \(\d+ problems?\)$", stderr.strip(), re.M)
    assert outcome.after == outcome.before, "the build wrote, changed or removed files"
    assert not outcome.debris
    assert not (outcome.project / "ran").exists()  # no tag or template ran a command


def test_the_catalogue_covers_at_least_40_cases():
    assert len(CASES) >= 40


# --- inputs that look odd but are fine ------------------------------------------------------


def test_bom_crlf_and_a_non_ascii_path_with_spaces_build(tmp_path):
    folder = tmp_path / "Ünïcödé talks" / "day 1"
    draw_image(folder / "shots" / "größe chart.png")
    text = "\ufeff" + shot("'shots/größe chart.png'").replace("\n", "\r\n")
    write_outline(folder, text.encode("utf-8"), "keynote recap é.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "recapdeck", "build", "keynote recap é.yaml", "-o", "out dir"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (folder / "out dir" / "keynote recap é.pptx").read_bytes()[:2] == b"PK"


# --- the alias bomb: fast, in bounded memory ------------------------------------------------


def test_alias_bomb_is_refused_fast_and_in_bounded_memory(tmp_path):
    from recapdeck.load.outline import load_outline

    path = write_outline(tmp_path, billion_laughs())
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(RecapdeckError, match="expands to more than"):
        load_outline(path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"alias bomb refused in {seconds * 1000:.1f} ms, peak {peak / 1024:.0f} KiB traced")
    assert seconds < 1.0
    assert peak < 20 * 1024 * 1024


# --- files the command line cannot make unreadable as root ----------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its permissions")
def test_unreadable_screenshot_as_a_normal_user(tmp_path):
    path = write_outline(tmp_path, shot("secret.png"))
    draw_image(tmp_path / "secret.png").chmod(0)
    result = subprocess.run(
        [sys.executable, "-m", "recapdeck", "check", path.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "'secret.png' cannot be read (permission denied)" in result.stderr


def test_unreadable_screenshot_and_outline_are_located(tmp_path, monkeypatch):
    # As root (CI) permissions do not stop reads, so the operating system's answer is simulated.
    from PIL import Image

    from recapdeck.load.outline import load_outline

    path = write_outline(tmp_path, shot("secret.png"))
    draw_image(tmp_path / "secret.png")

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Image, "open", denied)
    with pytest.raises(RecapdeckError) as info:
        load_outline(path)
    (problem,) = info.value.problems
    assert problem.location.line == line_of(path, "secret.png")
    assert "'secret.png' cannot be read (permission denied); check its permissions" in str(problem)
    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(RecapdeckError, match="cannot read the outline file: Permission denied"):
        load_outline(path)


# --- nothing lost ---------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    """A project with a valid outline ``talk.yaml`` and older outputs in ``out/``."""
    (tmp_path / ".git").mkdir()
    draw_image(tmp_path / "chart.png")
    write_outline(tmp_path, shot("chart.png"), "talk.yaml")
    out = tmp_path / "out"
    out.mkdir()
    for name, data in OLDER.items():
        (out / name).write_bytes(data)
    return tmp_path


class FailingHandle:
    """Stands in for the file object of the ``nth`` output written; its writes fail."""

    def __init__(self, fd: int, error: BaseException) -> None:
        self.real = os.fdopen(fd, "wb")
        self.error = error

    def __enter__(self) -> FailingHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])  # part of it lands, as on a filling disk
        raise self.error


def fail_nth_write(monkeypatch, nth: int, error: BaseException) -> None:
    """Make the ``nth`` output file the writer stages fail (the caches' own writes, which go
    on without the cache when they fail, are not counted)."""
    import recapdeck.writing

    calls = []
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        if sys._getframe(1).f_code.co_filename != recapdeck.writing.__file__:
            return real(fd, *args, **kwargs)
        calls.append(fd)
        return FailingHandle(fd, error) if len(calls) == nth else real(fd, *args, **kwargs)

    monkeypatch.setattr(recapdeck.writing.os, "fdopen", fdopen)


def test_disk_full_is_a_clear_error_and_changes_nothing(project, monkeypatch):
    from recapdeck import build

    fail_nth_write(monkeypatch, 3, OSError(errno.ENOSPC, "No space left on device"))
    before = snapshot(project)
    with pytest.raises(RecapdeckError) as info:
        build(project / "talk.yaml", out_dir=project / "out")
    message = str(info.value)
    assert "talk-handout.html: cannot write the output: no space left on the device" in message
    assert "free some space or choose another --out" in message
    assert "The previous outputs are unchanged" in message
    assert snapshot(project) == before  # no temporary file, no half-written output


def test_a_failure_after_the_deck_is_rendered_keeps_the_previous_outputs(project, monkeypatch):
    import recapdeck.render.handout
    from recapdeck import build

    def broken(*args, **kwargs):
        raise RecapdeckError("the handout renderer failed")

    monkeypatch.setattr(recapdeck.render.handout, "render_handout_utf8", broken)
    before = snapshot(project)
    with pytest.raises(RecapdeckError, match="the handout renderer failed"):
        build(project / "talk.yaml", out_dir=project / "out")
    assert snapshot(project) == before


def test_ctrl_c_while_writing_leaves_no_temporary_files(project, monkeypatch):
    from recapdeck import build

    fail_nth_write(monkeypatch, 2, KeyboardInterrupt())
    before = snapshot(project)
    with pytest.raises(KeyboardInterrupt):
        build(project / "talk.yaml", out_dir=project / "out")
    assert snapshot(project) == before


def test_ctrl_c_during_a_build_exits_130_with_one_line(project, monkeypatch):
    from typer.testing import CliRunner

    import recapdeck.render.pptx
    from recapdeck.cli import app

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(recapdeck.render.pptx, "deck_bytes", interrupted)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["build", "talk.yaml", "--out", "out"])
    assert result.exit_code == 130
    assert result.output.strip().splitlines() == [
        "interrupted: stopped at once; no half-written file or temporary file was left"
    ]
    assert "Traceback" not in result.output


def _processes_mentioning(text: str) -> list[str]:
    """Command lines of the running processes that contain ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        if text in cmdline:
            found.append(cmdline)
    return found


@pytest.mark.external
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to list processes")
def test_sigint_during_pdf_export_stops_libreoffice_and_leaves_nothing(project):
    require_soffice()
    scratch = project / "scratch"  # the build's temporary folders all go here
    scratch.mkdir()
    before = snapshot(project)
    process = subprocess.Popen(
        [sys.executable, "-m", "recapdeck", "build", "talk.yaml", "--pdf", "--out", "out"],
        cwd=project,
        env={**os.environ, "TMPDIR": str(scratch)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not _processes_mentioning(f"{scratch}/recapdeck-soffice-"):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.05)
    time.sleep(0.1)  # inside the conversion: a small deck takes LibreOffice about a second
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == [
        "interrupted: stopped at once; no half-written file or temporary file was left"
    ]
    assert not _processes_mentioning(str(scratch))  # LibreOffice is gone, its children too
    assert snapshot(project) == before  # no profile, staging folder, temporary or new file
