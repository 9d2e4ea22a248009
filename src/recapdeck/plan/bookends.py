"""The slides that frame the talk: the cover, the section slides with the agenda's progress,
and the closing slide, with what the presenter says on each.

The cover says where this was (event, date, place) and who gives the recap, with an optional
event logo and hero screenshot; each section slide shows the agenda with the current part
highlighted (the theme's ``design.section_agenda``); the closing slide lists what to read next
and how to reach the recap's author.
"""

from __future__ import annotations

from dataclasses import replace

from ..load.model import Reference, Segment
from ..markup import Para, Run
from ..units import PX_PER_PT
from .cards import CardPlanner, host
from .fit import INSET_X, INSET_Y, line_height
from .model import Box, PicturePlan, ShapePlan, SlideKind, TextRole
from .notes import date_text, join_words, sentence, strip_markdown
from .text import Block, Draft

EVENT_LOGO_H, EVENT_LOGO_W = 48.0, 220.0
"""The largest box the event's logo is fitted into, top left of the cover."""
KICKER, META_SIZE = 22.0, 20.0
"""The event's name above the cover title, and the lines of date, place and recap author."""
RULE_W, RULE_H = 72.0, 5.0
COVER_GROW = 1.3
"""A short cover title grows up to this factor of the theme's ``cover_title`` size."""
HERO_SHARE = 0.5
"""The share of the content width a cover's hero screenshot takes."""
SECTION_TITLE_Y = 0.3
"""A section title's top edge as a share of the slide height: the same on every section."""
AGENDA_SHARE = 0.34
"""The share of the content width a section slide's agenda takes."""
AGENDA_SIZES = (22.0, 20.0, 18.0)
AGENDA_BAR, AGENDA_GAP = 5.0, 10.0
SECTION_PHOTO, SECTION_PHOTO_SMALL = 200.0, 80.0
READ_NEXT = 3
"""The most references the closing slide lists as "To read next"."""
PANEL_SHARE, PANEL_PAD = 0.44, 18.0
CLOSING_TITLE_Y = 130.0
"""The closing title's top edge, in points."""
READ_NEXT_SIZES = (22.0, 20.0, 18.0)


class BookendPlanner(CardPlanner):
    """Cover, section and closing slides for the built-in look."""

    def title_notes(self) -> str:
        """What the presenter says on the cover slide."""
        o = self.o
        presenters = join_words([p.name for p in o.speakers]) or "the presenters"
        when = f" on {date_text(o.event.date)}" if o.event.date else ""
        theme = f"The theme: {sentence(o.subtitle)} " if o.subtitle else ""
        minutes = f" in the next {o.duration} minutes" if o.duration else ""
        return (
            f"Welcome, everyone. This is a recap of the {o.event.name} keynote{when}, presented "
            f"by {presenters}. {theme}I'll walk you through "
            f"{join_words([seg.title for seg in o.segments])}{minutes}, and then we'll look at "
            "what was announced and take your questions."
        )

    def section_notes(self, index: int, segment: Segment) -> str:
        """What the presenter says on a section slide: the segment's notes or an introduction."""
        if segment.notes:
            return sentence(segment.notes)
        person = self.o.speaker(segment.speaker)
        intro = ""
        if person:
            intro = f"{person.name}{', ' + person.role if person.role else ''} takes the stage. "
        titles = join_words([strip_markdown(h.title) for h in segment.highlights])
        covers = f"This part covers {titles}." if titles else ""
        return f"Part {index + 1}: {segment.title}. {intro}{covers}".strip()

    def closing_notes(self) -> str:
        """What the presenter says on the closing slide."""
        o = self.o
        return " ".join(
            v
            for v in (
                "That's the recap. Thank you for listening — what questions do you have?",
                "The full keynote is linked in the references." if o.references else "",
                f"Credits: {o.credits}" if o.credits else "",
            )
            if v
        )

    # -- cover ------------------------------------------------------------------------------

    def title_slide(self) -> None:
        """The cover: event and date above the title, the recap's author at the foot, an
        optional event logo (top left) and hero screenshot (right half)."""
        o, s = self.o, self.t.sizes
        x = self.left + 20
        full = self.right - self.left - 40
        hero = o.cover if o.cover is not None and self.loaded.image(o.cover) else None
        width = (self.right - self.left) * (1 - HERO_SHARE) - 40 if hero else full
        draft = Draft(SlideKind.TITLE, o.title, None, self.at(o), background="accent", footer=False)
        self.drafts.append(draft)
        self.logo(draft)
        y = self.top + 8
        logo = self.loaded.image(o.event) if o.event.logo else None
        if logo is not None:
            scale = min(EVENT_LOGO_H / logo.height, EVENT_LOGO_W / logo.width)
            w, h = logo.width * scale, logo.height * scale
            draft.pictures.append(
                PicturePlan(
                    Box.pt(x + INSET_X, y, w, h),
                    logo,
                    f"{o.event.name} logo",
                    o.event.logo or "",
                    pixels=(round(w * PX_PER_PT * 2), round(h * PX_PER_PT * 2)),
                )
            )
            y += EVENT_LOGO_H + 12
        kicker_h = self.fit.lines(o.event.name, width, KICKER, bold=True) * line_height(KICKER)
        self.text(
            draft,
            x,
            y,
            width,
            kicker_h + 2 * INSET_Y,
            [Para((Run(o.event.name),))],
            KICKER,
            TextRole.LABEL,
            color="on_accent",
            bold=True,
        )
        y += kicker_h + 2 * INSET_Y
        when = " · ".join(v for v in (date_text(o.event.date), o.event.location) if v)
        if when:
            when_h = self.fit.lines(when, width, META_SIZE) * line_height(META_SIZE) + 2 * INSET_Y
            self.text(
                draft, x, y, width, when_h, [Para((Run(when),))], META_SIZE, TextRole.META,
                color="on_accent",
            )  # fmt: skip
            y += when_h
        foot: list[Para] = []
        if o.recap_by:
            foot.append(Para((Run("Recap by "), Run(o.recap_by.name, bold=True))))
            if o.recap_by.team:
                foot.append(Para((Run(o.recap_by.team),)))
        foot_h = len(foot) * line_height(META_SIZE) + 2 * INSET_Y
        foot_y = self.H - self.top - foot_h
        if foot:
            self.text(
                draft, x, foot_y, width, foot_h, foot, META_SIZE, TextRole.META,
                color="on_accent", anchor="bottom",
            )  # fmt: skip
        size, lines = self.title_size(
            o.title,
            width,
            self.at(o),
            s.cover_title,
            display=True,
            natural_lines=3 if hero else None,  # the hero screenshot narrows the column
        )
        if size == s.cover_title:  # a short title grows, in at most two lines
            for bigger in self.fit.size_steps(
                float(round(s.cover_title * COVER_GROW)), s.cover_title
            ):
                grown = self.fit.lines(o.title, width, bigger, bold=True, role="heading")
                if grown <= min(2, max(lines, 1) + 1):
                    size, lines = bigger, grown
                    break
        title_h = lines * line_height(size) + 2 * INSET_Y
        sub_lines = min(2, self.fit.lines(o.subtitle, width, s.body)) if o.subtitle else 0
        sub_h = sub_lines * line_height(s.body) + 2 * INSET_Y if o.subtitle else 0
        group = title_h + 6 + RULE_H + (16 + sub_h if o.subtitle else 0)
        free_top, free_bottom = y + 20, foot_y - 20
        ty = max(free_top, free_top + (free_bottom - free_top - group) / 2)
        draft.title_frame = self.display_title(o.title, x, ty, width, title_h, size, "on_accent")
        ty += title_h + 6
        draft.shapes.append(ShapePlan(Box.pt(x + INSET_X, ty, RULE_W, RULE_H), "on_accent"))
        if o.subtitle:
            self.text(
                draft, x, ty + 16, width, sub_h, [Para(self.runs(o.subtitle))], s.body,
                TextRole.SUBTITLE, color="on_accent",
            )  # fmt: skip
        if hero is not None:
            hx = self.left + (self.right - self.left) * (1 - HERO_SHARE)
            draft.pictures.append(
                self.picture(hero, hx, self.top + 24, self.right - hx, self.H - 2 * self.top - 48)
            )
        draft.notes = self.title_notes()

    # -- section ----------------------------------------------------------------------------

    def shows_agenda(self) -> bool:
        """Whether section slides carry the agenda: the theme asks, there are parts, and
        they fit down the side of the slide at the smallest agenda size."""
        if not (self.t.design.section_agenda and len(self.o.segments) > 1):
            return False
        return self.agenda_entries()[0] > 0

    def agenda_entries(self) -> tuple[float, list[float]]:
        """The agenda's size and each entry's height (size 0 when it does not fit)."""
        width = (self.right - self.left) * AGENDA_SHARE - AGENDA_BAR - 10
        room = self.H - 2 * self.top - 40
        titles = [f"{i + 1}. {seg.title}" for i, seg in enumerate(self.o.segments)]
        for size in AGENDA_SIZES:
            heights = [
                self.fit.lines(t, width, size, bold=True) * line_height(size) + 2 * INSET_Y
                for t in titles
            ]
            if sum(heights) + AGENDA_GAP * (len(titles) - 1) <= room:
                return size, heights
        return 0.0, []

    def section_slide(self, index: int, segment: Segment) -> None:
        """ "PART n", the segment's title at the same place on every section slide, who
        presents it, and the agenda with this part highlighted."""
        s = self.t.sizes
        person = self.o.speaker(segment.speaker)
        photo = person if person is not None and person.photo else None
        agenda = self.shows_agenda()
        x = self.left + 20
        content_w = self.right - self.left
        if agenda:
            width = content_w * (1 - AGENDA_SHARE) - 60
        else:
            width = content_w - (SECTION_PHOTO + 60 if photo else 40)
        size, lines = self.title_size(
            segment.title,
            width,
            self.at(segment),
            s.section_title,
            display=True,
            natural_lines=3 if agenda else None,  # the agenda narrows the title's column
        )
        title_h = lines * line_height(size) + 2 * INSET_Y
        y = self.H * SECTION_TITLE_Y
        frame = self.display_title(segment.title, x, y, width, title_h, size, "text")
        frame = replace(frame, anchor="top")  # the same top edge, whatever the lines
        draft = Draft(
            SlideKind.SECTION,
            segment.title,
            frame,
            self.at(segment),
            background="surface",
            footer=False,
            segment=index,
        )
        self.drafts.append(draft)
        self.text(
            draft,
            x,
            y - 40,
            width,
            34,
            [Para((Run(f"PART {index + 1}"),))],
            18,
            TextRole.LABEL,
            color="accent",
            bold=True,
            anchor="bottom",
        )
        draft.shapes.append(
            ShapePlan(Box.pt(x + INSET_X, y + title_h + 6, RULE_W, RULE_H), "accent")
        )
        top = y + title_h + 24
        if person:
            role = ", ".join(v for v in (person.role, person.company) if v)
            paras = [Para((Run(person.name, bold=True),))] + ([Para((Run(role),))] if role else [])
            tx, tw = x, width
            if photo and agenda:
                draft.pictures.append(self.photo(photo, x + INSET_X, top, SECTION_PHOTO_SMALL))
                tx, tw = x + SECTION_PHOTO_SMALL + 20, width - SECTION_PHOTO_SMALL - 20
            lines_n = sum(self.fit.lines(p.text, tw, 20, bold=True) for p in paras)
            self.text(
                draft, tx, top, tw, max(64.0, lines_n * line_height(20) + 2 * INSET_Y), paras,
                20, TextRole.SPEAKER, color="muted",
            )  # fmt: skip
        if photo and not agenda:
            draft.pictures.append(
                self.photo(photo, self.right - SECTION_PHOTO - 20, (self.H - SECTION_PHOTO) / 2,
                           SECTION_PHOTO)
            )  # fmt: skip
        if agenda:
            self.agenda_column(draft, index)
        draft.notes = self.section_notes(index, segment)

    def agenda_column(self, draft: Draft, current: int) -> None:
        """The parts of the keynote down the right of a section slide, ``current`` marked."""
        ax = self.right - (self.right - self.left) * AGENDA_SHARE
        width = self.right - ax - AGENDA_BAR - 10
        size, heights = self.agenda_entries()
        gaps = AGENDA_GAP * (len(heights) - 1)
        y = max(self.top, (self.H - sum(heights) - gaps) / 2)
        # each entry is measured in bold, as it is when it is the current part, so that the
        # agenda stands in the same place on every section slide
        for i, (seg, h) in enumerate(zip(self.o.segments, heights, strict=True)):
            here = i == current
            if here:
                draft.shapes.append(ShapePlan(Box.pt(ax, y, AGENDA_BAR, h), "accent"))
            self.text(
                draft, ax + AGENDA_BAR + 10, y, width, h, [Para((Run(f"{i + 1}. {seg.title}"),))],
                size, TextRole.AGENDA, color="text" if here else "muted", bold=here,
                anchor="middle",
            )  # fmt: skip
            y += h + AGENDA_GAP

    # -- closing ----------------------------------------------------------------------------

    def closing_slide(self) -> None:
        """The closing title, thanks and the recap author's contact; beside them a short
        "To read next" list of the references."""
        o, s = self.o, self.t.sizes
        refs = list(o.references[:READ_NEXT])
        x = self.left + 20
        content_w = self.right - self.left
        credits_h = 60.0 if o.credits else 0.0
        panel_w = content_w * PANEL_SHARE if refs else 0.0
        width = content_w - 40 - (panel_w + 20 if refs else 0)
        title = self.t.closing_title
        size, lines = self.title_size(title, width, self.at(o), s.cover_title, display=True)
        height = lines * line_height(size) + 2 * INSET_Y
        ty = CLOSING_TITLE_Y
        frame = self.display_title(title, x, ty, width, height, size, "on_accent")
        draft = Draft(
            SlideKind.CLOSING, title, frame, self.at(o), background="accent", footer=False
        )
        self.drafts.append(draft)
        self.logo(draft)
        y = ty + height + 8
        draft.shapes.append(ShapePlan(Box.pt(x + INSET_X, y, RULE_W, RULE_H), "on_accent"))
        y += RULE_H + 18
        thanks = f"Thank you{' — ' + o.recap_by.name if o.recap_by else ''}"
        lines_out = [Para((Run(thanks, bold=True),))]
        if o.recap_by and o.recap_by.contact:
            contact = o.recap_by.contact
            link = f"mailto:{contact}" if "@" in contact and " " not in contact else None
            if contact.startswith(("http://", "https://")):
                link = contact
            # plain text in the slide's colour (a link would take the theme's link colour on
            # the accent background); the link goes with the slide's links to the handout
            lines_out.append(Para((Run(contact),)))
            if link:
                draft.links.append((contact, link))
        lines_out.append(Para((Run(f"{o.title} · {o.event.name}"),)))
        meta_h = (
            sum(self.fit.lines(p.text, width, META_SIZE, bold=True) for p in lines_out)
            * line_height(META_SIZE)
            + 2 * INSET_Y
        )
        self.text(
            draft, x, y, width, meta_h, lines_out, META_SIZE, TextRole.META, color="on_accent"
        )
        if refs:
            self.read_next(draft, refs, self.right - panel_w, panel_w, credits_h)
        if o.credits:
            self.text(
                draft,
                x,
                self.H - self.top - 56,
                content_w - 40,
                56,
                [Para(self.runs(o.credits))],
                12,
                TextRole.CREDITS,
                color="on_accent",
                anchor="bottom",
            )
        draft.notes = self.closing_notes()

    def read_next(
        self, draft: Draft, refs: list[Reference], x: float, width: float, below: float
    ) -> None:
        """A surface panel headed "To read next" with the first references as a list, as tall
        as its list (the references that do not fit are left to the references slide)."""
        top = CLOSING_TITLE_Y - 10
        bottom = self.H - self.top - below - 12
        inner_x, inner_w = x + PANEL_PAD, width - 2 * PANEL_PAD
        label_h = line_height(20) + 2 * INSET_Y
        room = bottom - top - 2 * PANEL_PAD - label_h - 10
        # the title as plain text and the short host as the link: LibreOffice wraps a link
        # only between its letters, which would break a long title mid-word
        blocks: list[Block] = [
            (Para((Run(f"{r.title} — "), Run(host(r.url), link=r.url)), 0, "bullet"),) for r in refs
        ]
        while blocks:
            fitting = [
                z for z in READ_NEXT_SIZES if self.fit.block_height(blocks, inner_w, z) <= room
            ]
            # a size at which every title stays whole on its line, if there is one
            whole = [z for z in fitting if self.fit.words_fit(blocks, inner_w, z)]
            if fitting:
                size = (whole or fitting)[0]
                break
            blocks.pop()
        else:
            return
        list_h = self.fit.block_height(blocks, inner_w, size)
        height = 2 * PANEL_PAD + label_h + 10 + list_h
        draft.shapes.append(ShapePlan(Box.pt(x, top, width, height), "surface"))
        self.text(
            draft, inner_x, top + PANEL_PAD, inner_w, label_h, [Para((Run("To read next"),))], 20,
            TextRole.LABEL, color="accent", bold=True,
        )  # fmt: skip
        self.bullets_at(draft, blocks, size, inner_x, top + PANEL_PAD + label_h + 10, inner_w,
                        list_h)  # fmt: skip

    def bullets_at(
        self, draft: Draft, blocks: list[Block], size: float, x: float, y: float, w: float, h: float
    ) -> None:
        """A list of ``blocks`` at ``size`` in the given box, its links noted on the slide."""
        paras = [p for block in blocks for p in block]
        self.text(
            draft, x, y, w, h, paras, size, TextRole.BODY, space_before=size * 0.5,
        )  # fmt: skip
        draft.links += [(r.text, r.link) for p in paras for r in p.runs if r.link]
