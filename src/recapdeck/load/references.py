"""Checks of what an outline refers to: speaker ids, the files it names, the text it holds.

The checks look at :class:`Refs`, a small extract of the outline's data (:func:`extract_refs`).
It is taken from the validated outline or, when the schema rejects the outline, from its raw
YAML data, so that an unknown speaker or a missing screenshot is reported in the same run as a
wrong date. One extract for both keeps the two from drifting apart.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import BuildWarning, Problem, RecapdeckError, suggest, suggested_key
from ..markup import link_checker, unsafe_links
from .images import ImageInfo, probe_image
from .project import lexical_path, project_root
from .schema import fields_at
from .theme_files import builtin_themes_dir
from .yaml_reader import PathKey, YamlDocument, dotted


@dataclass(frozen=True)
class Refs:
    """What the checks look at, each value with its path in the outline's YAML data."""

    source: Path
    """The outline file; the files it names are relative to its folder (or to ``assets``)."""
    assets: str | None
    """The ``assets:`` folder as written, if any."""
    speaker_ids: tuple[tuple[PathKey, str], ...]
    """The speakers' ids, checked for duplicates."""
    known_ids: tuple[str, ...] | None
    """The ids segments and quotes may name; None when the roster cannot be read in full, so
    that references are not checked against a part of it."""
    speaker_refs: tuple[tuple[PathKey, str], ...]
    """The speakers segments and quotes name."""
    empty_segments: tuple[PathKey, ...]
    """Segments with neither highlights nor quotes."""
    texts: tuple[tuple[PathKey, str], ...]
    """Every text value, file names, ids and links included."""
    files: tuple[tuple[PathKey, str], ...]
    """Screenshot files and speaker photos as written."""


@dataclass(frozen=True)
class Findings:
    """What :func:`check_refs` found: problems, warnings and the images it probed."""

    problems: tuple[Problem, ...]
    warnings: tuple[BuildWarning, ...]
    images: Mapping[PathKey, ImageInfo]
    """The probed image of each readable file, by the path of its ``file:`` or ``photo:``."""


def check_refs(
    refs: Refs,
    doc: YamlDocument,
    *,
    allow_missing: bool,
    roots: Sequence[Path] | None,
    probe: Callable[[Path], ImageInfo] = probe_image,
) -> Findings:
    """Check speaker references, text and files, and probe the images.

    ``roots`` are the folders files may come from (see :func:`allowed_roots`), None for
    anywhere; a missing file is a warning rather than a problem with ``allow_missing``.
    ``probe`` probes one image (a :class:`recapdeck.load.probes.ProbeCache` remembers them).
    """
    problems = _check_speakers(refs, doc) + _check_text(refs, doc)
    file_problems, warnings, images = _probe_files(
        refs, doc, allow_missing=allow_missing, roots=roots, probe=probe
    )
    return Findings(tuple(problems + file_problems), tuple(warnings), images)


def assets_folder(source: Path | None, assets: str | None) -> Path:
    """The folder screenshot and photo paths are resolved against."""
    base = source.parent if source else Path.cwd()
    return lexical_path(base / assets) if assets else base


def allowed_roots(source: Path, trusted: Sequence[Path]) -> tuple[Path, ...]:
    """The folders an outline's files may come from: its project, the themes, ``trusted``."""
    folders = (project_root(source), builtin_themes_dir(), *trusted)
    return tuple(dict.fromkeys(Path(os.path.realpath(f)) for f in folders))


# --- the extract ------------------------------------------------------------------------------


def extract_refs(
    data: dict[str, Any], *, source: Path, root: type[BaseModel], rejected: Sequence[PathKey] = ()
) -> Refs:
    """The :class:`Refs` of an outline's data: a validated outline dumped, or the raw YAML
    mapping the schema ``root`` rejected with errors at the paths ``rejected``.

    A value at one of those paths, or holding one, is left out: its problem is reported
    already. So is anything under a value of the wrong shape or an unknown key, and every file
    when ``assets:`` is unusable.
    """

    def fine(path: PathKey) -> bool:
        return not any(loc[: len(path)] == path for loc in rejected)

    roster = list(_mappings(data.get("speakers"), ("speakers",)))
    ids = [((*path, "id"), _scalar(person.get("id"))) for path, person in roster]
    if "speakers" in data:
        readable = isinstance(data["speakers"], list) and len(roster) == len(data["speakers"])
        readable = readable and all(value is not None for _, value in ids)
    else:  # no roster, unless it is there under a misspelt key
        readable = not any(
            key not in root.model_fields and suggested_key(key, root.model_fields) == "speakers"
            for key in data
        )
    segments = list(_mappings(data.get("segments"), ("segments",)))
    segment_keys = set(fields_at(root, ("segments", 0)))
    refs = []
    empty = []
    files = [((*path, "photo"), person.get("photo")) for path, person in roster]
    for path, segment in segments:
        refs.append(((*path, "speaker"), segment.get("speaker")))
        quotes = _mappings(segment.get("quotes"), (*path, "quotes"))
        refs += [((*where, "speaker"), quote.get("speaker")) for where, quote in quotes]
        # A misspelt 'highlights:' is an unknown key, not an empty segment.
        nothing = all(segment.get(key, []) == [] for key in ("highlights", "quotes"))
        if nothing and set(segment) <= segment_keys:
            empty.append(path)
        for where, highlight in _mappings(segment.get("highlights"), (*path, "highlights")):
            shots = _mappings(highlight.get("screenshots"), (*where, "screenshots"))
            files += [((*at, "file"), shot.get("file")) for at, shot in shots]
    event = data.get("event")
    if isinstance(event, dict):
        files.append((("event", "logo"), event.get("logo")))
    if isinstance(data.get("cover"), dict):
        files.append((("cover", "file"), data["cover"].get("file")))
    assets = _scalar(data.get("assets"))
    if data.get("assets") is not None and (assets is None or not fine(("assets",))):
        files = []  # where they are is unknown
    return Refs(
        source=source,
        assets=assets,
        speaker_ids=tuple((p, value) for p, value in ids if value is not None and fine(p)),
        known_ids=tuple(value for _, value in ids if value is not None) if readable else None,
        speaker_refs=tuple((p, text) for p, v in refs if (text := _scalar(v)) and fine(p)),
        empty_segments=tuple(empty),
        texts=tuple((p, text) for p, text in _texts(data, (), root) if fine(p)),
        files=tuple((p, text) for p, v in files if (text := _scalar(v)) and fine(p)),
    )


def _mappings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    """The items of a list that are mappings, with their paths; nothing if it is no list."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield (*path, i), item


def _scalar(value: Any) -> str | None:
    """The text the schema makes of a YAML value (stripped, numbers as text), or None."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _texts(value: Any, path: PathKey, root: type[BaseModel]) -> Iterator[tuple[PathKey, str]]:
    """Every string under the keys the schema knows, with its path."""
    if isinstance(value, str):
        yield path, value.strip()
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i), root)
    elif isinstance(value, dict):
        known = fields_at(root, path)
        for key, item in value.items():
            if key in known:
                yield from _texts(item, (*path, key), root)


# --- the checks ------------------------------------------------------------------------------

_PLAIN_NAME = re.compile(r"[\sA-Z]|[^\x00-\x7f]")
_NOT_TEXT = frozenset({"id", "file", "photo", "logo", "url", "theme", "assets", "fit"})
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters an XML document (a .pptx) cannot hold; YAML lets them in through escapes."""


def _check_speakers(refs: Refs, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, PathKey] = {}
    for path, ident in refs.speaker_ids:
        if ident in seen:
            problems.append(
                Problem(
                    doc.where(path),
                    f"duplicate speaker id '{ident}' (also {dotted(seen[ident][:-1])}); "
                    "give each speaker a different id",
                    dotted(path),
                )
            )
        seen.setdefault(ident, path)
    problems += [
        Problem(
            doc.where(path),
            "this segment has no highlights and no quotes; add at least one, or remove the segment",
            dotted(path),
        )
        for path in refs.empty_segments
    ]
    known = refs.known_ids
    if known is None:
        return problems
    for path, ref in refs.speaker_refs:
        if ref in known or _PLAIN_NAME.search(ref):
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
    return problems


def _check_text(refs: Refs, doc: YamlDocument) -> list[Problem]:
    """Refuse characters a deck cannot hold, and inline Markdown links other than http, https
    and mailto, where they are written.

    The renderers drop such links anyway; saying so here tells the author instead of quietly
    showing ``[text](javascript:...)`` as plain text. File names, ids and links are not prose.
    """
    md = link_checker()
    problems = []
    for path, text in refs.texts:
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
        if _NOT_TEXT.intersection(part for part in path if isinstance(part, str)):
            continue
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


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _outside(path: Path, roots: Sequence[Path] | None, written: str) -> str | None:
    """Why ``path`` may not be used (outside every root), or None when it is fine."""
    if roots is None:
        return None
    real = Path(os.path.realpath(path))
    if any(real == root or root in real.parents for root in roots):
        return None
    lexical = lexical_path(path)
    via_link = any(lexical == root or root in lexical.parents for root in roots)
    what = f"'{written}' is a symbolic link to {real}, which is" if via_link else f"'{written}' is"
    return (
        f"{what} outside the deck's project folder {roots[0]}; an outline may only use "
        "files inside its project (the nearest folder above it holding .git or "
        "pyproject.toml) or a theme. Copy it into the project, or, if you trust this "
        "outline, pass --allow-outside-files (allow_outside_files=True from Python)"
    )


def _probe_files(
    refs: Refs,
    doc: YamlDocument,
    *,
    allow_missing: bool,
    roots: Sequence[Path] | None,
    probe: Callable[[Path], ImageInfo],
) -> tuple[list[Problem], list[BuildWarning], dict[PathKey, ImageInfo]]:
    problems: list[Problem] = []
    warnings: list[BuildWarning] = []
    images: dict[PathKey, ImageInfo] = {}
    if refs.assets and _NOT_XML.search(refs.assets):
        return problems, warnings, images  # reported by _check_text
    base = assets_folder(refs.source, refs.assets)
    if refs.assets and not base.is_dir():
        state = "is not a folder" if base.exists() else "does not exist"
        problems.append(
            Problem(
                doc.where(("assets",)),
                f"the assets folder '{base}' {state}; fix the path (it is relative to "
                "the outline file) or remove 'assets:'",
                "assets",
            )
        )
        return problems, warnings, images
    if refs.assets and (why := _outside(base, roots, refs.assets)):
        problems.append(Problem(doc.where(("assets",)), why, "assets"))
        return problems, warnings, images
    usable: list[tuple[PathKey, str, Path]] = []
    for path, rel in refs.files:
        if _NOT_XML.search(rel):
            continue  # reported by _check_text; a NUL byte would even break the system calls
        file = lexical_path(base / rel)
        if why := _outside(file, roots, rel):
            # Refused before it is opened: the file is never read, whatever it is.
            problems.append(Problem(doc.where(path), why, dotted(path)))
            continue
        usable.append((path, rel, file))
    probed = _probe_all(list(dict.fromkeys(file for _, _, file in usable)), probe)
    for path, rel, file in usable:
        where = doc.where(path)
        result = probed[file]
        if isinstance(result, ImageInfo):
            images[path] = result
            continue
        missing = not file.exists() and not file.is_symlink()
        message = result.message
        if missing:
            message = f"'{rel}' not found (looked in {base}){_near_file(file)}"
        if missing and allow_missing:
            warnings.append(BuildWarning(where, f"{message}; a placeholder is drawn instead"))
        else:
            problems.append(Problem(where, message, dotted(path)))
    return problems, warnings, images


def _probe_all(
    files: Sequence[Path], probe: Callable[[Path], ImageInfo]
) -> dict[Path, ImageInfo | Problem]:
    """Each file's probe, or its problem; on one thread per core (Pillow decodes without the
    GIL, and decoding every pixel is most of loading an outline with screenshots)."""

    def one(file: Path) -> ImageInfo | Problem:
        try:
            return probe(file)
        except RecapdeckError as exc:
            return exc.problems[0]

    workers = min(len(files), os.cpu_count() or 1)
    if workers <= 1:
        return {file: one(file) for file in files}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(files, pool.map(one, files), strict=True))


def _near_file(file: Path) -> str:
    """A suggestion for a file not found: a name on disk that differs only in how its
    letters are encoded or in case (saying so), else a near miss."""
    folder = file.parent
    if not folder.is_dir():
        return ""
    names = sorted(p.name for p in folder.iterdir())
    wanted = file.name
    for name in names:
        if unicodedata.normalize("NFC", name) == unicodedata.normalize("NFC", wanted):
            form = "NFD" if unicodedata.is_normalized("NFD", name) else "another form"
            return (
                f" — '{name}' is there, the same letters encoded differently (Unicode "
                f"{form}, as macOS and some archives write accented names); rename the file "
                "to the composed form (convmv -f utf8 -t utf8 --nfc --notest FILE)"
            )
    folded = _folded(wanted)
    for name in names:
        if _folded(name) == folded:
            return (
                f" — did you mean '{name}'? It differs only in upper and lower case, and file "
                "names are case-sensitive here (and on most servers)"
            )
    by_fold = {_folded(n): n for n in names}
    match = suggested_key(folded, by_fold)
    return f" — did you mean '{by_fold[match]}'?" if match else ""


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()
