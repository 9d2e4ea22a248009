"""Reusing the handout's fragments: a block of a handout template (one slide's section, the
header, the run sheet) whose inputs are unchanged since the last render is not rendered again.

A fragment is what one call of a template block wrote. It depends on the template's code, on
the render's context (the deck's facts, the run sheet, the theme's colours and fonts: hashed
once per render as the *deck key*) and on the block's own variables (``e``, the slide it
shows, and ``loop``, its place among the slides and its neighbours). The fragments of the last
render of each handout format are kept as a :class:`FragmentSet`, with the text of every
template that render loaded; a set is used only while all of those texts are unchanged. Since
a render is deterministic, a block given the same template texts, context and variables loads
the same templates and writes the same text, so the handout stays byte for byte what a cold
render writes.

Templates that carry state from one block call to the next (``namespace()``, ``cycler()``,
``joiner()``, ``loop.changed()``) would not: with any of those among the loaded templates, no
fragment is kept. A slide's place in the outline (``e.slide.location``) counts only when a
template mentions ``location`` other than the event's ``meta.location``, so adding a line to
the outline re-renders only the slides whose text changed.

Sets live in memory for a session (watch mode, ``serve``) and in the cache folder between
processes, beside the rendered slides.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2
from jinja2.runtime import LoopContext, Macro

from ..cache import ImageCache, KeptEntries, code_fingerprint

Own = tuple[tuple[str, str, str], ...]
"""A block call's own variables: name, digest, digest with the slide's place in the outline."""

FRAGMENTS_FOLDER = "handouts"
"""The cache folder's sub-folder of handout fragments."""
FRAGMENTS_LIMIT = 100_000_000
"""Bytes the kept fragment sets may take."""
_KIND = "fragments"
_FORMAT = 3
_STATEFUL = re.compile(r"\b(namespace|cycler|joiner)\s*\(|\.changed\s*\(")
_LOCATION = re.compile(r"(?<!meta\.)\blocation\b")


Fragment = tuple[str, tuple[tuple[int, str], ...]]
"""A fragment as kept: its text without the pictures it shows, and where each picture goes
(position in that text, digest of its data URI)."""


@dataclass
class FragmentSet:
    """The fragments of one render, and the template texts they were rendered from."""

    sources: dict[str, str]
    """Template name → SHA-256 of its text, for every template the render loaded."""
    uses_location: bool
    """Whether a loaded template may read a slide's place in the outline."""
    fragments: dict[str, Fragment] = field(default_factory=dict)
    """Fragment key → fragment."""

    def to_pieces(self) -> list[bytes]:
        """The set as stored in the cache folder, in pieces: a line of JSON (the templates'
        texts, each fragment's key, length and pictures), then the fragments' UTF-8 one after
        the other."""
        texts = [text.encode("utf-8", "surrogatepass") for text, _ in self.fragments.values()]
        listed = [
            [key, len(data), [list(at) for at in pictures]]
            for (key, (_, pictures)), data in zip(self.fragments.items(), texts, strict=True)
        ]
        facts = {
            "format": _FORMAT,
            "sources": self.sources,
            "uses_location": self.uses_location,
            "fragments": listed,
        }
        return [json.dumps(facts, separators=(",", ":")).encode("ascii") + b"\n", *texts]

    @classmethod
    def from_bytes(cls, data: bytes) -> FragmentSet | None:
        """A set read back, or None when it is not one this version wrote."""
        try:
            line, _, rest = data.partition(b"\n")
            facts = json.loads(line)
            if facts.get("format") != _FORMAT:
                return None
            sources, listed = facts["sources"], facts["fragments"]
            if not _str_map(sources) or sum(size for _, size, _ in listed) != len(rest):
                return None
            fragments: dict[str, Fragment] = {}
            at, view = 0, memoryview(rest)
            for key, size, pictures in listed:
                text = str(view[at : at + size], "utf-8", "surrogatepass")
                fragments[str(key)] = (text, tuple((int(p), str(d)) for p, d in pictures))
                at += size
            return cls(sources, bool(facts["uses_location"]), fragments)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def _str_map(value: Any) -> bool:  # a JSON object of strings
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


class Pictures:
    """The data URIs a render's context holds (screenshots, slide thumbnails), by digest: a
    fragment is kept without them, so that a kept set is a small fraction of an illustrated
    HTML handout, and gets them back when it is used."""

    _PREFIX = 160
    """Characters of a data URI that tell it from the others (PNG headers are alike)."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        from .handout import HandoutEntry

        uris: list[str] = []
        for entry in context.get("entries", ()):
            if isinstance(entry, HandoutEntry):
                uris += [entry.thumbnail] if entry.thumbnail else []
        for images in {id(e.images): e.images for e in context.get("entries", ())}.values():
            uris += [uri for _, uri in sorted(images.items())]
        self.by_digest: dict[str, str] = {}
        self.digest_of: dict[int, str] = {}
        self._starts: dict[str, list[tuple[str, str]]] = {}
        for uri in uris:
            if id(uri) in self.digest_of or not uri.startswith("data:"):
                continue
            digest = _sha(uri)
            self.digest_of[id(uri)] = digest
            if digest not in self.by_digest and len(uri) >= self._PREFIX:  # short ones stay
                self.by_digest[digest] = uri
                self._starts.setdefault(uri[: self._PREFIX], []).append((uri, digest))

    def take_out(self, text: str) -> Fragment:
        """``text`` without the data URIs of this table, and where they were."""
        if not self._starts:
            return text, ()
        kept: list[str] = []
        found: list[tuple[int, str]] = []
        size = at = 0
        while (start := text.find("data:", at)) >= 0:
            for uri, digest in self._starts.get(text[start : start + self._PREFIX], ()):
                if text.startswith(uri, start):
                    kept.append(text[at:start])
                    size += start - at
                    found.append((size, digest))
                    at = start + len(uri)
                    break
            else:
                kept.append(text[at : start + 5])
                size += start + 5 - at
                at = start + 5
        if not found:
            return text, ()
        kept.append(text[at:])
        return "".join(kept), tuple(found)

    def put_back(self, fragment: Fragment) -> str | None:
        """The text of ``fragment`` with its pictures; None when one is not in this table."""
        text, found = fragment
        if not found:
            return text
        pieces: list[str] = []
        at = 0
        for position, digest in found:
            uri = self.by_digest.get(digest)
            if uri is None:
                return None
            pieces += [text[at:position], uri]
            at = position
        pieces.append(text[at:])
        return "".join(pieces)


class FragmentStore(KeptEntries[FragmentSet]):
    """Fragment sets by deck key: the last ``limit`` in memory, all in the cache folder."""

    kind = _KIND

    def __init__(self, cache: ImageCache | None, *, limit: int = 8) -> None:
        super().__init__(cache, entries=FRAGMENTS_FOLDER, size=FRAGMENTS_LIMIT, limit=limit)
        self.reused: dict[str, int] = {}
        """Fragments taken from a set by the last render of each template, by its name."""
        self.rendered: dict[str, int] = {}
        """Blocks rendered anew by the last render of each template, by its name."""

    def session(
        self, name: str, context: Mapping[str, Any], loader: RecordingLoader
    ) -> FragmentSession:
        """One render of the template ``name`` with ``context``, whose templates come through
        ``loader``."""
        self.reused[name] = self.rendered[name] = 0
        pictures = Pictures(context)
        return FragmentSession(self, name, deck_key(name, context, pictures), loader, pictures)

    def encode(self, value: FragmentSet) -> list[bytes]:
        return value.to_pieces()

    def decode(self, data: bytes) -> FragmentSet | None:
        return FragmentSet.from_bytes(data)


class RecordingLoader(jinja2.BaseLoader):
    """A loader that notes the text of every template it gives out."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner
        self.seen: dict[str, str] = {}
        """Template name → SHA-256 of its text."""
        self.stateful = False
        self.uses_location = False

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        self.seen[template] = _sha(source)
        self.stateful = self.stateful or bool(_STATEFUL.search(source))
        self.uses_location = self.uses_location or bool(_LOCATION.search(source))
        return source, filename, uptodate

    def unchanged(self, environment: jinja2.Environment, sources: Mapping[str, str]) -> bool:
        """Whether every template in ``sources`` still has the text noted there."""
        for name, digest in sources.items():
            try:
                source = self.inner.get_source(environment, name)[0]
            except (jinja2.TemplateError, OSError):
                return False
            if _sha(source) != digest:
                return False
        return True


class FragmentSession:
    """One render's use of a :class:`FragmentStore`."""

    def __init__(
        self,
        store: FragmentStore,
        name: str,
        key: str,
        loader: RecordingLoader,
        pictures: Pictures,
    ) -> None:
        self._store = store
        self._name = name
        self._key = key
        self._loader = loader
        self._pictures = pictures
        self._previous: FragmentSet | None = None
        self._written: list[tuple[str, Own, Fragment]] = []
        """Each block call: its block, variables and fragment."""
        self._reused = 0
        self._top: dict[str, Any] = {}
        self._digests: dict[int, tuple[Any, tuple[str, str]]] = {}

    def start(self, environment: jinja2.Environment, top: Mapping[str, Any]) -> None:
        """Before rendering: find the last render's set, if its templates are unchanged."""
        self._top = dict(top)
        found = self._store.get(self._key)
        if found is not None and self._loader.unchanged(environment, found.sources):
            self._previous = found

    def wrap(self, template: jinja2.Template) -> None:
        """Make each block of ``template`` reuse its fragments (once per template object)."""
        if getattr(template, "_recapdeck_fragments", None) is self:
            return
        template._recapdeck_fragments = self  # type: ignore[attr-defined]
        for name, render in list(template.blocks.items()):
            template.blocks[name] = self._block(f"{template.name}\0{name}", render)

    def _block(
        self, block: str, render: Callable[[Any], Iterator[str]]
    ) -> Callable[[Any], Iterator[str]]:
        def reusing(context: Any) -> Iterator[str]:
            # digested now: a loop's place and neighbours move on once the block is written
            own = self._own(context)
            previous = self._previous
            if previous is not None:
                key = _fragment_key(block, own, uses_location=previous.uses_location)
                fragment = previous.fragments.get(key)
                text = None if fragment is None else self._pictures.put_back(fragment)
                if fragment is not None and text is not None:
                    self._reused += 1
                    self._written.append((block, own, fragment))
                    yield text
                    return
            parts = []
            for part in render(context):
                parts.append(part)
                yield part
            # kept without its pictures at once: those are most of an illustrated handout
            self._written.append((block, own, self._pictures.take_out("".join(parts))))

        return reusing

    def finish(self) -> None:
        """After a render that went through: keep its fragments for the next one."""
        loader = self._loader
        self._store.reused[self._name] = self._reused
        self._store.rendered[self._name] = len(self._written) - self._reused
        if not loader.stateful:
            kept = FragmentSet(dict(loader.seen), loader.uses_location)
            for block, own, fragment in self._written:
                key = _fragment_key(block, own, uses_location=kept.uses_location)
                kept.fragments[key] = fragment
            previous = self._previous
            changed = previous is None or previous.fragments != kept.fragments
            self._store.put(self._key, kept, write=changed)  # unchanged: on disk already
        self.close()

    def close(self) -> None:
        """Let go of what this render held (its templates refer to it until they are
        collected)."""
        self._written = []
        self._previous = None
        self._digests = {}
        self._top = {}

    def _own(self, context: Any) -> Own:
        """The variables a block call sees that the whole render does not share, digested:
        name, digest without the slide's place in the outline, digest with it."""
        top = self._top
        own = [
            (name, *self._digests_of(value))
            for scope in (context.parent, context.vars)
            for name, value in scope.items()
            if not (name in top and top[name] is value)
        ]
        return tuple(sorted(own))

    def _digests_of(self, value: Any) -> tuple[str, str]:
        if isinstance(value, LoopContext):
            near = [
                self._digests_of(item) if not isinstance(item, jinja2.Undefined) else ("", "")
                for item in (value.previtem, value.nextitem)
            ]
            place = ("loop", str(value.index0), str(value.length))
            return (
                ImageCache.key(*place, near[0][0], near[1][0]),
                ImageCache.key(*place, near[0][1], near[1][1]),
            )
        if isinstance(value, Macro | jinja2.Undefined) or callable(value):
            name = type(value).__name__  # the templates' texts and the code cover these
            return name, name
        found = self._digests.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        without = _sha(_text_of(value, self._pictures))
        digests = without, ImageCache.key(without, repr(_location_of(value)))
        self._digests[id(value)] = (value, digests)
        return digests


def _fragment_key(block: str, own: Own, *, uses_location: bool) -> str:
    parts = [block]
    for name, without, with_location in own:
        parts += [name, with_location if uses_location else without]
    return ImageCache.key(*parts)


def _text_of(value: Any, pictures: Pictures) -> str:
    """What a block variable is, as text: the entries of :mod:`.handout` without their shared
    screenshot map (part of the deck key) and their place in the outline (see
    :func:`_location_of`), their thumbnail by its digest."""
    from .handout import HandoutEntry

    if isinstance(value, HandoutEntry):
        thumbnail = value.thumbnail and pictures.digest_of.get(id(value.thumbnail))
        return repr((replace(value.slide, location=None), value.time, thumbnail))
    return repr(value)


def _location_of(value: Any) -> Any:
    """A handout entry's place in the outline; None for anything else."""
    from .handout import HandoutEntry

    return value.slide.location if isinstance(value, HandoutEntry) else None


def deck_key(name: str, context: Mapping[str, Any], pictures: Pictures) -> str:
    """What every fragment of a render of ``name`` with ``context`` depends on, hashed: the
    code, the template's name, and every value of the context (functions by name: the deck's
    language, in the context too, decides what they do) and the screenshots the entries show
    (hashed one by one: together they can be as large as the deck)."""
    parts = [code_fingerprint(), jinja2.__version__, name]
    for key in sorted(context):
        value = context[key]
        if key == "entries":
            parts.append(key)
            for images in {id(e.images): e.images for e in value}.values():
                parts += [
                    f"{path}\0{pictures.digest_of.get(id(uri)) or _sha(uri)}"
                    for path, uri in sorted(images.items())
                ]
        elif callable(value):
            parts += [key, "callable"]
        else:
            parts += [key, repr(value)]
    return ImageCache.key(*parts)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
