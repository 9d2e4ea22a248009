"""PDFs: the handout printed by WeasyPrint (data: URIs only), LibreOffice's PDF normalised,
the fonts a PDF embeds; the PDF libraries imported when first needed."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..errors import RecapdeckError

if TYPE_CHECKING:
    pass


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


def html_to_pdf(html: str) -> bytes:
    """Return the PDF that WeasyPrint renders from an HTML string.

    Only ``data:`` URIs are loaded (see :func:`data_uri_fetcher`): everything a handout shows
    is inline. WeasyPrint writes no creation or modification date unless the HTML has
    ``dcterms.created``/``dcterms.modified`` meta tags, and derives the file identifier from
    the content, so equal HTML gives equal bytes.
    """
    weasyprint = import_weasyprint()
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
    pypdf = import_pdf_module("pypdf")
    utc = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
    stamp = f"D:{utc.year:04d}{utc:%m%d%H%M%S}Z"  # strftime("%Y") gives "1" for the year 1
    try:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
        writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
        return with_content_id(writer)
    except pypdf.errors.PyPdfError as exc:
        raise RecapdeckError(
            f"the PDF LibreOffice wrote cannot be read back ({exc}); convert the deck again"
        ) from None


def with_content_id(writer: Any) -> bytes:
    """The PDF a pypdf ``PdfWriter`` writes, its file identifier the MD5 of the file written
    with a blank identifier (as the PDF standard suggests deriving it from the content)."""
    from pypdf.generic import ArrayObject, ByteStringObject

    blank = ByteStringObject(bytes(16))
    writer._ID = ArrayObject([blank, blank])
    out = io.BytesIO()
    writer.write(out)
    pdf = out.getvalue()
    trailer = pdf.rindex(b"/ID")  # in the trailer, or the cross-reference stream's dictionary
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().upper().encode("ascii")
    fixed = pdf[trailer:].replace(b"<" + b"00" * 16 + b">", b"<" + digest + b">", 2)
    return pdf[:trailer] + fixed


@contextlib.contextmanager
def _libraries_by_file_name() -> Iterator[None]:
    """While WeasyPrint loads Pango and its other libraries on Linux, go straight to the names
    with a file name (``libpango-1.0.so.0``).

    It tries bare names first (``libpango-1.0-0``, ``pango-1.0``), which cffi hands to
    ``ctypes.util.find_library``: on Linux that runs ``ldconfig -p`` and then the C compiler,
    once for each, about twenty processes and a quarter of a second in all. The compiler
    leaves a ``tmpXXXXXXXX`` file in TMPDIR when the build is killed meanwhile.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


def import_pdf_module(name: str) -> ModuleType:
    """Return a module of the ``pdf`` extra, or raise saying how to install it."""
    from importlib import import_module

    try:
        return import_module(name)
    except ImportError as exc:
        raise RecapdeckError(
            f"PDF export needs {name}, which is not installed; run: pip install 'recapdeck[pdf]'"
        ) from exc


def preload_pdf_modules() -> threading.Thread:
    """Import WeasyPrint, pypdf and pypdfium2 on a background thread (about a second
    together) while LibreOffice converts the deck; a problem with any is reported later,
    where it is used."""

    def load() -> None:
        with contextlib.suppress(Exception):
            import_weasyprint()
            import_pdf_module("pypdf")
            import_pdf_module("pypdfium2")  # the thumbnails: 0.1-0.25 s after LibreOffice

    thread = threading.Thread(target=load, name="recapdeck-pdf-imports", daemon=True)
    thread.start()
    return thread


def import_weasyprint() -> ModuleType:
    """Return the weasyprint module, or raise saying what to install."""
    try:
        try:
            with _libraries_by_file_name():
                import weasyprint
        except OSError:  # a library with no file name on its list: let the lookup find it
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]
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
