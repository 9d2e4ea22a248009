"""LibreOffice: .pptx to PDF, one process per call with its own profile, dying with recapdeck."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..errors import Location, Problem, RecapdeckError
from ..plan.fonts import METRIC_TWINS
from .scratch import (
    SCRATCH_PREFIX,
    STAGING_PREFIX,
    mark_owner,
    owned_temporary_directory,
    remove_stale_scratch,
)

if TYPE_CHECKING:
    pass

SOFFICE_ENV = "RECAPDECK_SOFFICE"


_INSTALL_HINT = (
    "install LibreOffice Impress (Debian/Ubuntu: apt-get install libreoffice-impress) "
    f"or set {SOFFICE_ENV} to the soffice executable"
)


_OUTPUT_TAIL_LINES = 15


_SYSTEM_FONTS_CONF = Path("/etc/fonts/fonts.conf")

# Contact sheet geometry, as fractions of the tile width so that sheets scale as a whole.


def find_soffice() -> Path:
    """Return the LibreOffice executable: $RECAPDECK_SOFFICE, else soffice or libreoffice."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise RecapdeckError(
                f"{SOFFICE_ENV}={configured} does not exist; point it at the soffice executable "
                "or unset it to search PATH"
            )
        if not os.access(path, os.X_OK):
            raise RecapdeckError(
                f"{SOFFICE_ENV}={configured} is not executable; point it at the soffice "
                "executable or unset it to search PATH"
            )
        return path
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    raise RecapdeckError(
        f"LibreOffice is needed for PDF export but was not found on PATH; {_INSTALL_HINT}"
    )


def convert_to_pdf(
    pptx_files: Sequence[Path],
    out_dir: Path,
    *,
    timeout: float = 240,
    font_dirs: Sequence[Path] = (),
    substitutes: Mapping[str, str] | None = None,
    profile_seed: Path | None = None,
    office: OfficeRun | None = None,
) -> list[Path]:
    """Return the PDFs (in ``out_dir``, same stems) that one LibreOffice run made of ``pptx_files``.

    Each call uses its own throw-away LibreOffice profile, so parallel calls never collide. The
    PDFs are written to a hidden directory inside ``out_dir`` first and moved into place only
    when LibreOffice produced all of them, so a stale PDF never passes for a new one.
    ``font_dirs`` are added to the system fonts through a temporary fontconfig file. With a
    ``profile_seed`` folder, the throw-away profile starts as a copy of it, and a run that finds
    none leaves its fresh profile there: LibreOffice then skips making a profile (about 0.7 s).
    With an ``office`` (made with the same fonts and seed), that run converts the files: a
    LibreOffice started before they existed (see :class:`OfficeRun`).
    """
    if office is not None:
        return office.convert(pptx_files, out_dir, timeout=timeout)
    with OfficeRun(font_dirs=font_dirs, substitutes=substitutes, profile_seed=profile_seed) as run:
        return run.convert(pptx_files, out_dir, timeout=timeout)


class OfficeRun:
    """One LibreOffice conversion in a throw-away profile, fontconfig file and temporary folder
    of its own; LibreOffice may be started (:meth:`start`) before the files exist.

    LibreOffice takes a second or more to start. Started early, it loads while recapdeck
    renders the deck; :meth:`convert` then runs ``soffice --convert-to`` with the same profile,
    which hands its command line to the running LibreOffice through LibreOffice's own
    single-instance pipe and waits until the files are converted: the conversion is the one a
    lone ``soffice --convert-to`` makes. Without :meth:`start`, :meth:`convert` runs that lone
    one. One conversion per run; use it as a context manager (or call :meth:`close`), which
    stops a LibreOffice still running and removes the scratch folder.
    """

    def __init__(
        self,
        *,
        font_dirs: Sequence[Path] = (),
        substitutes: Mapping[str, str] | None = None,
        profile_seed: Path | None = None,
    ) -> None:
        self.font_dirs = tuple(font_dirs)
        self.substitutes = dict(substitutes or {})
        self.profile_seed = profile_seed
        self._stack = contextlib.ExitStack()
        self._scratch: Path | None = None
        self._env: dict[str, str] = {}
        self._server: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OfficeRun:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def started(self) -> bool:
        """Whether a LibreOffice was started ahead of the conversion."""
        return self._server is not None

    def start(self) -> None:
        """Start LibreOffice now, with no file to convert yet; raise if it cannot start."""
        soffice = find_soffice()
        scratch = self._prepare()
        self._server = _spawn(
            [str(soffice), *self._options()],
            env=self._env,
            log_path=scratch / "soffice-started.log",
            soffice=soffice,
        )

    def convert(
        self, pptx_files: Sequence[Path], out_dir: Path, *, timeout: float = 240
    ) -> list[Path]:
        """The PDFs (in ``out_dir``, same stems) of ``pptx_files``; see :func:`convert_to_pdf`."""
        sources = [Path(p).resolve() for p in pptx_files]
        if not sources:
            return []
        _check_sources(sources)
        soffice = find_soffice()
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_scratch(out_dir, STAGING_PREFIX)
        scratch = self._prepare()
        log_path = scratch / "soffice.log"
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        mark_owner(staging)
        try:
            command = [
                str(soffice),
                *self._options(),
                "--convert-to",
                "pdf:impress_pdf_Export",
                "--outdir",
                str(staging),
                *(str(p) for p in sources),
            ]
            _run_soffice(
                command, env=self._env, log_path=log_path, timeout=timeout, soffice=soffice
            )
            ended = self._server_ended()
            missing = [p for p in sources if not (staging / f"{p.stem}.pdf").is_file()]
            if missing:
                tail = _tail(log_path)
                if self._server is not None:
                    tail += "\n" + _tail(scratch / "soffice-started.log")
                raise RecapdeckError(
                    [
                        Problem(
                            Location(p),
                            "LibreOffice did not produce a PDF; check that the file opens in "
                            f"LibreOffice Impress. LibreOffice said:\n{tail}",
                        )
                        for p in missing
                    ]
                )
            seed = self.profile_seed
            # not a profile with a deck's replacements, nor one LibreOffice was stopped in
            if seed is not None and not seed.is_dir() and not self.substitutes and ended:
                _keep_profile(scratch / "profile", seed)
            results = []
            for source in sources:
                target = out_dir / f"{source.stem}.pdf"
                os.replace(staging / f"{source.stem}.pdf", target)
                results.append(target)
            return results
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def close(self) -> None:
        """Stop the LibreOffice started early if it still runs; remove the scratch folder."""
        server, self._server = self._server, None
        if server is not None and server.poll() is None:
            _kill_group(server)
        if server is not None and server.stdin is not None:
            server.stdin.close()
        self._stack.close()
        self._scratch = None

    def _prepare(self) -> Path:
        """The scratch folder with the profile (a copy of the seed) and the fontconfig file."""
        if self._scratch is None:
            remove_stale_scratch(Path(tempfile.gettempdir()), "recapdeck-")
            scratch = self._stack.enter_context(owned_temporary_directory(SCRATCH_PREFIX))
            if self.profile_seed is not None:
                _copy_profile(self.profile_seed, scratch / "profile")
            self._env = _soffice_env(scratch, self.font_dirs, self.substitutes)
            self._scratch = scratch
        return self._scratch

    def _options(self) -> list[str]:
        assert self._scratch is not None
        return [
            f"-env:UserInstallation={(self._scratch / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
        ]

    def _server_ended(self) -> bool:
        """Whether the LibreOffice started early (if any) has ended by itself, as it does once
        the files handed to it are converted; one that has not is stopped."""
        server = self._server
        if server is None:
            return True
        try:
            server.wait(timeout=_SERVER_EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            _kill_group(server)
            return False
        return server.returncode == 0


_SERVER_EXIT_SECONDS = 5.0
"""How long a LibreOffice started early may take to quit once its files are converted."""


_PROFILE_SKIPPED = shutil.ignore_patterns(".lock", "*.lock", "tmp", "temp", "backup", "crash")
"""What a profile holds only while LibreOffice runs, or about one run."""


def _copy_profile(seed: Path, profile: Path) -> None:
    """Start ``profile`` as a copy of ``seed``; a seed that cannot be copied starts none."""
    if not seed.is_dir() or seed.is_symlink():
        return
    try:
        shutil.copytree(seed, profile, symlinks=True, ignore=_PROFILE_SKIPPED)
    except (OSError, shutil.Error):
        shutil.rmtree(profile, ignore_errors=True)  # LibreOffice makes a fresh one


def _keep_profile(profile: Path, seed: Path) -> None:
    """Keep a copy of the fresh ``profile`` as ``seed`` for the next runs (best effort)."""
    try:
        seed.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-profile-", dir=seed.parent))
    except OSError:
        return
    try:
        shutil.copytree(profile, staging / "profile", symlinks=True, ignore=_PROFILE_SKIPPED)
        os.rename(staging / "profile", seed)  # another run may have kept one first: fine
    except (OSError, shutil.Error):
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_sources(sources: Sequence[Path]) -> None:
    """Raise if a source is missing or two sources would write the same PDF name."""
    problems = [
        Problem(Location(p), "file not found; build the .pptx before exporting it")
        for p in sources
        if not p.is_file()
    ]
    seen: dict[str, Path] = {}
    for path in sources:
        other = seen.setdefault(path.stem, path)
        if other != path:
            problems.append(
                Problem(
                    Location(path),
                    f"has the same name as {other}, so both would become {path.stem}.pdf; "
                    "convert them in separate calls or rename one",
                )
            )
    if problems:
        raise RecapdeckError(problems)


def _soffice_env(
    scratch: Path, font_dirs: Sequence[Path], substitutes: Mapping[str, str]
) -> dict[str, str]:
    """Return the environment for one LibreOffice run: UTC, C.UTF-8, a temporary folder of its
    own and the extra font dirs."""
    env = dict(os.environ)  # keeps SOURCE_DATE_EPOCH when the caller set it
    env["TZ"] = "UTC"
    env["LC_ALL"] = "C.UTF-8"
    env.pop("LANGUAGE", None)
    # LibreOffice's own temporary files (lu*.tmp) go into the scratch folder, which is removed
    # even when LibreOffice is killed (timeout, Ctrl-C) before it can clean up after itself.
    own_tmp = scratch / "tmp"
    own_tmp.mkdir(exist_ok=True)
    env["TMPDIR"] = str(own_tmp)
    # The metric twins stand in for the fonts they match (Carlito for Calibri and Calibri
    # Light...): recapdeck measured with them, so LibreOffice must draw with them too, rather
    # than fall back to a font with other widths for a family it does not know.
    base_conf = Path(os.environ.get("FONTCONFIG_FILE") or _SYSTEM_FONTS_CONF)
    aliases = [
        f'  <alias binding="same"><family>{escape(name.title())}</family>'
        f"<prefer><family>{escape(twin)}</family></prefer></alias>"
        for name, twin in METRIC_TWINS.items()
    ]
    # Fonts the deck names that are not installed are drawn with the font recapdeck measured
    # them with (fontconfig's choice, or the theme's font_substitutes), whatever LibreOffice's
    # own replacement table would pick.
    aliases += [
        f'  <match target="pattern"><test name="family" ignore-blanks="true"><string>'
        f'{escape(name)}</string></test><edit name="family" mode="assign" '
        f'binding="strong"><string>{escape(instead)}</string></edit></match>'
        for name, instead in sorted(substitutes.items())
    ]
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        f'  <include ignore_missing="yes">{escape(str(base_conf))}</include>',
        *(f"  <dir>{escape(str(Path(d).resolve()))}</dir>" for d in font_dirs),
        *aliases,
        "</fontconfig>",
        "",
    ]
    if substitutes:
        _replacement_table(scratch / "profile", substitutes)
    conf = scratch / "fonts.conf"
    conf.write_text("\n".join(lines), encoding="utf-8")
    env["FONTCONFIG_FILE"] = str(conf)
    return env


_WATCHDOG = """\
import os, signal, subprocess, sys, threading
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL)
def parent_gone():
    try:
        while os.read(0, 1):
            pass
    except OSError:
        pass
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=parent_gone, daemon=True).start()
code = child.wait()
sys.stdout.flush()
os._exit(code if code >= 0 else 128 - code)
"""
"""Runs LibreOffice and kills its whole process group once recapdeck's end of the pipe on its
standard input closes: when recapdeck exits in any way, SIGKILL included. A death signal
(prctl) would reach only the first process, and LibreOffice's ``soffice`` starts others."""


def _spawn(
    command: list[str], *, env: dict[str, str], log_path: Path, soffice: Path
) -> subprocess.Popen[bytes]:
    """Start LibreOffice in its own process group, under the watchdog, its output in a file."""
    # Output goes to a file, not a pipe: a lingering child holding a pipe open cannot block us.
    with log_path.open("wb") as log:
        try:
            return subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _WATCHDOG, *command],
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            raise RecapdeckError(
                f"cannot start LibreOffice ({soffice}): {exc.strerror or exc}; {_INSTALL_HINT}"
            ) from exc


def _run_soffice(
    command: list[str], *, env: dict[str, str], log_path: Path, timeout: float, soffice: Path
) -> None:
    """Run LibreOffice in its own process group; kill the whole group if it outlives timeout."""
    process = _spawn(command, env=env, log_path=log_path, soffice=soffice)
    try:
        returncode = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise RecapdeckError(
            f"LibreOffice ({soffice}) did not finish converting to PDF within {timeout:g} s "
            "and was stopped; raise the timeout for large decks, or check that no dialog or "
            f"broken install blocks it. LibreOffice said:\n{_tail(log_path)}"
        ) from None
    except BaseException:
        _kill_group(process)
        raise
    finally:
        if process.stdin is not None:
            process.stdin.close()
    if returncode != 0:
        raise RecapdeckError(
            f"LibreOffice ({soffice}) failed to convert to PDF (exit status {returncode}). "
            f"LibreOffice said:\n{_tail(log_path)}"
        )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill every process in the group that ``process`` leads (it has not been reaped yet),
    and remove the pipe a LibreOffice killed leaves behind."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for arg in process.args if isinstance(process.args, list | tuple) else ():
        if isinstance(arg, str) and arg.startswith(_PROFILE_ARG):
            _remove_pipe(arg.removeprefix(_PROFILE_ARG))


_PROFILE_ARG = "-env:UserInstallation="


def _remove_pipe(profile_url: str) -> None:
    """Remove the single-instance pipe of the LibreOffice that used the profile at
    ``profile_url``, once it is dead.

    LibreOffice names it after its profile (the MD5 of the URL's UTF-16, each byte in hex
    without its leading zero) in /tmp, whatever
    TMPDIR says, and removes it when it quits, not when it is killed: each kill would leave
    one more socket behind. The profile is one of recapdeck's own scratch folders, so the pipe
    is no one else's.
    """
    digest = hashlib.md5(profile_url.encode("utf-16-le"), usedforsecurity=False).digest()
    name = "".join(f"{byte:x}" for byte in digest)  # each byte without its leading zero
    pipe = Path("/tmp") / f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{name}"
    with contextlib.suppress(OSError):
        if stat.S_ISSOCK(pipe.lstat().st_mode):
            pipe.unlink()


def _tail(log_path: Path) -> str:
    """Return the last lines LibreOffice printed, indented, or a note that it printed nothing."""
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    lines = [line for line in text.splitlines() if line.strip()][-_OUTPUT_TAIL_LINES:]
    if not lines:
        return "  (no output)"
    return "\n".join(f"  {line}" for line in lines)


def _replacement_table(profile: Path, substitutes: Mapping[str, str]) -> None:
    """Give the LibreOffice profile a font replacement table (Tools > Options > Fonts) that
    always draws each missing font with the stand-in recapdeck measured it with.

    fontconfig's aliases are not enough: for families its own tables know (Microsoft YaHei,
    Noto Sans...), LibreOffice picks a substitute before it asks fontconfig.
    """
    pairs = "".join(
        f'<node oor:name="recapdeck{n}" oor:op="replace">'
        '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
        '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
        f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(name)}</value></prop>'
        f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(instead)}</value></prop>'
        "</node>"
        for n, (name, instead) in enumerate(sorted(substitutes.items()))
    )
    items = (
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>\n'
        f'<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">{pairs}'
        "</item>\n"
    )
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    registry = user / "registrymodifications.xcu"
    try:  # a profile copied from a kept one has its registry already: add to it
        kept = registry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        kept = ""
    if "</oor:items>" in kept:
        text = kept.replace("</oor:items>", items + "</oor:items>", 1)
    else:
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            f"{items}</oor:items>\n"
        )
    registry.write_text(text, encoding="utf-8")


def office_environment(
    scratch: Path, font_dirs: Sequence[Path], substitutes: Mapping[str, str]
) -> dict[str, str]:
    """The environment of a LibreOffice recapdeck starts: UTC, C.UTF-8, its own temporary
    folder in ``scratch`` and a fontconfig file adding ``font_dirs``, the metric twins and the
    ``substitutes`` for fonts that are not installed.

    The persistent office of :mod:`recapdeck.export.office` runs in the same one as the
    one-shot conversions here, so both draw the same fonts.
    """
    return _soffice_env(scratch, font_dirs, substitutes)
