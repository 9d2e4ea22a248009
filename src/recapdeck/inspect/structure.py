"""Package defects that PowerPoint repairs, Keynote refuses or Google Slides drops."""

from __future__ import annotations

import io
from collections import Counter

from .findings import PROBLEM, WARNING, Finding
from .package import NS, P_NS, R_ATTR, Package

_SIZE_TYPES = {
    (9_144_000, 6_858_000): "screen4x3",
    (9_144_000, 5_715_000): "screen16x10",
    (9_144_000, 5_143_500): "screen16x9",
}
_SCREEN_TYPES = {"screen4x3", "screen16x10", "screen16x9"}
_GOOGLE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif"}
_GOOGLE_MAX_PIXELS = 25_000_000
_GOOGLE_MAX_BYTES = 100 * 1024 * 1024


def check_structure(package: Package) -> list[Finding]:
    """Findings about the package itself: parts, relationships, ids, notes wiring, size."""
    findings: list[Finding] = []
    findings += _zip_and_types(package)
    findings += _presentation(package)
    slides = package.slides()
    for number, slide in enumerate(slides, 1):
        findings += _slide(package, slide, number)
    findings += _pictures(package, slides)
    return findings


def _zip_and_types(package: Package) -> list[Finding]:
    found = []
    for name in package.duplicate_entries():
        found.append(
            Finding(
                PROBLEM,
                "duplicate-part",
                f"the file holds {name} twice; PowerPoint offers to repair it and Keynote may "
                "refuse it",
                "save it again from PowerPoint or LibreOffice, or rebuild it",
                part=name,
            )
        )
    for part in sorted(package.parts - {"[Content_Types].xml"}):
        if not part.endswith(".rels") and package.content_type(part) is None:
            found.append(
                Finding(
                    PROBLEM,
                    "no-content-type",
                    f"{part} has no content type; PowerPoint reports the file as damaged",
                    "add a Default or Override for it to [Content_Types].xml, or remove the part",
                    part=part,
                )
            )
    return found


def _presentation(package: Package) -> list[Finding]:
    found: list[Finding] = []
    main = package.presentation
    root = package.xml(main)
    if root is None:
        return [
            Finding(
                PROBLEM,
                "no-presentation",
                f"the main part {main} is missing or not well-formed XML",
                "this is not a usable deck; rebuild it",
                part=main,
            )
        ]
    size = root.find("p:sldSz", NS)
    if size is not None:
        cx, cy = int(size.get("cx", "0")), int(size.get("cy", "0"))
        kind = size.get("type")
        expected = _SIZE_TYPES.get((cx, cy))
        if kind in _SCREEN_TYPES and kind != expected:
            found.append(
                Finding(
                    PROBLEM,
                    "slide-size-type",
                    f"the slide size is {cx / 914_400:.3g} × {cy / 914_400:.3g} in but is "
                    f"labelled {kind}; Keynote trusts the label and lays the deck out wrong",
                    f"set p:sldSz/@type to {expected}" if expected else "drop p:sldSz/@type",
                    part=main,
                )
            )
    listed = {
        package.rels(main).get(e.get(R_ATTR + "id", "")) for e in root.iter(P_NS + "notesMasterId")
    }
    listed_targets = {r.target for r in listed if r is not None}
    masters = package.related(main, "notesMaster")
    for master in masters:
        if master not in listed_targets:
            found.append(
                Finding(
                    PROBLEM,
                    "notes-master-unlisted",
                    f"the notes master {master} is not listed in p:notesMasterIdLst; Keynote "
                    "reports the file as invalid or drops the speaker notes (PowerPoint copes)",
                    "add <p:notesMasterIdLst><p:notesMasterId r:id=…/></p:notesMasterIdLst> "
                    "after p:sldMasterIdLst, or save the deck once from PowerPoint",
                    part=main,
                )
            )
        master_root = package.xml(master)
        types = (
            {ph.get("type") for ph in master_root.iter(P_NS + "ph")}
            if master_root is not None
            else set()
        )
        missing = [
            t for t, what in (("sldImg", "slide image"), ("body", "notes body")) if t not in types
        ]
        if missing:
            found.append(
                Finding(
                    WARNING,
                    "notes-master-incomplete",
                    f"the notes master has no {' or '.join(missing)} placeholder; Notes Pages "
                    "print without the slide or without the notes",
                    "View > Notes Master in PowerPoint, tick Slide Image and Body",
                    part=master,
                )
            )
    if len(package.slides()) == 0:
        found.append(
            Finding(WARNING, "no-slides", "the deck has no slides", "add slides", part=main)
        )
    total = sum(i.file_size for i in package.archive.infolist())
    if total > _GOOGLE_MAX_BYTES:
        found.append(
            Finding(
                WARNING,
                "too-large-for-google-slides",
                f"the deck holds {total / 1024 / 1024:.0f} MB; Google Slides imports at most "
                "100 MB",
                "compress the pictures (PowerPoint: File > Compress Pictures)",
            )
        )
    return found


def _slide(package: Package, slide: str, number: int) -> list[Finding]:
    found: list[Finding] = []
    root = package.xml(slide)
    if root is None:
        return [
            Finding(
                PROBLEM,
                "slide-unreadable",
                f"{slide} is missing or not well-formed XML; PowerPoint drops or repairs the slide",
                "rebuild the deck, or delete the slide and add it again",
                number,
                slide,
            )
        ]
    rels = package.rels(slide)
    for r_id, rel in rels.items():
        if not rel.external and rel.target not in package.parts:
            found.append(
                Finding(
                    PROBLEM,
                    "missing-part",
                    f"relationship {r_id} ({rel.kind}) points at {rel.target}, which is not in "
                    "the file; PowerPoint offers to repair the deck and the picture or link is "
                    "lost",
                    "insert the picture again, or remove the shape that uses it",
                    number,
                    slide,
                )
            )
    dangling = sorted(
        {
            value
            for element in root.iter()
            for attr, value in element.attrib.items()
            if attr.startswith(R_ATTR) and value and value not in rels
        }
    )
    if dangling:
        found.append(
            Finding(
                PROBLEM,
                "dangling-reference",
                f"the slide refers to relationship {', '.join(dangling)}, which it does not "
                "have (a shape copied from a layout or another deck without its picture or "
                "link); PowerPoint offers to repair the file",
                "delete the shape and insert its picture or link again",
                number,
                slide,
            )
        )
    ids = Counter(c.get("id") for c in root.iter(P_NS + "cNvPr"))
    twice = sorted(
        (i for i, n in ids.items() if n > 1), key=lambda i: int(i) if i and i.isdigit() else 0
    )
    if twice:
        found.append(
            Finding(
                PROBLEM,
                "duplicate-shape-id",
                f"shape id {', '.join(map(str, twice))} is used by more than one shape; "
                "PowerPoint renumbers them (and breaks animations) after offering a repair",
                "give each shape its own p:cNvPr/@id, or copy the shapes into a new slide",
                number,
                slide,
            )
        )
    layouts = package.related(slide, "slideLayout")
    if len(layouts) != 1:
        found.append(
            Finding(
                PROBLEM,
                "slide-layout",
                f"the slide has {len(layouts)} layouts instead of one; PowerPoint and Keynote "
                "refuse or repair the file",
                "apply one layout to the slide (Home > Layout)",
                number,
                slide,
            )
        )
    for notes in package.related(slide, "notesSlide"):
        if package.related(notes, "slide") != [slide]:
            found.append(
                Finding(
                    PROBLEM,
                    "notes-unlinked",
                    "the slide's notes page does not point back at the slide; Keynote and "
                    "Google Slides drop such notes",
                    "cut the notes, delete them, and paste them into the notes pane again",
                    number,
                    notes,
                )
            )
    for ph in root.iter(P_NS + "ph"):
        sp = ph.getparent().getparent().getparent()
        body = sp.find("p:txBody", NS)
        kind = ph.get("type", "obj")
        if kind in ("pic", "chart", "tbl", "dgm", "media", "clipArt", "sldImg"):
            continue
        if sp.tag == P_NS + "sp" and (body is None or not "".join(body.itertext()).strip()):
            found.append(
                Finding(
                    WARNING,
                    "empty-placeholder",
                    f"an empty {kind} placeholder shows 'Click to add text' while editing in "
                    "PowerPoint, Keynote and Google Slides",
                    "type into it or delete it",
                    number,
                    slide,
                )
            )
    return found


def _pictures(package: Package, slides: list[str]) -> list[Finding]:
    found = []
    seen: set[str] = set()
    for number, slide in enumerate(slides, 1):
        for rel in package.rels(slide).values():
            if rel.kind != "image" or rel.external or rel.target in seen:
                continue
            seen.add(rel.target)
            kind = package.content_type(rel.target)
            if kind and kind not in _GOOGLE_IMAGE_TYPES:
                found.append(
                    Finding(
                        WARNING,
                        "picture-format",
                        f"{rel.target} is {kind}; Google Slides imports only PNG, JPEG and GIF "
                        "pictures faithfully",
                        "replace it with a PNG (Save as Picture… in PowerPoint, then insert it)",
                        number,
                        rel.target,
                    )
                )
            pixels = _pixels(package.blob(rel.target))
            if pixels > _GOOGLE_MAX_PIXELS:
                found.append(
                    Finding(
                        WARNING,
                        "picture-too-large",
                        f"{rel.target} has {pixels / 1e6:.0f} megapixels; Google Slides refuses "
                        "pictures over 25",
                        "downscale it (File > Compress Pictures)",
                        number,
                        rel.target,
                    )
                )
    return found


def _pixels(data: bytes | None) -> int:
    if not data:
        return 0
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.width * image.height
    except Exception:  # not a raster Pillow knows (EMF, SVG...): no size to judge
        return 0
