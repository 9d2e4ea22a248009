"""The outline schema (what users write in YAML) and :func:`load_outline`."""

from __future__ import annotations

import datetime as dt
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

from ..errors import BuildWarning, Location, Problem, RecapdeckError
from ..markup import url_problem
from .images import ImageInfo
from .references import PROJECT_MARKERS as PROJECT_MARKERS
from .references import Refs, allowed_roots, assets_folder, check_refs, extract_refs
from .references import project_root as project_root
from .schema import kind_of, problem_order, schema_problems
from .yaml_reader import PathKey, YamlDocument, read_yaml

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
    if problem := url_problem(value):
        raise ValueError(f"'{_shown(value)}' is not a usable link: {problem}")
    return value


def _shown(value: str, limit: int = 60) -> str:
    text = value.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    _rejected: tuple[Problem, ...] = PrivateAttr(default=())
    """The schema's problems when it rejected the outline (see :func:`read_outline`)."""
    _raw_refs: Refs | None = PrivateAttr(default=None)
    """What can still be checked of an outline the schema rejected."""

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
    allow_outside_files: bool | Sequence[Path] = False,
    trusted: Sequence[Path] = (),
) -> Outline:
    """Read, validate and probe an outline file; raise RecapdeckError listing every problem.

    Files the outline names must lie inside its project (see :func:`project_root`), in the
    built-in themes or in one of the ``trusted`` folders (a theme's), unless
    ``allow_outside_files`` is set (True), or in one of the folders it names.
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

    Call :func:`resolve_outline` next (``load_outline`` does both). When the schema rejects
    the outline, what is returned is a stand-in that knows only its source, its ``theme:`` and
    where its keys are; :func:`resolve_outline` then raises the schema's problems together
    with those of the speaker references and files it could still check. Broken YAML and an
    outline that is not a mapping raise here.
    """
    path = Path(path).absolute()
    doc = read_yaml(path, what="outline", lenient=True)
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
        outline = _rejected_outline(doc, exc)
    else:
        _attach_locations(outline, doc, ())
        if doc.problems:  # values YAML could not read were left out: report them all
            outline = _rejected_outline(doc, None)
    outline._source = path
    outline._keys = {str(k[0]): loc for k, loc in doc.values.items() if len(k) == 1}
    outline._doc = doc
    return outline


def resolve_outline(
    outline: Outline,
    *,
    allow_missing: bool = False,
    allow_outside_files: bool | Sequence[Path] = False,
    trusted: Sequence[Path] = (),
) -> None:
    """Check a read outline's speaker references, links and files, and probe its images.

    Raises RecapdeckError listing every problem, the schema's included (see
    :func:`read_outline`); warnings land in ``outline.warnings``.
    """
    doc = outline._doc
    if doc is None:
        raise TypeError("resolve_outline() needs an outline from read_outline()")
    refs = outline._raw_refs or _refs_of(outline, doc)
    if allow_outside_files is True:
        roots = None
    else:  # False, or further folders the files may come from
        roots = allowed_roots(refs.source, [*trusted, *(allow_outside_files or ())])
    found = check_refs(refs, doc, allow_missing=allow_missing, roots=roots)
    problems = [*outline._rejected, *found.problems]
    if problems:
        raise RecapdeckError(sorted(dict.fromkeys(problems), key=problem_order))
    for model, path in _files_of(outline):
        model._image = found.images.get(path)
    outline._warnings = found.warnings


def assets_dir(outline: Outline) -> Path:
    """The folder screenshot and photo paths are resolved against."""
    return assets_folder(outline.source, outline.assets)


def referenced_files(outline: Outline) -> list[Path]:
    """Every screenshot and photo file the outline names, found or not, resolved."""
    folder = assets_dir(outline)
    names = (m.file if isinstance(m, Screenshot) else m.photo for m, _ in _files_of(outline))
    return [folder / name for name in names if name]


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


def _rejected_outline(doc: YamlDocument, exc: ValidationError | None) -> Outline:
    """The stand-in :func:`read_outline` returns for an outline the schema rejects, or
    (``exc`` None) with values YAML could not read."""
    errors = exc.errors() if exc is not None else []
    rejected = [*doc.unread, *(tuple(error["loc"]) for error in errors)]
    theme = doc.data.get("theme")
    usable = isinstance(theme, str) and not any(loc[:1] == ("theme",) for loc in rejected)
    outline = Outline.model_construct(theme=theme.strip() if usable else None)
    problems = schema_problems(exc, doc, Outline, unread=doc.unread)
    outline._rejected = (*doc.problems, *problems)
    outline._raw_refs = extract_refs(doc.data, source=doc.path, root=Outline, rejected=rejected)
    return outline


def _refs_of(outline: Outline, doc: YamlDocument) -> Refs:
    """What the reference, text and file checks look at in a validated outline."""
    source = outline.source or doc.path
    return extract_refs(outline.model_dump(), source=source, root=Outline)


def _files_of(outline: Outline) -> Iterator[tuple[Screenshot | Speaker, PathKey]]:
    """The screenshots and the speakers with a photo, each with the path of its file name."""
    for model, path in _walk(outline, ()):
        if isinstance(model, Screenshot):
            yield model, (*path, "file")
        elif isinstance(model, Speaker) and model.photo:
            yield model, (*path, "photo")
