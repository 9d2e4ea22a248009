"""The DeckPlan: every slide worked out, in frozen dataclasses the renderers only read.

Geometry is in points (1/72 inch) on a 16:9 slide of 960 × 540 pt while planning and stored
here in EMU (English Metric Units, 12,700 per point), the unit of PowerPoint files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from ..errors import BuildWarning, Location
from ..load.images import ImageInfo
from ..markup import Para, Run
from ..text_style import PlaceholderStyle
from ..units import EMU_PER_PT
from .fit import Crop

SLIDE_W, SLIDE_H = 960.0, 540.0
"""The slide size in points: 13.333 × 7.5 inches, 16:9."""


class SlideKind(StrEnum):
    """What a slide is for. Adding one: a member here, its planner method, its handout block."""

    TITLE = "title"
    AGENDA = "agenda"
    TAKEAWAYS = "takeaways"
    SECTION = "section"
    HIGHLIGHT = "highlight"
    QUOTE = "quote"
    ANNOUNCEMENTS = "announcements"
    REFERENCES = "references"
    CLOSING = "closing"


class TextRole(StrEnum):
    """What a text frame holds; the renderers name shapes and style text by it."""

    TITLE = "title"
    BODY = "body"
    """Bullets and list entries: the slide's points."""
    SUBTITLE = "subtitle"
    META = "meta"
    """Event, date, place and presenter lines on the cover and the closing slide."""
    LABEL = "label"
    SPEAKER = "speaker"
    QUOTE = "quote"
    MARK = "mark"
    """The big quotation mark."""
    ATTRIBUTION = "attribution"
    CAPTION = "caption"
    CREDITS = "credits"
    AGENDA = "agenda"
    """A part of the keynote in the agenda a section slide shows."""
    CARD = "card"
    """The name on an announcement card."""
    SUMMARY = "summary"
    """An announcement card's one-line summary."""
    LINK = "link"
    """An announcement card's link, or the recap author's contact."""


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide in EMU."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def pt(cls, x: float, y: float, w: float, h: float) -> Box:
        """A box from points."""
        return cls(*(round(v * EMU_PER_PT) for v in (x, y, w, h)))


@dataclass(frozen=True)
class TextFrame:
    """A measured text box: where, what, at which size, in which colour role."""

    box: Box
    paras: tuple[Para, ...]
    size: float
    role: TextRole = TextRole.BODY
    color: str = "text"
    font: str = "body"
    bold: bool = False
    italic: bool = False
    align: str = "left"
    anchor: str = "top"
    space_before: float = 0.0
    """Points before each top-level paragraph but the first."""
    placeholder: int | None = None
    """The idx of the layout placeholder this text goes into; None for a new text box."""
    list_style: PlaceholderStyle | None = None
    """A company template's list style the text was measured with: where it serves a
    paragraph (:func:`recapdeck.text_style.kept_indent`), its bullets and indents are kept."""


@dataclass(frozen=True)
class PicturePlan:
    """A picture frame; ``image`` None means a labelled placeholder for a missing file."""

    box: Box
    image: ImageInfo | None
    alt: str
    label: str
    crop: Crop = Crop()
    oval: bool = False
    pixels: tuple[int, int] = (0, 0)
    """The largest size in pixels worth embedding for this use (about 2× as displayed)."""
    caption: str = ""
    decorative: bool = False
    """The theme's logo: marked decorative for screen readers, left out of the handout."""

    @property
    def is_screenshot(self) -> bool:
        """A screenshot from the outline, not a speaker's photo or the theme's logo."""
        return not (self.oval or self.decorative)


@dataclass(frozen=True)
class ShapePlan:
    """A plain decorative or label shape (accent rule, NEW badge)."""

    box: Box
    fill: str
    text: str = ""
    text_color: str = "on_accent"
    size: float = 12.0
    rounded: bool = False


@dataclass(frozen=True)
class SlideContent:
    """What a slide says, apart from where it is drawn: what the handout and the run sheet read."""

    points: tuple[Para, ...] = ()
    """Bullets and list entries (level 0, sub-points level 1), in order."""
    quote: tuple[Para, ...] = ()
    attribution: str = ""
    cards: tuple[AnnouncementPlan, ...] = ()
    """The announcements a "What's new" slide shows as cards."""


@dataclass(frozen=True)
class SlidePlan:
    """One slide: its kind, title, content, notes and where in the outline it comes from.

    The meaning (``kind``, ``title``, ``content``, ``pictures`` with their alt text, ``links``,
    ``notes``) sits beside the geometry (``title_frame``, ``frames``, ``shapes``, boxes)."""

    number: int
    kind: SlideKind
    title: str
    title_frame: TextFrame | None
    layout: str = "Title Only"
    """The name of the slide layout the slide is made from."""
    frames: tuple[TextFrame, ...] = ()
    pictures: tuple[PicturePlan, ...] = ()
    shapes: tuple[ShapePlan, ...] = ()
    notes: str = ""
    background: str = "background"
    """A colour role for the slide background, or "" to keep the layout's."""
    footer: bool = True
    new: bool = False
    segment: int | None = None
    links: tuple[tuple[str, str], ...] = ()
    location: Location | None = None
    content: SlideContent = field(default_factory=SlideContent)


@dataclass(frozen=True)
class DocProps:
    """Document properties written into the deck."""

    title: str
    author: str
    subject: str
    keywords: str
    comments: str
    category: str = "Keynote recap"
    date: dt.date | None = None
    language: str = "en-US"
    """The deck's BCP 47 language tag (the outline's ``language:``)."""


@dataclass(frozen=True)
class AnnouncementPlan:
    """A launch, as listed at the end of the handout."""

    name: str
    status: str
    summary: tuple[Run, ...]
    url: str | None
    chip: str = ""
    """The status as its card's chip says it: GA, Preview, Announced..."""


@dataclass(frozen=True)
class DeckMeta:
    """What the handout says around the slides: header, closing lists and credits."""

    title: str
    subtitle: str
    event: str
    date: dt.date | None
    location: str
    event_url: str | None
    recap_by: str
    duration: int | None
    segments: tuple[str, ...]
    announcements: tuple[AnnouncementPlan, ...]
    references: tuple[tuple[str, str], ...]
    credits: tuple[Run, ...]


@dataclass(frozen=True)
class DeckPlan:
    """Everything the renderers need, in slide order."""

    slides: tuple[SlidePlan, ...]
    props: DocProps
    meta: DeckMeta
    footer_text: str
    warnings: tuple[BuildWarning, ...] = ()
