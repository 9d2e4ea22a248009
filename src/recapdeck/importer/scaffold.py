"""``recapdeck new NAME``: start a deck with every outline field shown and explained."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Location, Problem, RecapdeckError
from .project import inside_project

SCREENSHOT = "screenshot-placeholder.png"
PHOTO = "speaker-placeholder.png"
if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")

TEMPLATE = """\
{schema}# A recapdeck outline: one keynote, turned into a slide deck and a speaker-notes handout.
# Every field is shown below with an example value; delete the optional ones you do not need.
# Reference: docs/outline.md in the recapdeck repository; `recapdeck schema` prints a JSON
# Schema for editors.
#   recapdeck check {outline}     validate it
#   recapdeck build {outline}     write build/{name}.pptx and its handout (--pdf for PDFs)

# The title slide. Quote text that contains ": " (YAML would read it as a key).
title: "Keynote recap: what was launched"
subtitle: The three launches that matter to our team    # optional second line
event:
  name: Example Conf 2025              # required
  date: 2025-01-31                     # optional, YYYY-MM-DD, no quotes needed
  location: "Lisbon, Portugal"         # optional
  url: https://example.com/keynote     # optional; links must start with http(s)://
  logo: {photo}     # optional; the event's logo on the cover (a PNG)
recap_by:                              # who gives the recap, or simply: recap_by: Jane Doe
  name: Your Name
  team: Your Team
  contact: you@example.com             # optional; shown on the closing slide
cover:                                 # optional: a hero screenshot beside the cover's title
  file: {screenshot}
  alt: The keynote's opening slide
theme: default                         # default (light), midnight (dark) or a theme folder
language: en-US                        # BCP 47: de-DE, ja-JP...; for spell-check, screen readers
duration: 20                           # minutes in your slot; a longer talk gets a warning
assets: {assets}{assets_pad}# screenshots and photos are looked up here

# The people on stage; segments and quotes refer to them by id.
speakers:
  - id: first-speaker                  # lowercase letters, digits and hyphens
    name: First Speaker
    role: Chief Example Officer        # optional
    company: Example Corp              # optional
    photo: {photo}     # optional portrait on the section slide

# The "Key takeaways" slide: plain strings, or text with notes.
summary:
  - The **one thing** to remember from the keynote
  - text: A second takeaway
    notes: Speaker notes for this takeaway.

# The parts of the keynote, in order; each needs at least one highlight or quote.
segments:
  - title: The big launch
    speaker: first-speaker             # an id from speakers, or a plain name: Jane Doe
    notes: Notes for the section slide, such as who this speaker is.
    highlights:
      - title: What was launched
        new: true                      # adds a "New" badge to the slide
        points:                        # 2-4 bullets of about 15 words
          - A short bullet with **bold**, *italic*, `code` or a [link](https://example.com)
          - text: A bullet with sub-bullets
            points:
              - One level of sub-bullets
        screenshots:                   # one sits beside the bullets; 2-4 make a grid
          - file: {screenshot}   # relative to assets:
            alt: Placeholder slide; describe what the real screenshot shows
            caption: A short line under the picture    # optional
            fit: contain               # contain shows it all; cover fills the frame and crops
            focus: [0.5, 0.5]          # with cover: the point kept in view, [0, 0] = top left
        notes: >-
          Speaker notes for this slide. Write two to four sentences with the context the
          bullets leave out; without notes, recapdeck reads the points back.
    quotes:                            # quote slides, after the highlights
      - text: Something memorable that was actually said on stage
        speaker: first-speaker
        notes: Only quote what a person really said.

# The "What's new" slide.
announcements:
  - name: Example Service
    summary: One sentence on what it is.
    status: preview                    # preview, generally available, announced, ...
    url: https://example.com/launch

# The "References" slide; its links work in the deck.
references:
  - title: Keynote video
    url: https://example.com/video

# Shown on the closing slide.
credits: Screenshots © Example Corp, used for an internal recap.
"""


@dataclass(frozen=True)
class NewDeck:
    """What ``recapdeck new`` wrote: the outline, every file, and anything to tell the user."""

    outline: Path
    files: list[Path] = field(default_factory=list)
    note: str = ""


def new_deck(name: str, *, folder: Path | str = ".") -> NewDeck:
    """Write ``decks/NAME.yaml`` and placeholder pictures in ``assets/NAME/`` below ``folder``.

    Refuses (RecapdeckError) to replace any existing file.
    """
    name = name.removesuffix(".yaml").removesuffix(".yml")
    if not _NAME.fullmatch(name):
        raise RecapdeckError(
            Problem(
                None,
                f"'{name}' is not a deck name: use letters, digits, '-', '_' or '.', "
                "starting with a letter or digit (e.g. kubecon-2025-keynote), not a path",
            )
        )
    root = Path(os.path.abspath(folder))
    outline = root / "decks" / f"{name}.yaml"
    assets = root / "assets" / name
    note = ""
    if not inside_project(assets.parent, outline):
        # Without a .git or pyproject.toml above decks/, the deck's project is decks/ itself
        # and recapdeck would refuse ../assets; keep the pictures inside it instead.
        assets = root / "decks" / "assets" / name
        note = (
            f"no .git or pyproject.toml found above {outline.parent}, so the pictures went to "
            f"{assets} (recapdeck reads only files inside a deck's project); run `git init` "
            "in the project folder to keep decks/ and assets/ side by side"
        )
    files = {
        outline: _outline_text(name, outline, assets).encode("utf-8"),
        assets / SCREENSHOT: _screenshot_png(),
        assets / PHOTO: _photo_png(),
    }
    existing = [path for path in files if path.exists()]
    if existing:
        raise RecapdeckError(
            [
                Problem(Location(path), "already exists; pick another name or delete it first")
                for path in existing
            ]
        )
    written = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:  # "x": never replace a file that appeared meanwhile
                handle.write(data)
            written.append(path)
    except OSError as exc:
        raise RecapdeckError(
            Problem(Location(Path(exc.filename or outline)), f"cannot write: {exc.strerror}")
        ) from None
    return NewDeck(outline, written, note)


def _outline_text(name: str, outline: Path, assets: Path) -> str:
    relative = Path(os.path.relpath(assets, outline.parent)).as_posix()
    schema = ""
    for folder in (outline.parent, *outline.parent.parents):
        candidate = folder / "docs" / "outline.schema.json"
        if candidate.is_file():
            rel = Path(os.path.relpath(candidate, outline.parent)).as_posix()
            schema = f"# yaml-language-server: $schema={rel}\n"
            break
        if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
            break
    assets_value = relative if re.fullmatch(r"[\w./-]+", relative) else f'"{relative}"'
    return TEMPLATE.format(
        schema=schema,
        outline=f"decks/{name}.yaml",
        name=name,
        assets=assets_value,
        assets_pad=" " * max(1, 31 - len(assets_value)),
        photo=PHOTO,
        screenshot=SCREENSHOT,
    )


def _screenshot_png() -> bytes:
    """A 16:9 stand-in slide that says what to replace it with."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = 1600, 900
    image = Image.new("RGB", (width, height), "#eef1f5")
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, width - 25, height - 25), outline="#9aa5b4", width=6)
    draw.line((24, 24, width - 25, height - 25), fill="#d3d9e1", width=4)
    draw.line((24, height - 25, width - 25, 24), fill="#d3d9e1", width=4)
    font = ImageFont.load_default(size=64)
    small = ImageFont.load_default(size=40)
    for text, y, face in (
        ("Screenshot placeholder", height // 2 - 60, font),
        (f"replace {SCREENSHOT}", height // 2 + 40, small),
    ):
        box = draw.textbbox((0, 0), text, font=face)
        x = (width - (box[2] - box[0])) // 2
        draw.rectangle((x - 20, y - 12, x + box[2] - box[0] + 20, y + box[3] + 12), "#eef1f5")
        draw.text((x, y), text, fill="#3b4654", font=face)
    return _png(image)


def _photo_png() -> bytes:
    """A square stand-in portrait: a grey silhouette."""
    from PIL import Image, ImageDraw

    size = 600
    image = Image.new("RGB", (size, size), "#dfe4ea")
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 110, 400, 310), fill="#9aa5b4")
    draw.ellipse((110, 340, 490, 720), fill="#9aa5b4")
    return _png(image)


def _png(image: PILImage) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
