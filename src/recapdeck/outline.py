"""The outline schema (what users write in YAML) and :func:`load_outline`."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
)

from ._schema import kind_of, problem_order, schema_problems
from ._yaml import PathKey, YamlDocument, dotted, read_yaml
from .errors import BuildWarning, Location, Problem, RecapdeckError, suggest
from .images import ImageInfo, probe_image
from .markup import link_checker, unsafe_links
from .theme import builtin_themes_dir

MAX_TITLE = 300
MAX_TEXT = 2_000
MAX_NOTES = 20_000

_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_LINK_SCHEMES = ("http://", "https://", "mailto:")


class _Model(BaseModel):
    """Base of every outline object: strict keys, immutable, remembers its YAML location."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )
    _loc: Location | None = PrivateAttr(default=None)

    @property
    def where(self) -> Location | None:
        """Where this object starts in the outline file (None for in-memory outlines)."""
        return self._loc


Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Notes = Annotated[str, Field(max_length=MAX_NOTES)]


def _check_url(value: str) -> str:
    if not value.startswith(_LINK_SCHEMES):
        raise ValueError(f"'{value}' is not a link; use a full http:// or https:// address")
    return value


Link = Annotated[str, Field(max_length=2_000), AfterValidator(_check_url)]


def _text_item(value: Any) -> Any:
    """Accept a plain string where an object with a ``text`` field is expected."""
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if key not in ("text", "points", "notes") and isinstance(inner, str | None):
            raise ValueError(
                f"this item was read as a mapping because it contains ': '; quote it: "
                f'- "{key}: {inner or ""}"'
            )
    return value


def _name_item(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class Event(_Model):
    """The conference the keynote belongs to."""

    name: Title
    date: dt.date | None = None
    location: Title | None = None
    url: Link | None = None


class RecapBy(_Model):
    """Who gives the recap talk."""

    name: Title
    team: Title | None = None


class Speaker(_Model):
    """A person on stage, referred to by ``id`` from segments and quotes."""

    id: Annotated[str, Field(pattern=_ID_PATTERN, max_length=64)]
    name: Title
    role: Title | None = None
    company: Title | None = None
    photo: str | None = None
    _image: ImageInfo | None = PrivateAttr(default=None)

    @property
    def image(self) -> ImageInfo | None:
        """The probed photo, or None when there is none or it is missing."""
        return self._image


class SummaryItem(_Model):
    """One key takeaway."""

    text: Text
    notes: Notes | None = None


class Point(_Model):
    """A bullet, optionally with one level of sub-bullets."""

    text: Text
    points: list[Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]] = Field(
        default_factory=list, max_length=20
    )


class Screenshot(_Model):
    """A slide screenshot shown on a highlight slide."""

    file: Annotated[str, Field(min_length=1, max_length=1_000)]
    alt: Annotated[str, Field(min_length=1, max_length=1_000)]
    caption: Title | None = None
    fit: Literal["contain", "cover"] = "contain"
    focus: tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]] = (
        0.5,
        0.5,
    )
    _image: ImageInfo | None = PrivateAttr(default=None)

    @property
    def image(self) -> ImageInfo | None:
        """The probed image file, or None when it is missing (``--allow-missing``)."""
        return self._image


_TextItem = Annotated[Point, BeforeValidator(_text_item, json_schema_input_type=str | Point)]


class Highlight(_Model):
    """One highlight of a segment: a slide (or a few) in the deck."""

    title: Title
    points: list[_TextItem] = Field(default_factory=list, max_length=50)
    screenshots: list[Screenshot] = Field(default_factory=list, max_length=12)
    notes: Notes | None = None
    new: bool = False


class Quote(_Model):
    """A remark made on stage, shown large with its attribution."""

    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    speaker: Title | None = None
    notes: Notes | None = None


class Segment(_Model):
    """A part of the keynote, usually one presenter's stretch on stage."""

    title: Title
    speaker: Title | None = None
    notes: Notes | None = None
    highlights: list[Highlight] = Field(default_factory=list, max_length=200)
    quotes: list[Quote] = Field(default_factory=list, max_length=50)


class Announcement(_Model):
    """A product or service launched in the keynote."""

    name: Title
    summary: Text | None = None
    status: Annotated[str, Field(max_length=60)] | None = None
    url: Link | None = None


class Reference(_Model):
    """A link for further reading or watching."""

    title: Title
    url: Link


_SummaryEntry = Annotated[
    SummaryItem, BeforeValidator(_text_item, json_schema_input_type=str | SummaryItem)
]


class Outline(_Model):
    """A keynote outline: the whole input of one deck."""

    model_config = ConfigDict(title="recapdeck outline")

    title: Title
    subtitle: Title | None = None
    event: Event
    recap_by: (
        Annotated[RecapBy, BeforeValidator(_name_item, json_schema_input_type=str | RecapBy)] | None
    ) = None
    theme: str | None = None
    duration: Annotated[int, Field(ge=1, le=600)] | None = None
    assets: str | None = None
    speakers: list[Speaker] = Field(default_factory=list, max_length=100)
    summary: list[_SummaryEntry] = Field(default_factory=list, max_length=30)
    segments: list[Segment] = Field(min_length=1, max_length=100)
    announcements: list[Announcement] = Field(default_factory=list, max_length=100)
    references: list[Reference] = Field(default_factory=list, max_length=100)
    credits: Text | None = None
    _source: Path | None = PrivateAttr(default=None)
    _doc: YamlDocument | None = PrivateAttr(default=None)
    _warnings: tuple[BuildWarning, ...] = PrivateAttr(default=())
    _keys: dict[str, Location] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> Path | None:
        """The outline file this was loaded from."""
        return self._source

    @property
    def warnings(self) -> tuple[BuildWarning, ...]:
        """Non-fatal findings made while loading (missing screenshots with allow_missing)."""
        return self._warnings

    def key_location(self, key: str) -> Location | None:
        """Where the value of the top-level ``key`` starts in the outline file, if it is there."""
        return self._keys.get(key)

    def speaker(self, ref: str | None) -> Speaker | None:
        """Return the roster entry for ``ref``, a roster-less Speaker for a plain name, or None."""
        if not ref:
            return None
        for person in self.speakers:
            if person.id == ref:
                return person
        return Speaker.model_construct(id="", name=ref, role=None, company=None, photo=None)


def outline_json_schema() -> dict[str, Any]:
    """The JSON Schema of the outline format, for editors and the YAML language server."""
    schema = Outline.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def load_outline(
    path: Path | str,
    *,
    allow_missing: bool = False,
    allow_outside_files: bool = False,
    trusted: Sequence[Path] = (),
) -> Outline:
    """Read, validate and probe an outline file; raise RecapdeckError listing every problem.

    Files the outline names must lie inside its project (see :func:`project_root`), in the
    built-in themes or in one of the ``trusted`` folders (a theme's), unless
    ``allow_outside_files`` is set.
    """
    outline = read_outline(path)
    resolve_outline(
        outline,
        allow_missing=allow_missing,
        allow_outside_files=allow_outside_files,
        trusted=trusted,
    )
    return outline


def read_outline(path: Path | str) -> Outline:
    """Read and validate an outline file without looking at the files it names.

    Call :func:`resolve_outline` next (``load_outline`` does both).
    """
    path = Path(path).absolute()
    doc = read_yaml(path, what="outline")
    if not isinstance(doc.data, dict):
        raise RecapdeckError(
            Problem(
                doc.where(()),
                "the outline must be a mapping of keys such as 'title:', 'event:' and "
                "'segments:', not " + kind_of(doc.data),
            )
        )
    try:
        outline = Outline.model_validate(doc.data)
    except ValidationError as exc:
        raise RecapdeckError(schema_problems(exc, doc, Outline)) from None
    _attach_locations(outline, doc, ())
    outline._source = path
    outline._keys = {str(k[0]): loc for k, loc in doc.values.items() if len(k) == 1}
    outline._doc = doc
    return outline


def resolve_outline(
    outline: Outline,
    *,
    allow_missing: bool = False,
    allow_outside_files: bool = False,
    trusted: Sequence[Path] = (),
) -> None:
    """Check a read outline's speaker references, links and files, and probe its images.

    Raises RecapdeckError listing every problem; warnings land in ``outline.warnings``.
    """
    doc = outline._doc
    if doc is None:
        raise TypeError("resolve_outline() needs an outline from read_outline()")
    problems, warnings = _check_references(outline, doc)
    problems += _check_text(outline, doc)
    roots = None if allow_outside_files else _allowed_roots(outline, trusted)
    file_problems, file_warnings = _probe_files(
        outline, doc, allow_missing=allow_missing, roots=roots
    )
    problems += file_problems
    if problems:
        raise RecapdeckError(sorted(problems, key=problem_order))
    outline._warnings = tuple(warnings + file_warnings)


PROJECT_MARKERS = (".git", "pyproject.toml")
"""What marks a deck's project folder (see :func:`project_root`)."""


def project_root(outline_file: Path) -> Path:
    """The deck's project: the nearest folder above the outline holding ``.git`` or
    ``pyproject.toml``, else the outline's own folder (symbolic links resolved)."""
    start = _normal(outline_file).parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return Path(os.path.realpath(folder))
    return Path(os.path.realpath(start))


def assets_dir(outline: Outline) -> Path:
    """The folder screenshot and photo paths are resolved against."""
    base = outline.source.parent if outline.source else Path.cwd()
    return _normal(base / outline.assets) if outline.assets else base


def _walk(obj: Any, path: PathKey) -> Iterator[tuple[_Model, PathKey]]:
    if isinstance(obj, _Model):
        yield obj, path
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), (*path, name))
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from _walk(item, (*path, i))


def _attach_locations(outline: Outline, doc: YamlDocument, root: PathKey) -> None:
    for model, path in _walk(outline, root):
        model._loc = doc.where(path)


# --- cross-references and files -----------------------------------------------------------

_PLAIN_NAME = re.compile(r"[\sA-Z]|[^\x00-\x7f]")


def _check_references(
    outline: Outline, doc: YamlDocument
) -> tuple[list[Problem], list[BuildWarning]]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, person in enumerate(outline.speakers):
        if person.id in seen:
            problems.append(
                Problem(
                    doc.where(("speakers", i, "id")),
                    f"duplicate speaker id '{person.id}' (also speakers[{seen[person.id]}]); "
                    "give each speaker a different id",
                    f"speakers[{i}].id",
                )
            )
        seen.setdefault(person.id, i)
    known = [p.id for p in outline.speakers]
    refs: list[tuple[PathKey, str | None]] = []
    for s, segment in enumerate(outline.segments):
        refs.append((("segments", s, "speaker"), segment.speaker))
        refs += [
            (("segments", s, "quotes", q, "speaker"), quote.speaker)
            for q, quote in enumerate(segment.quotes)
        ]
        if not segment.highlights and not segment.quotes:
            problems.append(
                Problem(
                    doc.where(("segments", s)),
                    "this segment has no highlights and no quotes; add at least one, "
                    "or remove the segment",
                    f"segments[{s}]",
                )
            )
    for path, ref in refs:
        if ref is None or ref in known or _PLAIN_NAME.search(ref):
            continue
        listing = ", ".join(known) if known else "none (the outline has no 'speakers:' list)"
        problems.append(
            Problem(
                doc.where(path),
                f"'{ref}' is not a speaker id{suggest(ref, known)}; known ids: {listing}. "
                "A plain name needs a capital letter or a space",
                dotted(path),
            )
        )
    return problems, []


_NOT_TEXT = frozenset({"id", "file", "photo", "url", "theme", "assets", "fit"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters an XML document (a .pptx) cannot hold; YAML lets them in through escapes."""


def _check_text(outline: Outline, doc: YamlDocument) -> list[Problem]:
    """Refuse characters a deck cannot hold, and inline Markdown links other than http, https
    and mailto, where they are written.

    The renderers drop such links anyway; saying so here tells the author instead of quietly
    showing ``[text](javascript:...)`` as plain text.
    """
    md = link_checker()
    problems = []
    for path, text in _texts(outline, (), every=True):
        if bad := _NOT_XML.search(text):
            problems.append(
                Problem(
                    doc.where(path),
                    f"the character U+{ord(bad.group()):04X} is not allowed (a control "
                    "character or half a surrogate pair, which a deck cannot hold; often pasted "
                    "in invisibly or written as an escape such as \\x1e); delete it",
                    dotted(path),
                )
            )
    for path, text in _texts(outline, ()):
        for href in unsafe_links(text, md):
            problems.append(
                Problem(
                    doc.where(path),
                    f"the link target '{_short(href)}' is refused: outline text may only link "
                    "to http://, https:// or mailto: addresses; write the full address, e.g. "
                    "[docs](https://example.com/docs)",
                    dotted(path),
                )
            )
    return problems


def _texts(obj: Any, path: PathKey, *, every: bool = False) -> Iterator[tuple[PathKey, str]]:
    """Every text value of the outline with its path; file names, ids and links only when
    ``every``."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, _Model):
        for name in type(obj).model_fields:
            if every or name not in _NOT_TEXT:
                yield from _texts(getattr(obj, name), (*path, name), every=every)
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from _texts(item, (*path, i), every=every)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _allowed_roots(outline: Outline, trusted: Sequence[Path]) -> tuple[Path, ...]:
    """The folders an outline's files may come from: its project, the themes, ``trusted``."""
    source = outline.source or Path.cwd() / "outline.yaml"
    folders = (project_root(source), builtin_themes_dir(), *trusted)
    return tuple(dict.fromkeys(Path(os.path.realpath(f)) for f in folders))


def _outside(path: Path, roots: Sequence[Path] | None, written: str) -> str | None:
    """Why ``path`` may not be used (outside every root), or None when it is fine."""
    if roots is None:
        return None
    real = Path(os.path.realpath(path))
    if any(real == root or root in real.parents for root in roots):
        return None
    lexical = _normal(path)
    via_link = any(lexical == root or root in lexical.parents for root in roots)
    what = f"'{written}' is a symbolic link to {real}, which is" if via_link else f"'{written}' is"
    return (
        f"{what} outside the deck's project folder {roots[0]}; an outline may only use "
        "files inside its project (the nearest folder above it holding .git or "
        "pyproject.toml) or a theme. Copy it into the project, or, if you trust this "
        "outline, pass --allow-outside-files (allow_outside_files=True from Python)"
    )


def _probe_files(
    outline: Outline, doc: YamlDocument, *, allow_missing: bool, roots: Sequence[Path] | None
) -> tuple[list[Problem], list[BuildWarning]]:
    problems: list[Problem] = []
    warnings: list[BuildWarning] = []
    if outline.assets and _NOT_XML.search(outline.assets):
        return problems, warnings  # reported by _check_text
    base = assets_dir(outline)
    if outline.assets and not base.is_dir():
        state = "is not a folder" if base.exists() else "does not exist"
        problems.append(
            Problem(
                doc.where(("assets",)),
                f"the assets folder '{base}' {state}; fix the path (it is relative to "
                "the outline file) or remove 'assets:'",
                "assets",
            )
        )
        return problems, warnings
    if outline.assets and (why := _outside(base, roots, outline.assets)):
        problems.append(Problem(doc.where(("assets",)), why, "assets"))
        return problems, warnings
    probed: dict[Path, ImageInfo | Problem] = {}
    for model, path in _walk(outline, ()):
        if isinstance(model, Screenshot):
            field, rel = "file", model.file
        elif isinstance(model, Speaker) and model.photo:
            field, rel = "photo", model.photo
        else:
            continue
        if _NOT_XML.search(rel):
            continue  # reported by _check_text; a NUL byte would even break the system calls
        where = doc.where((*path, field))
        file = _normal(base / rel)
        if why := _outside(file, roots, rel):
            # Refused before it is opened: the file is never read, whatever it is.
            problems.append(Problem(where, why, dotted((*path, field))))
            continue
        if file not in probed:
            try:
                probed[file] = probe_image(file)
            except RecapdeckError as exc:
                probed[file] = exc.problems[0]
        result = probed[file]
        if isinstance(result, ImageInfo):
            model._image = result
            continue
        missing = not file.exists() and not file.is_symlink()
        message = result.message
        if missing:
            message = f"'{rel}' not found (looked in {base}){_near_file(file)}"
        if missing and allow_missing:
            warnings.append(BuildWarning(where, f"{message}; a placeholder is drawn instead"))
        else:
            problems.append(Problem(where, message, dotted((*path, field))))
    return problems, warnings


def _normal(path: Path) -> Path:
    """Make ``path`` absolute and drop ``..`` and ``.`` (lexically: symlinks stay as written).

    Messages then show ``/talks/assets`` rather than ``/talks/decks/../assets``, and one file
    named in two ways is probed and embedded once.
    """
    return Path(os.path.normpath(path.absolute()))


def _near_file(file: Path) -> str:
    folder = file.parent
    if not folder.is_dir():
        return ""
    names = sorted(p.name for p in folder.iterdir())
    return suggest(file.name, names)
