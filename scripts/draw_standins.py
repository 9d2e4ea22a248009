"""Draw stand-in slide screenshots and example images for recapdeck.

Why stand-ins exist
-------------------
recapdeck turns YAML keynote outlines into PowerPoint decks, and its example
outlines reference screenshots. The real slides of the AWS re:Invent 2024
Peter DeSantis keynote are AWS's copyright, so we cannot ship them in this
repository. Instead this script draws our own simplified pictures with the
same file names, sizes and rough subject matter, each clearly labelled
"stand-in". It also draws the images for the fictional "Nimbus Summit 2025"
example (fictional company "Cirrus Labs"), including a few deliberately
awkward inputs: a WebP file, a portrait phone screenshot and a JPEG whose
pixels are stored rotated behind an EXIF Orientation tag.

All values in charts are illustrative, not measured data. No logos are drawn.

The output is deterministic: no randomness, no timestamps, so running the
script twice produces byte-identical files.

Usage::

    python scripts/draw_standins.py

Files are written to ``assets/reinvent2024-desantis/`` and
``assets/example-all-features/`` under the repository root.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO_ROOT = Path(__file__).resolve().parent.parent
KEYNOTE_DIR = REPO_ROOT / "assets" / "reinvent2024-desantis"
EXAMPLE_DIR = REPO_ROOT / "assets" / "example-all-features"

FONT_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

# Every drawing is laid out on a virtual grid whose short side is 1080 units,
# so a 16:9 landscape image is 1920 x 1080 units whatever its pixel size.
BASE_UNITS = 1080

RGB = tuple[int, int, int]
Point = tuple[float, float]

# Keynote palette (dark, keynote-like, no vendor trade dress).
K_BG: RGB = (13, 18, 33)
K_PANEL: RGB = (27, 35, 58)
K_PANEL_2: RGB = (38, 48, 78)
K_LINE: RGB = (88, 100, 136)
K_TEXT: RGB = (240, 243, 250)
K_MUTED: RGB = (156, 166, 192)
K_VIOLET: RGB = (157, 118, 255)
K_TEAL: RGB = (45, 212, 191)
K_AMBER: RGB = (251, 191, 36)
K_PINK: RGB = (244, 114, 182)
K_GREEN: RGB = (74, 190, 110)
K_ROOT: RGB = (196, 140, 86)
K_SOIL: RGB = (36, 27, 24)

# Nimbus Summit palette (fictional conference).
N_BG: RGB = (10, 36, 52)
N_PANEL: RGB = (20, 56, 78)
N_LINE: RGB = (74, 122, 150)
N_TEXT: RGB = (236, 246, 252)
N_MUTED: RGB = (150, 186, 204)
N_SKY: RGB = (56, 189, 248)
N_MINT: RGB = (52, 211, 153)
N_CORAL: RGB = (251, 113, 133)
N_SUN: RGB = (250, 204, 21)

# Light UI palette for product screenshots.
UI_BG: RGB = (243, 246, 250)
UI_CARD: RGB = (255, 255, 255)
UI_BORDER: RGB = (219, 225, 234)
UI_TEXT: RGB = (17, 24, 39)
UI_MUTED: RGB = (100, 112, 132)

KEYNOTE_FOOTER = "re:Invent 2024 · Peter DeSantis keynote · illustrative redraw"
KEYNOTE_BADGE = "stand-in · not the original slide"
NIMBUS_FOOTER = "Nimbus Summit 2025 · Cirrus Labs (fictional)"
NIMBUS_BADGE = "stand-in · fictional example"


# --------------------------------------------------------------------------
# Canvas: drawing in virtual units
# --------------------------------------------------------------------------


@dataclass
class Canvas:
    """An RGB image plus helpers that take coordinates in virtual units."""

    image: Image.Image
    unit: float
    fonts: dict[tuple[int, bool], ImageFont.ImageFont | ImageFont.FreeTypeFont] = field(
        default_factory=dict
    )

    @classmethod
    def create(cls, width: int, height: int, background: RGB) -> Canvas:
        image = Image.new("RGB", (width, height), background)
        return cls(image=image, unit=min(width, height) / BASE_UNITS)

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.image)

    @property
    def vw(self) -> float:
        return self.image.width / self.unit

    @property
    def vh(self) -> float:
        return self.image.height / self.unit

    def px(self, value: float) -> int:
        return round(value * self.unit)

    def pt(self, point: Point) -> tuple[int, int]:
        return (self.px(point[0]), self.px(point[1]))

    def stroke(self, width: float) -> int:
        return max(1, self.px(width))

    def font(self, size: float, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
        size_px = max(6, self.px(size))
        key = (size_px, bold)
        if key not in self.fonts:
            try:
                self.fonts[key] = ImageFont.truetype(FONT_BOLD if bold else FONT_REGULAR, size_px)
            except OSError:
                self.fonts[key] = ImageFont.load_default(size_px)
        return self.fonts[key]

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        left, _, right, _ = self.draw.multiline_textbbox((0, 0), text, font=self.font(size, bold))
        return (right - left) / self.unit

    def fit(self, text: str, size: float, max_width: float | None, bold: bool = False) -> float:
        """Largest size <= ``size`` at which ``text`` fits in ``max_width`` units."""
        if max_width is None:
            return size
        while size > 8 and self.text_width(text, size, bold) > max_width:
            size -= 1
        return size

    def text(
        self,
        xy: Point,
        text: str,
        size: float,
        fill: RGB,
        *,
        bold: bool = False,
        anchor: str = "la",
        max_width: float | None = None,
        align: str = "left",
        outline: RGB | None = None,
    ) -> None:
        size = self.fit(text, size, max_width, bold)
        self.draw.multiline_text(
            self.pt(xy),
            text,
            font=self.font(size, bold),
            fill=fill,
            anchor=anchor,
            align=align,
            spacing=self.px(size * 0.25),
            stroke_width=self.stroke(size * 0.06) if outline else 0,
            stroke_fill=outline,
        )

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: RGB | None,
        *,
        outline: RGB | None = None,
        width: float = 0,
        radius: float = 0,
    ) -> None:
        xy = (self.px(x), self.px(y), self.px(x + w), self.px(y + h))
        line = self.stroke(width) if outline else 0
        if radius:
            self.draw.rounded_rectangle(xy, self.px(radius), fill=fill, outline=outline, width=line)
        else:
            self.draw.rectangle(xy, fill=fill, outline=outline, width=line)

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        fill: RGB | None,
        *,
        outline: RGB | None = None,
        width: float = 0,
    ) -> None:
        xy = (self.px(cx - rx), self.px(cy - ry), self.px(cx + rx), self.px(cy + ry))
        self.draw.ellipse(
            xy, fill=fill, outline=outline, width=self.stroke(width) if outline else 0
        )

    def line(self, points: Sequence[Point], fill: RGB, width: float) -> None:
        self.draw.line(
            [self.pt(p) for p in points], fill=fill, width=self.stroke(width), joint="curve"
        )

    def polygon(
        self, points: Sequence[Point], fill: RGB, outline: RGB | None = None, width: float = 1
    ) -> None:
        pixels = [self.pt(p) for p in points]
        self.draw.polygon(pixels, fill=fill, outline=outline, width=self.stroke(width))

    def arrow(
        self, start: Point, end: Point, fill: RGB, width: float = 6, head: float = 22
    ) -> None:
        """Straight arrow from ``start`` to ``end`` with a filled triangular head."""
        (x1, y1), (x2, y2) = start, end
        angle = math.atan2(y2 - y1, x2 - x1)
        base = (x2 - head * math.cos(angle), y2 - head * math.sin(angle))
        self.line([start, base], fill, width)
        spread = head * 0.6
        left = (base[0] + spread * math.sin(angle), base[1] - spread * math.cos(angle))
        right = (base[0] - spread * math.sin(angle), base[1] + spread * math.cos(angle))
        self.polygon([end, left, right], fill)

    def hgradient(self, x: float, y: float, w: float, h: float, start: RGB, end: RGB) -> None:
        """Left-to-right colour gradient, drawn one pixel column at a time."""
        x0, y0, x1, y1 = self.px(x), self.px(y), self.px(x + w), self.px(y + h)
        span = max(1, x1 - x0 - 1)
        draw = self.draw
        for col in range(x0, x1):
            t = (col - x0) / span
            draw.line([(col, y0), (col, y1 - 1)], fill=mix(start, end, t))

    def vgradient(self, x: float, y: float, w: float, h: float, start: RGB, end: RGB) -> None:
        """Top-to-bottom colour gradient, drawn one pixel row at a time."""
        x0, y0, x1, y1 = self.px(x), self.px(y), self.px(x + w), self.px(y + h)
        span = max(1, y1 - y0 - 1)
        draw = self.draw
        for row in range(y0, y1):
            t = (row - y0) / span
            draw.line([(x0, row), (x1 - 1, row)], fill=mix(start, end, t))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend of two colours, ``t`` in [0, 1]."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


# --------------------------------------------------------------------------
# Shared building blocks
# --------------------------------------------------------------------------


def slide_header(
    c: Canvas,
    title: str,
    subtitle: str,
    *,
    background: RGB = K_BG,
    accents: tuple[RGB, RGB] = (K_VIOLET, K_TEAL),
    text: RGB = K_TEXT,
    muted: RGB = K_MUTED,
) -> None:
    """Dark keynote background, accent strip, title and subtitle."""
    c.box(0, 0, c.vw, c.vh, background)
    c.hgradient(0, 0, c.vw, 10, *accents)
    c.text((96, 60), title, 64, text, bold=True, max_width=c.vw - 192)
    c.text((96, 150), subtitle, 34, muted, max_width=c.vw - 192)


def stand_in_footer(
    c: Canvas,
    footer: str,
    badge: str,
    *,
    muted: RGB = K_MUTED,
    badge_colour: RGB = K_AMBER,
    background: RGB = K_BG,
) -> None:
    """Footer text on the left and a 'stand-in' pill on the right."""
    badge_size = 28
    badge_w = c.text_width(badge, badge_size, bold=True)
    footer_size = c.fit(footer, 26, c.vw - 192)
    footer_w = c.text_width(footer, footer_size)
    baseline = c.vh - 46
    stacked = footer_w + badge_w + 80 > c.vw - 192
    pad_x, pad_y = 22, 12
    x_right = c.vw - 96
    c.box(
        x_right - badge_w - pad_x,
        baseline - badge_size - pad_y,
        badge_w + 2 * pad_x,
        badge_size + 2 * pad_y + 6,
        background,
        outline=badge_colour,
        width=3,
        radius=(badge_size + 2 * pad_y) / 2,
    )
    c.text((x_right, baseline), badge, badge_size, badge_colour, bold=True, anchor="rs")
    footer_baseline = baseline - 70 if stacked else baseline
    footer_x = x_right if stacked else 96
    c.text(
        (footer_x, footer_baseline), footer, footer_size, muted, anchor="rs" if stacked else "ls"
    )


def labelled_box(
    c: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    label: str,
    *,
    fill: RGB = K_PANEL,
    outline: RGB = K_LINE,
    text: RGB = K_TEXT,
    size: float = 34,
    sublabel: str = "",
    sub_colour: RGB = K_MUTED,
    radius: float = 18,
) -> None:
    """Rounded box with a centred label and an optional smaller second line."""
    c.box(x, y, w, h, fill, outline=outline, width=3, radius=radius)
    cx, cy = x + w / 2, y + h / 2
    if sublabel:
        c.text((cx, cy - 4), label, size, text, bold=True, anchor="md", max_width=w - 30)
        c.text((cx, cy + 8), sublabel, size * 0.78, sub_colour, anchor="ma", max_width=w - 30)
    else:
        c.text(
            (cx, cy), label, size, text, bold=True, anchor="mm", max_width=w - 30, align="center"
        )


def cylinder(c: Canvas, cx: float, top: float, w: float, h: float, fill: RGB, rim: RGB) -> None:
    """A storage 'disk' cylinder."""
    ry = w * 0.16
    c.box(cx - w / 2, top, w, h, fill)
    c.ellipse(cx, top + h, w / 2, ry, fill)
    c.line([(cx - w / 2, top), (cx - w / 2, top + h)], rim, 3)
    c.line([(cx + w / 2, top), (cx + w / 2, top + h)], rim, 3)
    c.ellipse(cx, top, w / 2, ry, mix(fill, K_TEXT, 0.25), outline=rim, width=3)


@dataclass(frozen=True)
class Series:
    name: str
    colour: RGB
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartStyle:
    text: RGB = K_TEXT
    muted: RGB = K_MUTED
    grid: RGB = K_PANEL_2
    label_size: float = 38
    value_size: float = 42


def bar_chart(
    c: Canvas,
    area: tuple[float, float, float, float],
    categories: Sequence[str],
    series: Sequence[Series],
    ticks: Sequence[float],
    value_format: str,
    axis_label: str,
    *,
    sublabels: Sequence[str] = (),
    tick_format: str = "{:g}",
    style: ChartStyle = ChartStyle(),
) -> None:
    """Vertical (optionally grouped) bar chart inside ``area`` = (x, y, w, h)."""
    x, y, w, h = area
    vmax = ticks[-1]
    for tick in ticks:
        ty = y + h - h * tick / vmax
        c.line([(x, ty), (x + w, ty)], style.grid, 2)
        c.text((x - 18, ty), tick_format.format(tick), 28, style.muted, anchor="rm")
    c.text((x - 18, y - 36), axis_label, 28, style.muted, anchor="ls")
    slot = w / len(categories)
    group_w = slot * 0.62
    bar_w = group_w / len(series)
    for i, category in enumerate(categories):
        gx = x + slot * i + (slot - group_w) / 2
        for j, s in enumerate(series):
            value = s.values[i]
            bh = h * value / vmax
            bx = gx + j * bar_w
            c.box(bx + 4, y + h - bh, bar_w - 8, bh, s.colour, radius=8)
            c.text(
                (bx + bar_w / 2, y + h - bh - 14),
                value_format.format(value),
                style.value_size,
                style.text,
                bold=True,
                anchor="md",
            )
        cx = x + slot * (i + 0.5)
        c.text((cx, y + h + 24), category, style.label_size, style.text, bold=True, anchor="ma")
        if sublabels:
            c.text((cx, y + h + 76), sublabels[i], 28, style.muted, anchor="ma")
    c.line([(x, y + h), (x + w, y + h)], style.muted, 3)
    if len(series) > 1:
        legend(c, (x + w, y - 40), series, style.text)


def legend(c: Canvas, top_right: Point, series: Sequence[Series], text: RGB) -> None:
    """Horizontal legend whose right edge is at ``top_right``."""
    x, y = top_right
    for s in reversed(series):
        width = c.text_width(s.name, 30)
        x -= width
        c.text((x, y), s.name, 30, text, anchor="lm")
        x -= 44
        c.box(x, y - 14, 28, 28, s.colour, radius=6)
        x -= 40


# --------------------------------------------------------------------------
# re:Invent 2024 keynote stand-ins
# --------------------------------------------------------------------------


def draw_summary(c: Canvas) -> None:
    slide_header(
        c, "Summary: the roots beneath the trees", "What you see grows from foundations you don't"
    )
    ground = 600
    c.box(0, ground, c.vw, c.vh - ground, K_SOIL)
    c.line([(0, ground), (c.vw, ground)], (92, 70, 52), 6)
    for x, scale in ((820, 0.8), (1180, 1.0), (1540, 0.85)):
        draw_root(c, (x, ground), math.pi / 2, 105 * scale, 4, 18 * scale)
    for x, scale in ((820, 0.8), (1180, 1.0), (1540, 0.85)):
        draw_tree(c, x, ground, scale)
    c.text((96, 300), "Above ground", 40, K_GREEN, bold=True)
    c.text((96, 356), "new instances,\nservices, features", 34, K_TEXT)
    c.text((96, 640), "Below ground", 40, K_ROOT, bold=True)
    c.text((96, 696), "the foundations\nthat make them possible", 34, K_TEXT)
    labels = ("Custom silicon", "Nitro System", "Storage", "Networking")
    for i, label in enumerate(labels):
        x = 680 + i * 290
        labelled_box(c, x - 130, 862, 260, 64, label, fill=(58, 42, 32), outline=K_ROOT, size=28)
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE, background=K_SOIL)


def draw_tree(c: Canvas, x: float, ground: float, scale: float) -> None:
    """Trunk and a canopy made of overlapping circles."""
    trunk_h = 170 * scale
    c.box(x - 18 * scale, ground - trunk_h, 36 * scale, trunk_h, (120, 84, 52))
    cy = ground - trunk_h - 70 * scale
    blobs = ((-80, 20, 80), (80, 20, 80), (0, -40, 100), (-40, 50, 70), (40, 50, 70))
    for dx, dy, r in blobs:
        c.ellipse(x + dx * scale, cy + dy * scale, r * scale, r * scale, (46, 139, 87))
    for dx, dy, r in ((-30, -60, 40), (50, -20, 30)):
        c.ellipse(x + dx * scale, cy + dy * scale, r * scale, r * scale, K_GREEN)


def draw_root(
    c: Canvas, start: Point, angle: float, length: float, depth: int, width: float
) -> None:
    """Deterministic recursive root system growing downwards."""
    end = (start[0] + length * math.cos(angle), start[1] + length * math.sin(angle))
    c.line([start, end], K_ROOT, width)
    if depth == 0:
        return
    for turn in (-0.45, 0.5):
        draw_root(c, end, angle + turn, length * 0.72, depth - 1, max(3.0, width * 0.65))


def draw_graviton_generations(c: Canvas) -> None:
    slide_header(
        c,
        "Graviton: generational improvements",
        "Relative performance by generation · illustrative values, not benchmark data",
    )
    bar_chart(
        c,
        (260, 300, 1560, 520),
        ("Graviton", "Graviton2", "Graviton3", "Graviton4"),
        (Series("relative performance", K_VIOLET, (1.0, 2.3, 3.1, 4.0)),),
        (0, 1, 2, 3, 4),
        "{:.1f}×",
        "relative performance (illustrative)",
        sublabels=("generation 1", "generation 2", "generation 3", "generation 4"),
        tick_format="{:g}×",
    )
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_graviton_services(c: Canvas) -> None:
    slide_header(
        c,
        "Graviton-powered managed services",
        "Many managed services already run on Graviton · generic categories shown",
    )
    chip = (810, 450, 300, 300)
    left = ("Databases", "In-memory caching", "Analytics", "Search")
    right = ("Serverless functions", "Containers", "Streaming", "Data warehousing")
    centres = (320, 480, 640, 800)
    for labels, x, edge in ((left, 130, chip[0]), (right, 1360, chip[0] + chip[2])):
        for label, cy in zip(labels, centres, strict=True):
            near = x + 430 if x < 960 else x
            c.line([(near, cy), (edge, 600 + (cy - 560) * 0.35)], K_LINE, 4)
            labelled_box(c, x, cy - 45, 430, 90, label, size=34)
    draw_chip(c, chip, "Graviton", "Arm-based CPU")
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_chip(
    c: Canvas, rect: tuple[float, float, float, float], label: str, sublabel: str
) -> None:
    """Square chip with pins on every side."""
    x, y, w, h = rect
    pins = 7
    for i in range(pins):
        offset = (i + 1) * w / (pins + 1)
        c.box(x + offset - 8, y - 24, 16, 24, K_MUTED)
        c.box(x + offset - 8, y + h, 16, 24, K_MUTED)
        c.box(x - 24, y + offset - 8, 24, 16, K_MUTED)
        c.box(x + w, y + offset - 8, 24, 16, K_MUTED)
    c.box(x, y, w, h, (52, 36, 96), outline=K_VIOLET, width=5, radius=20)
    c.text((x + w / 2, y + h / 2 - 6), label, 46, K_TEXT, bold=True, anchor="md")
    c.text((x + w / 2, y + h / 2 + 12), sublabel, 28, K_MUTED, anchor="ma")


def draw_nitro(c: Canvas) -> None:
    slide_header(
        c,
        "The Nitro System",
        "Virtualization, networking, storage and security offloaded to dedicated hardware",
    )
    c.box(96, 250, 804, 690, K_PANEL, outline=K_LINE, width=3, radius=24)
    c.text((130, 276), "Host server", 40, K_TEXT, bold=True)
    for i in range(3):
        labelled_box(
            c,
            130 + i * 250,
            350,
            226,
            170,
            f"Instance {i + 1}",
            fill=K_PANEL_2,
            size=32,
            sublabel="your workload",
        )
    labelled_box(
        c, 130, 560, 736, 100, "Lightweight hypervisor", outline=K_VIOLET, fill=(44, 36, 84)
    )
    labelled_box(c, 130, 700, 736, 100, "CPU · memory", fill=K_PANEL_2)
    c.text((483, 880), "nearly all host resources go to instances", 28, K_MUTED, anchor="mm")
    cards = (
        ("Nitro Card", "networking"),
        ("Nitro Card", "block storage"),
        ("Nitro Controller", "management"),
        ("Nitro Security Chip", "hardware root of trust"),
    )
    targets = {0: "Network", 1: "Storage volumes", 2: "Control plane"}
    for i, (label, sub) in enumerate(cards):
        top = 250 + i * 180
        cy = top + 75
        c.arrow((906, cy), (1004, cy), K_TEAL, 6)
        labelled_box(
            c,
            1010,
            top,
            420,
            150,
            label,
            fill=(16, 64, 68),
            outline=K_TEAL,
            size=34,
            sublabel=sub,
        )
        if i in targets:
            c.arrow((1436, cy), (1514, cy), K_TEAL, 6)
            labelled_box(c, 1520, top + 25, 304, 100, targets[i], size=30)
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_disaggregated_storage(c: Canvas) -> None:
    slide_header(
        c,
        "Disaggregated storage",
        "Separating compute from storage so each can scale and fail independently",
    )
    c.box(96, 250, 724, 690, K_PANEL, outline=K_LINE, width=3, radius=24)
    c.text((130, 276), "Coupled", 44, K_PINK, bold=True)
    c.text((130, 334), "storage lives inside each server", 28, K_MUTED)
    for i in range(3):
        top = 400 + i * 160
        c.box(130, top, 656, 130, K_PANEL_2, outline=K_LINE, width=3, radius=14)
        labelled_box(c, 150, top + 20, 170, 90, "CPU", fill=(44, 36, 84), outline=K_VIOLET, size=32)
        for d in range(4):
            cylinder(c, 400 + d * 100, top + 34, 70, 60, (70, 60, 90), K_PINK)
    c.text((458, 900), "scale or replace them together", 30, K_TEXT, anchor="mm")

    c.arrow((834, 595), (946, 595), K_AMBER, 12, 34)

    c.box(960, 250, 864, 690, K_PANEL, outline=K_LINE, width=3, radius=24)
    c.text((994, 276), "Disaggregated", 44, K_TEAL, bold=True)
    c.text((994, 334), "compute and storage scale independently", 28, K_MUTED)
    for i in range(4):
        x = 1000 + i * 200
        c.line([(x + 85, 490), (x + 85, 550)], K_TEAL, 5)
        labelled_box(c, x, 400, 170, 90, "Compute", fill=(44, 36, 84), outline=K_VIOLET, size=30)
    labelled_box(
        c, 1000, 550, 770, 74, "Network fabric", fill=(16, 64, 68), outline=K_TEAL, size=32
    )
    for i in range(6):
        x = 1060 + i * 130
        c.line([(x, 624), (x, 684)], K_TEAL, 5)
        cylinder(c, x, 690, 90, 110, (70, 60, 90), K_TEAL)
    c.text((1392, 890), "shared storage pool", 30, K_TEXT, anchor="mm")
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_scale_up_out(c: Canvas) -> None:
    slide_header(
        c,
        "Scaling AI: scale up and scale out",
        "Large models need bigger servers and more of them",
    )
    c.box(96, 250, 834, 690, K_PANEL, outline=K_LINE, width=3, radius=24)
    c.text((513, 300), "Scale up", 48, K_VIOLET, bold=True, anchor="mm")
    base = 790
    x = 138
    for i, size in enumerate((120, 190, 280)):
        c.box(x, base - size, size, size, (44, 36, 84), outline=K_VIOLET, width=4, radius=16)
        grid = 2 + i
        cell = size / (grid * 1.6 + 0.6)
        for gy in range(grid):
            for gx in range(grid):
                cx = x + cell * 0.6 + gx * cell * 1.6
                cy = base - size + cell * 0.6 + gy * cell * 1.6
                c.box(cx, cy, cell, cell, K_VIOLET, radius=4)
        if i < 2:
            c.arrow(
                (x + size + 14, base - size / 2), (x + size + 66, base - size / 2), K_AMBER, 7, 24
            )
        x += size + 80
    c.text((513, 880), "make each server bigger and faster", 32, K_TEXT, anchor="mm")

    c.box(990, 250, 834, 690, K_PANEL, outline=K_LINE, width=3, radius=24)
    c.text((1407, 300), "Scale out", 48, K_TEAL, bold=True, anchor="mm")
    cols, rows = 5, 3
    for r in range(rows):
        y = 420 + r * 130
        c.line([(1050, y + 35), (1764, y + 35)], K_TEAL, 4)
    c.line([(1050, 455), (1050, 715)], K_TEAL, 4)
    c.line([(1764, 455), (1764, 715)], K_TEAL, 4)
    for r in range(rows):
        for col in range(cols):
            x0 = 1090 + col * 136
            y0 = 420 + r * 130
            c.box(x0, y0, 100, 70, (16, 64, 68), outline=K_TEAL, width=3, radius=10)
            c.box(x0 + 20, y0 + 22, 60, 26, K_TEAL, radius=4)
    c.text((1407, 880), "connect many servers together", 32, K_TEXT, anchor="mm")
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_advanced_packaging(c: Canvas) -> None:
    slide_header(
        c,
        "Trainium2: advanced packaging",
        "Compute dies and HBM stacks side by side on an interposer · simplified cross-section",
    )
    for i in range(34):
        c.ellipse(290 + i * 40.6, 856, 13, 13, K_MUTED)
    labelled_box(
        c,
        260,
        760,
        1400,
        84,
        "Package substrate",
        fill=(58, 68, 92),
        outline=K_LINE,
        size=32,
        radius=8,
    )
    for i in range(60):
        c.ellipse(352 + i * 20.5, 704, 6, 6, K_AMBER)
    labelled_box(
        c,
        340,
        712,
        1240,
        48,
        "Silicon interposer",
        fill=(88, 98, 128),
        outline=K_LINE,
        size=26,
        radius=6,
    )
    hbm_x = (380, 560, 1220, 1400)
    for x in hbm_x:
        for layer in range(8):
            top = 660 - layer * 42
            shade = mix((22, 96, 104), K_TEAL, layer / 10)
            c.box(x, top, 140, 38, shade, outline=K_BG, width=2, radius=4)
        c.text((x + 70, 316), "HBM", 38, K_TEAL, bold=True, anchor="md")
    for x in (740, 980):
        c.box(x, 560, 200, 138, (60, 42, 110), outline=K_VIOLET, width=4, radius=8)
        c.text((x + 100, 629), "Compute\ndie", 30, K_TEXT, bold=True, anchor="mm", align="center")
    c.text((960, 470), "compute dies", 34, K_VIOLET, bold=True, anchor="mm")
    c.arrow((880, 490), (840, 550), K_VIOLET, 5, 18)
    c.arrow((1040, 490), (1080, 550), K_VIOLET, 5, 18)
    c.text(
        (960, 930),
        "short wires between compute and memory → more bandwidth, less energy per bit",
        32,
        K_TEXT,
        anchor="mm",
        max_width=1600,
    )
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_systolic_array(c: Canvas) -> None:
    slide_header(
        c,
        "Trainium2: systolic array architecture",
        "Data pulses through a grid of processing elements, like blood through the heart",
    )
    n, cell, gap = 6, 76, 24
    x0, y0 = 330, 310
    span = n * cell + (n - 1) * gap
    c.text((x0 + span / 2, 252), "weights flow down", 30, K_AMBER, bold=True, anchor="ms")
    c.text(
        (x0 - 120, y0 + span / 2),
        "inputs\nflow\nright",
        30,
        K_PINK,
        bold=True,
        anchor="mm",
        align="center",
    )
    for k in range(n):
        pos = k * (cell + gap) + cell / 2
        c.arrow((x0 + pos, 262), (x0 + pos, y0 - 6), K_AMBER, 5, 16)
        c.arrow((x0 - 60, y0 + pos), (x0 - 6, y0 + pos), K_PINK, 5, 16)
        c.arrow((x0 + pos, y0 + span + 6), (x0 + pos, y0 + span + 50), K_TEAL, 5, 16)
    for r in range(n):
        for col in range(n):
            x = x0 + col * (cell + gap)
            y = y0 + r * (cell + gap)
            hot = r + col == n - 1
            fill = (60, 42, 110) if hot else K_PANEL
            outline = K_VIOLET if hot else K_LINE
            c.box(x, y, cell, cell, fill, outline=outline, width=3, radius=10)
            c.text(
                (x + cell / 2, y + cell / 2),
                "PE",
                24,
                K_TEXT if hot else K_MUTED,
                bold=True,
                anchor="mm",
            )
            if col < n - 1:
                c.arrow(
                    (x + cell + 2, y + cell / 2), (x + cell + gap - 2, y + cell / 2), K_LINE, 3, 10
                )
            if r < n - 1:
                c.arrow(
                    (x + cell / 2, y + cell + 2), (x + cell / 2, y + cell + gap - 2), K_LINE, 3, 10
                )
    c.text((x0 + span + 24, y0 + span + 30), "partial sums out", 30, K_TEAL, bold=True, anchor="lm")

    px = 1180
    c.text((px, 320), "How it works", 44, K_TEXT, bold=True)
    bullets = (
        "Each PE multiplies and accumulates",
        "Results pass straight to neighbours",
        "Far fewer trips to memory",
        "Highlighted: one wavefront of work",
    )
    for i, bullet in enumerate(bullets):
        y = 420 + i * 96
        c.ellipse(px + 12, y + 20, 10, 10, K_VIOLET)
        c.text((px + 40, y), bullet, 34, K_TEXT, max_width=1824 - px - 40)
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_server(c: Canvas, x: float, y: float, w: float, label: str, chips: int = 16) -> None:
    """Server box with two rows of Trainium2 chips."""
    per_row = chips // 2
    chip = 40
    gap = (w - 70 - per_row * chip) / (per_row - 1)
    c.box(x, y, w, 220, K_PANEL, outline=K_LINE, width=3, radius=18)
    c.text((x + w / 2, y + 46), label, 32, K_TEXT, bold=True, anchor="mm")
    for r in range(2):
        for k in range(per_row):
            cx = x + 35 + k * (chip + gap)
            cy = y + 96 + r * 58
            c.box(cx, cy, chip, chip, (60, 42, 110), outline=K_VIOLET, width=2, radius=6)


def draw_neuronlink(c: Canvas) -> None:
    slide_header(
        c,
        "Trainium2: NeuronLink",
        "A high-bandwidth, low-latency interconnect joining Trainium2 servers · simplified",
    )
    w = 500
    spots = ((230, 270), (1190, 270), (230, 690), (1190, 690))
    centres = [(x + w / 2, y + 110) for x, y in spots]
    for i, a in enumerate(centres):
        for b in centres[i + 1 :]:
            c.line([a, b], K_TEAL, 12)
    for i, (x, y) in enumerate(spots):
        draw_server(c, x, y, w, f"Trainium2 server {i + 1}")
    label = "NeuronLink"
    lw = c.text_width(label, 40, bold=True)
    c.box(960 - lw / 2 - 30, 590 - 38, lw + 60, 76, K_BG, outline=K_TEAL, width=4, radius=38)
    c.text((960, 590), label, 40, K_TEAL, bold=True, anchor="mm")
    c.text(
        (960, 950),
        "chips in different servers share memory as if in one machine",
        30,
        K_MUTED,
        anchor="mm",
    )
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_ultraserver(c: Canvas) -> None:
    slide_header(
        c,
        "Trainium2 UltraServer",
        "4 servers · 64 Trainium2 chips\none NeuronLink domain · illustrative",
    )
    rack_x, rack_w = 170, 620
    c.box(rack_x - 20, 310, rack_w + 40, 1440, (30, 34, 48), outline=K_LINE, width=6, radius=16)
    labelled_box(
        c, rack_x, 340, rack_w, 80, "Top-of-rack switch", fill=K_PANEL_2, size=30, radius=8
    )
    sled_centres = []
    for s in range(4):
        top = 450 + s * 300
        sled_centres.append(top + 135)
        c.box(rack_x, top, rack_w, 270, K_PANEL, outline=K_LINE, width=3, radius=10)
        c.text((rack_x + 30, top + 28), f"Trn2 server {s + 1}", 32, K_TEXT, bold=True)
        c.text((rack_x + rack_w - 30, top + 28), "16 chips", 28, K_MUTED, anchor="ra")
        for r in range(2):
            for k in range(8):
                x = rack_x + 40 + k * 70
                y = top + 100 + r * 74
                c.box(x, y, 56, 56, (60, 42, 110), outline=K_VIOLET, width=2, radius=6)
        c.ellipse(rack_x + rack_w - 40, top + 240, 8, 8, K_GREEN)
    labelled_box(c, rack_x, 1660, rack_w, 70, "Power shelf", fill=K_PANEL_2, size=28, radius=8)
    bar_x = 900
    c.text((bar_x, 520), "NeuronLink", 34, K_TEAL, bold=True, anchor="ms")
    c.line([(bar_x, sled_centres[0]), (bar_x, sled_centres[-1])], K_TEAL, 16)
    for cy in sled_centres:
        c.line([(rack_x + rack_w, cy), (bar_x, cy)], K_TEAL, 10)
        c.ellipse(bar_x, cy, 18, 18, K_TEAL)
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_bedrock_latency(c: Canvas) -> None:
    slide_header(
        c,
        "Bedrock: latency-optimized inference",
        "Lower is better · relative values, illustrative only",
    )
    groups = (("Time to first token", 0.58), ("Time per output token", 0.46))
    bar_x, bar_max = 560, 1080
    for g, (metric, optimized) in enumerate(groups):
        top = 270 + g * 330
        c.text((96, top), metric, 44, K_TEXT, bold=True)
        rows = (("Standard", 1.0, K_LINE), ("Latency-optimized", optimized, K_TEAL))
        for r, (name, value, colour) in enumerate(rows):
            cy = top + 110 + r * 100
            c.text((bar_x - 30, cy), name, 36, K_TEXT if r else K_MUTED, anchor="rm")
            c.box(bar_x, cy - 38, bar_max * value, 76, colour, radius=10)
            c.text(
                (bar_x + bar_max * value + 24, cy),
                f"{value:.2f}×",
                40,
                K_TEXT,
                bold=True,
                anchor="lm",
            )
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


def draw_llama_performance(c: Canvas) -> None:
    slide_header(
        c,
        "Latency-optimized inference: Llama 3.1",
        "Output tokens per second · higher is better · illustrative values",
    )
    bar_chart(
        c,
        (260, 320, 1560, 500),
        ("Llama 3.1 405B", "Llama 3.1 70B"),
        (
            Series("Standard", K_LINE, (46, 92)),
            Series("Latency-optimized", K_TEAL, (118, 214)),
        ),
        (0, 50, 100, 150, 200, 250),
        "{:.0f}",
        "tokens / second (illustrative)",
    )
    stand_in_footer(c, KEYNOTE_FOOTER, KEYNOTE_BADGE)


# --------------------------------------------------------------------------
# Nimbus Summit 2025 example images
# --------------------------------------------------------------------------


def nimbus_header(c: Canvas, title: str, subtitle: str) -> None:
    slide_header(
        c, title, subtitle, background=N_BG, accents=(N_SKY, N_MINT), text=N_TEXT, muted=N_MUTED
    )


def nimbus_footer(c: Canvas) -> None:
    stand_in_footer(
        c, NIMBUS_FOOTER, NIMBUS_BADGE, muted=N_MUTED, badge_colour=N_SUN, background=N_BG
    )


def nimbus_box(
    c: Canvas, x: float, y: float, w: float, h: float, label: str, accent: RGB, size: float = 36
) -> None:
    labelled_box(c, x, y, w, h, label, fill=N_PANEL, outline=accent, text=N_TEXT, size=size)


def draw_platform_overview(c: Canvas) -> None:
    nimbus_header(
        c, "Cirrus Labs platform overview", "Nimbus Summit 2025 · how the pieces fit together"
    )
    c.text((96, 262), "Your applications", 30, N_MUTED, bold=True)
    for i, label in enumerate(("Web app", "Mobile app", "Partner API")):
        nimbus_box(c, 96 + i * 586, 306, 556, 100, label, N_SKY)
    c.arrow((960, 414), (960, 470), N_SUN, 8, 26)
    c.box(96, 478, 1728, 270, (14, 72, 84), outline=N_MINT, width=4, radius=24)
    c.text((130, 500), "Cirrus Platform", 40, N_MINT, bold=True)
    for i, label in enumerate(("Ingest", "Transform", "Query", "Observe")):
        nimbus_box(c, 130 + i * 420, 576, 390, 140, label, N_MINT, 40)
    c.arrow((960, 756), (960, 812), N_SUN, 8, 26)
    labelled_box(
        c,
        96,
        820,
        1728,
        110,
        "Runs in any cloud region · fully managed by Cirrus Labs",
        fill=N_PANEL,
        outline=N_LINE,
        text=N_TEXT,
        size=34,
    )
    nimbus_footer(c)


def draw_latency_chart(c: Canvas) -> None:
    nimbus_header(c, "API latency in 2024", "p50 and p99 in milliseconds · illustrative data")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    series = (
        Series("p99", N_CORAL, (212, 198, 205, 181, 172, 166, 151, 143, 137, 121, 112, 104)),
        Series("p50", N_SKY, (62, 60, 61, 55, 52, 50, 46, 44, 43, 40, 38, 36)),
    )
    x, y, w, h = 240, 300, 1560, 540
    vmax = 250
    for tick in range(0, vmax + 1, 50):
        ty = y + h - h * tick / vmax
        c.line([(x, ty), (x + w, ty)], N_PANEL, 2)
        c.text((x - 18, ty), str(tick), 30, N_MUTED, anchor="rm")
    c.text((x - 18, y - 40), "ms", 30, N_MUTED, anchor="rs")
    step = w / (len(months) - 1)
    for i, month in enumerate(months):
        c.text((x + i * step, y + h + 24), month, 32, N_TEXT, anchor="ma")
    for s in series:
        points = [(x + i * step, y + h - h * v / vmax) for i, v in enumerate(s.values)]
        c.line(points, s.colour, 8)
        for px, py in points:
            c.ellipse(px, py, 11, 11, s.colour, outline=N_BG, width=3)
        last = points[-1]
        c.text(
            (last[0] + 4, last[1] - 24), f"{s.values[-1]} ms", 34, s.colour, bold=True, anchor="md"
        )
    c.line([(x, y + h), (x + w, y + h)], N_MUTED, 3)
    legend(c, (x + w, y - 40), series, N_TEXT)
    nimbus_footer(c)


def draw_architecture(c: Canvas) -> None:
    nimbus_header(
        c,
        "Cirrus reference architecture",
        "Saved as WebP on purpose: a format PowerPoint cannot embed",
    )
    cy = 600
    nimbus_box(c, 96, cy - 70, 250, 140, "Clients", N_SKY)
    c.arrow((352, cy), (424, cy), N_SUN, 7, 24)
    nimbus_box(c, 430, cy - 70, 290, 140, "Edge\ngateway", N_SKY)
    services = ("Auth", "Orders", "Search")
    for i, label in enumerate(services):
        sy = 330 + i * 190
        c.arrow((726, cy), (824, sy + 70), N_SUN, 6, 22)
        c.arrow((1136, sy + 70), (1234, cy), N_SUN, 6, 22)
        nimbus_box(c, 830, sy, 300, 140, label, N_MINT)
    nimbus_box(c, 1240, cy - 70, 260, 140, "Event\nbus", N_CORAL)
    c.arrow((1506, cy), (1578, cy), N_SUN, 7, 24)
    cylinder(c, 1700, cy - 80, 220, 150, N_PANEL, N_SKY)
    c.text((1700, cy + 10), "Storage", 34, N_TEXT, bold=True, anchor="mm")
    c.text(
        (960, 920), "format: WebP (expected to be converted or flagged)", 30, N_MUTED, anchor="mm"
    )
    nimbus_footer(c)


def draw_mobile_app(c: Canvas) -> None:
    w = c.vw
    c.box(0, 0, w, c.vh, UI_BG)
    c.text((70, 70), "9:41", 40, UI_TEXT, bold=True, anchor="lm")
    for i in range(4):
        c.box(850 + i * 22, 82 - 10 - i * 8, 14, 20 + i * 8, UI_TEXT, radius=3)
    c.box(950, 56, 70, 32, None, outline=UI_TEXT, width=3, radius=8)
    c.box(956, 62, 46, 20, UI_TEXT, radius=4)
    c.text((60, 210), "Cirrus", 76, UI_TEXT, bold=True, anchor="lm")
    c.ellipse(960, 210, 58, 58, (124, 58, 237))
    c.text((960, 210), "AQ", 40, UI_CARD, bold=True, anchor="mm")
    c.text((60, 330), "Good morning, Ada", 48, UI_TEXT, bold=True)
    c.text((60, 400), "Here is your platform today", 36, UI_MUTED)
    mobile_card(c, 480, 300, "Requests today", "1.2M", "+8% vs yesterday", (5, 150, 105))
    mobile_card(c, 820, 300, "p99 latency", "84 ms", "within target", (37, 99, 235))
    spark = (212, 198, 205, 181, 172, 166, 151, 143, 137, 121, 112, 104)
    points = [(560 + i * 40, 1020 - (v - 100) * 1.2) for i, v in enumerate(spark)]
    c.line(points, (37, 99, 235), 7)
    c.box(40, 1160, w - 80, 520, UI_CARD, outline=UI_BORDER, width=3, radius=36)
    c.text((80, 1200), "Recent alerts", 44, UI_TEXT, bold=True)
    alerts = (
        ("Ingest lag resolved", "2m", (5, 150, 105)),
        ("New region: north-1", "1h", (37, 99, 235)),
        ("Weekly report ready", "3h", (217, 119, 6)),
    )
    for i, (label, ago, colour) in enumerate(alerts):
        y = 1330 + i * 120
        if i:
            c.line([(80, y - 60), (w - 80, y - 60)], UI_BORDER, 2)
        c.ellipse(100, y, 16, 16, colour)
        c.text((140, y), label, 38, UI_TEXT, anchor="lm")
        c.text((w - 80, y), ago, 34, UI_MUTED, anchor="rm")
    c.box(40, 1730, w - 80, 130, (37, 99, 235), radius=65)
    c.text((w / 2, 1795), "Open dashboard", 44, UI_CARD, bold=True, anchor="mm")
    c.text(
        (w / 2, 1960),
        "stand-in · fictional app screenshot",
        32,
        (180, 83, 9),
        bold=True,
        anchor="mm",
    )
    tab_top = c.vh - 220
    c.box(0, tab_top, w, 220, UI_CARD)
    c.line([(0, tab_top), (w, tab_top)], UI_BORDER, 3)
    for i, tab in enumerate(("Home", "Metrics", "Alerts", "Profile")):
        tx = w / 8 + i * w / 4
        colour = (37, 99, 235) if i == 0 else UI_MUTED
        c.ellipse(tx, tab_top + 62, 24, 24, colour)
        c.text((tx, tab_top + 112), tab, 30, colour, bold=i == 0, anchor="mm")
    c.box(w / 2 - 140, c.vh - 40, 280, 12, UI_TEXT, radius=6)


def mobile_card(
    c: Canvas, top: float, h: float, label: str, value: str, note: str, accent: RGB
) -> None:
    c.box(40, top, c.vw - 80, h, UI_CARD, outline=UI_BORDER, width=3, radius=36)
    c.text((80, top + 40), label, 36, UI_MUTED)
    c.text((80, top + 100), value, 96, UI_TEXT, bold=True)
    c.text((80, top + 230), note, 34, accent, bold=True)


@dataclass(frozen=True)
class Dashboard:
    title: str
    nav_index: int
    accent: RGB
    dark: RGB
    kpis: tuple[tuple[str, str], ...]
    bars: tuple[float, ...]


DASHBOARDS: dict[str, Dashboard] = {
    "a": Dashboard(
        "Usage",
        1,
        (37, 99, 235),
        (23, 37, 84),
        (("Requests", "1.2M"), ("Active projects", "342"), ("Error rate", "0.08%")),
        (52, 61, 58, 70, 76, 44, 39),
    ),
    "b": Dashboard(
        "Latency",
        2,
        (5, 150, 105),
        (6, 58, 48),
        (("p50", "38 ms"), ("p99", "104 ms"), ("SLO met", "99.97%")),
        (41, 39, 44, 38, 36, 35, 37),
    ),
    "c": Dashboard(
        "Costs",
        3,
        (217, 119, 6),
        (67, 36, 8),
        (("This month", "$18.4k"), ("Forecast", "$21.0k"), ("Savings", "12%")),
        (2.4, 2.6, 2.5, 2.9, 3.1, 1.9, 1.6),
    ),
}


def draw_dashboard(c: Canvas, d: Dashboard) -> None:
    c.box(0, 0, c.vw, c.vh, UI_BG)
    c.box(0, 0, 300, c.vh, d.dark)
    c.text((40, 60), "Cirrus", 48, UI_CARD, bold=True, anchor="lm")
    for i, item in enumerate(("Overview", "Usage", "Latency", "Costs", "Settings")):
        y = 170 + i * 80
        if i == d.nav_index:
            c.box(20, y - 32, 260, 64, d.accent, radius=14)
        c.text((46, y), item, 32, UI_CARD, bold=i == d.nav_index, anchor="lm")
    c.box(300, 0, c.vw - 300, 120, UI_CARD)
    c.line([(300, 120), (c.vw, 120)], UI_BORDER, 2)
    c.text((350, 60), f"{d.title} dashboard", 48, UI_TEXT, bold=True, anchor="lm")
    c.text((c.vw - 50, 60), "stand-in · fictional", 30, (180, 83, 9), bold=True, anchor="rm")
    for i, (label, value) in enumerate(d.kpis):
        x = 350 + i * 520
        c.box(x, 160, 490, 200, UI_CARD, outline=UI_BORDER, width=2, radius=20)
        c.box(x, 160, 12, 200, d.accent, radius=6)
        c.text((x + 44, 200), label, 32, UI_MUTED)
        c.text((x + 44, 252), value, 66, UI_TEXT, bold=True)
    c.box(350, 400, 1530, 620, UI_CARD, outline=UI_BORDER, width=2, radius=20)
    c.text((390, 436), "Last 7 days", 36, UI_TEXT, bold=True)
    vmax = max(d.bars) * 1.15
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    for i, (value, day) in enumerate(zip(d.bars, days, strict=True)):
        bh = 420 * value / vmax
        x = 430 + i * 206
        c.box(x, 940 - bh, 120, bh, d.accent, radius=10)
        c.text((x + 60, 960), day, 30, UI_MUTED, anchor="ma")
    c.line([(390, 940), (1840, 940)], UI_BORDER, 3)
    c.text(
        (1115, 1055),
        "Nimbus Summit 2025 · Cirrus Labs console (fictional)",
        26,
        UI_MUTED,
        anchor="mm",
    )


def draw_landscape_photo(c: Canvas) -> None:
    """A 4:3 landscape 'photo' with an unmistakable 'this way up' arrow."""
    w, horizon = c.vw, 700
    c.vgradient(0, 0, w, horizon, (96, 160, 230), (206, 228, 250))
    c.ellipse(1220, 200, 90, 90, (253, 224, 71))
    mountains = (
        ((0, 700), (300, 380), (600, 700), (90, 105, 130)),
        ((380, 700), (780, 300), (1180, 700), (70, 84, 110)),
        ((920, 700), (1210, 430), (1440, 700), (100, 116, 140)),
    )
    for left, peak, right, colour in mountains:
        c.polygon([left, peak, right], colour)
        cap = 0.22
        c.polygon(
            [
                peak,
                (peak[0] + (right[0] - peak[0]) * cap, peak[1] + (right[1] - peak[1]) * cap),
                (peak[0] + (left[0] - peak[0]) * cap, peak[1] + (left[1] - peak[1]) * cap),
            ],
            (241, 245, 249),
        )
    c.vgradient(0, horizon, w, c.vh - horizon, (84, 168, 92), (40, 110, 56))
    outline = (20, 24, 32)
    arrow = [(720, 250), (850, 480), (755, 480), (755, 880), (685, 880), (685, 480), (590, 480)]
    c.polygon(arrow, (255, 255, 255), outline, width=6)
    c.text((720, 180), "UP", 96, (255, 255, 255), bold=True, anchor="ms", outline=outline)
    c.text((720, 970), "this way up", 84, (255, 255, 255), bold=True, anchor="mm", outline=outline)
    c.text((30, 30), "stand-in photo · fictional", 34, outline, bold=True)


def draw_avatar(c: Canvas, initials: str, colour: RGB) -> None:
    c.box(0, 0, c.vw, c.vh, (241, 245, 249))
    c.ellipse(540, 540, 500, 500, mix(colour, (255, 255, 255), 0.35))
    c.ellipse(540, 540, 470, 470, colour)
    c.text((540, 500), initials, 380, (255, 255, 255), bold=True, anchor="mm")
    c.text((540, 830), "stand-in", 60, mix(colour, (255, 255, 255), 0.75), bold=True, anchor="mm")


def draw_event_logo(c: Canvas) -> None:
    """The fictional Nimbus Summit's logo: a cloud mark and the name, on white."""
    ink = (15, 23, 42)
    c.box(0, 0, c.vw, c.vh, (255, 255, 255))
    mid = c.vh / 2
    for dx, dy, r in ((0.0, 0.1, 0.22), (0.22, -0.06, 0.3), (0.46, 0.1, 0.22)):
        c.ellipse(c.vh * (0.42 + dx), mid + c.vh * dy, c.vh * r, c.vh * r, (56, 189, 248))
    c.text((c.vh * 1.2, mid), "NIMBUS SUMMIT", c.vh * 0.28, ink, bold=True, anchor="lm")


# --------------------------------------------------------------------------
# Output table
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One output image: where it goes, its pixel size, format and painter."""

    path: Path
    size: tuple[int, int]
    painter: Callable[[Canvas], None]
    exif_orientation: int = 0
    supersample: int = 1


def dashboard_painter(key: str) -> Callable[[Canvas], None]:
    return lambda c: draw_dashboard(c, DASHBOARDS[key])


def avatar_painter(initials: str, colour: RGB) -> Callable[[Canvas], None]:
    return lambda c: draw_avatar(c, initials, colour)


def build_specs() -> tuple[Spec, ...]:
    k, shots, people = KEYNOTE_DIR, EXAMPLE_DIR / "screenshots", EXAMPLE_DIR / "speakers"
    uhd, fhd, hd = (3840, 2160), (1920, 1080), (1280, 720)
    return (
        Spec(k / "summary.jpg", hd, draw_summary),
        Spec(k / "graviton-generational-improvements.png", uhd, draw_graviton_generations),
        Spec(k / "graviton-powered-aws-services.png", fhd, draw_graviton_services),
        Spec(k / "aws-nitro-system.png", uhd, draw_nitro),
        Spec(k / "disaggregated-storage.png", uhd, draw_disaggregated_storage),
        Spec(k / "ai-scale-up-scale-out.png", fhd, draw_scale_up_out),
        Spec(k / "ai-trainium2-advance-packaging.png", uhd, draw_advanced_packaging),
        Spec(k / "ai-trainium2-systolic-array-architecture.png", uhd, draw_systolic_array),
        Spec(k / "ai-trainium2-neuron-link.png", fhd, draw_neuronlink),
        Spec(k / "ai-trainium2-ultraserver.png", (1440, 2560), draw_ultraserver),
        Spec(k / "ai-bedrock-latency-optimized-inference-option.png", hd, draw_bedrock_latency),
        Spec(
            k / "ai-bedrock-latency-optimized-inference-option-llama3.1-performance.png",
            uhd,
            draw_llama_performance,
        ),
        Spec(shots / "platform-overview.png", fhd, draw_platform_overview),
        Spec(shots / "latency-chart.png", uhd, draw_latency_chart),
        Spec(shots / "architecture.webp", (1600, 900), draw_architecture),
        Spec(shots / "mobile-app.png", (1170, 2532), draw_mobile_app),
        Spec(shots / "dashboard-a.png", hd, dashboard_painter("a")),
        Spec(shots / "dashboard-b.png", hd, dashboard_painter("b")),
        Spec(shots / "dashboard-c.png", hd, dashboard_painter("c")),
        Spec(shots / "rotated-photo.jpg", (1200, 900), draw_landscape_photo, exif_orientation=6),
        Spec(EXAMPLE_DIR / "nimbus-summit-logo.png", (900, 200), draw_event_logo, supersample=2),
        Spec(people / "ada.png", (800, 800), avatar_painter("AQ", (124, 58, 237)), supersample=2),
        Spec(people / "lin.png", (800, 800), avatar_painter("LW", (13, 148, 136)), supersample=2),
        Spec(people / "sam.png", (800, 800), avatar_painter("SR", (225, 29, 72)), supersample=2),
    )


def render(spec: Spec) -> Image.Image:
    """Paint ``spec`` at its displayed size (upright, before any EXIF rotation)."""
    width, height = spec.size
    factor = spec.supersample
    canvas = Canvas.create(width * factor, height * factor, (0, 0, 0))
    spec.painter(canvas)
    image = canvas.image
    if factor > 1:
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return image


def save(image: Image.Image, spec: Spec) -> None:
    """Write ``image`` in the format implied by the file suffix."""
    spec.path.parent.mkdir(parents=True, exist_ok=True)
    suffix = spec.path.suffix.lower()
    if suffix == ".jpg":
        if spec.exif_orientation == 6:
            # Orientation 6 means "rotate 90° clockwise to display", so the
            # stored pixels are the upright picture turned 90° anticlockwise.
            exif = Image.Exif()
            exif[0x0112] = 6
            image = image.transpose(Image.Transpose.ROTATE_90)
            image.save(spec.path, "JPEG", quality=85, exif=exif.tobytes())
        else:
            image.save(spec.path, "JPEG", quality=85)
    elif suffix == ".webp":
        image.save(spec.path, "WEBP", quality=85, method=6)
    else:
        image.save(spec.path, "PNG", optimize=True)


def main() -> int:
    for spec in build_specs():
        save(render(spec), spec)
        with Image.open(spec.path) as written:
            width, height = written.size
        rel = spec.path.relative_to(REPO_ROOT)
        print(f"{rel}  {width}x{height}  {spec.path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
