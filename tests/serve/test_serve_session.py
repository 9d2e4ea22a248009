"""The serve session without LibreOffice: which slides each change renders again, errors shown
over the last good slides, and the page's view of it all. LibreOffice is replaced by a
converter that draws one PDF page per slide of the small deck it is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers_outline import draw_image, line_of
from recapdeck.errors import RecapdeckError
from recapdeck.pipeline import BuildOptions
from recapdeck.serve.session import ServeSession
from serve_live import FakeOffice, write_talk


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    """A small outline with a screenshot, in a project of its own."""
    return write_talk(tmp_path)


@pytest.fixture
def office(monkeypatch: pytest.MonkeyPatch) -> FakeOffice:
    fake = FakeOffice()
    monkeypatch.setattr(
        ServeSession, "_convert", lambda self, source, pdf, prepared: fake.convert(source, pdf)
    )
    return fake


@pytest.fixture
def session(talk: Path, tmp_path: Path, office: FakeOffice) -> ServeSession:
    return ServeSession(talk, BuildOptions(cache=tmp_path / "cache"), width=320)


def test_the_first_refresh_renders_every_slide_in_one_conversion(session, office):
    view = session.refresh()
    assert view.refresh is not None and view.refresh.ok
    assert view.refresh.rendered == tuple(range(1, len(view.slides) + 1))
    assert office.converted == [len(view.slides)]
    assert all(session.store.get(s.image) is not None for s in view.slides)
    assert [s.title for s in view.slides][-3:-1] == ["A chart", "Plain words"]
    png = session.store.get(view.slides[0].image)
    assert png is not None and png.startswith(b"\x89PNG")


def test_a_title_edit_renders_that_slide_only(session, talk, office):
    first = session.refresh()
    talk.write_text(talk.read_text().replace("title: Plain words", "title: Plainer words"))
    second = session.refresh()
    number = next(s.number for s in second.slides if s.title == "Plainer words")
    assert second.refresh is not None and second.refresh.rendered == (number,)
    assert office.converted[-1] == 1
    pairs = zip(first.slides, second.slides, strict=True)
    changed = [a.number for a, b in pairs if a.image != b.image]
    assert changed == [number]
    assert second.version > first.version


def test_a_notes_edit_renders_nothing_and_shows_the_new_notes(session, talk, office):
    session.refresh()
    talk.write_text(talk.read_text().replace("Say it plainly.", "Say it <b>plainly</b>."))
    view = session.refresh()
    assert view.refresh is not None and view.refresh.rendered == ()
    assert office.converted == [len(view.slides)]
    assert "Say it <b>plainly</b>." in [s.notes for s in view.slides]  # as text, for the page


def test_a_new_screenshot_renders_the_slide_showing_it(session, talk, office):
    first = session.refresh()
    draw_image(talk.parent / "chart.png", (1600, 900), color="darkred")
    view = session.refresh()
    chart = next(s.number for s in first.slides if s.title == "A chart")
    assert view.refresh is not None and view.refresh.rendered == (chart,)


def test_an_error_is_shown_with_its_line_over_the_last_good_slides(session, talk, office):
    good = session.refresh()
    text = talk.read_text()
    talk.write_text(text.replace("file: chart.png", "file: missing.png"))
    bad = session.refresh()
    assert bad.refresh is not None and not bad.refresh.ok
    assert bad.slides == good.slides
    assert bad.errors and bad.errors[0].line == line_of(talk, "missing.png")
    assert "missing.png" in bad.errors[0].message
    assert str(talk.name) in bad.errors[0].where
    assert all(session.store.get(s.image) for s in bad.slides)  # their images are still served
    talk.write_text(text)
    again = session.refresh()
    assert again.errors == () and again.refresh is not None and again.refresh.rendered == ()


def test_warnings_carry_the_outline_line(session, talk, office):
    session.refresh()
    talk.write_text(talk.read_text().replace("duration: 30", "duration: 1"))
    view = session.refresh()
    (warning,) = [w for w in view.warnings if "slot is 1 min" in w.message]
    assert warning.line == line_of(talk, "duration: 1")
    assert warning.where.endswith(f"talk.yaml:{warning.line}:11")
    assert view.refresh is not None and view.refresh.rendered == ()


def test_the_store_keeps_only_the_images_of_the_deck_shown(session, talk, office):
    session.refresh()
    talk.write_text(talk.read_text().replace("title: Plain words", "title: Other words"))
    view = session.refresh()
    assert len(session.store) == len({s.image for s in view.slides})


def test_the_inputs_are_watch_mode_s(session, talk):
    session.refresh()
    assert talk in session.inputs
    assert (talk.parent / "chart.png") in session.inputs
    assert any(folder.name == "default" for folder in session.folders)


def test_the_view_is_json_with_every_slide(session):
    import json

    view = session.refresh()
    data = json.loads(view.to_json())
    assert [s["number"] for s in data["slides"]] == [s.number for s in view.slides]
    assert data["segments"][0]["start"] == "0:00"
    assert data["refresh"]["office"] == "persistent"


def test_without_a_persistent_office_each_change_starts_its_own_and_says_so(
    talk, tmp_path, monkeypatch
):
    import recapdeck.export.libreoffice
    import recapdeck.export.office

    class Broken:
        pid = None

        def __init__(self, **_: object) -> None:
            pass

        def start(self) -> None:
            raise RecapdeckError("LibreOffice did not start: no uno")

        def convert(self, source: Path, target: Path) -> None:
            raise RecapdeckError("LibreOffice did not start: no uno")

        def close(self) -> None:
            pass

    one_shot = FakeOffice()

    def convert_to_pdf(sources: list[Path], out_dir: Path, **_: object) -> list[Path]:
        (source,) = sources
        one_shot.convert(source, out_dir / f"{source.stem}.pdf")
        return [out_dir / f"{source.stem}.pdf"]

    monkeypatch.setattr(recapdeck.export.office, "Office", Broken)
    monkeypatch.setattr(recapdeck.export.libreoffice, "convert_to_pdf", convert_to_pdf)
    session = ServeSession(talk, BuildOptions(cache=tmp_path / "cache"), width=320)
    view = session.refresh()
    assert view.refresh is not None and view.refresh.office == "one-shot"
    assert one_shot.converted == [len(view.slides)]
    assert any("each change now starts its own" in w.message for w in view.warnings)


def test_a_first_page_of_many_slides_shows_their_text_before_their_images(tmp_path, office):
    from recapdeck.serve.session import FIRST_ROUND, PROGRESSIVE

    talk = write_talk(tmp_path)
    more = "".join(
        f"      - title: Extra {n}\n        points: [Point {n}]\n        notes: Notes {n}.\n"
        for n in range(PROGRESSIVE)
    )
    text = talk.read_text()
    talk.write_text(
        text.replace(
            "  - title: Pictures\n    highlights:\n",
            "  - title: Pictures\n    highlights:\n" + more,
        )
    )
    session = ServeSession(talk, BuildOptions(cache=tmp_path / "cache"), width=320)
    published = []
    publish = session._publish
    session._publish = lambda view: published.append(view) or publish(view)  # type: ignore[method-assign]
    view = session.refresh()
    slides = len(view.slides)
    assert slides >= PROGRESSIVE and all(s.ready for s in view.slides) and not view.building
    assert office.converted == [FIRST_ROUND, slides - FIRST_ROUND]
    waiting = [v for v in published if v.building]
    # before any image: every slide's title and notes; then the first round's images
    assert [sum(s.ready for s in v.slides) for v in waiting] == [0, FIRST_ROUND]
    assert [s.title for s in waiting[0].slides] == [s.title for s in view.slides]
    assert waiting[0].segments == view.segments
    assert view.refresh is not None and view.refresh.rendered == tuple(range(1, slides + 1))
    # a later edit renders the one slide again, in one round
    talk.write_text(talk.read_text().replace("title: Extra 3", "title: Extra three"))
    published.clear()
    again = session.refresh()
    assert office.converted[-1] == 1 and not [v for v in published if v.building]
    assert again.refresh is not None and len(again.refresh.rendered) == 1
