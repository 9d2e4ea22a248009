"""Export stage: .pptx to PDF through LibreOffice, PDF pages to images, HTML to PDF.

Plain functions over paths, bytes and Pillow images; nothing here knows about outlines or plans.
Heavy imports (Pillow, pypdfium2, WeasyPrint) happen inside the functions that need them.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from recapdeck.errors import Location, Problem, RecapdeckError

if TYPE_CHECKING:
    from PIL import Image, ImageFont

SOFFICE_ENV = "RECAPDECK_SOFFICE"
_INSTALL_HINT = (
    "install LibreOffice Impress (Debian/Ubuntu: apt-get install libreoffice-impress) "
    f"or set {SOFFICE_ENV} to the soffice executable"
)
_OUTPUT_TAIL_LINES = 15
_SYSTEM_FONTS_CONF = Path("/etc/fonts/fonts.conf")

# Contact sheet geometry, as fractions of the tile width so that sheets scale as a whole.
_GAP_FRACTION = 1 / 30
_LABEL_FRACTION = 1 / 20
_BORDER_COLOR = "#B4BCC8"
_THUMBNAILS_IN_FLIGHT = 8
"""Pages rendered but not yet PNG-encoded that :func:`thumbnail_data_uris` lets wait."""


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
) -> list[Path]:
    """Return the PDFs (in ``out_dir``, same stems) that one LibreOffice run made of ``pptx_files``.

    Each call uses its own throw-away LibreOffice profile, so parallel calls never collide. The
    PDFs are written to a hidden directory inside ``out_dir`` first and moved into place only
    when LibreOffice produced all of them, so a stale PDF never passes for a new one.
    ``font_dirs`` are added to the system fonts through a temporary fontconfig file.
    """
    sources = [Path(p).resolve() for p in pptx_files]
    if not sources:
        return []
    _check_sources(sources)
    soffice = find_soffice()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    remove_stale_scratch(Path(tempfile.gettempdir()), "recapdeck-")
    remove_stale_scratch(out_dir, _STAGING_PREFIX)
    with owned_temporary_directory(_SCRATCH_PREFIX) as scratch:
        profile = scratch / "profile"
        log_path = scratch / "soffice.log"
        env = _soffice_env(scratch, font_dirs)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=out_dir))
        _mark_owner(staging)
        try:
            command = [
                str(soffice),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                "--nologo",
                "--convert-to",
                "pdf:impress_pdf_Export",
                "--outdir",
                str(staging),
                *(str(p) for p in sources),
            ]
            _run_soffice(command, env=env, log_path=log_path, timeout=timeout, soffice=soffice)
            missing = [p for p in sources if not (staging / f"{p.stem}.pdf").is_file()]
            if missing:
                tail = _tail(log_path)
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
            results = []
            for source in sources:
                target = out_dir / f"{source.stem}.pdf"
                os.replace(staging / f"{source.stem}.pdf", target)
                results.append(target)
            return results
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def time_conversion(
    pptx_files: Sequence[Path],
    out_dir: Path,
    *,
    timeout: float = 240,
    font_dirs: Sequence[Path] = (),
) -> tuple[list[Path], float]:
    """Return the PDFs of :func:`convert_to_pdf` and the wall time it took, in seconds."""
    start = time.perf_counter()
    pdfs = convert_to_pdf(pptx_files, out_dir, timeout=timeout, font_dirs=font_dirs)
    return pdfs, time.perf_counter() - start


def embedded_fonts(pdf: Path) -> list[str] | None:
    """Names of the fonts embedded in ``pdf`` (subset prefixes removed), via poppler's pdffonts.

    Returns None when pdffonts is not installed, so callers can skip the check.
    """
    exe = shutil.which("pdffonts")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, str(Path(pdf).absolute())],  # absolute: a name like -x.pdf is not an option
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names = []
    for line in out.splitlines()[2:]:
        name = line.split(" ", 1)[0]
        names.append(name.split("+", 1)[-1])
    return sorted(set(names))


def iter_pdf_page_images(pdf: Path, *, width: int) -> Iterator[Image.Image]:
    """Yield every page of ``pdf`` as an RGB image ``width`` pixels wide, one page at a time."""
    import pypdfium2 as pdfium
    from PIL import Image

    if width < 1:
        raise ValueError(f"width must be at least 1 pixel, not {width}")
    try:
        document = pdfium.PdfDocument(Path(pdf))
    except (pdfium.PdfiumError, OSError) as exc:
        raise RecapdeckError(Problem(Location(Path(pdf)), f"cannot read the PDF: {exc}")) from exc
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                page_width = page.get_width()
                # rev_byteorder: pdfium writes RGB, so Pillow takes the pixels as they are.
                bitmap = page.render(scale=width / page_width, draw_annots=True, rev_byteorder=True)
                image = bitmap.to_pil()
            finally:
                page.close()
            if image.mode != "RGB":
                image = image.convert("RGB")
            # pdfium rounds the bitmap size; make the width exact so tiles line up.
            if image.width != width:
                height = max(1, round(image.height * width / image.width))
                image = image.resize((width, height), Image.Resampling.LANCZOS)
            yield image
    finally:
        document.close()


def pdf_page_images(pdf: Path, *, width: int) -> list[Image.Image]:
    """Return every page of ``pdf`` as an RGB image ``width`` pixels wide."""
    return list(iter_pdf_page_images(pdf, width=width))


def contact_sheet(
    pages: Sequence[Image.Image],
    *,
    columns: int = 4,
    tile_width: int = 480,
    background: str = "#E6E9EE",
    label_color: str = "#1B2430",
) -> Image.Image:
    """Return a grid of page thumbnails, each framed and numbered from 1 underneath.

    Tiles are ``tile_width`` wide plus a 1-pixel border; rows are as tall as the tallest page.
    The result depends only on the pages and options (and the label font), never on time.
    """
    from PIL import Image, ImageDraw

    if not pages:
        raise ValueError("a contact sheet needs at least one page")
    if columns < 1 or tile_width < 1:
        raise ValueError(f"columns and tile_width must be positive, not {columns}, {tile_width}")
    columns = min(columns, len(pages))
    rows = -(-len(pages) // columns)
    gap = max(4, round(tile_width * _GAP_FRACTION))
    font_size = max(10, round(tile_width * _LABEL_FRACTION))
    label_height = round(font_size * 1.6)
    thumbs = [_fit_width(page.convert("RGB"), tile_width) for page in pages]
    thumb_height = max(t.height for t in thumbs)
    cell_width = tile_width + 2
    cell_height = thumb_height + 2 + label_height
    sheet = Image.new(
        "RGB",
        (gap + columns * (cell_width + gap), gap + rows * (cell_height + gap)),
        background,
    )
    draw = ImageDraw.Draw(sheet)
    font = _label_font(font_size)
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        left = gap + column * (cell_width + gap)
        top = gap + row * (cell_height + gap)
        # Centre shorter pages vertically so numbers stay on one line per row.
        frame_top = top + (thumb_height - thumb.height) // 2
        draw.rectangle(
            (left, frame_top, left + cell_width - 1, frame_top + thumb.height + 1),
            outline=_BORDER_COLOR,
            width=1,
        )
        sheet.paste(thumb, (left + 1, frame_top + 1))
        draw.text(
            (left + cell_width // 2, top + thumb_height + 2 + label_height // 2),
            str(index + 1),
            fill=label_color,
            font=font,
            anchor="mm",
        )
    return sheet


def png_bytes(image: Image.Image) -> bytes:
    """Return ``image`` encoded as PNG without metadata, so equal pixels give equal bytes."""
    from PIL import Image

    if image.mode not in {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    # A fresh image carries no info (ICC profile, EXIF, dpi, text) for the encoder to copy.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image.mode == "P":
        clean.putpalette(image.getpalette() or [])
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def thumbnail_data_uris(pdf: Path, *, width: int = 480) -> list[str]:
    """Return a ``data:image/png;base64,...`` URI for each page of ``pdf``, ``width`` px wide."""
    from concurrent.futures import Future, ThreadPoolExecutor

    # pdfium is not thread-safe, so this thread renders the pages one by one while a second one
    # encodes the pages already rendered (Pillow's PNG encoder releases the GIL). A bounded
    # queue keeps memory flat however many pages the deck has.
    uris: list[str] = []
    pending: list[Future[str]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="recapdeck-png") as pool:
        for image in iter_pdf_page_images(pdf, width=width):
            pending.append(pool.submit(_png_data_uri, image))
            if len(pending) > _THUMBNAILS_IN_FLIGHT:
                uris.append(pending.pop(0).result())
        uris += [future.result() for future in pending]
    return uris


def html_to_pdf(html: str) -> bytes:
    """Return the PDF that WeasyPrint renders from an HTML string.

    Only ``data:`` URIs are loaded (see :func:`data_uri_fetcher`): everything a handout shows
    is inline. WeasyPrint writes no creation or modification date unless the HTML has
    ``dcterms.created``/``dcterms.modified`` meta tags, and derives the file identifier from
    the content, so equal HTML gives equal bytes.
    """
    weasyprint = _import_weasyprint()
    fetcher = data_uri_fetcher(weasyprint)
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def data_uri_fetcher(weasyprint: ModuleType) -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and nothing else.

    Everything recapdeck puts into a handout (pictures, thumbnails, the stylesheet) is inline;
    a theme's template asking for ``file:///etc/passwd`` (as an attachment, an image, a
    stylesheet) or for anything on the network gets nothing: WeasyPrint logs the refusal and
    leaves the resource out.
    """

    def allowed(url: str) -> bool:
        return url.lower().startswith("data:")

    def refuse(url: str) -> ValueError:
        return ValueError(f"recapdeck does not let a handout load {url[:80]}")

    urls = weasyprint.urls
    if hasattr(urls, "URLFetcher"):  # WeasyPrint 66 and later

        class _Fetcher(urls.URLFetcher):  # type: ignore[name-defined]
            def fetch(self, url: str, headers: Any = None) -> Any:
                if not allowed(url):
                    raise refuse(url)
                return super().fetch(url, headers)

        return _Fetcher(allow_redirects=False)

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if not allowed(url):
            raise refuse(url)
        return weasyprint.default_url_fetcher(url, *args, **kwargs)

    return fetch


def normalise_pdf(data: bytes, when: dt.datetime) -> bytes:
    """Return the PDF ``data`` with its dates set to ``when`` (naive means UTC) and a
    content-derived file identifier.

    LibreOffice stamps each PDF with the time of conversion and a random identifier; with both
    fixed, the same deck converts to the same bytes. pypdf rewrites the file (objects, fonts,
    links and text stay as they are); the identifier is the MD5 of the rewritten file with a
    blank identifier, as the PDF standard suggests deriving it from the content.
    """
    pypdf = _import_pdf_module("pypdf")
    from pypdf.generic import ArrayObject, ByteStringObject

    utc = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
    stamp = f"D:{utc.year:04d}{utc:%m%d%H%M%S}Z"  # strftime("%Y") gives "1" for the year 1
    try:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
        writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
        blank = ByteStringObject(bytes(16))
        writer._ID = ArrayObject([blank, blank])
        out = io.BytesIO()
        writer.write(out)
    except pypdf.errors.PyPdfError as exc:
        raise RecapdeckError(
            f"the PDF LibreOffice wrote cannot be read back ({exc}); convert the deck again"
        ) from None
    pdf = out.getvalue()
    trailer = pdf.rindex(b"trailer")
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().upper().encode("ascii")
    fixed = pdf[trailer:].replace(b"<" + b"00" * 16 + b">", b"<" + digest + b">")
    return pdf[:trailer] + fixed


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


def _soffice_env(scratch: Path, font_dirs: Sequence[Path]) -> dict[str, str]:
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
    from ..plan.fonts import METRIC_TWINS

    base_conf = Path(os.environ.get("FONTCONFIG_FILE") or _SYSTEM_FONTS_CONF)
    aliases = [
        f'  <alias binding="same"><family>{escape(name.title())}</family>'
        f"<prefer><family>{escape(twin)}</family></prefer></alias>"
        for name, twin in METRIC_TWINS.items()
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
    conf = scratch / "fonts.conf"
    conf.write_text("\n".join(lines), encoding="utf-8")
    env["FONTCONFIG_FILE"] = str(conf)
    return env


_SCRATCH_PREFIX = "recapdeck-soffice-"
_STAGING_PREFIX = ".recapdeck-pdf-"
_OWNER = ".owner"
"""A file in each temporary folder naming the process that made it."""
_STALE_SECONDS = 24 * 3600
"""A temporary folder without a readable owner this old is left over too."""


def _mark_owner(folder: Path) -> None:
    (folder / _OWNER).write_text(str(os.getpid()), encoding="ascii")


def remove_stale_scratch(parent: Path, prefix: str) -> int:
    """Remove the folders named ``prefix*`` in ``parent`` that a killed run left behind (the
    process their owner file names is gone); return how many. Only the user's own folders are
    touched, and only those with an owner file (see :func:`owned_temporary_directory`), or
    LibreOffice scratch folders a day old.
    """
    removed = 0
    try:
        children = list(os.scandir(parent))
    except OSError:
        return 0
    for child in children:
        if not child.name.startswith(prefix):
            continue
        try:
            st = child.stat(follow_symlinks=False)
            if not child.is_dir(follow_symlinks=False) or st.st_uid != os.getuid():
                continue
            owner = int((Path(child.path) / _OWNER).read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            owner = 0
        if owner and _alive(owner):
            continue
        if not owner and not (
            child.name.startswith((_SCRATCH_PREFIX, _STAGING_PREFIX))
            and time.time() - st.st_mtime > _STALE_SECONDS
        ):
            continue  # not ours to judge, or a run that has just started
        shutil.rmtree(child.path, ignore_errors=True)
        removed += 1
    return removed


@contextlib.contextmanager
def owned_temporary_directory(prefix: str = "recapdeck-") -> Iterator[Path]:
    """A temporary folder holding the id of the process that made it, so that the next run
    removes it when this one is killed before it can (see :func:`remove_stale_scratch`)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        folder = Path(name)
        _mark_owner(folder)
        yield folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def _run_soffice(
    command: list[str], *, env: dict[str, str], log_path: Path, timeout: float, soffice: Path
) -> None:
    """Run LibreOffice in its own process group; kill the whole group if it outlives timeout."""
    # Output goes to a file, not a pipe: a lingering child holding a pipe open cannot block us.
    with log_path.open("wb") as log:
        try:
            process = subprocess.Popen(
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
    """Kill every process in the group that ``process`` leads (it has not been reaped yet)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


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


def _png_data_uri(image: Image.Image) -> str:
    """Return ``image`` as a ``data:image/png;base64,...`` URI (see :func:`png_bytes`)."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")


def _fit_width(image: Image.Image, width: int) -> Image.Image:
    """Return ``image`` scaled to ``width`` pixels wide, keeping its aspect ratio."""
    from PIL import Image

    if image.width == width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _label_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return bold DejaVu Sans found through fontconfig, else Pillow's built-in font."""
    from PIL import ImageFont

    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            found = subprocess.run(
                [fc_match, "-f", "%{file}", "DejaVu Sans:bold"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).is_file():
            try:
                return ImageFont.truetype(found, size)
            except OSError:
                pass
    return ImageFont.load_default(size)


def _import_pdf_module(name: str) -> ModuleType:
    """Return a module of the ``pdf`` extra, or raise saying how to install it."""
    from importlib import import_module

    try:
        return import_module(name)
    except ImportError as exc:
        raise RecapdeckError(
            f"PDF export needs {name}, which is not installed; run: pip install 'recapdeck[pdf]'"
        ) from exc


def preload_pdf_modules() -> threading.Thread:
    """Import WeasyPrint and pypdf on a background thread (about a second together) while
    LibreOffice converts the deck; a problem with either is reported later, where it is used."""

    def load() -> None:
        with contextlib.suppress(Exception):
            _import_weasyprint()
            _import_pdf_module("pypdf")

    thread = threading.Thread(target=load, name="recapdeck-pdf-imports", daemon=True)
    thread.start()
    return thread


def _import_weasyprint() -> ModuleType:
    """Return the weasyprint module, or raise saying what to install."""
    try:
        import weasyprint
    except ImportError as exc:
        raise RecapdeckError(
            "HTML to PDF needs WeasyPrint, which is not installed; "
            "run: pip install 'recapdeck[pdf]'"
        ) from exc
    except OSError as exc:
        raise RecapdeckError(
            f"WeasyPrint cannot load the Pango library ({exc}); install it "
            "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
        ) from exc
    module: ModuleType = weasyprint
    return module
