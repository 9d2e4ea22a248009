"""load_outline(): reading, validating and probing outlines, and the errors it reports."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from helpers_outline import (
    DECKS,
    MINIMAL,
    assert_problem,
    column_of,
    draw_image,
    draw_noise,
    line_of,
    load,
    load_problems,
    the_problem,
    write_outline,
)
from hostile_inputs import png_adam7
from recapdeck.errors import RecapdeckError
from recapdeck.load.images import probe_image
from recapdeck.load.model import Point, RecapBy, SummaryItem
from recapdeck.load.outline import load_outline

# --- valid outlines -------------------------------------------------------------------------


def test_minimal_outline_loads(tmp_path):
    path = write_outline(tmp_path, MINIMAL)
    loaded = load_outline(path)
    outline = loaded.outline
    assert outline.title == "What's new in the cloud"
    assert outline.event.name == "Cloud Conf 2025"
    assert loaded.source == path
    assert loaded.warnings == ()
    highlight = outline.segments[0].highlights[0]
    assert [(p.text, p.points) for p in highlight.points] == [
        ("Twice the throughput at the same price", [])
    ]
    assert isinstance(highlight.points[0], Point)


@pytest.mark.parametrize("name", ["reinvent2024-desantis.yaml", "example-all-features.yaml"])
def test_sample_decks_load_with_every_picture_probed(name):
    loaded = load_outline(DECKS / name)
    outline = loaded.outline
    shots = [s for seg in outline.segments for h in seg.highlights for s in h.screenshots]
    assert shots
    assert all((i := loaded.image(s)) is not None and i.width > 0 for s in shots)
    assert all(loaded.image(p) is not None for p in outline.speakers if p.photo)


def test_short_forms_become_objects(tmp_path):
    path = write_outline(
        tmp_path,
        MINIMAL
        + """\
recap_by: Jane Doe
summary:
  - Storage got faster
  - text: Everything else too
    notes: Say it with a smile.
""",
    )
    outline = load(path)
    assert isinstance(outline.recap_by, RecapBy)
    assert (outline.recap_by.name, outline.recap_by.team) == ("Jane Doe", None)
    assert isinstance(outline.summary[0], SummaryItem)
    assert (outline.summary[0].text, outline.summary[0].notes) == ("Storage got faster", None)
    assert outline.summary[1].notes == "Say it with a smile."


def test_date_is_read_as_a_date(tmp_path):
    path = write_outline(
        tmp_path, MINIMAL.replace("  name: Cloud", "  date: 2024-12-02\n  name: Cloud")
    )
    assert load(path).event.date == dt.date(2024, 12, 2)


def test_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path):
    text = "\ufeff" + MINIMAL.replace("\n", "\r\n")
    path = write_outline(tmp_path, text.encode("utf-8"))
    assert load(path).title == "What's new in the cloud"


def test_locations_are_attached_to_models(tmp_path):
    path = write_outline(
        tmp_path,
        """\
        title: T
        event:
          name: E
        segments:
          - title: First
            highlights:
              - title: One
              - title: Two
                points:
                  - a point
        """,
    )
    loaded = load_outline(path)
    second = loaded.outline.segments[0].highlights[1]
    where = loaded.where(second)
    assert where is not None
    assert where.path == path
    assert where.line == line_of(path, "title: Two")
    assert where.column == column_of(path, "title: Two")
    assert loaded.where(second.points[0]).line == line_of(path, "- a point")
    assert loaded.where(loaded.outline.segments[0]).line == line_of(path, "title: First")
    assert loaded.key_location("segments").line == line_of(path, "- title: First")


# --- keys -----------------------------------------------------------------------------------


def test_misspelt_top_level_key_is_one_problem_with_a_suggestion(tmp_path):
    path = write_outline(tmp_path, MINIMAL.replace("segments:", "segmnets:"))
    problem = the_problem(path)  # not also "missing required field 'segments'"
    assert_problem(
        problem,
        path,
        line_of(path, "segmnets:"),
        "",
        "unknown key 'segmnets'",
        "did you mean 'segments'",
        column=1,
    )


def test_misspelt_nested_key_suggests_the_right_one(tmp_path):
    path = write_outline(
        tmp_path, MINIMAL.replace("  name: Cloud", "  lcation: Oslo\n  name: Cloud")
    )
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "lcation:"),
        "event",
        "unknown key 'lcation'",
        "did you mean 'location'",
        column=3,
    )


def test_unknown_key_without_near_match_lists_the_allowed_keys(tmp_path):
    path = write_outline(
        tmp_path,
        MINIMAL.replace("      - title: Faster", "      - colour: red\n        title: Faster"),
    )
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "colour: red"),
        "segments[0].highlights[0]",
        "unknown key 'colour'",
        "allowed keys: title, points, screenshots, notes, new",
    )


def test_missing_title(tmp_path):
    path = write_outline(
        tmp_path, "# an outline\n" + MINIMAL.replace("title: What's new in the cloud\n", "")
    )
    problem = the_problem(path)
    # The location is where the top-level mapping starts: its first key.
    assert_problem(problem, path, 2, "", "missing required field 'title'", "add a line 'title: ")


def test_missing_event_name(tmp_path):
    path = write_outline(tmp_path, MINIMAL.replace("  name: Cloud Conf 2025", "  location: Oslo"))
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "location: Oslo"),
        "event",
        "missing required field 'name'",
        "add a line 'name: ",
    )


def test_missing_screenshot_alt(tmp_path):
    draw_image(tmp_path / "chart.png")
    path = write_outline(
        tmp_path,
        MINIMAL
        + """\
        screenshots:
          - file: chart.png
            caption: Throughput
""",
    )
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "file: chart.png"),
        "segments[0].highlights[0].screenshots[0]",
        "missing required field 'alt'",
        "add a line 'alt: ",
        column=column_of(path, "file: chart.png"),
    )


# --- types and values -----------------------------------------------------------------------


def test_duration_in_words(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "duration: thirty\n")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "duration:"),
        "duration",
        "valid integer",
        "'thirty'",
        column=column_of(path, "thirty"),
    )


def test_date_in_words(tmp_path):
    path = write_outline(
        tmp_path, MINIMAL.replace("  name: Cloud", "  date: next tuesday\n  name: Cloud")
    )
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "next tuesday"),
        "event.date",
        "'next tuesday' is not a date",
        "YYYY-MM-DD",
    )


@pytest.mark.parametrize(
    ("value", "reason"), [("2024-13-45", "month must be in 1..12"), ("2024-02-30", "day")]
)
def test_impossible_date_is_a_problem_not_a_crash(tmp_path, value, reason):
    path = write_outline(
        tmp_path, MINIMAL.replace("  name: Cloud", f"  date: {value}\n  name: Cloud")
    )
    problem = the_problem(path)
    assert_problem(
        problem, path, line_of(path, value), "event.date", f"'{value}'", reason, "quote it"
    )


def _with_screenshot(tmp_path, extra: str = "", name: str = "chart.png"):
    draw_image(tmp_path / name)
    return write_outline(
        tmp_path,
        MINIMAL
        + f"""\
        screenshots:
          - file: {name}
            alt: Bar chart of throughput
{extra}""",
    )


def test_focus_out_of_range(tmp_path):
    path = _with_screenshot(tmp_path, "            fit: cover\n            focus: [2, 0.5]\n")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "focus:"),
        "segments[0].highlights[0].screenshots[0].focus[0]",
        "less than or equal to 1",
        column=column_of(path, "2, 0.5"),
    )


def test_focus_with_one_number(tmp_path):
    path = _with_screenshot(tmp_path, "            focus: [0.5]\n")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "focus:"),
        "segments[0].highlights[0].screenshots[0].focus",
        "item 2 is missing",
        "[0.5, 0.3]",
    )


def test_fit_stretch(tmp_path):
    path = _with_screenshot(tmp_path, "            fit: stretch\n")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "fit: stretch"),
        "segments[0].highlights[0].screenshots[0].fit",
        "'contain' or 'cover'",
        "'stretch'",
    )


def test_bullet_with_colon_space_gets_the_quoting_hint(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "          - Graviton: the journey\n")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "Graviton: the journey"),
        "segments[0].highlights[0].points[1]",
        "contains ': '",
        'quote it: - "Graviton: the journey"',
    )


def test_sub_bullet_with_colon_space_gets_the_quoting_hint(tmp_path):
    text = MINIMAL + "          - text: Why\n            points:\n              - Nitro: offload\n"
    path = write_outline(tmp_path, text)
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "Nitro: offload"),
        "segments[0].highlights[0].points[1].points[0]",
        "contains ': '",
        '"Nitro: offload"',
    )


@pytest.mark.parametrize(
    ("value", "phrase"),
    [("yes", "booleans; put the value in quotes"), ("2024-01-01", "the date 2024-01-01")],
)
def test_title_that_yaml_reads_as_another_type(tmp_path, value, phrase):
    path = write_outline(
        tmp_path, MINIMAL.replace("title: What's new in the cloud", f"title: {value}")
    )
    problem = the_problem(path)
    assert_problem(problem, path, 1, "title", "expected text", phrase, column=8)


def test_title_without_value(tmp_path):
    path = write_outline(tmp_path, MINIMAL.replace("title: What's new in the cloud", "title:"))
    problem = the_problem(path)
    assert_problem(problem, path, 1, "title", "has no value", "write the text after the colon")


def test_empty_segment_list(tmp_path):
    path = write_outline(tmp_path, MINIMAL.split("segments:")[0] + "segments: []\n")
    problem = the_problem(path)
    assert_problem(problem, path, line_of(path, "segments: []"), "segments", "at least 1 item")


def test_non_http_url(tmp_path):
    path = write_outline(
        tmp_path, MINIMAL.replace("  name: Cloud", "  url: ftp://example.com\n  name: Cloud")
    )
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "ftp://"),
        "event.url",
        "'ftp://example.com' is not a link",
        "http:// or https://",
    )
    assert problem.message.count("ftp://example.com") == 1


def test_bullet_of_100000_characters(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "          - " + "x" * 100_000 + "\n")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "xxxxxxxx"),
        "segments[0].highlights[0].points[1].text",
        "100,000 characters",
        "the limit is 2,000",
        "shorten or split it",
    )


def test_more_than_twelve_screenshots(tmp_path):
    draw_image(tmp_path / "chart.png")
    shots = "".join(f"          - file: chart.png\n            alt: Chart {i}\n" for i in range(13))
    path = write_outline(tmp_path, MINIMAL + "        screenshots:\n" + shots)
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "- file: chart.png"),  # where the list starts
        "segments[0].highlights[0].screenshots",
        "13 items",
        "the limit is 12",
    )


# --- speakers and segments ------------------------------------------------------------------

SPEAKERS = """\
title: Monday Night Live
event:
  name: AWS re:Invent 2024
speakers:
  - id: desantis
    name: Peter DeSantis
  - id: dave-brown
    name: Dave Brown
segments:
  - title: Graviton
    speaker: SPEAKER
    highlights:
      - title: Ten years of chips
"""


def test_unknown_speaker_id_lists_known_ids_and_suggests(tmp_path):
    path = write_outline(tmp_path, SPEAKERS.replace("SPEAKER", "dave-brwon"))
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "speaker: dave-brwon"),
        "segments[0].speaker",
        "'dave-brwon' is not a speaker id",
        "did you mean 'dave-brown'",
        "known ids: desantis, dave-brown",
        column=column_of(path, "dave-brwon"),
    )


def test_unknown_speaker_in_a_quote(tmp_path):
    text = (
        SPEAKERS.replace("SPEAKER", "desantis")
        + "    quotes:\n      - text: Hi\n        speaker: dave\n"
    )
    path = write_outline(tmp_path, text)
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "speaker: dave"),
        "segments[0].quotes[0].speaker",
        "'dave' is not a speaker id",
        "known ids: desantis, dave-brown",
        "capital letter or a space",
    )


@pytest.mark.parametrize("name", ["Priya Natarajan", "Priya", "josé"])
def test_plain_name_is_accepted_as_a_speaker(tmp_path, name):
    outline = load(write_outline(tmp_path, SPEAKERS.replace("SPEAKER", name)))
    person = outline.speaker(outline.segments[0].speaker)
    assert person is not None
    assert person.name == name
    assert person.id == ""  # not from the roster


def test_speaker_id_resolves_to_the_roster_entry(tmp_path):
    outline = load(write_outline(tmp_path, SPEAKERS.replace("SPEAKER", "dave-brown")))
    assert outline.speaker(outline.segments[0].speaker).name == "Dave Brown"


def test_duplicate_speaker_ids(tmp_path):
    path = write_outline(
        tmp_path,
        SPEAKERS.replace("SPEAKER", "desantis").replace("id: dave-brown", "id: desantis"),
    )
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "id: desantis", nth=2),
        "speakers[1].id",
        "duplicate speaker id 'desantis'",
        "also speakers[0]",
        "give each speaker a different id",
    )


def test_invalid_speaker_id(tmp_path):
    path = write_outline(
        tmp_path,
        SPEAKERS.replace("SPEAKER", "desantis").replace("id: dave-brown", "id: Dave Brown"),
    )
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "id: Dave Brown"),
        "speakers[1].id",
        "'Dave Brown' is not a valid id",
        "lowercase letters, digits and hyphens",
    )


def test_empty_segment(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "  - title: Nothing here yet\n")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "Nothing here yet"),
        "segments[1]",
        "no highlights and no quotes",
        "add at least one, or remove the segment",
    )


def test_several_problems_are_reported_in_one_pass_sorted_by_line(tmp_path):
    path = write_outline(
        tmp_path,
        """\
        title: T
        event:
          name: E
          date: soon
        duration: thirty
        segments:
          - title: S
            highlights:
              - title: H
                new: maybe
        """,
    )
    problems = load_problems(path)
    assert [p.field for p in problems] == [
        "event.date",
        "duration",
        "segments[0].highlights[0].new",
    ]
    assert [p.location.line for p in problems] == [4, 5, 10]


def test_reference_and_file_problems_come_together(tmp_path):
    path = write_outline(
        tmp_path,
        SPEAKERS.replace("SPEAKER", "dave")
        + "        screenshots:\n          - file: nope.png\n            alt: Nothing\n",
    )
    problems = load_problems(path)
    assert [p.field for p in problems] == [
        "segments[0].speaker",
        "segments[0].highlights[0].screenshots[0].file",
    ]
    assert [p.location.line for p in problems] == [
        line_of(path, "speaker: dave"),
        line_of(path, "nope.png"),
    ]


def test_schema_problems_come_with_reference_and_file_problems(tmp_path):
    path = write_outline(
        tmp_path,
        SPEAKERS.replace("SPEAKER", "davy").replace("  name: AWS", "  date: soon\n  name: AWS")
        + "        screenshots:\n          - file: nope.png\n            alt: Nothing\n",
    )
    problems = load_problems(path)
    assert [(p.field, p.location.line, p.location.column) for p in problems] == [
        ("event.date", line_of(path, "soon"), column_of(path, "soon")),
        ("segments[0].speaker", line_of(path, "davy"), column_of(path, "davy")),
        (
            "segments[0].highlights[0].screenshots[0].file",
            line_of(path, "nope.png"),
            column_of(path, "nope.png"),
        ),
    ]


def test_a_rejected_outline_is_checked_with_the_options_given(tmp_path):
    project, theme = tmp_path / "talk", tmp_path / "house-theme"
    (project / ".git").mkdir(parents=True)
    draw_image(theme / "logo.png")
    path = write_outline(
        project,
        MINIMAL.replace("  name: Cloud", "  date: soon\n  name: Cloud")
        + "        screenshots:\n          - file: ../house-theme/logo.png\n            alt: A\n"
        + "          - file: gone.png\n            alt: B\n",
    )
    assert len(load_problems(path)) == 3  # the date, the file outside, the missing one
    problem = the_problem(path, allow_missing=True, allow_outside_files=True)
    assert problem.field == "event.date"
    with pytest.raises(RecapdeckError) as info:
        load_outline(path, allow_missing=True, trusted=[theme])
    assert [p.field for p in info.value.problems] == ["event.date"]


# --- files ----------------------------------------------------------------------------------

MISSING_SHOTS = """\
        screenshots:
          - file: shots/first.png
            alt: First chart
      - title: Second
        screenshots:
          - file: shots/secnd.png
            alt: Second chart
"""


def test_every_missing_screenshot_is_listed(tmp_path):
    draw_image(tmp_path / "shots" / "second.png")
    path = write_outline(tmp_path, MINIMAL + MISSING_SHOTS)
    problems = load_problems(path)
    assert len(problems) == 2
    assert_problem(
        problems[0],
        path,
        line_of(path, "shots/first.png"),
        "segments[0].highlights[0].screenshots[0].file",
        "'shots/first.png' not found",
        f"looked in {tmp_path}",
        column=column_of(path, "shots/first.png"),
    )
    assert_problem(
        problems[1],
        path,
        line_of(path, "shots/secnd.png"),
        "segments[0].highlights[1].screenshots[0].file",
        "'shots/secnd.png' not found",
        "did you mean 'second.png'",
    )


def test_allow_missing_turns_missing_screenshots_into_warnings(tmp_path):
    path = write_outline(tmp_path, MINIMAL + MISSING_SHOTS)
    loaded = load_outline(path, allow_missing=True)
    assert [w.location.line for w in loaded.warnings] == [
        line_of(path, "shots/first.png"),
        line_of(path, "shots/secnd.png"),
    ]
    assert all("placeholder" in w.message for w in loaded.warnings)
    assert loaded.image(loaded.outline.segments[0].highlights[0].screenshots[0]) is None


def test_allow_missing_does_not_excuse_a_damaged_screenshot(tmp_path):
    (tmp_path / "chart.png").write_text("not really a picture")
    path = write_outline(
        tmp_path,
        MINIMAL + "        screenshots:\n          - file: chart.png\n            alt: A\n",
    )
    problem = the_problem(path, allow_missing=True)
    assert_problem(
        problem,
        path,
        line_of(path, "chart.png"),
        "segments[0].highlights[0].screenshots[0].file",
        "'chart.png' is not an image",
    )


def test_missing_speaker_photo(tmp_path):
    text = SPEAKERS.replace("SPEAKER", "desantis").replace(
        "    name: Dave Brown\n", "    name: Dave Brown\n    photo: dave.png\n"
    )
    path = write_outline(tmp_path, text)
    problem = the_problem(path)
    assert_problem(problem, path, line_of(path, "dave.png"), "speakers[1].photo", "not found")


def test_screenshots_are_resolved_against_the_assets_folder(tmp_path):
    (tmp_path / "pyproject.toml").touch()  # makes tmp_path the project, so ../assets is inside
    draw_image(tmp_path / "assets" / "shots" / "chart.png", (30, 20))
    text = MINIMAL + "        screenshots:\n          - file: shots/chart.png\n            alt: A\n"
    path = write_outline(tmp_path / "decks", text + "assets: ../assets\n")
    loaded = load_outline(path)
    image = loaded.image(loaded.outline.segments[0].highlights[0].screenshots[0])
    assert image.path == tmp_path / "assets" / "shots" / "chart.png"
    assert (image.width, image.height) == (30, 20)


def test_missing_assets_folder(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "assets: ../nowhere\n")
    problem = the_problem(path)
    assert_problem(
        problem, path, line_of(path, "assets:"), "assets", "does not exist", "relative to"
    )


def test_missing_outline_file(tmp_path):
    with pytest.raises(RecapdeckError, match="no such outline file"):
        load(tmp_path / "nope.yaml")


def test_outline_path_is_a_directory(tmp_path):
    with pytest.raises(RecapdeckError, match="is a directory"):
        load(tmp_path)


# --- YAML itself ----------------------------------------------------------------------------


def test_tab_indentation(tmp_path):
    path = write_outline(tmp_path, MINIMAL.replace("  name: Cloud", "\tname: Cloud"))
    problem = the_problem(path)
    assert_problem(problem, path, line_of(path, "\tname"), "", "YAML syntax error", "spaces")


def test_unquoted_colon_in_a_title_is_a_syntax_error_with_a_hint(tmp_path):
    path = write_outline(tmp_path, MINIMAL.replace("Faster storage", "Graviton: the journey"))
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "Graviton: the journey"),
        "",
        "YAML syntax error",
        "a value containing ': ' must be quoted",
    )


def test_duplicate_keys_are_detected(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "title: Another title\n")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "title: Another"),
        "",
        "duplicate key 'title'",
        "first at line 1",
        "remove or rename one",
    )


def test_duplicate_nested_keys_are_detected(tmp_path):
    path = write_outline(
        tmp_path, MINIMAL.replace("  name: Cloud Conf 2025", "  name: A\n  name: B")
    )
    problem = the_problem(path)
    assert_problem(problem, path, line_of(path, "name: B"), "event", "duplicate key 'name'")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_file(tmp_path, text):
    path = write_outline(tmp_path, text)
    problem = the_problem(path)
    assert problem.location.path == path
    assert "the outline file is empty" in problem.message


def test_top_level_list(tmp_path):
    path = write_outline(tmp_path, "- title: T\n- event: E\n")
    problem = the_problem(path)
    assert_problem(problem, path, 1, "", "must be a mapping of keys such as 'title:'", "a list")


def test_two_yaml_documents(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "---\n" + MINIMAL)
    problem = the_problem(path)
    assert problem.location.path == path
    assert problem.location.line == line_of(path, "---")
    assert "several YAML documents" in problem.message
    assert "one outline per file" in problem.message


def test_python_object_tag_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    path = write_outline(
        tmp_path,
        MINIMAL + f"subtitle: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "subtitle:"),
        "subtitle",
        "python/object/apply:os.system' is not allowed",
        "plain YAML values",
    )
    assert not marker.exists()


def test_python_object_tag_on_a_mapping_is_refused(tmp_path):
    path = write_outline(tmp_path, MINIMAL.replace("event:", "event: !!python/object:dict"))
    problem = the_problem(path)
    assert_problem(
        problem, path, line_of(path, "event:"), "event", "python/object:dict' is not allowed"
    )


def test_wrongly_tagged_scalar_is_a_problem_not_a_crash(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "duration: !!int thirty\n")
    problem = the_problem(path)
    assert_problem(
        problem, path, line_of(path, "duration:"), "duration", "cannot be read as an integer"
    )


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = write_outline(tmp_path, "\n".join(lines) + "\n")
    started = time.perf_counter()
    problem = the_problem(path)
    assert time.perf_counter() - started < 1.0
    assert problem.location.path == path
    assert "expands to more than" in problem.message
    assert "simplify it" in problem.message


def test_alias_that_contains_itself(tmp_path):
    path = write_outline(tmp_path, MINIMAL + "subtitle: &loop [a, *loop]\n")
    problem = the_problem(path)
    assert problem.location.line == line_of(path, "&loop")
    assert "refers to the anchor that contains it" in problem.message


@pytest.mark.parametrize("depth", [60, 5000])
def test_deeply_nested_document_is_refused_quickly(tmp_path, depth):
    path = write_outline(tmp_path, MINIMAL + "notes: " + "[" * depth + "]" * depth + "\n")
    started = time.perf_counter()
    problem = the_problem(path)
    assert time.perf_counter() - started < 1.0
    assert problem.location.path == path
    assert problem.location.line == line_of(path, "notes:")
    assert "nested more than 50 levels" in problem.message


def test_deep_nesting_through_aliases_is_refused(tmp_path):
    lines = ["a0: &a0 [x]"]
    lines += [f"a{i}: &a{i} [[[[[[[[[[*a{i - 1}]]]]]]]]]]" for i in range(1, 8)]
    path = write_outline(tmp_path, MINIMAL + "\n".join(lines) + "\n")
    problem = the_problem(path)
    assert problem.location.path == path
    assert "nested more than 50 levels" in problem.message


def test_non_utf8_file(tmp_path):
    text = MINIMAL.replace("Faster storage", "Caf\u00e9 storage")
    path = write_outline(tmp_path, text.encode("latin-1"))
    problem = the_problem(path)
    assert problem.location.path == path
    assert problem.location.line == 7
    assert "is not UTF-8 text (byte 0xe9)" in problem.message
    assert "save the file as UTF-8" in problem.message


def test_utf16_file(tmp_path):
    path = write_outline(tmp_path, MINIMAL.encode("utf-16"))
    problem = the_problem(path)
    assert "UTF-16" in problem.message
    assert "save the file as UTF-8" in problem.message


def test_control_character(tmp_path):
    path = write_outline(tmp_path, MINIMAL.replace("Faster storage", "Faster\x00storage"))
    problem = the_problem(path)
    assert_problem(
        problem, path, 7, "", "U+0000 is not allowed", "delete it", column=column_of(path, "\x00")
    )


def test_merge_keys_are_refused(tmp_path):
    path = write_outline(
        tmp_path, "base: &b {name: E}\n" + MINIMAL.replace("event:\n", "event:\n  <<: *b\n")
    )
    problems = load_problems(path)
    assert any("merge keys ('<<') are not supported" in p.message for p in problems)


# --- images ---------------------------------------------------------------------------------


def _outline_with(tmp_path, file: str):
    return write_outline(
        tmp_path,
        MINIMAL + f"        screenshots:\n          - file: {file}\n            alt: A picture\n",
    )


def test_probe_png(tmp_path):
    info = probe_image(draw_image(tmp_path / "a.png", (64, 40)))
    assert (info.width, info.height, info.format, info.orientation) == (64, 40, "PNG", 1)
    assert info.aspect == pytest.approx(1.6)


def test_probe_exif_rotated_jpeg_swaps_width_and_height(tmp_path):
    info = probe_image(draw_image(tmp_path / "photo.jpg", (64, 40), orientation=6))
    assert (info.width, info.height) == (40, 64)
    assert info.orientation == 6
    assert info.format == "JPEG"


def test_probe_webp(tmp_path):
    info = probe_image(draw_image(tmp_path / "a.webp", (50, 30)))
    assert (info.width, info.height, info.format) == (50, 30, "WEBP")


def test_missing_image(tmp_path):
    with pytest.raises(RecapdeckError, match=r"'gone\.png' not found"):
        probe_image(tmp_path / "gone.png")


def test_text_file_named_png(tmp_path):
    (tmp_path / "fake.png").write_text("this is text\n")
    path = _outline_with(tmp_path, "fake.png")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "fake.png"),
        "segments[0].highlights[0].screenshots[0].file",
        "'fake.png' is not an image recapdeck can read",
        "PNG, JPEG",
    )


@pytest.mark.parametrize("name", ["cut.png", "cut.jpg"])
def test_truncated_image(tmp_path, name):
    data = draw_noise(tmp_path / name).read_bytes()
    (tmp_path / name).write_bytes(data[: len(data) // 2])
    with pytest.raises(RecapdeckError) as info:
        probe_image(tmp_path / name)
    message = info.value.problems[0].message
    assert f"'{name}' is damaged or truncated" in message
    assert "export or download it again" in message


def test_empty_image_file(tmp_path):
    (tmp_path / "empty.png").write_bytes(b"")
    with pytest.raises(RecapdeckError, match=r"'empty\.png' is empty \(0 bytes\)"):
        probe_image(tmp_path / "empty.png")


def test_svg_gets_a_conversion_hint(tmp_path):
    (tmp_path / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
    )
    path = _outline_with(tmp_path, "diagram.svg")
    problem = the_problem(path)
    assert_problem(
        problem, path, line_of(path, "diagram.svg"), "segments[0].highlights[0].screenshots[0].file"
    )
    assert "export it to PNG" in problem.message
    assert "rsvg-convert" in problem.message


def test_directory_where_an_image_is_expected(tmp_path):
    (tmp_path / "shots.png").mkdir()
    path = _outline_with(tmp_path, "shots.png")
    problem = the_problem(path)
    assert_problem(
        problem,
        path,
        line_of(path, "shots.png"),
        "segments[0].highlights[0].screenshots[0].file",
        "'shots.png' is a folder, not an image file",
    )


def test_one_damaged_file_used_twice_is_reported_at_each_use(tmp_path):
    (tmp_path / "fake.png").write_text("text")
    path = write_outline(
        tmp_path,
        MINIMAL
        + """\
        screenshots:
          - file: fake.png
            alt: A
      - title: Again
        screenshots:
          - file: fake.png
            alt: B
""",
    )
    problems = load_problems(path)
    assert [p.location.line for p in problems] == [
        line_of(path, "fake.png"),
        line_of(path, "fake.png", nth=2),
    ]


_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    [
        (_ROOT / "decks/reinvent2024-desantis.yaml").read_text(encoding="utf-8"),
        (_ROOT / "decks/example-all-features.yaml").read_text(encoding="utf-8"),
        "a: [1, {b: &x c}, *x]\nd: |\n  two\n  lines\ne: 2024-12-03\n",
    ],
    ids=["sample", "all-features", "anchors"],
)
def test_libyaml_and_pure_python_composing_agree(text, monkeypatch):
    """The fast libyaml path gives the same data and positions as the pure-Python loader."""
    from recapdeck.load import yaml_reader as _yaml

    if _yaml.yaml.__with_libyaml__:
        assert _yaml._compose_fast(text) is not None
    fast = _yaml.parse_yaml(text, Path("deck.yaml"))
    monkeypatch.setattr(_yaml, "_compose_fast", lambda text: None)
    slow = _yaml.parse_yaml(text, Path("deck.yaml"))
    assert (fast.data, fast.values, fast.keys) == (slow.data, slow.values, slow.keys)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "P", "1", "I;16"])
def test_whole_pngs_of_every_kind_pass_the_pixel_data_check(tmp_path, mode):
    """The check reads each row's filter instead of decoding: every colour type and bit depth
    must add up to the rows Pillow writes (odd sizes leave partial bytes)."""
    from PIL import Image

    path = tmp_path / "shot.png"
    Image.new("RGB", (37, 23), "teal").convert(mode).save(path)
    info = probe_image(path)
    assert (info.width, info.height) == (37, 23)


def test_an_interlaced_png_passes_the_pixel_data_check(tmp_path):
    """Adam7's seven passes each have their own rows; Pillow reads such a file, so must we."""
    from PIL import Image

    image = Image.new("RGB", (37, 23), "teal")
    image.paste("orange", (5, 5, 20, 15))
    path = tmp_path / "interlaced.png"
    path.write_bytes(png_adam7(image))
    with Image.open(path) as check:
        assert check.info.get("interlace") == 1
        assert check.convert("RGB").tobytes() == image.tobytes()
    assert probe_image(path).width == 37
    path.write_bytes(png_adam7(image, cut=10))
    with pytest.raises(RecapdeckError, match="ends 10 bytes early"):
        probe_image(path)
