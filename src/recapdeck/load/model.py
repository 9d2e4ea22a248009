"""The outline schema: what users write in YAML, as frozen pydantic models.

Pure data: no file access and no YAML positions. :mod:`.outline` reads a file into these
models and keeps, beside them, where each object stands in the file and the images it names.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from ..language import BCP47, DEFAULT_LANGUAGE
from ..markup import url_problem

MAX_TITLE = 300
MAX_TEXT = 2_000
MAX_NOTES = 20_000

_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_LINK_SCHEMES = ("http://", "https://", "mailto:")


class _Model(BaseModel):
    """Base of every outline object: strict keys, immutable. Where each object stands in the
    YAML file is kept beside the model, by :class:`recapdeck.load.outline.LoadedOutline`."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Notes = Annotated[str, Field(max_length=MAX_NOTES)]


def _check_url(value: str) -> str:
    if not value.startswith(_LINK_SCHEMES):
        raise ValueError(f"'{value}' is not a link; use a full http:// or https:// address")
    if problem := url_problem(value):
        raise ValueError(f"'{_shown(value)}' is not a usable link: {problem}")
    return value


def _shown(value: str, limit: int = 60) -> str:
    text = value.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 1] + "…"


Link = Annotated[str, Field(max_length=2_000), AfterValidator(_check_url)]


def _check_language(value: str) -> str:
    if not BCP47.match(value):
        raise ValueError(
            f"'{value}' is not a language tag; write a BCP 47 tag such as en-US, de-DE, "
            "pt-BR, ja-JP or ar-SA"
        )
    return value


def _text_item(value: Any) -> Any:
    """Accept a plain string where an object with a ``text`` field is expected."""
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if key not in ("text", "points", "notes") and isinstance(inner, str | None):
            raise ValueError(
                f"this item was read as a mapping because it contains ': '; quote it: "
                f'- "{key}: {inner or ""}"'
            )
    return value


def _name_item(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class Event(_Model):
    """The conference the keynote belongs to."""

    name: Title
    date: dt.date | None = None
    location: Title | None = None
    url: Link | None = None
    logo: Annotated[str, Field(min_length=1, max_length=1_000)] | None = None
    """The event's logo, an image file in the assets folder, shown on the cover."""


class RecapBy(_Model):
    """Who gives the recap talk."""

    name: Title
    team: Title | None = None
    contact: Title | None = None
    """How to reach the recap's author (an e-mail address, a handle, a chat channel), shown on
    the closing slide."""


class Speaker(_Model):
    """A person on stage, referred to by ``id`` from segments and quotes."""

    id: Annotated[str, Field(pattern=_ID_PATTERN, max_length=64)]
    name: Title
    role: Title | None = None
    company: Title | None = None
    photo: str | None = None


class SummaryItem(_Model):
    """One key takeaway."""

    text: Text
    notes: Notes | None = None


class Point(_Model):
    """A bullet, optionally with one level of sub-bullets."""

    text: Text
    points: list[Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]] = Field(
        default_factory=list, max_length=20
    )


class Screenshot(_Model):
    """A slide screenshot shown on a highlight slide."""

    file: Annotated[str, Field(min_length=1, max_length=1_000)]
    alt: Annotated[str, Field(min_length=1, max_length=1_000)]
    caption: Title | None = None
    fit: Literal["contain", "cover"] = "contain"
    focus: tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]] = (
        0.5,
        0.5,
    )


_TextItem = Annotated[Point, BeforeValidator(_text_item, json_schema_input_type=str | Point)]


class Highlight(_Model):
    """One highlight of a segment: a slide (or a few) in the deck."""

    title: Title
    points: list[_TextItem] = Field(default_factory=list, max_length=50)
    screenshots: list[Screenshot] = Field(default_factory=list, max_length=12)
    notes: Notes | None = None
    new: bool = False


class Quote(_Model):
    """A remark made on stage, shown large with its attribution."""

    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    speaker: Title | None = None
    notes: Notes | None = None


class Segment(_Model):
    """A part of the keynote, usually one presenter's stretch on stage."""

    title: Title
    speaker: Title | None = None
    notes: Notes | None = None
    highlights: list[Highlight] = Field(default_factory=list, max_length=200)
    quotes: list[Quote] = Field(default_factory=list, max_length=50)


class Announcement(_Model):
    """A product or service launched in the keynote."""

    name: Title
    summary: Text | None = None
    status: Annotated[str, Field(max_length=60)] | None = None
    url: Link | None = None


class Reference(_Model):
    """A link for further reading or watching."""

    title: Title
    url: Link


_SummaryEntry = Annotated[
    SummaryItem, BeforeValidator(_text_item, json_schema_input_type=str | SummaryItem)
]


class Outline(_Model):
    """A keynote outline: the whole input of one deck."""

    model_config = ConfigDict(title="recapdeck outline")

    title: Title
    subtitle: Title | None = None
    event: Event
    recap_by: (
        Annotated[RecapBy, BeforeValidator(_name_item, json_schema_input_type=str | RecapBy)] | None
    ) = None
    cover: Screenshot | None = None
    """A hero screenshot for the cover, beside the title."""
    theme: str | None = None
    language: Annotated[
        str,
        AfterValidator(_check_language),
        Field(
            json_schema_extra={"pattern": BCP47.pattern},
            description="The deck's language, a BCP 47 tag such as en-US, de-DE, ja-JP or ar-SA: "
            "spell-checking and screen readers use it (runs in another script are tagged "
            "with that script's language).",
            examples=["en-US", "de-DE", "ja-JP"],
        ),
    ] = DEFAULT_LANGUAGE
    duration: Annotated[int, Field(ge=1, le=600)] | None = None
    assets: str | None = None
    speakers: list[Speaker] = Field(default_factory=list, max_length=100)
    summary: list[_SummaryEntry] = Field(default_factory=list, max_length=30)
    segments: list[Segment] = Field(min_length=1, max_length=100)
    announcements: list[Announcement] = Field(default_factory=list, max_length=100)
    references: list[Reference] = Field(default_factory=list, max_length=100)
    credits: Text | None = None

    def speaker(self, ref: str | None) -> Speaker | None:
        """Return the roster entry for ``ref``, a roster-less Speaker for a plain name, or None."""
        if not ref:
            return None
        for person in self.speakers:
            if person.id == ref:
                return person
        return Speaker.model_construct(id="", name=ref, role=None, company=None, photo=None)


def outline_json_schema() -> dict[str, Any]:
    """The JSON Schema of the outline format, for editors and the YAML language server."""
    schema = Outline.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
