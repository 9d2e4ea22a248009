"""Skip a build whose inputs, settings and outputs are all as the last build left them.

A build is deterministic: the same outline, screenshots, theme and template, built by the same
code with the same options and fonts, gives the same bytes. So after a build recapdeck writes a
small record into its cache folder (``builds/``, see :mod:`recapdeck.cache`): the SHA-256
of every file the build read and wrote, and a key for everything else the bytes depend on. The
next ``build`` of that outline hashes the same files again; when every hash and the key match,
the outputs on disk are exactly what building would write, and it returns at once with the
warnings it gave the first time.

Anything the record does not vouch for builds in full: a changed, added or deleted input, an
output edited or deleted by hand, other options, another recapdeck, library or Python version,
fonts installed or removed (fontconfig's cache folders change), ``SOURCE_DATE_EPOCH``, a
different LibreOffice for PDFs. ``--no-cache`` (``cache=False``) never skips.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import code_fingerprint, file_sha256, library_version
from ..errors import BuildWarning, Location, RecapdeckError
from ..load.outline import referenced_files
from ..load.theme import theme_search_path
from ..plan.fonts import file_stamp, fontconfig_state
from ..writing import write_atomic

if TYPE_CHECKING:
    from .options import BuildContext, BuildOptions
    from .stages import Prepared


@dataclass(frozen=True)
class UpToDate:
    """Whether a build can be skipped, and its record once built."""

    outline: Path
    record: Path
    key: str

    @classmethod
    def of(
        cls, outline_path: Path | str, options: BuildOptions, context: BuildContext
    ) -> UpToDate | None:
        """The check for this build, None without a cache (``--no-cache`` always builds)."""
        if context.images is None:
            return None
        outline = Path(outline_path)
        return cls(
            outline,
            record_path(context.images.folder, outline, options.out),
            build_key(outline, options.fingerprint()),
        )

    def unchanged(self) -> tuple[dict[str, Any], tuple[BuildWarning, ...]] | None:
        """What the last build reported and its warnings, when its outputs are still what
        building would write; None when a build is needed."""
        done = still_fresh(self.record, self.key)
        return (done["summary"], warnings_from(done)) if done is not None else None

    def remember(
        self,
        prepared: Prepared,
        outputs: Sequence[Path],
        summary: dict[str, Any],
        warnings: Sequence[BuildWarning],
    ) -> None:
        """Record what this build read, what it looked for and did not find, and what it
        wrote, for the next one to compare."""
        theme = prepared.theme
        inputs = [
            self.outline,
            *theme_files(theme.folders),
            *([theme.template.path] if theme.template is not None else []),
            *referenced_files(prepared.loaded),
        ]
        listings = folder_listings(theme.folders, prepared.source.parent)
        write_record(self.record, self.key, inputs, outputs, summary, warnings, listings)


RECORD_FOLDER = "builds"
"""Subfolder of the image cache that holds the records (pruned with it, least used first)."""
_FORMAT = 2
_LIBRARIES = ("python-pptx", "pillow", "jinja2", "pydantic", "pyyaml", "fonttools", "lxml")
_PDF_LIBRARIES = ("weasyprint", "pypdf", "pypdfium2")


def record_path(cache_folder: Path, outline: Path, out_dir: Path) -> Path:
    """Where the record of ``outline``'s build into ``out_dir`` lives, in the cache folder."""
    name = hashlib.sha256(f"{outline.absolute()}\0{out_dir.absolute()}".encode()).hexdigest()
    return cache_folder / RECORD_FOLDER / f"{name[:32]}.json"


def build_key(outline: Path, options: dict[str, Any]) -> str:
    """What the outputs depend on besides the files read: code, libraries, options, fonts."""
    parts: dict[str, Any] = {
        "format": _FORMAT,
        "outline": str(outline.resolve()),
        "options": options,
        "python": sys.version,
        "code": code_fingerprint(),
        "libraries": {name: _version(name) for name in _LIBRARIES},
        "fonts": fontconfig_state(),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
    }
    if options.get("pdf"):
        from ..export.libreoffice import find_soffice

        parts["pdf"] = {name: _version(name) for name in _PDF_LIBRARIES}
        try:
            parts["soffice"] = file_stamp(find_soffice().resolve())
        except RecapdeckError:  # no LibreOffice: the build itself says so
            parts["soffice"] = None
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def still_fresh(record: Path, key: str) -> dict[str, Any] | None:
    """The record's content when it vouches for the outputs now on disk, else None."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        # the small files first (the outline, the theme): an edit shows before any 4K picture
        # is read, and the outputs last
        for folder, names in data["listings"].items():
            if _listing(Path(folder)) != names:
                return None  # a file was added where the build looked and found nothing
        inputs = sorted(data["inputs"].items(), key=lambda item: _size(Path(item[0])))
        for name, digest in [*inputs, *data["outputs"].items()]:
            if _digest(Path(name)) != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no record, an unreadable one or one from another version: build
    return data  # type: ignore[no-any-return]


def write_record(
    record: Path,
    key: str,
    inputs: Iterable[Path],
    outputs: Sequence[Path],
    summary: dict[str, Any],
    warnings: Sequence[BuildWarning],
    listings: dict[str, list[str]] | None = None,
) -> None:
    """Remember this build (see the module's docstring); a failure to write is not an error."""
    data = {
        "listings": listings or {},
        "key": key,
        "inputs": {str(p.absolute()): _digest(p) for p in sorted(set(inputs))},
        "outputs": {str(p.absolute()): _digest(p) for p in outputs},
        "summary": summary,
        "warnings": [_warning_data(w) for w in warnings],
    }
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(record, json.dumps(data, indent=1, sort_keys=True).encode(), durable=False)
    except (OSError, RecapdeckError):  # the next build is then simply a full one
        return


def theme_files(folders: Iterable[Path]) -> list[Path]:
    """Every file under the theme's folders (its YAML, templates, CSS, fonts, template deck)."""
    return [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]


def folder_listings(theme_folders: Iterable[Path], near: Path) -> dict[str, list[str]]:
    """What the build looked through, by folder: each theme folder's files (a handout template
    added to a theme that had none) and the folders themes are searched in (a project theme
    added that shadows a built-in one)."""
    folders = [*theme_folders, *(folder for folder, _ in theme_search_path(near))]
    folders += [near / "themes", near.parent / "themes", Path.cwd() / "themes"]
    return {str(f.absolute()): _listing(f) for f in dict.fromkeys(folders)}


def _listing(folder: Path) -> list[str]:
    """The names below ``folder`` (relative, sorted); empty when it does not exist."""
    try:
        return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    except OSError:
        return []


def warnings_from(data: dict[str, Any]) -> tuple[BuildWarning, ...]:
    """The warnings a record kept, as the build gave them."""
    found = []
    for item in data.get("warnings", []):
        where = item.get("path")
        location = Location(Path(where), item["line"], item["column"]) if where else None
        found.append(BuildWarning(location, item["message"]))
    return tuple(found)


def _warning_data(warning: BuildWarning) -> dict[str, Any]:
    where = warning.location
    return {
        "path": str(where.path) if where else None,
        "line": where.line if where else 0,
        "column": where.column if where else 0,
        "message": warning.message,
    }


def _digest(path: Path) -> str | None:
    """The file's SHA-256, or None when there is no such file (a missing screenshot stays one)."""
    try:
        return file_sha256(path)
    except OSError:
        return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1  # gone: found out first


_version = library_version
