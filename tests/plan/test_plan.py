"""The planner on in-memory outlines: slide kinds, order, splitting, notes and geometry."""

from __future__ import annotations

from pathlib import Path

import pytest

from recapdeck.load.images import ImageInfo
from recapdeck.load.model import Outline
from recapdeck.load.outline import LoadedOutline
from recapdeck.load.theme import Colors, Fonts, Margins, Sizes, SlideKinds, Theme
from recapdeck.plan import plan_deck
from recapdeck.plan.fit import INSET_Y, Measurer, TextFitter, line_height
from recapdeck.plan.model import SLIDE_H, SLIDE_W, DeckPlan
from recapdeck.plan.pictures import CAPTION_MIN
from recapdeck.units import EMU_PER_PT

THEME = Theme(
    name="test",
    folders=(Path("/nonexistent"),),
    description="",
    fonts=Fonts(),
    colors=Colors(),
    sizes=Sizes(),
    margins=Margins(),
    slides=SlideKinds(),
    logo=None,
    closing_title="Questions?",
)


def outline(**overrides) -> Outline:
    data = {
        "title": "Test keynote recap",
        "event": {"name": "TestConf 2025", "date": "2025-03-04"},
        "recap_by": {"name": "Jane Doe", "team": "Platform"},
        "speakers": [{"id": "ada", "name": "Ada Quinn", "role": "CEO"}],
        "summary": ["First takeaway", {"text": "Second takeaway", "notes": "Say more here"}],
        "segments": [
            {
                "title": "Opening",
                "speaker": "ada",
                "highlights": [{"title": "Plain bullets", "points": ["One", "Two", "Three"]}],
            },
            {
                "title": "Deep dive",
                "speaker": "Guest Person",
                "highlights": [{"title": "More", "points": ["Four"], "notes": "Custom notes."}],
                "quotes": [{"text": "Ship it.", "speaker": "ada"}],
            },
        ],
        "announcements": [{"name": "Thing One", "summary": "It is new", "status": "preview"}],
        "references": [{"title": "Video", "url": "https://example.com/v"}],
        "credits": "Images by nobody",
    }
    data.update(overrides)
    return Outline.model_validate(data)


def with_images(o: Outline, sizes: dict[str, tuple[int, int]]) -> LoadedOutline:
    """The outline with probe results for its screenshots, as load_outline would give them,
    without touching files."""
    images = {
        name: ImageInfo(Path("/img") / name, width, height, "PNG")
        for name, (width, height) in sizes.items()
    }
    return LoadedOutline.in_memory(o, images=images)


def plan(o: Outline | LoadedOutline) -> DeckPlan:
    loaded = o if isinstance(o, LoadedOutline) else LoadedOutline.in_memory(o)
    return plan_deck(loaded, THEME, Measurer({}))


def kinds(deck: DeckPlan) -> list[str]:
    return [s.kind for s in deck.slides]


def inside_slide(box) -> bool:
    return (
        box.x >= 0
        and box.y >= 0
        and box.x + box.w <= SLIDE_W * EMU_PER_PT + 1
        and box.y + box.h <= SLIDE_H * EMU_PER_PT + 1
    )


def test_slide_kinds_in_order():
    deck = plan(outline())
    assert kinds(deck) == [
        "title",
        "agenda",
        "takeaways",
        "section",
        "highlight",
        "section",
        "highlight",
        "quote",
        "announcements",
        "references",
        "closing",
    ]
    assert [s.number for s in deck.slides] == list(range(1, 12))


def test_every_slide_has_notes_and_stays_on_the_slide():
    deck = plan(outline())
    for slide in deck.slides:
        assert slide.notes.strip(), slide.kind
        frames = [*slide.frames, *([slide.title_frame] if slide.title_frame else [])]
        for frame in frames:
            assert inside_slide(frame.box), (slide.number, frame.role)


def test_notes_come_from_the_outline_or_are_derived():
    deck = plan(outline())
    highlights = [s for s in deck.slides if s.kind == "highlight"]
    assert highlights[0].notes.startswith("Plain bullets.")
    assert "One." in highlights[0].notes and "Three." in highlights[0].notes
    assert highlights[1].notes == "Custom notes."
    assert "Ada Quinn" in deck.slides[3].notes  # the section slide introduces the speaker
    assert "TestConf 2025" in deck.slides[0].notes
    assert "4 March 2025" in deck.slides[0].notes


def test_plain_name_speaker_and_quote_attribution():
    deck = plan(outline())
    section = [s for s in deck.slides if s.kind == "section"][1]
    texts = [p.text for f in section.frames for p in f.paras]
    assert "Guest Person" in texts
    quote = next(s for s in deck.slides if s.kind == "quote")
    assert any("— Ada Quinn, CEO" in p.text for f in quote.frames for p in f.paras)
    assert "Ship it." in quote.notes


def test_optional_slides_follow_the_outline_and_theme():
    o = outline(summary=[], announcements=[], references=[])
    assert kinds(plan(o)).count("takeaways") == 0
    assert "announcements" not in kinds(plan(o))
    single = outline(segments=[outline().segments[0].model_dump()])
    assert "agenda" not in kinds(plan(single))


def test_long_bullet_lists_split_onto_continuation_slides():
    points = [f"Point number {i} with a few more words to make it wrap a little" for i in range(18)]
    o = outline(
        segments=[{"title": "S", "highlights": [{"title": "Busy", "points": points}]}],
    )
    deck = plan(o)
    parts = [s for s in deck.slides if s.kind == "highlight"]
    assert len(parts) >= 2
    assert parts[0].title == f"Busy (1/{len(parts)})"
    texts = [p.text for s in parts for p in s.content.points]
    assert texts == points  # nothing lost, order kept
    assert all(len(s.content.points) >= 2 for s in parts)  # never an orphan bullet alone
    assert any("split onto" in w.message for w in deck.warnings)


def test_nested_points_stay_with_their_parent():
    points = [{"text": f"Parent {i}", "points": [f"child {i}a", f"child {i}b"]} for i in range(9)]
    o = outline(segments=[{"title": "S", "highlights": [{"title": "Nest", "points": points}]}])
    for slide in [s for s in plan(o).slides if s.kind == "highlight"]:
        assert slide.content.points[0].level == 0
        levels = [p.level for p in slide.content.points]
        assert levels.count(1) == 2 * levels.count(0)


def shot(file: str, **extra) -> dict:
    return {"file": file, "alt": f"alt for {file}", **extra}


def test_one_screenshot_sits_beside_the_bullets_undistorted():
    o = with_images(
        outline(
            segments=[
                {
                    "title": "S",
                    "highlights": [
                        {"title": "H", "points": ["a", "b"], "screenshots": [shot("w.png")]}
                    ],
                }
            ]
        ),
        {"w.png": (1920, 1080)},
    )
    slide = next(s for s in plan(o).slides if s.kind == "highlight")
    (pic,) = slide.pictures
    body = next(f for f in slide.frames if f.role == "body")
    assert pic.box.x >= body.box.x + body.box.w  # to the right of the text
    assert pic.box.w / pic.box.h == pytest.approx(1920 / 1080, rel=0.01)
    assert pic.alt == "alt for w.png"
    assert inside_slide(pic.box)


def test_portrait_screenshot_gets_a_narrow_column():
    sizes = {"p.png": (1080, 1920), "w.png": (1920, 1080)}
    pics = {}
    for name in sizes:
        o = with_images(
            outline(
                segments=[
                    {
                        "title": "S",
                        "highlights": [
                            {"title": "H", "points": ["a"], "screenshots": [shot(name)]}
                        ],
                    }
                ]
            ),
            sizes,
        )
        slide = next(s for s in plan(o).slides if s.kind == "highlight")
        pics[name] = (slide.pictures[0], next(f for f in slide.frames if f.role == "body"))
    portrait, landscape = pics["p.png"], pics["w.png"]
    assert portrait[0].box.w < landscape[0].box.w
    assert portrait[1].box.w > landscape[1].box.w  # the bullets get the room back
    assert portrait[0].box.h / portrait[0].box.w == pytest.approx(1920 / 1080, rel=0.01)


def test_grid_and_bullets_make_two_slides():
    files = ["a.png", "b.png", "c.png", "d.png"]
    o = with_images(
        outline(
            segments=[
                {
                    "title": "S",
                    "highlights": [
                        {
                            "title": "Grid",
                            "points": ["x"],
                            "screenshots": [shot(f, caption=f"cap {f}") for f in files],
                        }
                    ],
                }
            ]
        ),
        dict.fromkeys(files, (1280, 720)),
    )
    slides = [s for s in plan(o).slides if s.kind == "highlight"]
    assert [s.title for s in slides] == ["Grid (1/2)", "Grid (2/2)"]
    pics = slides[1].pictures
    assert len(pics) == 4
    xs = sorted({p.box.x for p in pics})
    ys = sorted({p.box.y for p in pics})
    assert len(xs) == 2 and len(ys) == 2  # a 2×2 grid
    captions = [f for f in slides[1].frames if f.role == "caption"]
    assert len(captions) == 4
    for pic in pics:
        assert inside_slide(pic.box)


def test_a_long_caption_wraps_then_takes_room_from_its_picture_with_a_warning():
    files = ["a.png", "b.png", "c.png", "d.png"]
    long = "A caption that goes on " + "and on " * 30 + "until it ends."
    captions = {"a.png": long, "b.png": "Short", "c.png": "Short", "d.png": "Short"}
    o = with_images(
        outline(
            segments=[
                {
                    "title": "S",
                    "highlights": [
                        {
                            "title": "Grid",
                            "screenshots": [shot(f, caption=captions[f]) for f in files],
                        }
                    ],
                }
            ]
        ),
        dict.fromkeys(files, (1280, 720)),
    )
    deck = plan(o)
    (slide,) = [s for s in deck.slides if s.kind == "highlight"]
    frames = {f.paras[0].runs[0].text: f for f in slide.frames if f.role == "caption"}
    frame = frames[long]
    width = frame.box.w / EMU_PER_PT
    lines = TextFitter(Measurer({})).lines(long, width, frame.size)
    assert lines > 2 and frame.size >= CAPTION_MIN  # wrapped, never below the caption minimum
    assert frame.box.h / EMU_PER_PT >= lines * line_height(frame.size) + 2 * INSET_Y - 0.01
    assert inside_slide(frame.box)
    pic = slide.pictures[0]
    assert pic.box.y + pic.box.h <= frame.box.y  # the picture gave way
    assert frames["Short"].size == THEME.sizes.caption
    assert any("the caption of 'a.png' takes" in w.message for w in deck.warnings)


def test_cover_crops_natively_around_the_focus():
    o = with_images(
        outline(
            segments=[
                {
                    "title": "S",
                    "highlights": [
                        {
                            "title": "Cover",
                            "screenshots": [shot("tall.png", fit="cover", focus=[0.5, 0.0])],
                        }
                    ],
                }
            ]
        ),
        {"tall.png": (1000, 3000)},
    )
    slide = next(s for s in plan(o).slides if s.kind == "highlight")
    pic = slide.pictures[0]
    assert pic.crop.top == 0 and pic.crop.bottom > 0.5  # focus at the top keeps the top
    visible_aspect = (1000 * (1 - pic.crop.left - pic.crop.right)) / (
        3000 * (1 - pic.crop.top - pic.crop.bottom)
    )
    assert pic.box.w / pic.box.h == pytest.approx(visible_aspect, rel=0.01)


def test_small_screenshot_blown_up_is_a_warning():
    o = with_images(
        outline(
            segments=[
                {"title": "S", "highlights": [{"title": "Tiny", "screenshots": [shot("t.png")]}]}
            ]
        ),
        {"t.png": (320, 180)},
    )
    assert any("blurry" in w.message for w in plan(o).warnings)


def test_missing_image_is_planned_as_a_placeholder():
    o = outline(
        segments=[{"title": "S", "highlights": [{"title": "Gone", "screenshots": [shot("x.png")]}]}]
    )
    slide = next(s for s in plan(o).slides if s.kind == "highlight")
    assert slide.pictures[0].image is None
    assert slide.pictures[0].label == "x.png"


def test_new_highlights_carry_a_badge():
    o = outline(
        segments=[{"title": "S", "highlights": [{"title": "Launch", "points": ["x"], "new": True}]}]
    )
    slide = next(s for s in plan(o).slides if s.kind == "highlight")
    assert slide.new
    assert any(shape.text == "NEW" for shape in slide.shapes)
    assert "announced as new" in slide.notes


def test_inline_markdown_becomes_runs_and_links():
    o = outline(
        segments=[
            {
                "title": "S",
                "highlights": [
                    {
                        "title": "Md",
                        "points": ["**bold** and *it* and `code` [site](https://x.org)"],
                    }
                ],
            }
        ]
    )
    slide = next(s for s in plan(o).slides if s.kind == "highlight")
    runs = slide.content.points[0].runs
    assert [(r.text, r.bold, r.italic, r.code) for r in runs[:5]] == [
        ("bold", True, False, False),
        (" and ", False, False, False),
        ("it", False, True, False),
        (" and ", False, False, False),
        ("code", False, False, True),
    ]
    assert runs[-1].link == "https://x.org"
    assert slide.links == (("site", "https://x.org"),)
    assert "**" not in slide.notes


def test_unsafe_link_schemes_stay_text():
    o = outline(
        segments=[
            {"title": "S", "highlights": [{"title": "Md", "points": ["[x](javascript:alert(1))"]}]}
        ]
    )
    slide = next(s for s in plan(o).slides if s.kind == "highlight")
    assert all(r.link is None for r in slide.content.points[0].runs)


def test_document_properties():
    props = plan(outline()).props
    assert props.title == "Test keynote recap"
    assert props.author == "Jane Doe"
    assert props.subject == "TestConf 2025"
    assert "Ada Quinn" in props.keywords


def test_plan_is_deterministic():
    assert plan(outline()) == plan(outline())


def test_document_properties_fit_what_a_pptx_allows():
    """17 speakers' names made keywords longer than the 255 characters a .pptx allows (a
    real EmberConf recap passed check and then failed to build)."""
    speakers = [{"id": f"p{n}", "name": f"Speaker Number {n} With A Long Name"} for n in range(20)]
    props = plan(outline(speakers=speakers, title="T" * 40 + " word" * 50)).props
    assert len(props.keywords) <= 255
    assert props.keywords.startswith("TestConf 2025; Speaker Number 0 With A Long Name")
    assert len(props.title) <= 255 and props.title.endswith("…")


def test_section_slides_show_the_agenda_with_the_current_part_marked():
    deck = plan(outline())
    sections = [s for s in deck.slides if s.kind == "section"]
    for index, slide in enumerate(sections):
        entries = [f for f in slide.frames if f.role == "agenda"]
        assert [f.paras[0].text for f in entries] == ["1. Opening", "2. Deep dive"]
        assert [f.bold for f in entries] == [i == index for i in range(2)]
        assert [f.box for f in entries] == [f.box for f in sections[0].frames if f.role == "agenda"]
    assert len({s.title_frame.box.y for s in sections if s.title_frame}) == 1  # titles stay put


def test_an_agenda_too_long_for_the_side_of_a_section_slide_is_left_out():
    many = [{"title": f"Part number {i} with a title", "highlights": []} for i in range(16)]
    many = [{**m, "quotes": [{"text": "Hi."}]} for m in many]
    deck = plan(outline(segments=many))
    assert not any(f.role == "agenda" for s in deck.slides for f in s.frames)


def test_announcements_become_cards_with_status_chips():
    launches = [
        {"name": f"Launch {i}", "summary": "Short.", "status": s}
        for i, s in enumerate(["generally available", "public preview", None, "beta"])
    ]
    deck = plan(outline(announcements=launches))
    (slide,) = [s for s in deck.slides if s.kind == "announcements"]
    assert [c.chip for c in slide.content.cards] == ["GA", "Preview", "Announced", "Preview"]
    assert [s.text for s in slide.shapes if s.text and s.text != "NEW"] == [
        "GA",
        "Preview",
        "Announced",
        "Preview",
    ]
    assert slide.content.points == ()
    assert [a.chip for a in deck.meta.announcements] == ["GA", "Preview", "Announced", "Preview"]


def test_a_card_name_is_never_broken_inside_a_word_when_a_size_or_grouping_avoids_it():
    """Renderers break a word longer than its line between letters ("UltraServe|rs"): a card
    name takes a smaller size, or its slide fewer cards, rather than that."""
    from recapdeck.plan.cards import NAME_SIZES

    long_word = "Ultraserverinterconnectfabric"
    launches = [{"name": f"Trainium2 {long_word}", "summary": "Short."}] + [
        {"name": f"Launch {i}", "summary": "Short."} for i in range(5)
    ]
    deck = plan(outline(announcements=launches))
    slides = [s for s in deck.slides if s.kind == "announcements"]
    name_frames = [f for s in slides for f in s.frames if f.paras and long_word in f.paras[0].text]
    (frame,) = name_frames
    fitter = TextFitter(Measurer({}))
    assert fitter.unbroken(long_word, frame.box.w / EMU_PER_PT, frame.size, bold=True,
                           role="heading"), frame.size  # fmt: skip
    assert frame.size <= NAME_SIZES[0]
