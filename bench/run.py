"""Benchmark recapdeck against the raw python-pptx floor: wall time, peak memory, output size.

    python bench/run.py                      # 14 and 100 slides, 5 alternating runs
    python bench/run.py --sizes 14 100 500   # add the (slow) 500-slide deck
    python bench/run.py --runs 3 --no-pdf    # quicker: skip the LibreOffice case
    python bench/run.py --sizes --sample     # only the 29-slide sample deck

Every case runs as its own process (what a user pays, imports included), and the cases take
turns within each round (floor, help, check, build, ...), so a noisy neighbour on a shared
machine slows them all alike; the table reports medians and each median as a ratio to the
floor's. Peak RSS comes from ``os.wait4`` on each process (it includes LibreOffice, a child of
the build). Cold builds get an empty image cache each time; "rebuild (unchanged)" reuses a warm
one and finds nothing changed (recapdeck then writes nothing); "rebuild (title edited)" has
the outline's title changed before every run, so it builds in full with a warm image cache;
"rebuild (bullet edited)" has one bullet changed, what each save costs while a deck is written
(unchanged slides are reused from the cache folder). pandoc (``--pandoc``, else on PATH) turns
the same slides, as Markdown (bench/pandoc_md.py), into a .pptx.
With PDFs, recapdeck's PDF step (bench/pdf_step.py) is also set against LibreOffice's own cold
convert of the same deck (a brand-new profile every run).
Prints a Markdown table (paste it into bench/README.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    """One thing to measure: a command line and how it uses the image cache."""

    name: str
    args: tuple[str, ...]
    cache: str = "none"  # "cold": an empty cache every run; "warm": one kept between runs
    output: str = ""  # the .pptx whose size the table reports
    profile: bool = False  # LibreOffice gets a brand-new profile every run: a cold start
    reported: bool = False  # the time is what the process prints on its last line, not its own
    edit: str = ""  # an outline to change before every run, so no build is a no-op
    how: str = "title"  # what is changed: "title" (every slide's footer) or "bullet" (one slide)


@dataclass
class Sample:
    """The measurements of one case over the runs."""

    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


PDF_STEP = "PDF step"
WATCH_REBUILD = "rebuild in --watch (bullet edited)"
COLD_CONVERT = "LibreOffice cold convert"


def cases(outline: Path, out: Path, *, pdf: bool, pandoc: str | None) -> list[Case]:
    """The cases measured for one outline; outputs go to ``out``.

    With ``pdf``, ``out / "deck"`` must hold the outline's built deck for the PDF step cases;
    with ``pandoc``, ``outline`` has a pandoc Markdown twin beside it (``.md``).
    """
    exe = [sys.executable, "-m", "recapdeck"]
    stem = outline.stem
    edited = outline.with_name(f"{stem}-edited.yaml")  # beside it: same assets folder
    bullet = outline.with_name(f"{stem}-bullet.yaml")
    found = [
        Case(
            "floor",
            (sys.executable, str(HERE / "floor.py"), str(outline), str(out / "floor.pptx")),
            output=str(out / "floor.pptx"),
        ),
    ]
    if pandoc:
        md, target = str(outline.with_suffix(".md")), str(out / "pandoc.pptx")
        found.append(Case("pandoc", (pandoc, md, "-o", target), output=target))
    found += [
        Case("--help", (*exe, "--help")),
        Case("check", (*exe, "check", str(outline))),
        Case(
            "build --no-handout",
            (*exe, "build", str(outline), "--no-handout", "--out", str(out / "a")),
            cache="cold",
            output=str(out / "a" / f"{stem}.pptx"),
        ),
        Case("build", (*exe, "build", str(outline), "--out", str(out / "b")), cache="cold"),
        Case(
            "rebuild (unchanged)",
            (*exe, "build", str(outline), "--out", str(out / "b")),
            cache="warm",
        ),
        Case(
            "rebuild (title edited)",
            (*exe, "build", str(edited), "--out", str(out / "f")),
            cache="warm",
            edit=str(edited),
        ),
        Case(
            "rebuild (bullet edited)",
            (*exe, "build", str(bullet), "--no-handout", "--out", str(out / "g")),
            cache="warm",
            edit=str(bullet),
            how="bullet",
        ),
        # the same edit in the process that keeps running: `build --watch` and `serve`
        Case(
            WATCH_REBUILD,
            (
                *(sys.executable, str(HERE / "watch_rebuild.py"), "--direct", "--no-handout"),
                *("--runs", "5", "--report", "--outline", str(outline)),
                *("--bullet", middle_bullet(outline)),
            ),
            reported=True,
        ),
    ]
    if pdf:
        from recapdeck.export.libreoffice import find_soffice

        deck = str(out / "deck" / f"{stem}.pptx")
        found += [
            Case(
                "build --pdf",
                (*exe, "build", str(outline), "--pdf", "--out", str(out / "c")),
                cache="cold",
            ),
            # The same deck both ways: recapdeck's convert, font check and normalising, timed
            # inside its process (a build has imported recapdeck already), against the bare
            # `soffice --convert-to pdf` that a user could run instead.
            Case(
                PDF_STEP,
                (sys.executable, str(HERE / "pdf_step.py"), str(outline), deck, str(out / "d")),
                reported=True,
            ),
            Case(
                COLD_CONVERT,
                (
                    str(find_soffice()),
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(out / "e"),
                    deck,
                ),
                profile=True,
            ),
        ]
    return found


def measure(
    args: tuple[str, ...], env: dict[str, str], *, reported: bool = False
) -> tuple[float, float]:
    """Run ``args``; return its wall time in seconds (or, if ``reported``, the seconds it printed
    on its last line) and peak RSS in MB (it and its children)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        proc = subprocess.Popen(
            args, env=env, stdout=output if reported else subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        assert proc.stderr is not None
        errors = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        output.seek(0)
        printed = output.read().decode(errors="replace").split()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(args)}\n{errors.decode(errors='replace')}")
    if reported:
        seconds = float(printed[-1])
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def with_profile(case: Case, folder: Path) -> tuple[str, ...]:
    """The command line of ``case``, given the LibreOffice profile ``folder`` if it takes one."""
    if not case.profile:
        return case.args
    return (case.args[0], f"-env:UserInstallation={folder.as_uri()}", *case.args[1:])


def middle_bullet(outline: Path) -> str:
    """The text of the bullet :func:`edit` changes: the middle highlight's first."""
    lines = outline.read_text(encoding="utf-8").split("\n")
    firsts = [i + 1 for i, line in enumerate(lines) if line.strip() == "points:"]
    return lines[firsts[len(firsts) // 2]].strip().removeprefix("- ").strip('"')


def edit(case: Case, original: str, mark: str) -> None:
    """Write the outline ``case`` edits, with another title (or bullet) than any run before."""
    if not case.edit:
        return
    lines = original.split("\n")
    if case.how == "bullet":  # the first bullet of the middle highlight
        firsts = [i + 1 for i, line in enumerate(lines) if line.strip() == "points:"]
        at = firsts[len(firsts) // 2]
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        lines[at] = f'{indent}- "Edited bullet, round {mark}"'
    else:
        at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
        lines[at] = f'title: "Benchmark keynote, edit {mark}"'
    Path(case.edit).write_text("\n".join(lines), encoding="utf-8")


def bench_size(
    folder: Path, size: int, runs: int, *, pdf: bool, pandoc: str | None, screenshot: str
) -> list[str]:
    """Measure every case for the ``size``-slide outline; return its table rows."""
    outline = folder / f"deck{size}.yaml"
    # Always: the outline is cheap to write again, and screenshots already drawn are kept.
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            *("--screenshot", screenshot, folder, str(size)),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if pandoc:
        md = outline.with_suffix(".md")
        subprocess.run(
            [sys.executable, str(HERE / "pandoc_md.py"), str(outline), str(md)], check=True
        )
    shots = folder / f"assets-{size}-{screenshot}"
    images = sum(p.stat().st_size for p in shots.glob("*.png"))
    return measure_cases(
        str(size), outline, runs, images, lambda out: cases(outline, out, pdf=pdf, pandoc=pandoc)
    )


SAMPLE = HERE.parent / "decks" / "reinvent2024-desantis.yaml"


def sample_cases(outline: Path, out: Path, *, pdf: bool) -> list[Case]:
    """The cases measured for the sample deck (no floor: floor.py reads only generated outlines)."""
    exe = [sys.executable, "-m", "recapdeck", "build"]
    edited = outline.with_name(f"{outline.stem}-bullet.yaml")
    found = [
        Case(
            "build --no-handout",
            (*exe, str(outline), "--no-handout", "--out", str(out / "a")),
            cache="cold",
            output=str(out / "a" / f"{outline.stem}.pptx"),
        ),
        Case(
            "rebuild (bullet edited)",
            (*exe, str(edited), "--no-handout", "--out", str(out / "g")),
            cache="warm",
            edit=str(edited),
            how="bullet",
        ),
        Case("build", (*exe, str(outline), "--out", str(out / "b")), cache="cold"),
    ]
    if pdf:
        found += [
            Case(
                "build --pdf", (*exe, str(outline), "--pdf", "--out", str(out / "c")), cache="cold"
            ),
            Case(
                "rebuild --pdf (bullet edited)",
                (*exe, str(edited), "--pdf", "--out", str(out / "h")),
                cache="warm",
                edit=str(edited),
                how="bullet",
            ),
        ]
    return found


def bench_sample(folder: Path, runs: int, *, pdf: bool) -> list[str]:
    """Measure the sample deck's cases (its outline and pictures copied into ``folder``)."""
    project = folder / "sample"
    assets = project / "assets"
    if not assets.is_dir():
        shutil.copytree(HERE.parent / "assets" / SAMPLE.stem, assets)
    outline = project / SAMPLE.name
    text = SAMPLE.read_text(encoding="utf-8")
    outline.write_text(text.replace(f"../assets/{SAMPLE.stem}", "assets"), encoding="utf-8")
    images = sum(p.stat().st_size for p in assets.iterdir())
    return measure_cases(
        "sample", outline, runs, images, lambda out: sample_cases(outline, out, pdf=pdf)
    )


def measure_cases(
    label: str, outline: Path, runs: int, images: int, make: Callable[[Path], list[Case]]
) -> list[str]:
    """Measure the cases ``make`` gives for ``outline`` (alternating rounds); the table rows."""
    original = outline.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="recapdeck-bench-") as tmp:
        out = Path(tmp)
        warm = out / "cache-warm"
        todo = make(out)
        names = {case.name for case in todo}
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)
        # as installed: Python writes and reuses .pyc files (some sandboxes forbid it, and
        # every process would then compile recapdeck again: 0.1-0.2 s more a case)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if PDF_STEP in names:  # the deck the PDF step cases convert
            deck_cache = {**env, "RECAPDECK_CACHE_DIR": str(out / "cache-deck")}
            build = (sys.executable, "-m", "recapdeck", "build", str(outline), "--no-handout")
            measure((*build, "--out", str(out / "deck")), deck_cache)
        for case in todo:  # warm-up: the page cache, .pyc files and the warm image cache
            edit(case, original, "warm-up")
            args = with_profile(case, out / f"profile-warm-up-{case.name}")
            measure(args, {**env, "RECAPDECK_CACHE_DIR": str(warm)}, reported=case.reported)
        samples = {case.name: Sample() for case in todo}
        for run in range(runs):
            for case in todo:
                # a cold case gets a folder no run used before: an empty cache (or profile)
                cache = warm if case.cache == "warm" else out / f"cache-{run}-{case.name}"
                edit(case, original, str(run))
                args = with_profile(case, out / f"profile-{run}-{case.name}")
                seconds, rss = measure(
                    args, {**env, "RECAPDECK_CACHE_DIR": str(cache)}, reported=case.reported
                )
                samples[case.name].seconds.append(seconds)
                samples[case.name].rss_mb.append(rss)
            print(f"  {label}: round {run + 1}/{runs} done", file=sys.stderr)
        floor = statistics.median(samples["floor"].seconds) if "floor" in names else None
        rows = []
        for case in todo:
            sample = samples[case.name]
            median = statistics.median(sample.seconds)
            size_text = ""
            if case.output:
                bytes_ = Path(case.output).stat().st_size
                size_text = f"{bytes_ / 1e6:.1f} MB ({bytes_ / images:.2f}× images)"
            ratio = f"{median / floor:.2f}×" if floor else ""
            rows.append(
                f"| {label} | {case.name} | {median:.2f} | {ratio} | "
                f"{max(sample.rss_mb):.0f} | {size_text} |"
            )
        rows.append(f"| {label} | *(original images: {images / 1e6:.1f} MB)* | | | | |")
        if PDF_STEP in names:
            step, cold = (statistics.median(samples[n].seconds) for n in (PDF_STEP, COLD_CONVERT))
            rows.append(f"| {label} | *(PDF step: {step / cold:.2f}× the cold convert)* | | | | |")
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "recapdeck-bench",
        help="where the benchmark outlines are (generated when missing)",
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[14, 100], help="slide counts")
    parser.add_argument("--runs", type=int, default=5, help="alternating rounds per size")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice case")
    parser.add_argument("--sample", action="store_true", help="also the 29-slide sample deck")
    parser.add_argument(
        "--screenshot",
        default="1920x1080",
        help="the generated screenshots' size, WxH (issue 20 measured 1920x1080)",
    )
    parser.add_argument(
        "--pandoc", default=shutil.which("pandoc"), help="pandoc executable (default: on PATH)"
    )
    ns = parser.parse_args()
    ns.dir.mkdir(parents=True, exist_ok=True)
    (ns.dir / ".git").mkdir(exist_ok=True)  # the benchmark folder is its own project
    rows = [
        "| slides | case | median s | × floor | peak RSS MB | .pptx size |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for size in ns.sizes:
        rows += bench_size(
            ns.dir, size, ns.runs, pdf=not ns.no_pdf, pandoc=ns.pandoc, screenshot=ns.screenshot
        )
    if ns.sample:
        rows += bench_sample(ns.dir, ns.runs, pdf=not ns.no_pdf)
    print(
        f"{platform.node() or 'this machine'}: {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {ns.runs} alternating runs, medians, "
        f"{ns.screenshot} screenshots"
        f"{'' if ns.pandoc else ' (no pandoc)'}\n"
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
