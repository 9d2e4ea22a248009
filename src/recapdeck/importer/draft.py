"""The outline draft ``recapdeck import`` builds: plain data with the guesses it made.

Each object keeps ``checks``, the guesses made about it, which :mod:`.yaml_out` writes
as ``# check:`` comments above the value. The draft also keeps the rosters that several parts
of the post add to: speakers (by id), announcements (by name) and references (by URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .blocks import Image, Inline, Link, is_safe_link, tidy
from .launches import NewMark, status_of
from .people import slug
from .text import capitalize, full_stop, split_sentences, words


@dataclass
class _Checked:
    checks: list[tuple[str, str]] = field(default_factory=list, kw_only=True)

    def check(self, message: str, key: str = "") -> None:
        """Record a guess about ``key`` (or the whole item) for a ``# check:`` comment."""
        if (key, message) not in self.checks:
            self.checks.append((key, message))


@dataclass
class DSpeaker(_Checked):
    id: str
    name: str
    role: str | None = None
    company: str | None = None


@dataclass
class DShot(_Checked):
    image: Image


@dataclass
class DPoint:
    text: str
    points: list[str] = field(default_factory=list)


@dataclass
class DHighlight(_Checked):
    title: str
    points: list[DPoint] = field(default_factory=list)
    screenshots: list[DShot] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new: bool = False

    @property
    def empty(self) -> bool:
        return not self.points and not self.screenshots


@dataclass
class DQuote(_Checked):
    text: str
    speaker: str | None


@dataclass
class DSegment(_Checked):
    title: str
    speaker: str | None = None
    notes: list[str] = field(default_factory=list)
    highlights: list[DHighlight] = field(default_factory=list)
    quotes: list[DQuote] = field(default_factory=list)


@dataclass
class DAnnouncement(_Checked):
    name: str
    summary: str | None = None
    status: str | None = None


@dataclass
class DReference(_Checked):
    title: str
    url: str


@dataclass
class DSummary:
    text: str
    notes: str | None = None


@dataclass
class Draft(_Checked):
    """An outline as the importer found it, with its guesses (keys are top-level fields)."""

    title: str = ""
    subtitle: str | None = None
    event: dict[str, Any] = field(default_factory=dict)
    speakers: list[DSpeaker] = field(default_factory=list)
    summary: list[DSummary] = field(default_factory=list)
    segments: list[DSegment] = field(default_factory=list)
    announcements: list[DAnnouncement] = field(default_factory=list)
    references: list[DReference] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    duration: int | None = None
    """Minutes of the recap talk, when the post or the user gives them."""
    notices: list[str] = field(default_factory=list)
    """Things to tell the user at the top of the file: what the post says about itself,
    template tags and links that could not be used."""

    def speaker(self, name: str, role: str | None, company: str | None, source: str) -> str:
        key = slug(name)
        for person in self.speakers:
            if person.id == key or slug(person.name) == key:
                if (role and not person.role) or (company and not person.company):
                    person.check(f"role and company taken from {source}", "role")
                person.role = person.role or role
                person.company = person.company or company
                return person.id
        sid = key or f"speaker-{len(self.speakers) + 1}"
        taken = {p.id for p in self.speakers}
        n = 2
        while sid in taken:
            sid = f"{key}-{n}"
            n += 1
        person = DSpeaker(sid, name, role, company)
        person.check(f"speaker guessed from {source}")
        if role or company:
            person.check("role and company come from the same place; complete them", "role")
        self.speakers.append(person)
        return sid

    def known_speaker(self, name: str) -> str | None:
        key = slug(name)
        return next((p.id for p in self.speakers if p.id == key), None)

    def announce(self, mark: NewMark, highlight: DHighlight, *, child: bool = False) -> None:
        """Add a launch to ``announcements`` and mark ``highlight`` new.

        ``child``: the mark is in a sub-bullet, so the highlight is new only when it is
        about that launch (its title names it), never because one of its points is.
        """
        title, name = highlight.title.lower(), mark.name.lower()
        if not child or (title and (name in title or title in name)):
            highlight.new = True
        for known in self.announcements:
            if known.name.lower() == mark.name.lower():
                known.summary = known.summary or mark.summary or None
                known.status = known.status or mark.status
                return
        item = DAnnouncement(mark.name[:300], mark.summary or None, mark.status)
        if mark.doubtful:
            item.check('marked "new" in lower case in the post; is it a launch?')
        if mark.status:
            item.check(f'status guessed from the word "{mark.status}" in the post', "status")
        self.announcements.append(item)

    def announce_guess(
        self, name: str, highlight: DHighlight, text: str, *, in_list: bool = False
    ) -> None:
        """A launch the text speaks of; ``in_list``: one of several names in a sentence, so
        the words after it describe the others too (no summary, status from the name)."""
        low = name.lower()
        if any(low in a.name.lower() or a.name.lower() in low for a in self.announcements):
            return  # "10p10u" when "10p10u network" is known
        sentence = next((s for s in split_sentences(text) if name in s), "")
        after = sentence.split(name, 1)[-1].lstrip(" ,")
        clause = re.split(r",\s+and\s+|;\s+|\s+and\s+(?=[A-Z])", after)[0]
        summary = full_stop(capitalize(clause)) if words(clause) >= 3 else None
        if re.match(r"(?:was|were|is|are|has|have)\b", clause):
            summary = None  # "X was announced": the sentence is about the launch, not X
        if in_list:
            summary, clause = None, name
        item = DAnnouncement(name, summary, status_of(clause))
        if item.status:
            item.check(f'status guessed from the word "{item.status}" in the post', "status")
        item.check(f'guessed from "{sentence[:80]}"; is it a launch?')
        self.announcements.append(item)
        highlight.new = True
        highlight.check("marked new because the post says it was announced", "new")

    def link_reference(self, link: Link, context: str) -> None:
        if not is_safe_link(link.href) or link.href.lower().startswith("mailto:"):
            self.notices.append(
                f'a link that is not a web address was left out: "{link.text}" ({link.href})'
            )
            return
        title = link.text
        if title.startswith(("http://", "https://")):
            title = re.sub(r"^https?://(www\.)?", "", title).split("/")[0]
        self.add_reference(title, link.href, "")

    def add_reference(self, title: str, url: str, check: str) -> None:
        if any(r.url == url for r in self.references):
            return
        reference = DReference(short_title(title or url), url)
        if check:
            reference.check(check)
        self.references.append(reference)

    def note_extras(self, inline: Inline) -> None:
        for tag in inline.tags:
            self.notices.append(f"a template tag was not understood and is left out: {tag}")
        for video in inline.videos:
            self.add_reference(video.text, video.href, "a video embedded in the post")


def short_title(text: str) -> str:
    """``text`` on one line, cut to fit a title."""
    text = tidy(text)
    return text if len(text) <= 200 else text[:199].rstrip() + "…"


def credit(text: str) -> str:
    """A copyright note as a credit line: no "Note:" in front, a full stop at the end."""
    return full_stop(re.sub(r"^(?:note|notice|nb)\s*:\s*", "", tidy(text), flags=re.I))
