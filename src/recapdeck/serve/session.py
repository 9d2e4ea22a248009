"""A serve session: one build context, one LibreOffice, and the slide images it has made.

Each :meth:`ServeSession.refresh` prepares and renders the deck in memory (the same stages as
``recapdeck build``, with the session's one :class:`~recapdeck.pipeline.options.BuildContext`),
keys every slide by what makes its picture (:func:`recapdeck.oxml.slides.slide_keys`), and
converts only the slides whose key has no image yet: a small .pptx of those slides goes
through the running LibreOffice, and its pages are rasterised. Then the page is told.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildWarning, Location, Problem, RecapdeckError
from ..pipeline.options import BuildContext, BuildOptions
from ..pipeline.stages import Prepared, office_fonts, prepare, render_deck
from ..pipeline.watching import inputs_of
from .store import ImageStore
from .view import DeckView, Refresh, deck_view, failed_view

if TYPE_CHECKING:
    from PIL import Image

    from ..export.office import Office
    from ..oxml.slides import Package

SLIDE_WIDTH = 960
"""Pixels across a slide image on the page (twice the handout's thumbnails)."""
PROGRESSIVE = 8
"""From this many missing images, they are made in two rounds (see ``ServeSession._images``)."""
FIRST_ROUND = 4
"""Images made in the first of two rounds: the top of the page."""
_OFFICE_FAILURES = 2
"""After this many failures of the persistent LibreOffice, each change starts its own."""


@dataclass(frozen=True)
class Rendered:
    """How long making the missing slide images took, in seconds."""

    convert: float = 0.0
    raster: float = 0.0


class ServeSession:
    """The state of one ``recapdeck serve``: call :meth:`refresh` after each change."""

    def __init__(
        self,
        outline: Path,
        options: BuildOptions,
        *,
        width: int = SLIDE_WIDTH,
        persistent_office: bool = True,
    ) -> None:
        self.outline = Path(outline).absolute()
        self.options = replace(options, handout=(), pdf=False)
        self.width = width
        self.context = BuildContext.open(options.cache)
        self.store = ImageStore()
        self.inputs, self.folders = inputs_of(self.outline, self.options, None)
        self._persistent = persistent_office
        self._office: Office | None = None
        self._office_failures = 0
        self._office_warning: BuildWarning | None = None
        self._changed = threading.Condition()
        self._refreshing = threading.Lock()
        self.view = DeckView(version=0, outline=str(Location(self.outline)), building=True)

    @property
    def office_mode(self) -> str:
        """How slides are converted now: "persistent" (one LibreOffice for the session) or
        "one-shot" (one per change)."""
        usable = self._persistent and self._office_failures < _OFFICE_FAILURES
        return "persistent" if usable else "one-shot"

    def refresh(self) -> DeckView:
        """Build the deck again, make the images of changed slides, publish the new view."""
        with self._refreshing:
            started = time.perf_counter()
            self.context.start()
            try:
                prepared = prepare(self.outline, self.options, self.context)
                _, deck = render_deck(prepared, self.context)
            except RecapdeckError as exc:
                kept = (self.inputs, self.folders)
                self.inputs, self.folders = inputs_of(self.outline, self.options, None, kept)
                took = time.perf_counter() - started
                refresh = Refresh(False, took, 0.0, 0.0, took, (), self.office_mode)
                return self._publish(
                    failed_view(self.view, exc.problems, version=self._next, refresh=refresh)
                )
            self.context.finish()
            self.inputs, self.folders = inputs_of(self.outline, self.options, prepared)
            built = time.perf_counter()
            keys, rendered, numbers = self._images(deck, prepared, started)
            warnings = [self._office_warning] if self._office_warning else []
            refresh = Refresh(
                True,
                built - started,
                rendered.convert,
                rendered.raster,
                time.perf_counter() - started,
                numbers,
                self.office_mode,
            )
            view = deck_view(prepared, keys, version=self._next, refresh=refresh, warnings=warnings)
            self._publish(view)
            self.store.keep_only(keys)
            return view

    def wait_for_change(self, version: int, timeout: float) -> DeckView:
        """The view once its version is past ``version``, or as it is after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self.view.version > version, timeout)
            return self.view

    def show_problems(self, problems: Sequence[Problem]) -> DeckView:
        """Show ``problems`` over the last good slides (a refresh that failed past the build)."""
        refresh = Refresh(False, 0.0, 0.0, 0.0, 0.0, (), self.office_mode)
        return self._publish(failed_view(self.view, problems, version=self._next, refresh=refresh))

    def mark_building(self) -> None:
        """Tell the page a change was seen and a refresh is under way."""
        self._publish(replace(self.view, version=self._next, building=True))

    def close(self) -> None:
        """Stop the session's LibreOffice."""
        if self._office is not None:
            self._office.close()
            self._office = None

    @property
    def _next(self) -> int:
        return self.view.version + 1

    def _publish(self, view: DeckView) -> DeckView:
        with self._changed:
            self.view = view
            self._changed.notify_all()
        return view

    def _images(
        self, deck: bytes, prepared: Prepared, started: float
    ) -> tuple[list[str], Rendered, tuple[int, ...]]:
        """Every slide's key, making the images of those not in the store yet.

        Many missing images (the first page, a new theme) are made in two rounds: the first
        few slides, then the rest; before each round the page gets the slides with the images
        made so far, so that it shows the deck's text, warnings and run sheet at once and the
        first images in a second, not all of it once LibreOffice has converted the whole deck.
        """
        from ..oxml.slides import Package, slide_keys

        package = Package.read(deck)
        keys = slide_keys(package, salt=f"width={self.width}".encode())
        parts = package.slides()
        todo: dict[str, str] = {}
        for key, part in zip(keys, parts, strict=True):
            if key not in self.store and key not in todo:
                todo[key] = part
        if not todo:
            return keys, Rendered(), ()
        numbers = tuple(i + 1 for i, key in enumerate(keys) if key in todo)
        order = list(todo)
        rounds = (
            [order] if len(order) <= PROGRESSIVE else [order[:FIRST_ROUND], order[FIRST_ROUND:]]
        )
        rendered = Rendered()
        for done, round_keys in enumerate(rounds):
            if len(rounds) > 1:
                pending = set(order[sum(map(len, rounds[:done])) :])
                self._publish(self._partial(prepared, keys, pending, started))
            step = self._render(package, {key: todo[key] for key in round_keys}, prepared)
            rendered = Rendered(rendered.convert + step.convert, rendered.raster + step.raster)
        return keys, rendered, numbers

    def _partial(
        self, prepared: Prepared, keys: list[str], pending: set[str], started: float
    ) -> DeckView:
        """The page while the images in ``pending`` are being made: the new deck's slides,
        text and warnings, marked as still building."""
        view = deck_view(prepared, keys, version=self._next, refresh=self.view.refresh,
                         warnings=[self._office_warning] if self._office_warning else [],
                         pending=pending)  # fmt: skip
        return replace(view, building=True)

    def _render(self, package: Package, todo: dict[str, str], prepared: Prepared) -> Rendered:
        """Convert the slides ``todo`` ({key: part}) in one small deck and store their pages."""
        from ..export.raster import iter_pdf_page_images
        from ..export.scratch import owned_temporary_directory
        from ..oxml.slides import subset_package

        with owned_temporary_directory() as folder:
            source = folder / "slides.pptx"
            source.write_bytes(subset_package(package, list(todo.values())))
            pdf = folder / "slides.pdf"
            started = time.perf_counter()
            self._convert(source, pdf, prepared)
            converted = time.perf_counter()
            pages = 0
            for key, page in zip(todo, iter_pdf_page_images(pdf, width=self.width), strict=False):
                self.store.put(key, _png(page))
                pages += 1
            if pages != len(todo):
                raise RecapdeckError(
                    f"LibreOffice made {pages} pages of {len(todo)} slides; "
                    "check that the deck opens in LibreOffice Impress"
                )
            return Rendered(converted - started, time.perf_counter() - converted)

    def _convert(self, source: Path, pdf: Path, prepared: Prepared) -> None:
        """Convert through the session's LibreOffice; start one per change if it cannot start,
        or after it failed twice."""
        from ..export.libreoffice import convert_to_pdf

        fonts = office_fonts(prepared)
        if self.office_mode == "persistent":
            office = self._persistent_office(fonts["font_dirs"], fonts["substitutes"])
            try:
                if office.pid is None:
                    office.start()
            except RecapdeckError as exc:
                self._give_up_office(exc, _OFFICE_FAILURES)
            else:
                try:
                    office.convert(source, pdf)
                    return
                except RecapdeckError as exc:
                    self._give_up_office(exc, 1)
        convert_to_pdf([source], pdf.parent, **fonts)

    def _give_up_office(self, exc: RecapdeckError, failures: int) -> None:
        """Count a failure of the session's LibreOffice (it starts again for the next change),
        and say so once it is given up for one LibreOffice per change."""
        self._office_failures += failures
        self.close()
        if self.office_mode != "persistent":
            self._office_warning = BuildWarning(
                None,
                f"the LibreOffice kept running for this session failed ({exc}); each change "
                "now starts its own, which takes seconds longer",
            )

    def _persistent_office(self, dirs: list[Path], substitutes: dict[str, str]) -> Office:
        """The session's LibreOffice, started again when the fonts it must draw change (the
        theme's font folders, the stand-ins for fonts that are not installed)."""
        from ..export.office import Office

        office = self._office
        if office is not None and (office.font_dirs, office.substitutes) != (
            tuple(dirs),
            substitutes,
        ):
            self.close()
        if self._office is None:
            self._office = Office(font_dirs=dirs, substitutes=substitutes)
        return self._office


def _png(image: Image.Image) -> bytes:
    """``image`` as PNG, compressed lightly: a third of the time of the default level for a
    few per cent more bytes, which a page on this machine does not notice."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
