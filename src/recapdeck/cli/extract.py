"""The ``recapdeck extract`` command, added to the app by :func:`register`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ..extract.decode import Box


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command to ``app``."""
    app.command("extract")(extract_command)


def extract_command(
    video: Annotated[Path, typer.Argument(help="The keynote recording (.mp4, .mkv, .webm ...).")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Folder for the slide PNGs, extract.json and the contact sheet."
        ),
    ],
    captions: Annotated[
        Path | None,
        typer.Option(help="Captions (.vtt or .srt): what was said goes into the notes."),
    ] = None,
    outline: Annotated[
        Path | None,
        typer.Option(help="Also write a draft outline here, one highlight per slide."),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option("--merge", help="Add the slides to the existing --outline as a new segment."),
    ] = False,
    start: Annotated[
        str | None, typer.Option("--from", help="Start here (HH:MM:SS).", show_default=False)
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Stop here (HH:MM:SS).", show_default=False)
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            help="Where the slides are when they fill only part of the frame: 'auto' or "
            "X,Y,W,H in pixels.",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            help="A box X,Y,W,H to leave out of the comparison (repeatable); busy areas such as "
            "a speaker inset are found by themselves.",
            show_default=False,
        ),
    ] = None,
    keep_builds: Annotated[
        bool, typer.Option("--keep-builds", help="Keep every build step, not only the fullest.")
    ] = False,
    video_url: Annotated[
        str | None,
        typer.Option(help="The video's web address: the outline's notes link to each moment."),
    ] = None,
    fast: Annotated[
        bool, typer.Option("--fast", help="Read keyframes only: much faster, less precise.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an earlier extraction and outline.")
    ] = False,
) -> None:
    """Find every slide in a keynote video: one full-size PNG each, a contact sheet, notes."""
    from ..errors import RecapdeckError
    from ..extract import extract, parse_box, parse_time
    from ..extract.outline import clock

    bar = _Progress() if sys.stderr.isatty() else None
    try:
        chosen: Literal["auto"] | Box | None = None
        if region is not None:
            chosen = "auto" if region.strip().lower() == "auto" else parse_box(region)
        result = extract(
            video,
            out=out,
            captions=captions,
            outline=outline,
            merge=merge,
            start=parse_time(start, option="--from") if start is not None else None,
            end=parse_time(end, option="--to") if end is not None else None,
            region=chosen,
            ignore=[parse_box(b, option="--ignore") for b in ignore or []],
            keep_builds=keep_builds,
            video_url=video_url,
            fast=fast,
            force=force,
            progress=bar.update if bar else None,
        )
    except RecapdeckError as exc:
        if bar:
            bar.close()
        for problem in exc.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(1) from None
    finally:
        if bar:
            bar.close()
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    shown = len(result.slides)
    returns = sum(len(s.also_shown) for s in result.slides)
    builds = sum(1 for s in result.slides if s.builds)
    region_note = f", slides cropped to {result.region}" if result.region else ""
    typer.echo(
        f"{video.name} {clock(result.start)}-{clock(result.end)}: {shown} slide"
        f"{'' if shown == 1 else 's'} ({builds} with builds, {returns} shown again){region_note} "
        f"-> {_shown(result.out)}/ (contact sheet: {result.sheet.name})"
    )
    if result.outline is not None:
        typer.echo(f"next: review {_shown(result.outline)}, then run: recapdeck check "
                   f"{_shown(result.outline)}")  # fmt: skip


class _Progress:
    """A progress bar on the terminal: the position in the video and the slides so far."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def update(self, position: float, start: float, end: float, slides: int) -> None:
        from rich.progress import BarColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        from ..extract.outline import clock

        if self._bar is None:
            self._bar = Bar(
                TextColumn("reading the video"),
                BarColumn(),
                TextColumn("{task.fields[at]}"),
                TimeRemainingColumn(),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("", total=max(0.1, end - start), at="")
        assert self._task is not None
        at = f"{clock(position)} / {clock(end)}, ~{slides} slide{'' if slides == 1 else 's'}"
        self._bar.update(self._task, completed=position - start, at=at)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
