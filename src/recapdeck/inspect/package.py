"""A .pptx read as parts: XML trees, relationships and content types, with lxml only."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..errors import RecapdeckError

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
R_ATTR = f"{{{NS['r']}}}"
P_NS = f"{{{NS['p']}}}"


@dataclass(frozen=True)
class Rel:
    """One relationship: its type's last word ("slide", "image"...) and its target."""

    kind: str
    target: str
    external: bool


@dataclass
class Package:
    """The parts of a .pptx, read once; XML parts are parsed when first asked for."""

    name: str
    archive: zipfile.ZipFile
    entries: list[str]
    content_types: dict[str, str]
    _xml: dict[str, etree._Element | None] = field(default_factory=dict)
    _rels: dict[str, dict[str, Rel]] = field(default_factory=dict)

    @property
    def parts(self) -> set[str]:
        """Every part name (no folders)."""
        return {n for n in self.entries if not n.endswith("/")}

    def xml(self, part: str) -> etree._Element | None:
        """The parsed XML of ``part``, or None when it is missing or not well-formed."""
        if part not in self._xml:
            try:
                data = self.archive.read(part)
                parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
                self._xml[part] = etree.fromstring(data, parser)
            except (KeyError, etree.XMLSyntaxError):
                self._xml[part] = None
        return self._xml[part]

    def blob(self, part: str) -> bytes | None:
        """The bytes of ``part``, or None when it is missing."""
        try:
            return self.archive.read(part)
        except KeyError:
            return None

    def rels(self, part: str) -> dict[str, Rel]:
        """The relationships of ``part`` (the package's own for ""), by rId."""
        if part not in self._rels:
            folder, name = posixpath.split(part)
            rels_part = posixpath.join(folder, "_rels", name + ".rels")
            table: dict[str, Rel] = {}
            root = self.xml(rels_part) if rels_part in self.parts else None
            for rel in root.iterfind("pr:Relationship", NS) if root is not None else []:
                target = rel.get("Target", "")
                external = rel.get("TargetMode") == "External"
                if not external:
                    base = "" if target.startswith("/") else folder
                    joined = posixpath.join(base, unquote(target.split("#")[0]).lstrip("/"))
                    target = posixpath.normpath(joined)
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                table[rel.get("Id", "")] = Rel(kind, target, external)
            self._rels[part] = table
        return self._rels[part]

    def related(self, part: str, kind: str) -> list[str]:
        """Targets of ``part``'s relationships of ``kind`` ("slideLayout", "notesSlide"...)."""
        return [r.target for r in self.rels(part).values() if r.kind == kind and not r.external]

    def content_type(self, part: str) -> str | None:
        """The content type [Content_Types].xml gives ``part``."""
        found = self.content_types.get("/" + part.lower())
        if found is None and "." in part:
            found = self.content_types.get(part.rsplit(".", 1)[-1].lower())
        return found

    @property
    def presentation(self) -> str:
        """The main part's name (usually ppt/presentation.xml)."""
        found = self.related("", "officeDocument")
        return found[0] if found else "ppt/presentation.xml"

    def slides(self) -> list[str]:
        """The slide parts in the order the presentation lists them."""
        main = self.presentation
        root = self.xml(main)
        rels = self.rels(main)
        names = []
        for sld_id in root.iterfind("p:sldIdLst/p:sldId", NS) if root is not None else []:
            rel = rels.get(sld_id.get(R_ATTR + "id", ""))
            if rel is not None and not rel.external:
                names.append(rel.target)
        return names

    def duplicate_entries(self) -> list[str]:
        """Zip entry names that occur more than once (or differ only by case)."""
        counts = Counter(n.lower() for n in self.entries)
        return sorted({n for n in self.entries if counts[n.lower()] > 1})


def open_package(source: Path | bytes, name: str | None = None) -> Package:
    """Read a .pptx (a path or its bytes); a file that is no zip package is an error."""
    label = name or (str(source) if isinstance(source, Path) else "deck.pptx")
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
        archive = zipfile.ZipFile(io.BytesIO(data))
    except OSError as exc:
        raise RecapdeckError(f"{label}: cannot read it: {exc.strerror or exc}") from None
    except zipfile.BadZipFile:
        raise RecapdeckError(
            f"{label}: not a PowerPoint file (.pptx is a zip package; this is not one). "
            "Open it in PowerPoint or LibreOffice and save it as .pptx"
        ) from None
    entries = [i.filename for i in archive.infolist()]
    types: dict[str, str] = {}
    package = Package(label, archive, entries, types)
    root = package.xml("[Content_Types].xml")
    if root is None:
        raise RecapdeckError(
            f"{label}: has no readable [Content_Types].xml, so no application can open it; "
            "it is not a complete .pptx"
        )
    for default in root.iterfind("ct:Default", NS):
        types[default.get("Extension", "").lower()] = default.get("ContentType", "")
    for override in root.iterfind("ct:Override", NS):
        types[override.get("PartName", "").lower()] = override.get("ContentType", "")
    return package
