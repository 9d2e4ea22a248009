"""``recapdeck extract`` on generated keynote videos whose truth is known."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("av")
pytest.importorskip("webvtt")

import typer
from extract_videogen import Show, Spec, Truth, draw_slide, render_video, ssim, transition_f1
from PIL import Image
from typer.testing import CliRunner

from recapdeck.cli.extract import register
from recapdeck.extract import extract
from recapdeck.load.outline import load_outline

pytestmark = pytest.mark.slow  # encodes and decodes videos

# Cuts and fades, a slide built in three steps, a white flash, a short slide, and slide 0
# coming back; a noisy moving speaker inset, a caption band changing every 2 s and a pointer
# throughout; variable frame rate.
MIXED = Spec(
    shows=(
        Show(0, 5.0),
        Show(1, 4.5, "fade"),
        Show(2, 3.0, step=1),
        Show(2, 3.0, step=2),
        Show(2, 4.0, step=0),
        Show(3, 6.0),
        Show(0, 4.0, "fade"),
        Show(4, 2.5),
        Show(5, 5.0),
    ),
    fps=6,
    variable_fps=True,
    pip=True,
    captions_band=True,
    pointer=True,
    flashes=(22.0,),
    seed=3,
)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _main() -> None:  # a group, so the command keeps its name as on the real app
        pass

    return app


def run(*args: str | Path):
    return CliRunner().invoke(_app(), ["extract", *map(str, args)])


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth, Path]:
    """The mixed video, extracted once with captions and an outline in a small project."""
    root = tmp_path_factory.mktemp("mixed")
    video = root / "keynote.mp4"
    truth = render_video(video, MIXED, captions=root / "keynote.en.vtt")
    (root / "pyproject.toml").write_text("")
    result = run(
        video,
        "--out", root / "assets" / "keynote",
        "--captions", root / "keynote.en.vtt",
        "--outline", root / "decks" / "keynote.yaml",
        "--video-url", "https://www.youtube.com/watch?v=vx36tyJ47ps",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return root, truth, root / "assets" / "keynote"


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "extract.json").read_text())


def test_mixed_finds_each_slide_once_at_its_transitions(mixed) -> None:
    _, truth, out = mixed
    slides = _manifest(out)["slides"]
    # the flash, the fades, the inset, the captions and the builds add no slide
    assert len(slides) == len(truth.order) == 6
    found = sorted(
        [s["start"] for s in slides][1:] + [a for s in slides for a, _ in s["also_shown"]]
    )
    f1, _, fp, fn = transition_f1(found, truth.transitions, tolerance=1.0)
    assert (f1, fp, fn) == (1.0, 0, 0), (found, truth.transitions)


def test_mixed_returning_slide_and_builds(mixed) -> None:
    _, truth, out = mixed
    slides = _manifest(out)["slides"]
    first = slides[0]
    assert len(first["also_shown"]) == 1
    returns = [start for slide, start, _ in truth.showings[1:] if slide == truth.order[0]]
    assert len(returns) == 1 and abs(first["also_shown"][0][0] - returns[0]) <= 1.0
    built = slides[2]
    assert built["builds"] == 2
    # the PNG is the fullest step: it matches the slide with all bullets better than step 1
    png = Image.open(out / built["file"])
    top = (0, 0, png.width, int(png.height * 0.6))
    full = draw_slide(2, 0, png.size, MIXED.bullets)
    step1 = draw_slide(2, 1, png.size, MIXED.bullets)
    assert ssim(png.crop(top), full.crop(top)) > ssim(png.crop(top), step1.crop(top)) + 0.05


def test_mixed_frames_are_full_size_and_match_their_slides(mixed) -> None:
    _, truth, out = mixed
    slides = _manifest(out)["slides"]
    for entry, slide in zip(slides, truth.order, strict=True):
        png = Image.open(out / entry["file"])
        assert png.size == (1280, 720)
        # above the inset and the caption band the frame is the slide (and a pointer)
        top = (0, 0, png.width, int(png.height * 0.6))
        assert ssim(png.crop(top), truth.images[slide].crop(top)) >= 0.9, entry["file"]
        assert re.fullmatch(r"\d{3}-\d\dh\d\dm\d\ds\.png", entry["file"])
    assert (out / "extract-preview.png").is_file()


def test_mixed_captions_become_notes_once_each(mixed) -> None:
    root, truth, _ = mixed
    outline = load_outline(root / "decks" / "keynote.yaml").outline  # what `recapdeck check` does
    highlights = outline.segments[0].highlights
    assert len(highlights) == 6
    seen: list[str] = []
    for highlight, slide in zip(highlights, truth.order, strict=True):
        notes = highlight.notes or ""
        markers = re.findall(r"\bw\d+\b", notes)
        said = set(truth.speech[slide])
        # each phrase is said at most a phrase's length from where the truth puts it
        assert markers, highlight.title
        assert len(set(markers) & said) >= len(markers) - 1, (markers, sorted(said))
        seen += markers
        assert "youtube.com/watch?v=vx36tyJ47ps&t=" in notes
    assert len(seen) == len(set(seen)), "a rolling caption line was kept twice"
    assert len(seen) >= 0.9 * len({w for ws in truth.speech.values() for w in ws if w[0] == "w"})


def test_draft_outline_marks_its_guesses(mixed) -> None:
    root, _, _ = mixed
    text = (root / "decks" / "keynote.yaml").read_text()
    assert text.count("# check: give the slide's title") == 6
    assert "file: 001-00h00m00s.png" in text
    assert "assets: ../assets/keynote" in text


def test_clean_1080p_frames_match_source(tmp_path: Path) -> None:
    spec = Spec(
        shows=(Show(6, 3.0), Show(7, 2.0, "fade"), Show(8, 3.0), Show(9, 2.5, "fade")),
        width=1920,
        height=1080,
        fps=5,
        seed=5,
    )
    truth = render_video(tmp_path / "clean.mp4", spec)
    result = extract(tmp_path / "clean.mp4", out=tmp_path / "out")
    assert [s.builds for s in result.slides] == [0, 0, 0, 0]
    for entry, slide in zip(result.slides, truth.order, strict=True):
        png = Image.open(result.out / entry.file)
        assert png.size == (1920, 1080)
        assert ssim(png, truth.images[slide]) >= 0.95
    assert [round(s.start) for s in result.slides] == [0, 3, 5, 8]


def test_stage_shot_region_auto(tmp_path: Path) -> None:
    spec = Spec(
        shows=(Show(1, 3.0), Show(4, 3.0), Show(5, 3.0), Show(8, 3.0)),
        fps=5,
        stage_only=True,
        seed=7,
    )
    truth = render_video(tmp_path / "stage.mp4", spec)
    result = extract(tmp_path / "stage.mp4", out=tmp_path / "out", region="auto")
    assert truth.stage_box is not None and result.region is not None
    x, y, w, h = truth.stage_box
    got = result.region
    assert abs(got.x - x) <= 12 and abs(got.y - y) <= 12
    assert abs(got.width - w) <= 24 and abs(got.height - h) <= 24
    assert len(result.slides) == 4
    for entry, slide in zip(result.slides, truth.order, strict=True):
        png = Image.open(result.out / entry.file)
        assert ssim(png, truth.images[slide].resize(png.size)) >= 0.9


def test_keep_builds_and_fast(tmp_path: Path) -> None:
    spec = Spec(
        shows=(Show(1, 3.0), Show(2, 2.5, step=1), Show(2, 2.5, step=2), Show(2, 3.0), Show(3, 3)),
        fps=5,
        seed=9,
        gop=5,
    )
    render_video(tmp_path / "builds.mp4", spec)
    result = extract(tmp_path / "builds.mp4", out=tmp_path / "all", keep_builds=True)
    assert [(s.builds, s.step) for s in result.slides] == [(0, 0), (2, 1), (2, 2), (2, 3), (0, 0)]
    assert result.slides[1].file.endswith("-step1.png")
    fast = extract(tmp_path / "builds.mp4", out=tmp_path / "fast", fast=True)
    assert 3 <= len(fast.slides) <= 4


# --- bad input: exit 1, a clear message naming the file, nothing written ---------------------


@pytest.fixture(scope="module")
def small_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    render_video(folder / "small.mp4", Spec(shows=(Show(0, 2.0), Show(1, 2.0)), fps=4))
    return folder / "small.mp4"


def _audio_only(path: Path) -> None:
    import av
    import numpy as np

    with av.open(str(path), "w") as container:
        stream = container.add_stream("mp2", rate=44100)
        samples = np.zeros((1, 1152), dtype=np.int16)
        for k in range(20):
            frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
            frame.sample_rate = 44100
            frame.pts = k * 1152
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def _bad(tmp_path: Path, *args: str | Path, expect: str) -> None:
    out = tmp_path / "out"
    result = run(*args, "--out", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert expect in result.output, result.output
    assert not out.exists()
    assert not list(tmp_path.rglob("*.tmp"))


def test_not_a_video(tmp_path: Path) -> None:
    fake = tmp_path / "talk.mp4"
    fake.write_text("this is not a video\n" * 50)
    _bad(tmp_path, fake, expect="talk.mp4: is not a video FFmpeg can read")


def test_missing_video(tmp_path: Path) -> None:
    _bad(tmp_path, tmp_path / "nope.mp4", expect="nope.mp4: no such file")


def test_no_video_stream(tmp_path: Path) -> None:
    audio = tmp_path / "talk.mp2"
    _audio_only(audio)
    _bad(tmp_path, audio, expect="talk.mp2: has no video stream (it holds audio)")


def test_captions_that_are_not_captions(tmp_path: Path, small_video: Path) -> None:
    png = tmp_path / "talk.vtt"
    Image.new("RGB", (4, 4)).save(png, format="PNG")
    _bad(tmp_path, small_video, "--captions", png, expect="talk.vtt: is not a text file")
    text = tmp_path / "talk.srt"
    text.write_text("just some words\nno timings here\n")
    _bad(tmp_path, small_video, "--captions", text, expect="talk.srt: is not valid SubRip")
    vtt = tmp_path / "other.vtt"
    vtt.write_text("1\n00:00:01,000 --> 00:00:02,000\nhello\n")
    _bad(tmp_path, small_video, "--captions", vtt, expect="does not start with 'WEBVTT'")


def test_times_outside_the_video(tmp_path: Path, small_video: Path) -> None:
    _bad(tmp_path, small_video, "--from", "0:10", expect="--from 0:10 is past the end")
    _bad(tmp_path, small_video, "--to", "1:00:00", expect="--to 1:00:00 is past the end")
    _bad(tmp_path, small_video, "--from", "3", "--to", "2", expect="is not after --from")
    _bad(tmp_path, small_video, "--from", "1:xx", expect="--from '1:xx' is not a time")


def test_bad_regions(tmp_path: Path, small_video: Path) -> None:
    _bad(tmp_path, small_video, "--region", "0,0,100,100", expect="too small")
    _bad(tmp_path, small_video, "--region", "0,0,1280,200", expect="not a slide's shape")
    _bad(tmp_path, small_video, "--region", "1,2,3", expect="--region '1,2,3' is not a box")
    _bad(tmp_path, small_video, "--ignore", "0,0,5000,10", expect="reaches outside")


def test_earlier_extraction_kept_without_force(tmp_path: Path, small_video: Path) -> None:
    out = tmp_path / "out"
    assert run(small_video, "--out", out).exit_code == 0
    before = sorted(p.name for p in out.iterdir())
    again = run(small_video, "--out", out)
    assert again.exit_code == 1 and "--force" in again.output
    assert sorted(p.name for p in out.iterdir()) == before
    assert run(small_video, "--out", out, "--force").exit_code == 0


def test_merge_adds_a_segment_and_keeps_comments(tmp_path: Path, small_video: Path) -> None:
    import shutil

    root = Path(__file__).resolve().parents[2]
    (tmp_path / "pyproject.toml").write_text("")
    shutil.copytree(root / "decks", tmp_path / "decks")
    shutil.copytree(root / "assets", tmp_path / "assets")
    deck = tmp_path / "decks" / "reinvent2024-desantis.yaml"
    before = deck.read_text()
    segments = len(load_outline(deck).outline.segments)
    result = run(small_video, "--out", tmp_path / "assets" / "video", "--outline", deck, "--merge")
    assert result.exit_code == 0, result.output
    after = deck.read_text()
    assert after.startswith(before.rstrip("\n").split("\nsegments:")[0])  # comments kept
    merged = load_outline(deck).outline
    assert len(merged.segments) == segments + 1
    added = merged.segments[-1]
    assert added.title == "From small.mp4" and len(added.highlights) == 2
    # the screenshots are found: the outline's assets folder is another one
    assert added.highlights[0].screenshots[0].file.startswith("../video/")


def test_merge_needs_an_outline(tmp_path: Path, small_video: Path) -> None:
    _bad(tmp_path, small_video, "--outline", tmp_path / "x.yaml", "--merge", expect="--merge adds")


def test_back_to_a_slide_left_mid_build(tmp_path: Path) -> None:
    spec = Spec(shows=(Show(2, 2.5, step=1), Show(3, 2.5), Show(2, 3.0)), fps=4, seed=2)
    truth = render_video(tmp_path / "back.mp4", spec)
    result = extract(tmp_path / "back.mp4", out=tmp_path / "out")
    assert [(s.builds, len(s.also_shown)) for s in result.slides] == [(1, 1), (0, 0)]
    png = Image.open(result.out / result.slides[0].file)
    assert ssim(png, truth.images[2]) >= 0.95  # the fullest step, seen on the return


def test_merge_into_a_file_that_is_not_an_outline(tmp_path: Path, small_video: Path) -> None:
    other = tmp_path / "notes.yaml"
    other.write_text("just: a mapping\n")
    _bad(tmp_path, small_video, "--outline", other, "--merge", expect="has no 'segments:' list")
    assert other.read_text() == "just: a mapping\n"


def test_a_moving_pointer_is_left_out(tmp_path: Path) -> None:
    import numpy as np

    spec = Spec(shows=(Show(6, 6.0), Show(7, 6.0)), fps=5, gop=5, pointer=True, seed=4)
    truth = render_video(tmp_path / "pointer.mp4", spec)
    result = extract(tmp_path / "pointer.mp4", out=tmp_path / "out")
    assert len(result.slides) == 2
    for entry, slide in zip(result.slides, truth.order, strict=True):
        png = np.asarray(Image.open(result.out / entry.file).convert("RGB")).astype(int)
        red = (png[..., 0] > 200) & (png[..., 1] < 90) & (png[..., 2] < 90)
        assert red.sum() < 20, entry.file  # a frame shows about 180 of the pointer
        assert ssim(Image.fromarray(png.astype("uint8")), truth.images[slide]) >= 0.97
