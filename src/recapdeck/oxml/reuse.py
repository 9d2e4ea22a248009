"""A written slide as data (:class:`SlideRecord`), and the same slide added again from it.

Writing a slide with python-pptx costs about 10 ms; adding it back from its recorded XML and
relationships costs a tenth of that. A record holds the slide's XML, its notes page's XML and
the slide's relationships in the order they were made (layout first, then pictures by content,
hyperlinks and the notes page), so replaying them gives the same relationship ids and the
same part names as writing the slide would have: the package is byte for byte the same.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .package import SlideAppender

_IMAGE, _LINK, _NOTES = "image", "link", "notes"


@dataclass(frozen=True)
class SlideRecord:
    """A slide as written: its XML, its notes page's XML, its relationships after the layout."""

    slide_xml: bytes
    notes_xml: bytes
    links: tuple[tuple[str, str], ...]
    """(kind, what) in relationship order: ("image", SHA-1 of the picture), ("link", URL),
    ("notes", "")."""

    def to_bytes(self) -> bytes:
        """The record as one blob (see :meth:`from_bytes`)."""
        head = json.dumps(
            {"slide": len(self.slide_xml), "notes": len(self.notes_xml), "links": self.links}
        ).encode()
        return head + b"\n" + self.slide_xml + self.notes_xml

    @classmethod
    def from_bytes(cls, blob: bytes) -> SlideRecord | None:
        """The record :meth:`to_bytes` wrote, or None when ``blob`` is not one."""
        head, _, rest = blob.partition(b"\n")
        try:
            data = json.loads(head)
            n_slide, n_notes = int(data["slide"]), int(data["notes"])
            links = tuple((str(kind), str(what)) for kind, what in data["links"])
        except (ValueError, KeyError, TypeError):
            return None
        if n_slide + n_notes != len(rest) or any(
            k not in (_IMAGE, _LINK, _NOTES) for k, _ in links
        ):
            return None
        return cls(rest[:n_slide], rest[n_slide:], links)


def record_slide(slide: Any) -> SlideRecord | None:
    """The record of a written slide, or None when it holds anything a record cannot replay."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.oxml import serialize_part_xml

    part = slide.part
    rels = list(part.rels.values())
    if not rels or rels[0].reltype != RT.SLIDE_LAYOUT:
        return None
    links: list[tuple[str, str]] = []
    notes: Any = None
    for n, rel in enumerate(rels, start=1):
        if rel.rId != f"rId{n}":
            return None
        if n == 1:
            continue
        if rel.is_external and rel.reltype == RT.HYPERLINK:
            links.append((_LINK, rel.target_ref))
        elif rel.is_external:
            return None
        elif rel.reltype == RT.IMAGE:
            links.append((_IMAGE, rel.target_part.sha1))
        elif rel.reltype == RT.NOTES_SLIDE and notes is None:
            notes = rel.target_part
            links.append((_NOTES, ""))
        else:
            return None
    if notes is None or [r.reltype for r in notes.rels.values()] != [RT.NOTES_MASTER, RT.SLIDE]:
        return None
    return SlideRecord(
        serialize_part_xml(part._element), serialize_part_xml(notes._element), tuple(links)
    )


def replay_slide(
    add_slide: SlideAppender, layout: Any, record: SlideRecord, images: Mapping[str, bytes]
) -> None:
    """Add the slide ``record`` holds on ``layout``; ``images`` are its pictures by SHA-1."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml import parse_xml
    from pptx.parts.slide import NotesSlidePart

    part = add_slide.add_part(layout, parse_xml(record.slide_xml))
    package = part.package
    for kind, what in record.links:
        if kind == _IMAGE:
            part.relate_to(package.get_or_add_image_part(io.BytesIO(images[what])), RT.IMAGE)
        elif kind == _LINK:
            part.relate_to(what, RT.HYPERLINK, is_external=True)
        else:
            master = package.presentation_part.notes_master_part  # made by the first notes page
            name = package.next_partname("/ppt/notesSlides/notesSlide%d.xml")
            notes = NotesSlidePart(name, CT.PML_NOTES_SLIDE, package, parse_xml(record.notes_xml))
            notes.relate_to(master, RT.NOTES_MASTER)
            notes.relate_to(part, RT.SLIDE)
            part.relate_to(notes, RT.NOTES_SLIDE)
