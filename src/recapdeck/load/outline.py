"""The load stage for outlines: read a file, validate it, check what it names, probe its images.

:func:`read_outline` reads and validates (a :class:`ReadOutline`, which knows its ``theme:``
even when the schema rejected the rest); :func:`resolve_outline` checks speaker references,
links and files and probes the images, giving a :class:`LoadedOutline`: the valid model
(:mod:`.model`) beside where each object stands in the file, the probed images and the
warnings. Nothing is set on the models after validation. :func:`load_outline` does both.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import BuildWarning, Location, Problem, RecapdeckError
from .images import ImageInfo, probe_image
from .model import Event, Outline, Screenshot, Speaker, outline_json_schema
from .probes import ProbeCache
from .project import PROJECT_MARKERS, project_root
from .references import Refs, allowed_roots, assets_folder, check_refs, extract_refs
from .schema import kind_of, problem_order, schema_problems
from .yaml_reader import PathKey, YamlDocument, read_yaml

__all__ = [
    "PROJECT_MARKERS",
    "LoadedOutline",
    "ReadOutline",
    "load_outline",
    "outline_json_schema",
    "project_root",
    "read_outline",
    "referenced_files",
    "resolve_outline",
]


@dataclass(frozen=True)
class ReadOutline:
    """An outline file read and validated, before the files it names are looked at.

    ``outline`` is None when the schema rejected it; ``rejected`` then says why, and what can
    still be checked of it (speaker references, files) is in ``refs``.
    """

    source: Path
    doc: YamlDocument
    outline: Outline | None
    theme: str | None
    """The ``theme:`` it names, when that much could be read."""
    rejected: tuple[Problem, ...] = ()
    refs: Refs | None = None

    def key_location(self, key: str) -> Location | None:
        """Where the value of the top-level ``key`` starts in the file, if it is there."""
        return self.doc.values.get((key,))


@dataclass(frozen=True)
class LoadedOutline:
    """A valid outline with where each of its objects stands in the file and its images.

    Built by :func:`resolve_outline`, or by :meth:`in_memory` for outlines made in code.
    """

    outline: Outline
    source: Path | None
    locations: Mapping[PathKey, Location] = field(default_factory=dict, repr=False)
    """Where each value starts, by its path in the data (``("segments", 0, "title")``)."""
    images: Mapping[str, ImageInfo] = field(default_factory=dict, repr=False)
    """The probed image of each screenshot and photo file name that was found."""
    warnings: tuple[BuildWarning, ...] = ()
    """Non-fatal findings made while loading (missing screenshots with allow_missing)."""
    _paths: dict[int, PathKey] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_paths", {id(m): p for m, p in _walk(self.outline, ())})

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_paths")  # object ids mean nothing in another process: made again
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    @classmethod
    def in_memory(
        cls, outline: Outline, *, images: Mapping[str, ImageInfo] | None = None
    ) -> LoadedOutline:
        """An outline made in code, with ``images`` by file name (no file was read)."""
        return cls(outline, None, {}, dict(images or {}))

    def where(self, model: BaseModel) -> Location | None:
        """Where ``model`` (an object of this outline) starts in the file, if known."""
        path = self._paths.get(id(model))
        if path is None or self.source is None:
            return None
        probe = path
        while probe:  # a value made from a shorter form (a string for a point) has its own
            if probe in self.locations:
                return self.locations[probe]
            probe = probe[:-1]
        return self.locations.get((), Location(self.source, 1, 1))

    def key_location(self, key: str) -> Location | None:
        """Where the value of the top-level ``key`` starts in the file, if it is there."""
        return self.locations.get((key,))

    def image(self, item: Screenshot | Speaker | Event) -> ImageInfo | None:
        """The probed image of a screenshot, a speaker's photo or the event's logo (None: none,
        or missing)."""
        if isinstance(item, Event):
            name = item.logo
        else:
            name = item.file if isinstance(item, Screenshot) else item.photo
        return self.images.get(name) if name else None

    @property
    def assets(self) -> Path:
        """The folder screenshot and photo paths are resolved against."""
        return assets_folder(self.source, self.outline.assets)


def load_outline(
    path: Path | str,
    *,
    allow_missing: bool = False,
    allow_outside_files: bool | Sequence[Path] = False,
    trusted: Sequence[Path] = (),
) -> LoadedOutline:
    """Read, validate and probe an outline file; raise RecapdeckError listing every problem.

    Files the outline names must lie inside its project (see :func:`project_root`), in the
    built-in themes or in one of the ``trusted`` folders (a theme's), unless
    ``allow_outside_files`` is set (True), or in one of the folders it names.
    """
    return resolve_outline(
        read_outline(path),
        allow_missing=allow_missing,
        allow_outside_files=allow_outside_files,
        trusted=trusted,
    )


def read_outline(path: Path | str) -> ReadOutline:
    """Read and validate an outline file without looking at the files it names.

    Call :func:`resolve_outline` next (``load_outline`` does both). When the schema rejects
    the outline, the result knows only its source, its ``theme:`` and where its keys are;
    :func:`resolve_outline` then raises the schema's problems together with those of the
    speaker references and files it could still check. Broken YAML and an outline that is not
    a mapping raise here.
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
        return _rejected(path, doc, exc)
    if doc.problems:  # values YAML could not read were left out: report them all
        return _rejected(path, doc, None)
    return ReadOutline(path, doc, outline, outline.theme)


def resolve_outline(
    read: ReadOutline,
    *,
    allow_missing: bool = False,
    allow_outside_files: bool | Sequence[Path] = False,
    trusted: Sequence[Path] = (),
    probes: ProbeCache | None = None,
) -> LoadedOutline:
    """Check a read outline's speaker references, links and files, and probe its images.

    ``probes`` remembers images probed by an earlier build (see :class:`ProbeCache`).

    Raises RecapdeckError listing every problem, the schema's included (see
    :func:`read_outline`).
    """
    if read.outline is None:
        refs = read.refs
        assert refs is not None  # a rejected outline always carries what can be checked
    else:
        refs = extract_refs(read.outline.model_dump(), source=read.source, root=Outline)
    if allow_outside_files is True:
        roots = None
    else:  # False, or further folders the files may come from
        roots = allowed_roots(refs.source, [*trusted, *(allow_outside_files or ())])
    probe = probes.probe if probes is not None else probe_image
    found = check_refs(refs, read.doc, allow_missing=allow_missing, roots=roots, probe=probe)
    problems = [*read.rejected, *found.problems]
    if problems or read.outline is None:
        raise RecapdeckError(sorted(dict.fromkeys(problems), key=problem_order))
    images = {
        name: found.images[path] for name, path in _files_of(read.outline) if path in found.images
    }
    return LoadedOutline(read.outline, read.source, read.doc.values, images, found.warnings)


def referenced_files(loaded: LoadedOutline) -> list[Path]:
    """Every screenshot and photo file the outline names, found or not, resolved."""
    folder = loaded.assets
    return [folder / name for name, _ in _files_of(loaded.outline)]


def _walk(obj: Any, path: PathKey) -> Iterator[tuple[BaseModel, PathKey]]:
    if isinstance(obj, BaseModel):
        yield obj, path
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name), (*path, name))
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from _walk(item, (*path, i))


def _rejected(path: Path, doc: YamlDocument, exc: ValidationError | None) -> ReadOutline:
    """What :func:`read_outline` returns for an outline the schema rejects, or (``exc`` None)
    with values YAML could not read."""
    errors = exc.errors() if exc is not None else []
    rejected = [*doc.unread, *(tuple(error["loc"]) for error in errors)]
    theme = doc.data.get("theme")
    usable = isinstance(theme, str) and not any(loc[:1] == ("theme",) for loc in rejected)
    problems = schema_problems(exc, doc, Outline, unread=doc.unread)
    refs = extract_refs(doc.data, source=doc.path, root=Outline, rejected=rejected)
    return ReadOutline(
        path,
        doc,
        None,
        theme.strip() if usable else None,
        (*doc.problems, *problems),
        refs,
    )


def _files_of(outline: Outline) -> Iterator[tuple[str, PathKey]]:
    """The file names of the screenshots and speaker photos, each with its path in the data."""
    for model, path in _walk(outline, ()):
        if isinstance(model, Screenshot):
            yield model.file, (*path, "file")
        elif isinstance(model, Speaker) and model.photo:
            yield model.photo, (*path, "photo")
        elif isinstance(model, Event) and model.logo:
            yield model.logo, (*path, "logo")
