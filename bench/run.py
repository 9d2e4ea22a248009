"""Benchmark recapdeck against the raw python-pptx floor: wall time, peak memory, output size.

    python bench/run.py                      # 14 and 100 slides, 5 alternating runs
    python bench/run.py --sizes 14 100 500   # add the (slow) 500-slide deck
    python bench/run.py --runs 3 --no-pdf    # quicker: skip the LibreOffice case

Every case runs as its own process (what a user pays, imports included), and the cases take
turns within each round (floor, help, check, build, ...), so a noisy neighbour on a shared
machine slows them all alike; the table reports medians and each median as a ratio to the
floor's. Peak RSS comes from ``os.wait4`` on each process (it includes LibreOffice, a child of
the build). Cold builds get an empty image cache each time; "rebuild" reuses a warm one.
Prints a Markdown table (paste it into bench/README.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
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


@dataclass
class Sample:
    """The measurements of one case over the runs."""

    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def cases(outline: Path, out: Path, *, pdf: bool) -> list[Case]:
    """The cases measured for one outline; outputs go to ``out``."""
    exe = [sys.executable, "-m", "recapdeck"]
    stem = outline.stem
    found = [
        Case(
            "floor",
            (sys.executable, str(HERE / "floor.py"), str(outline), str(out / "floor.pptx")),
            output=str(out / "floor.pptx"),
        ),
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
    ]
    if pdf:
        found.append(
            Case(
                "build --pdf",
                (*exe, "build", str(outline), "--pdf", "--out", str(out / "c")),
                cache="cold",
            )
        )
    return found


def measure(args: tuple[str, ...], env: dict[str, str]) -> tuple[float, float]:
    """Run ``args``; return its wall time in seconds and peak RSS in MB (it and its children)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(args)}\n{errors.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def bench_size(folder: Path, size: int, runs: int, *, pdf: bool) -> list[str]:
    """Measure every case for the ``size``-slide outline; return its table rows."""
    outline = folder / f"deck{size}.yaml"
    if not outline.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(folder), str(size)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    with tempfile.TemporaryDirectory(prefix="recapdeck-bench-") as tmp:
        out = Path(tmp)
        warm = out / "cache-warm"
        todo = cases(outline, out, pdf=pdf)
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)
        for case in todo:  # warm-up: the page cache, .pyc files and the warm image cache
            measure(case.args, {**env, "RECAPDECK_CACHE_DIR": str(warm)})
        samples = {case.name: Sample() for case in todo}
        for run in range(runs):
            for case in todo:
                # a cold case gets a folder no run used before: an empty cache
                cache = warm if case.cache == "warm" else out / f"cache-{run}-{case.name}"
                seconds, rss = measure(case.args, {**env, "RECAPDECK_CACHE_DIR": str(cache)})
                samples[case.name].seconds.append(seconds)
                samples[case.name].rss_mb.append(rss)
            print(f"  {size} slides: round {run + 1}/{runs} done", file=sys.stderr)
        images = sum(p.stat().st_size for p in (folder / f"assets-{size}").glob("*.png"))
        floor = statistics.median(samples["floor"].seconds)
        rows = []
        for case in todo:
            sample = samples[case.name]
            median = statistics.median(sample.seconds)
            size_text = ""
            if case.output:
                bytes_ = Path(case.output).stat().st_size
                size_text = f"{bytes_ / 1e6:.1f} MB ({bytes_ / images:.2f}× images)"
            rows.append(
                f"| {size} | {case.name} | {median:.2f} | {median / floor:.2f}× | "
                f"{max(sample.rss_mb):.0f} | {size_text} |"
            )
        rows.append(f"| {size} | *(original images: {images / 1e6:.1f} MB)* | | | | |")
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "recapdeck-bench",
        help="where the benchmark outlines are (generated when missing)",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[14, 100], help="slide counts")
    parser.add_argument("--runs", type=int, default=5, help="alternating rounds per size")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice case")
    ns = parser.parse_args()
    ns.dir.mkdir(parents=True, exist_ok=True)
    (ns.dir / ".git").mkdir(exist_ok=True)  # the benchmark folder is its own project
    rows = [
        "| slides | case | median s | × floor | peak RSS MB | .pptx size |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for size in ns.sizes:
        rows += bench_size(ns.dir, size, ns.runs, pdf=not ns.no_pdf)
    print(
        f"{platform.node() or 'this machine'}: {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {ns.runs} alternating runs, medians\n"
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
