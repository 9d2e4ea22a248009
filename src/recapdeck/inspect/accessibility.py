"""PowerPoint's Accessibility Checker rules, read from the file: titles, reading order, alt
text, table headers and the contrast of text against what is really behind it."""

from __future__ import annotations

from lxml import etree

from .colors import contrast, hex_of
from .contrast import MIN_CONTRAST, slide_low_contrast
from .findings import PROBLEM, WARNING, Finding
from .package import NS, Package
from .slide import TITLE_TYPES, SlideView, is_decorative, placeholder_type, text_of

_A = f"{{{NS['a']}}}"


def check_accessibility(package: Package) -> list[Finding]:
    """Accessibility findings for every slide of ``package``."""
    found: list[Finding] = []
    titles: dict[str, list[int]] = {}
    for number, slide in enumerate(package.slides(), 1):
        view = SlideView.read(package, slide)
        if view is None:
            continue
        found += _title(view, number, titles)
        found += _alt_text(view, number)
        found += _tables(view, number)
        found += _contrast(view, number)
    for title, numbers in titles.items():
        if len(numbers) > 1:
            found.append(
                Finding(
                    WARNING,
                    "duplicate-title",
                    f"slides {', '.join(map(str, numbers))} share the title '{title}'; a screen "
                    "reader's list of slides cannot tell them apart",
                    "give each slide its own title, e.g. 'Title (2/3)'",
                    numbers[1],
                )
            )
    return found


def _title(view: SlideView, number: int, titles: dict[str, list[int]]) -> list[Finding]:
    shapes = view.top_level()
    found = [s for s in view.shapes() if placeholder_type(s) in TITLE_TYPES]
    if not found:
        return [
            Finding(
                PROBLEM,
                "missing-title",
                "the slide has no title placeholder; screen readers and the slide list in "
                "PowerPoint, Keynote and Google Slides have no name for it",
                "add a title (Home > Layout: one with a title, then type it); on a slide "
                "that shows only a picture, drag the title off the slide to hide it",
                number,
                view.slide,
            )
        ]
    title = found[0]
    text = text_of(title)
    out = []
    if not text:
        out.append(
            Finding(
                PROBLEM,
                "empty-title",
                "the slide's title placeholder is empty",
                "type a title into it (drag it off the slide if it must not show)",
                number,
                view.slide,
            )
        )
    else:
        titles.setdefault(text, []).append(number)
    top = title
    while top.getparent() is not None and etree.QName(top.getparent()).localname == "grpSp":
        top = top.getparent()
    if shapes and shapes[0] is not top:
        out.append(
            Finding(
                WARNING,
                "title-not-first",
                f"the title comes after '{view.name(shapes[0])}' in reading order; a screen "
                "reader reads the slide in that order",
                "Home > Arrange > Selection Pane (or Review > Check Accessibility > Reading "
                "Order): move the title to the top of the reading order",
                number,
                view.slide,
            )
        )
    return out


def _alt_text(view: SlideView, number: int) -> list[Finding]:
    out = []
    for shape in view.shapes():
        tag = etree.QName(shape).localname
        c_nv_pr = shape.find("./*/p:cNvPr", NS)
        described = c_nv_pr is not None and (
            (c_nv_pr.get("descr") or "").strip() or (c_nv_pr.get("title") or "").strip()
        )
        if described or is_decorative(shape):
            continue
        name = view.name(shape)
        if tag == "pic" or (tag == "graphicFrame" and shape.find(".//a:tbl", NS) is None):
            what = "picture" if tag == "pic" else "chart or diagram"
            out.append(
                Finding(
                    PROBLEM,
                    "missing-alt-text",
                    f"the {what} '{name}' has no alt text; a screen reader announces only its name",
                    "right-click it > View Alt Text: describe it, or tick Mark as decorative",
                    number,
                    view.slide,
                )
            )
        elif tag == "sp" and placeholder_type(shape) is None and not text_of(shape):
            out.append(
                Finding(
                    WARNING,
                    "shape-alt-text",
                    f"the shape '{name}' has neither text nor alt text",
                    "right-click it > View Alt Text: describe it, or tick Mark as decorative",
                    number,
                    view.slide,
                )
            )
    return out


def _tables(view: SlideView, number: int) -> list[Finding]:
    out = []
    for table in view.root.iter(_A + "tbl"):
        pr = table.find("a:tblPr", NS)
        if pr is None or pr.get("firstRow") not in ("1", "true"):
            out.append(
                Finding(
                    PROBLEM,
                    "table-header",
                    "a table has no header row; a screen reader cannot say which column a "
                    "cell is in",
                    "Table Design > tick Header Row (and put the column names in the first row)",
                    number,
                    view.slide,
                )
            )
    return out


def _contrast(view: SlideView, number: int) -> list[Finding]:
    out = []
    for spot in slide_low_contrast(view, number):
        short = spot.text if len(spot.text) <= 40 else spot.text[:37] + "..."
        behind = min(spot.behind, key=lambda c: contrast(spot.color, c))
        out.append(
            Finding(
                PROBLEM,
                "low-contrast",
                f"'{short}' in '{spot.shape_name}' is {hex_of(spot.color)} on {hex_of(behind)} "
                f"({spot.what}): {spot.ratio:.2f}:1, below {MIN_CONTRAST}:1",
                "darken the text or lighten what is behind it (or the reverse) until it "
                "reaches 4.5:1; in a recapdeck theme, change the colour in colors:",
                number,
                view.slide,
            )
        )
    return out
