"""Launches in a post: lead-ins (``**X:** text``), ``New **X**`` marks, statuses, names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Link, Piece, tidy
from .people import PROFILE_LINK
from .text import (
    NOT_NAMES,
    capitalize,
    full_stop,
    heading_kind,
    split_sentences,
    strip_md,
    title_text,
    words,
)


@dataclass(frozen=True)
class Lead:
    """How a bullet starts: its title and the rest, and whether it is ``New **X**``."""

    title: str
    rest: tuple[Piece, ...]
    new: bool = False


_NEW_WORD = re.compile(r"^\s*(?:\(new\)|\[new\]|new)\s*[:!\-–—]?\s*$", re.I)
_NEW_BEFORE = re.compile(r"(?:^|[\s(\[])(?:\(new\)|\[new\]|new)\s*[:!]?\s*$", re.I)
_NEW_INSIDE = re.compile(r"^\s*(?:\(new\)|\[new\]|new:)\s*", re.I)
_AFTER_LEAD = re.compile(r"^\s*(?::|[-–—]\s)\s*")


def _trim(pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    out = list(pieces)
    while out and out[0].kind == "text" and not out[0].plain.strip():
        out.pop(0)
    while out and out[-1].kind == "text" and not out[-1].plain.strip():
        out.pop()
    return tuple(out)


def _drop_prefix(pieces: tuple[Piece, ...], pattern: re.Pattern[str]) -> tuple[Piece, ...]:
    if pieces and pieces[0].kind == "text":
        first = pieces[0]
        md = pattern.sub("", first.md, count=1)
        plain = pattern.sub("", first.plain, count=1)
        return _trim((Piece("text", md, plain), *pieces[1:]))
    return pieces


def find_lead(pieces: tuple[Piece, ...]) -> Lead | None:
    """The lead-in of a bullet: ``**Title:** text``, ``New **X**: text``, ``Label: text``."""
    ps = _trim(pieces)
    if not ps:
        return None
    new_first = len(ps) >= 2 and ps[0].kind == "text" and _NEW_WORD.match(ps[0].plain)
    if new_first and ps[1].kind == "strong":
        return Lead(title_text(ps[1].plain), _drop_prefix(ps[2:], _AFTER_LEAD), new=True)
    if ps[0].kind == "strong":
        lead = _bold_lead(ps)
        if lead is not None:
            return lead
    return _label_lead(ps)


def _bold_lead(ps: tuple[Piece, ...]) -> Lead | None:
    """``**Title:** text`` or ``**Title** - text``, ``**(New) X**`` marking a launch."""
    inner = ps[0].plain.strip()
    new = bool(_NEW_INSIDE.match(inner))
    title = title_text(_NEW_INSIDE.sub("", inner))
    nxt = ps[1] if len(ps) > 1 else None
    if (
        inner.endswith(":")
        or nxt is None
        or (nxt.kind == "text" and _AFTER_LEAD.match(nxt.plain) and nxt.plain.strip())
    ):
        return Lead(title, _drop_prefix(ps[1:], _AFTER_LEAD), new=new)
    return None


def _label_lead(ps: tuple[Piece, ...]) -> Lead | None:
    """A short plain label ending in a colon: "Key message: ..."."""
    label_plain: list[str] = []
    for i, piece in enumerate(ps):
        if piece.kind == "text":
            match = re.search(r":(?:\s|$)", piece.plain)
            if match:
                label = "".join(label_plain) + piece.plain[: match.start()]
                return _after_label(label, piece, match.end(), ps[i + 1 :])
        label_plain.append(piece.plain)
    return None


def _after_label(label: str, piece: Piece, end: int, following: tuple[Piece, ...]) -> Lead | None:
    if not (1 <= words(label) <= 8 and label.strip()):
        return None
    md_match = re.search(r":(?:\s|$)", piece.md)
    after = piece.md[md_match.end() :] if md_match else ""
    rest = _trim((Piece("text", after, piece.plain[end:]), *following))
    bold = [p for p in rest if p.plain.strip(" :")]
    if len(bold) == 1 and bold[0].kind == "strong":
        # "ReInvent: **Bold bets by Amazon**:" is a title in two parts.
        return Lead(title_text(f"{label}: {bold[0].plain}"), ())
    if rest:
        return Lead(title_text(label), rest)
    return None


@dataclass(frozen=True)
class NewMark:
    """A product marked as new: ``New **X**``; ``doubtful`` when written in lower case."""

    name: str
    summary: str
    status: str | None
    doubtful: bool


def new_marks(pieces: tuple[Piece, ...]) -> list[NewMark]:
    """Every ``New **X**`` / ``(New) **X**`` in ``pieces``, with the words that follow it."""
    marks: list[NewMark] = []
    for i, piece in enumerate(pieces):
        if piece.kind != "strong":
            continue
        inner = piece.plain.strip()
        before = pieces[i - 1].plain if i and pieces[i - 1].kind == "text" else ""
        if _NEW_INSIDE.match(inner):
            name = _NEW_INSIDE.sub("", inner)
            doubtful = False
        elif i and (word := _NEW_BEFORE.search(before)):
            name = inner
            doubtful = "new" in word.group(0)  # written in lower case
        else:
            continue
        name = title_text(name)
        if not name:
            continue
        following = "".join(p.md for p in pieces[i + 1 :])
        sentences = split_sentences(following)
        summary = sentences[0] if sentences else ""
        summary = re.sub(r"^[\s,:;\-–—]+", "", summary).strip()
        whole = strip_md(before + " " + inner + " " + summary)
        marks.append(NewMark(name, full_stop(capitalize(summary)), status_of(whole), doubtful))
    return marks


_STATUSES = (
    ("preview", re.compile(r"\bpreview\b", re.I)),
    ("beta", re.compile(r"\bbeta\b", re.I)),
    ("generally available", re.compile(r"\bgenerally available\b|\bgeneral availability\b|\bGA\b")),
    ("coming soon", re.compile(r"\bcoming soon\b", re.I)),
    ("open source", re.compile(r"\bopen[- ]sourced?\b", re.I)),
    ("available", re.compile(r"\b(?:now available|available (?:today|now))\b", re.I)),
)


def status_of(text: str) -> str | None:
    """A launch status named in ``text``: preview, beta, generally available, coming soon,
    open source or available."""
    return next((status for status, pattern in _STATUSES if pattern.search(text)), None)


_LAUNCH_WORDS = re.compile(
    r"\b(?:announc\w*|launch\w*|introduc\w*|unveil\w*|now available|"
    r"generally available|GA|preview|beta|coming soon|open[- ]sourced?)\b",
)


def sounds_like_launch(text: str) -> bool:
    """True when ``text`` uses the language of launches ("now in preview", "introducing")."""
    return bool(_LAUNCH_WORDS.search(text)) or status_of(text) is not None


_NAME = (
    r"((?:[A-Z][\w.+#-]*|\d+[A-Za-z][\w.+#-]*)"
    r"(?:\s+(?:of\s+|for\s+|on\s+)?(?:[A-Z0-9][\w.+#-]*))*)"
)
_ANNOUNCED = re.compile(
    r"\b(?:announced|unveiled|launched|introduced|introducing|open-sourced|released)\s+"
    r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[Nn]ew\s+)?" + _NAME
)
_WAS_ANNOUNCED = re.compile(
    _NAME + r"\s+(?:was|were|is|are|has been|have been)\s+(?:now\s+|also\s+)?"
    r"(?:announced|launched|unveiled|released|introduced|open[- ]sourced|generally available|"
    r"available|in preview|in beta|coming soon)\b"
)


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those"}


def announced_names(text: str) -> list[str]:
    """Capitalised names the text says were launched: "announced X", "X is now generally
    available", "X was open-sourced"."""
    names = []
    for pattern in (_ANNOUNCED, _WAS_ANNOUNCED):
        for match in pattern.finditer(text):
            name = re.sub(r"^(?:The|A|An|Our|Its)\s+", "", match.group(1).rstrip(".,"))
            first = name.split()[0].lower() if name else ""
            if 1 <= words(name) <= 6 and name.lower() not in NOT_NAMES and first not in _PRONOUNS:
                names.append(name)
    return list(dict.fromkeys(names))


def looks_like_product(text: str) -> bool:
    """True for a short capitalised name such as "Nimbus Lens" or "Quartz DB"."""
    ws = text.split()
    if not 1 <= len(ws) <= 8 or heading_kind(text) or ":" in text or ws[0] in ("The", "A"):
        return False  # "The Scale-Up Challenge: Trainium2 Unveiled" is a story's title
    named = [w for w in ws if not w[:1].isdigit()]  # "19" in "React 19 RC" counts neither way
    capitals = sum(1 for w in named if w[:1].isupper())
    return capitals * 2 > len(named) and ws[0][:1].isupper()


_STATUS_SUFFIX = re.compile(
    r"\s*(?:\((?:beta|preview|GA|generally available|coming soon|new)\)|"
    r"[,:\-–—]\s*(?:beta|preview|GA|generally available|coming soon|now available))\s*$",
    re.I,
)


def without_status(name: str) -> str:
    """``Nimbus Pulse (beta)`` or ``Nimbus Relay, GA`` without the status."""
    return _STATUS_SUFFIX.sub("", name).strip()


_LAUNCH_ANY_LANGUAGE = re.compile(
    r"\b(?:announc\w*|launch\w*|introduc\w*|unveil\w*|releas\w*|open[- ]sourced?)\b"
    r"|発表|リリース|公開|オープンソース|annonc\w*|angekündigt|vorgestellt|anunci\w*|lanzamiento",
    re.I,
)
"""Words of launches in English and in the languages recap posts are often translated into
(Japanese, French, German, Spanish): in a sentence with one, linked product names launched."""
_SENTENCE_END = re.compile(r"[。.!?！？]\s*")


def launched_links(plain: str, links: tuple[Link, ...]) -> list[str]:
    """Product names linked in a sentence that speaks of launching them: "React Conf 2024 では、
    [React 19 RC](...)、[React Compiler](...) を発表しました", "We announced [X](...)"."""
    names: list[str] = []
    for link in links:
        name = tidy(link.text)
        start = plain.find(name)
        if start < 0 or not looks_like_product(name) or PROFILE_LINK.search(link.href):
            continue  # a link to someone's profile names a person, not a product
        ends = [m.end() for m in _SENTENCE_END.finditer(plain, 0, start)]
        stop = _SENTENCE_END.search(plain, start + len(name))
        sentence = plain[ends[-1] if ends else 0 : stop.start() if stop else len(plain)]
        if _LAUNCH_ANY_LANGUAGE.search(sentence):
            names.append(name)
    return list(dict.fromkeys(names))
