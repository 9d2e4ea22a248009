"""A written .pptx read as a package of parts: each slide's content key, and a copy of the deck
holding only some of its slides.

``recapdeck serve`` re-renders only the slides whose picture can have changed. What a slide
looks like is decided by its own part and every part it reaches through relationships (its
layout, the master, the theme, its pictures), not by its notes; :func:`slide_keys` hashes
exactly those. :func:`subset_package` writes a small deck of the changed slides for LibreOffice
to convert, with each slide-number field turned into the number it showed in the whole deck.
Plain zipfile and lxml: the package is read as written, python-pptx is not involved.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from .namespaces import A_NS, P_NS

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_NOTES = _R_NS + "/notesSlide"
_SLIDE = _R_NS + "/slide"
_PRESENTATION = "ppt/presentation.xml"
_CONTENT_TYPES = "[Content_Types].xml"
_KEY_VERSION = b"recapdeck-slide-key-1"
"""Changed when what a key covers changes, so that older images are not taken for new."""
_STORED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".emf", ".wmf")
"""Parts already compressed: stored as they are, which is quicker than deflating them again."""
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: its id, type and the part it points to (None: external)."""

    rid: str
    kind: str
    target: str | None


@dataclass
class Package:
    """The parts of a .pptx by name (no leading slash) and each part's relationships."""

    parts: dict[str, bytes]
    _rels: dict[str, tuple[Relationship, ...]] = field(default_factory=dict, repr=False)
    _hashes: dict[str, bytes] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, pptx: bytes) -> Package:
        """The package of the .pptx ``pptx``."""
        with zipfile.ZipFile(io.BytesIO(pptx)) as archive:
            return cls({name: archive.read(name) for name in archive.namelist()})

    def relationships(self, part: str) -> tuple[Relationship, ...]:
        """The relationships of ``part`` ("" for the package's own)."""
        if part not in self._rels:
            self._rels[part] = tuple(self._read_rels(part))
        return self._rels[part]

    def _read_rels(self, part: str) -> Iterable[Relationship]:
        folder, name = posixpath.split(part)
        data = self.parts.get(posixpath.join(folder, "_rels", f"{name}.rels"))
        if data is None:
            return
        for rel in etree.fromstring(data, _PARSER).iter(f"{{{_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                resolved = None
            elif target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            yield Relationship(rel.get("Id", ""), rel.get("Type", ""), resolved)

    def slides(self) -> list[str]:
        """The slide parts in the order the deck shows them."""
        rels = {r.rid: r.target for r in self.relationships(_PRESENTATION)}
        root = etree.fromstring(self.parts[_PRESENTATION], _PARSER)
        ids = root.find(f"{{{P_NS}}}sldIdLst")
        found = [rels.get(s.get(f"{{{_R_NS}}}id", "")) for s in (ids if ids is not None else [])]
        return [name for name in found if name is not None]

    def part_hash(self, name: str) -> bytes:
        """SHA-256 of a part's bytes."""
        if name not in self._hashes:
            self._hashes[name] = hashlib.sha256(self.parts.get(name, b"")).digest()
        return self._hashes[name]

    def reachable(self, start: str, *, skip: frozenset[str] = frozenset()) -> list[str]:
        """``start`` and every part it reaches, through relationships of types not in
        ``skip``, in a fixed order."""
        seen = {start}
        todo = [start]
        while todo:
            for rel in self.relationships(todo.pop()):
                if rel.kind in skip or rel.target is None or rel.target in seen:
                    continue
                if rel.target in self.parts:
                    seen.add(rel.target)
                    todo.append(rel.target)
        return sorted(seen)


def slide_keys(package: Package, *, salt: bytes = b"") -> list[str]:
    """A hex key per slide, in deck order, that changes whenever the slide's picture may.

    It covers the slide's part, every part the slide reaches (layout, master, theme,
    pictures) except its notes, and the presentation's own settings (the slide size and
    default text styles, without the list of slides); ``salt`` adds what the caller renders
    with (e.g. the image width).
    """
    common = hashlib.sha256(_KEY_VERSION + salt + _presentation_settings(package)).digest()
    keys = []
    for slide in package.slides():
        digest = hashlib.sha256(common)
        for name in package.reachable(slide, skip=frozenset({_NOTES})):
            digest.update(name.encode("utf-8") + b"\0" + package.part_hash(name))
        keys.append(digest.hexdigest())
    return keys


def _presentation_settings(package: Package) -> bytes:
    """presentation.xml without its lists of slides, notes and handout masters."""
    root = etree.fromstring(package.parts[_PRESENTATION], _PARSER)
    for tag in ("sldIdLst", "notesMasterIdLst", "handoutMasterIdLst"):
        for child in root.findall(f"{{{P_NS}}}{tag}"):
            root.remove(child)
    return bytes(etree.tostring(root, method="c14n"))


def subset_package(package: Package, keep: Sequence[str]) -> bytes:
    """A .pptx of the slides ``keep`` (part names, in that order) and what they need.

    Slide-number fields become plain text with the number the slide has in the whole deck,
    so that a slide shows the same number alone as among the others.
    """
    wanted = set(keep)
    pres_rels = package.relationships(_PRESENTATION)
    dropped = {r.rid for r in pres_rels if r.kind == _SLIDE and r.target not in wanted}
    parts = dict(package.parts)
    parts[_PRESENTATION] = _keep_slide_ids(package.parts[_PRESENTATION], keep, pres_rels)
    folder, name = posixpath.split(_PRESENTATION)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    parts[rels_name] = _drop_rels(package.parts[rels_name], dropped)
    for slide in keep:
        parts[slide] = freeze_slide_numbers(package.parts[slide])
    subset = Package(parts)
    needed = set(subset.reachable(""))  # "" stands for the package root
    for part in list(needed):
        folder, name = posixpath.split(part)
        needed.add(posixpath.join(folder, "_rels", f"{name}.rels"))
    needed |= {"_rels/.rels", _CONTENT_TYPES}
    parts[_CONTENT_TYPES] = _keep_overrides(parts[_CONTENT_TYPES], needed)
    return _zip({n: parts[n] for n in package.parts if n in needed})


def _keep_slide_ids(xml: bytes, keep: Sequence[str], rels: Sequence[Relationship]) -> bytes:
    """presentation.xml listing only the slides ``keep``, in that order."""
    rid_of = {r.target: r.rid for r in rels if r.kind == _SLIDE}
    root = etree.fromstring(xml, _PARSER)
    ids = root.find(f"{{{P_NS}}}sldIdLst")
    if ids is not None:
        by_rid = {s.get(f"{{{_R_NS}}}id"): s for s in ids}
        for child in list(ids):
            ids.remove(child)
        for slide in keep:
            element = by_rid.get(rid_of.get(slide))
            if element is not None:
                ids.append(element)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _drop_rels(xml: bytes, rids: set[str]) -> bytes:
    root = etree.fromstring(xml, _PARSER)
    for rel in list(root):
        if rel.get("Id") in rids:
            root.remove(rel)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _keep_overrides(xml: bytes, needed: set[str]) -> bytes:
    root = etree.fromstring(xml, _PARSER)
    for child in list(root):
        part = child.get("PartName")
        if child.tag == f"{{{_CT_NS}}}Override" and part and part.lstrip("/") not in needed:
            root.remove(child)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def freeze_slide_numbers(xml: bytes) -> bytes:
    """A slide's XML with each slide-number field replaced by a run of the text it shows."""
    root = etree.fromstring(xml, _PARSER)
    fields = [f for f in root.iter(f"{{{A_NS}}}fld") if f.get("type") == "slidenum"]
    if not fields:
        return xml
    for fld in fields:
        run = etree.Element(f"{{{A_NS}}}r")
        for child in fld:
            if child.tag in (f"{{{A_NS}}}rPr", f"{{{A_NS}}}t"):
                run.append(child)
        parent = fld.getparent()
        if parent is not None:
            parent.replace(fld, run)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # [Content_Types].xml first, as Office writes it.
        for name in sorted(parts, key=lambda n: n != _CONTENT_TYPES):
            stored = name.lower().endswith(_STORED)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, parts[name], compresslevel=1)
    return buffer.getvalue()
