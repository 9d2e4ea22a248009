"""Every deck is a valid OOXML package: schemas, relationships, ids, notes wiring.

The shared validator (../shared/tools/ooxml_validate.py) must report 0 problems and 0 warnings on
both built-in themes with both sample decks, the stress outline, every real company template in
../shared/examples/templates, the batch output; LibreOffice's round trip keeps every note.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation

import ooxml_check
from built_decks import SAMPLES
from recapdeck import build
from recapdeck.inspect import doctor, problems
from recapdeck.pipeline.batch import BuildOptions, build_many
from template_fixtures import make_template, without_notes_master

pytestmark = [
    pytest.mark.slow,  # builds decks on every template
    pytest.mark.skipif(
        not ooxml_check.available(), reason=f"../shared is absent: no {ooxml_check.VALIDATOR}"
    ),
]
NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def _presentation_xml(deck: Path) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(deck).read("ppt/presentation.xml"))


@pytest.mark.parametrize("theme", ["default", "midnight"])
@pytest.mark.parametrize("name", ["sample", "example", "stress"])
def test_built_in_themes_give_valid_packages(built_decks, theme, name):
    deck = built_decks[(theme, name)]
    ooxml_check.assert_valid(deck, deck.name)
    root = _presentation_xml(deck)
    size = root.find("p:sldSz", NS)
    assert (size.get("cx"), size.get("cy")) == ("12192000", "6858000")
    assert size.get("type") is None  # 16:9 at 13.333 in has no type; never "screen4x3"
    ids = root.findall("p:notesMasterIdLst/p:notesMasterId", NS)
    assert len(ids) == 1


def test_notes_master_prints_the_slide_and_the_notes(built_decks):
    deck = zipfile.ZipFile(built_decks[("default", "sample")])
    master = etree.fromstring(deck.read("ppt/notesMasters/notesMaster1.xml"))
    types = {ph.get("type") for ph in master.iterfind(".//p:ph", NS)}
    assert {"sldImg", "body"} <= types
    prs = Presentation(built_decks[("default", "sample")])
    assert all(s.notes_slide.notes_text_frame.text.strip() for s in prs.slides)


def test_every_real_template_gives_a_valid_deck(shared_template_decks):
    assert len(shared_template_decks) >= 12
    failures = {
        name: found
        for name, deck in shared_template_decks.items()
        if (found := ooxml_check.problems(deck, name))
    }
    assert failures == {}


def test_a_template_notes_master_without_slide_image_gets_one(shared_template_decks):
    name = "onlyoffice-sample-georgia.pptx"  # its notes master has a body but no slide image
    if name not in shared_template_decks:
        pytest.skip(f"{name} is not among the real templates")
    deck = zipfile.ZipFile(shared_template_decks[name])
    master = next(n for n in deck.namelist() if re.fullmatch(r"ppt/notesMasters/\w+\.xml", n))
    types = [ph.get("type") for ph in etree.fromstring(deck.read(master)).iterfind(".//p:ph", NS)]
    assert types.count("sldImg") == 1 and types.count("body") == 1


def test_a_template_size_keeps_a_matching_type_or_none(shared_template_decks):
    for name, deck in shared_template_decks.items():
        size = _presentation_xml(deck).find("p:sldSz", NS)
        expected = {
            ("9144000", "6858000"): "screen4x3",
            ("9144000", "5143500"): "screen16x9",
        }.get((size.get("cx"), size.get("cy")))
        assert size.get("type") == expected, name


def test_made_templates_and_a_template_without_notes_master_give_valid_decks(tmp_path):
    narrow = make_template(tmp_path / "narrow.pptx", wide=False, drop_types=True, body_idx=10)
    bare = without_notes_master(make_template(tmp_path / "corp.pptx"), tmp_path / "bare.pptx")
    for template in (narrow, bare):
        deck = build(SAMPLES["example"], template=template, out_dir=tmp_path / template.stem).pptx
        ooxml_check.assert_valid(deck, template.name)
        root = _presentation_xml(deck)
        assert root.find("p:notesMasterIdLst/p:notesMasterId", NS) is not None
    size = _presentation_xml(tmp_path / "narrow" / "example-all-features.pptx").find("p:sldSz", NS)
    assert size.get("type") == "screen4x3"


def _with_linked_footer(path: Path) -> Path:
    """A template whose layouts' footers carry a hyperlink and a picture fill (own rels)."""
    import io

    from pptx.oxml.ns import qn

    prs = Presentation(make_template(path, rename=False))
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "#123456").save(picture, "PNG")
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            if ph._element.ph.get("type") != "ftr":
                continue
            ph.click_action.hyperlink.address = "https://intranet.example.com/"
            _, r_id = layout.part.get_or_add_image_part(io.BytesIO(picture.getvalue()))
            sp_pr = ph._element.spPr
            fill = etree.SubElement(sp_pr, qn("a:blipFill"))
            etree.SubElement(fill, qn("a:blip")).set(qn("r:embed"), r_id)
            etree.SubElement(etree.SubElement(fill, qn("a:stretch")), qn("a:fillRect"))
            xfrm = sp_pr.find(qn("a:xfrm"))
            geometry = sp_pr.find(qn("a:prstGeom"))
            for element in (xfrm, geometry):
                if element is not None:
                    sp_pr.remove(element)
                    sp_pr.insert(0 if element is xfrm else 1, element)
    prs.save(path)
    return path


def test_footers_copied_from_layouts_bring_their_relationships(tmp_path):
    template = _with_linked_footer(tmp_path / "linked.pptx")
    theme = tmp_path / "corp"
    theme.mkdir()
    shutil.copy(template, theme / "linked.pptx")
    (theme / "theme.yaml").write_text("template: linked.pptx\n", "utf-8")
    deck = build(SAMPLES["sample"], theme=theme, out_dir=tmp_path / "out", handout=[]).pptx
    ooxml_check.assert_valid(deck, "linked footer")
    archive = zipfile.ZipFile(deck)
    rels = "".join(
        archive.read(n).decode() for n in archive.namelist() if n.startswith("ppt/slides/_rels/")
    )
    slides = "".join(
        archive.read(n).decode()
        for n in archive.namelist()
        if n.startswith("ppt/slides/slide") and n.endswith(".xml")
    )
    assert slides.count("a:hlinkClick") > 10  # the footers made it onto the slides...
    assert rels.count("https://intranet.example.com/") > 10  # ...with their link
    assert slides.count("<a:blipFill>") > 10  # and their picture fill, related (valid above)


def test_batch_output_is_valid(tmp_path):
    outlines = list(SAMPLES.values())
    options = BuildOptions(out_dir=tmp_path / "batch", handout=(), cache=False)
    done = dict(build_many(outlines, options, jobs=2))
    assert all(not isinstance(r, Exception) for r in done.values()), done
    decks = sorted((tmp_path / "batch").glob("*.pptx"))
    assert len(decks) == 2
    for deck in decks:
        ooxml_check.assert_valid(deck, deck.name)
        assert problems(doctor(deck)) == []


def _notes(deck: Path) -> list[str]:
    slides = Presentation(deck).slides
    return [" ".join(s.notes_slide.notes_text_frame.text.split()) for s in slides]


@pytest.mark.slow
@pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed"
)
def test_libreoffice_round_trip_keeps_every_note(built_decks, tmp_path):
    sources = [built_decks[("default", "sample")], built_decks[("default", "example")]]
    out = tmp_path / "round-trip"
    command = [
        "soffice",
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pptx:Impress Office Open XML",
        "--outdir",
        str(out),
        *map(str, sources),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    for source in sources:
        before, after = _notes(source), _notes(out / source.name)
        assert len(before) == len(after) > 10
        assert after == before
