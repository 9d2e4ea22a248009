"""The outline draft of ``recapdeck import`` as a commented YAML tree (see :mod:`.yaml_writer`).

Also finds the post's pictures in the assets folder, and cuts values to the outline format's
limits so that the written file always validates.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import Problem
from . import yaml_writer as w
from .blocks import Image, is_safe_link
from .draft import DHighlight, Draft, DShot

_UNSUPPORTED = {".svg", ".pdf", ".heic", ".heif", ".avif", ".eps"}
_GENERIC_ALT = re.compile(
    r"^(?:|image|img|picture|pic|photo|screenshot|screen ?shot|alt|alt text|figure|untitled|"
    r"slide|diagram|chart)[\s_-]*\d*$",
    re.I,
)


# --- screenshots ----------------------------------------------------------------------------


class AssetIndex:
    """Finds a post's pictures in the assets folder by file name."""

    def __init__(self, folder: Path | None, outline: Path) -> None:
        self.folder = folder
        self.outline = outline
        self.missing: list[str] = []
        self.names: dict[str, str] = {}
        if folder is not None and folder.is_dir():
            found = sorted(p for p in folder.rglob("*") if p.is_file())[:20_000]
            for path in found:
                self.names.setdefault(path.name.lower(), path.relative_to(folder).as_posix())

    @property
    def written(self) -> str | None:
        """The ``assets:`` value: the folder relative to the outline."""
        if self.folder is None:
            return None
        return Path(os.path.relpath(self.folder, self.outline.parent)).as_posix()

    def where(self) -> str:
        return self.written or "the outline's folder"

    def shot(self, image: Image) -> tuple[str, str]:
        """The file name for a picture and what to check about it ("" when nothing)."""
        name = image.name or "screenshot.png"
        todo = []
        stem, dot, ext = name.rpartition(".")
        if dot and f".{ext.lower()}" in _UNSUPPORTED:
            todo.append(f"the post uses {name}; export it to PNG as {stem}.png")
            name = f"{stem}.png"
        found = self.names.get(name.lower()) or self._without_extension(name)
        if found:
            return found, "; ".join(todo)
        if not dot:
            # An upload URL without a file extension (GitHub attachments, CDNs): the saved
            # file needs one for the deck to find and read it.
            todo.append(f"the post's picture has no file extension; save it as {name}.png")
            name = f"{name}.png"
        self.missing.append(name)
        todo.append(f"not in {self.where()} yet; the post shows {image.src}")
        return name, "; ".join(todo)

    def _without_extension(self, name: str) -> str | None:
        """A file in the assets folder named like an extension-less picture (``abc.png``)."""
        if "." in name:
            return None
        stems = {Path(k).stem: v for k, v in self.names.items()}
        return stems.get(name.lower())


# --- the YAML tree --------------------------------------------------------------------------


def _checks(item: Any, key: str = "") -> list[str]:
    return [f"check: {message}" for k, message in item.checks if k == key]


def _cut(text: str | None, limit: int) -> str | None:
    """``text`` cut to the outline's length limit for its field."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _capped(items: list[Any], limit: int, what: str, draft: Draft) -> list[Any]:
    """The first ``limit`` items; the outline format holds no more (the rest is reported)."""
    if len(items) > limit:
        draft.notices.append(f"{len(items) - limit} {what} left out: an outline holds {limit}")
    return items[:limit]


def outline_tree(draft: Draft, files: AssetIndex) -> w.Mapping:
    root = w.Mapping()
    root.add("title", _cut(draft.title, 300), *_checks(draft, "title"))
    root.add("subtitle", _cut(draft.subtitle, 300), *_checks(draft, "subtitle"))
    event = w.Mapping()
    for key in ("name", "date", "location", "url"):
        value = draft.event.get(key)
        value = _cut(value, 300 if key != "url" else 2000) if isinstance(value, str) else value
        event.add(key, value, *_checks(draft, f"event.{key}"))
    root.add("event", event)
    root.entries.append(w.Commented("recap_by: {name: Your Name, team: Your Team}  # who gives it"))
    root.add("theme", "default")
    if draft.duration:
        root.add("duration", draft.duration)
    else:
        root.entries.append(w.Commented("duration: 30  # minutes in your talk slot"))
    root.add("assets", files.written, *_checks(draft, "assets"))
    root.add("speakers", _speakers(draft), blank=True)
    summary = w.Sequence()
    for takeaway in _capped(draft.summary, 30, "takeaways", draft):
        text = _cut(takeaway.text, 2000) or ""
        if takeaway.notes:
            entry = w.Mapping()
            entry.add("text", text)
            entry.add("notes", _cut(takeaway.notes, 20_000))
            summary.items.append(w.Item(entry))
        else:
            summary.items.append(w.Item(text))
    root.add("summary", summary, *_checks(draft, "summary"), blank=True)
    segments = w.Sequence()
    for segment in _capped(draft.segments, 100, "segments", draft):
        entry = w.Mapping()
        entry.add("title", _cut(segment.title, 300), *_checks(segment, "title"), *_checks(segment))
        entry.add("speaker", segment.speaker, *_checks(segment, "speaker"))
        entry.add("notes", _notes(segment.notes), *_checks(segment, "notes"))
        highlights = w.Sequence()
        for highlight in _capped(segment.highlights, 200, "highlights", draft):
            highlights.items.append(w.Item(_highlight(highlight, files), blank=True))
        entry.add("highlights", highlights)
        quotes = w.Sequence()
        for quote in _capped(segment.quotes, 50, "quotes", draft):
            item = w.Mapping()
            item.add("text", _cut(quote.text, 2000), *_checks(quote))
            item.add("speaker", quote.speaker)
            quotes.items.append(w.Item(item))
        entry.add("quotes", quotes)
        segments.items.append(w.Item(entry, blank=True))
    root.add("segments", segments, *_checks(draft, "segments"), blank=True)
    announcements = w.Sequence()
    for launch in _capped(draft.announcements, 100, "announcements", draft):
        entry = w.Mapping()
        entry.add("name", _cut(launch.name, 300), *_checks(launch), *_checks(launch, "name"))
        entry.add("summary", _cut(launch.summary, 2000))
        entry.add("status", launch.status, *_checks(launch, "status"))
        announcements.items.append(w.Item(entry))
    root.add("announcements", announcements, blank=True)
    references = w.Sequence()
    for reference in _capped(draft.references, 100, "references", draft):
        entry = w.Mapping()
        entry.add("title", reference.title, *_checks(reference))
        entry.add("url", reference.url)
        references.items.append(w.Item(entry))
    root.add("references", references, *_checks(draft, "references"), blank=True)
    credits = " ".join(draft.credits)
    root.add("credits", credits[:2000] or None, *_checks(draft, "credits"), blank=True)
    return root


def _speakers(draft: Draft) -> w.Sequence:
    speakers = w.Sequence()
    for person in _capped(draft.speakers, 100, "speakers", draft):
        entry = w.Mapping()
        entry.add("id", person.id, *_checks(person))
        entry.add("name", _cut(person.name, 300))
        role_checks = _checks(person, "role")
        entry.add("role", _cut(person.role, 300), *role_checks)
        company_checks = [] if person.role else role_checks
        entry.add("company", _cut(person.company, 300), *company_checks)
        speakers.items.append(w.Item(entry))
    return speakers


def _highlight(highlight: DHighlight, files: AssetIndex) -> w.Mapping:
    entry = w.Mapping()
    title = _cut(highlight.title, 300)
    entry.add("title", title, *_checks(highlight, "title"), *_checks(highlight))
    if highlight.new:
        entry.add("new", True, *_checks(highlight, "new"))
    points = w.Sequence()
    # Beyond 50 points and 20 sub-points the outline format has no room: the rest go to notes.
    overflow = [p.text for p in highlight.points[50:]]
    for point in highlight.points[:50]:
        text = _cut(point.text, 2000) or ""
        overflow += point.points[20:]
        if point.points:
            item = w.Mapping()
            item.add("text", text)
            subs = [w.Item(_cut(p, 2000) or "") for p in point.points[:20]]
            item.add("points", w.Sequence(subs))
            points.items.append(w.Item(item))
        else:
            points.items.append(w.Item(text))
    entry.add("points", points)
    shots = w.Sequence()
    for shot in highlight.screenshots:
        shots.items.append(w.Item(_screenshot(shot, files)))
    entry.add("screenshots", shots)
    entry.add("notes", _notes([*highlight.notes, *overflow]), *_checks(highlight, "notes"))
    return entry


def _screenshot(shot: DShot, files: AssetIndex) -> w.Mapping:
    image = shot.image
    file, todo = files.shot(image)
    checks = [todo] if todo else []
    alt, caption = image.alt, image.caption
    if _GENERIC_ALT.match(alt) or alt.lower() == image.name.lower():
        generic = f'"{alt}"' if alt else "missing"
        if caption:
            alt = caption
            checks.insert(0, f"the post's alt text is {generic}; alt taken from the caption")
        else:
            alt = _humanize(file)
            checks.insert(0, f"the post's alt text is {generic}: describe what the slide shows")
    entry = w.Mapping()
    entry.add("file", file, *(f"check: {c}" for c in checks))
    entry.add("alt", alt[:1000])
    entry.add("caption", caption[:300] if caption else None)
    return entry


def _humanize(file: str) -> str:
    stem = Path(file).stem
    words = re.sub(r"[-_]+", " ", stem).strip()
    return (words[:1].upper() + words[1:]) if words else "Screenshot"


def _notes(paragraphs: list[str]) -> str | None:
    text = "\n".join(p.strip() for p in paragraphs if p.strip())
    return text[:20_000] or None


# --- repairs --------------------------------------------------------------------------------

_LINK = re.compile(r"(?<!\\)\[([^\]]*)\]\(([^)]*)\)")
_PATH_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")


def repair(root: w.Mapping, problems: list[Problem]) -> bool:
    """Repair the values ``problems`` point at; False when one of them cannot be repaired.

    A text keeps its words: links lose their targets, characters a deck cannot hold go.
    """
    repaired = False
    for problem in problems:
        node = _find(root, problem.field)
        if node is None or not isinstance(node.value, str):
            return False
        fixed = _plain(node.value)
        if fixed == node.value:
            return False
        node.value = fixed or "(removed: see the post)"
        node.comments.append(
            f"check: the post's text here was refused by check ({_first_words(problem.message)}"
            "); it is kept without its links"
        )
        repaired = True
    return repaired


def _plain(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(0) if is_safe_link(m.group(2)) else m.group(1), text)
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))


def _first_words(message: str) -> str:
    return message.split(":")[0][:80]


def _find(root: w.Mapping, dotted: str) -> w.Entry | w.Item | None:
    """The entry or item at ``segments[2].notes`` in the tree."""
    node: w.Entry | w.Item | None = None
    value: object = root
    for name, index in _PATH_PART.findall(dotted):
        if name and isinstance(value, w.Mapping):
            node = next(
                (e for e in value.entries if isinstance(e, w.Entry) and e.key == name), None
            )
        elif index and isinstance(value, w.Sequence) and int(index) < len(value.items):
            node = value.items[int(index)]
        else:
            return None
        if node is None:
            return None
        value = node.value
    return node
