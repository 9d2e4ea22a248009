"""``recapdeck import``: draft an outline from a Markdown keynote recap (Jekyll, Hugo, ...).

The post is read (:mod:`.reading`: front matter with PyYAML or tomllib, the body with
markdown-it-py in :mod:`.markdown`), mapped onto an outline draft (:mod:`.mapping`), and written
as tidy, commented YAML (:mod:`.yaml_out`, :mod:`.yaml_writer`). Every guess is marked with a
``# check:`` comment; the result always validates as an outline and builds with
``--allow-missing`` while screenshots are missing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, Problem, RecapdeckError
from . import yaml_writer as w
from .blocks import Block, Heading
from .draft import Draft
from .front_matter import file_date
from .mapping import draft_outline
from .markdown import parse_body
from .project import check_problems, outside_project, schema_path, unrepaired
from .reading import Post, read_post
from .shape import shape_deck
from .text import heading_kind
from .yaml_out import AssetIndex, outline_tree, repair


@dataclass
class ImportResult:
    """The drafted outline text and what went into it."""

    text: str
    output: Path
    assets: Path | None
    segments: int = 0
    highlights: int = 0
    speakers: int = 0
    screenshots: int = 0
    missing: list[str] = field(default_factory=list)
    announcements: int = 0
    references: int = 0
    checks: int = 0


# --- importing ------------------------------------------------------------------------------


def default_output(post: Path, folder: Path | None = None) -> Path:
    """``decks/<name>.yaml`` for a post, its name without a leading date."""
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.stem)
    name = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "imported"
    return (folder or Path.cwd()) / "decks" / f"{name}.yaml"


def import_post(
    post_path: Path | str,
    *,
    output: Path | str | None = None,
    assets: Path | str | None = None,
    section: str | None = None,
    duration: int | None = None,
) -> ImportResult:
    """Draft an outline from a Markdown post; nothing is written (see :func:`write_import`).

    ``output`` is where the outline will be written (paths in it are relative to it);
    ``assets`` is the folder screenshots are looked up in by file name; ``section`` keeps
    only the part of the post under the heading that contains it (a keynote among breakout
    talks); ``duration`` (minutes) caps the deck at about one slide per minute.
    """
    post = read_post(post_path)
    out = Path(output) if output is not None else default_output(post.path)
    out = Path(os.path.abspath(out))
    assets_dir = Path(os.path.abspath(assets)) if assets is not None else None
    blocks = parse_body(post.body, post.body_line)
    if section is not None:
        blocks = _only_section(blocks, section, post.path)
    fallback = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", post.path.stem).replace("-", " ").strip()
    draft = draft_outline(
        post.front,
        blocks,
        fallback_title=fallback.capitalize() or "Keynote",
        file_date=file_date(post.path.name),
    )
    if duration is not None:
        draft.duration = duration
    shape_deck(draft, duration=draft.duration)
    files = AssetIndex(assets_dir, out)
    root = outline_tree(draft, files)
    header = _header(post, out, draft, files)
    text = _checked(root, header, out, files.written)
    shots = [h for s in draft.segments for h in s.highlights for _ in h.screenshots]
    return ImportResult(
        text=text,
        output=out,
        assets=assets_dir,
        segments=len(draft.segments),
        highlights=sum(len(s.highlights) for s in draft.segments),
        speakers=len(draft.speakers),
        screenshots=len(shots),
        missing=sorted(set(files.missing)),
        announcements=len(draft.announcements),
        references=len(draft.references),
        checks=sum(1 for line in text.splitlines() if line.lstrip().startswith("# check:")),
    )


def _checked(root: w.Mapping, header: list[str], out: Path, assets: str | None) -> str:
    """The draft's text, checked by the loader ``recapdeck check`` uses, repaired if need be.

    What the post holds that check refuses (a link to a template tag, a character a deck
    cannot hold) is repaired where it is found, with a ``# check:`` comment saying what was
    done; a draft that still fails is a bug, reported as an error rather than written.
    """
    text = w.render(root, header)
    for _ in range(3):
        problems = check_problems(text, out, assets)
        if not problems:
            return text
        if not repair(root, problems):
            break
        text = w.render(root, header)
    raise unrepaired(check_problems(text, out, assets), out)


def _only_section(blocks: list[Block], name: str, path: Path) -> list[Block]:
    """The introduction, the part under the first heading containing ``name`` (with its
    sub-headings), and the summary, references and credits; raise when no heading matches."""
    chosen = _section_heading(blocks, name, path)
    kept: list[Block] = []
    keep = True  # the introduction, before the first heading
    open_level: int | None = None  # the level of the kept heading being read
    for block in blocks:
        inside = open_level is not None and isinstance(block, Heading) and block.level > open_level
        if isinstance(block, Heading) and not inside:
            kind = heading_kind(block.inline.plain)
            keep = block is chosen or kind in ("summary", "references", "credits")
            open_level = block.level if keep else None
        if keep:
            kept.append(block)
    return kept


def _section_heading(blocks: list[Block], name: str, path: Path) -> Heading:
    """The first heading containing ``name``; the error lists the headings there are."""
    headings = [b for b in blocks if isinstance(b, Heading)]
    chosen = next((h for h in headings if name.lower() in h.inline.plain.lower()), None)
    if chosen is None:
        listing = "; ".join(f"'{h.inline.plain}'" for h in headings[:30]) or "none"
        raise RecapdeckError(
            Problem(
                Location(path),
                f"--section {name!r}: no heading of the post contains it; its headings: {listing}",
            )
        )
    return chosen


def write_import(result: ImportResult, *, force: bool = False) -> list[Path]:
    """Write the drafted outline (and create its assets folder); return what was created.

    Refuses to replace an existing outline unless ``force``.
    """
    created: list[Path] = []
    if result.output.exists() and not force:
        raise RecapdeckError(
            Problem(
                Location(result.output),
                "already exists; choose another name with -o, or pass --force to replace it",
            )
        )
    try:
        if result.assets is not None and not result.assets.is_dir():
            result.assets.mkdir(parents=True)
            created.append(result.assets)
        result.output.parent.mkdir(parents=True, exist_ok=True)
        temporary = result.output.with_name(f".{result.output.name}.tmp")
        temporary.write_text(result.text, encoding="utf-8")
        os.replace(temporary, result.output)
    except OSError as exc:
        raise RecapdeckError(
            Problem(Location(Path(exc.filename or result.output)), f"cannot write: {exc.strerror}")
        ) from None
    created.append(result.output)
    return created


def _header(post: Post, out: Path, draft: Draft, files: AssetIndex) -> list[str]:
    lines: list[str] = []
    schema = schema_path(out)
    if schema:
        lines.append(f"yaml-language-server: $schema={schema}")
    lines.append(
        f"Drafted by `recapdeck import` from {post.path.name}. Comments marked 'check:' are the "
        "importer's guesses and to-dos: review each one, then delete the comment."
    )
    lines.append(f"Try it with: recapdeck check {_shown(out)} --allow-missing")
    if files.folder is not None:
        outside = outside_project(files.folder, out)
        if outside:
            lines.append(f"check: {outside}")
    for notice in draft.notices:
        lines.append(f"note: {notice}")
    return lines


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
