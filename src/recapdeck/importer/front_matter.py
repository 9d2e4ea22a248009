"""The front matter of a post as the draft's title, subtitle, event, speakers and links."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import unescape
from typing import Any

from .blocks import is_safe_link, tidy
from .draft import Draft
from .people import presenter


def _text(value: Any) -> str | None:
    """A front matter value as one line of text (lists joined), or None when empty."""
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list):
        value = ", ".join(t for t in (_text(v) for v in value) if t)
    text = tidy(unescape(str(value)))
    return text or None


def file_date(name: str) -> dt.date | None:
    """The date a post's file name starts with (``2024-12-08-keynote.md``), if any."""
    return _date(name) if re.match(r"\d{4}-\d{2}-\d{2}(?:\D|$)", name) else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.match(r"\s*(\d{4})[-/](\d{2})[-/](\d{2})", str(value or ""))
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    return None


_EVENT_IN_TITLE = re.compile(
    r"^(?P<event>.+?)\s*[:\-–—]?\s+(?:opening\s+|closing\s+|main\s+|day\s*\d+\s+)?"
    r"(?:keynote|recap|highlights|summary)\b",
    re.I,
)


def read_front_matter(
    draft: Draft, front: dict[str, Any], fallback_title: str, file_date: dt.date | None = None
) -> None:
    """Title, subtitle, event, speakers, credits and links from the front matter.

    ``file_date`` is the date in the post's file name (``2024-12-08-...``), used when the
    front matter gives none.
    """
    draft.title = _text(front.get("title")) or ""
    draft.subtitle = _subtitle(draft, front)
    duration = front.get("duration")
    if isinstance(duration, int) and 1 <= duration <= 600:
        draft.duration = duration
    _event(draft, front)
    if not draft.event.get("date") and file_date is not None:
        draft.event["date"] = file_date
        draft.check("the date in the post's file name; the keynote may have been earlier",
                    "event.date")  # fmt: skip
    _speakers(draft, front.get("speakers") or front.get("speaker") or [])
    _credit(draft, front, fallback_title)
    _links(draft, front)


def _subtitle(draft: Draft, front: dict[str, Any]) -> str | None:
    subtitle = _text(front.get("subtitle"))
    if not subtitle:
        for key in ("description", "desc", "excerpt", "summary"):
            subtitle = _text(front.get(key))
            if subtitle:
                draft.check(f"subtitle taken from the post's '{key}'", "subtitle")
                break
    return subtitle[:300] if subtitle else None


def _event(draft: Draft, front: dict[str, Any]) -> None:
    event = front.get("event") or front.get("conference")
    if isinstance(event, dict):
        draft.event = {
            "name": _text(event.get("name") or event.get("title")),
            "date": _date(event.get("date")),
            "location": _text(event.get("location") or event.get("place")),
            "url": _text(event.get("url") or event.get("link")),
        }
    elif _text(event):
        draft.event = {"name": _text(event)}
    _first_of(draft, front, "location", ("location", "venue", "city"), _text)
    _first_of(draft, front, "date", ("event_date", "keynote_date", "talk_date"), _date)
    if not draft.event.get("date") and _date(front.get("date")):
        draft.event["date"] = _date(front.get("date"))
        draft.check("the post's date; the keynote may have been earlier", "event.date")
    if draft.event.get("url") and not is_safe_link(str(draft.event["url"])):
        draft.event["url"] = None


def _first_of(
    draft: Draft,
    front: dict[str, Any],
    field: str,
    keys: tuple[str, ...],
    read: Callable[[Any], object],
) -> None:
    """Fill ``event.<field>`` from the first of ``keys`` that holds a usable value."""
    for key in keys:
        value = read(front.get(key))
        if not draft.event.get(field) and value:
            draft.event[field] = value


def _speakers(draft: Draft, people: Any) -> None:
    for person in people if isinstance(people, list) else [people]:
        if isinstance(person, dict) and _text(person.get("name")):
            draft.speaker(
                _text(person.get("name")) or "",
                _text(person.get("role") or person.get("title")),
                _text(person.get("company") or person.get("organization")),
                "the post's front matter",
            )
        elif _text(person):
            draft.speaker(_text(person) or "", None, None, "the post's front matter")


def _credit(draft: Draft, front: dict[str, Any], fallback_title: str) -> None:
    author = front.get("author") or front.get("authors")
    if isinstance(author, dict):
        author = author.get("name")
    author_text = _text(author)
    line = f"Based on the post “{draft.title or fallback_title}”"
    line += f" by {author_text}." if author_text else "."
    draft.credits.append(line)
    draft.check("add the post's author, licence and link to the credits", "credits")


def _links(draft: Draft, front: dict[str, Any]) -> None:
    for key in ("canonical_url", "url", "permalink", "link"):
        url = _text(front.get(key))
        if url and url.startswith(("http://", "https://")):
            draft.add_reference(f"The post: {draft.title}", url, "")
            break
    for key in ("video", "youtube", "recording"):
        url = _text(front.get(key))
        if url:
            if "://" not in url:
                url = f"https://www.youtube.com/watch?v={url}"
            draft.add_reference("Keynote video", url, "")


def guess_event(draft: Draft) -> str | None:
    """Fill in the event's name from the title when the front matter has none; return the
    id of the speaker the title names ("... Keynote by Peter DeSantis"), if any."""
    title = draft.title
    who = presenter(title)
    main = None
    if who and who.by:
        main = draft.speaker(who.name, who.role, who.company, "the post's title")
    if draft.event.get("name"):
        return main
    match = _EVENT_IN_TITLE.match(title)
    name = match.group("event").strip(" :-–—") if match else ""
    if not name:
        at = re.search(r"\b(?:at|from)\s+([A-Z][^:(\-–—]+)", title)
        name = at.group(1).strip() if at else ""
    if not name:
        name = _part_with_year(title)
    draft.event["name"] = name or title
    draft.check(
        "event name guessed from the post's title" if name else "the conference's name?",
        "event.name",
    )
    return main


def _part_with_year(title: str) -> str:
    """The part of a title that names a conference and its year: "Platform and Tools for the
    AI Era - Microsoft Build 2023" gives "Microsoft Build 2023"."""
    for part in re.split(r"\s+[-–—|]\s+|:\s+", title):
        words = part.split()
        if re.search(r"\b(?:19|20)\d\d\b", part) and 2 <= len(words) <= 6 and part[:1].isupper():
            return part.strip()
    return ""
