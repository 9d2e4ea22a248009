"""Captions: read WebVTT or SRT, undo rolling auto-captions, give each slide what was said.

Files are parsed by webvtt-py (which also strips the inline ``<c>`` and timing tags).
YouTube's auto-captions roll: every cue repeats the line before it, and a 10 ms cue repeats
the line just finished; :func:`spoken_lines` keeps each line once, at the time it was first
said. :func:`notes_for` condenses the words said while a slide was on screen to a few sentences.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem, RecapdeckError

MAX_CAPTION_BYTES = 20_000_000


@dataclass(frozen=True)
class Line:
    """One line of speech and when it started and ended, in seconds."""

    start: float
    end: float
    text: str


def read_captions(path: Path) -> tuple[Line, ...]:
    """The de-duplicated spoken lines of a .vtt or .srt file; raise RecapdeckError if not one."""
    import webvtt
    import webvtt.errors

    def bad(message: str) -> RecapdeckError:
        return RecapdeckError(Problem(Location(path), message))

    if not path.is_file():
        raise bad("no such captions file; check the path given to --captions")
    if path.stat().st_size > MAX_CAPTION_BYTES:
        raise bad("is larger than 20 MB; is it really a captions file (.vtt or .srt)?")
    try:
        head = path.read_bytes()[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bad(
            "is not a text file, so not captions; give WebVTT (.vtt) or SubRip (.srt) captions"
        ) from None
    try:
        if head.lstrip().startswith("WEBVTT"):
            captions = webvtt.read(str(path)).captions
        elif path.suffix.lower() == ".vtt":
            raise bad("does not start with 'WEBVTT', so it is not WebVTT captions")
        else:
            captions = webvtt.from_srt(str(path)).captions
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as exc:
        kind = "WebVTT" if head.lstrip().startswith("WEBVTT") else "SubRip (.srt)"
        raise bad(
            f"is not valid {kind} captions ({exc}); give WebVTT (.vtt) or SubRip (.srt) captions"
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad(f"cannot be read as captions ({exc}); give a UTF-8 .vtt or .srt file") from None
    cues = [(_seconds(c.start), _seconds(c.end), c.text) for c in captions]
    lines = spoken_lines(cues)
    if not lines:
        raise bad("holds no spoken text; is it the right captions file?")
    return lines


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    value = 0.0
    for part in parts:
        value = value * 60 + float(part)
    return value


_TAG = re.compile(r"<[^>]*>")


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def spoken_lines(cues: list[tuple[float, float, str]]) -> tuple[Line, ...]:
    """Each line said once: drop the lines rolling captions repeat, join lines that grow."""
    out: list[Line] = []
    recent: list[str] = []
    for start, end, text in sorted(cues, key=lambda c: (c[0], c[1])):
        for raw in text.split("\n"):
            line = _clean(raw)
            if not line or line in recent:
                continue
            if out and recent and line.startswith(recent[-1] + " "):
                # a line that grows word by word: keep the longer one, from the first time
                grown = Line(out[-1].start, max(out[-1].end, end), line)
                out[-1] = grown
                recent[-1] = line
                continue
            out.append(Line(start, end, line))
            recent = [*recent[-3:], line]
    return tuple(out)


def words_between(lines: tuple[Line, ...], start: float, end: float) -> str:
    """The text of the lines whose middle falls in [start, end).

    The middle, not the start: a line begun just before a slide change is mostly about the
    slide that follows, and detection places a change up to a sample late.
    """
    return " ".join(line.text for line in lines if start <= (line.start + line.end) / 2 < end)


_STOP_TEXT = (
    "a an and are as at be but by for from has have i in is it its of on or our so that the "
    "their there this to was we were what which with you your they it's we're that's just "
    "really very can will would about into all more one also"
)
_STOP = frozenset(_STOP_TEXT.split())
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")


def notes_for(text: str, *, sentences: int = 4, plain_words: int = 60) -> str:
    """``text`` condensed to its ``sentences`` most telling sentences, in their order.

    Auto-captions have no punctuation; their words are cut into pieces of about 20 words
    instead, and a text of at most ``plain_words`` words is kept whole.
    """
    words = text.split()
    if not words:
        return ""
    if len(words) <= plain_words:
        return _sentence_case(text)
    pieces = _SENTENCE.split(text)
    if len(pieces) <= 1:
        pieces = [" ".join(words[i : i + 20]) for i in range(0, len(words), 20)]
    if len(pieces) <= sentences:
        return _sentence_case(text)
    counts = Counter(w for w in (_word(x) for x in words) if w and w not in _STOP)

    def weight(piece: str) -> float:
        found = [_word(x) for x in piece.split()]
        total = sum(counts[w] for w in found if w and w not in _STOP)
        return total / math.sqrt(max(1, len(found)))

    ranked = sorted(range(len(pieces)), key=lambda i: (-weight(pieces[i]), i))[:sentences]
    chosen = [pieces[i].strip() for i in sorted(ranked)]
    if not _SENTENCE.search(text):
        chosen = [f"{_sentence_case(p)}…" for p in chosen]
        return " ".join(chosen)
    return " ".join(chosen)


def _word(token: str) -> str:
    return re.sub(r"[^\w'-]", "", token.lower())


def _sentence_case(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]
