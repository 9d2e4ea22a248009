"""Running one hostile case through the real command line, in a sealed-off folder.

Each case gets a base folder holding ``project/`` (with ``.git`` and older outputs in ``out/``),
``outside/`` (a secret marker and whatever a case plants beyond the project), its own ``tmp/``,
``home/`` and ``cache/``. The command runs as a separate process in its own session, with a
timeout and a cap on its memory; what it printed and left behind is returned for the checks.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from helpers_outline import MINIMAL

SECRET = "HOSTILE-SECRET-7f3a9c"
"""Planted in ``outside/secret.txt`` (and in every outside file a case makes): must never show
up in any output."""

OLDER = {
    "talk.pptx": b"an older deck",
    "talk-handout.md": b"an older handout",
    "talk-handout.html": b"<p>an older handout</p>",
}

MEMORY_CAP = 1_500_000_000
"""Bytes of data segment a case may use (RLIMIT_DATA): the promise is under 1.5 GB."""


@dataclass(frozen=True)
class Folders:
    """The folders of one case."""

    base: Path

    @property
    def project(self) -> Path:
        return self.base / "project"

    @property
    def outside(self) -> Path:
        return self.base / "outside"

    @property
    def tmp(self) -> Path:
        return self.base / "tmp"

    @property
    def home(self) -> Path:
        return self.base / "home"

    @property
    def cache(self) -> Path:
        return self.base / "cache"


Setup = Callable[[Folders], object]


@dataclass(frozen=True)
class Case:
    """One hostile input: what goes into the folders, the command, and the promised answer."""

    setup: Setup | None = None
    outline: str | None = MINIMAL
    args: tuple[str, ...] = ("build", "talk.yaml", "--out", "out")
    fails: bool = True
    """True: exit 1 with a located message; False: a safe build (exit 0)."""
    where: str | None = r"talk\.yaml"
    """A pattern of the location the message names (for a failure)."""
    says: tuple[str, ...] = ()
    """Phrases of the output (stderr + stdout)."""
    env: dict[str, str] = field(default_factory=dict)
    """Further environment; ``{home}``, ``{outside}`` and ``{project}`` name the case's folders."""
    timeout: float = 60
    check: Callable[[Outcome], object] | None = None
    """Further checks of what the run left: it asserts, or returns False when one fails."""
    memory: int = MEMORY_CAP


@dataclass(frozen=True)
class Outcome:
    """What a case's run printed and left behind."""

    folders: Folders
    returncode: int
    output: str
    seconds: float
    max_rss: int
    """Bytes."""
    before: dict[str, bytes]
    after: dict[str, bytes]
    leftover_processes: bool
    leftover_temp: list[str]

    @property
    def out(self) -> Path:
        return self.folders.project / "out"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file below ``folder`` with its bytes (links and pipes not followed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or path.is_fifo() or not path.is_file():
            continue
        found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def readable_text(name: str, data: bytes) -> bytes:
    """Every byte an output holds, unpacked: zip members and PDF streams inflated."""
    parts = [data]
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(_bytes_io(data)) as package:
                for member in package.infolist():
                    if member.file_size < 50_000_000:
                        parts.append(readable_text(member.filename, package.read(member)))
        except zipfile.BadZipFile:
            pass
    if data[:4] == b"%PDF":
        for match in re.finditer(rb"stream\r?\n", data):
            with_rest = data[match.end() :]
            with contextlib.suppress(zlib.error):
                parts.append(zlib.decompressobj().decompress(with_rest, 50_000_000))
    return b"\n".join(parts)


def _bytes_io(data: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(data)


def prepare(case: Case, base: Path) -> Folders:
    """Make a case's folders: the project with older outputs and the outline, the outside."""
    folders = Folders(base)
    for folder in (folders.project / ".git", folders.outside, folders.tmp, folders.home):
        folder.mkdir(parents=True)
    (folders.outside / "secret.txt").write_text(SECRET + "\n")
    out = folders.project / "out"
    out.mkdir()
    for name, data in OLDER.items():
        (out / name).write_bytes(data)
    if case.outline is not None:
        (folders.project / "talk.yaml").write_text(case.outline, encoding="utf-8")
    if case.setup is not None:
        case.setup(folders)
    return folders


def environment(folders: Folders, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a case's process: its own TMPDIR, HOME and cache, this process's
    recapdeck, and ``extra`` (``{home}``, ``{outside}`` and ``{project}`` name its folders)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SOURCE_DATE_EPOCH", "XDG_CACHE_HOME") and not k.startswith("RECAPDECK")
    }
    env |= {
        "TMPDIR": str(folders.tmp),
        "HOME": str(folders.home),
        "RECAPDECK_CACHE_DIR": str(folders.cache),
        "COLUMNS": "200",
    }
    # the same recapdeck as this process, whatever folder the case runs in
    import recapdeck

    source = str(Path(recapdeck.__file__).resolve().parents[1])
    paths = [str(Path(p).resolve()) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys([source, *paths]))
    places = {"home": folders.home, "outside": folders.outside, "project": folders.project}
    env |= {k: v.format(**places) for k, v in (extra or {}).items()}
    return env


def run(case: Case, base: Path) -> Outcome:
    """Run ``case`` in ``base`` and return what happened."""
    folders = prepare(case, base)
    before = snapshot(folders.project)
    env = environment(folders, case.env)
    memory = case.memory

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))

    log = base / "output.log"
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "recapdeck", *case.args],
            cwd=folders.project,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            preexec_fn=limit,
            start_new_session=True,
        )
        timer = threading.Timer(case.timeout, _kill_group, (process.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    time.sleep(0.05)
    leftover = _group_alive(process.pid)
    if leftover:
        _kill_group(process.pid)
    after = snapshot(folders.project)
    temp = [str(p.relative_to(folders.tmp)) for p in folders.tmp.rglob("*")]
    output = log.read_text(encoding="utf-8", errors="replace")
    if seconds >= case.timeout:
        output += f"\n[timed out after {case.timeout} s]"
    return Outcome(
        folders,
        process.returncode,
        output,
        seconds,
        usage.ru_maxrss * 1024,
        before,
        after,
        leftover,
        temp,
    )


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group ``pgid`` still runs (zombies waiting for init do not)."""
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def assert_promise(case: Case, outcome: Outcome) -> None:
    """The promises every case keeps, whatever it tried."""
    output = outcome.output
    assert "Traceback" not in output, output
    assert "[timed out" not in output, output
    assert outcome.max_rss < MEMORY_CAP, f"{outcome.max_rss / 1e9:.2f} GB"
    assert not outcome.leftover_processes, "a process of the run is still alive"
    assert not outcome.leftover_temp, outcome.leftover_temp
    debris = [n for n in outcome.after if n.endswith(".tmp") or "/.recapdeck-" in n]
    assert not debris, debris
    for name, data in outcome.after.items():
        assert SECRET.encode() not in readable_text(name, data), f"the secret reached {name}"
    for phrase in case.says:
        assert phrase in output, f"{phrase!r} not in:\n{output}"
    if case.fails:
        assert outcome.returncode == 1, output
        first = next((line for line in output.splitlines() if line.strip()), "")
        if case.where is not None:
            assert re.search(case.where, output), f"{case.where!r} not in:\n{output}"
        assert first, "no message"
        old_outputs = {f"out/{k}": v for k, v in OLDER.items()}
        now = {k: v for k, v in outcome.after.items() if k.startswith("out/")}
        assert now == old_outputs, "the older outputs changed"
    else:
        assert outcome.returncode == 0, output
    if case.check is not None:
        assert case.check(outcome) is not False, f"the case's own check failed:\n{output}"
